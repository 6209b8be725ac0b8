//! Chromium DevTools events in, the site's rows out: the page hook scripts, the
//! per-site event log (requests, redirects, cookie writes, storage) and the
//! mappings from DevTools types and errors to the output model.

use super::*;

/// The script injected into every document before its own scripts: reports
/// `document.cookie` writes, `Storage.setItem` and `cookieStore.set` calls
/// with the calling script's URL, with `dnt` sets
/// `navigator.doNotTrack` / `navigator.globalPrivacyControl`, and with
/// `instrument` reports behaviour ([`super::behave`]).
pub(super) fn hook_script(dnt: bool, instrument: bool) -> String {
    HOOK_JS
        .replace("__BINDING__", BINDING)
        .replace("__DNT__", if dnt { "true" } else { "false" })
        .replace("/*__BEHAVE__*/", super::behave::script(instrument))
}

pub(super) const HOOK_JS: &str = r#"(function () {
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
  try {
    // Popups: reported, and opened by the engine in a page of its own (the
    // page gets null, as from a popup blocker).
    if (window.top === window) {
      window.open = function (u) {
        var url = ''; try { url = new URL(String(u === undefined ? '' : u), document.baseURI).href; } catch (e) {}
        send({ k: 'open', url: url.slice(0, 8192), by: caller(), href: here() });
        return null;
      };
    }
  } catch (e) {}
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
/*__BEHAVE__*/
})();
//# sourceURL=trackaudit-hook.js
"#;

/// Reads the page after load: HTML (bounded), title, charset, address.
pub(super) const PAGE_JS: &str = "(() => { const d = document.documentElement; \
return { html: d ? d.outerHTML.slice(0, MAXLEN) : '', title: document.title || '', \
charset: document.characterSet || '', href: String(location.href) }; })()";

/// Lists a frame's storage keys (run in an isolated world of each frame).
pub(super) const STORAGE_JS: &str = "(() => { const out = []; \
for (const [kind, name] of [['local', 'localStorage'], ['session', 'sessionStorage']]) { \
try { const s = window[name]; for (let i = 0; i < s.length && i < 500; i++) { \
const k = s.key(i); const v = s.getItem(k); out.push([kind, String(k).slice(0, 1024), v == null ? 0 : v.length]); } } \
catch (e) {} } \
let origin = ''; try { origin = String(location.origin); } catch (e) {} \
return { origin, items: out }; })()";

/// A popup the engine opened as a page of its own: its requests are rows of
/// that page, not of the opener's.
#[derive(Debug, Clone)]
pub(super) struct PopupPage {
    /// The popup's URL.
    pub(super) url: String,
    /// The script that asked for it.
    pub(super) opener: String,
    /// The popup's main frame (empty for its child frames and workers).
    pub(super) frame: String,
    /// Its page number in the visit.
    pub(super) page_no: u32,
}

/// A request row being built from events.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) req: Request,
    pub(super) request_id: String,
    pub(super) net_type: String,
    pub(super) encoded: u64,
    /// The initiator came from a JavaScript stack.
    pub(super) by_script: bool,
}

/// A cookie write seen on the way: from a Set-Cookie header or a script.
#[derive(Debug, Clone)]
pub(super) struct CookieWrite {
    pub(super) seq: u64,
    pub(super) name: String,
    /// As the browser stores it: `.example.com` for domain cookies, the host otherwise.
    pub(super) domain: Option<String>,
    pub(super) source: CookieSource,
    pub(super) set_by: String,
}

/// Most refused Set-Cookie headers noted per site.
const MAX_REFUSED: usize = 50;

/// One response's raw facts: arrival sequence, status, Set-Cookie headers.
type RawResponse = (u64, Option<u16>, Vec<String>);

