//! Browser-engine benchmark: serves N synthetic sites on loopback whose
//! trackers arrive through JavaScript (an injected script that writes cookies
//! and localStorage and fires a pixel, a fetch and a beacon) plus static
//! images and a stylesheet, crawls them with the browser engine (page
//! instrumentation and typing probes on, then off: `CrawlConfig::instrument`)
//! and then with the HTTP engine, and prints sites/s, requests and peak memory
//! for each (this process's VmHWM, plus the peak summed RSS of the Chromium
//! processes). `--form 1` gives every page a sign-up form (name and email
//! fields), so the "on" run types into it.
//!
//! `cargo run --release --example bench_browser -- --sites 200 [--concurrency 8] [--form 1] [--rounds 3]`
//!
//! With `--rounds R` the on and off runs alternate R times (on first in odd
//! rounds, off first in even ones); each round's cost and the medians are printed.

mod common;
use common::{arg, status_kb, tree_mem_kb};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use trackaudit::crawl::browser::{find_chromium, BrowserEngine};
use trackaudit::crawl::http::HttpEngine;
use trackaudit::crawl::{for_each_site, Cancel, CrawlConfig};
use trackaudit::model::SiteStatus;
use trackaudit::targets::Target;
use trackaudit::testweb::{WebRequest, WebResponse, WebServer};

/// Third-party hosts in the pool; each site uses 4 of them.
const POOL: usize = 20;

fn page(site: usize, form: bool) -> String {
    let mut s = format!(
        "<!doctype html><html><head><title>Synthetic site {site}</title>\
<link rel=stylesheet href=\"/style.css\"><script src=\"/app.js?s={site}\"></script></head><body><h1>Hello</h1>"
    );
    for k in 0..5 {
        s.push_str(&format!("<img src=\"/img{k}.gif\" width=40 height=40>"));
    }
    if form {
        s.push_str("<form action=\"/subscribe\" method=post><input name=name><input type=email name=email><button>Join</button></form>");
    }
    s.push_str("<a href=\"/privacy\">Privacy</a></body></html>");
    s
}

fn app_js(site: usize) -> String {
    let mut s = String::new();
    for k in 0..4 {
        let host = format!("t{0}.tracker{0}.example", (site + k) % POOL);
        s.push_str(&format!(
            "(function(){{var e=document.createElement('script');e.src='http://{host}/tag.js?s={site}';document.head.appendChild(e);}})();"
        ));
    }
    s
}

const TAG_JS: &str = "document.cookie='_tid='+Math.random()+'; path=/; max-age=31536000';\
localStorage.setItem('_tid', 'x'.repeat(32));\
new Image().src=document.currentScript.src.replace('tag.js','px.gif');\
fetch(document.currentScript.src.replace('tag.js','collect'),{method:'POST',body:'e=pv',mode:'no-cors'});\
navigator.sendBeacon(document.currentScript.src.replace('tag.js','beacon'),'e=pv');";

