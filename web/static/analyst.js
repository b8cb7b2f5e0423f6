// Analyst view: charts from /api/thresholds/curve and a live preview of a moved threshold (computed here from the same scores).
(function () {
  'use strict';
  var params = JSON.parse(document.getElementById('curve-params').textContent);
  var flag = document.getElementById('flag');
  var high = document.getElementById('high');
  var flagOut = document.getElementById('flag-out');
  var highOut = document.getElementById('high-out');
  var preview = document.getElementById('preview');
  var data = null;
  var prChart = null;

  function previewAt(t) {
    var openFlagged = 0, tp = 0, fp = 0, fn = 0;
    data.open.forEach(function (s) { if (s >= t) openFlagged++; });
    data.reviewed.forEach(function (r) {
      var hit = r[0] >= t;
      if (r[1] && hit) tp++; else if (r[1]) fn++; else if (hit) fp++;
    });
    return { openFlagged: openFlagged, openTotal: data.open.length, pastFlagged: tp + fp, pastTotal: data.reviewed.length,
      precision: tp + fp ? tp / (tp + fp) : null, recall: tp + fn ? tp / (tp + fn) : null };
  }
  function pct(x) { return x === null ? 'n/a' : (x * 100).toFixed(1) + '%'; }
  function update() {
    var t = Number(flag.value);
    if (Number(high.value) < t) high.value = String(t);
    flagOut.textContent = t.toFixed(2);
    highOut.textContent = Number(high.value).toFixed(2);
    if (!data) return;
    var p = previewAt(t);
    preview.textContent = 'At ' + t.toFixed(2) + ': flags ' + p.openFlagged + ' of ' + p.openTotal + ' open cases and ' + p.pastFlagged + ' of ' +
      p.pastTotal + ' reviewed cases; precision ' + pct(p.precision) + ', recall ' + pct(p.recall) +
      ' (current ' + data.current.flag.toFixed(2) + ', v' + data.current.version + ')';
    preview.setAttribute('data-open-flagged', String(p.openFlagged));
    if (prChart) {
      prChart.data.datasets[1].data = p.precision === null ? [] : [{ x: p.recall, y: p.precision }];
      prChart.update('none');
    }
  }
  flag.addEventListener('input', update);
  high.addEventListener('input', update);

  fetch('/api/thresholds/curve?label=' + encodeURIComponent(params.label) + '&profile=' + encodeURIComponent(params.profile), { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
    .then(function (d) {
      data = d;
      flag.value = String(d.current.flag);
      high.value = String(d.current.high);
      var labels = d.histogram.edges.map(function (e) { return e.toFixed(2); });
      new Chart(document.getElementById('hist'), {
        type: 'bar',
        data: { labels: labels, datasets: [
          { label: 'confirmed', data: d.histogram.confirmed, backgroundColor: 'rgba(198,40,40,.7)' },
          { label: 'dismissed', data: d.histogram.dismissed, backgroundColor: 'rgba(96,125,139,.6)' }] },
        options: { animation: false, responsive: false, scales: { x: { title: { display: true, text: 'score' } }, y: { beginAtZero: true, title: { display: true, text: 'cases' } } } }
      });
      prChart = new Chart(document.getElementById('pr'), {
        type: 'scatter',
        data: { datasets: [
          { label: 'precision–recall', data: d.pr.map(function (p) { return { x: p.recall, y: p.precision }; }), showLine: true, borderColor: '#0b5cad', backgroundColor: '#0b5cad' },
          { label: 'selected threshold', data: [], pointRadius: 7, backgroundColor: '#e4572e' }] },
        options: { animation: false, responsive: false, scales: { x: { min: 0, max: 1, title: { display: true, text: 'recall' } }, y: { min: 0, max: 1, title: { display: true, text: 'precision' } } } }
      });
      document.body.setAttribute('data-charts', 'ready');
      update();
    })
    .catch(function (e) { preview.textContent = 'Could not load scores: ' + e.message; });
})();
