//! A [`Target`] in, a [`SiteOutcome`] out, with a real headless Chromium driven
//! over the DevTools protocol ([`super::cdp`]): a fresh browser context per site,
//! page load, network idle, a scroll, then every request (type, status,
//! initiator, redirect hops), the context's final cookie store (each cookie
//! attributed to the Set-Cookie header or the script that wrote it), local and
//! session storage, the page's title and links. Same model as the HTTP engine.
//! Chromium is driven over a pipe (no debugging port) and keeps its sandbox
//! unless the crawler runs as root. Requests to non-public addresses are
//! refused as in the HTTP engine ([`guard`], unless `--allow-private`).
//! [`BrowserEngine::visit_in_state`] adds the consent banner: found, and in
//! `accept` / `reject` clicked, before the visit goes on ([`consent`]).

// Everything here reads strings a site controls: no byte-index slicing.
#![deny(clippy::string_slice)]

use super::cdp::{base64_decode, Cdp, CdpError, Event};
use super::jar::{Jar, SetOutcome};
use super::{CancellationToken, CrawlConfig, SiteOutcome};
use crate::crawl::pixel::{image_dimensions, is_pixel};
use crate::domain::registrable_domain;
use crate::model::{
    party_of, Cookie, CookieSource, Page, Request, ResourceType, SiteStatus, StorageItem, Visit,
};
use crate::targets::Target;
use crate::text::bounded;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::time::Instant;
use url::Url;

mod behave;
mod collect;
mod consent;
pub mod consent_rules;
pub mod consent_words;
mod guard;
mod log;
mod site;
mod typing;
use guard::Gate;
use log::*;
use site::*;

/// Most requests recorded for one site.
const MAX_SITE_REQUESTS: usize = 3000;
/// The network counts as idle after this long without a request in flight.
const IDLE_QUIET: Duration = Duration::from_millis(500);
/// ... or after this long without any network event (hanging requests).
const IDLE_SILENT: Duration = Duration::from_millis(1500);
/// How often waits look at the event log.
const POLL: Duration = Duration::from_millis(25);
/// Longest wait for Chromium to start and answer on its DevTools pipe.
const LAUNCH_TIMEOUT: Duration = Duration::from_secs(30);
/// Most frames whose storage is read.
const MAX_FRAMES: usize = 50;
/// Most small images whose bodies are read to detect tracking pixels.
const MAX_PIXEL_PROBES: usize = 100;
/// Largest image (bytes on the wire) probed for pixel dimensions.
const PIXEL_PROBE_BYTES: u64 = 8 * 1024;
/// Name of the page-to-engine binding the hook script reports through.
const BINDING: &str = "__trackauditReport";

/// The browser crawl engine: a small pool of Chromium processes, one fresh
/// browser context per site. Restarts a browser that crashed or exited.
pub struct BrowserEngine {
    cfg: Arc<CrawlConfig>,
    exe: PathBuf,
    slots: Vec<Slot>,
    next: AtomicUsize,
    /// Session setup with the configured signals (`--dnt`) ...
    signals: Arc<SessionSetup>,
    /// ... and without DNT/GPC, for the comparison visit of `--dnt-compare`.
    plain: Arc<SessionSetup>,
    /// Chromium runs with `--no-sandbox` (only as root, where its sandbox cannot start).
    sandbox_off: bool,
    /// Which non-public addresses pages may reach (targets, `--resolve`
    /// hosts and the proxy are allowed; everything with `--allow-private`).
    guard: Arc<crate::crawl::netguard::Guard>,
    /// The consent rules `visit_in_state` applies (built-ins, then the user's).
    consent_rules: Arc<consent_rules::RuleSet>,
}

/// One browser of the pool.
struct Slot {
    current: Mutex<Option<Arc<Browser>>>,
    launching: tokio::sync::Mutex<()>,
}

/// A running Chromium and its DevTools connection.
struct Browser {
    cdp: Arc<Cdp>,
    proc: Proc,
    /// `Browser.getVersion`'s product, e.g. `HeadlessChrome/156.0.8078.79`.
    product: String,
}

