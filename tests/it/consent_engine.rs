//! The browser engine's consent handling against small banners of our own:
//! a OneTrust-shaped banner, a Usercentrics-shaped one in a shadow root, a
//! Sourcepoint-shaped one in a cross-origin iframe (with a settings layer), a
//! generic German dialog, an accept-only bar, a TCF stub whose TC string
//! changes with the choice, a site without a banner and hostile pages. Each
//! page's click handlers act only on trusted (real input) events, and fire a
//! tracker request after the choice: it must carry the visit's state, what
//! came before `none`. Skipped without Chromium unless
//! `TRACKAUDIT_REQUIRE_CHROMIUM=1`.

use crate::browser::chromium;
use std::sync::Arc;
use std::time::Duration;
use trackaudit::crawl::browser::BrowserEngine;
use trackaudit::crawl::{CancellationToken, CrawlConfig, SiteOutcome};
use trackaudit::model::{ConsentAction, ConsentOutcome, ConsentState, SiteStatus};
use trackaudit::targets::Target;
use trackaudit::testweb::{Web, WebResponse, WebServer};

fn target(url: &str) -> Target {
    Target {
        url: url::Url::parse(url).unwrap(),
        bare: false,
        origin: "test".into(),
    }
}

/// Hides the banner, remembers the choice in a cookie, and (accept only)
/// loads a tracker: what a CMP does on a trusted click.
const CHOICE_JS: &str = r#"
function choose(kind, hide) {
  return function (e) {
    if (!e.isTrusted) return;
    document.cookie = 'cmp_choice=' + kind + '; path=/; max-age=86400';
    new Image().src = 'http://log.tracker.test/choice?' + kind;
    if (kind === 'accept') new Image().src = 'http://ads.tracker.test/after-accept.gif';
    hide();
  };
}
document.cookie = 'early=1; path=/';
new Image().src = 'http://ads.tracker.test/before.gif';
var decided = document.cookie.indexOf('cmp_choice=') >= 0;
if (document.cookie.indexOf('cmp_choice=accept') >= 0) new Image().src = 'http://ads.tracker.test/reload-accepted.gif';
"#;

fn page(body: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=utf-8><title>t</title></head><body>\
<h1>Hello</h1><p>Some text.</p><script>{CHOICE_JS}</script>{body}</body></html>"
    )
}

const FIXED: &str = "position:fixed;left:0;right:0;bottom:0;background:#eee;padding:10px";

fn onetrust() -> String {
    page(&format!(
        r#"<div id="onetrust-consent-sdk"></div><script>
if (!decided) setTimeout(function () {{
  var sdk = document.getElementById('onetrust-consent-sdk');
  sdk.innerHTML = '<div id="onetrust-banner-sdk" style="{FIXED}"><p>We use cookies to improve your experience.</p>' +
    '<button id="onetrust-pc-btn-handler">Cookie Settings</button> <button id="onetrust-reject-all-handler">Reject All</button> ' +
    '<button id="onetrust-accept-btn-handler">Accept All Cookies</button></div>';
  var hide = function () {{ sdk.innerHTML = ''; }};
  document.getElementById('onetrust-accept-btn-handler').addEventListener('click', choose('accept', hide));
  document.getElementById('onetrust-reject-all-handler').addEventListener('click', choose('reject', hide));
}}, 400);
</script>"#
    ))
}

fn usercentrics() -> String {
    page(&format!(
        r#"<div id="usercentrics-root"></div><script>
if (!decided) {{
  var host = document.getElementById('usercentrics-root');
  var root = host.attachShadow({{ mode: 'open' }});
  var inner = document.createElement('div');
  root.appendChild(inner);
  var deep = inner.attachShadow({{ mode: 'open' }});
  deep.innerHTML = '<div data-testid="uc-banner-content" style="{FIXED}"><p>This website uses cookies.</p>' +
    '<button data-testid="uc-more-button">More information</button> <button data-testid="uc-deny-all-button">Deny</button> ' +
    '<button data-testid="uc-accept-all-button">Accept All</button></div>';
  var hide = function () {{ deep.innerHTML = ''; }};
  deep.querySelector('[data-testid=uc-accept-all-button]').addEventListener('click', choose('accept', hide));
  deep.querySelector('[data-testid=uc-deny-all-button]').addEventListener('click', choose('reject', hide));
}}
</script>"#
    ))
}