fn main() {
    let n = arg("--sites", 200);
    let concurrency = arg("--concurrency", 8);
    let form = arg("--form", 0) != 0;
    if find_chromium().is_none() {
        eprintln!("Chromium is not installed (apt-get install chromium)");
        std::process::exit(2);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let handler: trackaudit::testweb::Handler = Arc::new(move |r: &WebRequest| {
            let site: usize = r
                .host
                .strip_prefix("www.site")
                .and_then(|h| h.split('.').next())
                .and_then(|d| d.parse().ok())
                .unwrap_or(0);
            match r.path.as_str() {
                "/" if r.host.starts_with("www.site") => WebResponse::html(page(site, form))
                    .cookie("session=abc; Path=/; HttpOnly"),
                "/app.js" => WebResponse::new(200, "application/javascript", app_js(site)),
                "/style.css" => WebResponse::new(200, "text/css", "body{margin:0}"),
                "/tag.js" => WebResponse::new(200, "application/javascript", TAG_JS)
                    .cookie("uid=1; Max-Age=86400"),
                "/privacy" => WebResponse::html("<html><title>Privacy</title><p>We use cookies.</p></html>"),
                "/collect" | "/beacon" => WebResponse::status(204),
                _ => WebResponse::pixel(),
            }
        });
        let server = WebServer::start(handler, 0, false).await.unwrap();
        let targets: Vec<Target> = (0..n)
            .map(|i| Target {
                url: url::Url::parse(&format!("http://www.site{i}.example/")).unwrap(),
                bare: false,
                origin: format!("bench:{i}"),
            })
            .collect();
        let cfg = Arc::new(CrawlConfig {
            concurrency,
            proxy: Some(server.proxy_url()),
            timeout: Duration::from_secs(10),
            site_budget: Duration::from_secs(60),
            ..CrawlConfig::default()
        });

        // Browser engine: instrumentation on and off, alternating rounds
        // (the order flips each round, so neither side always runs first).
        let rounds = arg("--rounds", 1).max(1);
        let (mut on_rates, mut off_rates, mut costs) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            let order = if round % 2 == 0 { [true, false] } else { [false, true] };
            let (mut on, mut off) = (0.0, 0.0);
            for instrument in order {
                let cfg = Arc::new(CrawlConfig {
                    instrument,
                    ..(*cfg).clone()
                });
                let secs = browser_run(cfg, &targets, concurrency, round == 0 && instrument).await;
                let rate = n as f64 / secs;
                if instrument {
                    on = rate;
                } else {
                    off = rate;
                }
            }
            let cost = (1.0 - on / off) * 100.0;
            println!("round {}: on {on:.2} sites/s, off {off:.2} sites/s: costs {cost:.1}%", round + 1);
            on_rates.push(on);
            off_rates.push(off);
            costs.push(cost);
        }
        let (on, off) = (median(&mut on_rates), median(&mut off_rates));
        println!(
            "instrumentation: median on {on:.2} sites/s, median off {off:.2} sites/s: costs {:.1}% of sites/s \
(median of the rounds' costs {:.1}%; {rounds} round(s) of {n} sites each{})",
            (1.0 - on / off) * 100.0,
            median(&mut costs),
            if form { ", every page with a form typed into" } else { "" }
        );

        // HTTP engine on the same sites.
        let cancel = Cancel::default();
        let http = Arc::new(HttpEngine::new(cfg.clone()).unwrap());
        let (mut ok, mut requests, mut cookies) = (0, 0, 0);
        let t2 = Instant::now();
        for_each_site(
            &targets,
            concurrency,
            &cancel,
            |_, t, abort| {
                let http = http.clone();
                async move { Some(http.visit(&t, abort).await) }
            },
            |_, _| None,
            |_, o| {
                let Some(o) = o else { return };
                ok += usize::from(o.status == SiteStatus::Ok);
                requests += o.visit.requests.len();
                cookies += o.visit.cookies.len();
            },
        )
        .await;
        let http_secs = t2.elapsed().as_secs_f64();
        println!(
            "http:    {n} sites ({ok} ok) in {http_secs:.1}s = {:.1} sites/s; {requests} requests, {cookies} cookies \
(this process VmHWM {:.0} MB, includes the browser run)",
            n as f64 / http_secs,
            status_kb("self", "VmHWM:") as f64 / 1024.0
        );
    });
}

/// The median of `v` (the mean of the middle two for an even count).
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// One browser-engine crawl of `targets`; prints its figures and returns
/// the seconds the sites took (start-up excluded).
async fn browser_run(
    cfg: Arc<CrawlConfig>,
    targets: &[Target],
    concurrency: usize,
    verbose: bool,
) -> f64 {
    let t0 = Instant::now();
    let engine = Arc::new(BrowserEngine::new(cfg.clone()).await.unwrap());
    let startup = t0.elapsed();
    if verbose {
        println!("browser: {}", engine.describe());
    }
    let peak_chromium = Arc::new(AtomicU64::new(0));
    let peak_pss = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (engine, peak, peak_pss, done) = (
            engine.clone(),
            peak_chromium.clone(),
            peak_pss.clone(),
            done.clone(),
        );
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                let (rss, pss) = tree_mem_kb(&engine.browser_pids());
                peak.fetch_max(rss, Ordering::Relaxed);
                peak_pss.fetch_max(pss, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(250));
            }
        })
    };
    let cancel = Cancel::default();
    let n = targets.len();
    let (mut ok, mut requests, mut cookies, mut storage) = (0, 0, 0, 0);
    let t1 = Instant::now();
    let e = engine.clone();
    for_each_site(
        targets,
        concurrency,
        &cancel,
        |_, t, abort| {
            let e = e.clone();
            async move { Some(e.visit_with_storage(&t, abort).await) }
        },
        |_, _| None,
        |_, r| {
            let Some((o, st)) = r else { return };
            ok += usize::from(o.status == SiteStatus::Ok);
            requests += o.visit.requests.len();
            cookies += o.visit.cookies.len();
            storage += st.len();
        },
    )
    .await;
    let browser_secs = t1.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    let self_after_browser = status_kb("self", "VmHWM:");
    println!(
        "browser (instrument {}): {n} sites ({ok} ok) in {browser_secs:.1}s = {:.1} sites/s (concurrency {concurrency}, \
start-up {:.1}s); {requests} requests, {cookies} cookies, {storage} storage keys; \
peak memory: this process {:.0} MB (VmHWM) + Chromium {:.0} MB (peak summed PSS; {:.0} MB summed RSS)",
        cfg.instrument,
        n as f64 / browser_secs,
        startup.as_secs_f64(),
        self_after_browser as f64 / 1024.0,
        peak_pss.load(Ordering::Relaxed) as f64 / 1024.0,
        peak_chromium.load(Ordering::Relaxed) as f64 / 1024.0
    );
    if let Ok(e) = Arc::try_unwrap(engine) {
        e.shutdown().await;
    }
    browser_secs
}
