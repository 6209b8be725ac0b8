//! Targets in, one [`SiteOutcome`] per site out, streamed to a callback as sites
//! finish. This is the one place concurrency is bounded: `concurrency` sites at
//! once (a `buffer_unordered` stage), `per_host` requests per host (semaphores
//! in [`limits`]), a timeout on every network await and a budget per site.

pub mod browser;
pub mod cdp;
pub mod html;
pub mod http;
pub mod jar;
pub mod limits;
pub mod netguard;
pub mod robots;

use crate::model::{SiteStatus, Visit};
use crate::targets::Target;
use futures::stream::{self, StreamExt};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::watch;

/// Crawl settings (the `crawl` command's options).
#[derive(Debug, Clone)]
pub struct CrawlConfig {
    /// Sites crawled at once.
    pub concurrency: usize,
    /// Concurrent requests per host across all sites.
    pub per_host: usize,
    /// Timeout of each request (connect, response and each body read).
    pub timeout: Duration,
    /// Wall-clock budget for one site.
    pub site_budget: Duration,
    /// Largest response body read, in bytes (after decompression).
    pub max_body: usize,
    /// Most subresources taken from one page or frame.
    pub max_subresources: usize,
    /// Pages visited per site, the landing page included.
    pub pages: usize,
    /// Frames followed this deep.
    pub frame_depth: usize,
    /// User-Agent header.
    pub user_agent: String,
    /// Extra request headers.
    pub headers: Vec<(String, String)>,
    /// Send `DNT: 1` and `Sec-GPC: 1`.
    pub dnt: bool,
    /// Proxy URL (http, https, socks5).
    pub proxy: Option<String>,
    /// Host name overrides (`--resolve HOST:PORT:ADDR`).
    pub resolve: Vec<(String, SocketAddr)>,
    /// Accept invalid TLS certificates.
    pub insecure: bool,
    /// Let site-controlled requests reach loopback, private and link-local
    /// addresses (see [`netguard`]).
    pub allow_private: bool,
    /// Consult robots.txt; a disallowed landing page is `robots_denied`.
    pub respect_robots: bool,
    /// Browser engine: extra time to stay on each page after load, network
    /// idle and a scroll (late timers, consent-banner scripts).
    pub wait: Duration,
}

/// A browser-like default User-Agent that names the tool.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 trackaudit/",
    env!("CARGO_PKG_VERSION")
);

impl Default for CrawlConfig {
    fn default() -> Self {
        CrawlConfig {
            concurrency: 16,
            per_host: 4,
            timeout: Duration::from_secs(20),
            site_budget: Duration::from_secs(90),
            max_body: 5 * 1024 * 1024,
            max_subresources: 300,
            pages: 1,
            frame_depth: 2,
            user_agent: DEFAULT_USER_AGENT.to_string(),
            headers: Vec::new(),
            dnt: false,
            proxy: None,
            resolve: Vec::new(),
            insecure: false,
            allow_private: false,
            respect_robots: false,
            wait: Duration::ZERO,
        }
    }
}

/// Parses a curl-style `--resolve HOST:PORT:ADDR` (ADDR may be `[v6]`).
pub fn parse_resolve(s: &str) -> crate::Result<(String, SocketAddr)> {
    let bad = |m: &str| crate::Error::InvalidOption {
        what: "--resolve",
        message: format!("{s:?}: {m} (expected HOST:PORT:ADDR)"),
    };
    let mut parts = s.splitn(3, ':');
    let (Some(host), Some(port), Some(addr)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad("missing fields"));
    };
    if host.is_empty() {
        return Err(bad("empty host"));
    }
    let port: u16 = port.parse().map_err(|_| bad("bad port"))?;
    let ip: std::net::IpAddr = addr
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .map_err(|_| bad("bad address"))?;
    Ok((host.to_ascii_lowercase(), SocketAddr::new(ip, port)))
}

/// What the engine observed on one site.
#[derive(Debug, Clone)]
pub struct SiteOutcome {
    /// The target as crawled (normalised URL): the `site` column.
    pub site: String,
    /// The landing page after redirects.
    pub final_url: String,
    pub status: SiteStatus,
    /// Message for a failed site.
    pub error: String,
    pub visit: Visit,
    /// Wall time spent on the site.
    pub duration: Duration,
    /// When the visit started.
    pub started: OffsetDateTime,
}

impl SiteOutcome {
    /// A visit of `target` starting `started`: `ok` and empty until the
    /// engine fills it in.
    pub fn new(target: &Target, started: OffsetDateTime) -> SiteOutcome {
        SiteOutcome {
            site: target.url.to_string(),
            final_url: String::new(),
            status: SiteStatus::Ok,
            error: String::new(),
            visit: Visit::default(),
            duration: Duration::ZERO,
            started,
        }
    }
}

/// Shutdown control: `stop` takes no new sites; `abort` makes in-flight sites
/// wrap up with what they have.
#[derive(Debug)]
pub struct Cancel {
    stopped: AtomicBool,
    abort: watch::Sender<bool>,
}

impl Default for Cancel {
    fn default() -> Self {
        Cancel {
            stopped: AtomicBool::new(false),
            abort: watch::Sender::new(false),
        }
    }
}

impl Cancel {
    /// Stops taking new sites.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
    }

    /// Stops taking new sites and makes in-flight ones finish now.
    pub fn abort(&self) {
        self.stop();
        self.abort.send_replace(true);
    }

    /// Whether [`Cancel::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }
}

/// Runs `site(index, target, abort)` for every target, at most `concurrency`
/// at once, and hands each result to `done(index, result)` as it finishes
/// (`index` = position in `targets`). Stops taking targets once `cancel` is
/// stopped. Returns how many targets were processed.
pub async fn for_each_site<'a, F, Fut, T, C>(
    targets: &'a [Target],
    concurrency: usize,
    cancel: &Cancel,
    site: F,
    mut done: C,
) -> usize
where
    F: Fn(usize, &'a Target, watch::Receiver<bool>) -> Fut,
    Fut: std::future::Future<Output = T>,
    C: FnMut(usize, T),
{
    let site = &site;
    let mut results = stream::iter(targets.iter().enumerate())
        .take_while(|_| std::future::ready(!cancel.is_stopped()))
        .map(|(i, t)| {
            let abort = cancel.abort.subscribe();
            async move { (i, site(i, t, abort).await) }
        })
        .buffer_unordered(concurrency.max(1));
    let mut n = 0;
    while let Some((i, out)) = results.next().await {
        n += 1;
        done(i, out);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_option() {
        let (h, a) = parse_resolve("Shop.test:8080:127.0.0.1").unwrap();
        assert_eq!(
            (h.as_str(), a.to_string().as_str()),
            ("shop.test", "127.0.0.1:8080")
        );
        let (_, a) = parse_resolve("x:443:[::1]").unwrap();
        assert_eq!(a.to_string(), "[::1]:443");
        assert!(parse_resolve("x:notaport:1.2.3.4").is_err());
        assert!(parse_resolve("x:80").is_err());
    }
}