fn sourcepoint_top() -> String {
    page(
        r#"<div id="sp_message_container_77" style="position:fixed;left:0;right:0;bottom:0;height:240px">
<iframe id="sp_message_iframe_77" src="http://cdn.privacy-mgmt.test/message.html" style="width:700px;height:220px;border:0"></iframe></div>
<script>
if (decided) document.getElementById('sp_message_container_77').remove();
window.addEventListener('message', function (e) {
  if (!e.data || !e.data.sp) return;
  document.cookie = 'cmp_choice=' + e.data.sp + '; path=/; max-age=86400';
  if (e.data.sp === 'accept') new Image().src = 'http://ads.tracker.test/after-accept.gif';
  document.getElementById('sp_message_container_77').remove();
});
</script>"#,
    )
}

const SOURCEPOINT_FRAME: &str = r#"<!doctype html><html><body style="margin:0">
<div class="message-container"><p>We and our partners use cookies.</p>
<button class="message-component sp_choice_type_11">Accept</button>
<button class="message-component sp_choice_type_12">Options</button></div>
<div id="pm" style="display:none"><p>Privacy manager</p>
<button class="sp_choice_type_SAVE_AND_EXIT">Save &amp; Exit</button></div>
<script>
var send = function (kind) { return function (e) {
  if (!e.isTrusted) return;
  new Image().src = 'http://cdn.privacy-mgmt.test/choice?' + kind;
  parent.postMessage({ sp: kind }, '*');
}; };
document.querySelector('.sp_choice_type_11').addEventListener('click', send('accept'));
document.querySelector('.sp_choice_type_12').addEventListener('click', function (e) {
  if (!e.isTrusted) return;
  document.querySelector('.message-container').style.display = 'none';
  setTimeout(function () { document.getElementById('pm').style.display = 'block'; }, 300);
});
document.querySelector('.sp_choice_type_SAVE_AND_EXIT').addEventListener('click', send('reject'));
</script></body></html>"#;

fn german() -> String {
    page(&german_banner())
}

fn german_banner() -> String {
    format!(
        r#"<div id="cb" role="dialog" aria-label="Cookie-Hinweis" style="{FIXED}">
<p>Wir verwenden Cookies und ähnliche Technologien, um Inhalte zu personalisieren.</p>
<a href="/datenschutz">Datenschutzerklärung</a>
<button id="s">Einstellungen</button> <button id="r">Alle ablehnen</button> <button id="a">Alle akzeptieren</button></div>
<script>
var cb = document.getElementById('cb'), hide = function () {{ cb.remove(); }};
if (decided) hide(); else {{
  document.getElementById('a').addEventListener('click', choose('accept', hide));
  document.getElementById('r').addEventListener('click', choose('reject', hide));
}}
</script>"#
    )
}

fn accept_only() -> String {
    page(&format!(
        r#"<div class="cookie-bar" style="{FIXED}"><span>This site uses cookies. By continuing you agree.</span>
<button id="ok">Got it!</button></div>"#
    ))
}

/// Writes bits most significant first; base64url without padding.
#[derive(Default)]
struct Bits(Vec<bool>);

impl Bits {
    fn int(&mut self, v: u64, n: usize) -> &mut Self {
        for i in (0..n).rev() {
            self.0.push((v >> i) & 1 == 1);
        }
        self
    }
    fn ids(&mut self, ids: &[u32], n: usize) -> &mut Self {
        for i in 1..=n as u32 {
            self.0.push(ids.contains(&i));
        }
        self
    }
    fn finish(&self) -> String {
        use base64::Engine as _;
        let mut bytes = vec![0u8; self.0.len().div_ceil(8)];
        for (i, b) in self.0.iter().enumerate() {
            if *b {
                bytes[i / 8] |= 0x80 >> (i % 8);
            }
        }
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }
}

