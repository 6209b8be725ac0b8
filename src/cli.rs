//! Command-line arguments in, library calls, terminal output and an exit code
//! out. The only module that prints.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use trackaudit::classify::cookies::CookieTable;
use trackaudit::classify::entities::EntityMap;
use trackaudit::classify::{update, Knowledge, KnowledgeOptions};
use trackaudit::clock;
use trackaudit::crawl::{parse_resolve, Cancel, CrawlConfig};
use trackaudit::model::{RunSummary, Severity, SiteRecord, SiteStatus};
use trackaudit::policy::read::{analyze, read_document};
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
    /// List the runs recorded in the history database.
    Runs(crate::cli_history::RunsArgs),
    /// What changed between two runs (default: the last two over the same targets).
    Diff(crate::cli_history::DiffArgs),
    /// Crawl on a schedule (or print a systemd timer / crontab line for it).
    Schedule(crate::cli_history::ScheduleArgs),
    /// Show the claims of one privacy policy (a .txt/.html file or a URL), or
    /// of a batch of texts with --jsonl.
    Policy(PolicyArgs),
    /// Rebuild DIR/report.html from a run directory's observations.jsonl.
    Report(ReportArgs),
    /// Manage downloaded tracker lists (EasyPrivacy, EasyList, cookie and entity data).
    Lists {
        #[command(subcommand)]
        action: ListsAction,
    },
}

