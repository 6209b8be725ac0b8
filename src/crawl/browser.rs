//! A [`Target`] in, a [`SiteOutcome`] out, with a real headless Chromium driven
//! over the DevTools protocol ([`super::cdp`]): a fresh browser context per site,
//! page load, network idle, a scroll, then every request (type, status,
//! initiator, redirect hops), the context's final cookie store (each cookie
//! attributed to the Set-Cookie header or the script that wrote it), local and
//! session storage, the page's title and links. Same model as the HTTP engine.

use super::cdp::{base64_decode, Cdp, CdpError, Event};
use super::http::HttpEngine;
use super::jar::{bounded, Jar, SetOutcome};
use super::{CrawlConfig, SiteOutcome};
use crate::classify::beacon::{image_dimensions, is_pixel};
use crate::classify::party::{party_of, registrable_domain};
use crate::model::{
    Cookie, CookieSource, Page, Request, ResourceType, SiteStatus, StorageItem, Visit,
};
use crate::targets::Target;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::watch;
use tokio::time::Instant;
use url::Url;

/// Most requests recorded for one site.
const MAX_SITE_REQUESTS: usize = 3000;
/// The network counts as idle after this long without a request in flight.
const IDLE_QUIET: Duration = Duration::from_millis(500);
/// ... or after this long without any network event (hanging requests).
const IDLE_SILENT: Duration = Duration::from_millis(1500);
/// How often waits look at the event log.
const POLL: Duration = Duration::from_millis(25);
/// Longest wait for Chromium to start and open its DevTools port.
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
    /// For robots.txt (with `--respect-robots`).
    http: HttpEngine,
    setup: Arc<SessionSetup>,
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
}

