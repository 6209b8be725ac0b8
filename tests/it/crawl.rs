//! HTTP engine against a local multi-host fixture web: subresources, frames,
//! CSS, beacons, redirect chains, cookies, headers, pages, and hostile sites.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use trackaudit::crawl::{Cancel, CrawlConfig};
use trackaudit::model::RunSummary;
use trackaudit::model::{SiteRecord, SiteStatus};
use trackaudit::run::{self, RunOptions};
use trackaudit::targets::TargetList;
use trackaudit::testweb::{Body, Web, WebResponse, WebServer};

type Row = HashMap<String, String>;

pub(crate) struct Audit {
    pub(crate) server: WebServer,
    pub(crate) dir: tempfile::TempDir,
    pub(crate) summary: RunSummary,
    pub(crate) records: Vec<SiteRecord>,
}

impl Audit {
    pub(crate) fn csv(&self, name: &str) -> Vec<Row> {
        crate::read_csv(&self.dir.path().join(name))
    }

    pub(crate) fn record(&self, site: &str) -> &SiteRecord {
        self.records
            .iter()
            .find(|r| r.site == site)
            .unwrap_or_else(|| panic!("no record for {site}"))
    }
}

/// Serves `web`, crawls `targets` through it as a proxy, returns everything.
pub(crate) async fn audit(
    web: Web,
    targets: &str,
    tune: impl FnOnce(&mut CrawlConfig, &WebServer),
) -> Audit {
    let server = WebServer::start(web.handler(), 0, true).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut crawl = CrawlConfig {
        proxy: Some(server.proxy_url()),
        timeout: Duration::from_secs(3),
        site_budget: Duration::from_secs(20),
        ..CrawlConfig::default()
    };
    tune(&mut crawl, &server);
    let opts = RunOptions {
        crawl,
        out_dir: dir.path().to_path_buf(),
        ..RunOptions::default()
    };
    let (summary, records) = crate::run_all(targets, &opts).await;
    Audit {
        server,
        dir,
        summary,
        records,
    }
}

fn fixture_web() -> Web {
    let mut w = Web::new();
    let h = "www.fixture.example";
    w.route(
        h,
        "/",
        WebResponse::html(
            r#"<html><head><title>Fixture &amp; Co</title><link rel=stylesheet href="/a.css">
<script src="http://cdn.tracker.test/t.js"></script></head><body>
<img src="http://pixel.tracker.test/p.gif"><img src="/declared.png" width=1 height=1><img src="/photo.png">
<img src="http://sync.one.test/start" style="display:none">
<iframe src="http://frame.test/f1"></iframe>
<noscript><img src="http://ns.tracker.test/ns.gif" height="1" width="1"></noscript>
<a href="/page2">2</a><a href="/logout">out</a><a href="/doc.pdf">pdf</a><a href="/page3">3</a><a href="/page4">4</a>
<a href="http://other.test/">x</a></body></html>"#,
        )
        .cookie("sid=s1; Path=/; HttpOnly; SameSite=Lax")
        .cookie(";;;"),
    );
    w.route(
        h,
        "/a.css",
        WebResponse::new(
            200,
            "text/css",
            "@import \"/b.css\"; body{background:url(/bg.png)} @font-face{src:url(/f.woff2)}",
        ),
    );
    w.route(
        h,
        "/b.css",
        WebResponse::new(200, "text/css", "body{background:url(/never.png)}"),
    );
    w.route(
        h,
        "/bg.png",
        WebResponse::new(200, "image/png", trackaudit::testweb::demo::png(800, 600)),
    );
    w.route(
        h,
        "/declared.png",
        WebResponse::new(200, "image/png", trackaudit::testweb::demo::png(300, 300)),
    );
    w.route(
        h,
        "/photo.png",
        WebResponse::new(200, "image/png", trackaudit::testweb::demo::png(100, 100)),
    );
    w.page(
        h,
        "/page2",
        "<html><title>Two</title><img src=/p2.png></html>",
    );
    w.page(h, "/page3", "<html><title>Three</title></html>");
    w.route(
        "cdn.tracker.test",
        "/t.js",
        WebResponse::new(200, "application/javascript", "x()")
            .cookie("tid=9; Domain=tracker.test; Max-Age=86400"),
    );
    w.route("pixel.tracker.test", "/p.gif", WebResponse::pixel());
    w.route("ns.tracker.test", "/ns.gif", WebResponse::pixel());
    w.route(
        "sync.one.test",
        "/start",
        WebResponse::redirect("http://sync.two.test/match?uid=1")
            .cookie("uid=1; Domain=.one.test; Path=/; Max-Age=31536000"),
    );
    w.route(
        "sync.two.test",
        "/match",
        WebResponse::redirect("http://sync.one.test/done").cookie("partner=7; Max-Age=2592000"),
    );
    w.route("sync.one.test", "/done", WebResponse::pixel());
    w.page(
        "frame.test",
        "/f1",
        "<iframe src=/f2></iframe><img src=/f1.png>",
    );
    w.page(
        "frame.test",
        "/f2",
        "<iframe src=/f3></iframe><script src=/f2.js></script>",
    );
    w.page("frame.test", "/f3", "<img src=/f3.png>");
    w
}

