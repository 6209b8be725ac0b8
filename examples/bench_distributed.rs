//! Distributed-run benchmark on PostgreSQL: serves N synthetic sites on
//! loopback (a page with 12 subresources over 4 third-party hosts, 2
//! cookies), queues them with `trackaudit crawl --distributed
//! --no-local-worker`, and times 1, 2 and 4 `trackaudit worker --until-idle`
//! processes finishing the run (sites/s, ratio to one worker); then the
//! queue alone: claims + commits per second with 8 threads, each its own
//! connection, recording a small site record per claim.
//!
//! `cargo build --release && cargo run --release --example bench_distributed -- [--sites 1000] [--concurrency 16] [--queue 4000]`
//!
//! Needs `TRACKAUDIT_TEST_POSTGRES` (a postgres:// URL of a throwaway
//! loopback cluster; each measurement gets a fresh database, dropped after);
//! without it the benchmark says so and exits. Uses the release binary next
//! to this example (`target/release/trackaudit`).

mod common;
use common::arg;
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};
use trackaudit::model::SiteRecord;
use trackaudit::store::Store;
use trackaudit::testweb::{WebRequest, WebResponse, WebServer};

/// A fresh database on the cluster, dropped again.
struct FreshDb {
    admin: String,
    name: String,
    url: String,
}

