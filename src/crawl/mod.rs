//! Targets in, one [`SiteOutcome`] per site out, streamed to a callback as sites
//! finish. This is the one place concurrency is bounded: `concurrency` sites at
//! once (a `buffer_unordered` stage), `per_host` requests per host (semaphores
//! in [`limits`]), a timeout on every network await and a budget per site.

pub mod browser;
pub mod cdp;
pub mod fetch;
pub mod html;
pub mod http;
pub mod jar;
pub mod limits;
pub mod netguard;
pub mod pixel;
pub mod robots;
pub mod tcf;

use crate::model::{SiteStatus, Visit};
use crate::targets::Target;
use futures::stream::{self, StreamExt};
use std::net::SocketAddr;
use std::time::Duration;
use time::OffsetDateTime;
pub use tokio_util::sync::CancellationToken;
use tokio_util::task::AbortOnDropHandle;

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
    /// Applied before a site's visits by [`fetch::robots_gate`] (the engines'
    /// `visit` does not read robots.txt).
    pub respect_robots: bool,
    /// Browser engine: extra time to stay on each page after load, network
    /// idle and a scroll (late timers, consent-banner scripts).
    pub wait: Duration,
    /// Browser engine: instrument pages (fingerprinting, session recording)
    /// and type probe text into their forms (key logging). On by default.
    pub instrument: bool,
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
            instrument: true,
        }
    }
}

/// Parses a curl-style `--resolve HOST:PORT:ADDR` (ADDR may be `[v6]`).
pub fn parse_resolve(s: &str) -> crate::Result<(String, SocketAddr)> {
    let bad = |m: &str| crate::Error::InvalidOption {
        what: "resolve rule",
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
    /// How the visit ended.
    pub status: SiteStatus,
    /// Message for a failed site.
    pub error: String,
    /// Everything observed: pages, requests, cookies, storage.
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
        SiteOutcome::new_for(target.url.to_string(), started)
    }

    /// [`SiteOutcome::new`] for a site given by its `site` value.
    pub fn new_for(site: String, started: OffsetDateTime) -> SiteOutcome {
        SiteOutcome {
            site,
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
#[derive(Debug, Default)]
pub struct Cancel {
    stopped: CancellationToken,
    abort: CancellationToken,
}

impl Cancel {
    /// Stops taking new sites.
    pub fn stop(&self) {
        self.stopped.cancel();
    }

    /// Stops taking new sites and makes in-flight ones finish now.
    pub fn abort(&self) {
        self.stop();
        self.abort.cancel();
    }

    /// Whether [`Cancel::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        self.stopped.is_cancelled()
    }

    /// The token in-flight sites watch: cancelled by [`Cancel::abort`].
    pub fn abort_token(&self) -> CancellationToken {
        self.abort.clone()
    }
}

/// Runs `site(index, target, abort)` for every target, each on its own task
/// of the runtime, at most `concurrency` at once, and yields `(index, result)`
/// as each finishes (`index` = position in `targets`). A site whose task
/// panics yields `failed(target, message)`: one site's crash never ends the
/// others. Stops taking targets once `cancel` is stopped; dropping the stream
/// aborts the sites in flight.
pub fn sites<'a, F, Fut, T, P>(
    targets: &'a [Target],
    concurrency: usize,
    cancel: &'a Cancel,
    site: F,
    failed: P,
) -> impl futures::Stream<Item = (usize, T)> + 'a
where
    F: Fn(usize, Target, CancellationToken) -> Fut + 'a,
    Fut: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
    P: Fn(&Target, String) -> T + 'a,
{
    stream::iter(targets.iter().enumerate())
        .take_while(move |_| std::future::ready(!cancel.is_stopped()))
        .map(move |(i, t)| {
            let abort = cancel.abort_token();
            // A dropped crawl leaves no site running behind it.
            let task = AbortOnDropHandle::new(tokio::spawn(site(i, t.clone(), abort)));
            async move { (i, t, task.await) }
        })
        .buffer_unordered(concurrency.max(1))
        .map(move |(i, t, out)| match out {
            Ok(v) => (i, v),
            Err(e) => (i, failed(t, join_error_message(e))),
        })
}

/// [`sites`] with each result handed to `done(index, result)`; returns how
/// many targets were processed.
pub async fn for_each_site<F, Fut, T, P, C>(
    targets: &[Target],
    concurrency: usize,
    cancel: &Cancel,
    site: F,
    failed: P,
    mut done: C,
) -> usize
where
    F: Fn(usize, Target, CancellationToken) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
    P: Fn(&Target, String) -> T,
    C: FnMut(usize, T),
{
    let mut results = std::pin::pin!(sites(targets, concurrency, cancel, site, failed));
    let mut n = 0;
    while let Some((i, out)) = results.next().await {
        n += 1;
        done(i, out);
    }
    n
}

/// What a crashed task says: the panic message, bounded.
fn join_error_message(e: tokio::task::JoinError) -> String {
    if e.is_panic() {
        panic_message(&*e.into_panic())
    } else {
        "interrupted: the run was shut down".into()
    }
}

/// A panic payload as a bounded message.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    format!("panic: {}", panic_payload(payload))
}