/// Where to find Chromium: `$TRACKAUDIT_CHROMIUM`, Debian's binary (without
/// the `/usr/bin/chromium` wrapper script and its extra flags), then `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TRACKAUDIT_CHROMIUM") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let fixed = [
        "/usr/lib/chromium/chromium",
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ];
    if let Some(p) = fixed.iter().map(PathBuf::from).find(|p| p.is_file()) {
        return Some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser", "google-chrome"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

impl BrowserEngine {
    /// Finds and starts Chromium (a pool of one browser, two when
    /// `concurrency` ≥ 4). Chromium missing or failing to start is an error
    /// that says how to install it.
    pub async fn new(cfg: Arc<CrawlConfig>) -> crate::Result<BrowserEngine> {
        let exe = find_chromium().ok_or_else(|| crate::Error::InvalidOption {
            what: "--engine",
            message: "browser: Chromium was not found (looked for $TRACKAUDIT_CHROMIUM, \
/usr/lib/chromium/chromium, /usr/bin/chromium and chromium on PATH); install it with \
`apt-get install chromium`, or use --engine http"
                .into(),
        })?;
        let http = HttpEngine::new(cfg.clone())?;
        let pool = if cfg.concurrency >= 4 { 2 } else { 1 };
        let mut headers = serde_json::Map::new();
        if cfg.dnt {
            headers.insert("DNT".into(), "1".into());
            headers.insert("Sec-GPC".into(), "1".into());
        }
        for (k, v) in &cfg.headers {
            headers.insert(k.clone(), Value::String(v.clone()));
        }
        let setup = Arc::new(SessionSetup {
            hook: hook_script(cfg.dnt),
            user_agent: cfg.user_agent.clone(),
            headers: Value::Object(headers),
        });
        let engine = BrowserEngine {
            slots: (0..pool)
                .map(|_| Slot {
                    current: Mutex::new(None),
                    launching: tokio::sync::Mutex::new(()),
                })
                .collect(),
            next: AtomicUsize::new(0),
            exe,
            http,
            cfg,
            setup,
        };
        // Start the first browser now so a broken install fails the run early.
        engine
            .browser(0)
            .await
            .map_err(|message| crate::Error::InvalidOption {
                what: "--engine",
                message: format!(
                    "browser: {message}; check the Chromium install (`apt-get install chromium`) or use --engine http"
                ),
            })?;
        Ok(engine)
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
    async fn browser(&self, slot: usize) -> Result<Arc<Browser>, String> {
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
        let b = Arc::new(launch(&self.exe, &self.cfg).await?);
        *slot.current.lock().unwrap_or_else(|p| p.into_inner()) = Some(b.clone());
        Ok(b)
    }

    /// Audits one site in a fresh browser context. `abort` turning true
    /// wraps the visit up early with what was observed.
    pub async fn visit(&self, target: &Target, abort: watch::Receiver<bool>) -> SiteOutcome {
        let (mut outcome, storage) = self.visit_with_storage(target, abort).await;
        outcome.visit.storage = storage;
        outcome
    }

    /// [`BrowserEngine::visit`], plus the storage keys found (until
    /// `Visit` carries them itself).
    pub async fn visit_with_storage(
        &self,
        target: &Target,
        abort: watch::Receiver<bool>,
    ) -> (SiteOutcome, Vec<StorageItem>) {
        let started = std::time::Instant::now();
        let now = OffsetDateTime::now_utc();
        let mut outcome = SiteOutcome {
            site: target.url.to_string(),
            final_url: String::new(),
            status: SiteStatus::Ok,
            error: String::new(),
            visit: Visit::default(),
            duration: Duration::ZERO,
            started: now,
        };
        let fail = |mut o: SiteOutcome, status, msg: String| {
            o.status = status;
            o.error = msg;
            o.duration = started.elapsed();
            (o, Vec::new())
        };
        if self.cfg.respect_robots {
            if let Some(path) = self.robots_denies(&target.url, abort.clone()).await {
                let msg = format!("robots.txt disallows {path} for {}", super::robots::AGENT);
                return fail(outcome, SiteStatus::RobotsDenied, msg);
            }
        }
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
            context: String::new(),
            session: String::new(),
            log: Arc::new(Mutex::new(SiteLog::new())),
            page_deadline: t0 + budget.saturating_sub(reserve),
            hard_deadline: t0 + budget,
            abort,
            now,
            collector: None,
        };
        let storage = run.go(target, &mut outcome).await;
        run.close().await;
        if browser.cdp.is_closed() && outcome.status == SiteStatus::Ok {
            outcome.status = SiteStatus::Error;
            outcome.error = "the browser exited or crashed during the visit".into();
        }
        outcome.duration = started.elapsed();
        (outcome, storage)
    }

    /// The landing path when robots.txt disallows it for us.
    async fn robots_denies(&self, url: &Url, abort: watch::Receiver<bool>) -> Option<String> {
        let robots_url = url.join("/robots.txt").ok()?;
        let doc = self
            .http
            .get_document(&robots_url, None, abort, self.cfg.timeout)
            .await
            .ok()?;
        if !(200..300).contains(&doc.status) || doc.truncated {
            return None;
        }
        let text = String::from_utf8_lossy(&doc.body);
        let rules = super::robots::Robots::parse(&text, super::robots::AGENT);
        let path = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        (!rules.allowed(&path)).then_some(path)
    }
}

/// Chromium's command line: quiet on a closed network, no site isolation (one
/// renderer per page sees every frame's requests), no backgrounding.
fn chromium_args(cfg: &CrawlConfig, dir: &Path) -> Vec<String> {
    let mut a: Vec<String> = [
        "--headless=new",
        "--no-sandbox",
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
CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions",
        "--password-store=basic",
        "--use-mock-keychain",
        "--window-size=1366,768",
        "--remote-debugging-port=0",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
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

/// Starts Chromium with a fresh profile and connects to its DevTools socket.
async fn launch(exe: &Path, cfg: &CrawlConfig) -> Result<Browser, String> {
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
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let log = std::fs::File::create(dir.join("chromium.log"))
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let child = std::process::Command::new(exe)
        .args(chromium_args(cfg, &dir))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .spawn();
    let child = match child {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(format!("cannot start {}: {e}", exe.display()));
        }
    };
    let proc = Proc {
        pid: child.id(),
        child: Mutex::new(Some(child)),
        dir: dir.clone(),
    };
    let port_file = dir.join("DevToolsActivePort");
    let until = Instant::now() + LAUNCH_TIMEOUT;
    let ws = loop {
        if let Ok(s) = std::fs::read_to_string(&port_file) {
            let mut lines = s.lines();
            if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                if port.trim().parse::<u16>().is_ok() {
                    break format!("ws://127.0.0.1:{}{}", port.trim(), path.trim());
                }
            }
        }
        let exited = proc
            .child
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten());
        if let Some(status) = exited {
            return Err(format!(
                "{} exited at start ({status}): {}",
                exe.display(),
                log_tail(&dir)
            ));
        }
        if Instant::now() >= until {
            return Err(format!(
                "{} did not open its DevTools port within {}s: {}",
                exe.display(),
                LAUNCH_TIMEOUT.as_secs(),
                log_tail(&dir)
            ));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let cdp = Cdp::connect(&ws, Duration::from_secs(10))
        .await
        .map_err(|e| format!("DevTools connection: {e}"))?;
    Ok(Browser { cdp, proc })
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

/// The script injected into every document before its own scripts: reports
/// `document.cookie` writes, `Storage.setItem` and `cookieStore.set` calls
/// with the calling script's URL, and with `dnt` sets
/// `navigator.doNotTrack` / `navigator.globalPrivacyControl`.
fn hook_script(dnt: bool) -> String {
    HOOK_JS
        .replace("__BINDING__", BINDING)
        .replace("__DNT__", if dnt { "true" } else { "false" })
}

const HOOK_JS: &str = r#"(function () {
  'use strict';
  var report = globalThis.__BINDING__;
  try { delete globalThis.__BINDING__; } catch (e) {}
  if (__DNT__) {
    try { Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: function () { return '1'; }, configurable: true }); } catch (e) {}
    try { Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: function () { return true; }, configurable: true }); } catch (e) {}
  }
  if (typeof report !== 'function') return;
  var send = function (o) { try { report(JSON.stringify(o)); } catch (e) {} };
  var caller = function () {
    var lim = Error.stackTraceLimit, st = '';
    Error.stackTraceLimit = 40;
    try { st = String(new Error().stack || ''); } catch (e) {}
    Error.stackTraceLimit = lim;
    var lines = st.split('\n');
    for (var i = 1; i < lines.length; i++) {
      var m = lines[i].match(/((?:https?|wss?|blob|file):[^\s()]*?)(?::\d+)?(?::\d+)?\)?\s*$/);
      if (m) return m[1];
    }
    return '';
  };
  var here = function () { try { return String(location.href); } catch (e) { return ''; } };
  var d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (d && d.get && d.set) {
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true, enumerable: d.enumerable,
      get: function () { return d.get.call(this); },
      set: function (v) {
        send({ k: 'cookie', v: String(v).slice(0, 8192), by: caller(), href: here() });
        d.set.call(this, v);
      }
    });
  }
  try {
    var isrc = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src');
    if (isrc && isrc.set && isrc.get) {
      Object.defineProperty(HTMLImageElement.prototype, 'src', {
        configurable: true, enumerable: isrc.enumerable,
        get: function () { return isrc.get.call(this); },
        set: function (v) {
          var by = caller();
          if (by) { try { send({ k: 'img', url: new URL(String(v), document.baseURI).href, by: by }); } catch (e) {} }
          isrc.set.call(this, v);
        }
      });
    }
  } catch (e) {}
  try {
    var si = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      var kind = '';
      try { kind = this === window.localStorage ? 'local' : (this === window.sessionStorage ? 'session' : ''); } catch (e) {}
      send({ k: 'storage', kind: kind, key: String(k).slice(0, 1024), by: caller(), href: here() });
      return si.apply(this, arguments);
    };
  } catch (e) {}
  try {
    if (typeof CookieStore !== 'undefined' && CookieStore.prototype.set) {
      var cs = CookieStore.prototype.set;
      CookieStore.prototype.set = function (a) {
        var o = (a && typeof a === 'object') ? a : {};
        send({ k: 'cookiestore', name: String(typeof a === 'string' ? a : (o.name || '')), domain: String(o.domain || ''), by: caller(), href: here() });
        return cs.apply(this, arguments);
      };
    }
  } catch (e) {}
})();
//# sourceURL=trackaudit-hook.js
"#;

/// Reads the page after load: HTML (bounded), title, charset, address.
const PAGE_JS: &str = "(() => { const d = document.documentElement; \
return { html: d ? d.outerHTML.slice(0, MAXLEN) : '', title: document.title || '', \
charset: document.characterSet || '', href: String(location.href) }; })()";

/// Lists a frame's storage keys (run in an isolated world of each frame).
const STORAGE_JS: &str = "(() => { const out = []; \
for (const [kind, name] of [['local', 'localStorage'], ['session', 'sessionStorage']]) { \
try { const s = window[name]; for (let i = 0; i < s.length && i < 500; i++) { \
const k = s.key(i); const v = s.getItem(k); out.push([kind, String(k).slice(0, 1024), v == null ? 0 : v.length]); } } \
catch (e) {} } \
let origin = ''; try { origin = String(location.origin); } catch (e) {} \
return { origin, items: out }; })()";

/// A request row being built from events.
#[derive(Debug, Clone)]
struct Row {
    req: Request,
    request_id: String,
    net_type: String,
    encoded: u64,
    /// The initiator came from a JavaScript stack.
    by_script: bool,
}

/// A cookie write seen on the way: from a Set-Cookie header or a script.
#[derive(Debug, Clone)]
struct CookieWrite {
    seq: u64,
    name: String,
    /// As the browser stores it: `.example.com` for domain cookies, the host otherwise.
    domain: Option<String>,
    source: CookieSource,
    set_by: String,
}

