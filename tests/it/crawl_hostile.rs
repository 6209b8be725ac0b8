//! HTTP engine against hostile sites: each one (slow, huge, garbage, endless
//! redirects, bad encodings ...) becomes one row with a status and a message,
//! and the crawl goes on.

use super::crawl::audit;
use bytes::Bytes;
use std::time::Duration;
use trackaudit::model::SiteStatus;
use trackaudit::testweb::{gzip_bomb, Body, Web, WebResponse};

fn hostile_web() -> Web {
    let mut w = Web::new();
    w.route("err500.test", "/", WebResponse::status(500));
    w.route(
        "hang.test",
        "/",
        WebResponse {
            status: 200,
            headers: vec![],
            body: Body::Hang,
        },
    );
    w.route("loop.test", "/", WebResponse::redirect("/a"));
    w.route(
        "loop.test",
        "/a",
        WebResponse::redirect("http://loop.test/"),
    );
    for i in 0..12 {
        w.route(
            "many.test",
            &format!("/{i}"),
            WebResponse::redirect(&format!("/{}", i + 1)),
        );
    }
    w.route("many.test", "/", WebResponse::redirect("/0"));
    w.route(
        "huge.test",
        "/",
        WebResponse {
            status: 200,
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: Body::Zeros(50 * 1024 * 1024),
        },
    );
    w.route(
        "bomb.test",
        "/",
        WebResponse::new(200, "text/html", gzip_bomb()).header("Content-Encoding", "gzip"),
    );
    w.route(
        "garbage.test",
        "/",
        WebResponse {
            status: 200,
            headers: vec![],
            body: Body::Raw(Bytes::from_static(b"\x00\x01 not http at all\r\n\r\n")),
        },
    );
    w.route(
        "pdf.test",
        "/",
        WebResponse::new(200, "application/pdf", "%PDF-1.4"),
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(
        "<html><head><meta charset=\"gbk\"><title>隐私政策</title></head><body>你好</body></html>",
    );
    w.route(
        "gbk.test",
        "/",
        WebResponse::new(200, "text/html", gbk.into_owned()),
    );
    let (sjis, _, _) =
        encoding_rs::SHIFT_JIS.encode("<html><title>プライバシーポリシー</title></html>");
    w.route(
        "sjis.test",
        "/",
        WebResponse::new(200, "text/html; charset=Shift_JIS", sjis.into_owned()),
    );
    w.route(
        "w1252.test",
        "/",
        WebResponse::new(
            200,
            "text/html; charset=windows-1252",
            b"<title>Caf\xe9 \x93quoted\x94</title>".to_vec(),
        ),
    );
    w.page(
        "malformed.test",
        "/",
        "<html><body><img src=/a.png<<div></table></b><script src='/x.js'><title>T</title>\u{0}<p",
    );
    w.route(
        "cookies.test",
        "/",
        WebResponse::html("<title>c</title>")
            .cookie("")
            .cookie("=")
            .cookie("novalue")
            .cookie("x=1; Domain=other.test")
            .cookie("y=2; Expires=not a date")
            .cookie(&format!("big={}", "v".repeat(10_000)))
            .cookie("ok=1"),
    );
    w.page(
        "bigres.test",
        "/",
        "<img src=/huge.png><script src=/bomb.js></script>",
    );
    w.route(
        "bigres.test",
        "/huge.png",
        WebResponse {
            status: 200,
            headers: vec![("Content-Type".into(), "image/png".into())],
            body: Body::Zeros(50 * 1024 * 1024),
        },
    );
    w.route(
        "bigres.test",
        "/bomb.js",
        WebResponse::new(200, "application/javascript", gzip_bomb())
            .header("Content-Encoding", "gzip"),
    );
    let many: String = (0..400).map(|i| format!("<img src=/i{i}.png>")).collect();
    w.page("cap.test", "/", &many);
    w.fallback(|r| {
        if r.host == "cap.test" {
            WebResponse::new(200, "image/png", trackaudit::testweb::demo::png(10, 10))
        } else {
            WebResponse::status(404)
        }
    });
    w
}

#[tokio::test]
async fn hostile_sites_become_rows_with_a_status_and_the_crawl_goes_on() {
    let hosts = [
        "err500",
        "hang",
        "loop",
        "many",
        "huge",
        "bomb",
        "garbage",
        "pdf",
        "gbk",
        "sjis",
        "w1252",
        "malformed",
        "cookies",
        "bigres",
        "cap",
    ];
    let list: String = hosts
        .iter()
        .map(|h| format!("http://{h}.test/\n"))
        .collect();
    let started = std::time::Instant::now();
    let a = audit(hostile_web(), &list, |c, _| {
        c.timeout = Duration::from_secs(2)
    })
    .await;
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "hostile crawl took {:?}",
        started.elapsed()
    );
    assert_eq!(a.summary.sites, hosts.len());
    let status = |h: &str| a.record(&format!("http://{h}.test/")).status;
    assert_eq!(status("err500"), SiteStatus::HttpError);
    assert_eq!(status("hang"), SiteStatus::Timeout);
    assert_eq!(status("loop"), SiteStatus::RedirectLoop);
    assert_eq!(status("many"), SiteStatus::RedirectLoop);
    assert!(a.record("http://many.test/").error.contains("more than 10"));
    assert_eq!(status("huge"), SiteStatus::TooLarge);
    assert_eq!(status("bomb"), SiteStatus::TooLarge);
    assert_eq!(status("garbage"), SiteStatus::Error);
    assert_eq!(status("pdf"), SiteStatus::NotHtml);
    for ok in [
        "gbk",
        "sjis",
        "w1252",
        "malformed",
        "cookies",
        "bigres",
        "cap",
    ] {
        assert_eq!(
            status(ok),
            SiteStatus::Ok,
            "{ok}: {}",
            a.record(&format!("http://{ok}.test/")).error
        );
    }
    let title = |h: &str| {
        a.record(&format!("http://{h}.test/")).visit.pages[0]
            .title
            .clone()
    };
    assert_eq!(title("gbk"), "隐私政策");
    assert_eq!(title("sjis"), "プライバシーポリシー");
    assert_eq!(title("w1252"), "Café \u{201c}quoted\u{201d}");
    // Invalid cookies: notes, never a crash; the valid one is recorded.
    let c = a.record("http://cookies.test/");
    assert!(c.visit.cookies.iter().any(|k| k.name == "ok"));
    assert!(c
        .visit
        .cookies
        .iter()
        .any(|k| k.name == "x" && k.note.contains("rejected")));
    assert!(c
        .visit
        .cookies
        .iter()
        .any(|k| k.name == "big" && k.note.contains("4096")));
    assert!(
        c.visit
            .errors
            .iter()
            .filter(|e| e.contains("invalid Set-Cookie"))
            .count()
            >= 2
    );
    // A huge subresource is cut short and noted; the site is fine.
    let rows = a.csv("requests.csv");
    let huge = rows
        .iter()
        .find(|r| r["url"] == "http://bigres.test/huge.png")
        .unwrap();
    assert!(huge["error"].contains("larger than"), "{huge:?}");
    let bomb = rows
        .iter()
        .find(|r| r["url"] == "http://bigres.test/bomb.js")
        .unwrap();
    assert!(bomb["error"].contains("larger than"), "{bomb:?}");
    // 300 subresources per page at most.
    assert_eq!(a.record("http://cap.test/").visit.requests.len(), 301);
    // sites.csv: every site, in input order, with status and error.
    let sites = a.csv("sites.csv");
    let order: Vec<&str> = sites.iter().map(|r| r["site"].as_str()).collect();
    let expected: Vec<String> = hosts.iter().map(|h| format!("http://{h}.test/")).collect();
    assert_eq!(order, expected);
    assert_eq!(sites[1]["status"], "timeout");
    assert!(!sites[1]["error"].is_empty());
}
