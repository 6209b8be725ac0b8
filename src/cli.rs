//! Command-line arguments in, library calls, terminal output and an exit code
//! out. The only module that prints.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use trackaudit::crawl::{parse_resolve, Cancel, CrawlConfig};
use trackaudit::model::{Severity, SiteRecord, SiteStatus};
use trackaudit::report::RunSummary;
use trackaudit::run::{self, Progress, RunOptions};
use trackaudit::targets::TargetList;

/// Audit websites for tracking and check it against their own privacy policies.
#[derive(Parser, Debug)]
#[command(name = "trackaudit", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Crawl the sites of one or more URL lists (text, CSV, `-` for stdin).
    Crawl(CrawlArgs),
    /// Start the built-in demo web on loopback and audit it.
    Demo(DemoArgs),
}

#[derive(Args, Debug)]
struct CrawlArgs {
    /// URL lists: text (one URL or domain a line), CSV (url/domain column or
    /// Tranco rank,domain), or `-` for stdin.
    #[arg(required = true)]
    targets: Vec<String>,
    #[command(flatten)]
    common: CommonArgs,
    /// Treat a bad line in a URL list as an error.
    #[arg(long)]
    strict: bool,
}

#[derive(Args, Debug)]
struct DemoArgs {
    /// Output directory.
    #[arg(long, default_value = "reports/demo")]
    out: PathBuf,
    /// No progress output.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args, Debug)]
struct CommonArgs {
    /// Output directory (default: reports/<UTC timestamp>).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Crawl engine.
    #[arg(long, value_enum, default_value_t = Engine::Http)]
    engine: Engine,
    /// Sites crawled at once.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Concurrent requests per host.
    #[arg(long, default_value_t = 4)]
    per_host: usize,
    /// Timeout per request, seconds.
    #[arg(long, default_value_t = 20.0)]
    timeout: f64,
    /// Time budget per site, seconds.
    #[arg(long, default_value_t = 90.0)]
    site_budget: f64,
    /// Pages visited per site (landing page plus same-site links).
    #[arg(long, default_value_t = 1)]
    pages: usize,
    /// Proxy for every request (http://, https://, socks5://).
    #[arg(long)]
    proxy: Option<String>,
    /// Resolve HOST:PORT to ADDR (like curl); repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    resolve: Vec<String>,
    /// Accept invalid TLS certificates.
    #[arg(long)]
    insecure: bool,
    /// User-Agent header.
    #[arg(long)]
    user_agent: Option<String>,
    /// Extra request header NAME:VALUE; repeatable.
    #[arg(long, value_name = "NAME:VALUE")]
    header: Vec<String>,
    /// Send `DNT: 1` and `Sec-GPC: 1` with every request.
    #[arg(long)]
    dnt: bool,
    /// Exit with 1 when a finding at or above this severity exists.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// No progress output.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    Http,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum FailOn {
    High,
    Medium,
    Low,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::High => Severity::High,
            FailOn::Medium => Severity::Medium,
            FailOn::Low => Severity::Low,
        }
    }
}

/// Entry point: returns the exit code.
pub fn main() -> Result<i32> {
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async {
        match cli.command {
            Command::Crawl(a) => crawl(a).await,
            Command::Demo(a) => demo(a).await,
        }
    })
}

fn crawl_config(a: &CommonArgs) -> Result<CrawlConfig> {
    let secs = |v: f64, what: &str| -> Result<Duration> {
        anyhow::ensure!(
            v.is_finite() && v > 0.0,
            "{what} must be a positive number of seconds"
        );
        Ok(Duration::from_secs_f64(v))
    };
    let mut cfg = CrawlConfig {
        concurrency: a.concurrency.max(1),
        per_host: a.per_host.max(1),
        timeout: secs(a.timeout, "--timeout")?,
        site_budget: secs(a.site_budget, "--site-budget")?,
        pages: a.pages.max(1),
        dnt: a.dnt,
        proxy: a.proxy.clone(),
        insecure: a.insecure,
        ..CrawlConfig::default()
    };
    if let Some(ua) = &a.user_agent {
        cfg.user_agent = ua.clone();
    }
    for r in &a.resolve {
        cfg.resolve.push(parse_resolve(r)?);
    }
    for h in &a.header {
        let (k, v) = h
            .split_once(':')
            .with_context(|| format!("--header {h:?}: expected NAME:VALUE"))?;
        cfg.headers
            .push((k.trim().to_string(), v.trim().to_string()));
    }
    Ok(cfg)
}

async fn crawl(a: CrawlArgs) -> Result<i32> {
    let cfg = crawl_config(&a.common)?;
    let list = TargetList::read(&a.targets, a.strict)?;
    for w in &list.warnings {
        eprintln!("warning: {w}");
    }
    anyhow::ensure!(
        !list.targets.is_empty(),
        "no valid targets in {}",
        a.targets.join(", ")
    );
    let out = a.common.out.clone().unwrap_or_else(|| {
        PathBuf::from("reports").join(run::run_id(time::OffsetDateTime::now_utc()))
    });
    let opts = RunOptions {
        crawl: cfg,
        out_dir: out.clone(),
    };
    let summary = execute(&list, &opts, a.common.quiet).await?;
    print_summary(&summary, &out);
    if !summary.complete {
        eprintln!(
            "trackaudit: run interrupted: {} of {} targets not crawled",
            summary.targets - summary.sites,
            summary.targets
        );
        return Ok(2);
    }
    Ok(exit_code(&summary, a.common.fail_on))
}

