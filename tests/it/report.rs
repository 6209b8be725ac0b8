//! The HTML report as a person sees it: a crawl of the demo web plus a hostile
//! site is opened in headless Chromium and the rendered DOM is checked for the
//! summary chart, a known site's findings with their quoted policy sentences,
//! and injected markup that stayed text; `trackaudit report DIR` rebuilds the
//! same file from observations.jsonl, also after an interrupted run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use trackaudit::crawl::CrawlConfig;
use trackaudit::model::RunSummary;
use trackaudit::model::SiteRecord;
use trackaudit::report::html::{self, HtmlFormat};
use trackaudit::report::Format;
use trackaudit::run::RunOptions;
use trackaudit::testweb::{WebResponse, WebServer};

/// A page title that would run script if it were ever parsed as markup.
const TITLE: &str = r#"<script>document.body.setAttribute('data-pwned','title')</script>"><img src=x onerror="document.body.setAttribute('data-pwned','img')">"#;
/// A cookie name (no `=`, so the whole string is the name).
const COOKIE: &str = "</script><script>document.body.setAttribute('data-pwned','cookie')</script>";

/// The hostile site's landing page and privacy policy.
fn hostile(w: &mut trackaudit::testweb::Web) {
    let page = format!(
        r#"<html><head><title>{TITLE}</title></head><body><h1>Hi</h1>
<img src='/p/"><svg onload=alert(1)>.gif' width="1" height="1">
<img src="http://www.google-analytics.com/collect?v=2&amp;tid=</script><script>alert(1)</script>" width="1" height="1">
<a href="javascript:alert(1)">Privacy</a>
<footer><a href="/privacy">Privacy Policy</a></footer></body></html>"#
    );
    w.route(
        "evil.test",
        "/",
        WebResponse::html(page).cookie(&format!("{COOKIE}=1; Path=/; Max-Age=86400")),
    );
    w.route(
        "evil.test",
        "/p/%22%3E%3Csvg%20onload=alert(1)%3E.gif",
        WebResponse::pixel(),
    );
    w.page(
        "evil.test",
        "/privacy",
        "<html><head><title>Privacy Policy</title></head><body><main><h1>Privacy Policy</h1>\
<p>We honor Do Not Track signals &lt;/script&gt;&lt;script&gt;document.body.setAttribute('data-pwned','quote')&lt;/script&gt;.</p>\
<p>Questions go to &lt;img src=x onerror=\"document.body.setAttribute('data-pwned','policy')\"&gt; by post.</p>\
</main></body></html>",
    );
}

/// Crawls the demo web plus the hostile site into `dir`; returns the records
/// in target order.
async fn crawl(dir: &Path) -> Vec<SiteRecord> {
    let mut web = trackaudit::testweb::demo::web();
    hostile(&mut web);
    let server = WebServer::start(web.handler(), 0, false).await.unwrap();
    let list = format!("{}http://evil.test/\n", trackaudit::testweb::demo::TARGETS);
    let opts = RunOptions {
        crawl: CrawlConfig {
            proxy: Some(server.proxy_url()),
            dnt: true,
            pages: 2,
            ..CrawlConfig::default()
        },
        out_dir: dir.into(),
        ..RunOptions::default()
    };
    let (summary, mut recs) = crate::run_all(&list, &opts).await;
    assert!(summary.complete);
    let order: Vec<String> = crate::read_csv(&dir.join("sites.csv"))
        .into_iter()
        .map(|r| r["site"].clone())
        .collect();
    recs.sort_by_key(|r| order.iter().position(|s| *s == r.site));
    recs
}

/// Headless Chromium, or `None` (after printing why) when it is not installed;
/// with `TRACKAUDIT_REQUIRE_CHROMIUM=1` its absence is a failure.
fn chromium() -> Option<PathBuf> {
    let p = PathBuf::from("/usr/bin/chromium");
    if p.exists() {
        return Some(p);
    }
    if std::env::var("TRACKAUDIT_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1") {
        panic!("/usr/bin/chromium is required (TRACKAUDIT_REQUIRE_CHROMIUM=1) but absent");
    }
    eprintln!("skipping: /usr/bin/chromium is absent (apt-get install chromium)");
    None
}

/// Opens `file#fragment` in headless Chromium and returns the DOM after its
/// scripts ran, plus what the browser logged (console errors included).
fn dump_dom(chrome: &Path, file: &Path, fragment: &str) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}{fragment}", file.display()))
        .stdin(Stdio::null())
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (
        std::fs::read_to_string(out.path()).unwrap(),
        std::fs::read_to_string(err.path()).unwrap(),
    )
}