/// The text a panic was raised with, bounded.
fn panic_payload(payload: &(dyn std::any::Any + Send)) -> String {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into());
    crate::text::bounded(&msg, 500)
}

/// Runs CPU-bound `work` on the blocking pool, off the tasks that drive
/// network I/O; a panic in it is [`Error::Panicked`](crate::Error::Panicked)
/// with the message, a runtime shutting down
/// [`Error::Interrupted`](crate::Error::Interrupted).
pub async fn cpu_value<R: Send + 'static>(
    work: impl FnOnce() -> R + Send + 'static,
) -> crate::Result<R> {
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        if e.is_panic() {
            crate::Error::Panicked(panic_payload(&*e.into_panic()))
        } else {
            crate::Error::Interrupted
        }
    })
}

/// Runs CPU-bound `work` on `value` on the blocking pool, off the tasks that
/// drive network I/O. Returns the value with the panic message when `work`
/// panicked, or `None` when the runtime is shutting down.
pub async fn cpu<V: Send + 'static>(
    value: V,
    work: impl FnOnce(&mut V) + Send + 'static,
) -> Option<(V, Option<String>)> {
    tokio::task::spawn_blocking(move || {
        let mut value = value;
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&mut value)));
        let panic = r.err().map(|p| panic_message(&*p));
        (value, panic)
    })
    .await
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_site_is_one_failed_result_and_the_others_finish() {
        let targets = crate::targets::TargetList::parse(
            "t.txt",
            "http://a.test/\nhttp://boom.test/\nhttp://c.test/\n",
            true,
        )
        .unwrap()
        .targets;
        let mut got = Vec::new();
        let n = for_each_site(
            &targets,
            2,
            &Cancel::default(),
            |_, t, _| async move {
                if t.url.host_str() == Some("boom.test") {
                    let cut = "aaé";
                    // A byte slice inside a character, as site data once caused.
                    let _ = &cut[..3];
                }
                Ok(t.url.to_string())
            },
            |t, msg| Err(format!("{} {msg}", t.url)),
            |i, r| got.push((i, r)),
        )
        .await;
        got.sort();
        assert_eq!(n, 3);
        assert_eq!(got[0], (0, Ok("http://a.test/".to_string())));
        assert_eq!(got[2], (2, Ok("http://c.test/".to_string())));
        let Err(e) = &got[1].1 else { panic!("{got:?}") };
        assert!(
            e.starts_with("http://boom.test/ panic: ") && e.contains("char boundary"),
            "{e}"
        );
    }

    #[tokio::test]
    async fn cpu_work_returns_its_value_and_panic() {
        let (v, p) = cpu(vec![1], |v| v.push(2)).await.unwrap();
        assert_eq!((v, p), (vec![1, 2], None));
        let (v, p) = cpu(vec![1], |v| {
            v.push(3);
            panic!("stage broke");
        })
        .await
        .unwrap();
        assert_eq!(v, vec![1, 3]);
        assert_eq!(p.as_deref(), Some("panic: stage broke"));
        assert_eq!(cpu_value(|| 7).await.unwrap(), 7);
        let r = cpu_value(|| panic!("parse broke")).await;
        assert!(
            matches!(&r, Err(crate::Error::Panicked(m)) if m == "parse broke"),
            "{r:?}"
        );
        assert_eq!(r.unwrap_err().to_string(), "panic: parse broke");
    }

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
