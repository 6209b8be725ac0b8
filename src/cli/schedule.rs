//! `trackaudit schedule`: crawl options plus `--at`/`--every`/`--cron` in;
//! either systemd/cron text for the schedule, or scheduled crawls until
//! Ctrl-C / SIGTERM, each with a dated report directory, history, the diff
//! against the previous run handed to `--on-change` / `--webhook`, pruning.

use super::crawl::{prepare, CrawlArgs};
use super::execute::{execute, print_summary, Signals};
use super::term;
use anyhow::{Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::time::Duration;
use trackaudit::diff::{self, RunDiff};
use trackaudit::schedule::{self, Schedule};
use trackaudit::store::Store;

/// `trackaudit schedule`.
#[derive(Args, Debug)]
pub(crate) struct ScheduleArgs {
    #[command(flatten)]
    crawl: CrawlArgs,
    /// Time of day (UTC) to run, HH:MM.
    #[arg(long)]
    at: Option<String>,
    /// How often: day, hour or week (Mondays).
    #[arg(long)]
    every: Option<String>,
    /// A 5-field cron expression (UTC) instead of --at/--every.
    #[arg(long)]
    cron: Option<String>,
    /// Report directories to keep under --out (oldest pruned).
    #[arg(long, default_value_t = 30)]
    keep: usize,
    /// Command run (via sh -c) with the diff as JSON on stdin when a run differs from the previous one.
    #[arg(long, value_name = "CMD")]
    on_change: Option<String>,
    /// URL that receives the diff JSON as a POST when a run differs from the previous one.
    #[arg(long, value_name = "URL")]
    webhook: Option<String>,
    /// Seconds --on-change and --webhook may take before they are given up
    /// (the command is killed).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    hook_timeout: u64,
    /// Print a systemd service + timer, or a crontab line, instead of running.
    #[arg(long, value_name = "systemd|cron")]
    print: Option<String>,
}

/// The crawl arguments of a `schedule` invocation, as a `crawl` command line:
/// the schedule-only options removed.
fn crawl_command_line() -> Vec<String> {
    const OWN: &[&str] = &[
        "--at",
        "--every",
        "--cron",
        "--keep",
        "--on-change",
        "--webhook",
        "--hook-timeout",
        "--print",
    ];
    let mut out = Vec::new();
    let mut command = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "schedule" && !command {
            // The subcommand (only global flags such as -v come before it).
            command = true;
            out.push("crawl".to_string());
        } else if OWN.contains(&a.as_str()) {
            args.next();
        } else if OWN.iter().any(|o| a.starts_with(&format!("{o}="))) {
        } else {
            out.push(a);
        }
    }
    out
}

/// `trackaudit schedule ...`: runs until stopped (exit code 0), or prints
/// the unit files / crontab line.
pub(crate) async fn schedule(a: ScheduleArgs) -> Result<i32> {
    let sched = Schedule::from_options(a.at.as_deref(), a.every.as_deref(), a.cron.as_deref())
        .context("--at/--every/--cron")?;
    if let Some(kind) = &a.print {
        let exe = std::env::current_exe().context("locating the trackaudit binary")?;
        let mut args = vec![exe.display().to_string()];
        args.extend(crawl_command_line());
        let cwd = std::env::current_dir().context("reading the current directory")?;
        match kind.as_str() {
            "systemd" => print!("{}", sched.print_systemd(&args, &cwd)),
            "cron" => print!("{}", sched.print_cron(&args, &cwd)),
            other => anyhow::bail!("--print {other}: expected systemd or cron"),
        }
        return Ok(0);
    }
    let base = a
        .crawl
        .common
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports"));
    let (tx, rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        Signals::new().next().await;
        let _ = tx.send(true);
    });
    term::line(&format!(
        "scheduler: next run at {} UTC; reports under {}",
        sched.next_after(time::OffsetDateTime::now_utc()),
        base.display()
    ));
    let ran = schedule::run_scheduler(&sched, rx, |t| {
        let (a, base, sched) = (&a, &base, &sched);
        async move {
            // A failed or even panicking run is reported; the scheduler goes on.
            use futures::FutureExt;
            match std::panic::AssertUnwindSafe(scheduled_run(a, base, t))
                .catch_unwind()
                .await
            {
                Ok(Ok(())) => {}
                Ok(Err(e)) => term::warn(format_args!("scheduler: run at {t} failed: {e:#}")),
                Err(p) => term::warn(format_args!(
                    "scheduler: run at {t} failed: {}",
                    trackaudit::crawl::panic_message(&*p)
                )),
            }
            term::line(&format!(
                "scheduler: next run at {} UTC",
                sched.next_after(time::OffsetDateTime::now_utc())
            ));
        }
    })
    .await;
    term::line(&format!("scheduler: stopped after {ran} run(s)"));
    Ok(0)
}