/// One response's raw facts: arrival sequence, status, Set-Cookie headers.
type RawResponse = (u64, Option<u16>, Vec<String>);

/// Everything the event stream told about one site.
struct SiteLog {
    rows: Vec<Row>,
    /// Row indices of each request id's hops, in order.
    hops: HashMap<String, Vec<usize>>,
    /// Set-Cookie headers of each request id's responses, hop by hop (with the arrival sequence).
    set_cookies: HashMap<String, Vec<RawResponse>>,
    inflight: HashSet<String>,
    last_net: Instant,
    seq: u64,
    main_session: String,
    main_frame: String,
    loaded: bool,
    crashed: Option<String>,
    /// Page being audited (`page_url` of new rows) and its order key.
    page_url: String,
    page_no: u32,
    /// Initiator of the next main-frame document (empty for the landing page).
    nav_initiator: String,
    script_cookies: Vec<(u64, String, String, String)>,
    cookie_store: Vec<(u64, String, String, String)>,
    storage_writes: Vec<(String, String, String, String)>,
    attached: Vec<(String, String)>,
    skipped: usize,
    /// Image URLs assigned to `img.src` by a script, with the script.
    img_srcs: HashMap<String, String>,
}

impl SiteLog {
    fn new() -> SiteLog {
        SiteLog {
            rows: Vec::new(),
            hops: HashMap::new(),
            set_cookies: HashMap::new(),
            inflight: HashSet::new(),
            last_net: Instant::now(),
            seq: 0,
            main_session: String::new(),
            main_frame: String::new(),
            loaded: false,
            crashed: None,
            page_url: String::new(),
            page_no: 1,
            nav_initiator: String::new(),
            script_cookies: Vec::new(),
            cookie_store: Vec::new(),
            storage_writes: Vec::new(),
            attached: Vec::new(),
            skipped: 0,
            img_srcs: HashMap::new(),
        }
    }

    fn current(&self, id: &str) -> Option<usize> {
        self.hops.get(id).and_then(|h| h.last().copied())
    }

    fn handle(&mut self, ev: Event) {
        self.seq += 1;
        let p = &ev.params;
        let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or_default();
        let main = ev.session.as_deref() == Some(self.main_session.as_str());
        if ev.method.starts_with("Network.") {
            self.last_net = Instant::now();
        }
        match ev.method.as_str() {
            "Network.requestWillBeSent" => self.on_request(p),
            "Network.responseReceived" => {
                if let Some(i) = self.current(s("requestId")) {
                    let r = &p["response"];
                    let row = &mut self.rows[i];
                    row.req.status = r.get("status").and_then(Value::as_u64).map(|v| v as u16);
                    row.req.content_type = r
                        .get("mimeType")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    if row.net_type.is_empty() {
                        row.net_type = s("type").to_string();
                    }
                }
            }
            "Network.responseReceivedExtraInfo" => {
                let cookies: Vec<String> = p
                    .get("headers")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
                    .filter_map(|(_, v)| v.as_str())
                    .flat_map(|v| v.split('\n'))
                    .map(str::to_string)
                    .take(200)
                    .collect();
                let seq = self.seq;
                let status = p
                    .get("statusCode")
                    .and_then(Value::as_u64)
                    .map(|v| v as u16);
                self.set_cookies
                    .entry(s("requestId").to_string())
                    .or_default()
                    .push((seq, status, cookies));
            }
            "Network.loadingFinished" => {
                let id = s("requestId").to_string();
                self.inflight.remove(&id);
                if let Some(i) = self.current(&id) {
                    self.rows[i].encoded = p
                        .get("encodedDataLength")
                        .and_then(Value::as_f64)
                        .unwrap_or(0.0) as u64;
                    self.rows[i].req.size = self.rows[i].encoded;
                }
            }
            "Network.loadingFailed" => {
                let id = s("requestId").to_string();
                self.inflight.remove(&id);
                if let Some(i) = self.current(&id) {
                    let mut e = s("errorText").to_string();
                    if let Some(b) = p.get("blockedReason").and_then(Value::as_str) {
                        e = format!("{e} (blocked: {b})");
                    }
                    if p.get("canceled").and_then(Value::as_bool) == Some(true) {
                        e = format!("{e} (canceled)");
                    }
                    self.rows[i].req.error = bounded(e.trim(), 300);
                }
            }
            "Network.webSocketCreated" => {
                let url = s("url").to_string();
                let init = initiator_of(&p["initiator"], &self.page_url);
                self.push_row(
                    s("requestId"),
                    &url,
                    "GET",
                    "WebSocket",
                    ResourceType::Websocket,
                    init,
                    String::new(),
                    p["initiator"]["type"].as_str() == Some("script"),
                );
            }
            "Network.webSocketHandshakeResponseReceived" => {
                if let Some(i) = self.current(s("requestId")) {
                    self.rows[i].req.status = p["response"]
                        .get("status")
                        .and_then(Value::as_u64)
                        .map(|v| v as u16);
                }
            }
            "Page.loadEventFired" if main => self.loaded = true,
            "Inspector.targetCrashed" if main => {
                self.crashed = Some("the page's renderer crashed".into())
            }
            "Inspector.detached" if main => {
                self.crashed = Some(format!("the page was detached: {}", s("reason")))
            }
            "Runtime.bindingCalled" if s("name") == BINDING => self.on_report(s("payload")),
            "Target.attachedToTarget" => {
                let kind = p["targetInfo"]["type"].as_str().unwrap_or_default();
                self.attached
                    .push((s("sessionId").to_string(), kind.to_string()));
            }
            _ => {}
        }
    }