/// Everything the event stream told about one site.
pub(super) struct SiteLog {
    pub(super) rows: Vec<Row>,
    /// Row indices of each request id's hops, in order.
    pub(super) hops: HashMap<String, Vec<usize>>,
    /// Set-Cookie headers of each request id's responses, hop by hop (with the arrival sequence).
    pub(super) set_cookies: HashMap<String, Vec<RawResponse>>,
    /// Set-Cookie headers the browser refused: request id, hop (the k-th
    /// response of that id), cookie name, reasons.
    pub(super) refused: Vec<(String, usize, String, String)>,
    pub(super) inflight: HashSet<String>,
    pub(super) last_net: Instant,
    pub(super) seq: u64,
    pub(super) main_session: String,
    pub(super) main_frame: String,
    pub(super) loaded: bool,
    pub(super) crashed: Option<String>,
    /// Page being audited (`page_url` of new rows) and its order key.
    pub(super) page_url: String,
    pub(super) page_no: u32,
    /// Initiator of the next main-frame document (empty for the landing page).
    pub(super) nav_initiator: String,
    pub(super) script_cookies: Vec<(u64, String, String, String)>,
    pub(super) cookie_store: Vec<(u64, String, String, String)>,
    pub(super) storage_writes: Vec<(String, String, String, String)>,
    pub(super) attached: Vec<(String, String)>,
    /// Local and session storage as written, per (origin, kind, key): value
    /// length (`DOMStorage` events; kept when the frame is gone).
    pub(super) dom_storage: HashMap<(String, String, String), usize>,
    /// Popups the page asked for (URL, opener script), at most `MAX_POPUPS` ...
    pub(super) popups: Vec<(String, String)>,
    /// ... and the sessions of the ones opened (and of their frames and workers).
    pub(super) popup_pages: HashMap<String, PopupPage>,
    pub(super) skipped: usize,
    /// Image URLs assigned to `img.src` by a script, with the script.
    pub(super) img_srcs: HashMap<String, String>,
    /// Requests the address guard refused (network id → the refusal).
    pub(super) blocked: HashMap<String, String>,
    /// The consent state of new rows: `none` until the click's marker.
    pub(super) consent: crate::model::ConsentState,
    /// What the page instrumentation reported ([`super::behave`]).
    pub(super) behave: super::behave::Observed,
}

impl SiteLog {
    pub(super) fn new() -> SiteLog {
        SiteLog {
            rows: Vec::new(),
            hops: HashMap::new(),
            set_cookies: HashMap::new(),
            refused: Vec::new(),
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
            dom_storage: HashMap::new(),
            popups: Vec::new(),
            popup_pages: HashMap::new(),
            skipped: 0,
            img_srcs: HashMap::new(),
            blocked: HashMap::new(),
            consent: Default::default(),
            behave: Default::default(),
        }
    }

    /// Notes that the address guard refused request `id` (its row's error).
    pub(super) fn note_blocked(&mut self, id: String, why: String) {
        if self.blocked.len() < MAX_SITE_REQUESTS {
            self.blocked.insert(id, why);
        }
    }

    /// The row of request `id`'s latest hop. `None` too once the rows were
    /// taken for the report (events still arrive until the session closes).
    pub(super) fn current(&mut self, id: &str) -> Option<&mut Row> {
        let i = self.hops.get(id).and_then(|h| h.last().copied())?;
        self.rows.get_mut(i)
    }