/// The Chromium process and its profile directory; killed and removed on drop.
struct Proc {
    child: Mutex<Option<std::process::Child>>,
    pid: u32,
    dir: PathBuf,
}

impl Drop for Proc {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        // Chromium's helper processes may still write into the profile for a
        // moment after the browser process is gone.
        for _ in 0..10 {
            if std::fs::remove_dir_all(&self.dir).is_ok() || !self.dir.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Browser {
    /// Whether the connection is up and the process has not exited.
    fn alive(&self) -> bool {
        if self.cdp.is_closed() {
            return false;
        }
        let mut c = self.proc.child.lock().unwrap_or_else(|p| p.into_inner());
        matches!(c.as_mut().map(|c| c.try_wait()), Some(Ok(None)))
    }
}

/// What every page or frame session gets before it runs.
struct SessionSetup {
    hook: String,
    user_agent: String,
    headers: Value,
    /// `Fetch.enable` patterns of the requests the address guard must see
    /// (none with `--allow-private`).
    intercept: Option<Value>,
}

/// Where to find Chromium: `$TRACKAUDIT_CHROMIUM`, then Debian's headless
/// shell (package `chromium-headless-shell`: the same Blink, V8 and network
/// stack without the desktop browser layer, about three times the sites per
/// second of full Chromium on two cores), then Debian's full Chromium
/// (without the `/usr/bin/chromium` wrapper script and its extra flags), then
/// `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TRACKAUDIT_CHROMIUM") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let fixed = [
        "/usr/lib/chromium/chromium-headless-shell",
        "/usr/lib/chromium/chromium",
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ];
    if let Some(p) = fixed.iter().map(PathBuf::from).find(|p| p.is_file()) {
        return Some(p);
    }
    let path = std::env::var_os("PATH")?;
    let names = [
        "chromium-headless-shell",
        "chrome-headless-shell",
        "chromium",
        "chromium-browser",
        "google-chrome",
    ];
    std::env::split_paths(&path)
        .flat_map(|d| names.map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// Whether `exe` is a headless shell (always headless; takes no `--headless`).
fn is_headless_shell(exe: &Path) -> bool {
    exe.file_name()
        .is_some_and(|n| n.to_string_lossy().contains("headless-shell"))
}

impl BrowserEngine {
    /// Finds and starts Chromium (a pool of one browser, two when
    /// `concurrency` ≥ 4). Chromium missing or failing to start is an error
    /// that says how to install it.
    pub async fn new(cfg: Arc<CrawlConfig>) -> crate::Result<BrowserEngine> {
        let exe = find_chromium().ok_or_else(|| crate::Error::InvalidOption {
            what: "browser engine",
            message: "browser: Chromium was not found (looked for $TRACKAUDIT_CHROMIUM, \
Debian's chromium-headless-shell and chromium, and both on PATH); install it with \
`apt-get install chromium-headless-shell` (or `chromium`), or use the HTTP engine"
                .into(),
        })?;
        BrowserEngine::with_executable(cfg, exe).await
    }

    /// [`BrowserEngine::new`] with a given Chromium executable.
    pub async fn with_executable(
        cfg: Arc<CrawlConfig>,
        exe: PathBuf,
    ) -> crate::Result<BrowserEngine> {
        let pool = if cfg.concurrency >= 4 { 2 } else { 1 };
        let setup = |dnt: bool| {
            let mut headers = serde_json::Map::new();
            if dnt {
                headers.insert("DNT".into(), "1".into());
                headers.insert("Sec-GPC".into(), "1".into());
            }
            for (k, v) in &cfg.headers {
                headers.insert(k.clone(), Value::String(v.clone()));
            }
            Arc::new(SessionSetup {
                hook: hook_script(dnt, cfg.instrument),
                user_agent: cfg.user_agent.clone(),
                headers: Value::Object(headers),
                intercept: (!cfg.allow_private).then(|| guard::patterns(cfg.proxy.is_none())),
            })
        };
        let (signals, plain) = (setup(cfg.dnt), setup(false));
        let guard = Arc::new(crate::crawl::netguard::Guard::for_config(&cfg));
        let engine = BrowserEngine {
            slots: (0..pool)
                .map(|_| Slot {
                    current: Mutex::new(None),
                    launching: tokio::sync::Mutex::new(()),
                })
                .collect(),
            next: AtomicUsize::new(0),
            exe,
            cfg,
            signals,
            plain,
            sandbox_off: running_as_root(),
            guard,
            consent_rules: Arc::new(consent_rules::RuleSet::new(Vec::new())),
        };
        // Start the first browser now so a broken install fails the run early.
        engine
            .browser(0)
            .await
            .map_err(|message| crate::Error::InvalidOption {
                what: "browser engine",
                message: format!(
                    "browser: {message}; check the Chromium install (`apt-get install chromium-headless-shell`) or use the HTTP engine"
                ),
            })?;
        Ok(engine)
    }

    /// The engine with `rules` (e.g. from
    /// [`consent_rules::parse_consent_o_matic`]) tried after the built-in
    /// consent rules and before the generic fallback.
    pub fn with_consent_rules(mut self, rules: Vec<consent_rules::OwnedRule>) -> BrowserEngine {
        self.consent_rules = Arc::new(consent_rules::RuleSet::new(rules));
        self
    }

    /// Lets pages reach `url`'s host even when it is (or resolves to) a
    /// non-public address: the user named it as a target. Every visit allows
    /// its own target; calling this for the whole list first allows each
    /// target from the first site on, as the HTTP engine does.
    pub fn allow_target(&self, url: &Url) {
        if let Some(h) = url.host_str() {
            self.guard.allow_host(h);
        }
    }

    /// The browser in use: its product and version, the executable, and
    /// whether its sandbox is off (e.g. `HeadlessChrome/156.0.8078.79
    /// (/usr/lib/chromium/chromium-headless-shell) (sandbox off: running as root)`).
    pub fn describe(&self) -> String {
        let product = self
            .slots
            .iter()
            .find_map(|s| {
                s.current
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .as_ref()
                    .map(|b| b.product.clone())
            })
            .unwrap_or_default();
        let sandbox = if self.sandbox_off {
            " (sandbox off: running as root)"
        } else {
            ""
        };
        format!("{product} ({}){sandbox}", self.exe.display())
    }

    /// Process ids of the running Chromium browser processes (for tests and
    /// benchmarks: memory accounting, crash simulation).
    pub fn browser_pids(&self) -> Vec<u32> {
        self.slots
            .iter()
            .filter_map(|s| {
                s.current
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .as_ref()
                    .map(|b| b.proc.pid)
            })
            .collect()
    }

    /// Stops every browser of the pool (dropping the engine does the same).
    pub async fn shutdown(self) {
        for s in &self.slots {
            let b = s.current.lock().unwrap_or_else(|p| p.into_inner()).take();
            if let Some(b) = b {
                let _ = b
                    .cdp
                    .call(None, "Browser.close", json!({}), Duration::from_secs(2))
                    .await;
            }
        }
    }

    /// The slot's browser, started or restarted as needed.
    async fn browser(&self, slot: usize) -> crate::Result<Arc<Browser>> {
        let slot = &self.slots[slot % self.slots.len()];
        let live = |s: &Slot| {
            s.current
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .as_ref()
                .filter(|b| b.alive())
                .cloned()
        };
        if let Some(b) = live(slot) {
            return Ok(b);
        }
        let _g = slot.launching.lock().await;
        if let Some(b) = live(slot) {
            return Ok(b);
        }
        // Drop the dead one first (kills what is left of it).
        slot.current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        let b = Arc::new(launch(&self.exe, &self.cfg, self.sandbox_off).await?);
        *slot.current.lock().unwrap_or_else(|p| p.into_inner()) = Some(b.clone());
        Ok(b)
    }

    /// Audits one site in a fresh browser context. `abort` firing wraps the
    /// visit up early with what was observed.
    pub async fn visit(&self, target: &Target, abort: CancellationToken) -> SiteOutcome {
        let (mut outcome, storage) = self.visit_with_storage(target, abort).await;
        outcome.visit.storage = storage;
        outcome
    }

    /// [`BrowserEngine::visit`] without DNT and GPC, whatever `--dnt` says
    /// (the other half of `--dnt-compare`).
    pub async fn visit_without_signals(
        &self,
        target: &Target,
        abort: CancellationToken,
    ) -> SiteOutcome {
        let (mut outcome, storage) = self
            .run_visit(target, abort, self.plain.clone(), None)
            .await;
        outcome.visit.storage = storage;
        outcome
    }

    /// [`BrowserEngine::visit`], plus the storage keys found (until
    /// `Visit` carries them itself).
    pub async fn visit_with_storage(
        &self,
        target: &Target,
        abort: CancellationToken,
    ) -> (SiteOutcome, Vec<StorageItem>) {
        self.run_visit(target, abort, self.signals.clone(), None)
            .await
    }

    /// Audits one site in a fresh browser context in a consent state: looks
    /// for the consent banner and its TCF/GPP APIs after the landing page
    /// settled and, in `accept` / `reject`, clicks the choice, lets the
    /// network settle and loads the landing page again before going on.
    /// `visit.consent` says what was found and done; every request, cookie
    /// and storage row carries the state it was observed in (`none` before
    /// the click).
    pub async fn visit_in_state(
        &self,
        target: &Target,
        state: crate::model::ConsentState,
        abort: CancellationToken,
    ) -> SiteOutcome {
        let (mut outcome, storage) = self
            .run_visit(target, abort, self.signals.clone(), Some(state))
            .await;
        outcome.visit.storage = storage;
        outcome
    }

    async fn run_visit(
        &self,
        target: &Target,
        abort: CancellationToken,
        setup: Arc<SessionSetup>,
        consent: Option<crate::model::ConsentState>,
    ) -> (SiteOutcome, Vec<StorageItem>) {
        let started = std::time::Instant::now();
        let now = OffsetDateTime::now_utc();
        let mut outcome = SiteOutcome::new(target, now);
        let fail = |mut o: SiteOutcome, status, msg: String| {
            o.status = status;
            o.error = msg;
            o.duration = started.elapsed();
            (o, Vec::new())
        };
        self.allow_target(&target.url);
        let slot = self.next.fetch_add(1, Ordering::Relaxed);
        let browser = match self.browser(slot).await {
            Ok(b) => b,
            Err(e) => return fail(outcome, SiteStatus::Error, format!("browser: {e}")),
        };
        // Keep back a slice of the budget for reading cookies and storage.
        let budget = self.cfg.site_budget;
        let reserve = (budget / 5).min(Duration::from_secs(5));
        let t0 = Instant::now();
        let mut run = SiteRun {
            engine: self,
            cdp: browser.cdp.clone(),
            setup,
            context: String::new(),
            session: String::new(),
            log: Arc::new(Mutex::new(SiteLog::new())),
            page_deadline: t0 + budget.saturating_sub(reserve),
            hard_deadline: t0 + budget,
            abort,
            now,
            collector: None,
            gate: Arc::new(Gate::new(
                self.guard.clone(),
                self.cfg.proxy.is_none(),
                self.cfg.timeout.min(Duration::from_secs(5)),
            )),
            consent,
            clicked: None,
            pre_click: None,
            worlds: Mutex::new(HashMap::new()),
        };
        let storage = run.go(target, &mut outcome).await;
        run.close().await;
        // A site that failed before its banner could be looked for still
        // has its consent row.
        if let (Some(state), None) = (consent, &outcome.visit.consent) {
            outcome.visit.consent = Some(crate::model::ConsentOutcome {
                state,
                method: "none".into(),
                action: state
                    .clicks()
                    .then_some(crate::model::ConsentAction::Failed),
                note: "the landing page did not load".into(),
                ..Default::default()
            });
        }
        if browser.cdp.is_closed() && outcome.status == SiteStatus::Ok {
            outcome.status = SiteStatus::Error;
            outcome.error = "the browser exited or crashed during the visit".into();
        }
        outcome.duration = started.elapsed();
        (outcome, storage)
    }
}

/// Whether this process runs as root, where Chromium's sandbox refuses to
/// start and `--no-sandbox` is required.
fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Chromium's command line: DevTools over fds 3 and 4 (no TCP port any local
/// user could attach to), the sandbox on unless `sandbox_off`, quiet on a
/// closed network, no site isolation (one renderer per page sees every
/// frame's requests), no backgrounding.
fn chromium_args(cfg: &CrawlConfig, dir: &Path, shell: bool, sandbox_off: bool) -> Vec<String> {
    let mut a: Vec<String> = [
        "--remote-debugging-pipe",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--metrics-recording-only",
        "--mute-audio",
        "--disable-breakpad",
        "--disable-crash-reporter",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-hang-monitor",
        "--disable-renderer-backgrounding",
        "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows",
        "--disable-site-isolation-trials",
        "--disable-features=Translate,OptimizationHints,MediaRouter,HttpsUpgrades,\
HttpsFirstBalancedModeAutoEnable,IsolateOrigins,site-per-process,AutofillServerCommunication,\
CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,BackForwardCache,Prerender2,\
NavigationPredictor",
        // Two cores: one raster thread per renderer is plenty for a crawl.
        "--num-raster-threads=1",
        "--password-store=basic",
        "--use-mock-keychain",
        "--window-size=1366,768",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if sandbox_off {
        a.push("--no-sandbox".into());
    }
    if !shell {
        a.push("--headless=new".into());
    }
    a.push(format!("--user-data-dir={}", dir.display()));
    if let Some(p) = &cfg.proxy {
        a.push(format!("--proxy-server={p}"));
        // Loopback too goes through the proxy, as with the HTTP engine.
        a.push("--proxy-bypass-list=<-loopback>".into());
    }
    if !cfg.resolve.is_empty() {
        let rules: Vec<String> = cfg
            .resolve
            .iter()
            .map(|(h, addr)| format!("MAP {h} {addr}"))
            .collect();
        a.push(format!("--host-resolver-rules={}", rules.join(",")));
    }
    if cfg.insecure {
        a.push("--ignore-certificate-errors".into());
    }
    a.push("about:blank".into());
    a
}

/// Starts Chromium with a fresh profile and its DevTools pipe, and waits
/// (bounded) for its first answer.
async fn launch(exe: &Path, cfg: &CrawlConfig, sandbox_off: bool) -> crate::Result<Browser> {
    use crate::Error::Launch;
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .subsec_nanos();
    let dir = std::env::temp_dir().join(format!(
        "trackaudit-chromium-{}-{}-{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| Launch(format!("{}: {e}", dir.display())))?;
    let log = std::fs::File::create(dir.join("chromium.log"))
        .map_err(|e| Launch(format!("{}: {e}", dir.display())))?;
    let mut cmd = std::process::Command::new(exe);
    cmd.args(chromium_args(
        cfg,
        &dir,
        is_headless_shell(exe),
        sandbox_off,
    ))
    .stdin(std::process::Stdio::null())
    .stdout(std::process::Stdio::null())
    .stderr(log);
    let (child, cdp) = match Cdp::spawn(&mut cmd) {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(Launch(format!("cannot start {}: {e}", exe.display())));
        }
    };
    let proc = Proc {
        pid: child.id(),
        child: Mutex::new(Some(child)),
        dir: dir.clone(),
    };
    // Commands wait in the pipe until Chromium is ready: the first answer
    // says it is up.
    let version = cdp
        .call(None, "Browser.getVersion", json!({}), LAUNCH_TIMEOUT)
        .await;
    let product = match version {
        Ok(v) => v["product"].as_str().unwrap_or_default().to_string(),
        Err(e) => {
            // An early exit closes the pipe before the process is reaped.
            let mut exited = None;
            for _ in 0..20 {
                exited = proc
                    .child
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .as_mut()
                    .and_then(|c| c.try_wait().ok().flatten());
                if exited.is_some() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            return Err(Launch(match exited {
                Some(status) => format!(
                    "{} exited at start ({status}): {}",
                    exe.display(),
                    log_tail(&dir)
                ),
                None => format!(
                    "{} did not answer on its DevTools pipe within {}s ({e}): {}",
                    exe.display(),
                    LAUNCH_TIMEOUT.as_secs(),
                    log_tail(&dir)
                ),
            }));
        }
    };
    Ok(Browser { cdp, proc, product })
}

/// The last meaningful lines of Chromium's stderr (dbus noise left out).
fn log_tail(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("chromium.log")).unwrap_or_default();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains("dbus") && !l.trim().is_empty())
        .collect();
    let tail = lines[lines.len().saturating_sub(3)..].join(" | ");
    if tail.is_empty() {
        "(no output)".into()
    } else {
        bounded(&tail, 600)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_resource_types() {
        assert_eq!(
            resource_type("Document", true, "other"),
            ResourceType::Document
        );
        assert_eq!(
            resource_type("Document", false, "parser"),
            ResourceType::Iframe
        );
        assert_eq!(resource_type("Ping", false, "script"), ResourceType::Beacon);
        assert_eq!(resource_type("Ping", false, "other"), ResourceType::Ping);
        assert_eq!(resource_type("XHR", false, "script"), ResourceType::Xhr);
        assert_eq!(
            resource_type("Preflight", false, "preflight"),
            ResourceType::Other
        );
    }

    #[test]
    fn initiators_from_stacks() {
        let v = json!({"type": "script", "stack": {"callFrames": [{"url": ""}], "parent": {"callFrames": [{"url": "https://t.example/a.js"}]}}});
        assert_eq!(
            initiator_of(&v, "https://s.example/"),
            "https://t.example/a.js"
        );
        let v = json!({"type": "parser", "url": "https://s.example/p"});
        assert_eq!(
            initiator_of(&v, "https://s.example/"),
            "https://s.example/p"
        );
        assert_eq!(
            initiator_of(&json!({"type": "other"}), "https://s.example/"),
            "https://s.example/"
        );
    }

    #[test]
    fn frame_ids_in_document_order_and_bounded() {
        let tree = json!({"frameTree": {"frame": {"id": "top"}, "childFrames": [
            {"frame": {"id": "a"}, "childFrames": [{"frame": {"id": "a1"}}]},
            {"frame": {"id": "b"}},
            {"frame": {}}
        ]}});
        assert_eq!(frame_ids(&tree, 10), ["top", "a", "a1", "b"]);
        assert_eq!(frame_ids(&tree, 2), ["top", "a"]);
        assert!(frame_ids(&json!({"error": "gone"}), 10).is_empty());
    }

    #[test]
    fn net_errors() {
        assert_eq!(
            net_error_status("net::ERR_NAME_NOT_RESOLVED"),
            SiteStatus::DnsError
        );
        assert_eq!(
            net_error_status("net::ERR_CERT_AUTHORITY_INVALID"),
            SiteStatus::TlsError
        );
        assert_eq!(
            net_error_status("net::ERR_CONNECTION_REFUSED"),
            SiteStatus::ConnectError
        );
        assert_eq!(
            net_error_status("net::ERR_TOO_MANY_REDIRECTS"),
            SiteStatus::RedirectLoop
        );
        assert_eq!(
            net_error_status("net::ERR_EMPTY_RESPONSE"),
            SiteStatus::Error
        );
        assert!(is_web_url("HTTPS://x.example/"));
        assert!(!is_web_url("data:image/gif;base64,R0lG"));
    }
}
