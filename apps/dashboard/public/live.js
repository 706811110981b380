// Architect dashboard: live updates (server-sent events), JSON actions with the CSRF token, charts.
// Loaded as an external file: the CSP allows no inline script.
(function () {
  'use strict';
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  var liveStatus = document.getElementById('live-status');
  var flash = document.getElementById('flash');

  function show(message, ok) {
    if (!flash) return;
    flash.textContent = message;
    flash.className = ok ? 'flash-ok' : 'flash-error';
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Accept: 'application/json' },
      body: JSON.stringify(body || {}),
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw new Error(data.message || 'HTTP ' + res.status);
        return data;
      });
    });
  }

  // Buttons with data-api POST their data-body; forms with data-api POST their fields as JSON.
  document.addEventListener('click', function (ev) {
    var button = ev.target.closest && ev.target.closest('button[data-api]');
    if (!button) return;
    ev.preventDefault();
    var question = button.getAttribute('data-confirm');
    if (question && !window.confirm(question)) return;
    button.disabled = true;
    post(button.getAttribute('data-api'), JSON.parse(button.getAttribute('data-body') || '{}'))
      .then(function (data) {
        // A revealed secret is shown as text only, never kept in the page's live region.
        if (button.hasAttribute('data-reveal')) { show(data.name + ' = ' + data.value, true); button.disabled = false; return; }
        show('done: ' + JSON.stringify(data), true); refresh();
      })
      .catch(function (err) { show(err.message, false); button.disabled = false; });
  });

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!form.matches('form[data-api]')) return;
    ev.preventDefault();
    var body = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.value === '') return;
      var type = el.getAttribute('data-type');
      if (type === 'number') body[el.name] = Number(el.value);
      else if (type === 'list') body[el.name] = el.value.split(',').map(function (s) { return s.trim(); }).filter(Boolean);
      else body[el.name] = el.value;
    });
    post(form.getAttribute('data-api'), body)
      .then(function (data) { show('queued: ' + JSON.stringify(data), true); form.reset(); refresh(); })
      .catch(function (err) { show(err.message, false); });
  });

  // The live region is fetched again (as a fragment) after a change event, at most every 300 ms.
  var live = document.getElementById('live');
  var pending = false;
  var running = false;
  function refresh() {
    if (!live) return;
    if (running) { pending = true; return; }
    running = true;
    fetch(location.pathname + location.search, { credentials: 'same-origin', headers: { 'X-Fragment': 'live' } })
      .then(function (res) {
        if (res.status === 401 || res.redirected) { location.href = '/login'; return null; }
        return res.ok ? res.text() : null;
      })
      .then(function (text) {
        if (text !== null && text !== undefined) { live.innerHTML = text; drawCharts(); }
      })
      .catch(function () {})
      .then(function () {
        setTimeout(function () {
          running = false;
          if (pending) { pending = false; refresh(); }
        }, 300);
      });
  }

  if (window.EventSource && live) {
    // EventSource resends Last-Event-ID on reconnect; the server replays what was missed.
    var source = new EventSource('/events');
    source.addEventListener('open', function () { if (liveStatus) liveStatus.textContent = 'live'; });
    source.addEventListener('error', function () { if (liveStatus) liveStatus.textContent = 'reconnecting…'; });
    source.addEventListener('change', refresh);
    source.addEventListener('resync', refresh);
  }

  // A session's screen, streamed read-only.
  var screen = document.querySelector('[data-screen]');
  if (screen && window.EventSource) {
    var stream = new EventSource('/events/screen/' + encodeURIComponent(screen.getAttribute('data-screen')));
    stream.addEventListener('screen', function (ev) { screen.textContent = JSON.parse(ev.data); });
    stream.addEventListener('gone', function (ev) { screen.textContent = '(session gone: ' + JSON.parse(ev.data) + ')'; });
  }

  function drawCharts() {
    if (!window.uPlot) return;
    document.querySelectorAll('.chart[data-series]').forEach(function (el) {
      var series = JSON.parse(el.getAttribute('data-series') || '[]');
      el.textContent = '';
      if (!series.length) { el.textContent = 'no finished prompts in the last 24 hours'; return; }
      var xs = series.map(function (p) { return p.t / 1000; });
      var width = Math.max(280, el.clientWidth || 600);
      if (el.getAttribute('data-kind') === 'success') {
        var rate = series.map(function (p) { var n = p.completed + p.failed; return n ? Math.round((100 * p.completed) / n) : null; });
        new window.uPlot({ title: 'Success rate per hour (%)', width: width, height: 200, scales: { y: { range: [0, 100] } },
          series: [{}, { label: 'success %', stroke: '#7ee787' }] }, [xs, rate], el);
      } else {
        new window.uPlot({ title: 'Prompts finished per hour', width: width, height: 200,
          series: [{}, { label: 'completed', stroke: '#6cb6ff' }, { label: 'failed', stroke: '#ff7b72' }] },
          [xs, series.map(function (p) { return p.completed; }), series.map(function (p) { return p.failed; })], el);
      }
    });
  }
  window.addEventListener('load', drawCharts);
})();