fn find<'a>(rows: &'a [Row], url: &str) -> &'a Row {
    rows.iter()
        .find(|r| r["url"] == url)
        .unwrap_or_else(|| panic!("no request row for {url}"))
}

#[tokio::test]
async fn records_subresources_frames_css_beacons_and_redirect_chains() {
    let a = audit(fixture_web(), "http://www.fixture.example/\n", |c, _| {
        c.pages = 3
    })
    .await;
    let rec = a.record("http://www.fixture.example/");
    assert_eq!(rec.status, SiteStatus::Ok, "{}", rec.error);
    assert_eq!(rec.visit.pages[0].title, "Fixture & Co");
    let rows = a.csv("requests.csv");
    let site = "http://www.fixture.example/";
    // Landing document, no initiator.
    let doc = find(&rows, site);
    assert_eq!(
        (
            doc["resource_type"].as_str(),
            doc["party"].as_str(),
            doc["initiator"].as_str()
        ),
        ("document", "first", "")
    );
    // Types and parties.
    let t = find(&rows, "http://cdn.tracker.test/t.js");
    assert_eq!(
        (
            t["resource_type"].as_str(),
            t["party"].as_str(),
            t["domain"].as_str()
        ),
        ("script", "third", "cdn.tracker.test")
    );
    assert_eq!(t["initiator"], site);
    // CSS: one level of @import and url(); the imported sheet is not parsed.
    assert_eq!(
        find(&rows, "http://www.fixture.example/b.css")["initiator"],
        "http://www.fixture.example/a.css"
    );
    assert_eq!(
        find(&rows, "http://www.fixture.example/bg.png")["resource_type"],
        "image"
    );
    assert_eq!(
        find(&rows, "http://www.fixture.example/f.woff2")["resource_type"],
        "font"
    );
    assert!(!rows.iter().any(|r| r["url"].ends_with("/never.png")));
    // Beacons: by response dimensions, by declared size, by hiding; not a real photo.
    assert_eq!(
        find(&rows, "http://pixel.tracker.test/p.gif")["beacon"],
        "true"
    );
    assert_eq!(
        find(&rows, "http://www.fixture.example/declared.png")["beacon"],
        "true"
    );
    assert_eq!(
        find(&rows, "http://ns.tracker.test/ns.gif")["beacon"],
        "true"
    );
    assert_eq!(
        find(&rows, "http://www.fixture.example/photo.png")["beacon"],
        "false"
    );
    // Redirect chain: one row per hop, each naming the previous hop.
    let hop1 = find(&rows, "http://sync.one.test/start");
    let hop2 = find(&rows, "http://sync.two.test/match?uid=1");
    let hop3 = find(&rows, "http://sync.one.test/done");
    assert_eq!(
        (hop1["status"].as_str(), hop1["redirect_from"].as_str()),
        ("302", "")
    );
    assert_eq!(hop2["redirect_from"], "http://sync.one.test/start");
    assert_eq!(hop3["redirect_from"], "http://sync.two.test/match?uid=1");
    assert!([hop1, hop2, hop3]
        .iter()
        .all(|r| r["beacon"] == "true" && r["page_url"] == site));
    // Frames two deep: f1 and f2 are read, f3 is fetched but not read.
    assert_eq!(
        find(&rows, "http://frame.test/f1.png")["initiator"],
        "http://frame.test/f1"
    );
    assert_eq!(
        find(&rows, "http://frame.test/f2.js")["initiator"],
        "http://frame.test/f2"
    );
    assert_eq!(
        find(&rows, "http://frame.test/f3")["resource_type"],
        "iframe"
    );
    assert!(!rows.iter().any(|r| r["url"] == "http://frame.test/f3.png"));
    assert!(rows
        .iter()
        .filter(|r| r["initiator"].starts_with("http://frame.test"))
        .all(|r| r["page_url"] == site));
    // Pages: page2 and page3 visited, logout and pdf skipped.
    let pages: Vec<&str> = rec.visit.pages.iter().map(|p| p.url.as_str()).collect();
    assert_eq!(
        pages,
        [
            site,
            "http://www.fixture.example/page2",
            "http://www.fixture.example/page3"
        ]
    );
    assert_eq!(
        find(&rows, "http://www.fixture.example/p2.png")["page_url"],
        "http://www.fixture.example/page2"
    );
    assert!(!a
        .server
        .log()
        .iter()
        .any(|r| r.path == "/logout" || r.path == "/doc.pdf"));
}

