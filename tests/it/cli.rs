//! The `trackaudit` binary as a user runs it: URL lists with bad lines,
//! `--strict`, the demo, and SIGTERM in the middle of a crawl.

use std::process::{Command, Stdio};
use std::time::Duration;
use trackaudit::testweb::{Body, Web, WebResponse, WebServer};

use crate::bin;

async fn one_page_server() -> WebServer {
    let mut w = Web::new();
    w.page("good.test", "/", "<title>good</title>");
    w.fallback(|r| {
        if r.host == "hang.test" {
            WebResponse {
                status: 200,
                headers: vec![],
                body: Body::Hang,
            }
        } else {
            WebResponse::status(404)
        }
    });
    WebServer::start(w.handler(), 0, false).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_lines_warn_with_file_and_line_and_strict_fails() {
    let server = one_page_server().await;
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    std::fs::write(
        &list,
        "# list\nhttp://good.test/\nnot a url\nftp://x.test/\n",
    )
    .unwrap();
    let out = bin()
        .args([
            "crawl",
            list.to_str().unwrap(),
            "--quiet",
            "--proxy",
            &server.proxy_url(),
            "--out",
        ])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("sites.txt:3:"), "{stderr}");
    assert!(stderr.contains("sites.txt:4:"), "{stderr}");
    assert!(stdout.contains("2 bad lines skipped"), "{stdout}");
    assert!(stdout.contains("1 ok"), "{stdout}");
    let strict = bin()
        .args([
            "crawl",
            list.to_str().unwrap(),
            "--strict",
            "--quiet",
            "--proxy",
            &server.proxy_url(),
            "--out",
        ])
        .arg(dir.path().join("out2"))
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("sites.txt:3:"));
    assert!(
        !dir.path().join("out2").exists(),
        "strict mode must fail before crawling"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_targets_from_stdin_and_csv() {
    let server = one_page_server().await;
    let dir = tempfile::tempdir().unwrap();
    let mut child = bin()
        .args([
            "crawl",
            "-",
            "--quiet",
            "--proxy",
            &server.proxy_url(),
            "--out",
        ])
        .arg(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"rank,domain\n1,http://good.test/\n")
        .unwrap();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let sites = crate::read_csv(&dir.path().join("sites.csv"));
    assert_eq!(sites.len(), 1);
    assert_eq!(sites[0]["site"], "http://good.test/");
}

#[test]
fn demo_runs_offline_and_writes_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["demo", "--quiet", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in [
        "sites.csv",
        "requests.csv",
        "cookies.csv",
        "claims.csv",
        "findings.csv",
        "observations.jsonl",
    ] {
        assert!(dir.path().join(f).exists(), "{f} missing");
    }
    let sites = crate::read_csv(&dir.path().join("sites.csv"));
    let status = |s: &str| sites.iter().find(|r| r["site"] == s).unwrap()["status"].clone();
    assert_eq!(status("http://www.dailynews.example/"), "ok");
    assert_eq!(status("http://broken.example/"), "http_error");
    assert_eq!(status("http://old-portal.example/"), "redirect_loop");
    let cookies = crate::read_csv(&dir.path().join("cookies.csv"));
    assert!(cookies
        .iter()
        .any(|c| c["name"] == "IDE" && c["party"] == "third"));
    let requests = crate::read_csv(&dir.path().join("requests.csv"));
    assert!(requests
        .iter()
        .any(|r| r["domain"] == "cm.g.doubleclick.net"
            && r["redirect_from"].starts_with("http://ib.adnxs.com/")));
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_writes_what_was_gathered_and_exits_2() {
    let server = one_page_server().await;
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("l.txt");
    std::fs::write(
        &list,
        "http://good.test/\nhttp://hang.test/\nhttp://hang.test/2\nhttp://hang.test/3\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let child = bin()
        .args([
            "crawl",
            list.to_str().unwrap(),
            "--concurrency",
            "2",
            "--timeout",
            "60",
            "--proxy",
            &server.proxy_url(),
            "--out",
        ])
        .arg(&out_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the fast site is written, then stop the crawl.
    let sites = out_dir.join("sites.csv");
    for _ in 0..100 {
        if std::fs::read_to_string(&sites).is_ok_and(|s| s.contains("good.test")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let started = std::time::Instant::now();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "shutdown took {:?}",
        started.elapsed()
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("INCOMPLETE"));
    let rows = crate::read_csv(&sites);
    assert_eq!(rows[0]["status"], "ok");
    assert!(rows.len() >= 2, "the in-flight site must be written too");
    let jsonl = std::fs::read_to_string(out_dir.join("observations.jsonl")).unwrap();
    assert!(jsonl.lines().last().unwrap().contains("\"complete\":false"));
}
