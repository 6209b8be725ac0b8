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
new Worker('/worker.js');"),
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
