//! Browser engine (headless Chromium over DevTools) against a local fixture web
//! whose trackers arrive only through JavaScript: injected scripts, `new
//! Image()`, `fetch`, `sendBeacon`, XHR, `document.cookie`, localStorage. Each
//! is seen by the browser engine with its initiator and not by the HTTP engine.
//! Skipped (with a printed reason) when Chromium is absent, unless
//! `TRACKAUDIT_REQUIRE_CHROMIUM=1`.

use std::sync::Arc;
use std::time::Duration;
use trackaudit::crawl::browser::{find_chromium, BrowserEngine};
use trackaudit::crawl::http::HttpEngine;
use trackaudit::crawl::{CancellationToken, CrawlConfig, SiteOutcome};
use trackaudit::model::{CookieSource, Party, ResourceType, SiteStatus};
use trackaudit::targets::Target;
use trackaudit::testweb::{Body, Web, WebResponse, WebServer};

/// Whether Chromium is installed; prints why the test is skipped when not.
pub(crate) fn chromium() -> bool {
    if find_chromium().is_some() {
        return true;
    }
    if std::env::var("TRACKAUDIT_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1") {
        panic!("Chromium is required (TRACKAUDIT_REQUIRE_CHROMIUM=1) but was not found");
    }
    eprintln!("skipping: Chromium is not installed (apt-get install chromium-headless-shell)");
    false
}

fn target(url: &str) -> Target {
    Target {
        url: url::Url::parse(url).unwrap(),
        bare: false,
        origin: "test".into(),
    }
}

fn config(server: &WebServer) -> CrawlConfig {
    CrawlConfig {
        proxy: Some(server.proxy_url()),
        timeout: Duration::from_secs(5),
        site_budget: Duration::from_secs(30),
        concurrency: 2,
        ..CrawlConfig::default()
    }
}

/// An abort signal that is never cancelled.
fn no_abort() -> CancellationToken {
    CancellationToken::new()
}

const TAG_JS: &str = r#"
document.cookie = "_ga=GA1.1.123456; path=/; max-age=63072000";
localStorage.setItem('_tagger_id', 'abcdef');
sessionStorage.setItem('tagger_session', 'xy');
new Image().src = 'http://pixel.tagger.test/p.gif?e=pv';
fetch('http://api.tagger.test/collect', { method: 'POST', body: 'x', mode: 'no-cors' });
navigator.sendBeacon('http://beacon.tagger.test/b', 'data');
var x = new XMLHttpRequest(); x.open('GET', 'http://api.tagger.test/xhr'); x.send();
"#;

fn js_web() -> Web {
    let mut w = Web::new();
    w.route("js.test", "/", WebResponse::redirect("http://www.js.test/"));
    w.route(
        "www.js.test",
        "/",
        WebResponse::html(
            r#"<!doctype html><html><head><title>JS &amp; Co</title>
<script src="http://www.js.test/app.js"></script></head>
<body><h1>Hello</h1><a href="/privacy">Privacy policy</a></body></html>"#,
        )
        .cookie("sid=s1; Path=/; HttpOnly; SameSite=Lax"),
    );
    w.route(
        "www.js.test",
        "/app.js",
        WebResponse::new(
            200,
            "application/javascript",
            "var s = document.createElement('script'); s.src = 'http://cdn.tagger.test/tag.js'; document.head.appendChild(s);",
        ),
    );
    w.page(
        "www.js.test",
        "/privacy",
        "<html><title>Privacy</title><p>We use cookies.</p></html>",
    );
    w.route(
        "cdn.tagger.test",
        "/tag.js",
        WebResponse::new(200, "application/javascript", TAG_JS),
    );
    w.route(
        "pixel.tagger.test",
        "/p.gif",
        WebResponse::redirect("http://sync.partner.test/px.gif"),
    );
    w.route("sync.partner.test", "/px.gif", WebResponse::pixel());
    w.route("beacon.tagger.test", "/b", WebResponse::status(204));
    w.route("api.tagger.test", "/collect", WebResponse::status(204));
    w.route("api.tagger.test", "/xhr", WebResponse::status(204));
    w
}

