//! Crawl benchmark: serves N synthetic sites on loopback (each page 30
//! subresources across 10 third-party hosts, 5 cookies) and crawls them through
//! the normal pipeline, printing sites/s, requests/s and peak RSS.
//!
//! `cargo run --release --example bench_crawl -- --sites 1000 [--concurrency 16] [--threads N]`
//!
//! `--threads N` gives the crawler's runtime N worker threads and at most N
//! blocking-pool threads (where pages are parsed and sites classified);
//! 0, the default, is tokio's default (one worker per core). The server runs
//! on a runtime of its own.

mod common;
use bytes::Bytes;
use common::arg;
use std::sync::Arc;
use std::time::Instant;
use trackaudit::crawl::{Cancel, CrawlConfig};
use trackaudit::run::{self, RunOptions};
use trackaudit::targets::TargetList;
use trackaudit::testweb::{WebRequest, WebResponse, WebServer};

/// Third-party hosts in the pool; each site uses 10 of them.
const POOL: usize = 40;

fn page(site: usize) -> String {
    let mut s = format!("<!doctype html><html><head><title>Synthetic site {site}</title>");
    for k in 0..10 {
        let host = format!(
            "t{}.tracker{}.example",
            (site + k) % POOL,
            (site + k) % POOL
        );
        s.push_str(&format!(
            "<script src=\"http://{host}/lib.js?s={site}\"></script>"
        ));
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

fn main() {
    let n = arg("--sites", 1000);
    let concurrency = arg("--concurrency", 16);
    let threads = arg("--threads", 0);
    let mut b = tokio::runtime::Builder::new_multi_thread();
    if threads > 0 {
        b.worker_threads(threads).max_blocking_threads(threads);
    }
    let rt = b.enable_all().build().unwrap();
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    {
        let js = Bytes::from_static(b"/* library */ function t(){}");
        let css = Bytes::from_static(b"body{margin:0}");
        let policy = Bytes::from_static(
            b"<html><head><title>Privacy Policy</title></head><body><main><h1>Privacy Policy</h1>\
<p>We collect personal information you give us and data about your device.</p>\
<p>We use cookies and web beacons to measure traffic with analytics providers.</p>\
<p>We do not sell your personal information. We share it with service providers that host our site.</p>\
<p>You can opt out of interest-based advertising, and you can set your browser to refuse cookies.</p>\
<p>Last updated: 1 March 2026.</p></main></body></html>",
        );
        let handler = Arc::new(move |r: &WebRequest| -> WebResponse {
            if r.host.starts_with("site") && r.path == "/privacy" {
                return WebResponse::new(200, "text/html; charset=utf-8", policy.clone());
            }
            if r.host.starts_with("site") {
                let id: usize = r.host[4..]
                    .split('.')
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                return WebResponse::html(page(id))
                    .cookie("session=abc123; Path=/; HttpOnly")
                    .cookie("prefs=dark; Path=/; Max-Age=31536000");
            }
            match r.path.as_str() {
                "/lib.js" => WebResponse::new(200, "application/javascript", js.clone()),
                "/style.css" => WebResponse::new(200, "text/css", css.clone()),
                "/px.gif" => {
                    // Three of the ten hosts of a page set a cookie on their pixel.
                    let set = r.host.as_bytes()[1] % 3 == 0;
                    let px = WebResponse::pixel();
                    if set {
                        px.cookie("uid=u123; Domain=.example; Max-Age=34190000")
                    } else {
                        px
                    }
                }
                _ => WebResponse::status(404),
            }
        });
        let server = server_rt
            .block_on(WebServer::start(handler, 0, false))
            .unwrap();
        let list: String = (0..n)
            .map(|i| format!("http://site{i}.bench.example/\n"))
            .collect();
        let targets = TargetList::parse("bench", &list, true).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let opts = RunOptions {
            crawl: CrawlConfig {
                proxy: Some(server.proxy_url()),
                concurrency,
                ..CrawlConfig::default()
            },
            out_dir: dir.path().to_path_buf(),
            ..RunOptions::default()
        };
        let started = Instant::now();
        let summary = rt
            .block_on(run::run(
                &targets,
                &opts,
                Arc::new(Cancel::default()),
                &mut |_, _| {},
            ))
            .unwrap();
        let secs = started.elapsed().as_secs_f64();
        let ok = summary.by_status.get("ok").copied().unwrap_or(0);
        println!(
            "threads      {}",
            if threads == 0 {
                "tokio default (one worker per core)".to_string()
            } else {
                format!("{threads} worker + {threads} blocking")
            }
        );
        println!("sites        {n} ({ok} ok)");
        println!(
            "requests     {} recorded, {} served",
            summary.requests,
            server.served()
        );
        println!("cookies      {}", summary.cookies);
        println!("policies     {} read", summary.policies);
        println!("wall         {secs:.2} s");
        println!("sites/s      {:.0}", n as f64 / secs);
        println!("requests/s   {:.0}", summary.requests as f64 / secs);
        println!(
            "peak RSS     {:.0} MB (crawler and server in one process)",
            common::status_kb("self", "VmHWM:") as f64 / 1024.0
        );
    }
}