impl FreshDb {
    fn new(admin: &str, tag: &str) -> FreshDb {
        let name = format!("ta_bench_{tag}_{}", std::process::id());
        let mut c = postgres::Client::connect(admin, postgres::NoTls).expect("the cluster");
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let mut url = url::Url::parse(admin).unwrap();
        url.set_path(&name);
        FreshDb {
            admin: admin.to_string(),
            name,
            url: url.to_string(),
        }
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

fn page(site: usize) -> String {
    let mut s = format!("<!doctype html><html><head><title>Site {site}</title>");
    for k in 0..4 {
        let host = format!("t{}.tracker.example", (site + k) % 16);
        s.push_str(&format!("<script src=\"http://{host}/lib.js\"></script>"));
        s.push_str(&format!(
            "<link rel=stylesheet href=\"http://{host}/style.css\">"
        ));
        s.push_str(&format!(
            "<img src=\"http://{host}/px.gif?s={site}\" width=1 height=1>"
        ));
    }
    s.push_str("</head><body><h1>Hello</h1><a href=\"/privacy\">Privacy</a></body></html>");
    s
}

fn handler(r: &WebRequest) -> WebResponse {
    if r.host.starts_with("site") && r.path == "/privacy" {
        return WebResponse::html(
            "<title>Privacy Policy</title><main><h1>Privacy Policy</h1><p>We use cookies \
             and web beacons to measure traffic with analytics providers. We do not sell \
             your personal information.</p></main>",
        );
    }
    if r.host.starts_with("site") {
        let id = r.host[4..]
            .split('.')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        return WebResponse::html(page(id))
            .cookie("session=abc123; Path=/; HttpOnly")
            .cookie("prefs=dark; Path=/; Max-Age=31536000");
    }
    match r.path.as_str() {
        "/lib.js" => WebResponse::new(200, "application/javascript", "function t(){}"),
        "/style.css" => WebResponse::new(200, "text/css", "body{margin:0}"),
        "/px.gif" => WebResponse::pixel(),
        _ => WebResponse::status(404),
    }
}

/// One crawl of the `n` sites by `workers` worker processes; wall seconds
/// from the first worker's start to the last one's exit.
fn crawl(
    bin: &std::path::Path,
    admin: &str,
    proxy: &str,
    n: usize,
    workers: usize,
    conc: usize,
) -> f64 {
    let db = FreshDb::new(admin, &format!("w{workers}"));
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sites.txt");
    let text: String = (0..n)
        .map(|i| format!("http://site{i}.bench.example/\n"))
        .collect();
    std::fs::write(&list, text).unwrap();
    let mut coordinator = Command::new(bin)
        .args(["crawl", "--distributed", "--no-local-worker", "--quiet"])
        .arg(&list)
        .args([
            "--db",
            &db.url,
            "--proxy",
            proxy,
            "--concurrency",
            &conc.to_string(),
        ])
        .arg("--out")
        .arg(dir.path().join("out"))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    // Wait for the queue to be filled before timing the workers.
    let mut c = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();
    let t = Instant::now();
    loop {
        let queued: i64 = c
            .query_one("SELECT count(*) FROM queue", &[])
            .map(|r| r.get(0))
            .unwrap_or(0);
        if queued as usize == n {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "the run was not queued"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let started = Instant::now();
    let children: Vec<_> = (0..workers)
        .map(|_| {
            Command::new(bin)
                .args(["worker", "--until-idle", "--quiet", "--db", &db.url])
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut w in children {
        assert!(w.wait().unwrap().success(), "a worker failed");
    }
    let secs = started.elapsed().as_secs_f64();
    assert!(coordinator.wait().unwrap().success(), "the crawl failed");
    let ok: i64 = c
        .query_one("SELECT count(*) FROM sites WHERE status = 'ok'", &[])
        .unwrap()
        .get(0);
    assert_eq!(ok as usize, n, "every site recorded ok");
    secs
}

/// A small recorded site: one page, two requests, one cookie.
fn record(site: &str) -> SiteRecord {
    serde_json::from_value(serde_json::json!({
        "site": site, "final_url": site, "status": "ok", "error": "",
        "started": "2026-01-01T00:00:00Z", "duration_ms": 120,
        "pages": [{"url": site, "final_url": site, "status": 200, "title": "t", "charset": "utf-8"}],
        "requests": [], "cookies": [], "errors": [], "policy_url": "", "policy_error": "",
        "policy_status": "not_found", "tracker_companies": 0, "named_companies": 0,
        "policy_language": "", "policies": [], "findings": []
    }))
    .expect("a site record")
}

/// Claims + commits per second of the queue alone: `threads` workers, each
/// its own connection, claim one site and record it until none is left.
fn queue_throughput(admin: &str, n: usize, threads: usize) -> (f64, f64) {
    let db = FreshDb::new(admin, "queue");
    let store = Store::open(&db.url).unwrap();
    let run = store.begin_run("bench", n, "out", "[]").unwrap();
    let sites: Vec<String> = (0..n)
        .map(|i| format!("http://q{i}.bench.example/"))
        .collect();
    store.enqueue(run, &sites).unwrap();
    let barrier = Arc::new(Barrier::new(threads + 1));
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let (url, barrier) = (db.url.clone(), barrier.clone());
            std::thread::spawn(move || {
                let st = Store::open(&url).unwrap();
                let me = format!("bench-{t}");
                barrier.wait();
                let mut done = 0;
                loop {
                    let leases = st
                        .claim(Some(run), &me, 1, Duration::from_secs(60))
                        .unwrap();
                    let Some(l) = leases.first() else { break };
                    assert!(st.complete(l, &me, &record(&l.site)).unwrap());
                    done += 1;
                }
                done
            })
        })
        .collect();
    barrier.wait();
    let started = Instant::now();
    let total: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(total, n);
    let rate = n as f64 / secs;
    (rate, 1000.0 * threads as f64 / rate)
}

fn main() {
    let admin = std::env::var("TRACKAUDIT_TEST_POSTGRES").unwrap_or_default();
    if admin.is_empty() {
        println!("skipping: TRACKAUDIT_TEST_POSTGRES is unset (a postgres:// URL of a throwaway loopback PostgreSQL cluster)");
        return;
    }
    let n = arg("--sites", 1000);
    let conc = arg("--concurrency", 16);
    let queue_n = arg("--queue", 4000);
    let bin = std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.parent()?.join("trackaudit")))
        .filter(|p| p.exists());
    let Some(bin) = bin else {
        println!("skipping: no trackaudit binary next to this example; run `cargo build --release` first");
        return;
    };
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = server_rt
        .block_on(WebServer::start(Arc::new(handler), 0, false))
        .unwrap();
    println!(
        "{n} fixture sites (HTTP engine, 13 requests each, loopback), --concurrency {conc} per worker, {} cores",
        std::thread::available_parallelism().map_or(0, |p| p.get())
    );
    let mut base = None;
    for workers in [1, 2, 4] {
        let secs = crawl(&bin, &admin, &server.proxy_url(), n, workers, conc);
        let rate = n as f64 / secs;
        let b = *base.get_or_insert(rate);
        println!(
            "workers {workers}: {secs:6.2} s  {rate:7.1} sites/s  x{:.2} vs 1 worker",
            rate / b
        );
    }
    let threads = 8;
    let (rate, ms) = queue_throughput(&admin, queue_n, threads);
    println!(
        "queue alone: {queue_n} sites, {threads} workers: {rate:.0} claims+commits/s ({ms:.2} ms per site claim+commit per worker)"
    );
}
