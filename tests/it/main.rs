//! The integration-test binary: every test serves a whole multi-host web from
//! one loopback server and points the crawler at it (`--proxy` / `--resolve`).

mod audit;
mod behaviours;
mod browser;
mod browser_guard;
mod browser_parity;
mod classify;
mod cli;
mod consent;
mod consent_engine;
mod crawl;
mod crawl_hostile;
mod distributed;
mod engines_both;
mod fuzz_replay;
mod history;
mod history_diff;
mod hostile;
mod hostile_http;
mod layering;
mod pg;
mod policies;
mod report;
mod store;
mod store_pg;
mod term;

use std::path::PathBuf;

/// A path under the project root's `../shared`, or `None` (after printing why)
/// when it is absent. With `TRACKAUDIT_REQUIRE_SHARED=1`, absence is a failure.
pub fn shared_path(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")).join(rel);
    if p.exists() {
        return Some(p);
    }
    if std::env::var("TRACKAUDIT_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
        panic!(
            "{} is required (TRACKAUDIT_REQUIRE_SHARED=1) but absent",
            p.display()
        );
    }
    eprintln!("skipping: {} is absent", p.display());
    None
}

/// Runs the whole audit over the target list `list` (text) with `opts`;
/// returns the summary and every site record, in completion order.
pub async fn run_all(
    list: &str,
    opts: &trackaudit::run::RunOptions,
) -> (
    trackaudit::model::RunSummary,
    Vec<trackaudit::model::SiteRecord>,
) {
    let targets = trackaudit::targets::TargetList::parse("targets.txt", list, true).unwrap();
    let mut recs = Vec::new();
    let cancel = std::sync::Arc::new(trackaudit::crawl::Cancel::default());
    let summary = trackaudit::run::run(&targets, opts, cancel, &mut |_, r| recs.push(r.clone()))
        .await
        .unwrap();
    (summary, recs)
}

/// A history database for binaries started by tests (never the user's own).
pub fn test_db() -> PathBuf {
    std::env::temp_dir().join(format!("trackaudit-tests-{}.db", std::process::id()))
}

/// The `trackaudit` binary, recording into a temporary history database.
pub fn bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_trackaudit"));
    c.env("TRACKAUDIT_DB", test_db());
    c
}

/// Reads a CSV file into header-keyed rows.
pub fn read_csv(path: &std::path::Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}
