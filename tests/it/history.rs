//! History from the command line: runs recorded as sites finish, `kill -9`
//! followed by `crawl --resume`, `runs`, `diff`, and `schedule --print`.

use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use trackaudit::store::Store;
use trackaudit::testweb::{Body, Web, WebResponse, WebServer};

use crate::bin;

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_then_resume_keeps_every_finished_site_exactly_once() {
    let hang = Arc::new(AtomicBool::new(true));
    let h2 = hang.clone();
    let mut w = Web::new();
    w.fallback(move |r| {
        if r.host.starts_with("slow") && h2.load(Ordering::SeqCst) {
            return WebResponse {
                status: 200,
                headers: vec![],
                body: Body::Hang,
            };
        }
        WebResponse::html(format!("<title>{}</title><img src=/x.png>", r.host))
    });
    let server = WebServer::start(w.handler(), 0, true).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (db, out, list) = (
        dir.path().join("h.db"),
        dir.path().join("out"),
        dir.path().join("l.txt"),
    );
    let hosts = [
        "fast0", "fast1", "slow0", "fast2", "fast3", "slow1", "fast4",
    ];
    std::fs::write(
        &list,
        hosts
            .iter()
            .map(|h| format!("http://{h}.test/\n"))
            .collect::<String>(),
    )
    .unwrap();
    let mut child = bin()
        .args([
            "crawl",
            list.to_str().unwrap(),
            "--quiet",
            "--concurrency",
            "3",
            "--timeout",
            "60",
            "--proxy",
            &server.proxy_url(),
            "--db",
        ])
        .arg(&db)
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the five fast sites are committed, then kill -9.
    let mut recorded = 0;
    for _ in 0..200 {
        if let Ok(st) = Store::open(&db) {
            recorded = st.runs().unwrap().first().map_or(0, |r| r.sites);
            if recorded >= 5 {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(recorded, 5, "the fast sites are committed as they finish");
    child.kill().unwrap();
    child.wait().unwrap();
    hang.store(false, Ordering::SeqCst);
    let before = server.log().len();
    let resumed = bin()
        .args(["crawl", "--quiet", "--resume", "1", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(
        resumed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    let recrawled: Vec<String> = server.log()[before..]
        .iter()
        .map(|r| r.host.clone())
        .collect();
    assert!(
        recrawled.iter().all(|h| h.starts_with("slow")),
        "finished sites crawled again: {recrawled:?}"
    );
    let store = Store::open(&db).unwrap();
    let row = store.run(1).unwrap().unwrap();
    assert!(row.complete);
    let recs = store.site_records(1).unwrap();
    let mut sites: Vec<&str> = recs.iter().map(|(_, r)| r.site.as_str()).collect();
    sites.sort();
    sites.dedup();
    assert_eq!((recs.len(), sites.len()), (7, 7), "every site exactly once");
    let rows = crate::read_csv(&out.join("sites.csv"));
    let order: Vec<String> = rows.iter().map(|r| r["site"].clone()).collect();
    let expected: Vec<String> = hosts.iter().map(|h| format!("http://{h}.test/")).collect();
    assert_eq!(order, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_and_diff_show_what_changed_between_two_nights() {
    let added = Arc::new(AtomicBool::new(false));
    let a2 = added.clone();
    let mut web = trackaudit::testweb::demo::web();
    web.fallback(move |r| {
        if r.host == "night.test" && r.path == "/" {
            let extra = if a2.load(Ordering::SeqCst) {
                r#"<script src="http://static.hotjar.com/c/hotjar-3141592.js?sv=6"></script>"#
            } else {
                ""
            };
            return WebResponse::html(format!("<html><body>{extra}<h1>Night</h1></body></html>"));
        }
        WebResponse::status(404)
    });
    let server = WebServer::start(web.handler(), 0, false).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (db, list) = (dir.path().join("h.db"), dir.path().join("l.txt"));
    std::fs::write(&list, "http://night.test/\nhttp://quiet-blog.example/\n").unwrap();
    let crawl = |out: &str| {
        let o = bin()
            .args([
                "crawl",
                list.to_str().unwrap(),
                "--quiet",
                "--proxy",
                &server.proxy_url(),
                "--db",
            ])
            .arg(&db)
            .arg("--out")
            .arg(dir.path().join(out))
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    crawl("n1");
    added.store(true, Ordering::SeqCst);
    crawl("n2");
    let runs = bin().args(["runs", "--db"]).arg(&db).output().unwrap();
    let runs = String::from_utf8_lossy(&runs.stdout);
    assert_eq!(
        runs.lines().filter(|l| l.contains("complete")).count(),
        2,
        "{runs}"
    );
    let diff = bin().args(["diff", "--db"]).arg(&db).output().unwrap();
    let text = String::from_utf8_lossy(&diff.stdout);
    assert_eq!(
        diff.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&diff.stderr)
    );
    assert!(
        text.contains("static.hotjar.com") && text.contains("night.test"),
        "{text}"
    );
    assert!(
        !text.contains("quiet-blog"),
        "an unchanged site is not listed: {text}"
    );
    // The second night's report carries the changes.
    let changes = std::fs::read_to_string(dir.path().join("n2/changes.json")).unwrap();
    assert!(changes.contains("static.hotjar.com"), "{changes}");
    let html = std::fs::read_to_string(dir.path().join("n2/report.html")).unwrap();
    assert!(
        html.contains("\"changes\":{"),
        "report.html embeds the changes"
    );
    assert!(
        !dir.path().join("n1/changes.json").exists(),
        "the first run has nothing to compare with"
    );
    let json = bin()
        .args(["diff", "1", "2", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v.to_string().contains("static.hotjar.com"));
    // `diff A` with A the latest run compares it with the run before, not with
    // itself.
    let latest = bin()
        .args(["diff", "2", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&latest.stdout).unwrap();
    assert!(v.to_string().contains("static.hotjar.com"), "{v}");
}

#[test]
fn schedule_prints_a_systemd_timer_and_a_crontab_line() {
    let out = bin()
        .args([
            "schedule",
            "targets/example.txt",
            "--pages",
            "2",
            "--at",
            "02:30",
            "--print",
            "systemd",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("OnCalendar=") && text.contains("02:30"),
        "{text}"
    );
    assert!(
        text.contains(" crawl targets/example.txt --pages 2"),
        "{text}"
    );
    assert!(
        !text.contains("--at") && !text.contains("--print"),
        "{text}"
    );
    let out = bin()
        .args([
            "schedule",
            "targets/example.txt",
            "--cron",
            "0 3 * * 1",
            "--print",
            "cron",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("0 3 * * 1") && text.contains("crawl targets/example.txt"),
        "{text}"
    );
    let bad = bin()
        .args(["schedule", "targets/example.txt", "--cron", "61 * * * *"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn resume_with_a_mistyped_database_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo").join("history.db");
    let out = bin()
        .args(["crawl", "--resume", "3", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no history database"), "{stderr}");
    assert!(!db.exists() && !db.parent().unwrap().exists());
}