#[tokio::test]
async fn records_cookies_and_sends_them_back_like_a_browser() {
    let a = audit(fixture_web(), "http://www.fixture.example/\n", |c, _| {
        c.pages = 2;
        c.dnt = true;
        c.headers.push(("X-Audit".into(), "nightly".into()));
        c.user_agent = "trackaudit-test".into();
    })
    .await;
    let cookies = a.csv("cookies.csv");
    let get = |name: &str| {
        cookies
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no cookie {name}"))
    };
    let sid = get("sid");
    assert_eq!(
        (
            sid["domain"].as_str(),
            sid["party"].as_str(),
            sid["source"].as_str()
        ),
        ("www.fixture.example", "first", "header")
    );
    assert_eq!(
        (
            sid["http_only"].as_str(),
            sid["same_site"].as_str(),
            sid["lifetime_days"].as_str()
        ),
        ("true", "Lax", "")
    );
    assert_eq!(sid["set_by"], "http://www.fixture.example/");
    let uid = get("uid");
    assert_eq!(
        (
            uid["domain"].as_str(),
            uid["party"].as_str(),
            uid["lifetime_days"].as_str()
        ),
        (".one.test", "third", "365.0")
    );
    assert_eq!(uid["set_by"], "http://sync.one.test/start");
    assert_eq!(get("partner")["set_by"], "http://sync.two.test/match?uid=1");
    assert_eq!(get("tid")["lifetime_days"], "1.0");
    // The invalid header is a note, not a row and not a crash.
    let rec = a.record("http://www.fixture.example/");
    assert!(
        rec.visit
            .errors
            .iter()
            .any(|e| e.contains("invalid Set-Cookie")),
        "{:?}",
        rec.visit.errors
    );
    let log = a.server.log();
    // The jar: sid goes back to the site, uid to the next hop on .one.test.
    let page2 = log.iter().find(|r| r.path == "/page2").unwrap();
    assert_eq!(page2.cookie("sid"), Some("s1"));
    assert_eq!(
        log.iter()
            .find(|r| r.path == "/done")
            .unwrap()
            .cookie("uid"),
        Some("1")
    );
    // Headers: DNT + GPC, custom header, UA, referrer policy.
    let px = log.iter().find(|r| r.path == "/p.gif").unwrap();
    assert_eq!(
        (px.header("dnt"), px.header("sec-gpc"), px.header("x-audit")),
        (Some("1"), Some("1"), Some("nightly"))
    );
    assert_eq!(px.header("user-agent"), Some("trackaudit-test"));
    assert_eq!(px.header("referer"), Some("http://www.fixture.example/"));
    assert!(px.header("accept").unwrap().starts_with("image/"));
    assert_eq!(page2.header("referer"), Some("http://www.fixture.example/"));
    assert!(
        px.cookie("sid").is_none(),
        "first-party cookie leaked to a third party"
    );
}

