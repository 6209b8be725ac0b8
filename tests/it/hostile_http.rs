//! HTTP engine against answers a browser shrugs off (hundreds of Set-Cookie
//! headers, control bytes in headers, lying Content-Length, broken gzip) and
//! pages that point it at private, loopback and cloud-metadata addresses.

use bytes::Bytes;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use trackaudit::crawl::CrawlConfig;
use trackaudit::model::{SiteRecord, SiteStatus};
use trackaudit::run::RunOptions;
use trackaudit::testweb::{Body, Web, WebResponse, WebServer};

/// Serves `web` and crawls `targets` with `tune` applied to the config
/// (through the server as a proxy unless `tune` changes that).
async fn crawl(
    web: Web,
    targets: impl Fn(&WebServer) -> String,
    tune: impl FnOnce(&mut CrawlConfig, &WebServer),
) -> (WebServer, Vec<SiteRecord>) {
    let server = WebServer::start(web.handler(), 0, true).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = CrawlConfig {
        proxy: Some(server.proxy_url()),
        timeout: Duration::from_secs(10),
        site_budget: Duration::from_secs(30),
        ..CrawlConfig::default()
    };
    tune(&mut cfg, &server);
    let opts = RunOptions {
        crawl: cfg,
        out_dir: dir.path().to_path_buf(),
        ..RunOptions::default()
    };
    let (_, records) = crate::run_all(&targets(&server), &opts).await;
    (server, records)
}

fn record<'a>(records: &'a [SiteRecord], host: &str) -> &'a SiteRecord {
    records
        .iter()
        .find(|r| r.site.contains(host))
        .unwrap_or_else(|| panic!("no record for {host}"))
}

fn raw(head: &str, body: &[u8]) -> WebResponse {
    let mut bytes = head.replace('\n', "\r\n").into_bytes();
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(body);
    WebResponse {
        status: 200,
        headers: Vec::new(),
        body: Body::Raw(Bytes::from(bytes)),
    }
}

const PAGE: &str = "<html><head><title>Odd but fine</title></head><body>\
<img src=\"/after.gif\"><p>hello</p></body></html>";

