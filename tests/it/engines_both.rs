//! `--engine both`: the browser's and the HTTP engine's visits of one site
//! recorded as their union (every row says which engine saw it), with the
//! HTTP engine's coverage of the browser's trackers. Skipped without Chromium
//! unless `TRACKAUDIT_REQUIRE_CHROMIUM=1`.

use super::browser::{chromium, config};
use trackaudit::testweb::{WebResponse, WebServer};

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
