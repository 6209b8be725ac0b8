//! What a real browser does beyond page requests, seen by the browser engine
//! over fixture pages of a loopback web: a service worker and a dedicated
//! worker that fetch trackers, a third-party iframe that writes localStorage
//! and is removed, a popup that loads a pixel, and over https a third-party
//! `SameSite=None; Secure` cookie and a partitioned (CHIPS) cookie with its
//! partition key. Skipped without Chromium, as tests/it/browser.rs is.

use crate::browser::{chromium, config};
use std::sync::Arc;
use trackaudit::crawl::browser::BrowserEngine;
use trackaudit::crawl::{CancellationToken, CrawlConfig, SiteOutcome};
use trackaudit::model::{Party, Request, SiteStatus};
use trackaudit::targets::Target;
use trackaudit::testweb::{Web, WebResponse, WebServer};

fn target(url: &str) -> Target {
    Target {
        url: url::Url::parse(url).unwrap(),
        bare: false,
        origin: "test".into(),
    }
}

fn js(body: &str) -> WebResponse {
    WebResponse::new(200, "application/javascript", body.to_string())
}

/// Every request row as (url, type, initiator, page), for failure messages.
fn rows(o: &SiteOutcome) -> String {
    o.visit
        .requests
        .iter()
        .map(|r| {
            format!(
                "{} {:?} by {:?} on {}",
                r.url, r.resource_type, r.initiator, r.page_url
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn find<'a>(o: &'a SiteOutcome, part: &str) -> &'a Request {
    o.visit
        .requests
        .iter()
        .find(|r| r.url.contains(part))
        .unwrap_or_else(|| {
            panic!(
                "no request for {part}; rows:\n{}\nnotes: {:?}",
                rows(o),
                o.visit.errors
            )
        })
}

/// A page over https that registers a service worker and starts a dedicated
/// worker; each worker fetches a tracker from its own script.
fn worker_web() -> Web {
    let mut w = Web::new();
    w.page(
        "www.workers.test",
        "/",
        r#"<!doctype html><html><head><title>Workers</title>
<script src="/app.js"></script></head><body><p>Hello</p></body></html>"#,
    );
    w.route(
        "www.workers.test",
        "/app.js",
        js("navigator.serviceWorker.register('/sw.js').catch(e => fetch('/sw-error?' + encodeURIComponent(String(e))));\n\
new Worker('/worker.js');\nnew SharedWorker('/shared.js');"),
    );
    w.route(
        "www.workers.test",
        "/sw.js",
        js(
            "fetch('https://collect.swtrack.test/sw-hit?e=install', { mode: 'no-cors' });\n\
self.addEventListener('install', () => self.skipWaiting());",
        ),
    );
    w.route(
        "www.workers.test",
        "/worker.js",
        js("fetch('https://collect.wtrack.test/worker-hit', { mode: 'no-cors' });"),
    );
    w.route(
        "www.workers.test",
        "/shared.js",
        js("fetch('https://collect.shtrack.test/shared-hit', { mode: 'no-cors' });"),
    );
    w.route(
        "collect.shtrack.test",
        "/shared-hit",
        WebResponse::status(204),
    );
    w.route("collect.swtrack.test", "/sw-hit", WebResponse::status(204));
    w.route(
        "collect.wtrack.test",
        "/worker-hit",
        WebResponse::status(204),
    );
    w
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_workers_and_workers_start_and_their_requests_are_rows() {
    if !chromium() {
        return;
    }
    let server = WebServer::start(worker_web().handler(), 0, true)
        .await
        .unwrap();
    let cfg = CrawlConfig {
        insecure: true,
        ..config(&server)
    };
    let engine = BrowserEngine::new(Arc::new(cfg)).await.unwrap();
    let started = std::time::Instant::now();
    let o = engine
        .visit(
            &target("https://www.workers.test/"),
            CancellationToken::new(),
        )
        .await;
    assert_eq!(o.status, SiteStatus::Ok, "{}", o.error);
    let log = server.log();
    assert!(
        !log.iter().any(|r| r.path == "/sw-error"),
        "registration failed: {:?}",
        log.iter()
            .map(|r| (&r.host, &r.path, &r.query))
            .collect::<Vec<_>>()
    );
    let sw = find(&o, "collect.swtrack.test/sw-hit");
    assert_eq!(
        sw.initiator,
        "https://www.workers.test/sw.js",
        "{}",
        rows(&o)
    );
    assert_eq!(sw.page_url, "https://www.workers.test/");
    assert_eq!(sw.party, Some(Party::Third));
    let wk = find(&o, "collect.wtrack.test/worker-hit");
    assert_eq!(wk.initiator, "https://www.workers.test/worker.js");
    assert_eq!(wk.page_url, "https://www.workers.test/");
    let sh = find(&o, "collect.shtrack.test/shared-hit");
    assert_eq!(sh.initiator, "https://www.workers.test/shared.js");
    assert_eq!(sh.page_url, "https://www.workers.test/");
    // The worker scripts themselves were fetched, and the trackers served.
    find(&o, "www.workers.test/sw.js");
    find(&o, "www.workers.test/worker.js");
    assert!(log.iter().any(|r| r.host == "collect.swtrack.test"));
    assert!(log.iter().any(|r| r.host == "collect.wtrack.test"));
    // Resumed at once: no waiting out a command timeout on a paused worker.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_of_a_removed_third_party_iframe_is_kept() {
    if !chromium() {
        return;
    }
    let mut w = Web::new();
    w.page(
        "www.frames.test",
        "/",
        r#"<!doctype html><html><head><title>Frames</title></head><body>
<iframe src="http://widget.framer.test/f.html" onload="this.remove(); document.title = 'removed'"></iframe>
<iframe src="http://stay.framer.test/f.html"></iframe></body></html>"#,
    );
    w.page(
        "widget.framer.test",
        "/f.html",
        r#"<html><script src="/f.js"></script></html>"#,
    );
    w.route(
        "widget.framer.test",
        "/f.js",
        js("localStorage.setItem('fr_uid', 'u-123456');\n\
sessionStorage.setItem('fr_s', '1');\n\
localStorage.setItem('fr_tmp', 'x'); localStorage.removeItem('fr_tmp');"),
    );
    w.page(
        "stay.framer.test",
        "/f.html",
        "<html><script>localStorage.setItem('st_uid', 'abc');</script></html>",
    );
    let server = WebServer::start(w.handler(), 0, true).await.unwrap();
    let engine = BrowserEngine::new(Arc::new(config(&server))).await.unwrap();
    let o = engine
        .visit(&target("http://www.frames.test/"), CancellationToken::new())
        .await;
    assert_eq!(o.status, SiteStatus::Ok, "{}", o.error);
    assert_eq!(o.visit.pages[0].title, "removed", "the frame was removed");
    let st = &o.visit.storage;
    let uid = st
        .iter()
        .find(|s| s.key == "fr_uid")
        .unwrap_or_else(|| panic!("removed frame's storage lost: {st:#?}"));
    assert_eq!(uid.origin, "http://widget.framer.test");
    assert_eq!(uid.kind, "local");
    assert_eq!(uid.value_length, 8);
    assert_eq!(uid.party, Some(Party::Third));
    assert_eq!(uid.set_by, "http://widget.framer.test/f.js");
    let s = st
        .iter()
        .find(|s| s.key == "fr_s")
        .expect("session storage");
    assert_eq!((s.kind.as_str(), s.value_length), ("session", 1));
    // A key removed again is not reported; the frame still there is read as before.
    assert!(!st.iter().any(|s| s.key == "fr_tmp"), "{st:#?}");
    let stay = st
        .iter()
        .find(|s| s.key == "st_uid")
        .expect("attached frame");
    assert_eq!(stay.origin, "http://stay.framer.test");
    assert_eq!(st.iter().filter(|s| s.key == "st_uid").count(), 1);
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_popup_is_recorded_as_its_own_page() {
    if !chromium() {
        return;
    }
    let mut w = Web::new();
    w.page(
        "www.pop.test",
        "/",
        r#"<!doctype html><html><head><title>Pop</title>
<script src="/opener.js"></script></head><body>Hi</body></html>"#,
    );
    w.route(
        "www.pop.test",
        "/opener.js",
        js(
            "var w = window.open('http://ads.popper.test/land.html?c=1', '_blank');\n\
for (var i = 0; i < 10; i++) window.open('http://ads.popper.test/more' + i);",
        ),
    );
    w.page(
        "ads.popper.test",
        "/land.html",
        r#"<html><title>Landing</title><img src="http://px.popper.test/p.gif"></html>"#,
    );
    w.route("px.popper.test", "/p.gif", WebResponse::pixel());
    let server = WebServer::start(w.handler(), 0, true).await.unwrap();
    let engine = BrowserEngine::new(Arc::new(config(&server))).await.unwrap();
    let o = engine
        .visit(&target("http://www.pop.test/"), CancellationToken::new())
        .await;
    assert_eq!(o.status, SiteStatus::Ok, "{}", o.error);
    let popup = "http://ads.popper.test/land.html?c=1";
    let doc = find(&o, "ads.popper.test/land.html");
    assert_eq!(doc.page_url, popup);
    assert_eq!(
        doc.initiator,
        "http://www.pop.test/opener.js",
        "{}",
        rows(&o)
    );
    assert_eq!(
        doc.resource_type,
        Some(trackaudit::model::ResourceType::Document)
    );
    assert_eq!(doc.status, Some(200));
    let px = find(&o, "px.popper.test/p.gif");
    assert_eq!(px.page_url, popup);
    assert_eq!(px.party, Some(Party::Third));
    let page = o
        .visit
        .pages
        .iter()
        .find(|p| p.url == popup)
        .unwrap_or_else(|| panic!("{:#?}", o.visit.pages));
    assert_eq!((page.title.as_str(), page.status), ("Landing", Some(200)));
    assert!(
        o.visit
            .errors
            .iter()
            .any(|e| e.contains(popup) && e.contains("opener.js")),
        "{:?}",
        o.visit.errors
    );
    // Bounded: three popups at most of the eleven asked for.
    let opened = server
        .log()
        .iter()
        .filter(|r| r.host == "ads.popper.test")
        .count();
    assert_eq!(opened, 3, "{:?}", o.visit.errors);
    assert_eq!(o.visit.pages.len(), 4);
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_third_party_and_partitioned_cookies_with_their_partition() {
    if !chromium() {
        return;
    }
    let mut w = Web::new();
    w.page(
        "www.chips.test",
        "/",
        r#"<html><title>Chips</title>
<iframe src="https://embed.chipsvendor.test/frame.html"></iframe></html>"#,
    );
    w.route(
        "embed.chipsvendor.test",
        "/frame.html",
        WebResponse::html(r#"<html><script src="/frame.js"></script></html>"#)
            .cookie("emb_part=1; Secure; SameSite=None; Partitioned; Path=/; Max-Age=86400")
            .cookie("emb_3p=1; Secure; SameSite=None; Path=/; Max-Age=86400"),
    );
    w.route(
        "embed.chipsvendor.test",
        "/frame.js",
        js("document.cookie = 'js_part=22; Secure; SameSite=None; Partitioned; Path=/; Max-Age=3600';"),
    );
    let server = WebServer::start(w.handler(), 0, true).await.unwrap();
    let cfg = CrawlConfig {
        insecure: true,
        ..config(&server)
    };
    let engine = BrowserEngine::new(Arc::new(cfg)).await.unwrap();
    let o = engine
        .visit(&target("https://www.chips.test/"), CancellationToken::new())
        .await;
    assert_eq!(o.status, SiteStatus::Ok, "{}", o.error);
    let cookie = |name: &str| {
        o.visit
            .cookies
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no cookie {name}: {:#?}", o.visit.cookies))
    };
    let legacy = cookie("emb_3p");
    assert_eq!(legacy.party, Some(Party::Third));
    assert!(legacy.secure);
    assert_eq!(legacy.same_site, "None");
    assert_eq!(legacy.partition_key, "");
    assert_eq!(legacy.set_by, "https://embed.chipsvendor.test/frame.html");
    let part = cookie("emb_part");
    assert_eq!(part.partition_key, "https://chips.test", "{part:?}");
    assert_eq!(part.party, Some(Party::Third));
    assert!(part.note.contains("partitioned"), "{part:?}");
    let js_part = cookie("js_part");
    assert_eq!(js_part.partition_key, "https://chips.test");
    assert_eq!(js_part.set_by, "https://embed.chipsvendor.test/frame.js");
    engine.shutdown().await;
}
