(function () {
  'use strict';
  var el = document.getElementById('weekly-data');
  if (!el || typeof Chart === 'undefined') return;
  var d = JSON.parse(el.textContent);
  var palette = ['#c62828', '#f9a825', '#2d7dd2', '#6a1b9a', '#2e7d32', '#ef6c00', '#00838f', '#5d4037'];
  new Chart(document.getElementById('weekly'), {
    type: 'bar',
    data: { labels: d.weeks, datasets: d.series.map(function (s, i) { return { label: s.key, data: s.data, backgroundColor: palette[i % palette.length] }; }) },
    options: { animation: false, responsive: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
  });
})();