#[tokio::test]
async fn resolve_mode_tls_fallback_and_connection_errors() {
    let mut w = Web::new();
    w.page("res.test", "/", "<title>resolved</title><img src=/x.png>");
    w.page("bare.test", "/", "<title>bare</title>");
    w.page("tls.test", "/", "<title>tls</title>");
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = WebServer::start(w.handler(), 0, true).await.unwrap();
    let p = server.addr().port();
    let dir = tempfile::tempdir().unwrap();
    let mut crawl = CrawlConfig {
        timeout: Duration::from_secs(3),
        ..CrawlConfig::default()
    };
    for h in ["res.test", "bare.test", "tls.test"] {
        crawl
            .resolve
            .push(trackaudit::crawl::parse_resolve(&format!("{h}:{p}:127.0.0.1")).unwrap());
    }
    crawl.resolve.push(
        trackaudit::crawl::parse_resolve(&format!("refused.test:{closed}:127.0.0.1")).unwrap(),
    );
    let list = format!("http://res.test:{p}/\nbare.test:{p}\nhttps://tls.test:{p}/\nhttp://refused.test:{closed}/\n");
    let opts = RunOptions {
        crawl,
        out_dir: dir.path().into(),
        ..RunOptions::default()
    };
    let (_, recs) = crate::run_all(&list, &opts).await;
    let rec = |prefix: &str| recs.iter().find(|r| r.site.starts_with(prefix)).unwrap();
    assert_eq!(rec("http://res.test").status, SiteStatus::Ok);
    assert_eq!(rec("http://res.test").visit.requests.len(), 2);
    let bare = rec("https://bare.test");
    assert_eq!(bare.status, SiteStatus::Ok, "{}", bare.error);
    assert_eq!(bare.final_url, format!("http://bare.test:{p}/"));
    assert!(bare
        .visit
        .errors
        .iter()
        .any(|e| e.contains("crawled over http")));
    assert_eq!(
        rec("https://tls.test").status,
        SiteStatus::TlsError,
        "{}",
        rec("https://tls.test").error
    );
    assert_eq!(rec("http://refused.test").status, SiteStatus::ConnectError);
}

#[tokio::test]
async fn stopping_keeps_finished_sites_and_marks_the_run_incomplete() {
    let mut w = Web::new();
    w.page("fast.test", "/", "<title>fast</title>");
    w.fallback(|r| {
        if r.host == "slow.test" {
            WebResponse {
                status: 200,
                headers: vec![],
                body: Body::Hang,
            }
        } else {
            WebResponse::status(404)
        }
    });
    let server = WebServer::start(w.handler(), 0, false).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let crawl = CrawlConfig {
        proxy: Some(server.proxy_url()),
        concurrency: 2,
        ..CrawlConfig::default()
    };
    let list = TargetList::parse(
        "l.txt",
        "http://fast.test/\nhttp://slow.test/\nhttp://slow.test/a\nhttp://slow.test/b\n",
        true,
    )
    .unwrap();
    let cancel = Arc::new(Cancel::default());
    let c2 = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        c2.abort();
    });
    let started = std::time::Instant::now();
    let s = run::run(
        &list,
        &RunOptions {
            crawl,
            out_dir: dir.path().into(),
            ..RunOptions::default()
        },
        cancel,
        &mut |_, _| {},
    )
    .await
    .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "abort took {:?}",
        started.elapsed()
    );
    assert!(!s.complete);
    assert!(s.sites < 4);
    let sites = crate::read_csv(&dir.path().join("sites.csv"));
    assert_eq!(sites[0]["status"], "ok");
    assert!(sites.iter().any(|r| r["error"].contains("interrupted")));
    let last = std::fs::read_to_string(dir.path().join("observations.jsonl")).unwrap();
    let last: serde_json::Value = serde_json::from_str(last.lines().last().unwrap()).unwrap();
    assert_eq!(
        (last["type"].as_str(), last["complete"].as_bool()),
        (Some("run"), Some(false))
    );
}

#[tokio::test]
async fn output_is_in_input_order_whatever_finishes_first() {
    let mut w = Web::new();
    w.page("a.test", "/", "<img src=/slow.png>");
    w.route(
        "a.test",
        "/slow.png",
        WebResponse {
            status: 200,
            headers: vec![],
            body: Body::Hang,
        },
    );
    for h in ["b.test", "c.test", "d.test"] {
        w.page(h, "/", "<title>x</title>");
    }
    let a = audit(
        w,
        "http://a.test/\nhttp://b.test/\nhttp://c.test/\nhttp://d.test/\n",
        |c, _| c.timeout = Duration::from_secs(1),
    )
    .await;
    // a.test finished last but comes first everywhere.
    assert_eq!(a.records.last().unwrap().site, "http://a.test/");
    let sites: Vec<String> = a
        .csv("sites.csv")
        .into_iter()
        .map(|r| r["site"].clone())
        .collect();
    assert_eq!(
        sites,
        [
            "http://a.test/",
            "http://b.test/",
            "http://c.test/",
            "http://d.test/"
        ]
    );
    let req_sites: Vec<String> = a
        .csv("requests.csv")
        .into_iter()
        .map(|r| r["site"].clone())
        .collect();
    assert_eq!(req_sites.first().unwrap(), "http://a.test/");
    let jsonl = std::fs::read_to_string(a.dir.path().join("observations.jsonl")).unwrap();
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["site"], "http://a.test/");
    assert_eq!(jsonl.lines().count(), 5);
}