/// A TC string v2 core segment from CMP `cmp`: the purposes and vendors given.
fn tc_string(cmp: u64, purposes: &[u32], vendors: &[u32]) -> String {
    let mut b = Bits::default();
    b.int(2, 6).int(17_000_000_000, 36).int(17_000_000_000, 36);
    b.int(cmp, 12).int(3, 12).int(1, 6).int(4, 6).int(13, 6); // "EN"
    b.int(300, 12).int(4, 6).int(0, 2).ids(&[], 12);
    b.ids(purposes, 24)
        .ids(&[], 24)
        .int(0, 1)
        .int(3, 6)
        .int(4, 6); // "DE"
    let max = vendors.iter().copied().max().unwrap_or(0);
    b.int(u64::from(max), 16)
        .int(0, 1)
        .ids(vendors, max as usize);
    b.int(0, 16).int(0, 1).int(0, 12);
    b.finish()
}

/// A banner no built-in rule knows, with no words the fallback reads, and
/// a settings panel whose analytics box starts checked.
fn custom() -> String {
    page(&format!(
        r#"<div id="my-cmp"><div class="my-banner" style="{FIXED}"><p>Zorglub.</p>
<button class="my-settings">⚙</button> <button class="my-yes">✓</button></div>
<div class="my-panel" style="display:none;position:fixed;top:0;left:0;background:#fff">
<label><input type="checkbox" id="an" checked> Analytics</label> <button class="my-save">💾</button></div></div>
<script>
var root = document.getElementById('my-cmp');
if (decided) root.remove();
root.querySelector('.my-yes').addEventListener('click', choose('accept', function () {{ root.remove(); }}));
root.querySelector('.my-settings').addEventListener('click', function (e) {{
  if (!e.isTrusted) return; root.querySelector('.my-panel').style.display = 'block'; }});
root.querySelector('.my-save').addEventListener('click', function (e) {{
  if (!e.isTrusted) return;
  new Image().src = 'http://log.tracker.test/saved?analytics=' + document.getElementById('an').checked;
  choose('reject', function () {{ root.remove(); }})(e); }});
</script>"#
    ))
}

/// A TCF v2.2 stub: ping, getTCData and addEventListener; the choice
/// (through a Didomi-shaped banner) changes the TC string and notifies the
/// listeners with `useractioncomplete`.
fn tcf_site(with_banner: bool, generic: bool) -> String {
    let before = tc_string(7, &[], &[]);
    let after = tc_string(7, &[1, 2, 3, 4, 7, 9, 10], &[8, 21, 755]);
    let banner = if with_banner {
        format!(
            r#"<div id="didomi-host"><div id="didomi-notice" style="{FIXED}"><p>We and our partners use cookies.</p>
<button id="didomi-notice-disagree-button">Continue without agreeing</button>
<button id="didomi-notice-agree-button">Agree and close</button></div></div>
<script>
var n = document.getElementById('didomi-host'), hide = function () {{ n.remove(); }};
document.getElementById('didomi-notice-agree-button').addEventListener('click', function (e) {{
  if (!e.isTrusted) return; choose('accept', hide)(e); setTimeout(function () {{ setTc('{after}'); }}, 200); }});
</script>"#
        )
    } else if generic {
        german_banner()
    } else {
        String::new()
    };
    page(&format!(
        r#"<script>
var tc = {{ tcString: '{before}', eventStatus: 'cmpuishown', gdprApplies: true, cmpId: 7, cmpStatus: 'loaded' }};
var listeners = [];
function setTc(s) {{
  tc = {{ tcString: s, eventStatus: 'useractioncomplete', gdprApplies: true, cmpId: 7, cmpStatus: 'loaded' }};
  listeners.forEach(function (l, i) {{ var d = Object.assign({{ listenerId: i }}, tc); l(d, true); }});
}}
window.__tcfapi = function (cmd, v, cb, p) {{
  if (cmd === 'ping') cb({{ gdprApplies: true, cmpLoaded: true, cmpStatus: 'loaded', displayStatus: 'visible', apiVersion: '2.2', cmpId: 7, cmpVersion: 3, gvlVersion: 300, tcfPolicyVersion: 4 }}, true);
  else if (cmd === 'getTCData') cb(tc, true);
  else if (cmd === 'addEventListener') {{ listeners.push(cb); cb(Object.assign({{ listenerId: listeners.length - 1 }}, tc), true); }}
  else if (cmd === 'removeEventListener') cb(true);
}};
</script>{banner}"#
    ))
}

