// Shelfwatch workbench: keyboard shortcuts and small helpers. No inline scripts (CSP), no innerHTML with data.
(function () {
  'use strict';
  var page = document.body.getAttribute('data-page');
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  function typing(e) {
    var t = e.target;
    return t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
  }
  function submit(form) { if (form) { if (form.requestSubmit) form.requestSubmit(); else form.submit(); } }

  function showHelp() {
    var d = document.getElementById('help');
    if (!d) {
      d = document.createElement('dialog');
      d.id = 'help';
      var lines = ['j / k: move in the queue', 'o or Enter: open the selected case', 'x: select for bulk action', 'n: next unclaimed case',
        'a: claim the case', 'c / d / e: confirm / dismiss / escalate', 'Ctrl+Enter: save the decision', 't: generate takedown notice', 'g q: go to queue', 'Esc: close'];
      var h = document.createElement('h2'); h.textContent = 'Keyboard shortcuts'; d.appendChild(h);
      var ul = document.createElement('ul');
      lines.forEach(function (l) { var li = document.createElement('li'); li.textContent = l; ul.appendChild(li); });
      d.appendChild(ul);
      var b = document.createElement('button'); b.textContent = 'Close'; b.addEventListener('click', function () { d.close(); }); d.appendChild(b);
      document.body.appendChild(d);
    }
    d.showModal();
  }

  // Reason codes follow the chosen decision.
  var reason = document.getElementById('reasonCode');
  function pickDecision(value) {
    var radio = document.querySelector('#decide input[name="decision"][value="' + value + '"]');
    if (!radio) return;
    radio.checked = true;
    filterReasons(value);
    if (reason) reason.focus();
  }
  function filterReasons(value) {
    if (!reason) return;
    var groups = reason.querySelectorAll('optgroup');
    var first = null;
    groups.forEach(function (g) {
      var on = g.getAttribute('data-decision') === value;
      g.hidden = !on; g.disabled = !on;
      if (on && !first) first = g.querySelector('option');
    });
    if (reason.selectedOptions.length && reason.selectedOptions[0].parentElement && reason.selectedOptions[0].parentElement.disabled) reason.value = '';
    if (!reason.value && first) reason.value = first.value;
  }
  document.querySelectorAll('#decide input[name="decision"]').forEach(function (r) {
    r.addEventListener('change', function () { filterReasons(r.value); });
  });

  // Queue row selection.
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.queue tbody tr[data-case-id]'));
  var sel = rows.length ? 0 : -1;
  function mark() { rows.forEach(function (r, i) { r.classList.toggle('sel', i === sel); }); if (rows[sel]) rows[sel].scrollIntoView({ block: 'nearest' }); }
  if (rows.length) mark();

  var pendingG = false;
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { var f = document.getElementById('decide'); if (f) { e.preventDefault(); submit(f); } return; }
    if (typing(e) || e.altKey || e.ctrlKey || e.metaKey) return;
    if (pendingG) { pendingG = false; if (e.key === 'q') { location.href = '/queue'; return; } }
    switch (e.key) {
      case '?': showHelp(); break;
      case 'g': pendingG = true; break;
      case 'n': location.href = '/queue/next'; break;
      case 'j': if (rows.length) { sel = Math.min(rows.length - 1, sel + 1); mark(); } break;
      case 'k': if (rows.length) { sel = Math.max(0, sel - 1); mark(); } break;
      case 'o': case 'Enter': if (rows[sel]) location.href = rows[sel].getAttribute('data-href'); break;
      case 'x': if (rows[sel]) { var cb = rows[sel].querySelector('input.pick'); if (cb) cb.checked = !cb.checked; } break;
      case 'a': var claim = document.getElementById('claim'); if (claim && !claim.disabled) submit(claim.form); break;
      case 'c': pickDecision('confirm'); e.preventDefault(); break;
      case 'd': pickDecision('dismiss'); e.preventDefault(); break;
      case 'e': pickDecision('escalate'); e.preventDefault(); break;
      case 't': var mk = document.getElementById('make-takedown'); if (mk) submit(mk.form); break;
      default: return;
    }
  });

  window.shelfwatch = { csrf: csrf, page: page };
})();