#[tokio::test]
async fn respect_robots_marks_disallowed_sites_and_is_off_by_default() {
    let mut w = Web::new();
    for h in ["closed.test", "open.test", "down.test", "gone.test"] {
        w.page(h, "/", "<title>x</title>");
    }
    // RFC 9309 §2.3.1: an unreachable robots.txt (5xx) disallows all, a
    // missing one (4xx) allows all.
    w.route("down.test", "/robots.txt", WebResponse::status(503));
    w.route("gone.test", "/robots.txt", WebResponse::status(404));
    w.route(
        "closed.test",
        "/robots.txt",
        WebResponse::new(200, "text/plain", "User-agent: *\nDisallow: /\n"),
    );
    w.route(
        "open.test",
        "/robots.txt",
        WebResponse::new(200, "text/plain", "User-agent: *\nDisallow: /private\n"),
    );
    let a = audit(
        w.clone(),
        "http://closed.test/\nhttp://open.test/\nhttp://down.test/\nhttp://gone.test/\n",
        |c, _| c.respect_robots = true,
    )
    .await;
    assert_eq!(
        a.record("http://down.test/").status,
        SiteStatus::RobotsDenied
    );
    assert_eq!(a.record("http://gone.test/").status, SiteStatus::Ok);
    assert_eq!(
        a.record("http://closed.test/").status,
        SiteStatus::RobotsDenied
    );
    assert!(a
        .record("http://closed.test/")
        .error
        .contains("robots.txt disallows /"));
    assert_eq!(a.record("http://open.test/").status, SiteStatus::Ok);
    // robots.txt is the auditor's read, not the site's behaviour: no row for it.
    assert!(!a
        .csv("requests.csv")
        .iter()
        .any(|r| r["url"].ends_with("/robots.txt")));
    let a = audit(w, "http://closed.test/\n", |_, _| {}).await;
    assert_eq!(a.record("http://closed.test/").status, SiteStatus::Ok);
}

#[tokio::test]
async fn https_through_the_proxy_tunnel_with_and_without_insecure() {
    // Real TLS (the test server's self-signed certificate) in a CONNECT tunnel.
    let mut w = Web::new();
    w.fallback(|r| match (r.host.as_str(), r.path.as_str()) {
        ("www.secure.test", "/") => WebResponse::html(format!(
            "<title>{}</title><script src=\"https://cdn.thirdparty.test/t.js\"></script>\
<img src=\"http://plain.thirdparty.test/px.gif\" width=1 height=1>",
            r.scheme
        ))
        .cookie("sid=1; Path=/; Secure; HttpOnly; SameSite=None"),
        ("cdn.thirdparty.test", "/t.js") => {
            WebResponse::new(200, "application/javascript", r.scheme.clone())
                .cookie("tp=1; Secure; SameSite=None; Partitioned; Max-Age=86400")
        }
        _ => WebResponse::pixel(),
    });
    let a = audit(w, "https://www.secure.test/\n", |c, _| c.insecure = true).await;
    let rec = a.record("https://www.secure.test/");
    assert_eq!(rec.status, SiteStatus::Ok, "{}", rec.error);
    assert_eq!(rec.final_url, "https://www.secure.test/");
    assert_eq!(rec.visit.pages[0].title, "https", "served in the tunnel");
    let cookies = a.csv("cookies.csv");
    let sid = cookies.iter().find(|c| c["name"] == "sid").expect("sid");
    assert_eq!(
        (sid["secure"].as_str(), sid["http_only"].as_str()),
        ("true", "true")
    );
    assert!(cookies
        .iter()
        .any(|c| c["name"] == "tp" && c["party"] == "third"));
    let reqs = a.csv("requests.csv");
    assert!(reqs
        .iter()
        .any(|r| r["url"] == "https://cdn.thirdparty.test/t.js" && r["status"] == "200"));
    assert!(reqs
        .iter()
        .any(|r| r["url"] == "http://plain.thirdparty.test/px.gif"));
    let log = a.server.log();
    assert!(log
        .iter()
        .any(|r| r.host == "cdn.thirdparty.test" && r.scheme == "https"));

    // Without --insecure the self-signed certificate is a TLS error, one row.
    let mut w = Web::new();
    w.page("www.secure.test", "/", "<title>s</title>");
    let a = audit(w, "https://www.secure.test/\n", |_, _| {}).await;
    let rec = a.record("https://www.secure.test/");
    assert_eq!(rec.status, SiteStatus::TlsError, "{}", rec.error);
}
