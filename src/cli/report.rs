//! `trackaudit report DIR`: a run directory in; its report.html rebuilt from
//! observations.jsonl, warnings about skipped lines or an interrupted run out.
//! `trackaudit report RUN --db DB --out DIR`: every report file of a run of
//! the history (SQLite or PostgreSQL) written into DIR.

use super::term;
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;

/// `trackaudit report`.
#[derive(Args, Debug)]
pub(crate) struct ReportArgs {
    /// A run's output directory (the one holding observations.jsonl), or with
    /// `--out`, a run id of the history database.
    dir: PathBuf,
    /// Write every report file of run DIR (a run id) from the history into this
    /// directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// History database (SQLite path or postgres:// URL; default as for `runs`).
    #[arg(long)]
    db: Option<PathBuf>,
}

/// `trackaudit report DIR`: rebuilds the HTML report from observations.jsonl;
/// `report RUN --out DIR`: writes a run's reports from the history.
pub(crate) fn report(a: ReportArgs) -> Result<i32> {
    if let Some(out) = &a.out {
        let id: i64 = a
            .dir
            .to_string_lossy()
            .parse()
            .with_context(|| format!("{}: with --out, give a run id", a.dir.display()))?;
        let store = super::common::open_store(&a.db)?;
        let n = trackaudit::report::from_history(&store, id, out)
            .with_context(|| format!("writing the reports of run {id}"))?;
        println!("reports of run {id}: {} ({n} sites)", out.display());
        return Ok(0);
    }
    anyhow::ensure!(
        a.db.is_none(),
        "--db needs --out (report RUN --db DB --out DIR)"
    );
    let r = trackaudit::report::html::rebuild(&a.dir)
        .with_context(|| format!("rebuilding the report of {}", a.dir.display()))?;
    if r.skipped_lines > 0 {
        term::warn(format_args!(
            "{} unreadable line(s) of observations.jsonl skipped",
            r.skipped_lines
        ));
    }
    if !r.complete {
        term::warn(format_args!(
            "the run was interrupted (no complete run summary); the report shows the {} site(s) that finished",
            r.sites
        ));
    }
    println!("report: {} ({} sites)", r.path.display(), r.sites);
    Ok(0)
}
