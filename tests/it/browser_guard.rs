//! The browser engine's address guard: a page whose image, frame, fetch(),
//! worker and redirects point at private, link-local and ULA addresses gets a blocked
//! row for each, and nothing reaches them (the loopback test web, acting as
//! the proxy, logs every request it receives); `--allow-private` lets them
//! through. Without a proxy, names are resolved and checked too (`localhost`).
//! Everything stays on loopback. Skipped like tests/it/browser.rs when
//! Chromium is absent.

use std::sync::Arc;
use std::time::{Duration, Instant};
use trackaudit::crawl::browser::BrowserEngine;
use trackaudit::crawl::{CancellationToken, CrawlConfig, SiteOutcome};
use trackaudit::model::{Request, SiteStatus};
use trackaudit::targets::Target;
use trackaudit::testweb::{Web, WebResponse, WebServer};

use crate::browser::chromium;

fn target(url: &str) -> Target {
    Target {
        url: url::Url::parse(url).unwrap(),
        bare: false,
        origin: "test".into(),
    }
}

fn no_abort() -> CancellationToken {
    CancellationToken::new()
}

fn row<'a>(o: &'a SiteOutcome, url: &str) -> &'a Request {
    o.visit
        .requests
        .iter()
        .find(|r| r.url == url)
        .unwrap_or_else(|| {
            panic!(
                "no row for {url}; saw {:#?}",
                o.visit
                    .requests
                    .iter()
                    .map(|r| (&r.url, r.status, &r.error))
                    .collect::<Vec<_>>()
            )
        })
}

const PRIVATE_HOSTS: &[&str] = &["10.0.0.1", "169.254.169.254", "fd00::1"];

/// A site whose page points at private addresses every way a page can, a
/// site whose landing page redirects to one, and the private hosts' own
/// content (served by the loopback proxy only if a request gets through).
fn guard_web() -> Web {
    let mut w = Web::new();
    w.page(
        "guard.test",
        "/",
        r#"<!doctype html><html><head><title>Guarded</title></head><body>
<img src="http://10.0.0.1/pixel.gif">
<img src="http://0x0a.0.1/hex.gif">
<iframe src="http://169.254.169.254/latest/meta-data/"></iframe>
<img src="http://guard.test/bounce">
<script>
fetch('http://[fd00::1]/collect', { mode: 'no-cors' }).catch(function () {});
fetch('http://guard.test/api', { mode: 'no-cors' }).catch(function () {});
new Worker('http://guard.test/worker.js');
</script>
</body></html>"#,
    );
    w.route(
        "guard.test",
        "/bounce",
        WebResponse::redirect("http://10.0.0.1/bounced.gif"),
    );
    w.route("guard.test", "/api", WebResponse::status(204));
    w.route(
        "guard.test",
        "/worker.js",
        WebResponse::new(
            200,
            "application/javascript",
            "fetch('http://10.0.0.1/from-worker', { mode: 'no-cors' }).catch(function () {});",
        ),
    );
    w.route("10.0.0.1", "/from-worker", WebResponse::status(204));
    w.route(
        "redir.test",
        "/",
        WebResponse::redirect("http://10.0.0.1/landing"),
    );
    w.page(
        "10.0.0.1",
        "/landing",
        "<html><title>Intranet</title><img src=\"http://10.0.0.1/pixel.gif\">\
<img src=\"http://169.254.169.254/latest/user-data\"></html>",
    );
    w.route("10.0.0.1", "/pixel.gif", WebResponse::pixel());
    w.route("10.0.0.1", "/bounced.gif", WebResponse::pixel());
    w.route("10.0.0.1", "/hex.gif", WebResponse::pixel());
    w.page(
        "169.254.169.254",
        "/latest/meta-data/",
        "<html>ami-id instance-id</html>",
    );
    w.route("169.254.169.254", "/latest/user-data", WebResponse::pixel());
    w.route("fd00::1", "/collect", WebResponse::status(204));
    w
}

fn config(proxy: Option<String>, allow_private: bool) -> Arc<CrawlConfig> {
    Arc::new(CrawlConfig {
        proxy,
        allow_private,
        timeout: Duration::from_secs(5),
        site_budget: Duration::from_secs(30),
        concurrency: 1,
        ..CrawlConfig::default()
    })
}