#[tokio::test]
async fn odd_responses_a_browser_renders_are_ok_sites_with_notes() {
    let mut web = Web::new();
    // 500 Set-Cookie headers on the landing page (hyper's default limit is 100 headers).
    let mut many = WebResponse::html(PAGE);
    for i in 0..500 {
        many = many.cookie(&format!("c{i}=v{i}; Path=/"));
    }
    web.route("many.test", "/", many);
    // A control byte inside one header value; the other headers still count.
    web.route(
        "ctl.test",
        "/",
        WebResponse::html(PAGE)
            .header("X-Odd", "a\u{1}b")
            .cookie("kept=1; Path=/"),
    );
    // Content-Length longer than the body: the connection closes early.
    let long_head = format!(
        "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: {}\nConnection: close\n",
        PAGE.len() + 5000
    );
    web.route("long.test", "/", raw(&long_head, PAGE.as_bytes()));
    // Content-Length shorter than the body: the surplus is not part of the page.
    let cut = PAGE.find("<p>").unwrap();
    let short_head = format!(
        "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: {cut}\nConnection: close\n"
    );
    let mut surplus = PAGE.as_bytes().to_vec();
    surplus.extend_from_slice(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    web.route("short.test", "/", raw(&short_head, &surplus));
    // A gzip body cut in the middle: the part that inflates is the page.
    let mut big = String::from(PAGE.trim_end_matches("</body></html>"));
    for i in 0..4000 {
        big.push_str(&format!("<p>paragraph {i} of a long article</p>"));
    }
    let gz = {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(big.as_bytes()).unwrap();
        enc.finish().unwrap()
    };
    let half = Bytes::copy_from_slice(&gz[..gz.len() / 2]);
    web.route(
        "gzip.test",
        "/",
        WebResponse::new(200, "text/html", half).header("Content-Encoding", "gzip"),
    );
    web.fallback(|r| {
        if r.path == "/after.gif" {
            WebResponse::pixel()
        } else {
            WebResponse::status(404)
        }
    });
    let list = "http://many.test/\nhttp://ctl.test/\nhttp://long.test/\nhttp://short.test/\nhttp://gzip.test/\n";
    let (_server, records) = crawl(web, |_| list.into(), |_, _| {}).await;
    for r in &records {
        assert_eq!(
            r.status,
            SiteStatus::Ok,
            "{}: {} {:?}",
            r.site,
            r.error,
            r.visit.errors
        );
        assert_eq!(r.visit.pages[0].title, "Odd but fine", "{}", r.site);
        assert!(
            r.visit
                .requests
                .iter()
                .any(|q| q.url.ends_with("/after.gif") && q.status == Some(200)),
            "{}: the page's image is fetched: {:?}",
            r.site,
            r.visit.requests
        );
    }
    for r in &records {
        eprintln!(
            "NOTES {} {:?} {:?}",
            r.site, r.visit.errors, r.visit.requests[0].error
        );
    }
    let many = record(&records, "many.test");
    assert_eq!(many.visit.cookies.len(), 500, "every Set-Cookie recorded");
    assert!(many.visit.cookies.iter().any(|c| c.name == "c499"));

    let ctl = record(&records, "ctl.test");
    assert!(
        ctl.visit.cookies.iter().any(|c| c.name == "kept"),
        "headers after the odd one still count"
    );

    let long = record(&records, "long.test");
    let note = long
        .visit
        .errors
        .iter()
        .find(|e| {
            e.contains(&format!(
                "connection closed before the {} bytes",
                PAGE.len() + 5000
            ))
        })
        .unwrap_or_else(|| panic!("no note: {:?}", long.visit.errors));
    assert!(note.contains("kept the"), "{note}");

    let gzip = record(&records, "gzip.test");
    let note = gzip
        .visit
        .errors
        .iter()
        .find(|e| e.contains("http://gzip.test/"))
        .unwrap_or_else(|| panic!("no note: {:?}", gzip.visit.errors));
    assert!(note.contains("kept the"), "{note}");
    let landing = &gzip.visit.requests[0];
    assert!(!landing.error.is_empty(), "the row says the body broke");
}

fn guard_web() -> Web {
    let mut web = Web::new();
    web.page(
        "site.test",
        "/",
        r#"<html><head><title>Points inward</title>
<script src="http://169.254.169.254/latest/meta-data/"></script></head><body>
<img src="http://10.0.0.1/p.gif"><img src="/hop.gif"><img src="/ok.gif">
<iframe src="http://[fd00::1]/frame"></iframe></body></html>"#,
    );
    web.route(
        "site.test",
        "/hop.gif",
        WebResponse::redirect("http://10.0.0.1/x.gif"),
    );
    web.route("site.test", "/ok.gif", WebResponse::pixel());
    web.fallback(|_| WebResponse::pixel());
    web
}

fn blocked<'a>(r: &'a SiteRecord, url: &str) -> &'a str {
    r.visit
        .requests
        .iter()
        .find(|q| q.url == url)
        .map(|q| q.error.as_str())
        .unwrap_or_else(|| panic!("no row for {url}: {:#?}", r.visit.requests))
}

