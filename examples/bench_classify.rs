//! Classification benchmark: engine start-up (cold, and from the serialised
//! cache) and 1,000,000 request URLs checked against EasyPrivacy + EasyList
//! plus the entity lookup, on one thread.
//!
//! `cargo run --release --example bench_classify -- [--urls N] [LIST_DIR]`
//! (LIST_DIR defaults to ../shared/data: easyprivacy.txt, easylist.txt and
//! third-party-web-entities.json for realistic hosts.)

mod common;
use std::path::PathBuf;
use std::time::Instant;
use trackaudit::classify::rules::{ListSource, Origin, RuleEngine};
use trackaudit::classify::Knowledge;
use trackaudit::domain::registrable_domain;
use trackaudit::model::ResourceType;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n = common::arg("--urls", 1_000_000);
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--") && a.parse::<usize>().is_err())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data")));
    let read = |f: &str| {
        std::fs::read_to_string(dir.join(f))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.join(f).display()))
    };
    let sources = || {
        vec![
            ListSource {
                name: "easyprivacy".into(),
                text: read("easyprivacy.txt"),
                origin: Origin::Downloaded,
            },
            ListSource {
                name: "easylist".into(),
                text: read("easylist.txt"),
                origin: Origin::Downloaded,
            },
        ]
    };
    let cache = tempfile::tempdir().unwrap();
    let s = sources();
    let t = Instant::now();
    let cold = RuleEngine::build(s, None).unwrap();
    let cold_ms = t.elapsed().as_secs_f64() * 1000.0;
    drop(cold);
    RuleEngine::build(sources(), Some(cache.path())).unwrap();
    let s = sources();
    let t = Instant::now();
    let engine = RuleEngine::build(s, Some(cache.path())).unwrap();
    let cached_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert!(engine.from_cache);
    let rules: usize = engine.lists.iter().map(|l| l.rules).sum();
    println!(
        "rules            {rules} (easyprivacy {} + easylist {})",
        engine.lists[0].rules, engine.lists[1].rules
    );
    println!("start-up cold    {cold_ms:.0} ms (parse + build)");
    println!("start-up cached  {cached_ms:.1} ms (deserialise; list text read before timing)");

    // Realistic hosts: third-party-web domains plus first-party hosts.
    let ents: serde_json::Value =
        serde_json::from_str(&read("third-party-web-entities.json")).unwrap();
    let mut hosts: Vec<String> = ents
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["domains"].as_array().cloned().unwrap_or_default())
        .filter_map(|d| d.as_str().map(|s| s.trim_start_matches("*.").to_string()))
        .collect();
    hosts.extend((0..2000).map(|i| format!("www.site{i}.example")));
    let paths = [
        "/",
        "/analytics.js",
        "/collect?v=1&tid=UA-1",
        "/pixel.gif?id=42",
        "/ads/banner.js",
        "/static/app.js",
        "/img/logo.png",
        "/tr?ev=PageView",
        "/gtag/js?id=G-X",
        "/v1/track",
        "/css/site.css",
        "/api/data.json",
    ];
    let kinds = [
        ResourceType::Script,
        ResourceType::Image,
        ResourceType::Xhr,
        ResourceType::Stylesheet,
        ResourceType::Iframe,
        ResourceType::Ping,
    ];
    // Hosts and party come from the crawl stage (computed when each request is
    // recorded), so they are prepared outside the timed loop.
    let reqs: Vec<(String, String, String, bool, ResourceType)> = (0..n)
        .map(|i| {
            let h = &hosts[(i * 7919) % hosts.len()];
            let p = paths[(i * 31) % paths.len()];
            let source = format!("www.site{}.example", i % 2000);
            let third = registrable_domain(h) != registrable_domain(&source);
            (
                format!("https://{h}{p}"),
                h.clone(),
                source,
                third,
                kinds[i % kinds.len()],
            )
        })
        .collect();
    let bin = std::fs::read_dir(cache.path())
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().ends_with(".bin"))
        .unwrap()
        .path();
    let bytes = std::fs::read(&bin).unwrap();
    let t = Instant::now();
    let mut e = adblock::Engine::new(true);
    e.deserialize(&bytes).unwrap();
    println!(
        "  of which       {:.1} ms adblock deserialise of {} KB",
        t.elapsed().as_secs_f64() * 1000.0,
        bytes.len() / 1024
    );
    // adblock alone on the same requests: the floor under our own figure.
    // Each request timed on its own, to split the cost of matching and
    // non-matching requests (real crawls have far fewer matches than this mix).
    let t = Instant::now();
    let (mut hit, mut miss) = ((0usize, 0f64), (0usize, 0f64));
    for (url, host, source_host, third, kind) in &reqs {
        let one = Instant::now();
        let req = adblock::request::Request::preparsed(
            url,
            host,
            source_host,
            trackaudit::classify::rules::request_type(*kind),
            *third,
        );
        let m = e.check_network_request(&req).matched;
        let took = one.elapsed().as_secs_f64();
        let side = if m { &mut hit } else { &mut miss };
        side.0 += 1;
        side.1 += took;
    }
    let raw_secs = t.elapsed().as_secs_f64();
    let per = |(k, secs): (usize, f64)| secs * 1e6 / k.max(1) as f64;
    println!(
        "adblock alone    {raw_secs:.2} s ({:.2} µs/request; {} matched at {:.2} µs, {} not at {:.2} µs)",
        raw_secs * 1e6 / n as f64,
        hit.0,
        per(hit),
        miss.0,
        per(miss)
    );
    let knowledge = Knowledge::builtin();
    let t = Instant::now();
    let mut matched = 0usize;
    let mut known = 0usize;
    let mut fused = 0usize;
    for (url, host, source_host, third, kind) in &reqs {
        if let Some(m) = engine.check_parsed(url, host, source_host, *third, *kind) {
            if !m.exception {
                matched += 1;
            }
            if m.filter.contains(" <+> ") {
                fused += 1;
            }
        }
        if knowledge.entity(host).is_some() {
            known += 1;
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!("requests         {n} ({matched} matched a filter, {known} with a known company, {fused} fused)");
    println!(
        "classify         {secs:.2} s on one thread ({:.2} µs/request, {:.0} requests/s)",
        secs * 1e6 / n as f64,
        n as f64 / secs
    );
}
