//! Command-line arguments in, an exit code out: the clap definition of the
//! command line and the dispatch to one module per command. The commands'
//! modules never import from this one; what they share lives in [`common`]
//! (options), [`execute`] (running an audit) and [`term`] (stderr, progress
//! bar, diagnostics). The binary is the only place that prints.

pub mod common;
pub mod crawl;
pub mod demo;
pub mod execute;
pub mod history;
pub mod lists;
pub mod policy;
pub mod report;
pub mod schedule;
pub mod term;
pub mod worker;

use anyhow::{Context, Result};
use clap::{ArgAction, Parser, Subcommand};

/// Audit websites for tracking and check it against their own privacy policies.
#[derive(Parser, Debug)]
#[command(name = "trackaudit", version, about)]
pub struct Cli {
    /// More diagnostics on stderr: -v info, -vv debug (RUST_LOG overrides).
    #[arg(short, long, action = ArgAction::Count, global = true)]
    pub verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Crawl the sites of one or more URL lists (text, CSV, `-` for stdin).
    Crawl(crawl::CrawlArgs),
    /// Start the built-in demo web on loopback and audit it.
    Demo(demo::DemoArgs),
    /// List the runs recorded in the history database.
    Runs(history::RunsArgs),
    /// What changed between two runs (default: the last two over the same targets).
    Diff(history::DiffArgs),
    /// Crawl on a schedule (or print a systemd timer / crontab line for it).
    Schedule(schedule::ScheduleArgs),
    /// Show the claims of one privacy policy (a .txt/.html file or a URL), or
    /// of a batch of texts with --jsonl.
    Policy(policy::PolicyArgs),
    /// Rebuild DIR/report.html from a run directory's observations.jsonl.
    Report(report::ReportArgs),
    /// Audit sites from the work queue of distributed runs (`crawl
    /// --distributed`) in a shared database, until stopped or idle.
    Worker(worker::WorkerArgs),
    /// Manage downloaded tracker lists (EasyPrivacy, EasyList, cookie and entity data).
    Lists {
        #[command(subcommand)]
        action: lists::ListsAction,
    },
}

/// Runs the parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<i32> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async {
        match cli.command {
            Command::Crawl(a) => crawl::crawl(a).await,
            Command::Demo(a) => demo::demo(a).await,
            Command::Runs(a) => history::runs(a),
            Command::Diff(a) => history::diff(a),
            Command::Schedule(a) => schedule::schedule(a).await,
            Command::Policy(a) => policy::policy(a).await,
            Command::Report(a) => report::report(a),
            Command::Worker(a) => worker::worker(a).await,
            Command::Lists { action } => lists::lists(action).await,
        }
    })
}
