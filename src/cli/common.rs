//! Options shared by several commands (network, crawl, classification,
//! history database) in, the library's configuration values out: a
//! [`CrawlConfig`], the loaded tracker [`Knowledge`], cache and database paths.

use super::term;
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use trackaudit::classify::{Knowledge, KnowledgeOptions};
use trackaudit::crawl::{parse_resolve, CrawlConfig};
use trackaudit::model::{ConsentState, Severity};
use trackaudit::run;
use trackaudit::store::{self, Store};

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
    pub(crate) fn apply(&self, cfg: &mut CrawlConfig) -> Result<()> {
        cfg.proxy = self.proxy.clone();
        cfg.insecure = self.insecure;
        cfg.allow_private = self.allow_private;
        for r in &self.resolve {
            cfg.resolve.push(parse_resolve(r).map_err(name_flag)?);
        }
        Ok(())
    }
}

/// The options of `crawl` that `schedule` shares.
#[derive(Args, Debug)]
pub(crate) struct CommonArgs {
    /// Output directory (default: reports/<UTC timestamp>).
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// History database (default: $TRACKAUDIT_DB, $XDG_DATA_HOME/trackaudit/history.db or ~/.local/share/trackaudit/history.db).
    #[arg(long)]
    pub(crate) db: Option<PathBuf>,
    /// Do not record the run in the history database.
    #[arg(long, conflicts_with = "db")]
    pub(crate) no_db: bool,
    /// Crawl each site without and with DNT/GPC and report what changed.
    #[arg(long)]
    pub(crate) dnt_compare: bool,
    /// Consult robots.txt; a disallowed site is `robots_denied`.
    #[arg(long)]
    respect_robots: bool,
    /// Crawl engine.
    #[arg(long, value_enum, default_value_t = Engine::Http)]
    pub(crate) engine: Engine,
    /// Consent states to visit each site in (browser engine), comma-separated:
    /// none (no click), accept ("Accept all"), reject ("Reject all").
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STATES")]
    pub(crate) consent: Vec<Consent>,
    /// Consent-manager rules in the Consent-O-Matic JSON format, tried after
    /// the built-in ones; repeatable.
    #[arg(long, value_name = "FILE")]
    pub(crate) consent_rules: Vec<PathBuf>,
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
    /// Browser engine: no page instrumentation (fingerprinting, session
    /// recording) and no typing into forms (key logging).
    #[arg(long)]
    no_instrument: bool,
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
    pub(crate) fail_on: Option<FailOn>,
    /// No progress output.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

/// `--engine`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Engine {
    /// HTTP client and HTML parser: fast, no JavaScript.
    Http,
    /// Headless Chromium (Debian's `chromium-headless-shell` or `chromium`): what JavaScript does.
    Browser,
    /// Both; the browser's visit is audited and the HTTP engine's coverage recorded.
    Both,
}

/// One state of `--consent`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Consent {
    /// Wait without touching the banner.
    None,
    /// Click the banner's "Accept all".
    Accept,
    /// Click the banner's "Reject all" (through its settings layer if need be).
    Reject,
}

/// The states of `--consent` in the order given, without repeats; an error
/// when they are asked of the HTTP engine, which cannot click.
pub(crate) fn consent_states(states: &[Consent], engine: Engine) -> Result<Vec<ConsentState>> {
    let mut out = Vec::new();
    for s in states {
        let state = match s {
            Consent::None => ConsentState::None,
            Consent::Accept => ConsentState::Accept,
            Consent::Reject => ConsentState::Reject,
        };
        if !out.contains(&state) {
            out.push(state);
        }
    }
    anyhow::ensure!(
        out.is_empty() || engine != Engine::Http,
        "--consent needs --engine browser or --engine both (the HTTP engine cannot click a banner)"
    );
    Ok(out)
}

/// The consent rules of `--consent-rules`, then the Consent-O-Matic list
/// `lists update` downloaded (unless `--no-downloaded`); only with `--consent`.
pub(crate) fn consent_rules(
    a: &CommonArgs,
) -> Result<Vec<trackaudit::crawl::browser::consent_rules::OwnedRule>> {
    use trackaudit::crawl::browser::consent_rules::parse_consent_o_matic;
    let mut files: Vec<PathBuf> = a.consent_rules.clone();
    anyhow::ensure!(
        files.is_empty() || !a.consent.is_empty(),
        "--consent-rules needs --consent"
    );
    if a.consent.is_empty() {
        return Ok(Vec::new());
    }
    if !a.no_downloaded {
        if let Ok(dir) = cache_dir(&a.cache_dir) {
            let cached = dir.join(trackaudit::classify::update::CONSENT_RULES_FILE);
            if cached.exists() {
                files.push(cached);
            }
        }
    }
    let mut rules = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f)
            .with_context(|| format!("reading consent rules {}", f.display()))?;
        rules.extend(
            parse_consent_o_matic(&text)
                .with_context(|| format!("reading consent rules {}", f.display()))?,
        );
    }
    Ok(rules)
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