    fn on_request(&mut self, p: &Value) {
        let id = p["requestId"].as_str().unwrap_or_default().to_string();
        let url = p["request"]["url"].as_str().unwrap_or_default().to_string();
        let method = p["request"]["method"].as_str().unwrap_or("GET").to_string();
        let net_type = p["type"].as_str().unwrap_or_default().to_string();
        let frame = p["frameId"].as_str().unwrap_or_default();
        let doc_url = p["documentURL"].as_str().unwrap_or_default();
        let mut redirect_from = String::new();
        let mut inherited: Option<(ResourceType, String, bool)> = None;
        if let Some(rr) = p.get("redirectResponse") {
            if let Some(i) = self.current(&id) {
                let row = &mut self.rows[i];
                row.req.status = rr.get("status").and_then(Value::as_u64).map(|v| v as u16);
                row.req.content_type = rr
                    .get("mimeType")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                redirect_from = row.req.url.clone();
                inherited = row
                    .req
                    .resource_type
                    .map(|k| (k, row.req.initiator.clone(), row.by_script));
            }
        }
        if !is_web_url(&url) {
            return;
        }
        // Beacons, event streams and sockets may never report an end; they do
        // not hold up network idleness.
        if !matches!(net_type.as_str(), "Ping" | "EventSource" | "WebSocket") {
            self.inflight.insert(id.clone());
        }
        let (kind, initiator, by_script) = match inherited {
            Some(k) => k,
            None => {
                let init_type = p["initiator"]["type"].as_str().unwrap_or_default();
                let main_doc = net_type == "Document" && frame == self.main_frame;
                let kind = resource_type(&net_type, main_doc, init_type);
                let initiator = if main_doc {
                    self.nav_initiator.clone()
                } else {
                    initiator_of(&p["initiator"], doc_url)
                };
                (kind, initiator, p["initiator"].get("stack").is_some())
            }
        };
        self.push_row(
            &id,
            &url,
            &method,
            &net_type,
            kind,
            initiator,
            redirect_from,
            by_script,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn push_row(
        &mut self,
        id: &str,
        url: &str,
        method: &str,
        net_type: &str,
        kind: ResourceType,
        initiator: String,
        redirect_from: String,
        by_script: bool,
    ) {
        if self.rows.len() >= MAX_SITE_REQUESTS {
            self.skipped += 1;
            return;
        }
        let domain = Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        let idx = self.rows.len();
        self.rows.push(Row {
            req: Request {
                page_url: self.page_url.clone(),
                url: bounded(url, 8192),
                method: method.to_string(),
                resource_type: Some(kind),
                domain,
                initiator: bounded(&initiator, 8192),
                redirect_from,
                beacon: matches!(kind, ResourceType::Beacon | ResourceType::Ping),
                order: vec![self.page_no, self.seq.min(u64::from(u32::MAX)) as u32],
                ..Request::default()
            },
            request_id: id.to_string(),
            net_type: net_type.to_string(),
            encoded: 0,
            by_script,
        });
        self.hops.entry(id.to_string()).or_default().push(idx);
    }

    /// A report from the hook script.
    fn on_report(&mut self, payload: &str) {
        let Ok(v) = serde_json::from_str::<Value>(payload) else {
            return;
        };
        let s = |k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let seq = self.seq;
        match s("k").as_str() {
            "cookie" if self.script_cookies.len() < 5000 => {
                self.script_cookies.push((seq, s("v"), s("by"), s("href")))
            }
            "cookiestore" if self.cookie_store.len() < 5000 => {
                self.cookie_store
                    .push((seq, s("name"), s("domain"), s("by")))
            }
            "img" if self.img_srcs.len() < 5000 => {
                self.img_srcs.entry(s("url")).or_insert_with(|| s("by"));
            }
            "storage" if self.storage_writes.len() < 5000 => {
                let origin = Url::parse(&s("href"))
                    .map(|u| u.origin().ascii_serialization())
                    .unwrap_or_default();
                self.storage_writes
                    .push((origin, s("kind"), s("key"), s("by")))
            }
            _ => {}
        }
    }

    /// Last touches once the page is done: statuses known only from the raw
    /// response (CORS-blocked answers), and the script behind `img.src`
    /// assignments (the image loads later, without a JavaScript stack).
    fn finish(&mut self) {
        for (id, responses) in &self.set_cookies {
            let Some(hops) = self.hops.get(id) else {
                continue;
            };
            for (k, (_, status, _)) in responses.iter().enumerate() {
                if let Some(&i) = hops.get(k) {
                    if self.rows[i].req.status.is_none() {
                        self.rows[i].req.status = *status;
                    }
                }
            }
        }
        for hops in self.hops.values() {
            let Some(&first) = hops.first() else { continue };
            let row = &self.rows[first];
            if row.by_script || row.req.resource_type != Some(ResourceType::Image) {
                continue;
            }
            let Some(by) = self.img_srcs.get(&row.req.url).cloned() else {
                continue;
            };
            for &i in hops {
                self.rows[i].req.initiator = by.clone();
            }
        }
    }

    /// Whether the network has been idle long enough.
    fn idle(&self, quiet: Duration) -> bool {
        let since = self.last_net.elapsed();
        (self.inflight.is_empty() && since >= quiet) || since >= IDLE_SILENT
    }
}

/// Only web requests become rows (not `data:`, `blob:`, `chrome:` ...).
fn is_web_url(url: &str) -> bool {
    ["http://", "https://", "ws://", "wss://"]
        .iter()
        .any(|p| url.len() > p.len() && url[..p.len()].eq_ignore_ascii_case(p))
}

/// Maps DevTools' `Network.ResourceType` to the contract's `resource_type`.
/// `Ping` is `navigator.sendBeacon` when a script sent it (`beacon`), else a
/// hyperlink-auditing `<a ping>` (`ping`).
fn resource_type(net: &str, main_doc: bool, initiator_type: &str) -> ResourceType {
    match net {
        "Document" if main_doc => ResourceType::Document,
        "Document" => ResourceType::Iframe,
        "Stylesheet" => ResourceType::Stylesheet,
        "Image" => ResourceType::Image,
        "Media" => ResourceType::Media,
        "Font" => ResourceType::Font,
        "Script" => ResourceType::Script,
        "XHR" => ResourceType::Xhr,
        "Fetch" => ResourceType::Fetch,
        "EventSource" => ResourceType::Xhr,
        "WebSocket" => ResourceType::Websocket,
        "Ping" if initiator_type == "script" => ResourceType::Beacon,
        "Ping" => ResourceType::Ping,
        _ => ResourceType::Other,
    }
}

/// The script (first URL on the initiator's stack, or a parent stack's) or
/// document that caused a request.
fn initiator_of(init: &Value, document_url: &str) -> String {
    let mut stack = init.get("stack");
    let mut depth = 0;
    while let Some(st) = stack {
        if let Some(frames) = st.get("callFrames").and_then(Value::as_array) {
            if let Some(u) = frames
                .iter()
                .filter_map(|f| f.get("url").and_then(Value::as_str))
                .find(|u| !u.is_empty() && !u.contains("trackaudit-hook.js"))
            {
                return u.to_string();
            }
        }
        depth += 1;
        if depth > 20 {
            break;
        }
        stack = st.get("parent");
    }
    match init.get("url").and_then(Value::as_str) {
        Some(u) if !u.is_empty() => u.to_string(),
        _ => document_url.to_string(),
    }
}

/// A failed page: the site status and a message.
struct Failure {
    status: SiteStatus,
    message: String,
}

/// Maps a Chromium `net::ERR_*` navigation error to a site status.
fn net_error_status(text: &str) -> SiteStatus {
    let e = text.trim().trim_start_matches("net::");
    match e {
        "ERR_NAME_NOT_RESOLVED" | "ERR_NAME_RESOLUTION_FAILED" | "ERR_DNS_TIMED_OUT" => {
            SiteStatus::DnsError
        }
        "ERR_TIMED_OUT" | "ERR_CONNECTION_TIMED_OUT" => SiteStatus::Timeout,
        "ERR_TOO_MANY_REDIRECTS" => SiteStatus::RedirectLoop,
        "ERR_HTTP_RESPONSE_CODE_FAILURE" => SiteStatus::HttpError,
        "ERR_INVALID_URL" | "ERR_DISALLOWED_URL_SCHEME" | "ERR_UNKNOWN_URL_SCHEME" => {
            SiteStatus::InvalidUrl
        }
        "ERR_CONNECTION_REFUSED"
        | "ERR_CONNECTION_RESET"
        | "ERR_CONNECTION_CLOSED"
        | "ERR_CONNECTION_FAILED"
        | "ERR_CONNECTION_ABORTED"
        | "ERR_ADDRESS_UNREACHABLE"
        | "ERR_ADDRESS_INVALID"
        | "ERR_INTERNET_DISCONNECTED"
        | "ERR_NETWORK_CHANGED"
        | "ERR_PROXY_CONNECTION_FAILED"
        | "ERR_TUNNEL_CONNECTION_FAILED" => SiteStatus::ConnectError,
        e if e.starts_with("ERR_CERT")
            || e.starts_with("ERR_SSL")
            || e.contains("TLS")
            || e == "ERR_BAD_SSL_CLIENT_AUTH_CERT" =>
        {
            SiteStatus::TlsError
        }
        _ => SiteStatus::Error,
    }
}

/// One site's visit in progress.
struct SiteRun<'a> {
    engine: &'a BrowserEngine,
    cdp: Arc<Cdp>,
    context: String,
    session: String,
    log: Arc<Mutex<SiteLog>>,
    /// Page activity stops here ...
    page_deadline: Instant,
    /// ... and collection here (the site budget).
    hard_deadline: Instant,
    abort: watch::Receiver<bool>,
    now: OffsetDateTime,
    collector: Option<tokio::task::JoinHandle<()>>,
}

impl SiteRun<'_> {
    fn cfg(&self) -> &CrawlConfig {
        &self.engine.cfg
    }