async fn demo(a: DemoArgs) -> Result<i32> {
    let server = trackaudit::demo::start()
        .await
        .context("starting the demo web on loopback")?;
    let list = trackaudit::demo::targets();
    let cfg = CrawlConfig {
        concurrency: 4,
        pages: 2,
        timeout: Duration::from_secs(5),
        site_budget: Duration::from_secs(30),
        proxy: Some(server.proxy_url()),
        ..CrawlConfig::default()
    };
    if !a.quiet {
        eprintln!(
            "demo web serving {} sites on {} (used as the crawl's proxy)",
            list.targets.len(),
            server.addr()
        );
    }
    let opts = RunOptions {
        crawl: cfg,
        out_dir: a.out.clone(),
    };
    let summary = execute(&list, &opts, a.quiet).await?;
    print_summary(&summary, &a.out);
    Ok(0)
}

/// Runs the audit with progress output and Ctrl-C / SIGTERM handling.
async fn execute(list: &TargetList, opts: &RunOptions, quiet: bool) -> Result<RunSummary> {
    let cancel = Arc::new(Cancel::default());
    let watcher = tokio::spawn(watch_signals(cancel.clone(), quiet));
    let tty = std::io::stderr().is_terminal();
    let mut progress = move |p: &Progress, rec: &SiteRecord| {
        if quiet {
            return;
        }
        let rate = if p.elapsed > 0.0 {
            p.done as f64 / p.elapsed
        } else {
            0.0
        };
        let mut err = std::io::stderr().lock();
        if tty {
            let width = 30;
            let filled = (p.done * width).checked_div(p.total).unwrap_or(width);
            let _ = write!(
                err,
                "\r[{}{}] {}/{} sites  {:.1} sites/s  {} failed ",
                "#".repeat(filled),
                "-".repeat(width - filled),
                p.done,
                p.total,
                rate,
                p.failed
            );
            if p.done == p.total {
                let _ = writeln!(err);
            }
        } else {
            let c = rec.counts();
            let _ = writeln!(
                err,
                "[{}/{}] {} {} requests={} cookies={} beacons={}{}",
                p.done,
                p.total,
                rec.site,
                rec.status,
                c.requests,
                c.cookies,
                c.beacons,
                if rec.error.is_empty() {
                    String::new()
                } else {
                    format!(" error={:?}", rec.error)
                }
            );
        }
    };
    let summary = run::run(list, opts, cancel, &mut progress).await?;
    watcher.abort();
    Ok(summary)
}

#[cfg(unix)]
type Term = Option<tokio::signal::unix::Signal>;
#[cfg(not(unix))]
type Term = Option<()>;

/// Waits for Ctrl-C or SIGTERM.
async fn next_signal(term: &mut Term) {
    #[cfg(unix)]
    if let Some(t) = term.as_mut() {
        tokio::select! { _ = tokio::signal::ctrl_c() => {}, _ = t.recv() => {} }
        return;
    }
    let _ = term;
    let _ = tokio::signal::ctrl_c().await;
}

/// First Ctrl-C / SIGTERM: take no new sites, give in-flight ones 5 s.
/// Second: wrap up now.
async fn watch_signals(cancel: Arc<Cancel>, quiet: bool) {
    #[cfg(unix)]
    let mut term: Term =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    #[cfg(not(unix))]
    let mut term: Term = None;
    next_signal(&mut term).await;
    if !quiet {
        eprintln!("\nstopping: no new sites; in-flight sites get 5 s (signal again to stop now)");
    }
    cancel.stop();
    tokio::select! {
        _ = tokio::time::sleep(Duration::from_secs(5)) => {}
        _ = next_signal(&mut term) => {}
    }
    cancel.abort();
}

fn print_summary(s: &RunSummary, out: &std::path::Path) {
    let failed: usize = s
        .by_status
        .iter()
        .filter(|(k, _)| k.as_str() != SiteStatus::Ok.as_str())
        .map(|(_, v)| v)
        .sum();
    println!(
        "{} {} sites: {} ok, {} failed{}",
        if s.complete {
            "Audited"
        } else {
            "INCOMPLETE run: audited"
        },
        s.sites,
        s.sites - failed,
        failed,
        if s.complete {
            String::new()
        } else {
            format!(
                " ({} of {} targets not crawled)",
                s.targets - s.sites,
                s.targets
            )
        }
    );
    for (status, n) in &s.by_status {
        println!("  {status:<14} {n}");
    }
    if s.bad_lines > 0 || s.duplicates > 0 {
        println!(
            "  target lists: {} bad lines skipped, {} duplicates dropped",
            s.bad_lines, s.duplicates
        );
    }
    println!(
        "requests {}  third-party domains {}  trackers {}  cookies {} ({} third-party)  beacons {}  findings {}",
        s.requests, s.third_party_domains, s.trackers, s.cookies, s.third_party_cookies, s.beacons, s.findings
    );
    println!(
        "wall time {:.1} s, {:.1} sites/s",
        s.wall_seconds, s.sites_per_second
    );
    println!("reports: {}", out.display());
}

fn exit_code(s: &RunSummary, fail_on: Option<FailOn>) -> i32 {
    match fail_on {
        Some(level) if s.findings > 0 && level.severity() <= Severity::High => {
            // Severity detail arrives with the findings stage; any finding counts until then.
            1
        }
        _ => 0,
    }
}
