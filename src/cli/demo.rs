//! `trackaudit demo`: an output directory and engine in; the built-in demo
//! web started on loopback, audited through itself as the proxy, and the
//! summary out.

use super::common::{consent_states, Consent, Engine};
use super::execute::{execute, print_summary};
use super::term;
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;
use trackaudit::crawl::CrawlConfig;
use trackaudit::run::RunOptions;
use trackaudit::testweb::WebServer;

/// `trackaudit demo`.
#[derive(Args, Debug)]
pub(crate) struct DemoArgs {
    /// Output directory.
    #[arg(long, default_value = "reports/demo")]
    out: PathBuf,
    /// Crawl engine (browser and both need Chromium).
    #[arg(long, value_enum, default_value_t = Engine::Http)]
    engine: Engine,
    /// Consent states to visit each site in (none, accept, reject): also serves
    /// the consent-banner web; uses the browser engine unless `--engine both`.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STATES")]
    consent: Vec<Consent>,
    /// No progress output.
    #[arg(long, short)]
    quiet: bool,
}

/// `trackaudit demo`: always exit code 0 once the audit ran.
pub(crate) async fn demo(a: DemoArgs) -> Result<i32> {
    let engine = match a.engine {
        Engine::Http if !a.consent.is_empty() => Engine::Browser,
        e => e,
    };
    let consent = consent_states(&a.consent, engine)?;
    let mut web = trackaudit::testweb::demo::web();
    let mut list = trackaudit::testweb::demo::targets();
    if !consent.is_empty() {
        trackaudit::testweb::consent::add(&mut web);
        list.targets
            .extend(trackaudit::testweb::consent::targets().targets);
    }
    let server = WebServer::start(web.handler(), 0, false)
        .await
        .context("starting the demo web on loopback")?;
    let cfg = CrawlConfig {
        concurrency: 4,
        pages: 2,
        dnt: true,
        timeout: Duration::from_secs(5),
        site_budget: Duration::from_secs(30),
        proxy: Some(server.proxy_url()),
        // The demo server's https (real CDN hosts Chromium upgrades by HSTS
        // preload) uses its own self-signed certificate.
        insecure: true,
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
        engine: engine.into(),
        consent,
        ..RunOptions::default()
    };
    let summary = execute(&list, &opts, a.quiet).await?;
    print_summary(&summary, &a.out);
    Ok(0)
}
