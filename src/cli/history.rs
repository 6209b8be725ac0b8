//! The history commands `runs` and `diff`: a history database (and run ids)
//! in; a listing of recorded runs, or what changed between two runs, out.

use super::common::open_store;
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use trackaudit::diff as rundiff;
use trackaudit::store::Store;

/// `trackaudit runs`.
#[derive(Args, Debug)]
pub(crate) struct RunsArgs {
    /// History database (default: $TRACKAUDIT_DB, $XDG_DATA_HOME/trackaudit/history.db or ~/.local/share/trackaudit/history.db).
    #[arg(long)]
    db: Option<PathBuf>,
    /// JSON lines instead of a table.
    #[arg(long)]
    json: bool,
}

/// `trackaudit diff`.
#[derive(Args, Debug)]
pub(crate) struct DiffArgs {
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

/// `trackaudit runs`: one line per run.
pub(crate) fn runs(a: RunsArgs) -> Result<i32> {
    let store = open_store(&a.db)?;
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
        println!("(no runs recorded in {})", store.display_name());
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
pub(crate) fn diff(a: DiffArgs) -> Result<i32> {
    let store = open_store(&a.db)?;
    let (x, y) = match (a.a, a.b) {
        (Some(x), Some(y)) => (x, y),
        (x, y) => default_pair(&store, x, y)?,
    };
    let d = rundiff::diff(&store, x, y)?;
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