    pub(super) fn handle(&mut self, ev: Event) {
        self.seq += 1;
        let p = &ev.params;
        let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or_default();
        let main = ev.session.as_deref() == Some(self.main_session.as_str());
        if ev.method.starts_with("Network.") {
            self.last_net = Instant::now();
        }
        match ev.method.as_str() {
            "Network.requestWillBeSent" => {
                match ev.session.as_deref().and_then(|s| self.popup_pages.get(s)) {
                    Some(page) => self.on_popup_request(page.clone(), p),
                    None => self.on_request(p),
                }
            }
            "Network.responseReceived" => {
                if let Some(row) = self.current(s("requestId")) {
                    set_response(&mut row.req, &p["response"]);
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
                for b in p
                    .get("blockedCookies")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if self.refused.len() >= MAX_REFUSED {
                        break;
                    }
                    let line = b["cookieLine"].as_str().unwrap_or_default();
                    let name = line.split(['=', ';']).next().unwrap_or_default().trim();
                    let reasons: Vec<&str> = b["blockedReasons"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    let hop = self.set_cookies.get(s("requestId")).map_or(0, Vec::len);
                    self.refused.push((
                        s("requestId").to_string(),
                        hop,
                        name.chars().take(100).collect(),
                        reasons.join(", ").chars().take(200).collect(),
                    ));
                }
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
                if let Some(row) = self.current(&id) {
                    row.encoded = p
                        .get("encodedDataLength")
                        .and_then(Value::as_f64)
                        .unwrap_or(0.0) as u64;
                    row.req.size = row.encoded;
                }
            }
            "Network.loadingFailed" => {
                let id = s("requestId").to_string();
                self.inflight.remove(&id);
                let refusal = self.blocked.get(&id).cloned();
                if let Some(row) = self.current(&id) {
                    if let Some(why) = refusal {
                        row.req.error = why;
                        return;
                    }
                    let mut e = s("errorText").to_string();
                    if let Some(b) = p.get("blockedReason").and_then(Value::as_str) {
                        e = format!("{e} (blocked: {b})");
                    }
                    if p.get("canceled").and_then(Value::as_bool) == Some(true) {
                        e = format!("{e} (canceled)");
                    }
                    row.req.error = bounded(e.trim(), 300);
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
                if let Some(row) = self.current(s("requestId")) {
                    row.req.status = p["response"]
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
            m if m.starts_with("DOMStorage.") => self.on_dom_storage(m, p),
            super::consent::MARK => {
                self.consent = s("state").parse().unwrap_or_default();
            }
            "Target.attachedToTarget" => {
                let kind = p["targetInfo"]["type"].as_str().unwrap_or_default();
                // What a popup's frames and workers do is the popup's.
                if let Some(page) = ev.session.as_deref().and_then(|s| self.popup_pages.get(s)) {
                    let page = PopupPage {
                        frame: String::new(),
                        ..page.clone()
                    };
                    self.popup_pages.insert(s("sessionId").to_string(), page);
                }
                self.attached
                    .push((s("sessionId").to_string(), kind.to_string()));
            }
            _ => {}
        }
    }

    /// A request of a popup's session: its own page, its document's
    /// initiator the opener's script.
    fn on_popup_request(&mut self, page: PopupPage, p: &Value) {
        let main = std::mem::replace(&mut self.main_frame, page.frame);
        let url = std::mem::replace(&mut self.page_url, page.url);
        let init = std::mem::replace(&mut self.nav_initiator, page.opener);
        let page_no = std::mem::replace(&mut self.page_no, page.page_no);
        self.on_request(p);
        self.main_frame = main;
        self.page_url = url;
        self.nav_initiator = init;
        self.page_no = page_no;
    }

    pub(super) fn on_request(&mut self, p: &Value) {
        let id = p["requestId"].as_str().unwrap_or_default().to_string();
        let url = p["request"]["url"].as_str().unwrap_or_default().to_string();
        let method = p["request"]["method"].as_str().unwrap_or("GET").to_string();
        let net_type = p["type"].as_str().unwrap_or_default().to_string();
        let frame = p["frameId"].as_str().unwrap_or_default();
        let doc_url = p["documentURL"].as_str().unwrap_or_default();
        let mut redirect_from = String::new();
        let mut inherited: Option<(ResourceType, String, bool)> = None;
        if let Some(rr) = p.get("redirectResponse") {
            if let Some(row) = self.current(&id) {
                set_response(&mut row.req, rr);
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
        self.note_post_data(&id, &p["request"]);
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn push_row(
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
                consent_state: self.consent,
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
    pub(super) fn on_report(&mut self, payload: &str) {
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
            "open" if self.popups.len() < super::collect::MAX_POPUPS && is_web_url(&s("url")) => {
                let url = s("url");
                if url.len() <= 8192 && !self.popups.iter().any(|(u, _)| *u == url) {
                    self.popups.push((url, bounded(&s("by"), 8192)));
                }
            }
            "cookiestore" if self.cookie_store.len() < 5000 => {
                self.cookie_store
                    .push((seq, s("name"), s("domain"), s("by")))
            }
            "img" if self.img_srcs.len() < 5000 => {
                self.img_srcs.entry(s("url")).or_insert_with(|| s("by"));
            }
            "b" => self.behave.report(&v, &self.page_url, self.consent),
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
    pub(super) fn finish(&mut self) {
        for (id, responses) in &self.set_cookies {
            let Some(hops) = self.hops.get(id) else {
                continue;
            };
            for (k, (_, status, _)) in responses.iter().enumerate() {
                if let Some(row) = hops.get(k).and_then(|&i| self.rows.get_mut(i)) {
                    if row.req.status.is_none() {
                        row.req.status = *status;
                    }
                }
            }
        }
        for hops in self.hops.values() {
            let Some(row) = hops.first().and_then(|&i| self.rows.get(i)) else {
                continue;
            };
            if row.by_script || row.req.resource_type != Some(ResourceType::Image) {
                continue;
            }
            let Some(by) = self.img_srcs.get(&row.req.url).cloned() else {
                continue;
            };
            for &i in hops {
                if let Some(row) = self.rows.get_mut(i) {
                    row.req.initiator = by.clone();
                }
            }
        }
    }

    /// Whether the network has been idle long enough.
    pub(super) fn idle(&self, quiet: Duration) -> bool {
        let since = self.last_net.elapsed();
        (self.inflight.is_empty() && since >= quiet) || since >= IDLE_SILENT
    }
}

/// A DevTools `Response`'s status and MIME type onto a request row.
fn set_response(req: &mut Request, r: &Value) {
    req.status = r.get("status").and_then(Value::as_u64).map(|v| v as u16);
    req.content_type = r
        .get("mimeType")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
}

/// Only web requests become rows (not `data:`, `blob:`, `chrome:` ...).
pub(super) fn is_web_url(url: &str) -> bool {
    // Bytes, not `&url[..n]`: a page's URL may have a multi-byte character
    // where the scheme would end.
    ["http://", "https://", "ws://", "wss://"].iter().any(|p| {
        url.len() > p.len()
            && url
                .as_bytes()
                .get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes()))
    })
}

/// Maps DevTools' `Network.ResourceType` to the contract's `resource_type`.
/// `Ping` is `navigator.sendBeacon` when a script sent it (`beacon`), else a
/// hyperlink-auditing `<a ping>` (`ping`).
pub(super) fn resource_type(net: &str, main_doc: bool, initiator_type: &str) -> ResourceType {
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
pub(super) fn initiator_of(init: &Value, document_url: &str) -> String {
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
pub(super) struct Failure {
    pub(super) status: SiteStatus,
    pub(super) message: String,
}

/// Maps a Chromium `net::ERR_*` navigation error to a site status.
pub(super) fn net_error_status(text: &str) -> SiteStatus {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn event(method: &str, params: Value) -> Event {
        Event {
            session: Some("S".into()),
            method: method.into(),
            params,
        }
    }

    /// Events that arrive after the rows were taken for the report (a request
    /// finishing while the session closes) find no row instead of indexing
    /// past the end.
    #[test]
    fn late_events_after_the_rows_were_taken() {
        let mut log = SiteLog::new();
        log.main_session = "S".into();
        let request = |redirect: bool| {
            let mut p = json!({"requestId": "1", "type": "Image", "frameId": "F",
                "documentURL": "http://a.test/", "initiator": {"type": "parser"},
                "request": {"url": "http://t.test/p.gif", "method": "GET"}});
            if redirect {
                p["redirectResponse"] = json!({"status": 302, "mimeType": "text/html"});
            }
            p
        };
        log.handle(event("Network.requestWillBeSent", request(false)));
        assert_eq!(log.rows.len(), 1);
        let taken = std::mem::take(&mut log.rows);
        assert_eq!(taken.len(), 1);
        let response = json!({"requestId": "1", "type": "Image",
            "response": {"status": 200, "mimeType": "image/gif"}});
        log.handle(event("Network.responseReceived", response));
        log.handle(event(
            "Network.webSocketHandshakeResponseReceived",
            json!({"requestId": "1", "response": {"status": 101}}),
        ));
        log.handle(event(
            "Network.responseReceivedExtraInfo",
            json!({"requestId": "1", "statusCode": 200, "headers": {"set-cookie": "a=1"}}),
        ));
        log.handle(event(
            "Network.loadingFinished",
            json!({"requestId": "1", "encodedDataLength": 43}),
        ));
        log.handle(event(
            "Network.loadingFailed",
            json!({"requestId": "1", "errorText": "net::ERR_ABORTED"}),
        ));
        log.handle(event("Network.requestWillBeSent", request(true)));
        log.img_srcs
            .insert("http://t.test/p.gif".into(), "http://t.test/a.js".into());
        log.finish();
        assert_eq!(log.rows.len(), 1, "the redirect hop is a new row");
        assert_eq!(log.rows[0].req.redirect_from, "");
    }

    /// A multi-byte run inserted at every position of each scheme prefix, so
    /// the scheme's end falls inside every byte of every character.
    #[test]
    fn web_urls_with_multibyte_characters_at_every_position() {
        let odd = "é€😀";
        for base in [
            "http://x.example/",
            "HTTPS://x.example/",
            "ws://x.example/",
            "wss://x.example/",
            "h",
            "",
        ] {
            for i in 0..=base.len() {
                let (a, b) = (base.get(..i).unwrap(), base.get(i..).unwrap());
                let url = format!("{a}{odd}{b}");
                let lower = url.to_ascii_lowercase();
                let expected = ["http://", "https://", "ws://", "wss://"]
                    .iter()
                    .any(|p| lower.starts_with(p) && url.len() > p.len());
                assert_eq!(is_web_url(&url), expected, "{url}");
                // Every cut of the string (char-safe or not, as bytes) is fine too.
                for cut in 0..=url.len() {
                    let bytes = url.as_bytes().get(..cut).unwrap();
                    let s = String::from_utf8_lossy(bytes);
                    let _ = is_web_url(&s);
                }
            }
        }
        assert!(is_web_url("http://€.example/"));
        assert!(!is_web_url("http€://x.example/"));
        assert!(!is_web_url("€http://x.example/"));
    }
}
