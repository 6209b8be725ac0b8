//! Distributed runs through the real binary: `crawl --distributed` queues a
//! run of fixture sites in PostgreSQL, `worker` processes share it (one of
//! them killed with -9 mid-run) and every site is recorded exactly once; the
//! crawl's own worker, a resumed distributed run, `diff` across two
//! distributed runs, and an unreachable database as a clear error. Uses a
//! fresh database on the loopback cluster of `TRACKAUDIT_TEST_POSTGRES`
//! (skips without one unless `TRACKAUDIT_REQUIRE_POSTGRES=1`).

use crate::pg::FreshDb;
use crate::{bin, read_csv};
use std::process::{Child, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use trackaudit::store::Store;
use trackaudit::testweb::{Body, Web, WebResponse, WebServer};

/// A web of cheap sites `s{N}.dist.test`: a page with a tracking pixel and a
/// cookie; with `slow`, each page answers after that pause; `extra` adds a
/// session-replay script to every page while set.
fn fixture_web(slow: Duration, extra: Arc<AtomicBool>) -> (tokio::runtime::Runtime, WebServer) {
    let mut w = Web::new();
    w.fallback(move |r| {
        if r.host.ends_with(".dist.test") && r.path == "/" {
            let mut html = format!(
                "<title>{}</title><img src=\"http://www.google-analytics.com/collect?v=1\" width=1 height=1>",
                r.host
            );
            if extra.load(Ordering::Relaxed) {
                html.push_str("<script src=\"http://static.hotjar.com/c/hotjar.js\"></script>");
            }
            let mut resp = WebResponse::html(html).cookie("sid=1; Path=/");
            if !slow.is_zero() {
                if let Body::Bytes(b) = &resp.body {
                    resp.body = Body::Delayed(b.clone(), slow);
                }
            }
            resp
        } else if r.path.ends_with(".gif") || r.path.starts_with("/collect") {
            WebResponse::pixel()
        } else if r.path.ends_with(".js") {
            WebResponse::new(200, "application/javascript", "var x=1;")
        } else {
            WebResponse::status(404)
        }
    });
    // The server runs on a runtime of its own; the tests block (the
    // PostgreSQL client and the child processes).
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = rt
        .block_on(WebServer::start(w.handler(), 0, false))
        .unwrap();
    (rt, server)
}

/// A target list of `n` fixture sites.
fn target_list(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let list = dir.join("sites.txt");
    let text: String = (0..n)
        .map(|i| format!("http://s{i}.dist.test/\n"))
        .collect();
    std::fs::write(&list, text).unwrap();
    list
}

/// `crawl --distributed` over `list` into `out`, with extra arguments.
fn crawl(
    db: &str,
    list: &std::path::Path,
    out: &std::path::Path,
    proxy: &str,
    extra: &[&str],
) -> std::process::Command {
    let mut c = bin();
    c.args([
        "crawl",
        "--distributed",
        "--quiet",
        "--concurrency",
        "8",
        "--db",
        db,
        "--proxy",
        proxy,
    ])
    .arg(list)
    .arg("--out")
    .arg(out)
    .args(extra)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    c
}

/// A `worker --until-idle` process.
fn worker(db: &str, lease: &str) -> Child {
    bin()
        .args([
            "worker",
            "--until-idle",
            "--quiet",
            "--concurrency",
            "8",
            "--lease",
            lease,
            "--db",
            db,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for a child within `limit` (killed after it), returning its output.
fn finish(mut child: Child, limit: Duration) -> Output {
    let t = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if t.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "process still running after {limit:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// Starts `crawl --distributed` (with `extra` arguments) and waits until it
/// has queued all `n` sites.
fn queued_crawl(
    db: &FreshDb,
    list: &std::path::Path,
    out: &std::path::Path,
    proxy: &str,
    extra: &[&str],
    n: i64,
) -> Child {
    let child = crawl(&db.url, list, out, proxy, extra).spawn().unwrap();
    wait_for("the queue", || {
        postgres::Client::connect(&db.url, postgres::NoTls)
            .ok()
            .and_then(|mut c| c.query_one("SELECT count(*) FROM queue", &[]).ok())
            .is_some_and(|r| r.get::<_, i64>(0) == n)
    });
    child
}

/// Waits until `cond` holds (within 60 s).
fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let t = Instant::now();
    while !cond() {
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The id of the one run in `db`.
fn only_run(db: &FreshDb) -> i64 {
    db.count("SELECT max(id) FROM runs")
}

/// Every site of the run is recorded exactly once and its queue row done.
fn assert_exactly_once(db: &FreshDb, run: i64, n: i64) {
    let rows = db.count(&format!("SELECT count(*) FROM sites WHERE run_id = {run}"));
    let distinct = db.count(&format!(
        "SELECT count(DISTINCT site) FROM sites WHERE run_id = {run}"
    ));
    let done = db.count(&format!(
        "SELECT count(*) FROM queue WHERE run_id = {run} AND state = 'done'"
    ));
    assert_eq!((rows, distinct, done), (n, n, n));
    let ok = db.count(&format!(
        "SELECT count(*) FROM sites WHERE run_id = {run} AND status = 'ok'"
    ));
    assert_eq!(ok, n, "every fixture site is reachable");
}

/// Sites recorded, as a worker's summary line says.
fn recorded(out: &Output) -> i64 {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("worker: "))
        .unwrap_or_else(|| panic!("no worker summary in {stdout:?}"));
    line["worker: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn three_workers_share_a_run_and_record_every_site_once() {
    let Some(db) = FreshDb::new("three") else {
        return;
    };
    let (_rt, server) = fixture_web(Duration::ZERO, Arc::default());
    let dir = tempfile::tempdir().unwrap();
    let list = target_list(dir.path(), 300);
    let out = dir.path().join("out");
    let coordinator = queued_crawl(
        &db,
        &list,
        &out,
        &server.proxy_url(),
        &["--no-local-worker"],
        300,
    );
    let workers: Vec<Child> = (0..3).map(|_| worker(&db.url, "30")).collect();
    let outs: Vec<Output> = workers
        .into_iter()
        .map(|w| finish(w, Duration::from_secs(60)))
        .collect();
    for o in &outs {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let counts: Vec<i64> = outs.iter().map(recorded).collect();
    assert_eq!(counts.iter().sum::<i64>(), 300, "{counts:?}");
    assert!(
        counts.iter().filter(|&&c| c > 0).count() >= 2,
        "work shared: {counts:?}"
    );
    let c = finish(coordinator, Duration::from_secs(30));
    let stdout = String::from_utf8_lossy(&c.stdout);
    assert_eq!(
        c.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&c.stderr)
    );
    assert!(stdout.contains("Audited 300 sites: 300 ok"), "{stdout}");
    let run = only_run(&db);
    assert_exactly_once(&db, run, 300);
    assert_eq!(read_csv(&out.join("sites.csv")).len(), 300);
    assert!(out.join("report.html").exists());
    // Each site was recorded by the worker that finished its lease.
    let by_worker = db.count("SELECT count(DISTINCT worker) FROM queue");
    assert!(by_worker >= 2, "{by_worker}");
}

#[test]
fn a_worker_killed_mid_run_loses_only_its_leased_sites() {
    let Some(db) = FreshDb::new("kill") else {
        return;
    };
    // Slow pages keep every worker's slots leased when one is killed.
    let (_rt, server) = fixture_web(Duration::from_millis(150), Arc::default());
    let dir = tempfile::tempdir().unwrap();
    let list = target_list(dir.path(), 300);
    let out = dir.path().join("out");
    let coordinator = queued_crawl(
        &db,
        &list,
        &out,
        &server.proxy_url(),
        &["--no-local-worker"],
        300,
    );
    let mut victim = worker(&db.url, "2");
    let others: Vec<Child> = (0..2).map(|_| worker(&db.url, "2")).collect();
    wait_for("the first sites", || {
        db.count("SELECT count(*) FROM queue WHERE state = 'done'") >= 30
    });
    victim.kill().unwrap(); // SIGKILL
    victim.wait().unwrap();
    // What it held when it died (its leases expire in 2 s, well after this).
    let theirs = format!("worker LIKE '%:{}:%'", victim.id());
    let lost: Vec<String> = db
        .query(&format!(
            "SELECT site FROM queue WHERE state = 'leased' AND {theirs}"
        ))
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(!lost.is_empty(), "the killed worker held leases");
    let outs: Vec<Output> = others
        .into_iter()
        .map(|w| finish(w, Duration::from_secs(60)))
        .collect();
    for o in &outs {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let c = finish(coordinator, Duration::from_secs(30));
    assert_eq!(
        c.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&c.stderr)
    );
    let run = only_run(&db);
    assert_exactly_once(&db, run, 300);
    // The killed worker's leased sites were claimed a second time and
    // recorded by the others; no site was given up.
    let in_lost = lost
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let retaken = db.count(&format!(
        "SELECT count(*) FROM queue WHERE site IN ({in_lost}) AND state = 'done'
         AND attempts = 2 AND NOT {theirs}"
    ));
    assert_eq!(retaken as usize, lost.len(), "{lost:?}");
    let survivors: i64 = outs.iter().map(recorded).sum();
    let by_victim = db.count(&format!("SELECT count(*) FROM queue WHERE {theirs}"));
    assert_eq!(survivors + by_victim, 300);
    assert_eq!(
        db.count("SELECT count(*) FROM queue WHERE state = 'failed'"),
        0
    );
}

#[test]
fn crawl_distributed_with_its_own_worker_writes_the_reports() {
    let Some(db) = FreshDb::new("local") else {
        return;
    };
    let (_rt, server) = fixture_web(Duration::ZERO, Arc::default());
    let dir = tempfile::tempdir().unwrap();
    let list = target_list(dir.path(), 19);
    // A bare domain travels through the queue as one: recorded under its
    // https URL, audited with the fallback to http a local crawl has.
    let mut text = std::fs::read_to_string(&list).unwrap();
    text.push_str("bare.dist.test\n");
    std::fs::write(&list, text).unwrap();
    let out = dir.path().join("out");
    let mut cmd = crawl(
        &db.url,
        &list,
        &out,
        &server.proxy_url(),
        &["--fail-on", "high"],
    );
    let o = finish(cmd.spawn().unwrap(), Duration::from_secs(60));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("Audited 20 sites: 20 ok"),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let run = only_run(&db);
    assert_exactly_once(&db, run, 20);
    assert_eq!(
        db.count("SELECT count(*) FROM queue WHERE site = 'bare.dist.test/'"),
        1
    );
    let bare = db.query("SELECT final_url FROM sites WHERE site = 'https://bare.dist.test/'");
    assert_eq!(bare.len(), 1);
    assert!(bare[0].get::<_, String>(0).contains("bare.dist.test"));
    let sites = read_csv(&out.join("sites.csv"));
    assert_eq!(sites.len(), 20);
    let requests = read_csv(&out.join("requests.csv"));
    assert!(requests
        .iter()
        .any(|r| r["domain"] == "www.google-analytics.com"));
    // The run is finished and complete in the history, like a local run.
    let store = Store::open(&db.url).unwrap();
    let row = store.run(run).unwrap().unwrap();
    assert!(row.complete && row.finished.is_some());
    assert_eq!(store.summary(run).unwrap().unwrap().sites, 20);
    // The run records its command line: what every worker reads its options from.
    assert!(row.options.contains("--distributed"));
    // The fixture sites raise high findings, so `--fail-on high` exits 1.
    assert!(stdout.contains(" high"), "{stdout}");
    assert_eq!(o.status.code(), Some(1), "{stdout}");
}

#[test]
fn an_interrupted_distributed_run_resumes_without_requeueing() {
    let Some(db) = FreshDb::new("resume") else {
        return;
    };
    let (_rt, server) = fixture_web(Duration::ZERO, Arc::default());
    let dir = tempfile::tempdir().unwrap();
    let list = target_list(dir.path(), 30);
    let out = dir.path().join("out");
    // Queued with no worker anywhere, then stopped: the run stays open.
    let first = queued_crawl(
        &db,
        &list,
        &out,
        &server.proxy_url(),
        &["--no-local-worker"],
        30,
    );
    unsafe { libc::kill(first.id() as i32, libc::SIGTERM) };
    let o = finish(first, Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let run = only_run(&db);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("--resume {run} --distributed")),
        "{stderr}"
    );
    let store = Store::open(&db.url).unwrap();
    assert!(!store.run(run).unwrap().unwrap().complete);
    // Resumed (distributed again without saying so) with the local worker.
    let child = bin()
        .args(["crawl", "--resume", &run.to_string(), "--db", &db.url])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let o = finish(child, Duration::from_secs(60));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    // Nothing queued twice, no site claimed twice.
    assert_eq!(db.count("SELECT count(*) FROM queue"), 30);
    assert_eq!(db.count("SELECT max(attempts) FROM queue"), 1);
    assert!(String::from_utf8_lossy(&o.stdout).contains("Audited 30 sites: 30 ok"));
    assert_exactly_once(&db, run, 30);
    assert!(store.run(run).unwrap().unwrap().complete);
    assert_eq!(read_csv(&out.join("sites.csv")).len(), 30);
}

#[test]
fn diff_across_two_distributed_runs() {
    let Some(db) = FreshDb::new("diff") else {
        return;
    };
    let hotjar = Arc::new(AtomicBool::new(false));
    let (_rt, server) = fixture_web(Duration::ZERO, hotjar.clone());
    let dir = tempfile::tempdir().unwrap();
    let list = target_list(dir.path(), 5);
    for (i, on) in [false, true].into_iter().enumerate() {
        hotjar.store(on, Ordering::Relaxed);
        let mut cmd = crawl(
            &db.url,
            &list,
            &dir.path().join(format!("out{i}")),
            &server.proxy_url(),
            &[],
        );
        let o = finish(cmd.spawn().unwrap(), Duration::from_secs(60));
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // The second run's reports carry the changes since the first.
    assert!(dir.path().join("out1/changes.json").exists());
    let o = bin().args(["diff", "--db", &db.url]).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.matches("static.hotjar.com").count() >= 5, "{stdout}");
}

#[test]
fn an_unreachable_database_is_a_clear_error_without_the_password() {
    // Port 1 on loopback: nothing listens there.
    let url = "postgres://auditor:s3cret-pw@127.0.0.1:1/history";
    for args in [
        vec!["worker", "--until-idle", "--db", url],
        vec!["crawl", "--distributed", "--quiet", "-", "--db", url],
    ] {
        let mut child = bin()
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        let _ = child
            .stdin
            .take()
            .unwrap()
            .write_all(b"http://a.dist.test/\n");
        let o = finish(child, Duration::from_secs(30));
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("127.0.0.1:1"), "{stderr}");
        assert!(stderr.contains("cannot connect"), "{stderr}");
        assert!(!stderr.contains("s3cret-pw"), "{stderr}");
    }
}

#[test]
fn sigterm_lets_a_worker_finish_its_sites_and_hold_no_lease() {
    let Some(db) = FreshDb::new("term") else {
        return;
    };
    let (_rt, server) = fixture_web(Duration::from_millis(800), Arc::default());
    let dir = tempfile::tempdir().unwrap();
    let list = target_list(dir.path(), 40);
    let out = dir.path().join("out");
    let coordinator = queued_crawl(
        &db,
        &list,
        &out,
        &server.proxy_url(),
        &["--no-local-worker"],
        40,
    );
    let w = worker(&db.url, "30");
    let mine = format!("%:{}:%", w.id());
    let held = |db: &FreshDb| {
        db.count(&format!(
            "SELECT count(*) FROM queue WHERE state = 'leased' AND worker LIKE '{mine}'"
        ))
    };
    // All its slots busy: 8 landing pages asked for (each answers after
    // 0.8 s). A site claimed but not yet started is handed back on SIGTERM.
    wait_for("sites in flight", || server.served() >= 8);
    assert_eq!(held(&db), 8);
    unsafe { libc::kill(w.id() as i32, libc::SIGTERM) };
    let o = finish(w, Duration::from_secs(30));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Its in-flight sites were recorded; nothing is left leased to it.
    let n = recorded(&o);
    assert!(
        n > 0 && n < 40,
        "{n}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(held(&db), 0);
    let run = only_run(&db);
    assert_eq!(
        db.count(&format!("SELECT count(*) FROM sites WHERE run_id = {run}")),
        n
    );
    // Another worker finishes the run.
    let o = finish(worker(&db.url, "30"), Duration::from_secs(60));
    assert_eq!(recorded(&o), 40 - n);
    let c = finish(coordinator, Duration::from_secs(30));
    assert_eq!(
        c.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&c.stderr)
    );
    assert_exactly_once(&db, run, 40);
}

#[test]
fn a_site_that_fails_three_times_is_recorded_as_an_error() {
    let Some(db) = FreshDb::new("giveup") else {
        return;
    };
    let (_rt, server) = fixture_web(Duration::ZERO, Arc::default());
    let dir = tempfile::tempdir().unwrap();
    let list = target_list(dir.path(), 3);
    let rules = dir.path().join("rules.txt");
    std::fs::write(&rules, "||tracker.example^\n").unwrap();
    let out = dir.path().join("out");
    let rules_arg = rules.to_str().unwrap().to_string();
    let coordinator = queued_crawl(
        &db,
        &list,
        &out,
        &server.proxy_url(),
        &["--no-local-worker", "--lists", &rules_arg],
        3,
    );
    // The run's filter list is missing where the worker runs: every attempt fails.
    std::fs::remove_file(&rules).unwrap();
    let o = finish(worker(&db.url, "30"), Duration::from_secs(60));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout.contains("0 sites recorded, 0 handed back, 9 failed attempts"),
        "{stdout}"
    );
    let c = finish(coordinator, Duration::from_secs(30));
    assert_eq!(
        c.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&c.stderr)
    );
    let run = only_run(&db);
    let rows = db.query(&format!(
        "SELECT status, error FROM sites WHERE run_id = {run}"
    ));
    assert_eq!(rows.len(), 3);
    for r in rows {
        let (status, error): (String, String) = (r.get(0), r.get(1));
        assert_eq!(status, "error");
        assert!(error.starts_with("gave up after 3 attempts: "), "{error}");
        assert!(error.contains("rules.txt"), "{error}");
    }
    assert_eq!(
        db.count("SELECT count(*) FROM queue WHERE state = 'failed'"),
        3
    );
    assert_eq!(read_csv(&out.join("sites.csv")).len(), 3);
}

#[test]
fn a_distributed_run_works_on_sqlite_on_one_machine() {
    let (_rt, server) = fixture_web(Duration::ZERO, Arc::default());
    let dir = tempfile::tempdir().unwrap();
    let list = target_list(dir.path(), 12);
    let db = dir.path().join("history.db");
    let db = db.to_str().unwrap();
    let out = dir.path().join("out");
    let coordinator = crawl(db, &list, &out, &server.proxy_url(), &[])
        .spawn()
        .unwrap();
    // A second worker process on the same SQLite file runs beside the crawl's
    // own worker (whether it gets a site is timing): both exit cleanly and
    // every site is recorded once.
    let helper = worker(db, "30");
    let c = finish(coordinator, Duration::from_secs(60));
    let stdout = String::from_utf8_lossy(&c.stdout);
    assert_eq!(
        c.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&c.stderr)
    );
    assert!(stdout.contains("Audited 12 sites: 12 ok"), "{stdout}");
    let h = finish(helper, Duration::from_secs(30));
    assert_eq!(
        h.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&h.stderr)
    );
    let store = Store::open(db).unwrap();
    let run = store.runs().unwrap().last().unwrap().id;
    assert!(store.run(run).unwrap().unwrap().complete);
    assert_eq!(store.site_records(run).unwrap().len(), 12);
    let q = store.pending(run).unwrap();
    assert_eq!((q.done, q.queued, q.leased, q.failed), (12, 0, 0, 0));
    assert_eq!(read_csv(&out.join("sites.csv")).len(), 12);
}
