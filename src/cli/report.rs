//! `trackaudit report DIR`: a run directory in; its report.html rebuilt from
//! observations.jsonl, warnings about skipped lines or an interrupted run out.

use super::term;
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;

/// `trackaudit report`.
#[derive(Args, Debug)]
pub(crate) struct ReportArgs {
    /// A run's output directory (the one holding observations.jsonl).
    dir: PathBuf,
}

/// `trackaudit report DIR`: rebuilds the HTML report from observations.jsonl.
pub(crate) fn report(a: ReportArgs) -> Result<i32> {
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
