//! Consent-state benchmark: serves the consent fixture web (every consent
//! manager of the built-in rules, TCF, generic banners) on loopback, visits N
//! sites (the fixture sites over and over, each copy its own target) with the
//! browser engine in the given consent states — the states of one site at
//! the same time, each in its own context — and prints sites/s, contexts/s
//! and peak memory (this process's VmHWM and the Chromium processes' peak
//! summed PSS). Run it once per state list and compare:
//!
//! `cargo run --release --example bench_consent -- --sites 200 --states none`
//! `cargo run --release --example bench_consent -- --sites 200 --states none,accept,reject`

mod common;
use common::{arg, status_kb, tree_mem_kb};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use trackaudit::crawl::browser::{find_chromium, BrowserEngine};
use trackaudit::crawl::{for_each_site, Cancel, CrawlConfig};
use trackaudit::model::{ConsentAction, ConsentState, SiteStatus};
use trackaudit::targets::Target;

fn states() -> Vec<ConsentState> {
    let args: Vec<String> = std::env::args().collect();
    let list = args
        .iter()
        .position(|a| a == "--states")
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| "none,accept,reject".into());
    list.split(',')
        .map(|s| s.trim().parse().expect("states: none, accept, reject"))
        .collect()
}

fn main() {
    let n = arg("--sites", 200);
    let concurrency = arg("--concurrency", 4);
    let states = states();
    if find_chromium().is_none() {
        eprintln!("Chromium is not installed (apt-get install chromium-headless-shell)");
        std::process::exit(2);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let server = trackaudit::testweb::consent::start().await.unwrap();
        let fixtures = trackaudit::testweb::consent::sites();
        let targets: Vec<Target> = (0..n)
            .map(|i| {
                let s = &fixtures[i % fixtures.len()];
                Target {
                    url: url::Url::parse(&format!("{}?copy={i}", s.url)).unwrap(),
                    bare: false,
                    origin: format!("bench:{i}"),
                }
            })
            .collect();
        let cfg = Arc::new(CrawlConfig {
            concurrency,
            proxy: Some(server.proxy_url()),
            insecure: true,
            timeout: Duration::from_secs(10),
            site_budget: Duration::from_secs(60),
            ..CrawlConfig::default()
        });
        let engine = Arc::new(BrowserEngine::new(cfg).await.unwrap());
        println!("browser: {}", engine.describe());
        let (peak_pss, done) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicBool::new(false)));
        let sampler = {
            let (engine, peak_pss, done) = (engine.clone(), peak_pss.clone(), done.clone());
            std::thread::spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    let (_, pss) = tree_mem_kb(&engine.browser_pids());
                    peak_pss.fetch_max(pss, Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(250));
                }
            })
        };
        let cancel = Cancel::default();
        let (mut visits, mut ok, mut clicked, mut banners) = (0, 0, 0, 0);
        let t0 = Instant::now();
        let (e, st) = (engine.clone(), states.clone());
        for_each_site(
            &targets,
            concurrency,
            &cancel,
            |_, t, abort| {
                let (e, st) = (e.clone(), st.clone());
                async move {
                    let visits = st.iter().map(|s| e.visit_in_state(&t, *s, abort.clone()));
                    Some(futures::future::join_all(visits).await)
                }
            },
            |_, _| None,
            |_, r| {
                for o in r.into_iter().flatten() {
                    visits += 1;
                    ok += usize::from(o.status == SiteStatus::Ok);
                    if let Some(c) = &o.visit.consent {
                        banners += usize::from(c.banner_found);
                        clicked += usize::from(c.action == Some(ConsentAction::Clicked));
                    }
                }
            },
        )
        .await;
        let secs = t0.elapsed().as_secs_f64();
        done.store(true, Ordering::Relaxed);
        let _ = sampler.join();
        let names: Vec<&str> = states.iter().map(|s| s.as_str()).collect();
        println!(
            "states {}: {n} sites, {visits} visits ({ok} ok, {banners} banners found, {clicked} clicks) \
in {secs:.1}s = {:.2} sites/s, {:.2} visits/s (site concurrency {concurrency}); peak memory: \
this process {:.0} MB (VmHWM) + Chromium {:.0} MB (peak summed PSS)",
            names.join(","),
            n as f64 / secs,
            visits as f64 / secs,
            status_kb("self", "VmHWM:") as f64 / 1024.0,
            peak_pss.load(Ordering::Relaxed) as f64 / 1024.0,
        );
        if let Ok(e) = Arc::try_unwrap(engine) {
            e.shutdown().await;
        }
    });
}