#[derive(Subcommand, Debug)]
enum ListsAction {
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

#[derive(Args, Debug)]
struct ReportArgs {
    /// A run's output directory (the one holding observations.jsonl).
    dir: PathBuf,
}

#[derive(Args, Debug)]
struct PolicyArgs {
    /// A local .txt or .html file, or an http(s) URL.
    #[arg(required_unless_present = "jsonl")]
    source: Option<String>,
    /// One JSON object {"source","language","last_updated","claims"} instead of a listing.
    #[arg(long)]
    json: bool,
    /// Batch mode: read {"id","text"} lines from FILE (`-` = stdin), write {"id","claims"} lines to stdout.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["source", "json"])]
    jsonl: Option<String>,
    #[command(flatten)]
    net: NetArgs,
}

#[derive(Args, Debug)]
struct UpdateArgs {
    /// Cache directory (default: $TRACKAUDIT_CACHE, $XDG_CACHE_HOME/trackaudit or ~/.cache/trackaudit).
    #[arg(long)]
    cache_dir: Option<PathBuf>,
    /// Download NAME from URL instead of upstream (mirrors, tests); repeatable.
    #[arg(long, value_name = "NAME=URL")]
    url: Vec<String>,
    #[command(flatten)]
    net: NetArgs,
}

/// Network options of every command that fetches (curl's meanings).
#[derive(Args, Debug, Clone)]
pub(crate) struct NetArgs {
    /// Proxy for every request (http://, https://, socks5://).
    #[arg(long)]
    proxy: Option<String>,
    /// Resolve HOST:PORT to ADDR (like curl); repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    resolve: Vec<String>,
    /// Accept invalid TLS certificates.
    #[arg(long)]
    insecure: bool,
    /// Let redirects, subresources and policy fetches reach loopback, private
    /// and link-local addresses not named in the target list.
    #[arg(long)]
    allow_private: bool,
}

impl NetArgs {
    /// Sets proxy, host overrides and certificate checking of a crawl.
    fn apply(&self, cfg: &mut CrawlConfig) -> Result<()> {
        cfg.proxy = self.proxy.clone();
        cfg.insecure = self.insecure;
        cfg.allow_private = self.allow_private;
        for r in &self.resolve {
            cfg.resolve.push(parse_resolve(r)?);
        }
        Ok(())
    }
}

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

#[derive(Args, Debug)]
struct DemoArgs {
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

#[derive(Args, Debug)]
pub(crate) struct CommonArgs {
    /// Output directory (default: reports/<UTC timestamp>).
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// History database (default: $TRACKAUDIT_DB, $XDG_DATA_HOME/trackaudit/history.db or ~/.local/share/trackaudit/history.db).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Do not record the run in the history database.
    #[arg(long, conflicts_with = "db")]
    no_db: bool,
    /// Crawl each site without and with DNT/GPC and report what changed.
    #[arg(long)]
    dnt_compare: bool,
    /// Consult robots.txt; a disallowed site is `robots_denied`.
    #[arg(long)]
    respect_robots: bool,
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
    /// Browser engine: extra seconds to stay on each page after it settles.
    #[arg(long, default_value_t = 0.0)]
    wait: f64,
    /// Pages visited per site (landing page plus same-site links).
    #[arg(long, default_value_t = 1)]
    pages: usize,
    #[command(flatten)]
    net: NetArgs,
    /// User-Agent header.
    #[arg(long)]
    user_agent: Option<String>,
    /// Extra request header NAME:VALUE; repeatable.
    #[arg(long, value_name = "NAME:VALUE")]
    header: Vec<String>,
    /// Send `DNT: 1` and `Sec-GPC: 1` with every request.
    #[arg(long)]
    dnt: bool,
    /// Extra Adblock Plus filter list (takes precedence over downloaded lists); repeatable.
    #[arg(long, value_name = "FILE")]
    lists: Vec<PathBuf>,
    /// Entity file: third-party-web JSON, Disconnect services.json or DuckDuckGo tds.json; repeatable.
    #[arg(long, value_name = "FILE")]
    entities: Vec<PathBuf>,
    /// Open Cookie Database CSV; repeatable.
    #[arg(long, value_name = "FILE")]
    cookie_db: Vec<PathBuf>,
    /// Where `lists update` keeps downloads (default: $TRACKAUDIT_CACHE, $XDG_CACHE_HOME/trackaudit or ~/.cache/trackaudit).
    #[arg(long)]
    cache_dir: Option<PathBuf>,
    /// Ignore downloaded lists: built-in knowledge and --lists/--entities/--cookie-db only.
    #[arg(long)]
    no_downloaded: bool,
    /// Exit with 1 when a finding at or above this severity exists.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// No progress output.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    /// HTTP client and HTML parser: fast, no JavaScript.
    Http,
    /// Headless Chromium (Debian's `chromium-headless-shell` or `chromium`): what JavaScript does.
    Browser,
    /// Both; the browser's visit is audited and the HTTP engine's coverage recorded.
    Both,
}

impl From<Engine> for run::Engine {
    fn from(e: Engine) -> run::Engine {
        match e {
            Engine::Http => run::Engine::Http,
            Engine::Browser => run::Engine::Browser,
            Engine::Both => run::Engine::Both,
        }
    }
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
            Command::Runs(a) => crate::cli_history::runs(a),
            Command::Diff(a) => crate::cli_history::diff_cmd(a),
            Command::Schedule(a) => crate::cli_history::schedule_cmd(a).await,
            Command::Policy(a) => policy(a).await,
            Command::Report(a) => report(a),
            Command::Lists {
                action: ListsAction::Update(a),
            } => lists_update(a).await,
            Command::Lists {
                action: ListsAction::Show { cache_dir },
            } => lists_show(cache_dir),
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
        respect_robots: a.respect_robots,
        wait: Duration::from_secs_f64(a.wait.clamp(0.0, 600.0)),
        ..CrawlConfig::default()
    };
    a.net.apply(&mut cfg)?;
    if let Some(ua) = &a.user_agent {
        cfg.user_agent = ua.clone();
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

/// Targets and run options of a crawl invocation; `out` overrides `--out`.
pub(crate) fn prepare(a: &CrawlArgs, out: Option<PathBuf>) -> Result<(TargetList, RunOptions)> {
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
    let out = out.or_else(|| a.common.out.clone()).unwrap_or_else(|| {
        PathBuf::from("reports").join(clock::run_id(time::OffsetDateTime::now_utc()))
    });
    let knowledge = load_knowledge(&a.common)?;
    let db = if a.common.no_db {
        None
    } else {
        a.common.db.clone().or_else(trackaudit::store::default_path)
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = RunOptions {
        crawl: cfg,
        out_dir: out,
        knowledge,
        dnt_compare: a.common.dnt_compare,
        engine: a.common.engine.into(),
        db,
        resume: a.resume,
        options_json: serde_json::to_string(&args)?,
    };
    Ok((list, opts))
}

/// `crawl --resume RUN` without targets: the command line recorded with the run.
fn resumed_args(a: &CrawlArgs, id: i64) -> Result<(CrawlArgs, PathBuf)> {
    let db = a
        .common
        .db
        .clone()
        .or_else(trackaudit::store::default_path)
        .context("--resume needs a history database (--db)")?;
    let store =
        trackaudit::store::Store::open(&db).with_context(|| format!("opening {}", db.display()))?;
    let row = store
        .run(id)?
        .with_context(|| format!("no run {id} in {}", db.display()))?;
    anyhow::ensure!(!row.complete, "run {id} is complete; nothing to resume");
    let args: Vec<String> =
        serde_json::from_str(&row.options).context("reading the recorded command line")?;
    let cli = Cli::try_parse_from(std::iter::once("trackaudit".to_string()).chain(args))
        .context("re-reading the recorded command line")?;
    let Command::Crawl(mut stored) = cli.command else {
        anyhow::bail!("run {id} was not recorded by `trackaudit crawl`");
    };
    stored.resume = Some(id);
    stored.common.db = Some(db);
    Ok((stored, PathBuf::from(row.out_dir)))
}

async fn crawl(a: CrawlArgs) -> Result<i32> {
    let (a, out) = match a.resume {
        Some(id) if a.targets.is_empty() => {
            let (stored, out) = resumed_args(&a, id)?;
            (stored, Some(out))
        }
        _ => (a, None),
    };
    let (list, opts) = prepare(&a, out)?;
    let out = opts.out_dir.clone();
    let summary = execute(&list, &opts, a.common.quiet).await?;
    print_summary(&summary, &out);
    if let (Some(db), Some(id)) = (&opts.db, summary.db_run) {
        println!("history: run {id} in {}", db.display());
    }
    if !summary.complete {
        eprintln!(
            "trackaudit: run interrupted: {} of {} targets not crawled{}",
            summary.targets - summary.sites,
            summary.targets,
            summary
                .db_run
                .map(|id| format!("; continue with `trackaudit crawl --resume {id}`"))
                .unwrap_or_default()
        );
        return Ok(2);
    }
    Ok(exit_code(&summary, a.common.fail_on))
}

fn cache_dir(explicit: &Option<PathBuf>) -> Result<PathBuf> {
    explicit
        .clone()
        .or_else(trackaudit::classify::default_cache_dir)
        .context("no cache directory: set --cache-dir or $TRACKAUDIT_CACHE")
}

fn load_knowledge(a: &CommonArgs) -> Result<Arc<Knowledge>> {
    let opts = KnowledgeOptions {
        lists: a.lists.clone(),
        entities: a.entities.clone(),
        cookie_db: a.cookie_db.clone(),
        cache_dir: if a.no_downloaded {
            None
        } else {
            cache_dir(&a.cache_dir).ok()
        },
    };
    let started = std::time::Instant::now();
    let k = Knowledge::load(&opts).context("loading tracker knowledge")?;
    for w in &k.warnings {
        eprintln!("warning: {w}");
    }
    if !a.quiet {
        if let Some(r) = &k.rules {
            let rules: usize = r.lists.iter().map(|l| l.rules).sum();
            eprintln!(
                "filter lists: {} ({} rules) loaded in {} ms{}",
                r.lists
                    .iter()
                    .map(|l| l.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                rules,
                started.elapsed().as_millis(),
                if r.from_cache { " from cache" } else { "" }
            );
        }
    }
    Ok(Arc::new(k))
}

async fn lists_update(a: UpdateArgs) -> Result<i32> {
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

fn lists_show(explicit: Option<PathBuf>) -> Result<i32> {
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

/// `trackaudit report DIR`: rebuilds the HTML report from observations.jsonl.
fn report(a: ReportArgs) -> Result<i32> {
    let r = trackaudit::report::html::rebuild(&a.dir)
        .with_context(|| format!("rebuilding the report of {}", a.dir.display()))?;
    if r.skipped_lines > 0 {
        eprintln!(
            "warning: {} unreadable line(s) of observations.jsonl skipped",
            r.skipped_lines
        );
    }
    if !r.complete {
        eprintln!(
            "warning: the run was interrupted (no complete run summary); the report shows the {} site(s) that finished",
            r.sites
        );
    }
    println!("report: {} ({} sites)", r.path.display(), r.sites);
    Ok(0)
}

/// Claims of one policy, as JSON.
#[derive(serde::Serialize)]
struct PolicyJson<'a> {
    source: &'a str,
    language: &'a str,
    last_updated: &'a str,
    claims: &'a [trackaudit::model::Claim],
}

async fn policy(a: PolicyArgs) -> Result<i32> {
    let parties =
        trackaudit::policy::claims::Parties::new(&run::party_aliases(&Knowledge::builtin()));
    if let Some(path) = &a.jsonl {
        return policy_batch(path, &parties);
    }
    let source = a.source.clone().unwrap_or_default();
    let is_url = source.starts_with("http://") || source.starts_with("https://");
    let text = if is_url {
        let mut cfg = CrawlConfig::default();
        a.net.apply(&mut cfg)?;
        let timeout = cfg.timeout;
        let engine = trackaudit::crawl::http::HttpEngine::new(Arc::new(cfg))?;
        let url = url::Url::parse(&source).with_context(|| format!("invalid URL {source:?}"))?;
        engine.allow_target(&url);
        let (_tx, abort) = tokio::sync::watch::channel(false);
        let doc = engine
            .get_document(&url, None, abort, timeout)
            .await
            .map_err(|e| anyhow::anyhow!("{source}: {e}"))?;
        read_document(&doc)
            .map_err(|e| anyhow::anyhow!(e.message))?
            .text
    } else {
        let bytes = std::fs::read(&source).with_context(|| format!("reading {source}"))?;
        let lower = source.to_ascii_lowercase();
        if lower.ends_with(".html") || lower.ends_with(".htm") || bytes.starts_with(b"<") {
            let (html, _) = trackaudit::crawl::html::decode(&bytes, None);
            let e = trackaudit::policy::text::extract(&html);
            anyhow::ensure!(
                e.status == trackaudit::policy::text::TextStatus::Ok,
                "{source}: {}",
                e.message
            );
            e.text
        } else {
            // Plain text: claims carry offsets into the file's own text.
            let (t, _) = trackaudit::crawl::html::decode(&bytes, Some("text/plain"));
            anyhow::ensure!(!t.trim().is_empty(), "{source}: the file is empty");
            t
        }
    };
    let an = analyze(&text, &parties);
    if a.json {
        let out = PolicyJson {
            source: &source,
            language: &an.language,
            last_updated: &an.last_updated,
            claims: &an.claims,
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(0);
    }
    println!("{source}");
    println!(
        "language {}  last updated {}  {} claims",
        an.language,
        if an.last_updated.is_empty() {
            "-"
        } else {
            &an.last_updated
        },
        an.claims.len()
    );
    for c in &an.claims {
        let mut flags = Vec::new();
        if c.hedged {
            flags.push("hedged".to_string());
        }
        if !c.exceptions.is_empty() {
            flags.push(format!(
                "except {}",
                c.exceptions
                    .iter()
                    .map(|e| e.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !c.party.is_empty() {
            flags.push(c.party.clone());
        }
        let quote: String = c.quote.split_whitespace().collect::<Vec<_>>().join(" ");
        let quote = if quote.chars().count() > 160 {
            format!("{}…", quote.chars().take(160).collect::<String>())
        } else {
            quote
        };
        println!(
            "  {:<22} {:<8} {:<30} \"{}\"",
            c.claim.as_str(),
            c.stance.as_str(),
            flags.join("; "),
            quote
        );
    }
    Ok(0)
}

/// Batch mode: {"id","text"} lines in, {"id","claims"} lines out, in input order.
fn policy_batch(path: &str, parties: &trackaudit::policy::claims::Parties) -> Result<i32> {
    use std::io::BufRead;
    let input: Box<dyn BufRead> = if path == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("opening {path}"))?,
        ))
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut bad = 0;
    for (i, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("{path}:{}: reading", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                bad += 1;
                eprintln!("{path}:{}: not JSON: {e}", i + 1);
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({"id": null, "line": i + 1, "error": format!("not JSON: {e}")})
                )?;
                continue;
            }
        };
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
            bad += 1;
            eprintln!("{path}:{}: no \"text\" string", i + 1);
            writeln!(
                out,
                "{}",
                serde_json::json!({"id": v.get("id"), "line": i + 1, "error": "no \"text\" string"})
            )?;
            continue;
        };
        let claims = trackaudit::policy::claims::extract_with(text, parties);
        writeln!(
            out,
            "{}",
            serde_json::json!({"id": v.get("id"), "claims": claims})
        )?;
    }
    out.flush()?;
    Ok(if bad > 0 { 2 } else { 0 })
}

async fn demo(a: DemoArgs) -> Result<i32> {
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
        eprintln!(
            "demo web serving {} sites on {} (used as the crawl's proxy)",
            list.targets.len(),
            server.addr()
        );
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

/// Runs the audit with progress output and Ctrl-C / SIGTERM handling.
pub(crate) async fn execute(
    list: &TargetList,
    opts: &RunOptions,
    quiet: bool,
) -> Result<RunSummary> {
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

pub(crate) fn print_summary(s: &RunSummary, out: &std::path::Path) {
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
    if let Some(b) = &s.browser {
        println!("  browser        {b}");
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
    if s.findings > 0 {
        let sev: Vec<String> = ["high", "medium", "low", "info"]
            .iter()
            .filter_map(|k| s.findings_by_severity.get(*k).map(|n| format!("{n} {k}")))
            .collect();
        println!("findings by severity: {}", sev.join(", "));
        for (rule, n) in &s.findings_by_rule {
            println!("  {rule:<34} {n}");
        }
    }
    if s.coverage_total > 0 {
        println!(
            "engine coverage: the HTTP engine saw {} of the {} tracker hosts the browser saw ({:.0}%)",
            s.coverage_seen,
            s.coverage_total,
            100.0 * s.coverage_seen as f64 / s.coverage_total as f64
        );
    }
    if s.tracker_companies > 0 {
        println!(
            "policy disclosure: {} of {} tracker companies observed are named in the sites' policies ({:.0}%)",
            s.named_companies,
            s.tracker_companies,
            100.0 * s.named_companies as f64 / s.tracker_companies as f64
        );
    }
    println!("privacy policies read: {} of {} sites", s.policies, s.sites);
    println!(
        "wall time {:.1} s, {:.1} sites/s",
        s.wall_seconds, s.sites_per_second
    );
    println!(
        "reports: {} (open {})",
        out.display(),
        out.join("report.html").display()
    );
}

fn exit_code(s: &RunSummary, fail_on: Option<FailOn>) -> i32 {
    match (fail_on, s.max_severity) {
        (Some(level), Some(max)) if max >= level.severity() => 1,
        _ => 0,
    }
}