fn private_requests(server: &WebServer) -> Vec<String> {
    server
        .log()
        .iter()
        .filter(|r| PRIVATE_HOSTS.contains(&r.host.as_str()))
        .map(|r| format!("{} {}", r.host, r.path))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_blocks_private_addresses_unless_allowed() {
    if !chromium() {
        return;
    }
    let server = WebServer::start(guard_web().handler(), 0, true)
        .await
        .unwrap();
    let blocked =
        |kind: &str, ip: &str| format!("blocked: {kind} address {ip} (use --allow-private)");

    // Guarded (the default).
    let engine = BrowserEngine::new(config(Some(server.proxy_url()), false))
        .await
        .unwrap();
    let started = Instant::now();
    let o = engine
        .visit(&target("http://guard.test/"), no_abort())
        .await;
    let took = started.elapsed();
    assert_eq!(o.status, SiteStatus::Ok, "{}", o.error);
    let pixel = row(&o, "http://10.0.0.1/pixel.gif");
    assert_eq!(pixel.error, blocked("private", "10.0.0.1"));
    assert_eq!(pixel.status, None);
    // A worker's requests are guarded too.
    assert_eq!(
        row(&o, "http://10.0.0.1/from-worker").error,
        blocked("private", "10.0.0.1")
    );
    // Other spellings of an address are the same address.
    assert_eq!(
        row(&o, "http://10.0.0.1/hex.gif").error,
        blocked("private", "10.0.0.1")
    );
    let meta = row(&o, "http://169.254.169.254/latest/meta-data/");
    assert_eq!(meta.error, blocked("link-local", "169.254.169.254"));
    let ula = row(&o, "http://[fd00::1]/collect");
    assert_eq!(ula.error, blocked("private", "fd00::1"));
    // The redirect's first hop is fetched, the hop to the private address refused.
    assert_eq!(row(&o, "http://guard.test/bounce").status, Some(302));
    let bounced = row(&o, "http://10.0.0.1/bounced.gif");
    assert_eq!(bounced.redirect_from, "http://guard.test/bounce");
    assert_eq!(bounced.error, blocked("private", "10.0.0.1"));
    // Public requests go on as before.
    let api = row(&o, "http://guard.test/api");
    assert_eq!(api.status, Some(204));
    assert!(!api.error.starts_with("blocked"), "{api:?}");
    // Nothing reached the private hosts, and refusing took no waiting.
    assert_eq!(private_requests(&server), Vec::<String>::new());
    assert!(took < Duration::from_secs(15), "took {took:?}");

    // A landing page redirecting to a private address: the site says why.
    let r = engine
        .visit(&target("http://redir.test/"), no_abort())
        .await;
    assert_eq!(r.status, SiteStatus::Error);
    assert_eq!(r.error, blocked("private", "10.0.0.1"));
    assert_eq!(
        row(&r, "http://10.0.0.1/landing").error,
        blocked("private", "10.0.0.1")
    );
    assert_eq!(private_requests(&server), Vec::<String>::new());

    // A target at a private address may be crawled (the user named it), and
    // so may its own host's subresources, but not other private hosts.
    let t = engine
        .visit(&target("http://10.0.0.1/landing"), no_abort())
        .await;
    assert_eq!(t.status, SiteStatus::Ok, "{}", t.error);
    assert_eq!(row(&t, "http://10.0.0.1/pixel.gif").status, Some(200));
    assert_eq!(
        row(&t, "http://169.254.169.254/latest/user-data").error,
        blocked("link-local", "169.254.169.254")
    );
    let reached = private_requests(&server);
    assert!(
        reached.iter().all(|r| r.starts_with("10.0.0.1 ")),
        "{reached:?}"
    );
    engine.shutdown().await;

    // --allow-private: every one goes through (to the loopback proxy).
    let open = BrowserEngine::new(config(Some(server.proxy_url()), true))
        .await
        .unwrap();
    let o = open.visit(&target("http://guard.test/"), no_abort()).await;
    assert_eq!(o.status, SiteStatus::Ok, "{}", o.error);
    for (url, status) in [
        ("http://10.0.0.1/pixel.gif", 200),
        ("http://169.254.169.254/latest/meta-data/", 200),
        ("http://[fd00::1]/collect", 204),
        ("http://10.0.0.1/bounced.gif", 200),
        ("http://10.0.0.1/hex.gif", 200),
        ("http://10.0.0.1/from-worker", 204),
    ] {
        let r = row(&o, url);
        assert_eq!(r.status, Some(status), "{url}");
        assert!(!r.error.starts_with("blocked"), "{r:?}");
    }
    let r = open.visit(&target("http://redir.test/"), no_abort()).await;
    assert_eq!(r.status, SiteStatus::Ok, "{}", r.error);
    assert_eq!(r.final_url, "http://10.0.0.1/landing");
    let reached = private_requests(&server);
    for want in [
        "10.0.0.1 /pixel.gif",
        "169.254.169.254 /latest/meta-data/",
        "fd00::1 /collect",
        "10.0.0.1 /bounced.gif",
    ] {
        assert!(reached.iter().any(|r| r == want), "{want}: {reached:?}");
    }
    open.shutdown().await;
}

/// Without a proxy the engine resolves names itself: `localhost` is refused
/// as a loopback address, like a literal 127.0.0.2, while the target (a
/// literal 127.0.0.1) is crawled. All on loopback.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_checks_resolved_names_without_a_proxy() {
    if !chromium() {
        return;
    }
    // The page needs the server's port: serve it from a fallback.
    let port = Arc::new(std::sync::atomic::AtomicU16::new(0));
    let p = port.clone();
    let mut web = Web::new();
    web.route("localhost", "/dns.gif", WebResponse::pixel());
    web.fallback(move |req| {
        let port = p.load(std::sync::atomic::Ordering::Relaxed);
        if req.path == "/" {
            WebResponse::html(format!(
                "<html><title>Loop</title>\
<img src=\"http://localhost:{port}/dns.gif\">\
<img src=\"http://127.0.0.2:{port}/literal.gif\">\
<img src=\"http://127.0.0.1:{port}/own.gif\"></html>"
            ))
        } else if req.path == "/own.gif" {
            WebResponse::pixel()
        } else {
            WebResponse::status(404)
        }
    });
    let server = WebServer::start(web.handler(), 0, true).await.unwrap();
    port.store(server.addr().port(), std::sync::atomic::Ordering::Relaxed);
    let port = server.addr().port();
    let landing = format!("http://127.0.0.1:{port}/");
    let dns = format!("http://localhost:{port}/dns.gif");
    let literal = format!("http://127.0.0.2:{port}/literal.gif");
    let own = format!("http://127.0.0.1:{port}/own.gif");

    let engine = BrowserEngine::new(config(None, false)).await.unwrap();
    let o = engine.visit(&target(&landing), no_abort()).await;
    assert_eq!(o.status, SiteStatus::Ok, "{}", o.error);
    assert_eq!(row(&o, &own).status, Some(200));
    let d = row(&o, &dns);
    assert!(
        d.error.starts_with("blocked: loopback address ")
            && d.error.ends_with("(use --allow-private)"),
        "{d:?}"
    );
    assert_eq!(
        row(&o, &literal).error,
        "blocked: loopback address 127.0.0.2 (use --allow-private)"
    );
    assert!(
        !server.log().iter().any(|r| r.host == "localhost"),
        "localhost was reached"
    );
    engine.shutdown().await;

    // --allow-private: localhost is served; 127.0.0.2 is tried (nobody listens there).
    let open = BrowserEngine::new(config(None, true)).await.unwrap();
    let o = open.visit(&target(&landing), no_abort()).await;
    assert_eq!(o.status, SiteStatus::Ok, "{}", o.error);
    assert_eq!(row(&o, &dns).status, Some(200), "{:?}", row(&o, &dns));
    let l = row(&o, &literal);
    assert!(!l.error.starts_with("blocked"), "{l:?}");
    assert!(server.log().iter().any(|r| r.host == "localhost"));
    open.shutdown().await;
}
