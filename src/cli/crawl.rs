//! `trackaudit crawl`: target lists and options in (or a recorded run to
//! resume); the audit run, its summary and an exit code out.

use super::common::{crawl_config, db_path, load_knowledge, CommonArgs};
use super::execute::{execute, exit_code, print_summary};
use super::term;
use anyhow::{Context, Result};
use clap::{Args, Parser};
use std::path::PathBuf;
use trackaudit::run::RunOptions;
use trackaudit::targets::TargetList;

/// `trackaudit crawl`.
#[derive(Args, Debug)]
pub(crate) struct CrawlArgs {
    /// URL lists: text (one URL or domain a line), CSV (url/domain column or
    /// Tranco rank,domain), or `-` for stdin.
    #[arg(required_unless_present = "resume")]
    pub(crate) targets: Vec<String>,
    #[command(flatten)]
    pub(crate) common: CommonArgs,
    /// Treat a bad line in a URL list as an error.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Continue an interrupted run of the history database (same targets and
    /// options as recorded); finished sites are not crawled again.
    #[arg(long, value_name = "RUN")]
    pub(crate) resume: Option<i64>,
    /// Share the run through the history database's work queue: every target
    /// is queued, `trackaudit worker` processes anywhere take sites from it,
    /// and this command waits for the last one, then writes the reports.
    #[arg(long)]
    pub(crate) distributed: bool,
    /// With --distributed: audit nothing here, only queue, wait and report.
    #[arg(long, requires = "distributed")]
    pub(crate) no_local_worker: bool,
    /// With --distributed: seconds a site stays leased to the local worker
    /// without a heartbeat before another worker may take it.
    #[arg(long, value_name = "SECS", default_value_t = super::worker::DEFAULT_LEASE)]
    pub(crate) lease: f64,
}

/// A command line recorded with a run: `crawl ...` and nothing else.
#[derive(Parser, Debug)]
#[command(name = "trackaudit")]
struct Recorded {
    /// `-v` as recorded (not replayed: the resuming command's own counts).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    #[command(subcommand)]
    command: RecordedCommand,
}

/// The one command a run records.
#[derive(clap::Subcommand, Debug)]
enum RecordedCommand {
    Crawl(CrawlArgs),
}

/// Targets and run options of a crawl invocation; `out` overrides `--out`;
/// `command_line` is recorded with the run as the `crawl` command that
/// `--resume` re-reads (for a scheduled run, the schedule without its own options).
pub(crate) fn prepare(
    a: &CrawlArgs,
    out: Option<PathBuf>,
    command_line: Vec<String>,
) -> Result<(TargetList, RunOptions)> {
    let list = TargetList::read(&a.targets, a.strict)?;
    for w in &list.warnings {
        term::warn(w);
    }
    anyhow::ensure!(
        !list.targets.is_empty(),
        "no valid targets in {}",
        a.targets.join(", ")
    );
    let out = out.or_else(|| a.common.out.clone()).unwrap_or_else(|| {
        PathBuf::from("reports").join(trackaudit::clock::run_id(time::OffsetDateTime::now_utc()))
    });
    Ok((list, run_options(a, out, &command_line)?))
}

/// The run options of a crawl's arguments (what a queue worker builds from
/// a run's recorded command line, without its target lists).
pub(crate) fn run_options(
    a: &CrawlArgs,
    out: PathBuf,
    command_line: &[String],
) -> Result<RunOptions> {
    let cfg = crawl_config(&a.common)?;
    let knowledge = load_knowledge(&a.common)?;
    Ok(RunOptions {
        crawl: cfg,
        out_dir: out,
        knowledge,
        dnt_compare: a.common.dnt_compare,
        engine: a.common.engine.into(),
        consent: super::common::consent_states(&a.common.consent, a.common.engine)?,
        consent_rules: super::common::consent_rules(&a.common)?,
        db: db_path(&a.common),
        resume: a.resume,
        options_json: serde_json::to_string(command_line)?,
    })
}

/// This process's command line as a run records it: without the program
/// name, and with any password in `--db` replaced by `***`.
pub(crate) fn recorded_line() -> Vec<String> {
    recorded_from(std::env::args().skip(1))
}

/// [`recorded_line`] over any arguments.
fn recorded_from(args: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for arg in args {
        let arg = match arg.strip_prefix("--db=") {
            Some(v) => format!("--db={}", trackaudit::store::redacted(v)),
            None if out.last().is_some_and(|p| p == "--db") => trackaudit::store::redacted(&arg),
            None => arg,
        };
        out.push(arg);
    }
    out
}