/// One scheduled crawl: a dated report directory, history, the diff against
/// the previous run handed to --on-change / --webhook, pruning.
async fn scheduled_run(a: &ScheduleArgs, base: &Path, t: time::OffsetDateTime) -> Result<()> {
    let out = schedule::dated_dir(base, t);
    // Prepared anew for each run, on purpose: edits to the target files and a
    // `lists update` between runs take effect without restarting the scheduler.
    let (list, opts) = prepare(&a.crawl, Some(out.clone()), crawl_command_line())?;
    let summary = execute(&list, &opts, a.crawl.common.quiet).await?;
    print_summary(&summary, &out);
    if let (Some(db), Some(run)) = (&opts.db, summary.db_run) {
        let store = Store::open(db)?;
        if let Some(prev) = store.previous_run(run)? {
            let d = diff::diff(&store, prev, run)?;
            if !d.is_empty() {
                notify(a, &d).await;
            }
        }
    }
    for gone in schedule::prune(base, a.keep)? {
        term::line(&format!("scheduler: pruned {}", gone.display()));
    }
    Ok(())
}

/// Runs the --on-change command with the diff on its stdin; the command is
/// killed if the returned future is dropped.
async fn on_change(cmd: &str, json: &[u8]) -> std::io::Result<std::process::ExitStatus> {
    use tokio::io::AsyncWriteExt;
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its stdin is not an error.
        let _ = stdin.write_all(json).await;
    }
    child.wait().await
}

/// Hands a non-empty diff to --on-change and --webhook, each within
/// --hook-timeout; failures are reported, not fatal.
async fn notify(a: &ScheduleArgs, d: &RunDiff) {
    let json = match serde_json::to_vec(d) {
        Ok(j) => j,
        Err(e) => return term::warn(format_args!("scheduler: diff as JSON: {e}")),
    };
    let limit = Duration::from_secs(a.hook_timeout.max(1));
    if let Some(cmd) = &a.on_change {
        match tokio::time::timeout(limit, on_change(cmd, &json)).await {
            Ok(Ok(st)) if st.success() => {}
            Ok(Ok(st)) => term::warn(format_args!("scheduler: --on-change exited with {st}")),
            Ok(Err(e)) => term::warn(format_args!("scheduler: --on-change: {e}")),
            // Dropping the future kills the command (kill_on_drop).
            Err(_) => term::warn(format_args!(
                "scheduler: --on-change took longer than {}s and was killed",
                limit.as_secs()
            )),
        }
    }
    if let Some(url) = &a.webhook {
        let client = trackaudit::crawl::http::client_builder()
            .timeout(limit)
            .build();
        let sent = match client {
            Ok(c) => {
                c.post(url)
                    .header("content-type", "application/json")
                    .body(json.clone())
                    .send()
                    .await
            }
            Err(e) => Err(e),
        };
        match sent {
            Ok(r) if r.status().is_success() => {}
            Ok(r) => term::warn(format_args!(
                "scheduler: --webhook {url}: HTTP {}",
                r.status()
            )),
            Err(e) => term::warn(format_args!("scheduler: --webhook {url}: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn on_change_is_killed_at_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("ran");
        let cmd = format!("cat >/dev/null; sleep 2; touch {}", marker.display());
        let t = std::time::Instant::now();
        let r = tokio::time::timeout(Duration::from_millis(300), on_change(&cmd, b"{}")).await;
        assert!(r.is_err(), "a command past the timeout is given up");
        assert!(t.elapsed() < Duration::from_secs(1));
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert!(!marker.exists(), "the command was killed, not left running");
        let st = on_change("cat >/dev/null; exit 3", b"{}").await.unwrap();
        assert_eq!(st.code(), Some(3));
    }
}