/// A page hostile to the search: 30 000 elements, shadow roots nested 200
/// deep, a banner that keeps moving, and an accept that navigates away.
fn hostile() -> String {
    page(&format!(
        r#"<div id="big"></div><div id="deep"></div>
<div id="cb" role="dialog" style="{FIXED}"><p>We use cookies.</p>
<button id="a">Accept all</button> <button id="r">Reject all</button></div>
<script>
var big = document.getElementById('big'), html = [];
for (var i = 0; i < 30000; i++) html.push('<span>x</span>');
big.innerHTML = html.join('');
var node = document.getElementById('deep');
for (var d = 0; d < 200; d++) {{ var r = node.attachShadow({{ mode: 'open' }}); r.innerHTML = '<div></div>'; node = r.firstChild; }}
var cb = document.getElementById('cb');
if (decided) cb.remove();
var up = false;
setInterval(function () {{ up = !up; cb.style.bottom = up ? '3px' : '0px'; }}, 40);
document.getElementById('a').addEventListener('click', function (e) {{
  if (!e.isTrusted) return; choose('accept', function () {{}})(e); location.href = '/elsewhere'; }});
</script>"#
    ))
}

fn web() -> Web {
    let mut w = Web::new();
    w.page("www.ot.test", "/", &onetrust());
    w.page("www.uc.test", "/", &usercentrics());
    w.page("www.sp.test", "/", &sourcepoint_top());
    w.page("cdn.privacy-mgmt.test", "/message.html", SOURCEPOINT_FRAME);
    w.page("www.de.test", "/", &german());
    w.page("www.bar.test", "/", &accept_only());
    w.page("www.tcf.test", "/", &tcf_site(true, false));
    w.page("www.tcfonly.test", "/", &tcf_site(false, false));
    w.page("www.tcfgeneric.test", "/", &tcf_site(false, true));
    w.page("www.plain.test", "/", &page(""));
    w.page("www.custom.test", "/", &custom());
    w.page("www.hostile.test", "/", &hostile());
    w.page("www.hostile.test", "/elsewhere", &page("<p>elsewhere</p>"));
    // APIs that never answer, answer with traps, or throw.
    w.page(
        "www.api.test",
        "/",
        &page(
            r#"<script>
window.__tcfapi = function (cmd, v, cb) { if (cmd === 'getTCData') cb({ get tcString() { throw new Error('trap'); } }, true); };
window.__gpp = function () { throw new Error('no'); };
</script>"#,
        ),
    );
    w.fallback(|req| {
        if req.host.ends_with(".tracker.test") || req.host.ends_with("privacy-mgmt.test") {
            WebResponse::pixel()
        } else {
            WebResponse::status(404)
        }
    });
    w
}

async fn engine(server: &WebServer) -> BrowserEngine {
    let cfg = CrawlConfig {
        proxy: Some(server.proxy_url()),
        timeout: Duration::from_secs(5),
        site_budget: Duration::from_secs(40),
        concurrency: 2,
        ..CrawlConfig::default()
    };
    BrowserEngine::new(Arc::new(cfg)).await.unwrap()
}

async fn visit(
    e: &BrowserEngine,
    host: &str,
    state: ConsentState,
) -> (SiteOutcome, ConsentOutcome) {
    let o = e
        .visit_in_state(
            &target(&format!("http://{host}/")),
            state,
            CancellationToken::new(),
        )
        .await;
    assert_eq!(o.status, SiteStatus::Ok, "{host}: {}", o.error);
    let c = o
        .visit
        .consent
        .clone()
        .expect("visit_in_state fills consent");
    assert_eq!(c.state, state);
    (o, c)
}

/// The states of the requests whose URL contains `part`.
fn states(o: &SiteOutcome, part: &str) -> Vec<ConsentState> {
    o.visit
        .requests
        .iter()
        .filter(|r| r.url.contains(part))
        .map(|r| r.consent_state)
        .collect()
}