/// `--fail-on`.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub(crate) enum FailOn {
    High,
    Medium,
    Low,
}

impl FailOn {
    /// The lowest severity that fails the run.
    pub(crate) fn severity(self) -> Severity {
        match self {
            FailOn::High => Severity::High,
            FailOn::Medium => Severity::Medium,
            FailOn::Low => Severity::Low,
        }
    }
}

/// The command-line flag a library value error came from, by what the
/// library calls the value (library messages never name flags).
fn flag_of(what: &str) -> Option<&'static str> {
    Some(match what {
        "proxy URL" => "--proxy",
        "request header" => "--header",
        "resolve rule" => "--resolve",
        "browser engine" => "--engine",
        "run to resume" => "--resume",
        _ => return None,
    })
}

/// A library error with the flag its value came from, when it is a value
/// error of a known kind.
pub(crate) fn name_flag(e: trackaudit::Error) -> anyhow::Error {
    let flag = match &e {
        trackaudit::Error::InvalidOption { what, .. } => flag_of(what),
        _ => None,
    };
    match flag {
        Some(flag) => anyhow::Error::new(e).context(flag),
        None => e.into(),
    }
}

/// The crawl configuration of `crawl`/`schedule` options.
pub(crate) fn crawl_config(a: &CommonArgs) -> Result<CrawlConfig> {
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
        instrument: !a.no_instrument,
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

/// The list cache directory: `--cache-dir`, else the default.
pub(crate) fn cache_dir(explicit: &Option<PathBuf>) -> Result<PathBuf> {
    explicit
        .clone()
        .or_else(trackaudit::classify::default_cache_dir)
        .context("no cache directory: set --cache-dir or $TRACKAUDIT_CACHE")
}

/// The history database a crawl records into: `--db`, else the default;
/// `None` with `--no-db`.
pub(crate) fn db_path(a: &CommonArgs) -> Option<PathBuf> {
    if a.no_db {
        None
    } else {
        a.db.clone().or_else(store::default_path)
    }
}

/// Opens an existing history database (`--db`, else the default).
pub(crate) fn open_store(db: &Option<PathBuf>) -> Result<Store> {
    let path = db
        .clone()
        .or_else(store::default_path)
        .context("no history database: give --db or set $TRACKAUDIT_DB")?;
    let spec = path.to_string_lossy();
    anyhow::ensure!(
        store::is_url(&spec) || path.exists(),
        "no history database at {} (crawls record into it unless --no-db)",
        path.display()
    );
    Store::open(&path).with_context(|| format!("opening {}", store::redacted(&spec)))
}

/// Opens (creating if need be) the history database `db` names: a SQLite
/// path or a PostgreSQL URL (named without its password in errors).
pub(crate) fn open_store_new(db: &std::path::Path) -> Result<Store> {
    Store::open(db).with_context(|| format!("opening {}", store::redacted(&db.to_string_lossy())))
}

/// Loads tracker knowledge: built-in data, downloaded lists, user files.
pub(crate) fn load_knowledge(a: &CommonArgs) -> Result<Arc<Knowledge>> {
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
        term::warn(w);
    }
    if let Some(r) = &k.rules {
        let rules: usize = r.lists.iter().map(|l| l.rules).sum();
        let text = format!(
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
        if a.quiet {
            tracing::info!("{text}");
        } else {
            term::line(&text);
        }
    }
    Ok(Arc::new(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_value_errors_get_their_flag() {
        let e = |what| trackaudit::Error::InvalidOption {
            what,
            message: "x".into(),
        };
        let named = name_flag(e("resolve rule"));
        assert_eq!(format!("{named:#}"), "--resolve: invalid resolve rule: x");
        for (what, flag) in [
            ("proxy URL", "--proxy"),
            ("request header", "--header"),
            ("browser engine", "--engine"),
            ("run to resume", "--resume"),
        ] {
            assert!(format!("{:#}", name_flag(e(what))).starts_with(flag));
        }
        // Values the binary does not know stay as they are.
        assert_eq!(format!("{:#}", name_flag(e("run"))), "invalid run: x");
    }
}
