//! `trackaudit lists update|show`: cache directory, mirrors and network
//! options in; downloaded tracker lists and a table of what is cached out.

use super::common::{cache_dir, NetArgs};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::time::Duration;
use trackaudit::classify::cookies::CookieTable;
use trackaudit::classify::entities::EntityMap;
use trackaudit::classify::update;
use trackaudit::crawl::CrawlConfig;

/// `trackaudit lists ...`.
#[derive(Subcommand, Debug)]
pub(crate) enum ListsAction {
    /// Download current lists into the cache (conditional requests; a list is
    /// replaced only after the new copy parses).
    Update(UpdateArgs),
    /// Show each cached list: source, version, date, entries, licence.
    Show {
        /// Cache directory (default: $TRACKAUDIT_CACHE, $XDG_CACHE_HOME/trackaudit or ~/.cache/trackaudit).
        #[arg(long)]
        cache_dir: Option<PathBuf>,
    },
}

/// `trackaudit lists update`.
#[derive(Args, Debug)]
pub(crate) struct UpdateArgs {
    /// Cache directory (default: $TRACKAUDIT_CACHE, $XDG_CACHE_HOME/trackaudit or ~/.cache/trackaudit).
    #[arg(long)]
    cache_dir: Option<PathBuf>,
    /// Download NAME from URL instead of upstream (mirrors, tests); repeatable.
    #[arg(long, value_name = "NAME=URL")]
    url: Vec<String>,
    #[command(flatten)]
    net: NetArgs,
}

/// `trackaudit lists ...`: returns the exit code (2 when a download failed).
pub(crate) async fn lists(action: ListsAction) -> Result<i32> {
    match action {
        ListsAction::Update(a) => update_lists(a).await,
        ListsAction::Show { cache_dir } => show_lists(cache_dir),
    }
}

/// Downloads the lists; one line per list.
async fn update_lists(a: UpdateArgs) -> Result<i32> {
    let dir = cache_dir(&a.cache_dir)?;
    let mut cfg = CrawlConfig::default();
    a.net.apply(&mut cfg)?;
    let mut b = trackaudit::crawl::http::client_builder()
        .user_agent(cfg.user_agent.clone())
        .connect_timeout(Duration::from_secs(20))
        .danger_accept_invalid_certs(cfg.insecure);
    if let Some(p) = &cfg.proxy {
        b = b.proxy(reqwest::Proxy::all(p).with_context(|| format!("--proxy {p}"))?);
    }
    for (host, addr) in &cfg.resolve {
        b = b.resolve(host, *addr);
    }
    let client = b.build().context("building the HTTP client")?;
    let mut urls = std::collections::HashMap::new();
    for u in &a.url {
        let (name, url) = u
            .split_once('=')
            .with_context(|| format!("--url {u:?}: expected NAME=URL"))?;
        anyhow::ensure!(
            update::SOURCES.iter().any(|s| s.name == name),
            "--url {name}: unknown list (known: {})",
            update::SOURCES
                .iter()
                .map(|s| s.name)
                .collect::<Vec<_>>()
                .join(", ")
        );
        urls.insert(name.to_string(), url.to_string());
    }
    let results = update::update(&dir, &client, &|name| urls.get(name).cloned()).await?;
    let mut failed = 0;
    for r in &results {
        let entries = r.meta.as_ref().map(|m| m.entries).unwrap_or(0);
        match &r.outcome {
            update::Outcome::Updated => println!("{:<22} updated ({entries} entries)", r.name),
            update::Outcome::NotModified => {
                println!("{:<22} not modified ({entries} entries)", r.name)
            }
            update::Outcome::Failed(e) => {
                failed += 1;
                println!("{:<22} FAILED: {e}", r.name);
            }
        }
    }
    println!("cache: {}", dir.display());
    Ok(if failed > 0 { 2 } else { 0 })
}

/// One line per list source, then the built-in data.
fn show_lists(explicit: Option<PathBuf>) -> Result<i32> {
    let dir = cache_dir(&explicit)?;
    println!("cache: {}", dir.display());
    println!(
        "{:<22} {:<14} {:<21} {:>8}  {:<30} source",
        "list", "version", "fetched", "entries", "licence"
    );
    for s in update::SOURCES {
        match update::read_meta(&dir, s) {
            Some(m) => println!(
                "{:<22} {:<14} {:<21} {:>8}  {:<30} {}",
                s.name,
                if m.version.is_empty() {
                    "-"
                } else {
                    &m.version
                },
                m.fetched,
                m.entries,
                s.license,
                m.url
            ),
            None => println!(
                "{:<22} {:<14} {:<21} {:>8}  {:<30} {}",
                s.name, "-", "not downloaded", "-", s.license, s.url
            ),
        }
    }
    println!(
        "built-in: {} tracker domains, {} cookie names (written by the trackaudit team)",
        EntityMap::builtin().len(),
        CookieTable::builtin().len()
    );
    Ok(0)
}