    fn aborted(&self) -> bool {
        *self.abort.borrow()
    }

    /// Time allowed for the next page step: the per-request timeout, within the page deadline.
    fn step(&self) -> Duration {
        self.cfg()
            .timeout
            .min(self.page_deadline.saturating_duration_since(Instant::now()))
    }

    /// Time allowed for a collection command.
    fn collect_step(&self) -> Duration {
        self.cfg()
            .timeout
            .min(Duration::from_secs(5))
            .min(self.hard_deadline.saturating_duration_since(Instant::now()))
            .max(Duration::from_millis(200))
    }

    async fn call(&self, method: &str, params: Value, t: Duration) -> Result<Value, CdpError> {
        self.cdp.call(Some(&self.session), method, params, t).await
    }

    /// Opens the context and page, visits the landing page (and more pages),
    /// fills `out`; returns the storage keys.
    async fn go(&mut self, target: &Target, out: &mut SiteOutcome) -> Vec<StorageItem> {
        if let Err(e) = self.open().await {
            out.status = SiteStatus::Error;
            out.error = format!("browser: {e}");
            return Vec::new();
        }
        let mut visit = Visit::default();
        let mut landing_url = target.url.clone();
        let mut result = self.navigate(&landing_url, 1, String::new()).await;
        let fallback = matches!(&result, Err(f) if matches!(f.status, SiteStatus::ConnectError | SiteStatus::TlsError));
        if target.bare && target.url.scheme() == "https" && fallback {
            let reason = result
                .as_ref()
                .err()
                .map(|f| f.message.clone())
                .unwrap_or_default();
            visit
                .errors
                .push(format!("https failed ({reason}); crawled over http"));
            let mut http = target.url.clone();
            let _ = http.set_scheme("http");
            landing_url = http;
            result = self.navigate(&landing_url, 1, String::new()).await;
        }
        let mut landing: Option<PageInfo> = None;
        match result {
            Err(f) => {
                out.status = f.status;
                out.error = f.message;
            }
            Ok(info) => landing = Some(info),
        }
        let mut pixels: HashSet<String> = HashSet::new();
        let mut final_url = landing_url.clone();
        if let Some(info) = landing {
            final_url = Url::parse(&info.href).unwrap_or_else(|_| landing_url.clone());
            let parsed = super::html::parse(&info.html, &final_url, self.cfg().max_subresources);
            pixels.extend(
                parsed
                    .subs
                    .iter()
                    .filter(|s| s.declared_pixel)
                    .map(|s| s.url.to_string()),
            );
            visit.pages.push(Page {
                url: landing_url.to_string(),
                final_url: final_url.to_string(),
                status: info.status,
                title: if info.title.is_empty() {
                    parsed.title.clone()
                } else {
                    super::html::collapse(&info.title, 300)
                },
                charset: info.charset.clone(),
            });
            let candidates = super::http::pick_pages(
                &parsed.links,
                &final_url,
                self.cfg().pages.saturating_sub(1),
            );
            visit.links.extend(parsed.links);
            for (i, link) in candidates.into_iter().enumerate() {
                if self.aborted() || Instant::now() >= self.page_deadline || self.cdp.is_closed() {
                    break;
                }
                match self
                    .navigate(&link, 2 + i as u32, final_url.to_string())
                    .await
                {
                    Err(f) => visit.errors.push(format!("page {link}: {}", f.message)),
                    Ok(info) => {
                        let page_final = Url::parse(&info.href).unwrap_or_else(|_| link.clone());
                        let parsed = super::html::parse(
                            &info.html,
                            &page_final,
                            self.cfg().max_subresources,
                        );
                        pixels.extend(
                            parsed
                                .subs
                                .iter()
                                .filter(|s| s.declared_pixel)
                                .map(|s| s.url.to_string()),
                        );
                        visit.pages.push(Page {
                            url: link.to_string(),
                            final_url: page_final.to_string(),
                            status: info.status,
                            title: if info.title.is_empty() {
                                parsed.title.clone()
                            } else {
                                super::html::collapse(&info.title, 300)
                            },
                            charset: info.charset,
                        });
                        visit.links.extend(parsed.links);
                    }
                }
            }
            if self.aborted() {
                visit
                    .errors
                    .push("interrupted: crawl stopped before this site finished".into());
            } else if Instant::now() >= self.page_deadline {
                visit.errors.push(format!(
                    "site budget of {}s ran out; the page was not left to finish",
                    self.cfg().site_budget.as_secs()
                ));
            }
        }
        out.final_url = final_url.to_string();
        let site_domain = registrable_domain(final_url.host_str().unwrap_or_default());
        // Collection: what the context kept, even when the page failed.
        let storage = self.collect_storage(&site_domain).await;
        let cookies = self.collect_cookies(&site_domain, &mut visit.errors).await;
        self.probe_pixels(&mut pixels).await;
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = &log.crashed {
            if out.status == SiteStatus::Ok {
                out.status = SiteStatus::Error;
                out.error = c.clone();
            } else {
                visit.errors.push(c.clone());
            }
        }
        if log.skipped > 0 {
            visit.errors.push(format!(
                "more than {MAX_SITE_REQUESTS} requests; {} not recorded",
                log.skipped
            ));
        }
        // Beacons: a pixel anywhere in a chain makes every hop a beacon.
        let beacon_ids: HashSet<String> = log
            .rows
            .iter()
            .filter(|r| {
                r.req.beacon
                    || (r.req.resource_type == Some(ResourceType::Image)
                        && pixels.contains(&r.req.url))
            })
            .map(|r| r.request_id.clone())
            .collect();
        log.finish();
        let rows = std::mem::take(&mut log.rows);
        drop(log);
        visit.requests = rows
            .into_iter()
            .map(|mut r| {
                r.req.beacon |= beacon_ids.contains(&r.request_id);
                r.req.party = Some(party_of(&r.req.domain, &site_domain));
                r.req.content_type = r
                    .req
                    .content_type
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                r.req
            })
            .collect();
        visit.requests.sort_by(|a, b| a.order.cmp(&b.order));
        visit.cookies = cookies;
        out.visit = visit;
        storage
    }

