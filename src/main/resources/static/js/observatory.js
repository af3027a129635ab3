// Observatory pages: tabs, drawers, live refresh, actions. The server decides what is enabled; this
// script only asks it and shows its answers (a refused action shows the problem's detail and trace id).
(function () {
  'use strict';

  function csrfHeaders() {
    var name = document.querySelector('meta[name="csrf-header"]');
    var token = document.querySelector('meta[name="csrf-token"]');
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json' };
    if (name && token) {
      headers[name.content] = token.content;
    }
    return headers;
  }

  // Times: shown in the viewer's zone, UTC on hover (the server writes ISO-8601 UTC).
  function localizeTimes(root) {
    (root || document).querySelectorAll('time[datetime]').forEach(function (el) {
      if (el.dataset.localized) {
        return;
      }
      var at = new Date(el.getAttribute('datetime'));
      if (!isNaN(at)) {
        el.textContent = at.toLocaleString();
        el.title = el.getAttribute('datetime') + ' (UTC)';
        el.dataset.localized = 'true';
      }
    });
  }

  function load(panel, src) {
    panel.dataset.src = src;
    panel.dataset.loaded = 'true';
    return htmx.ajax('GET', src, { target: panel, swap: 'innerHTML' });
  }

  function selectTab(tab) {
    var host = tab.closest('.tab-host');
    var panel = host.querySelector('[role="tabpanel"]');
    host.querySelectorAll('[role="tab"]').forEach(function (other) {
      var selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
    });
    panel.setAttribute('aria-labelledby', tab.id);
    load(panel, tab.dataset.src);
  }

  function refreshPanels() {
    document.querySelectorAll('[role="tabpanel"][data-loaded="true"]').forEach(function (panel) {
      if (!panel.closest('[hidden]')) {
        load(panel, panel.dataset.src);
      }
    });
    var actions = document.getElementById('bot-actions');
    if (actions) {
      htmx.ajax('GET', location.pathname, { target: '#bot-actions', select: '#bot-actions', swap: 'outerHTML' });
    }
  }

  function show(message, isError) {
    var region = document.getElementById('action-result');
    region.textContent = message;
    region.className = isError ? 'notice error' : 'notice';
  }

  function problemText(response, body) {
    if (body && body.error_code) {
      return (body.detail || body.title || 'Refused') + ' (' + body.error_code + ', HTTP ' + response.status
          + ', trace_id ' + body.trace_id + ')';
    }
    return 'HTTP ' + response.status;
  }

  function post(url, body) {
    return fetch(url, { method: 'POST', headers: csrfHeaders(), credentials: 'same-origin',
      body: JSON.stringify(body || {}) }).then(function (response) {
      return response.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        return { response: response, body: parsed };
      });
    });
  }

  function runAction(button) {
    var action = button.dataset.action;
    var body = {};
    if (action === 'KILL' || action === 'UNKILL') {
      var reason = window.prompt(action === 'KILL' ? 'Kill this bot? Reason (optional):' : 'Reason for the unkill:');
      if (reason === null) {
        return;
      }
      if (reason) {
        body.reason = reason;
      }
    }
    post(button.dataset.url, body).then(function (result) {
      if (result.response.ok) {
        show(button.textContent + ': done' + (result.body && result.body.trace_id ? ' (trace_id ' + result.body.trace_id + ')' : ''), false);
        refreshPanels();
      } else {
        show(button.textContent + ' refused: ' + problemText(result.response, result.body), true);
      }
    }, function (error) {
      show(button.textContent + ' failed: ' + error, true);
    });
  }

  function verify(button) {
    button.disabled = true;
    post('/api/integrations/verify', { provider: button.dataset.provider }).then(function (result) {
      var row = button.closest('tr');
      if (!result.response.ok) {
        show('Verify ' + button.dataset.provider + ' refused: ' + problemText(result.response, result.body), true);
        button.disabled = false;
        return;
      }
      show('Verified ' + button.dataset.provider + ' (trace_id ' + result.body.trace_id + ')', false);
      htmx.ajax('GET', button.dataset.rowSrc, { target: row, swap: 'outerHTML' });
    });
  }

  function copyDebugBundle() {
    var result = document.getElementById('bundle-result');
    fetch('/api/system/debug-bundle', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) {
        return response.text().then(function (text) { return { response: response, text: text }; });
      })
      .then(function (got) {
        if (!got.response.ok) {
          var body = null;
          try { body = JSON.parse(got.text); } catch (e) { body = null; }
          result.textContent = 'Debug bundle refused: ' + problemText(got.response, body);
          return;
        }
        var traceId = JSON.parse(got.text).trace_id;
        var link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob([got.text], { type: 'application/json' }));
        link.download = 'observatory-debug-bundle-' + traceId + '.json';
        link.textContent = 'Download';
        link.id = 'bundle-download';
        var copied = navigator.clipboard ? navigator.clipboard.writeText(got.text) : Promise.reject('no clipboard');
        copied.then(function () {
          result.textContent = 'Debug bundle copied (trace_id ' + traceId + '). ';
        }, function () {
          result.textContent = 'Copy not allowed here; download it instead (trace_id ' + traceId + '). ';
        }).then(function () {
          var old = document.getElementById('bundle-download');
          if (old) { old.remove(); }
          result.appendChild(link);
        });
      });
  }

  function openDrawer(drawer, opener) {
    drawer.hidden = false;
    if (opener) { opener.setAttribute('aria-expanded', 'true'); }
    var panel = drawer.querySelector('[role="tabpanel"]');
    if (panel && panel.dataset.loaded !== 'true') {
      load(panel, panel.dataset.src);
    }
    var focusable = drawer.querySelector('button');
    if (focusable) { focusable.focus(); }
  }

  function closeDrawer(drawer) {
    drawer.hidden = true;
    document.querySelectorAll('[aria-controls="' + drawer.id + '"]').forEach(function (opener) {
      opener.setAttribute('aria-expanded', 'false');
      opener.focus();
    });
  }

  document.addEventListener('click', function (event) {
    var target = event.target.closest('button');
    if (!target) {
      return;
    }
    if (target.getAttribute('role') === 'tab') {
      selectTab(target);
    } else if (target.classList.contains('action')) {
      runAction(target);
    } else if (target.classList.contains('verify')) {
      verify(target);
    } else if (target.id === 'copy-debug-bundle') {
      copyDebugBundle();
    } else if (target.id === 'drawer-open') {
      openDrawer(document.getElementById('drawer'), target);
    } else if (target.id === 'drawer-close' || target.classList.contains('close-drawer')) {
      closeDrawer(target.closest('.drawer'));
    } else if (target.id === 'drawer-popout') {
      var current = document.querySelector('#drawer [role="tab"][aria-selected="true"]');
      window.open('/observatory?tab=' + (current ? current.dataset.tab : 'autonomy'), 'observatory');
      closeDrawer(document.getElementById('drawer'));
    } else if (target.classList.contains('open-drawer')) {
      var drawer = document.getElementById(target.getAttribute('aria-controls'));
      openDrawer(drawer, target);
      htmx.ajax('GET', target.dataset.src, { target: drawer.querySelector('.drawer-body'), swap: 'innerHTML' });
    }
  });

  // Tabs by keyboard: arrows move between tabs (WAI-ARIA tabs pattern); Escape closes a drawer.
  document.addEventListener('keydown', function (event) {
    var tab = event.target.closest && event.target.closest('[role="tab"]');
    if (tab && (event.key === 'ArrowRight' || event.key === 'ArrowLeft')) {
      var tabs = Array.prototype.slice.call(tab.parentElement.querySelectorAll('[role="tab"]'));
      var next = tabs[(tabs.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      selectTab(next);
      event.preventDefault();
    } else if (event.key === 'Escape') {
      var open = document.querySelector('.drawer:not([hidden])');
      if (open) { closeDrawer(open); }
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    localizeTimes(document);
    document.querySelectorAll('[role="tabpanel"][data-eager="true"]').forEach(function (panel) {
      load(panel, panel.dataset.src);
    });
    document.body.addEventListener('htmx:afterSettle', function (event) { localizeTimes(event.target); });
    // The banner's stream sends only changes: each one reloads what depends on the verdict.
    document.body.addEventListener('htmx:sseMessage', function () {
      localizeTimes(document.getElementById('banner'));
      refreshPanels();
    });
  });
}());