fn cookie_state(o: &SiteOutcome, name: &str) -> Option<ConsentState> {
    o.visit
        .cookies
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.consent_state)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_click_real_controls_and_label_what_follows() {
    if !chromium() {
        return;
    }
    let server = WebServer::start(web().handler(), 0, false).await.unwrap();
    let e = engine(&server).await;
    use ConsentState::*;

    // State none: the banner is found and left alone.
    let (o, c) = visit(&e, "www.ot.test", None).await;
    assert_eq!(
        (c.method.as_str(), c.cmp.as_str()),
        ("rule:OneTrust", "OneTrust")
    );
    assert!(c.banner_found);
    assert_eq!(
        (c.action, c.layers, c.first_layer_reject),
        (Option::None, 0, Some(true))
    );
    assert!(states(&o, "after-accept").is_empty() && states(&o, "choice?").is_empty());
    assert!(o.visit.requests.iter().all(|r| r.consent_state == None));

    // Accept: clicked on the first layer; before → none, after → accept.
    let (o, c) = visit(&e, "www.ot.test", Accept).await;
    assert_eq!(c.action, Some(ConsentAction::Clicked), "{}", c.note);
    assert_eq!(
        (c.layers, c.clicked_text.as_str()),
        (1, "Accept All Cookies")
    );
    assert_eq!(
        states(&o, "before.gif").first(),
        Some(&None),
        "the landing page, before"
    );
    assert_eq!(states(&o, "after-accept.gif"), vec![Accept]);
    assert_eq!(states(&o, "reload-accepted.gif"), vec![Accept]);
    assert_eq!(cookie_state(&o, "early"), Some(None));
    assert_eq!(cookie_state(&o, "cmp_choice"), Some(Accept));
    assert!(o.visit.storage.iter().all(|s| s.consent_state == Accept));

    // Reject: the reject handler ran, the accept one did not.
    let (o, c) = visit(&e, "www.ot.test", Reject).await;
    assert_eq!(c.action, Some(ConsentAction::Clicked), "{}", c.note);
    assert_eq!((c.layers, c.clicked_text.as_str()), (1, "Reject All"));
    assert_eq!(states(&o, "choice?reject"), vec![Reject]);
    assert!(states(&o, "after-accept").is_empty());
    assert_eq!(cookie_state(&o, "cmp_choice"), Some(Reject));

    // A banner two shadow roots deep.
    let (o, c) = visit(&e, "www.uc.test", Reject).await;
    assert_eq!(c.method, "rule:Usercentrics");
    assert_eq!(
        (c.action, c.clicked_text.as_str()),
        (Some(ConsentAction::Clicked), "Deny"),
        "{}",
        c.note
    );
    assert_eq!(states(&o, "choice?reject"), vec![Reject]);

    // A cross-origin iframe without a first-layer reject: through its settings layer.
    let (o, c) = visit(&e, "www.sp.test", Reject).await;
    assert_eq!(c.method, "rule:Sourcepoint");
    assert_eq!(c.action, Some(ConsentAction::Clicked), "{}", c.note);
    assert_eq!((c.layers, c.first_layer_reject), (2, Some(false)));
    assert_eq!(c.clicked_text, "Save & Exit");
    assert_eq!(states(&o, "privacy-mgmt.test/choice?reject"), vec![Reject]);
    assert!(states(&o, "after-accept").is_empty());
    let (o, c) = visit(&e, "www.sp.test", Accept).await;
    assert_eq!(
        (c.action, c.layers),
        (Some(ConsentAction::Clicked), 1),
        "{}",
        c.note
    );
    assert_eq!(states(&o, "after-accept.gif"), vec![Accept]);
    e.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generic_banners_tcf_and_no_banner() {
    if !chromium() {
        return;
    }
    let server = WebServer::start(web().handler(), 0, false).await.unwrap();
    let e = engine(&server).await;
    use ConsentState::*;

    let (o, c) = visit(&e, "www.de.test", Reject).await;
    assert_eq!((c.method.as_str(), c.cmp.as_str()), ("generic", "generic"));
    assert_eq!(
        (c.action, c.layers),
        (Some(ConsentAction::Clicked), 1),
        "{}",
        c.note
    );
    assert_eq!(c.clicked_text, "Alle ablehnen");
    assert_eq!(states(&o, "choice?reject"), vec![Reject]);
    let (o, c) = visit(&e, "www.de.test", Accept).await;
    assert_eq!(c.clicked_text, "Alle akzeptieren");
    assert_eq!(states(&o, "after-accept.gif"), vec![Accept]);

    // Accept only: no reject anywhere.
    let (o, c) = visit(&e, "www.bar.test", Reject).await;
    assert_eq!(c.method, "generic");
    assert_eq!(c.action, Some(ConsentAction::NoRejectButton));
    assert_eq!(
        (c.layers, c.first_layer_reject, c.banner_found),
        (0, Some(false), true)
    );
    assert!(o.visit.requests.iter().all(|r| r.consent_state == None));

    // TCF: the string after the click, decoded by our decoder.
    let (o, c) = visit(&e, "www.tcf.test", Accept).await;
    assert_eq!(c.method, "rule:Didomi");
    assert_eq!(c.action, Some(ConsentAction::Clicked), "{}", c.note);
    assert_eq!((c.cmp_id, c.gdpr_applies), (Some(7), Some(true)));
    assert_eq!(
        c.tc_string,
        tc_string(7, &[1, 2, 3, 4, 7, 9, 10], &[8, 21, 755])
    );
    assert_eq!(c.purposes_consented, vec![1, 2, 3, 4, 7, 9, 10]);
    assert_eq!(c.vendors_consented, vec![8, 21, 755]);
    assert_eq!(states(&o, "after-accept.gif"), vec![Accept]);
    let (_, c) = visit(&e, "www.tcfonly.test", None).await;
    assert_eq!((c.method.as_str(), c.cmp.as_str()), ("tcf", "Didomi"));
    assert_eq!(c.tc_string, tc_string(7, &[], &[]));
    assert!(c.banner_found && c.purposes_consented.is_empty());
    let (_, c) = visit(&e, "www.tcfonly.test", Accept).await;
    assert_eq!(c.action, Some(ConsentAction::NotFound));
    // A generic banner of a TCF CMP: named after the CMP.
    let (_, c) = visit(&e, "www.tcfgeneric.test", Reject).await;
    assert_eq!((c.method.as_str(), c.cmp.as_str()), ("generic", "Didomi"));
    assert_eq!(
        (c.action, c.cmp_id),
        (Some(ConsentAction::Clicked), Some(7))
    );

    // No banner: nothing found, nothing clicked, everything `none`.
    let (o, c) = visit(&e, "www.plain.test", Reject).await;
    assert_eq!((c.method.as_str(), c.banner_found), ("none", false));
    assert_eq!(c.action, Some(ConsentAction::NotFound));
    assert!(o.visit.requests.iter().all(|r| r.consent_state == None));
    assert!(o.visit.cookies.iter().all(|r| r.consent_state == None));

    // A site that fails still has its consent row.
    let o = e
        .visit_in_state(
            &target("http://www.missing.test/"),
            Reject,
            CancellationToken::new(),
        )
        .await;
    assert_eq!(o.status, SiteStatus::HttpError);
    let c = o.visit.consent.expect("a consent row for a failed site");
    assert_eq!(
        (c.state, c.action, c.banner_found),
        (Reject, Some(ConsentAction::Failed), false)
    );

    // The plain visit keeps today's behaviour.
    let o = e
        .visit(&target("http://www.ot.test/"), CancellationToken::new())
        .await;
    assert!(o.visit.consent.is_none());
    e.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_banner_pages_end_in_time() {
    if !chromium() {
        return;
    }
    let server = WebServer::start(web().handler(), 0, false).await.unwrap();
    let e = engine(&server).await;
    let t = std::time::Instant::now();
    let (o, c) = visit(&e, "www.hostile.test", ConsentState::Accept).await;
    let took = t.elapsed();
    assert!(c.banner_found, "{c:?}");
    assert_eq!(c.action, Some(ConsentAction::Clicked), "{}", c.note);
    // The click navigated away; the landing page is loaded again.
    assert_eq!(o.final_url, "http://www.hostile.test/");
    assert!(states(&o, "/elsewhere").contains(&ConsentState::Accept));
    assert!(took < Duration::from_secs(30), "{took:?}");

    // Hostile APIs: a CMP is there (method tcf), nothing is read from it.
    let (_, c) = visit(&e, "www.api.test", ConsentState::Reject).await;
    assert_eq!((c.method.as_str(), c.cmp_id), ("tcf", None), "{c:?}");
    assert_eq!(c.action, Some(ConsentAction::NotFound));
    assert!(c.tc_string.is_empty());

    // The crawl stopping cuts the banner wait short.
    let abort = CancellationToken::new();
    let stop = abort.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        stop.cancel();
    });
    let t = std::time::Instant::now();
    e.visit_in_state(
        &target("http://www.plain.test/"),
        ConsentState::Reject,
        abort,
    )
    .await;
    assert!(
        t.elapsed() < Duration::from_millis(3500),
        "{:?}",
        t.elapsed()
    );
    e.shutdown().await;

    // A small site budget bounds the wait for a banner that never comes.
    let cfg = CrawlConfig {
        proxy: Some(server.proxy_url()),
        timeout: Duration::from_secs(5),
        site_budget: Duration::from_secs(3),
        ..CrawlConfig::default()
    };
    let e = BrowserEngine::new(Arc::new(cfg)).await.unwrap();
    let t = std::time::Instant::now();
    let o = e
        .visit_in_state(
            &target("http://www.plain.test/"),
            ConsentState::Accept,
            CancellationToken::new(),
        )
        .await;
    assert!(
        t.elapsed() < Duration::from_millis(4500),
        "{:?}",
        t.elapsed()
    );
    let c = o.visit.consent.expect("consent outcome");
    assert_eq!(c.action, Some(ConsentAction::NotFound), "{c:?}");
    e.shutdown().await;
}

