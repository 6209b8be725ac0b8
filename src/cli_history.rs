//! The history commands of the binary: `runs`, `diff` and `schedule`
//! arguments in, history listings, diffs and scheduled crawls out.

use crate::cli::{execute, prepare, print_summary, CrawlArgs};
use anyhow::{Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::time::Duration;
use trackaudit::diff::{self, RunDiff};
use trackaudit::schedule::{self, Schedule};
use trackaudit::store::{self, Store};

/// `trackaudit runs`.
#[derive(Args, Debug)]
pub struct RunsArgs {
    /// History database (default: $TRACKAUDIT_DB, $XDG_DATA_HOME/trackaudit/history.db or ~/.local/share/trackaudit/history.db).
    #[arg(long)]
    db: Option<PathBuf>,
    /// JSON lines instead of a table.
    #[arg(long)]
    json: bool,
}

/// `trackaudit diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// Older run id (default: the run before B over the same target list).
    a: Option<i64>,
    /// Newer run id (default: the latest run).
    b: Option<i64>,
    /// History database.
    #[arg(long)]
    db: Option<PathBuf>,
    /// JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// `trackaudit schedule`.
#[derive(Args, Debug)]
pub struct ScheduleArgs {
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

fn open(db: &Option<PathBuf>) -> Result<Store> {
    let path = db
        .clone()
        .or_else(store::default_path)
        .context("no history database: give --db or set $TRACKAUDIT_DB")?;
    anyhow::ensure!(
        path.exists(),
        "no history database at {} (crawls record into it unless --no-db)",
        path.display()
    );
    Store::open(&path).with_context(|| format!("opening {}", path.display()))
}

/// `trackaudit runs`: one line per run.
pub fn runs(a: RunsArgs) -> Result<i32> {
    let store = open(&a.db)?;
    let rows = store.runs()?;
    if a.json {
        for r in &rows {
            println!("{}", serde_json::to_string(r)?);
        }
        return Ok(0);
    }
    println!(
        "{:>5}  {:<20}  {:>7}  {:>5}  {:>6}  {:>8}  {:<10}  reports",
        "run", "started", "targets", "ok", "failed", "findings", "state"
    );
    for r in &rows {
        let state = if r.complete {
            "complete"
        } else if r.finished.is_some() {
            "incomplete"
        } else {
            "unfinished"
        };
        println!(
            "{:>5}  {:<20}  {:>7}  {:>5}  {:>6}  {:>8}  {:<10}  {}",
            r.id, r.started, r.targets, r.sites_ok, r.sites_failed, r.findings, state, r.out_dir
        );
    }
    if rows.is_empty() {
        println!("(no runs recorded in {})", store.path().display());
    }
    Ok(0)
}

/// The two runs a `diff` compares by default: the latest run and the one
/// before it over the same target list.
fn default_pair(store: &Store, a: Option<i64>, b: Option<i64>) -> Result<(i64, i64)> {
    let b = match b {
        Some(b) => b,
        None => store
            .runs()?
            .iter()
            .map(|r| r.id)
            .max()
            .context("no runs recorded")?,
    };
    let a = match a {
        Some(a) if a != b => a,
        _ => store
            .previous_run(b)?
            .with_context(|| format!("no earlier complete run over the same targets as run {b}"))?,
    };
    Ok((a, b))
}

/// `trackaudit diff [A] [B]`.
pub fn diff_cmd(a: DiffArgs) -> Result<i32> {
    let store = open(&a.db)?;
    let (x, y) = match (a.a, a.b) {
        (Some(x), Some(y)) => (x, y),
        (Some(x), None) => default_pair(&store, Some(x), None).map(|(_, y)| (x, y))?,
        _ => default_pair(&store, None, None)?,
    };
    let d = diff::diff(&store, x, y)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&d)?);
    } else {
        println!("changes from run {x} to run {y}");
        print!(
            "{}",
            if d.is_empty() {
                "no changes\n".to_string()
            } else {
                d.to_text()
            }
        );
    }
    Ok(0)
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
        "--print",
    ];
    let mut out = Vec::new();
    let mut args = std::env::args().skip(1).peekable();
    while let Some(a) = args.next() {
        if a == "schedule" && out.is_empty() {
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

/// `trackaudit schedule ...`.
pub async fn schedule_cmd(a: ScheduleArgs) -> Result<i32> {
    let sched = Schedule::from_options(a.at.as_deref(), a.every.as_deref(), a.cron.as_deref())?;
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
        wait_for_stop().await;
        let _ = tx.send(true);
    });
    eprintln!(
        "scheduler: next run at {} UTC; reports under {}",
        sched.next_after(time::OffsetDateTime::now_utc()),
        base.display()
    );
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
                Ok(Err(e)) => eprintln!("scheduler: run at {t} failed: {e:#}"),
                Err(p) => eprintln!(
                    "scheduler: run at {t} failed: {}",
                    trackaudit::crawl::panic_message(&*p)
                ),
            }
            eprintln!(
                "scheduler: next run at {} UTC",
                sched.next_after(time::OffsetDateTime::now_utc())
            );
        }
    })
    .await;
    eprintln!("scheduler: stopped after {ran} run(s)");
    Ok(0)
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        if let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            tokio::select! { _ = tokio::signal::ctrl_c() => {}, _ = term.recv() => {} }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// One scheduled crawl: a dated report directory, history, the diff against
/// the previous run handed to --on-change / --webhook, pruning.
async fn scheduled_run(a: &ScheduleArgs, base: &Path, t: time::OffsetDateTime) -> Result<()> {
    let out = schedule::dated_dir(base, t);
    let (list, opts) = prepare(&a.crawl, Some(out.clone()))?;
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
        eprintln!("scheduler: pruned {}", gone.display());
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
        Err(e) => return eprintln!("scheduler: diff as JSON: {e}"),
    };
    let limit = Duration::from_secs(a.hook_timeout.max(1));
    if let Some(cmd) = &a.on_change {
        match tokio::time::timeout(limit, on_change(cmd, &json)).await {
            Ok(Ok(st)) if st.success() => {}
            Ok(Ok(st)) => eprintln!("scheduler: --on-change exited with {st}"),
            Ok(Err(e)) => eprintln!("scheduler: --on-change: {e}"),
            // Dropping the future kills the command (kill_on_drop).
            Err(_) => eprintln!(
                "scheduler: --on-change took longer than {}s and was killed",
                limit.as_secs()
            ),
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
            Ok(r) => eprintln!("scheduler: --webhook {url}: HTTP {}", r.status()),
            Err(e) => eprintln!("scheduler: --webhook {url}: {e}"),
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