/// A recorded command line (JSON array of arguments) read back as the
/// arguments of `crawl`.
pub(crate) fn recorded_args(options: &str) -> Result<CrawlArgs> {
    let args: Vec<String> =
        serde_json::from_str(options).context("reading the recorded command line")?;
    let recorded = Recorded::try_parse_from(std::iter::once("trackaudit".to_string()).chain(args))
        .context("the run was not recorded by `trackaudit crawl`")?;
    let RecordedCommand::Crawl(stored) = recorded.command;
    Ok(stored)
}

/// `crawl --resume RUN` without targets: the command line recorded with the run.
fn resumed_args(a: &CrawlArgs, id: i64) -> Result<(CrawlArgs, PathBuf)> {
    let store = super::common::open_store(&a.common.db)?;
    let db = store.path().to_path_buf();
    let row = store
        .run(id)?
        .with_context(|| format!("no run {id} in {}", store.display_name()))?;
    anyhow::ensure!(!row.complete, "run {id} is complete; nothing to resume");
    let mut stored = recorded_args(&row.options).with_context(|| format!("run {id}"))?;
    stored.resume = Some(id);
    // A distributed run stays distributed; where its sites are audited is
    // this command's choice.
    stored.distributed |= a.distributed;
    stored.no_local_worker = a.no_local_worker;
    stored.lease = a.lease;
    stored.common.db = Some(db);
    Ok((stored, PathBuf::from(row.out_dir)))
}

/// `trackaudit crawl`: returns the exit code (0, 1 with `--fail-on`, 2 interrupted).
pub(crate) async fn crawl(a: CrawlArgs) -> Result<i32> {
    let (a, out) = match a.resume {
        Some(id) if a.targets.is_empty() => {
            let (stored, out) = resumed_args(&a, id)?;
            (stored, Some(out))
        }
        _ => (a, None),
    };
    if a.distributed {
        return distributed(&a, out).await;
    }
    let (list, opts) = prepare(&a, out, recorded_line())?;
    let out = opts.out_dir.clone();
    let summary = execute(&list, &opts, a.common.quiet).await?;
    print_summary(&summary, &out);
    if let (Some(db), Some(id)) = (&opts.db, summary.db_run) {
        println!("history: run {id} in {}", db.display());
    }
    if !summary.complete {
        term::line(&format!(
            "trackaudit: run interrupted: {} of {} targets not crawled{}",
            summary.targets - summary.sites,
            summary.targets,
            summary
                .db_run
                .map(|id| format!("; continue with `trackaudit crawl --resume {id}`"))
                .unwrap_or_default()
        ));
        return Ok(2);
    }
    Ok(exit_code(&summary, a.common.fail_on))
}