const USER_RULES: &str = r##"{
  "mycmp": {
    "detectors": [{"presentMatcher": {"type": "css", "target": {"selector": "#my-cmp"}},
                   "showingMatcher": {"type": "css", "target": {"selector": ".my-banner"}}}],
    "methods": [
      {"name": "OPEN_OPTIONS", "action": {"type": "click", "target": {"selector": ".my-settings"}}},
      {"name": "DO_CONSENT", "action": {"type": "ifallowall", "trueAction": {"type": "click", "target": {"selector": ".my-yes"}}}},
      {"name": "SAVE_CONSENT", "action": {"type": "click", "target": {"selector": ".my-save"}}}
    ]
  }
}"##;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_rules_in_the_consent_o_matic_format() {
    if !chromium() {
        return;
    }
    let server = WebServer::start(web().handler(), 0, false).await.unwrap();
    let rules =
        trackaudit::crawl::browser::consent_rules::parse_consent_o_matic(USER_RULES).unwrap();
    let e = engine(&server).await;
    // Without the user's rule the banner is not recognised.
    let (_, c) = visit(&e, "www.custom.test", ConsentState::Reject).await;
    assert_eq!(
        (c.method.as_str(), c.action),
        ("none", Some(ConsentAction::NotFound))
    );
    let e = e.with_consent_rules(rules);
    let (o, c) = visit(&e, "www.custom.test", ConsentState::Reject).await;
    assert_eq!((c.method.as_str(), c.cmp.as_str()), ("rule:mycmp", "mycmp"));
    assert_eq!(c.action, Some(ConsentAction::Clicked), "{}", c.note);
    assert_eq!((c.layers, c.first_layer_reject), (2, Some(false)));
    // Saved with nothing selected: the checked box was cleared first.
    assert_eq!(
        states(&o, "saved?analytics=false"),
        vec![ConsentState::Reject]
    );
    assert!(states(&o, "saved?analytics=true").is_empty());
    let (o, c) = visit(&e, "www.custom.test", ConsentState::Accept).await;
    assert_eq!(
        (c.action, c.layers),
        (Some(ConsentAction::Clicked), 1),
        "{}",
        c.note
    );
    assert_eq!(states(&o, "after-accept.gif"), vec![ConsentState::Accept]);
    e.shutdown().await;
}
