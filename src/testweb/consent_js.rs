//! The JavaScript of the consent fixture web: one small banner runtime that
//! every fixture CMP script shares (a CMP's config object in, a banner, a
//! stored choice and a call to the page's `onConsentChoice` out), the IAB TCF
//! stub a TCF page puts in its head, and the tracker tags the pages load.

/// The banner runtime. Served after `var CMP = {...};` (see
/// `consent_cmps::Cmp::script`). Config fields: `store` {key, local, accept,
/// reject}; `mount` (`body`, `shadow` into an open shadow root of `#host`,
/// `frame` for a cross-origin iframe whose page runs this runtime with mount
/// `inframe`); `html`; CSS selectors `accept`, `reject`, `settings`, `save`,
/// `layer1`, `layer2`; `delay` (ms, as a CMP fetching its config);
/// `tcf` {cmpId, gvl, none, accept, reject} for an IAB TCF v2.2 API.
pub const RUNTIME: &str = r#"
/* Fixture consent banner: shows the banner, stores the visitor's choice in
   first-party storage and tells the page through window.onConsentChoice. */
(function () {
  var c = CMP, root = null, nodes = [];

  function readCookie(name) {
    var hit = document.cookie.split('; ').filter(function (p) {
      return p.slice(0, name.length + 1) === name + '=';
    })[0];
    return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
  }
  function writeCookie(name, value) {
    document.cookie = name + '=' + encodeURIComponent(value) +
      '; path=/; max-age=31536000; samesite=lax';
  }
  function stored() {
    var v = c.store.local ? localStorage.getItem(c.store.key) : readCookie(c.store.key);
    return v === c.store.accept ? 'accept' : v === c.store.reject ? 'reject' : null;
  }
  function tell(choice) {
    if (typeof window.onConsentChoice === 'function') window.onConsentChoice(choice);
  }

  /* The visitor chose: store it, hide the banner, tell the TCF listeners and the page. */
  function decide(choice) {
    if (c.store.local) localStorage.setItem(c.store.key, c.store[choice]);
    else writeCookie(c.store.key, c.store[choice]);
    if (c.tcf) writeCookie('euconsent-v2', c.tcf[choice]);
    nodes.forEach(function (n) { n.remove(); });
    tcfUpdate(choice, 'useractioncomplete');
    tell(choice);
  }
  var done = c.mount === 'inframe'
    ? function (choice) { parent.postMessage({ cmpChoice: choice }, '*'); }
    : decide;

  function all(sel) { return sel ? Array.prototype.slice.call(root.querySelectorAll(sel)) : []; }
  function wire() {
    root.addEventListener('click', function (e) {
      var t = e.target;
      function hit(sel) { return sel && t.closest && t.closest(sel); }
      if (hit(c.accept)) done('accept');
      else if (hit(c.reject)) done('reject');
      else if (hit(c.save)) {
        /* "Save" with nothing switched on is a reject. */
        var on = all(c.layer2).some(function (l) { return l.querySelector('input:checked'); });
        done(on ? 'accept' : 'reject');
      } else if (hit(c.settings)) {
        all(c.layer1).forEach(function (l) { l.style.display = 'none'; });
        all(c.layer2).forEach(function (l) { l.style.display = 'block'; });
      } else return;
      e.preventDefault();
    });
  }
  function show() {
    var tmp = document.createElement('div');
    if (c.mount === 'shadow') {
      var host = document.createElement('div');
      host.id = c.host;
      document.body.appendChild(host);
      root = host.attachShadow({ mode: 'open' });
      root.innerHTML = c.html;
      nodes = [host];
    } else if (c.mount === 'frame') {
      tmp.innerHTML = c.html;
      nodes = [tmp.firstElementChild];
      document.body.appendChild(nodes[0]);
      window.addEventListener('message', function (e) {
        if (e.origin.replace(/^https?:\/\//, '') === c.frameHost && e.data && e.data.cmpChoice) {
          decide(e.data.cmpChoice === 'accept' ? 'accept' : 'reject');
        }
      });
      return;
    } else if (c.mount === 'inframe') {
      root = document; /* the frame's page holds the markup */
    } else {
      tmp.innerHTML = c.html;
      nodes = Array.prototype.slice.call(tmp.children);
      nodes.forEach(function (n) { document.body.appendChild(n); });
      root = document;
    }
    wire();
  }

  /* IAB TCF v2.2: ping, getTCData, addEventListener, removeEventListener. */
  var tc = { status: 'cmpuishown', string: c.tcf ? c.tcf.none : '' }, listeners = [], nextId = 1;
  function tcData(listenerId) {
    return { tcString: tc.string, tcfPolicyVersion: 4, cmpId: c.tcf.cmpId, cmpVersion: 1,
      gdprApplies: true, eventStatus: tc.status, cmpStatus: 'loaded', listenerId: listenerId,
      isServiceSpecific: true, useNonStandardTexts: false, publisherCC: 'DE',
      purposeOneTreatment: false };
  }
  function tcfUpdate(choice, status) {
    if (!c.tcf) return;
    tc = { status: status, string: c.tcf[choice] };
    listeners.forEach(function (l) { l.cb(tcData(l.id), true); });
  }
  function tcfapi(cmd, version, cb, param) {
    if (typeof cb !== 'function') return;
    if (cmd === 'ping') {
      cb({ gdprApplies: true, cmpLoaded: true, cmpStatus: 'loaded',
        displayStatus: tc.status === 'cmpuishown' ? 'visible' : 'hidden', apiVersion: '2.2',
        cmpVersion: 1, cmpId: c.tcf.cmpId, gvlVersion: c.tcf.gvl, tcfPolicyVersion: 4 }, true);
    } else if (cmd === 'getTCData') {
      cb(tcData(), true);
    } else if (cmd === 'addEventListener') {
      var id = nextId++;
      listeners.push({ id: id, cb: cb });
      cb(tcData(id), true);
    } else if (cmd === 'removeEventListener') {
      var before = listeners.length;
      listeners = listeners.filter(function (l) { return l.id !== param; });
      cb(listeners.length < before);
    } else {
      cb(null, false);
    }
  }
  if (c.tcf && c.mount !== 'inframe') {
    var queued = (window.__tcfapi && window.__tcfapi.a) || [];
    window.__tcfapi = tcfapi;
    queued.forEach(function (args) { tcfapi.apply(null, args); });
    /* Calls from other frames through the __tcfapiLocator frame. */
    window.addEventListener('message', function (e) {
      var d = e.data;
      if (typeof d === 'string') { try { d = JSON.parse(d); } catch (err) { return; } }
      var call = d && d.__tcfapiCall;
      if (!call || !e.source) return;
      tcfapi(call.command, call.version, function (ret, ok) {
        e.source.postMessage({ __tcfapiReturn: { returnValue: ret, success: ok, callId: call.callId } }, '*');
      }, call.parameter);
    });
  }

  function start() {
    if (c.mount !== 'inframe') {
      var choice = stored();
      if (choice) { tcfUpdate(choice, 'tcloaded'); tell(choice); return; }
    }
    show();
  }
  function ready() { setTimeout(start, c.delay || 0); }
  if (document.body) ready(); else document.addEventListener('DOMContentLoaded', ready);
})();
"#;

/// The IAB TCF stub a TCF page puts in its head before the CMP's script:
/// queues `__tcfapi` calls and adds the `__tcfapiLocator` frame.
pub const TCF_STUB: &str = r#"<script>
/* IAB TCF stub: queue __tcfapi calls until the CMP has loaded. */
(function () {
  var queue = [];
  window.__tcfapi = function () { queue.push(arguments); };
  window.__tcfapi.a = queue;
  (function locator() {
    if (window.frames.__tcfapiLocator) return;
    if (!document.body) return setTimeout(locator, 5);
    var f = document.createElement('iframe');
    f.style.display = 'none';
    f.name = '__tcfapiLocator';
    document.body.appendChild(f);
  })();
})();
</script>"#;

/// The page's own tag loading. `{TRACKERS_WHEN}` is the code that decides
/// when the tags load (see `consent::site_script`).
pub const SITE_SCRIPT: &str = r#"<script>
/* The site's tags: Google Tag Manager (Analytics), the Meta pixel,
   a DoubleClick floodlight and Google Publisher Tag. */
function loadTrackers() {
  if (window.trackersLoaded) return;
  window.trackersLoaded = true;
  ['//www.googletagmanager.com/gtm.js?id=GTM-CNSNT01',
   '//connect.facebook.net/en_GB/fbevents.js',
   '//securepubads.g.doubleclick.net/tag/js/gpt.js'].forEach(function (src) {
    var s = document.createElement('script');
    s.async = true;
    s.src = src;
    document.head.appendChild(s);
  });
  var img = new Image(1, 1);
  img.src = '//ad.doubleclick.net/ddm/activity/src=4242;type=visit;cat=consent';
}
{TRACKERS_WHEN}
</script>"#;

/// Google Tag Manager with a GA4 tag: a first-party `_ga` cookie and a hit.
pub const GTM_JS: &str = r#"/* GTM-CNSNT01: GA4 page_view */
(function () {
  var cid = Math.floor(Math.random() * 1e9) + '.' + Math.floor(Date.now() / 1000);
  document.cookie = '_ga=GA1.1.' + cid + '; path=/; max-age=63072000; samesite=lax';
  new Image().src = '//www.google-analytics.com/g/collect?v=2&tid=G-CNSNT01&cid=' + cid +
    '&en=page_view&dl=' + encodeURIComponent(location.href);
})();
"#;

/// The Meta pixel: a first-party `_fbp` cookie and a PageView hit.
pub const FBEVENTS_JS: &str = r#"/* Meta pixel 1234567890: PageView */
(function () {
  var fbp = 'fb.1.' + Date.now() + '.' + Math.floor(Math.random() * 1e9);
  document.cookie = '_fbp=' + fbp + '; path=/; max-age=7776000; samesite=lax';
  new Image().src = '//www.facebook.com/tr/?id=1234567890&ev=PageView&fbp=' + fbp +
    '&dl=' + encodeURIComponent(location.href);
})();
"#;

/// Google Publisher Tag: a first-party `__gads` cookie and an ad request.
pub const GPT_JS: &str = r#"/* Google Publisher Tag: one ad slot */
(function () {
  document.cookie = '__gads=ID=' + Math.floor(Math.random() * 1e12) + ':T=' +
    Math.floor(Date.now() / 1000) + '; path=/; max-age=34190000; samesite=lax';
  fetch('//securepubads.g.doubleclick.net/gampad/ads?iu=/4242/home&sz=300x250&url=' +
    encodeURIComponent(location.href), { credentials: 'include', mode: 'no-cors' });
})();
"#;
