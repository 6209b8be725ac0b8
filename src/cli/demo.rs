//! `trackaudit demo`: an output directory and engine in; the built-in demo
//! web started on loopback, audited through itself as the proxy, and the
//! summary out.

use super::common::Engine;
use super::execute::{execute, print_summary};
use super::term;
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;
use trackaudit::crawl::CrawlConfig;
use trackaudit::run::RunOptions;

/// `trackaudit demo`.
#[derive(Args, Debug)]
pub(crate) struct DemoArgs {
    /// Output directory.
    #[arg(long, default_value = "reports/demo")]
    out: PathBuf,
    /// Crawl engine (browser and both need Chromium).
    #[arg(long, value_enum, default_value_t = Engine::Http)]
    engine: Engine,
    /// No progress output.
    #[arg(long, short)]
    quiet: bool,
}

/// `trackaudit demo`: always exit code 0 once the audit ran.
pub(crate) async fn demo(a: DemoArgs) -> Result<i32> {
    let server = trackaudit::testweb::demo::start()
        .await
        .context("starting the demo web on loopback")?;
    let list = trackaudit::testweb::demo::targets();
    let cfg = CrawlConfig {
        concurrency: 4,
        pages: 2,
        dnt: true,
        timeout: Duration::from_secs(5),
        site_budget: Duration::from_secs(30),
        proxy: Some(server.proxy_url()),
        ..CrawlConfig::default()
    };
    if !a.quiet {
        term::line(&format!(
            "demo web serving {} sites on {} (used as the crawl's proxy)",
            list.targets.len(),
            server.addr()
        ));
    }
    let opts = RunOptions {
        crawl: cfg,
        out_dir: a.out.clone(),
        engine: a.engine.into(),
        ..RunOptions::default()
    };
    let summary = execute(&list, &opts, a.quiet).await?;
    print_summary(&summary, &a.out);
    Ok(0)
}