#[tokio::test]
async fn subresources_and_redirects_never_reach_private_addresses() {
    let started = Instant::now();
    let (server, records) = crawl(guard_web(), |_| "http://site.test/\n".into(), |_, _| {}).await;
    let r = record(&records, "site.test");
    assert_eq!(r.status, SiteStatus::Ok, "{}", r.error);
    assert_eq!(
        blocked(r, "http://10.0.0.1/p.gif"),
        "blocked: private address 10.0.0.1 (use --allow-private)"
    );
    assert_eq!(
        blocked(r, "http://169.254.169.254/latest/meta-data/"),
        "blocked: link-local address 169.254.169.254 (use --allow-private)"
    );
    assert_eq!(
        blocked(r, "http://[fd00::1]/frame"),
        "blocked: private address fd00::1 (use --allow-private)"
    );
    // The redirect hop is a row; its private target is a blocked row after it.
    let hop = r
        .visit
        .requests
        .iter()
        .find(|q| q.url == "http://10.0.0.1/x.gif")
        .expect("redirect target row");
    assert_eq!(hop.redirect_from, "http://site.test/hop.gif");
    assert!(
        hop.error.starts_with("blocked: private address"),
        "{}",
        hop.error
    );
    assert_eq!(hop.status, None);
    assert!(r
        .visit
        .requests
        .iter()
        .any(|q| q.url == "http://site.test/ok.gif" && q.status == Some(200)));
    // Nothing was sent for them, not even to the proxy.
    let hosts: Vec<String> = server.log().iter().map(|q| q.host.clone()).collect();
    for h in ["10.0.0.1", "169.254.169.254", "[fd00::1]", "fd00::1"] {
        assert!(
            !hosts.iter().any(|x| x == h),
            "{h} was requested: {hosts:?}"
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );

    // --allow-private lets them through (here to the proxy, which answers).
    let (server, records) = crawl(
        guard_web(),
        |_| "http://site.test/\n".into(),
        |c, _| c.allow_private = true,
    )
    .await;
    let r = record(&records, "site.test");
    assert_eq!(blocked(r, "http://10.0.0.1/p.gif"), "");
    assert!(server.log().iter().any(|q| q.host == "169.254.169.254"));
}

#[tokio::test]
async fn names_resolving_to_loopback_are_refused_unless_they_are_targets() {
    // No proxy. The literal loopback target may load its own address, but a
    // name that resolves to loopback (`localhost`) is refused; site.test is
    // pointed at the server with --resolve, which the user chose: allowed.
    let port = Arc::new(AtomicU16::new(0));
    let p = port.clone();
    let mut web = Web::new();
    web.fallback(move |r| {
        let port = p.load(Ordering::SeqCst);
        match (r.host.as_str(), r.path.as_str()) {
            ("127.0.0.1", "/") => WebResponse::html(format!(
                r#"<title>Loopback</title><img src="http://localhost:{port}/by-name.gif">
<img src="http://127.0.0.1:{port}/by-address.gif">"#
            )),
            ("site.test", "/") => WebResponse::html(format!(
                r#"<title>Resolved</title><img src="http://localhost:{port}/from-site.gif">
<img src="/same.gif"><img src="http://cdn.test:{port}/pointed.gif">"#
            )),
            _ => WebResponse::pixel(),
        }
    });
    let server = WebServer::start(web.handler(), 0, true).await.unwrap();
    let port = {
        port.store(server.addr().port(), Ordering::SeqCst);
        server.addr().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let cfg = CrawlConfig {
        resolve: vec![
            ("site.test".into(), server.addr()),
            ("cdn.test".into(), server.addr()),
        ],
        timeout: Duration::from_secs(10),
        ..CrawlConfig::default()
    };
    let opts = RunOptions {
        crawl: cfg,
        out_dir: dir.path().to_path_buf(),
        ..RunOptions::default()
    };
    let list = format!("http://127.0.0.1:{port}/\nhttp://site.test:{port}/\n");
    let (_, records) = crate::run_all(&list, &opts).await;
    let lo = record(&records, "127.0.0.1");
    assert_eq!(lo.status, SiteStatus::Ok, "{}", lo.error);
    let by_name = blocked(lo, &format!("http://localhost:{port}/by-name.gif"));
    assert_eq!(
        by_name,
        "blocked: loopback address 127.0.0.1 (use --allow-private)"
    );
    assert_eq!(
        blocked(lo, &format!("http://127.0.0.1:{port}/by-address.gif")),
        ""
    );
    let site = record(&records, "site.test");
    assert_eq!(site.status, SiteStatus::Ok, "{}", site.error);
    let from_site = blocked(site, &format!("http://localhost:{port}/from-site.gif"));
    assert!(
        from_site.starts_with("blocked: loopback address"),
        "{from_site}"
    );
    assert_eq!(
        blocked(site, &format!("http://site.test:{port}/same.gif")),
        ""
    );
    // Not a target, but the user pointed it at loopback with --resolve.
    assert_eq!(
        blocked(site, &format!("http://cdn.test:{port}/pointed.gif")),
        ""
    );
    let paths: Vec<String> = server.log().iter().map(|q| q.path.clone()).collect();
    assert!(
        !paths
            .iter()
            .any(|p| p == "/by-name.gif" || p == "/from-site.gif"),
        "{paths:?}"
    );
    assert!(paths.iter().any(|p| p == "/by-address.gif"), "{paths:?}");
}

#[tokio::test]
async fn frames_full_of_images_stop_at_the_request_cap_with_a_count() {
    // 20 frames of 300 images each: 6,020 subresources for a cap of 3,000
    // requests (the landing page is one). The queue holds no more than fits.
    let mut web = Web::new();
    let frames: String = (0..20)
        .map(|i| format!("<iframe src=\"/f{i}\"></iframe>"))
        .collect();
    web.page("cap.test", "/", &format!("<title>Cap</title>{frames}"));
    web.fallback(|r| {
        if r.path.starts_with("/f") {
            let imgs: String = (0..300)
                .map(|k| format!("<img src=\"/i{}-{k}.gif\">", r.path))
                .collect();
            WebResponse::html(imgs)
        } else {
            WebResponse::pixel()
        }
    });
    let (_server, records) = crawl(web, |_| "http://cap.test/\n".into(), |_, _| {}).await;
    let r = record(&records, "cap.test");
    assert_eq!(r.status, SiteStatus::Ok, "{}", r.error);
    assert_eq!(r.visit.requests.len(), 3000);
    assert!(
        r.visit
            .errors
            .iter()
            .any(|e| e == "request cap of 3000 reached; 3021 not fetched"),
        "{:?}",
        r.visit.errors
    );
}

#[tokio::test]
async fn a_host_slot_is_held_until_the_body_is_read() {
    // One request per host: the second image may be asked for only after the
    // first one's body (sent 300 ms after its headers) has been read.
    let arrivals = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = arrivals.clone();
    let mut web = Web::new();
    web.page(
        "slow.test",
        "/",
        r#"<title>Slow</title><img src="http://img.slow.test/a.gif"><img src="http://img.slow.test/b.gif">"#,
    );
    web.fallback(move |r| {
        if r.host != "img.slow.test" {
            return WebResponse::status(404);
        }
        log.lock().unwrap().push((r.path.clone(), Instant::now()));
        let mut resp = WebResponse::pixel();
        if let Body::Bytes(b) = resp.body {
            resp.body = Body::Delayed(b, Duration::from_millis(300));
        }
        resp
    });
    let (_server, records) =
        crawl(web, |_| "http://slow.test/\n".into(), |c, _| c.per_host = 1).await;
    let r = record(&records, "slow.test");
    assert_eq!(r.status, SiteStatus::Ok, "{}", r.error);
    let rows = r
        .visit
        .requests
        .iter()
        .filter(|q| q.domain == "img.slow.test");
    assert!(rows.clone().count() == 2 && rows.clone().all(|q| q.size > 0 && q.error.is_empty()));
    let a = arrivals.lock().unwrap();
    assert_eq!(a.len(), 2, "{a:?}");
    let gap = a[1].1.duration_since(a[0].1);
    assert!(
        gap >= Duration::from_millis(280),
        "second request {gap:?} after the first"
    );
}

#[tokio::test]
async fn a_proxy_named_localhost_is_the_users_choice() {
    let (_server, records) = crawl(
        guard_web(),
        |_| "http://site.test/\n".into(),
        |c, s| c.proxy = Some(format!("http://localhost:{}", s.addr().port())),
    )
    .await;
    let r = record(&records, "site.test");
    assert_eq!(r.status, SiteStatus::Ok, "{}", r.error);
    assert!(blocked(r, "http://10.0.0.1/p.gif").starts_with("blocked: private address"));
}