    /// Creates the browser context and its page, attaches, subscribes to
    /// events and prepares the session (hook script, headers, domains).
    async fn open(&mut self) -> Result<(), CdpError> {
        let t = self.collect_step();
        let ctx = self
            .cdp
            .call(
                None,
                "Target.createBrowserContext",
                json!({ "disposeOnDetach": true }),
                t,
            )
            .await?;
        self.context = ctx["browserContextId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let tgt = self
            .cdp
            .call(
                None,
                "Target.createTarget",
                json!({ "url": "about:blank", "browserContextId": self.context }),
                t,
            )
            .await?;
        let target_id = tgt["targetId"].as_str().unwrap_or_default().to_string();
        let att = self
            .cdp
            .call(
                None,
                "Target.attachToTarget",
                json!({ "targetId": target_id, "flatten": true }),
                t,
            )
            .await?;
        self.session = att["sessionId"].as_str().unwrap_or_default().to_string();
        {
            let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
            log.main_session = self.session.clone();
            log.main_frame = target_id;
        }
        let (mut rx, dropped) = self.cdp.subscribe(&self.session);
        let log = self.log.clone();
        let cdp = self.cdp.clone();
        let setup = self.engine.setup.clone();
        let step = t;
        self.collector = Some(tokio::spawn(async move {
            while let Some(ev) = rx.recv().await {
                let attached = {
                    let mut l = log.lock().unwrap_or_else(|p| p.into_inner());
                    l.handle(ev);
                    std::mem::take(&mut l.attached)
                };
                for (session, kind) in attached {
                    let (cdp, setup) = (cdp.clone(), setup.clone());
                    tokio::spawn(async move {
                        prepare(&cdp, &session, &setup, kind == "iframe", step).await;
                        let _ = cdp
                            .call(
                                Some(&session),
                                "Runtime.runIfWaitingForDebugger",
                                json!({}),
                                step,
                            )
                            .await;
                    });
                }
            }
            let n = dropped.load(Ordering::Relaxed);
            if n > 0 {
                let mut l = log.lock().unwrap_or_else(|p| p.into_inner());
                l.crashed.get_or_insert(format!(
                    "{n} browser events were dropped (event buffer full)"
                ));
            }
        }));
        prepare(&self.cdp, &self.session, &self.engine.setup, true, t).await;
        self.call("Page.enable", json!({}), t).await?;
        let _ = self
            .call(
                "Target.setAutoAttach",
                json!({ "autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true }),
                t,
            )
            .await;
        Ok(())
    }

    /// Navigates the page to `url` and lets it settle: load event, network
    /// idle, a scroll, idle again, the configured extra wait.
    async fn navigate(
        &mut self,
        url: &Url,
        page_no: u32,
        initiator: String,
    ) -> Result<PageInfo, Failure> {
        {
            let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
            log.page_no = page_no;
            log.page_url = url.to_string();
            log.nav_initiator = initiator;
            log.loaded = false;
        }
        if self.aborted() {
            return Err(Failure {
                status: SiteStatus::Error,
                message: "interrupted: the crawl was stopped".into(),
            });
        }
        let t = self.step();
        if t.is_zero() {
            return Err(Failure {
                status: SiteStatus::Timeout,
                message: "site budget exhausted".into(),
            });
        }
        let mut abort = self.abort.clone();
        let nav = tokio::select! {
            r = self.call("Page.navigate", json!({ "url": url.as_str() }), t) => r,
            _ = async {
                // A dropped sender means no abort can come.
                if abort.wait_for(|v| *v).await.is_err() {
                    std::future::pending::<()>().await;
                }
            } => {
                return Err(Failure { status: SiteStatus::Error, message: "interrupted: the crawl was stopped".into() });
            }
        };
        let nav = match nav {
            Ok(v) => v,
            Err(CdpError::Timeout(_)) => {
                let _ = self
                    .call("Page.stopLoading", json!({}), Duration::from_secs(2))
                    .await;
                return Err(Failure {
                    status: SiteStatus::Timeout,
                    message: format!("no response within {:.0}s", t.as_secs_f64()),
                });
            }
            Err(e) => {
                return Err(Failure {
                    status: SiteStatus::Error,
                    message: e.to_string(),
                })
            }
        };
        let loader = nav["loaderId"].as_str().unwrap_or_default().to_string();
        let error_text = nav["errorText"].as_str().unwrap_or_default().to_string();
        // The document chain: status and content type of its last hop.
        let (status, content_type, chain_len) = {
            let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
            match log.hops.get(&loader) {
                Some(h) => {
                    let last = &log.rows[*h.last().unwrap_or(&0)].req;
                    (last.status, last.content_type.to_ascii_lowercase(), h.len())
                }
                None => (None, String::new(), 0),
            }
        };
        if !error_text.is_empty() {
            let mut st = net_error_status(&error_text);
            if status.is_some_and(|s| s >= 400) {
                st = SiteStatus::HttpError;
            } else if error_text.contains("ERR_ABORTED")
                && !content_type.is_empty()
                && !is_html(&content_type)
            {
                st = SiteStatus::NotHtml;
            }
            let message = match st {
                SiteStatus::HttpError => format!("HTTP {}", status.unwrap_or(0)),
                SiteStatus::NotHtml => format!("content type {content_type:?} is not HTML"),
                SiteStatus::RedirectLoop => format!("{error_text} after {chain_len} hops"),
                _ => error_text.clone(),
            };
            return Err(Failure {
                status: st,
                message,
            });
        }
        if let Some(s) = status.filter(|s| *s >= 400) {
            self.settle().await;
            return Err(Failure {
                status: SiteStatus::HttpError,
                message: format!("HTTP {s}"),
            });
        }
        if !content_type.is_empty() && !is_html(&content_type) {
            return Err(Failure {
                status: SiteStatus::NotHtml,
                message: format!("content type {content_type:?} is not HTML"),
            });
        }
        self.settle().await;
        if let Some(c) = self
            .log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .crashed
            .clone()
        {
            return Err(Failure {
                status: SiteStatus::Error,
                message: c,
            });
        }
        if self.cdp.is_closed() {
            return Err(Failure {
                status: SiteStatus::Error,
                message: "the browser exited or crashed during the visit".into(),
            });
        }
        let js = PAGE_JS.replace("MAXLEN", &self.cfg().max_body.to_string());
        let v = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": js, "returnByValue": true }),
                self.collect_step(),
            )
            .await
            .map_err(|e| Failure {
                status: SiteStatus::Error,
                message: format!("reading the page: {e}"),
            })?;
        let v = &v["result"]["value"];
        let s = |k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        Ok(PageInfo {
            html: s("html"),
            title: s("title"),
            charset: s("charset"),
            href: s("href"),
            status,
        })
    }

    /// Waits for the load event and network idle, scrolls, waits again, then
    /// the configured extra time; all within the page deadline.
    async fn settle(&self) {
        let t = self.step();
        self.wait_until(t, |l| l.loaded).await;
        self.wait_until(self.step(), |l| l.idle(IDLE_QUIET)).await;
        if self.cdp.is_closed() || self.aborted() {
            return;
        }
        let _ = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": "window.scrollTo(0, document.body ? document.body.scrollHeight : 0); 0" }),
                self.collect_step(),
            )
            .await;
        // Give the scroll a moment to trigger lazy loads before judging idleness.
        tokio::time::sleep(Duration::from_millis(100).min(self.step())).await;
        self.wait_until(self.step(), |l| l.idle(Duration::from_millis(300)))
            .await;
        let extra = self.cfg().wait.min(self.step());
        if !extra.is_zero() {
            self.wait_until(extra, |_| false).await;
        }
    }

    /// Polls the log until `done`, `limit` passes, the crawl aborts or the page/browser dies.
    async fn wait_until(&self, limit: Duration, done: impl Fn(&SiteLog) -> bool) {
        let until = Instant::now() + limit;
        loop {
            {
                let l = self.log.lock().unwrap_or_else(|p| p.into_inner());
                if done(&l) || l.crashed.is_some() {
                    return;
                }
            }
            if Instant::now() >= until || self.aborted() || self.cdp.is_closed() {
                return;
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Every frame's local and session storage keys.
    async fn collect_storage(&self, site_domain: &str) -> Vec<StorageItem> {
        if self.cdp.is_closed() || self.session.is_empty() {
            return Vec::new();
        }
        let Ok(tree) = self
            .call("Page.getFrameTree", json!({}), self.collect_step())
            .await
        else {
            return Vec::new();
        };
        let mut frames = Vec::new();
        let mut stack = vec![&tree["frameTree"]];
        while let Some(node) = stack.pop() {
            if frames.len() >= MAX_FRAMES {
                break;
            }
            if let Some(id) = node["frame"]["id"].as_str() {
                frames.push(id.to_string());
            }
            if let Some(children) = node["childFrames"].as_array() {
                stack.extend(children.iter());
            }
        }
        let writes = self
            .log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .storage_writes
            .clone();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for frame in frames {
            if Instant::now() >= self.hard_deadline {
                break;
            }
            let Ok(w) = self
                .call(
                    "Page.createIsolatedWorld",
                    json!({ "frameId": frame, "worldName": "trackaudit" }),
                    self.collect_step(),
                )
                .await
            else {
                continue;
            };
            let Some(ctx) = w["executionContextId"].as_i64() else {
                continue;
            };
            let Ok(r) = self
                .call(
                    "Runtime.evaluate",
                    json!({ "expression": STORAGE_JS, "contextId": ctx, "returnByValue": true }),
                    self.collect_step(),
                )
                .await
            else {
                continue;
            };
            let v = &r["result"]["value"];
            let origin = v["origin"].as_str().unwrap_or_default().to_string();
            if origin.is_empty() || origin == "null" {
                continue;
            }
            let host = Url::parse(&origin)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_default();
            for item in v["items"].as_array().into_iter().flatten() {
                let kind = item[0].as_str().unwrap_or_default().to_string();
                let key = item[1].as_str().unwrap_or_default().to_string();
                if !seen.insert((origin.clone(), kind.clone(), key.clone())) {
                    continue;
                }
                let set_by = writes
                    .iter()
                    .rev()
                    .find(|(o, k, name, _)| {
                        *o == origin && (k.is_empty() || *k == kind) && *name == key
                    })
                    .map(|w| w.3.clone())
                    .unwrap_or_default();
                out.push(StorageItem {
                    origin: origin.clone(),
                    kind,
                    key,
                    value_length: item[2].as_u64().unwrap_or(0) as usize,
                    party: Some(party_of(&host, site_domain)),
                    set_by,
                });
            }
        }
        out
    }

    /// The context's cookie store, each cookie attributed to the last
    /// Set-Cookie header or script write that matches its name and domain.
    async fn collect_cookies(&self, site_domain: &str, errors: &mut Vec<String>) -> Vec<Cookie> {
        if self.cdp.is_closed() || self.context.is_empty() {
            return Vec::new();
        }
        let got = self
            .cdp
            .call(
                None,
                "Storage.getCookies",
                json!({ "browserContextId": self.context }),
                self.collect_step(),
            )
            .await;
        let list = match got {
            Ok(v) => v["cookies"].as_array().cloned().unwrap_or_default(),
            Err(e) => {
                errors.push(format!("reading cookies: {e}"));
                return Vec::new();
            }
        };
        let writes = self.cookie_writes(site_domain);
        let mut out = Vec::new();
        for c in list.iter().take(3000) {
            let s = |k: &str| {
                c.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let (name, domain) = (s("name"), s("domain"));
            let bare = domain.trim_start_matches('.').to_string();
            let writer = writes
                .iter()
                .filter(|w| {
                    w.name == name
                        && match &w.domain {
                            Some(d) => *d == domain,
                            None => true,
                        }
                })
                .max_by_key(|w| (w.domain.is_some(), w.seq));
            let session = c.get("session").and_then(Value::as_bool).unwrap_or(false);
            let expires_at = c
                .get("expires")
                .and_then(Value::as_f64)
                .filter(|e| !session && *e > 0.0)
                .and_then(|e| OffsetDateTime::from_unix_timestamp(e as i64).ok());
            let lifetime_days = expires_at.map(|e| {
                let days = (e - self.now).as_seconds_f64() / 86_400.0;
                (days.max(0.0) * 10.0).round() / 10.0
            });
            let mut note = String::new();
            if c.get("partitionKey").is_some_and(|k| !k.is_null()) {
                note = "partitioned (CHIPS)".into();
            }
            out.push(Cookie {
                name: bounded(&name, 256),
                value_length: s("value").len(),
                domain: domain.clone(),
                path: bounded(&s("path"), 256),
                party: Some(party_of(&bare, site_domain)),
                source: writer.map_or(CookieSource::Script, |w| w.source),
                set_by: writer.map(|w| w.set_by.clone()).unwrap_or_default(),
                expires: expires_at.map(crate::run::rfc3339).unwrap_or_default(),
                lifetime_days,
                secure: c.get("secure").and_then(Value::as_bool).unwrap_or(false),
                http_only: c.get("httpOnly").and_then(Value::as_bool).unwrap_or(false),
                same_site: s("sameSite"),
                company: String::new(),
                purpose: None,
                note,
            });
        }
        out
    }

    /// Every cookie write seen: Set-Cookie headers (paired with their hop's
    /// URL) and script writes (`document.cookie`, `cookieStore.set`).
    fn cookie_writes(&self, site_domain: &str) -> Vec<CookieWrite> {
        let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        let mut jar = Jar::default();
        let mut out = Vec::new();
        let mut parse = |raw: &str, url: &Url| match jar.set(raw, url, site_domain, self.now) {
            SetOutcome::Recorded(c) => Some((c.name, c.domain)),
            SetOutcome::Invalid(_) => None,
        };
        for (id, responses) in &log.set_cookies {
            let Some(hops) = log.hops.get(id) else {
                continue;
            };
            for (k, (seq, _, raws)) in responses.iter().enumerate() {
                let Some(&row) = hops.get(k).or(hops.last()) else {
                    continue;
                };
                let url_s = &log.rows[row].req.url;
                let Ok(url) = Url::parse(url_s) else { continue };
                for raw in raws {
                    if let Some((name, domain)) = parse(raw, &url) {
                        out.push(CookieWrite {
                            seq: *seq,
                            name,
                            domain: Some(domain),
                            source: CookieSource::Header,
                            set_by: url_s.clone(),
                        });
                    }
                }
            }
        }
        for (seq, raw, by, href) in &log.script_cookies {
            let Ok(url) = Url::parse(href).or_else(|_| Url::parse(&log.page_url)) else {
                continue;
            };
            if let Some((name, domain)) = parse(raw, &url) {
                out.push(CookieWrite {
                    seq: *seq,
                    name,
                    domain: Some(domain),
                    source: CookieSource::Script,
                    set_by: by.clone(),
                });
            }
        }
        for (seq, name, domain, by) in &log.cookie_store {
            out.push(CookieWrite {
                seq: *seq,
                name: name.clone(),
                domain: (!domain.is_empty())
                    .then(|| format!(".{}", domain.trim_start_matches('.'))),
                source: CookieSource::Script,
                set_by: by.clone(),
            });
        }
        out
    }

    /// Reads the bodies of small images and adds the ones that decode as
    /// tracking pixels (≤ 2×2) to `pixels`.
    async fn probe_pixels(&self, pixels: &mut HashSet<String>) {
        if self.cdp.is_closed() {
            return;
        }
        let probes: Vec<(String, String)> = {
            let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
            log.rows
                .iter()
                .filter(|r| {
                    r.req.resource_type == Some(ResourceType::Image)
                        && r.req.status.is_some_and(|s| (200..300).contains(&s))
                        && r.encoded <= PIXEL_PROBE_BYTES
                        && !pixels.contains(&r.req.url)
                })
                .take(MAX_PIXEL_PROBES)
                .map(|r| (r.request_id.clone(), r.req.url.clone()))
                .collect()
        };
        for (id, url) in probes {
            if Instant::now() >= self.hard_deadline {
                break;
            }
            let Ok(b) = self
                .call(
                    "Network.getResponseBody",
                    json!({ "requestId": id }),
                    self.collect_step().min(Duration::from_secs(2)),
                )
                .await
            else {
                continue;
            };
            let body = b["body"].as_str().unwrap_or_default();
            let bytes = if b["base64Encoded"].as_bool() == Some(true) {
                base64_decode(body).unwrap_or_default()
            } else {
                body.as_bytes().to_vec()
            };
            if image_dimensions(&bytes).is_some_and(is_pixel) {
                pixels.insert(url);
            }
        }
    }

    /// Disposes of the context (closing its page) and stops the event flow.
    async fn close(&mut self) {
        if !self.session.is_empty() {
            self.cdp.unsubscribe(&self.session);
        }
        if !self.context.is_empty() && !self.cdp.is_closed() {
            let _ = self
                .cdp
                .call(
                    None,
                    "Target.disposeBrowserContext",
                    json!({ "browserContextId": self.context }),
                    Duration::from_secs(5),
                )
                .await;
        }
        if let Some(h) = self.collector.take() {
            let _ = tokio::time::timeout(Duration::from_secs(1), h).await;
        }
    }
}

/// What a settled page shows.
struct PageInfo {
    html: String,
    title: String,
    charset: String,
    href: String,
    status: Option<u16>,
}

fn is_html(ct: &str) -> bool {
    ct.contains("html") || ct.contains("xml")
}

/// Prepares a page or frame session before it runs: the hook script, the
/// reporting binding, network events, User-Agent and extra headers. Errors are
/// ignored (workers have no Page domain).
async fn prepare(cdp: &Cdp, session: &str, setup: &SessionSetup, page: bool, t: Duration) {
    let s = Some(session);
    let _ = cdp.call(s, "Runtime.enable", json!({}), t).await;
    let _ = cdp
        .call(s, "Runtime.addBinding", json!({ "name": BINDING }), t)
        .await;
    if page {
        let _ = cdp
            .call(
                s,
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": setup.hook }),
                t,
            )
            .await;
    }
    let _ = cdp
        .call(
            s,
            "Network.enable",
            json!({ "maxTotalBufferSize": 32 * 1024 * 1024, "maxResourceBufferSize": 2 * 1024 * 1024 }),
            t,
        )
        .await;
    let _ = cdp
        .call(
            s,
            "Network.setCookieControls",
            json!({ "enableThirdPartyCookieRestriction": false }),
            t,
        )
        .await;
    let _ = cdp
        .call(
            s,
            "Network.setUserAgentOverride",
            json!({ "userAgent": setup.user_agent }),
            t,
        )
        .await;
    if setup.headers.as_object().is_some_and(|h| !h.is_empty()) {
        let _ = cdp
            .call(
                s,
                "Network.setExtraHTTPHeaders",
                json!({ "headers": setup.headers }),
                t,
            )
            .await;
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
