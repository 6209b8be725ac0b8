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
    let cfg = crawl_config(&a.common)?;
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
    let knowledge = load_knowledge(&a.common)?;
    let opts = RunOptions {
        crawl: cfg,
        out_dir: out,
        knowledge,
        dnt_compare: a.common.dnt_compare,
        engine: a.common.engine.into(),
        consent: super::common::consent_states(&a.common.consent, a.common.engine)?,
        consent_rules: super::common::consent_rules(&a.common)?,
        db: db_path(&a.common),
        resume: a.resume,
        options_json: serde_json::to_string(&command_line)?,
    };
    Ok((list, opts))
}

/// `crawl --resume RUN` without targets: the command line recorded with the run.
fn resumed_args(a: &CrawlArgs, id: i64) -> Result<(CrawlArgs, PathBuf)> {
    let store = super::common::open_store(&a.common.db)?;
    let db = store.path().to_path_buf();
    let row = store
        .run(id)?
        .with_context(|| format!("no run {id} in {}", db.display()))?;
    anyhow::ensure!(!row.complete, "run {id} is complete; nothing to resume");
    let args: Vec<String> =
        serde_json::from_str(&row.options).context("reading the recorded command line")?;
    let recorded = Recorded::try_parse_from(std::iter::once("trackaudit".to_string()).chain(args))
        .with_context(|| format!("run {id} was not recorded by `trackaudit crawl`"))?;
    let RecordedCommand::Crawl(mut stored) = recorded.command;
    stored.resume = Some(id);
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
    let (list, opts) = prepare(&a, out, std::env::args().skip(1).collect())?;
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