fn position(recs: &[SiteRecord], site: &str) -> usize {
    1 + recs
        .iter()
        .position(|r| r.site == site)
        .unwrap_or_else(|| panic!("{site} not crawled"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_report_shows_findings_and_chart_and_keeps_hostile_data_inert() {
    let dir = tempfile::tempdir().unwrap();
    let recs = crawl(dir.path()).await;
    let path = dir.path().join("report.html");
    let raw = std::fs::read_to_string(&path).unwrap();
    assert!(!dir.path().join("report.html.part").exists());

    // The hostile site really carries its payloads into the data.
    let evil = recs.iter().find(|r| r.site == "http://evil.test/").unwrap();
    assert_eq!(evil.visit.pages[0].title, TITLE);
    assert!(
        evil.visit.cookies.iter().any(|c| c.name == COOKIE),
        "{:?}",
        evil.visit.cookies
    );
    let quote = evil
        .findings
        .iter()
        .find(|f| f.rule == "dnt_contradicted")
        .map(|f| f.policy_quote.clone())
        .unwrap_or_else(|| panic!("no dnt_contradicted on evil.test: {:?}", evil.findings));
    assert!(quote.contains("</script><script>"), "{quote}");

    // The file: every site embedded once, no closing tag from the data, nothing external.
    assert_eq!(
        raw.matches("<script").count(),
        raw.matches("</script>").count()
    );
    assert_eq!(raw.matches("<script").count(), 2 * recs.len() + 2);
    assert!(!raw.contains("<script>document.body"));
    assert!(raw.contains(
        "\\u003c/script\\u003e\\u003cscript\\u003edocument.body.setAttribute('data-pwned','cookie')"
    ));
    assert!(raw.contains("Content-Security-Policy"));
    assert!(raw.contains("default-src 'none'"));
    for external in ["src=\"http", "href=\"http", "@import", "url(http"] {
        assert!(!raw.contains(external), "external reference {external:?}");
    }

    let Some(chrome) = chromium() else { return };

    // A known site opened from its link: findings beside their quoted sentences.
    let city = position(&recs, "http://www.cityguide.example/");
    let (dom, log) = dump_dom(&chrome, &path, &format!("#site-{city}"));
    assert!(!log.contains("Uncaught"), "renderer error: {log}");
    assert!(
        !log.contains("Content Security Policy"),
        "CSP violation: {log}"
    );
    assert_eq!(
        dom.matches("<tr class=\"row").count(),
        recs.len(),
        "one row per site"
    );
    assert!(dom.contains("<svg"), "no chart");
    assert!(
        dom.matches("class=\"bar\"").count() >= 3,
        "chart bars missing"
    );
    assert!(
        dom.contains("<code>cookies_denied</code>"),
        "finding missing"
    );
    assert!(
        dom.contains("<code>dnt_contradicted</code>"),
        "finding missing"
    );
    assert!(
        dom.contains("<blockquote>“We do not use cookies.”</blockquote>"),
        "quoted policy sentence missing"
    );
    assert!(dom.contains("We honor Do Not Track signals"));
    assert!(dom.contains("Policy disclosure"));
    assert!(dom.contains("Findings by rule"));

    // The hostile site: every payload is visible text, none ran or became markup.
    let evil_at = position(&recs, "http://evil.test/");
    let (dom, log) = dump_dom(&chrome, &path, &format!("#site-{evil_at}"));
    assert!(!log.contains("Uncaught"), "renderer error: {log}");
    assert!(dom.contains("<title>trackaudit report</title>"));
    assert!(!dom.contains("data-pwned=\""), "a payload ran");
    assert!(!dom.contains("<img"), "an injected element exists");
    assert!(!dom.contains("<svg onload"), "an injected element exists");
    assert!(!dom.contains("href=\"javascript:"), "javascript: link");
    assert_eq!(
        dom.matches("<script").count(),
        2 * recs.len() + 2,
        "an injected script element exists"
    );
    assert!(
        dom.contains(
            "&lt;script&gt;document.body.setAttribute('data-pwned','title')&lt;/script&gt;\"&gt;&lt;img src=x onerror="
        ),
        "page title not shown as text"
    );
    assert!(
        dom.contains(
            "&lt;/script&gt;&lt;script&gt;document.body.setAttribute('data-pwned','cookie')&lt;/script&gt;"
        ),
        "cookie name not shown as text"
    );
    assert!(
        dom.contains("<blockquote>“We honor Do Not Track signals &lt;/script&gt;&lt;script&gt;"),
        "policy quote not shown as text"
    );
    assert!(dom.contains("<code>dnt_contradicted</code>"));
}

/// Writes a hand-made record whose every link field is hostile.
fn hostile_record() -> SiteRecord {
    let line = serde_json::json!({
        "site": "javascript:alert(1)//http://x.test/",
        "final_url": "javascript:document.body.setAttribute('data-pwned','final')",
        "status": "ok", "error": "", "started": "2026-01-01T00:00:00Z", "duration_ms": 5,
        "pages": [{"url": "data:text/html,<script>alert(1)</script>", "final_url": "data:text/html,<script>alert(1)</script>", "status": 200, "title": "\u{2028}</script><!--", "charset": "utf-8"}],
        "requests": [], "cookies": [], "errors": ["<b onmouseover=alert(1)>x</b>"],
        "policy_url": " JaVaScRiPt:alert(1)", "policy_error": "", "policy_status": "found",
        "tracker_companies": 0, "named_companies": 0, "policy_language": "en",
        "policies": [{"url": "vbscript:msgbox(1)", "kind": "privacy", "language": "en", "last_updated": "", "text_hash": "", "text_length": 1,
            "claims": [{"claim": "cookies", "stance": "deny", "hedged": false, "exceptions": [], "party": "", "quote": "<a href=javascript:alert(1)>x</a>", "start": 0, "end": 1}]}],
        "dnt_compare": {"trackers_without": ["t.test"], "trackers_with": [], "stopped": ["<i>s</i>.test"], "started": [], "cookies_without": 2, "cookies_with": 0},
        "findings": [{"rule": "x\"><img src=x>", "severity": "high", "title": "<i>t</i>", "evidence": "<u>e</u>", "policy_quote": "<q>p</q>"}]
    });
    serde_json::from_value(line).unwrap()
}

#[tokio::test]
async fn links_are_made_only_for_http_urls() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = HtmlFormat::create(dir.path()).unwrap();
    f.site(0, &hostile_record()).unwrap();
    f.finish(&RunSummary {
        complete: true,
        ..RunSummary::default()
    })
    .unwrap();
    let path = dir.path().join("report.html");
    let raw = std::fs::read_to_string(&path).unwrap();
    assert!(!raw.contains("</script><!--"));
    assert!(!raw.contains('\u{2028}'));
    let Some(chrome) = chromium() else { return };
    let (dom, log) = dump_dom(&chrome, &path, "#site-1");
    assert!(!log.contains("Uncaught"), "renderer error: {log}");
    let lower = dom.to_lowercase();
    for scheme in ["javascript:", "data:", "vbscript:"] {
        assert!(
            !lower.contains(&format!("href=\"{scheme}")),
            "{scheme} link"
        );
        assert!(
            !lower.contains(&format!("href=\" {scheme}")),
            "{scheme} link"
        );
    }
    assert!(!dom.contains("data-pwned=\""));
    assert!(!dom.contains("<img") && !dom.contains("<b ") && !dom.contains("<i>"));
    assert!(dom.contains("javascript:document.body.setAttribute('data-pwned','final')"));
    assert!(dom.contains("&lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;"));
    assert!(dom.contains("<blockquote>“&lt;q&gt;p&lt;/q&gt;”</blockquote>"));
    assert!(dom.contains("Do Not Track / GPC comparison"));
    assert!(dom.contains("&lt;i&gt;s&lt;/i&gt;.test"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_command_rebuilds_the_same_html_and_notes_interrupted_runs() {
    let dir = tempfile::tempdir().unwrap();
    let recs = crawl(dir.path()).await;
    let path = dir.path().join("report.html");
    let original = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_trackaudit"))
        .arg("report")
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("({} sites)", recs.len())));
    assert!(
        std::fs::read(&path).unwrap() == original,
        "rebuilt report.html differs from the crawl's"
    );

    // An interrupted run: no run line, the last site line cut short.
    let jsonl = std::fs::read_to_string(dir.path().join("observations.jsonl")).unwrap();
    let lines: Vec<&str> = jsonl.lines().collect();
    assert!(lines.last().unwrap().contains("\"type\":\"run\""));
    let cut = lines[lines.len() - 2];
    let half: String = cut.chars().take(cut.chars().count() / 2).collect();
    let killed = format!("{}\n{half}", lines[..lines.len() - 2].join("\n"));
    let dir2 = tempfile::tempdir().unwrap();
    std::fs::write(dir2.path().join("observations.jsonl"), killed).unwrap();
    let r = html::rebuild(dir2.path()).unwrap();
    assert!(!r.complete);
    assert_eq!(r.sites, recs.len() - 1);
    assert_eq!(r.skipped_lines, 1);
    let raw = std::fs::read_to_string(&r.path).unwrap();
    assert!(raw.contains("\"complete\":false"));
    assert!(raw.contains("no run summary line"));
    let out = Command::new(env!("CARGO_BIN_EXE_trackaudit"))
        .arg("report")
        .arg(dir2.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");

    // A directory without observations.jsonl is an error naming the file.
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_trackaudit"))
        .arg("report")
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("observations.jsonl"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn site_lines_of_observations_deserialise_back_into_site_records() {
    let dir = tempfile::tempdir().unwrap();
    let recs = crawl(dir.path()).await;
    let jsonl = std::fs::read_to_string(dir.path().join("observations.jsonl")).unwrap();
    let mut n = 0;
    for line in jsonl.lines() {
        let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
        let obj = v.as_object_mut().unwrap();
        if obj["type"] == "run" {
            let s: RunSummary = serde_json::from_str(line).unwrap();
            assert!(s.complete && s.sites == recs.len());
            continue;
        }
        let rec: SiteRecord = serde_json::from_str(line).unwrap();
        let counts = obj.remove("counts").unwrap();
        obj.remove("type");
        assert_eq!(serde_json::to_value(&rec).unwrap(), v, "{}", rec.site);
        assert_eq!(serde_json::to_value(rec.counts()).unwrap(), counts);
        assert_eq!(rec.site, recs[n].site);
        n += 1;
    }
    assert_eq!(n, recs.len());
}
