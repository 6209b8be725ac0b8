//! Running one audit from the binary: targets and run options in; progress
//! on stderr, Ctrl-C / SIGTERM handling, the summary on stdout and the exit
//! code out.

use super::common::{name_flag, FailOn};
use super::term::{self, SiteProgress};
use anyhow::Result;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use trackaudit::crawl::Cancel;
use trackaudit::model::RunSummary;
use trackaudit::model::{SiteRecord, SiteStatus};
use trackaudit::run::{self, Progress, RunOptions};
use trackaudit::targets::TargetList;

/// Runs the audit with progress output and Ctrl-C / SIGTERM handling.
pub(crate) async fn execute(
    list: &TargetList,
    opts: &RunOptions,
    quiet: bool,
) -> Result<RunSummary> {
    let cancel = Arc::new(Cancel::default());
    let watcher = tokio::spawn(watch_signals(cancel.clone(), quiet));
    let shown = SiteProgress::start(list.targets.len(), quiet);
    let mut progress = |p: &Progress, rec: &SiteRecord| shown.site_done(p, rec);
    let summary = run::run(list, opts, cancel, &mut progress).await;
    drop(shown);
    watcher.abort();
    summary.map_err(name_flag)
}

/// Ctrl-C and SIGTERM (where there is one).
pub(crate) struct Signals {
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    /// Starts listening for SIGTERM (Ctrl-C is always listened for).
    pub(crate) fn new() -> Signals {
        Signals {
            #[cfg(unix)]
            term: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok(),
        }
    }

    /// Waits for the next Ctrl-C or SIGTERM.
    pub(crate) async fn next(&mut self) {
        #[cfg(unix)]
        if let Some(t) = self.term.as_mut() {
            tokio::select! { _ = tokio::signal::ctrl_c() => {}, _ = t.recv() => {} }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// First Ctrl-C / SIGTERM: take no new sites, give in-flight ones 5 s.
/// Second: wrap up now.
async fn watch_signals(cancel: Arc<Cancel>, quiet: bool) {
    let mut signals = Signals::new();
    signals.next().await;
    if !quiet {
        term::line("stopping: no new sites; in-flight sites get 5 s (signal again to stop now)");
    }
    cancel.stop();
    tokio::select! {
        _ = tokio::time::sleep(Duration::from_secs(5)) => {}
        _ = signals.next() => {}
    }
    cancel.abort();
}

/// Prints a run's summary on stdout.
pub(crate) fn print_summary(s: &RunSummary, out: &Path) {
    let failed: usize = s
        .by_status
        .iter()
        .filter(|(k, _)| k.as_str() != SiteStatus::Ok.as_str())
        .map(|(_, v)| v)
        .sum();
    println!(
        "{} {} sites: {} ok, {} failed{}",
        if s.complete {
            "Audited"
        } else {
            "INCOMPLETE run: audited"
        },
        s.sites,
        s.sites - failed,
        failed,
        if s.complete {
            String::new()
        } else {
            format!(
                " ({} of {} targets not crawled)",
                s.targets - s.sites,
                s.targets
            )
        }
    );
    for (status, n) in &s.by_status {
        println!("  {status:<14} {n}");
    }
    if let Some(b) = &s.browser {
        println!("  browser        {b}");
    }
    if s.bad_lines > 0 || s.duplicates > 0 {
        println!(
            "  target lists: {} bad lines skipped, {} duplicates dropped",
            s.bad_lines, s.duplicates
        );
    }
    println!(
        "requests {}  third-party domains {}  trackers {}  cookies {} ({} third-party)  beacons {}  findings {}",
        s.requests, s.third_party_domains, s.trackers, s.cookies, s.third_party_cookies, s.beacons, s.findings
    );
    if s.findings > 0 {
        let sev: Vec<String> = ["high", "medium", "low", "info"]
            .iter()
            .filter_map(|k| s.findings_by_severity.get(*k).map(|n| format!("{n} {k}")))
            .collect();
        println!("findings by severity: {}", sev.join(", "));
        for (rule, n) in &s.findings_by_rule {
            println!("  {rule:<34} {n}");
        }
    }
    let pct = |part: usize, whole: usize| 100.0 * part as f64 / whole as f64;
    if s.coverage_total > 0 {
        println!(
            "engine coverage: the HTTP engine saw {} of the {} tracker hosts the browser saw ({:.0}%)",
            s.coverage_seen,
            s.coverage_total,
            pct(s.coverage_seen, s.coverage_total)
        );
    }
    if s.tracker_companies > 0 {
        println!(
            "policy disclosure: {} of {} tracker companies observed are named in the sites' policies ({:.0}%)",
            s.named_companies,
            s.tracker_companies,
            pct(s.named_companies, s.tracker_companies)
        );
    }
    println!("privacy policies read: {} of {} sites", s.policies, s.sites);
    println!(
        "wall time {:.1} s, {:.1} sites/s",
        s.wall_seconds, s.sites_per_second
    );
    println!(
        "reports: {} (open {})",
        out.display(),
        out.join("report.html").display()
    );
}

/// 1 when a finding at or above `fail_on` exists, else 0.
pub(crate) fn exit_code(s: &RunSummary, fail_on: Option<FailOn>) -> i32 {
    match (fail_on, s.max_severity) {
        (Some(level), Some(max)) if max >= level.severity() => 1,
        _ => 0,
    }
}