fn find<'a>(o: &'a SiteOutcome, url_part: &str) -> &'a trackaudit::model::Request {
    o.visit
        .requests
        .iter()
        .find(|r| r.url.contains(url_part))
        .unwrap_or_else(|| {
            panic!(
                "no request for {url_part}; saw {:#?}",
                o.visit
                    .requests
                    .iter()
                    .map(|r| (&r.url, r.resource_type))
                    .collect::<Vec<_>>()
            )
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_sees_script_driven_tracking_http_does_not() {
    if !chromium() {
        return;
    }
    let server = WebServer::start(js_web().handler(), 0, true).await.unwrap();
    let cfg = Arc::new(config(&server));
    // The engine's choice (the headless shell when installed), and full
    // Chromium too when both are installed: each must see the same.
    let mut exes = vec![find_chromium().unwrap()];
    let full = std::path::PathBuf::from("/usr/lib/chromium/chromium");
    if full.is_file() && !exes.contains(&full) {
        exes.push(full);
    }
    for exe in exes {
        let engine = BrowserEngine::with_executable(cfg.clone(), exe)
            .await
            .unwrap();
        browser_sees_script_driven_tracking(&engine).await;
        engine.shutdown().await;
    }

    // The HTTP engine sees none of it.
    let http = HttpEngine::new(cfg.clone()).unwrap();
    let h = http.visit(&target("http://js.test/"), no_abort()).await;
    assert_eq!(h.status, SiteStatus::Ok, "{}", h.error);
    assert!(h.visit.requests.iter().any(|r| r.url.ends_with("/app.js")));
    for part in [
        "tag.js",
        "p.gif",
        "px.gif",
        "/collect",
        "beacon.tagger",
        "/xhr",
    ] {
        assert!(
            !h.visit.requests.iter().any(|r| r.url.contains(part)),
            "the HTTP engine should not see {part}"
        );
    }
    assert!(!h.visit.cookies.iter().any(|c| c.name == "_ga"));
}

async fn browser_sees_script_driven_tracking(engine: &BrowserEngine) {
    let (o, storage) = engine
        .visit_with_storage(&target("http://js.test/"), no_abort())
        .await;
    let browser = engine.describe();
    assert_eq!(o.status, SiteStatus::Ok, "{browser}: {}", o.error);
    assert_eq!(o.final_url, "http://www.js.test/");
    assert_eq!(o.visit.pages[0].title, "JS & Co");
    assert_eq!(o.visit.pages[0].charset, "UTF-8");
    assert!(o
        .visit
        .links
        .iter()
        .any(|l| l.url == "http://www.js.test/privacy"));

    // Landing redirect chain: one row per hop.
    let docs: Vec<_> = o
        .visit
        .requests
        .iter()
        .filter(|r| r.resource_type == Some(ResourceType::Document))
        .collect();
    assert_eq!(docs.len(), 2, "{docs:#?}");
    assert_eq!(
        (docs[0].url.as_str(), docs[0].status),
        ("http://js.test/", Some(302))
    );
    assert_eq!(docs[1].redirect_from, "http://js.test/");
    assert_eq!(docs[1].initiator, "");
    assert!(docs.iter().all(|r| r.page_url == "http://js.test/"));

    let app = find(&o, "/app.js");
    assert_eq!(app.resource_type, Some(ResourceType::Script));
    assert_eq!(app.initiator, "http://www.js.test/");
    assert_eq!(app.party, Some(Party::First));
    let tag = find(&o, "cdn.tagger.test/tag.js");
    assert_eq!(tag.resource_type, Some(ResourceType::Script));
    assert_eq!(tag.initiator, "http://www.js.test/app.js");
    assert_eq!(tag.party, Some(Party::Third));
    assert_eq!(tag.status, Some(200));

    let tag_url = "http://cdn.tagger.test/tag.js";
    let px = find(&o, "pixel.tagger.test/p.gif");
    assert_eq!(px.resource_type, Some(ResourceType::Image));
    assert_eq!(px.initiator, tag_url);
    assert_eq!(px.status, Some(302));
    let hop = find(&o, "sync.partner.test/px.gif");
    assert_eq!(hop.redirect_from, "http://pixel.tagger.test/p.gif?e=pv");
    assert_eq!(hop.initiator, tag_url);
    assert_eq!(hop.status, Some(200));
    assert!(
        hop.beacon && px.beacon,
        "a 1x1 response makes the chain a beacon"
    );

    let fetch = find(&o, "/collect");
    assert_eq!(
        (fetch.resource_type, fetch.method.as_str()),
        (Some(ResourceType::Fetch), "POST")
    );
    assert_eq!(fetch.initiator, tag_url);
    let beacon = find(&o, "beacon.tagger.test/b");
    assert_eq!(beacon.resource_type, Some(ResourceType::Beacon));
    assert!(beacon.beacon);
    assert_eq!(beacon.initiator, tag_url);
    let xhr = find(&o, "/xhr");
    assert_eq!(xhr.resource_type, Some(ResourceType::Xhr));
    assert_eq!(xhr.initiator, tag_url);

    // Cookies: what the browser kept, attributed.
    let ga = o
        .visit
        .cookies
        .iter()
        .find(|c| c.name == "_ga")
        .expect("_ga cookie");
    assert_eq!(ga.source, CookieSource::Script);
    assert_eq!(ga.set_by, tag_url);
    assert_eq!(ga.domain, "www.js.test");
    assert_eq!(ga.party, Some(Party::First));
    // Chromium caps cookie lifetimes at 400 days.
    assert!((ga.lifetime_days.unwrap() - 400.0).abs() < 0.2, "{ga:?}");
    let sid = o
        .visit
        .cookies
        .iter()
        .find(|c| c.name == "sid")
        .expect("sid cookie");
    assert_eq!(sid.source, CookieSource::Header);
    assert_eq!(sid.set_by, "http://www.js.test/");
    assert!(sid.http_only);
    assert_eq!(sid.same_site, "Lax");
    assert_eq!(sid.lifetime_days, None);

    // Storage.
    let local = storage
        .iter()
        .find(|s| s.key == "_tagger_id")
        .expect("localStorage key");
    assert_eq!((local.kind.as_str(), local.value_length), ("local", 6));
    assert_eq!(local.origin, "http://www.js.test");
    assert_eq!(local.set_by, tag_url);
    assert_eq!(local.party, Some(Party::First));
    assert!(storage
        .iter()
        .any(|s| s.key == "tagger_session" && s.kind == "session"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_sends_dnt_and_gpc_and_reports_statuses() {
    if !chromium() {
        return;
    }
    let mut w = Web::new();
    w.page(
        "www.dnt.test",
        "/",
        "<html><title>DNT</title><script>new Image().src = '/signal?dnt=' + navigator.doNotTrack + '&gpc=' + navigator.globalPrivacyControl;</script></html>",
    );
    w.route("www.dnt.test", "/signal", WebResponse::pixel());
    w.route("www.gone.test", "/", WebResponse::status(404));
    w.route(
        "www.file.test",
        "/",
        WebResponse::new(200, "application/octet-stream", "zzz"),
    );
    w.route(
        "www.loop.test",
        "/",
        WebResponse::redirect("http://www.loop.test/"),
    );
    let server = WebServer::start(w.handler(), 0, true).await.unwrap();
    let cfg = CrawlConfig {
        dnt: true,
        pages: 2,
        ..config(&server)
    };
    let engine = BrowserEngine::new(Arc::new(cfg)).await.unwrap();
    let o = engine
        .visit(&target("http://www.dnt.test/"), no_abort())
        .await;
    assert_eq!(o.status, SiteStatus::Ok, "{}", o.error);
    let signal = find(&o, "/signal");
    assert!(signal.url.ends_with("?dnt=1&gpc=true"), "{}", signal.url);
    let log = server.log();
    let doc = log
        .iter()
        .find(|r| r.host == "www.dnt.test" && r.path == "/")
        .unwrap();
    assert_eq!(doc.header("dnt"), Some("1"));
    assert_eq!(doc.header("sec-gpc"), Some("1"));
    // The comparison visit of --dnt-compare sends neither signal.
    let plain = engine
        .visit_without_signals(&target("http://www.dnt.test/"), no_abort())
        .await;
    let signal = find(&plain, "/signal");
    assert!(signal.url.contains("?dnt=null&gpc="), "{}", signal.url);
    assert!(!signal.url.ends_with("gpc=true"), "{}", signal.url);
    let log = server.log();
    let docs: Vec<_> = log
        .iter()
        .filter(|r| r.host == "www.dnt.test" && r.path == "/")
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(
        (docs[1].header("dnt"), docs[1].header("sec-gpc")),
        (None, None)
    );

    let gone = engine
        .visit(&target("http://www.gone.test/"), no_abort())
        .await;
    assert_eq!(
        (gone.status, gone.error.as_str()),
        (SiteStatus::HttpError, "HTTP 404")
    );
    let file = engine
        .visit(&target("http://www.file.test/"), no_abort())
        .await;
    assert_eq!(file.status, SiteStatus::NotHtml, "{}", file.error);
    let lp = engine
        .visit(&target("http://www.loop.test/"), no_abort())
        .await;
    assert_eq!(lp.status, SiteStatus::RedirectLoop, "{}", lp.error);
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_crash_fails_one_site_and_the_crawl_goes_on() {
    if !chromium() {
        return;
    }
    let mut w = Web::new();
    w.page(
        "www.ok.test",
        "/",
        "<html><title>OK</title><img src=/a.png></html>",
    );
    w.route("www.ok.test", "/a.png", WebResponse::pixel());
    w.page(
        "www.slow.test",
        "/",
        "<html><title>Slow</title><img src=http://hang.test/forever.gif></html>",
    );
    w.route(
        "hang.test",
        "/forever.gif",
        WebResponse {
            status: 200,
            headers: vec![],
            body: Body::Hang,
        },
    );
    let server = WebServer::start(w.handler(), 0, false).await.unwrap();
    let cfg = CrawlConfig {
        concurrency: 1,
        ..config(&server)
    };
    let engine = Arc::new(BrowserEngine::new(Arc::new(cfg)).await.unwrap());
    let ok = engine
        .visit(&target("http://www.ok.test/"), no_abort())
        .await;
    assert_eq!(ok.status, SiteStatus::Ok, "{}", ok.error);

    // Killed between two sites: the next site restarts the browser.
    let first = engine.browser_pids();
    kill(&first);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let ok = engine
        .visit(&target("http://www.ok.test/"), no_abort())
        .await;
    assert_eq!(ok.status, SiteStatus::Ok, "{}", ok.error);
    let second = engine.browser_pids();
    assert_ne!(first, second, "a new browser was started");

    // Killed during a visit: that site is an error, the next one works.
    let e2 = engine.clone();
    let slow =
        tokio::spawn(async move { e2.visit(&target("http://www.slow.test/"), no_abort()).await });
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let killed = std::time::Instant::now();
    kill(&second);
    let slow = slow.await.unwrap();
    // The closed pipe fails the visit at once, well within the 5 s timeout.
    assert!(
        killed.elapsed() < Duration::from_secs(3),
        "{:?}",
        killed.elapsed()
    );
    assert_eq!(slow.status, SiteStatus::Error);
    assert!(slow.error.contains("browser"), "{}", slow.error);
    let ok = engine
        .visit(&target("http://www.ok.test/"), no_abort())
        .await;
    assert_eq!(ok.status, SiteStatus::Ok, "{}", ok.error);
    assert!(find(&ok, "/a.png").beacon);
}

fn kill(pids: &[u32]) {
    for pid in pids {
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn engine_both_records_the_union_and_http_coverage() {
    if !chromium() {
        return;
    }
    // Google Analytics arrives only through JavaScript; the tag manager is in the HTML.
    let mut web = trackaudit::testweb::demo::web();
    web.page(
        "www.spa.test",
        "/",
        r#"<html><head><title>SPA</title><script src="http://www.googletagmanager.com/gtag/js?id=G-DEMO1234"></script>
<script src="http://www.spa.test/boot.js"></script></head><body><h1>App</h1>
<noscript><img src="http://www.facebook.com/tr?id=4242&ev=PageView&noscript=1" width="1" height="1"></noscript>
<img src="http://px.adserver.test/p.gif" width="1" height="1"></body></html>"#,
    );
    // A third-party cookie Chromium refuses on http (SameSite=None needs Secure).
    web.route(
        "px.adserver.test",
        "/p.gif",
        WebResponse::pixel().cookie("tp_uid=7; SameSite=None; Max-Age=86400"),
    );
    web.route(
        "www.spa.test",
        "/boot.js",
        WebResponse::new(
            200,
            "application/javascript",
            "localStorage.setItem('spa_uid', 'u-123'); new Image().src = 'http://www.google-analytics.com/collect?v=2&tid=G-DEMO1234';",
        ),
    );
    let server = WebServer::start(web.handler(), 0, false).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let opts = trackaudit::run::RunOptions {
        crawl: config(&server),
        out_dir: dir.path().into(),
        engine: trackaudit::run::Engine::Both,
        ..trackaudit::run::RunOptions::default()
    };
    let (s, recs) = crate::run_all("http://www.spa.test/\n", &opts).await;
    let c = recs[0].coverage.as_ref().expect("coverage recorded");
    assert!(
        c.browser_trackers
            .contains(&"www.google-analytics.com".to_string()),
        "{c:?}"
    );
    assert_eq!(c.missed_by_http, ["www.google-analytics.com"], "{c:?}");
    assert!(c
        .http_trackers
        .contains(&"www.googletagmanager.com".to_string()));
    assert_eq!((s.coverage_total, s.coverage_seen), (2, 1));
    // The audited visit is the browser's: its storage is in storage.csv.
    let storage = crate::read_csv(&dir.path().join("storage.csv"));
    assert!(
        storage
            .iter()
            .any(|r| r["key"] == "spa_uid" && r["kind"] == "local"),
        "{storage:?}"
    );
    let sites = crate::read_csv(&dir.path().join("sites.csv"));
    assert_eq!(
        (
            sites[0]["http_coverage"].as_str(),
            sites[0]["missed_by_http"].as_str()
        ),
        ("0.50", "www.google-analytics.com")
    );
    // The union: each row says which engine saw it; nothing either saw is lost.
    let requests = crate::read_csv(&dir.path().join("requests.csv"));
    let engine_of = |part: &str| -> Vec<String> {
        requests
            .iter()
            .filter(|r| r["url"].contains(part))
            .map(|r| r["engine"].clone())
            .collect()
    };
    assert_eq!(engine_of("www.spa.test/boot.js"), ["both"]);
    let ga = engine_of("google-analytics.com/collect");
    assert!(
        !ga.is_empty() && ga.iter().all(|e| e == "browser"),
        "{ga:?}"
    );
    assert_eq!(engine_of("facebook.com/tr"), ["http"], "{requests:?}");
    let cookies = crate::read_csv(&dir.path().join("cookies.csv"));
    let tp = cookies
        .iter()
        .find(|c| c["name"] == "tp_uid")
        .expect("the refused cookie is a row");
    assert_eq!(tp["engine"], "http");
    assert_eq!(tp["party"], "third");
    // Findings are computed over the union: Meta's noscript pixel counts.
    assert!(recs[0]
        .visit
        .requests
        .iter()
        .any(|r| r.company == "Meta" && r.engine == Some(trackaudit::model::SeenBy::Http)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dnt_compare_with_the_browser_sees_script_side_dnt_checks() {
    if !chromium() {
        return;
    }
    // The page decides in JavaScript: analytics only when navigator.doNotTrack
    // is not "1". No header differs, so only a browser can tell.
    let mut w = Web::new();
    w.page(
        "www.polite.test",
        "/",
        "<html><title>Polite</title><script>\
if (navigator.doNotTrack !== '1') { new Image().src = 'http://www.google-analytics.com/collect?v=1'; }\
new Image().src = 'http://ad.doubleclick.net/px.gif';</script></html>",
    );
    let server = WebServer::start(w.handler(), 0, true).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let opts = trackaudit::run::RunOptions {
        crawl: config(&server),
        out_dir: dir.path().into(),
        dnt_compare: true,
        engine: trackaudit::run::Engine::Browser,
        ..trackaudit::run::RunOptions::default()
    };
    let (summary, recs) = crate::run_all("http://www.polite.test/\n", &opts).await;
    let browser = summary.browser.unwrap_or_default();
    assert!(browser.contains("Chrome/"), "{browser}");
    // The run summary says when Chromium's sandbox is off.
    assert_eq!(
        browser.contains("(sandbox off: running as root)"),
        running_as_root(),
        "{browser}"
    );
    assert_eq!(recs[0].status, SiteStatus::Ok, "{}", recs[0].error);
    let d = recs[0].dnt_compare.as_ref().expect("comparison recorded");
    assert_eq!(d.stopped, ["www.google-analytics.com"], "{d:?}");
    assert!(d.started.is_empty());
    assert_eq!(d.trackers_with, ["ad.doubleclick.net"]);
    // The audited visit is the one with the signals.
    assert!(!recs[0]
        .visit
        .requests
        .iter()
        .any(|r| r.url.contains("google-analytics")));
}

#[test]
fn demo_with_both_engines_from_the_command_line() {
    if !chromium() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = crate::bin()
        .args(["demo", "--quiet", "--engine", "both", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("browser        HeadlessChrome/")
            || stdout.contains("browser        Chrome/"),
        "{stdout}"
    );
    assert!(
        stdout.contains("engine coverage: the HTTP engine saw"),
        "{stdout}"
    );
    let sites = crate::read_csv(&dir.path().join("sites.csv"));
    assert_eq!(sites.len(), 9);
    let ok: Vec<_> = sites.iter().filter(|s| s["status"] == "ok").collect();
    assert!(ok.len() >= 7, "{sites:?}");
    assert!(ok.iter().all(|s| !s["http_coverage"].is_empty()), "{ok:?}");
    // The browser's own rows: script-written cookies are attributed.
    let cookies = crate::read_csv(&dir.path().join("cookies.csv"));
    assert!(
        cookies.iter().any(|c| c["source"] == "script"),
        "{cookies:?}"
    );
    assert!(dir.path().join("storage.csv").is_file());
    // Over plain http Chromium refuses third-party SameSite=None cookies; the
    // attempt is noted on the site.
    assert!(
        sites
            .iter()
            .any(|s| s["notes"].contains("was refused by the browser (")),
        "{sites:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_third_party_and_partitioned_cookies() {
    if !chromium() {
        return;
    }
    let mut w = Web::new();
    w.page(
        "www.secure.test",
        "/",
        "<html><title>Secure</title><script src=\"https://cdn.tagger.test/tag.js\"></script>\
</html>",
    );
    w.route(
        "cdn.tagger.test",
        "/tag.js",
        WebResponse::new(
            200,
            "application/javascript",
            "new Image().src = 'https://px.tagger.test/p.gif?e=pv';",
        )
        .cookie("tid=1; Secure; SameSite=None; Partitioned; Max-Age=86400")
        .cookie("legacy=1; Secure; SameSite=None; Max-Age=86400"),
    );
    w.route("px.tagger.test", "/p.gif", WebResponse::pixel());
    let server = WebServer::start(w.handler(), 0, true).await.unwrap();
    let cfg = CrawlConfig {
        insecure: true,
        ..config(&server)
    };
    let engine = BrowserEngine::new(Arc::new(cfg)).await.unwrap();
    let o = engine
        .visit(&target("https://www.secure.test/"), no_abort())
        .await;
    assert_eq!(o.status, SiteStatus::Ok, "{}", o.error);
    assert_eq!(o.final_url, "https://www.secure.test/");
    let px = find(&o, "px.tagger.test/p.gif");
    assert_eq!(px.initiator, "https://cdn.tagger.test/tag.js");
    assert_eq!(px.party, Some(Party::Third));
    let tid = o
        .visit
        .cookies
        .iter()
        .find(|c| c.name == "tid")
        .expect("partitioned third-party cookie kept");
    assert_eq!(tid.party, Some(Party::Third));
    assert!(tid.secure);
    assert!(tid.note.contains("partitioned"), "{tid:?}");
    let legacy = o.visit.cookies.iter().find(|c| c.name == "legacy");
    assert!(legacy.is_some(), "{:?}", o.visit.cookies);
    // Served over TLS in the proxy tunnel.
    assert!(server
        .log()
        .iter()
        .any(|r| r.host == "cdn.tagger.test" && r.scheme == "https"));
    engine.shutdown().await;
}

fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// `pid` and every process below it (Chromium's zygote, renderers, utilities).
fn process_tree(pid: u32) -> Vec<u32> {
    let mut parents = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(p) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else {
            continue;
        };
        let ppid = stat
            .rsplit_once(") ")
            .and_then(|(_, r)| r.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u32>().ok());
        if let Some(pp) = ppid {
            parents.push((p, pp));
        }
    }
    let mut tree = vec![pid];
    let mut i = 0;
    while let Some(&p) = tree.get(i) {
        tree.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    tree
}

/// Socket inodes listening on TCP (IPv4 and IPv6) in this network namespace.
fn tcp_listen_inodes() -> Vec<String> {
    let mut out = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = std::fs::read_to_string(table).unwrap_or_default();
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split_whitespace().collect();
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
            if f.get(3) == Some(&"0A") {
                out.extend(f.get(9).map(|s| s.to_string()));
            }
        }
    }
    out
}

/// DevTools travels over fds 3 and 4: Chromium's command line asks for the
/// pipe and names no port, and no process of the browser listens on TCP. The
/// sandbox is off only as root, and then the engine's description says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devtools_over_a_pipe_without_a_debugging_port() {
    if !chromium() {
        return;
    }
    let server = WebServer::start(js_web().handler(), 0, false)
        .await
        .unwrap();
    let engine = BrowserEngine::new(Arc::new(config(&server))).await.unwrap();
    let o = engine.visit(&target("http://js.test/"), no_abort()).await;
    assert_eq!(o.status, SiteStatus::Ok, "{}", o.error);
    let pids = engine.browser_pids();
    assert_eq!(pids.len(), 1);
    let root = running_as_root();
    let listening = tcp_listen_inodes();
    for &pid in &pids {
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap();
        let args: Vec<String> = cmdline
            .split(|&b| b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        assert!(
            args.iter().any(|a| a == "--remote-debugging-pipe"),
            "{args:?}"
        );
        assert!(
            !args
                .iter()
                .any(|a| a.starts_with("--remote-debugging-port")),
            "{args:?}"
        );
        assert_eq!(args.iter().any(|a| a == "--no-sandbox"), root, "{args:?}");
        let mut pipes = Vec::new();
        for fd in [3, 4] {
            let link = std::fs::read_link(format!("/proc/{pid}/fd/{fd}")).unwrap();
            let link = link.to_string_lossy().into_owned();
            assert!(link.starts_with("pipe:"), "fd {fd}: {link}");
            pipes.push(link);
        }
        let tree = process_tree(pid);
        assert!(tree.len() > 1, "renderers run under the browser: {tree:?}");
        for p in tree {
            let Ok(fds) = std::fs::read_dir(format!("/proc/{p}/fd")) else {
                continue;
            };
            for fd in fds.flatten() {
                let link = std::fs::read_link(fd.path()).unwrap_or_default();
                let link = link.to_string_lossy();
                // Only the browser holds the pipe: its exit closes it.
                assert!(
                    p == pid || !pipes.iter().any(|l| *l == link),
                    "process {p} holds the DevTools pipe ({link})"
                );
                let inode = link
                    .strip_prefix("socket:[")
                    .and_then(|s| s.strip_suffix(']'));
                assert!(
                    !inode.is_some_and(|i| listening.iter().any(|l| l == i)),
                    "process {p} listens on TCP ({link})"
                );
            }
        }
    }
    assert_eq!(
        engine
            .describe()
            .ends_with(" (sandbox off: running as root)"),
        root,
        "{}",
        engine.describe()
    );
    engine.shutdown().await;
}