/// `crawl --distributed`: creates (or with `--resume` continues) the run,
/// queues its targets, works on the queue here unless `--no-local-worker`,
/// waits until every site is finished by some worker, then finishes the run
/// and writes its reports from the database.
async fn distributed(a: &CrawlArgs, out: Option<PathBuf>) -> Result<i32> {
    use super::worker::{queue_entry, work_queue, QueueWork, Stop};
    let clock = std::time::Instant::now();
    let lease = super::worker::lease(a.lease)?;
    let (list, opts) = prepare(a, out, recorded_line())?;
    let db = opts.db.clone().context(
        "--distributed needs a history database shared by the workers (--db; not --no-db)",
    )?;
    let store = super::common::open_store_new(&db)?;
    let urls = list.targets.iter().map(|t| t.url.as_str());
    let key = trackaudit::store::targets_key(urls);
    let out = opts.out_dir.clone();
    let started = time::OffsetDateTime::now_utc();
    let id = match opts.resume {
        Some(id) => {
            let row = store
                .run(id)?
                .with_context(|| format!("no run {id} in {}", store.display_name()))?;
            anyhow::ensure!(
                row.targets_key == key,
                "--resume: run {id} was over a different target list"
            );
            let queued = store.pending(id)?;
            anyhow::ensure!(
                queued.queued + queued.leased + queued.done + queued.failed > 0 || row.sites == 0,
                "run {id} was not distributed; resume it without --distributed"
            );
            id
        }
        None => store.begin_run(
            &key,
            list.targets.len(),
            &out.display().to_string(),
            &opts.options_json,
        )?,
    };
    let entries: Vec<String> = list.targets.iter().map(queue_entry).collect();
    let added = store.enqueue(id, &entries)?;
    let quiet = a.common.quiet;
    if !quiet {
        term::line(&format!(
            "run {id}: {added} of {} sites queued in {}{}",
            entries.len(),
            store.display_name(),
            if a.no_local_worker {
                "; waiting for workers (`trackaudit worker --db ...`)"
            } else {
                ""
            }
        ));
    }
    let stop = Stop::default();
    let worker_stop = Stop::default();
    let watcher = tokio::spawn({
        let (stop, worker_stop) = (stop.clone(), worker_stop.clone());
        async move {
            let mut signals = super::execute::Signals::new();
            signals.next().await;
            if !quiet {
                term::line("stopping: no new sites here; in-flight sites get 5 s (signal again to stop now); other workers go on");
            }
            stop.stop();
            worker_stop.stop();
            tokio::select! {
                _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
                _ = signals.next() => {}
            }
            worker_stop.cancel.abort();
        }
    });
    let local = (!a.no_local_worker).then(|| {
        let w = QueueWork {
            db: db.clone(),
            run: Some(id),
            concurrency: None,
            engine: None,
            lease,
            until_idle: false,
            show_sites: false,
        };
        let worker_stop = worker_stop.clone();
        tokio::spawn(async move { work_queue(&w, &worker_stop).await })
    });
    // Wait for every site of the run, from any worker.
    let mut shown = None;
    let mut last_line = std::time::Instant::now();
    let counts = loop {
        let c = store.pending(id)?;
        let line = format!(
            "[{}/{}] run {id}: {} queued, {} leased, {} given up",
            c.done + c.failed,
            entries.len(),
            c.queued,
            c.leased,
            c.failed
        );
        if shown.as_ref() != Some(&line) && (last_line.elapsed().as_secs() >= 2 || c.finished()) {
            if quiet {
                tracing::info!("{line}");
            } else {
                term::line(&line);
            }
            shown = Some(line);
            last_line = std::time::Instant::now();
        }
        if c.finished() || stop.is_stopped() {
            break c;
        }
        if let Some(h) = &local {
            if h.is_finished() {
                break c;
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_millis(500)) => {}
            _ = stop.stopped() => {}
        }
    };
    worker_stop.stop();
    let worked = match local {
        Some(h) => Some(h.await??),
        None => None,
    };
    watcher.abort();
    if let Some(e) = worked.as_ref().and_then(|w| w.error.as_ref()) {
        anyhow::bail!("the local worker stopped: {e}");
    }
    let counts = if counts.finished() {
        counts
    } else {
        store.pending(id)?
    };
    let complete = counts.finished() && !stop.is_stopped();
    // The summary of every recorded site, then the reports from the database.
    let mut tally = trackaudit::run::Tally::new(trackaudit::model::RunSummary {
        run: trackaudit::clock::run_id(started),
        started: trackaudit::clock::rfc3339(started),
        targets: list.targets.len(),
        bad_lines: list.warnings.len(),
        duplicates: list.duplicates,
        db_run: Some(id),
        browser: worked.and_then(|w| w.browser),
        ..Default::default()
    });
    let sites = store.site_records(id)?;
    for (_, rec) in &sites {
        tally.add(rec);
    }
    let summary = tally.finish(complete, clock.elapsed().as_secs_f64());
    store.finish_run(id, &summary, complete)?;
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    trackaudit::run::write_changes(&store, id, &out)?;
    trackaudit::report::write_sites(&out, &sites, &summary)
        .with_context(|| format!("writing the reports of run {id}"))?;
    print_summary(&summary, &out);
    println!("history: run {id} in {}", store.display_name());
    if !complete {
        term::line(&format!(
            "trackaudit: run {id} not finished: {} of {} sites still queued or leased (workers go on); wait for it with `trackaudit crawl --resume {id} --distributed`",
            counts.queued + counts.leased,
            entries.len()
        ));
        return Ok(2);
    }
    Ok(exit_code(&summary, a.common.fail_on))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_command_lines_keep_no_database_password() {
        let args = [
            "crawl",
            "sites.txt",
            "--db",
            "postgres://u:pw@h/db",
            "--db=postgresql://v:pw2@h:5/x",
            "--proxy",
            "http://127.0.0.1:8080",
        ];
        let line = recorded_from(args.iter().map(|s| s.to_string()));
        assert_eq!(
            line,
            [
                "crawl",
                "sites.txt",
                "--db",
                "postgres://u:***@h/db",
                "--db=postgresql://v:***@h:5/x",
                "--proxy",
                "http://127.0.0.1:8080",
            ]
        );
        // And read back as a crawl's arguments, as a worker does (one --db).
        let one_db = [&line[..4], &line[5..]].concat();
        let a = recorded_args(&serde_json::to_string(&one_db).unwrap()).unwrap();
        assert_eq!(a.targets, ["sites.txt"]);
        assert!(!a.distributed);
    }
}
