//! One site in a fresh browser context: navigation, waiting for the network to
//! settle, scrolling, and collecting requests, cookies, storage and the page.

use super::log::*;
use super::*;
use crate::model::ConsentState;

/// One site's visit in progress.
pub(super) struct SiteRun<'a> {
    pub(super) engine: &'a BrowserEngine,
    pub(super) cdp: Arc<Cdp>,
    /// Hook script, user agent and headers for every session of this visit.
    pub(super) setup: Arc<SessionSetup>,
    pub(super) context: String,
    pub(super) session: String,
    pub(super) log: Arc<Mutex<SiteLog>>,
    /// Page activity stops here ...
    pub(super) page_deadline: Instant,
    /// ... and collection here (the site budget).
    pub(super) hard_deadline: Instant,
    pub(super) abort: CancellationToken,
    pub(super) now: OffsetDateTime,
    pub(super) collector: Option<tokio::task::JoinHandle<()>>,
    /// The address guard for this visit's paused requests.
    pub(super) gate: Arc<Gate>,
    /// The consent state to visit in (None: no banner handling at all).
    pub(super) consent: Option<ConsentState>,
    /// The state clicked, once the choice was clicked ...
    pub(super) clicked: Option<ConsentState>,
    /// ... and the cookies (name, domain, path) the context held just before.
    pub(super) pre_click: Option<HashSet<(String, String, String)>>,
    /// The consent search's isolated world in each frame (frame id → context).
    pub(super) worlds: Mutex<HashMap<String, i64>>,
}

impl SiteRun<'_> {
    pub(super) fn cfg(&self) -> &CrawlConfig {
        &self.engine.cfg
    }

    pub(super) fn aborted(&self) -> bool {
        self.abort.is_cancelled()
    }

    /// Time allowed for the next page step: the per-request timeout, within the page deadline.
    pub(super) fn step(&self) -> Duration {
        self.cfg()
            .timeout
            .min(self.page_deadline.saturating_duration_since(Instant::now()))
    }

    /// Time allowed for a collection command.
    pub(super) fn collect_step(&self) -> Duration {
        self.cfg()
            .timeout
            .min(Duration::from_secs(5))
            .min(self.hard_deadline.saturating_duration_since(Instant::now()))
            .max(Duration::from_millis(200))
    }

    pub(super) async fn call(
        &self,
        method: &str,
        params: Value,
        t: Duration,
    ) -> Result<Value, CdpError> {
        self.cdp.call(Some(&self.session), method, params, t).await
    }

    /// Opens the context and page, visits the landing page (and more pages),
    /// fills `out`; returns the storage keys.
    pub(super) async fn go(&mut self, target: &Target, out: &mut SiteOutcome) -> Vec<StorageItem> {
        if let Err(e) = self.open().await {
            out.status = SiteStatus::Error;
            out.error = format!("browser: {e}");
            return Vec::new();
        }
        let mut visit = Visit::default();
        let mut landing_url = target.url.clone();
        // Without consent handling the landing page's first load is the one
        // typed into (the probes then run within its settling).
        let type_first = self.consent.is_none();
        self.type_during_settle(type_first);
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
            self.type_during_settle(type_first);
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
        if let (Some(state), Some(_)) = (self.consent, &landing) {
            visit.consent = Some(self.consent(state).await);
            // After the choice: the landing page anew, in the chosen state.
            if self.clicked.is_some() && !self.aborted() && !self.cdp.is_closed() {
                self.type_during_settle(true);
                match self.navigate(&landing_url, 1, String::new()).await {
                    Ok(info) => landing = Some(info),
                    Err(f) => visit
                        .errors
                        .push(format!("reloading after the consent click: {}", f.message)),
                }
            }
        }
        if landing.is_some() && !self.typed() {
            // Typing probes on the settled landing page, in every state.
            self.type_probes().await;
        }
        if let Some(info) = landing {
            final_url = Url::parse(&info.href).unwrap_or_else(|_| landing_url.clone());
            let parsed = read_page(
                info,
                &landing_url,
                &final_url,
                self.cfg().max_subresources,
                &mut visit,
                &mut pixels,
            )
            .await;
            let candidates = crate::crawl::fetch::pick_pages(
                &parsed,
                &final_url,
                self.cfg().pages.saturating_sub(1),
            );
            visit.links.extend(parsed);
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
                        let links = read_page(
                            info,
                            &link,
                            &page_final,
                            self.cfg().max_subresources,
                            &mut visit,
                            &mut pixels,
                        )
                        .await;
                        visit.links.extend(links);
                    }
                }
            }
            self.visit_popups(&mut visit).await;
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
        visit.behaviours = self.behaviours(&site_domain).await;
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
        // Cookies a tracker tried to set and Chromium refused (e.g. SameSite=None
        // without Secure on http) are not in the store, but are worth knowing.
        for (id, hop, name, reasons) in &log.refused {
            // The k-th raw response of a request id is its k-th hop.
            let host = log
                .hops
                .get(id)
                .and_then(|h| h.get(*hop))
                .and_then(|i| log.rows.get(*i))
                .map(|r| r.req.domain.clone())
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| "an unknown host".into());
            visit.errors.push(format!(
                "cookie {name:?} set by {host} was refused by the browser ({reasons})"
            ));
        }
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
    pub(super) async fn open(&mut self) -> Result<(), CdpError> {
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
        let setup = self.setup.clone();
        let gate = self.gate.clone();
        let step = t;
        self.collector = Some(tokio::spawn(async move {
            while let Some(ev) = rx.recv().await {
                if ev.method == "Fetch.requestPaused" {
                    tokio::spawn(guard::answer_paused(
                        cdp.clone(),
                        gate.clone(),
                        log.clone(),
                        ev.session,
                        ev.params,
                        step,
                    ));
                    continue;
                }
                let attached = {
                    let mut l = log.lock().unwrap_or_else(|p| p.into_inner());
                    l.handle(ev);
                    std::mem::take(&mut l.attached)
                };
                for (session, kind) in attached {
                    let (cdp, setup) = (cdp.clone(), setup.clone());
                    tokio::spawn(async move {
                        prepare(&cdp, &session, &setup, kind == "iframe", true, step).await;
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
        prepare(&self.cdp, &self.session, &self.setup, true, false, t).await;
        self.call("Page.enable", json!({}), t).await?;
        let _ = self
            .call(
                "Target.setAutoAttach",
                json!({ "autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true }),
                t,
            )
            .await;
        // Shared workers belong to no page: attached at browser level and
        // routed here by this visit's context.
        self.cdp.route_context(&self.context, &self.session);
        let shared = json!({ "autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true,
            "filter": [{ "type": "shared_worker" }] });
        let _ = self.cdp.call(None, "Target.setAutoAttach", shared, t).await;
        Ok(())
    }

    /// Navigates the page to `url` and lets it settle: load event, network
    /// idle, a scroll, idle again, the configured extra wait.
    pub(super) async fn navigate(
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
        let nav = tokio::select! {
            r = self.call("Page.navigate", json!({ "url": url.as_str() }), t) => r,
            _ = self.abort.cancelled() => {
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
        let read_chain = || {
            let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
            let hops = log.hops.get(&loader);
            match hops.and_then(|h| h.last()).and_then(|&i| log.rows.get(i)) {
                Some(last) => (
                    last.req.status,
                    last.req.content_type.to_ascii_lowercase(),
                    hops.map_or(0, Vec::len),
                ),
                None => (None, String::new(), 0),
            }
        };
        let (mut status, mut content_type, mut chain_len) = read_chain();
        // A download aborts the navigation, possibly before its response event
        // is logged: give the event a moment before judging the document.
        if error_text.contains("ERR_ABORTED") && content_type.is_empty() {
            for _ in 0..20 {
                tokio::time::sleep(POLL).await;
                (status, content_type, chain_len) = read_chain();
                if !content_type.is_empty() {
                    break;
                }
            }
        }
        // Page.navigate can answer before the document's response event is
        // logged: wait for it (bounded) so a 404 page is not judged "ok".
        if error_text.is_empty() && status.is_none() {
            let known = |l: &SiteLog| {
                l.hops
                    .get(&loader)
                    .and_then(|h| h.last())
                    .and_then(|&i| l.rows.get(i))
                    .is_some_and(|r| r.req.status.is_some())
            };
            self.wait_until(self.step().min(Duration::from_secs(2)), known)
                .await;
            (status, content_type, chain_len) = read_chain();
        }
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
            // A hop the address guard refused: say why, as the HTTP engine does.
            let refusal = self
                .log
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .blocked
                .get(&loader)
                .cloned();
            let message = match st {
                _ if refusal.is_some() => refusal.unwrap_or_default(),
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
            self.type_during_settle(false);
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
        self.type_during_settle(false);
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
    pub(super) async fn settle(&self) {
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
        // Give the scroll a moment to trigger lazy loads before judging
        // idleness; the typing probes, when due on this load, run meanwhile.
        tokio::time::sleep(Duration::from_millis(100).min(self.step())).await;
        let idle = self.wait_until(self.step(), |l| l.idle(Duration::from_millis(300)));
        if self.take_typing_due() {
            futures::future::join(idle, self.type_probes()).await;
        } else {
            idle.await;
        }
        let extra = self.cfg().wait.min(self.step());
        if !extra.is_zero() {
            self.wait_until(extra, |_| false).await;
        }
    }

    /// Polls the log until `done`, `limit` passes, the crawl aborts or the page/browser dies.
    pub(super) async fn wait_until(&self, limit: Duration, done: impl Fn(&SiteLog) -> bool) {
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

    /// Disposes of the context (closing its page) and stops the event flow.
    pub(super) async fn close(&mut self) {
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
pub(super) struct PageInfo {
    pub(super) html: String,
    pub(super) title: String,
    pub(super) charset: String,
    pub(super) href: String,
    pub(super) status: Option<u16>,
}

/// Reads a settled page's HTML: records the page, collects the pixels its
/// elements declare, and returns its links.
async fn read_page(
    mut info: PageInfo,
    requested: &Url,
    final_url: &Url,
    max_subresources: usize,
    visit: &mut Visit,
    pixels: &mut HashSet<String>,
) -> Vec<crate::model::Link> {
    let parsed = crate::crawl::html::parse_text(
        std::mem::take(&mut info.html),
        final_url.clone(),
        max_subresources,
    )
    .await;
    if let Some(n) = &parsed.note {
        visit.errors.push(n.clone());
    }
    pixels.extend(
        parsed
            .subs
            .iter()
            .filter(|s| s.declared_pixel)
            .map(|s| s.url.to_string()),
    );
    visit.pages.push(Page {
        url: requested.to_string(),
        final_url: final_url.to_string(),
        status: info.status,
        title: if info.title.is_empty() {
            parsed.title.clone()
        } else {
            crate::crawl::html::collapse(&info.title, 300)
        },
        charset: info.charset.clone(),
    });
    parsed.links
}

/// The frame ids of a `Page.getFrameTree` answer, in document order (depth
/// first, parents before children), at most `limit`.
pub(super) fn frame_ids(tree: &Value, limit: usize) -> Vec<String> {
    let mut frames = Vec::new();
    let mut stack = vec![&tree["frameTree"]];
    while let Some(node) = stack.pop() {
        if frames.len() >= limit {
            break;
        }
        if let Some(id) = node["frame"]["id"].as_str() {
            frames.push(id.to_string());
        }
        if let Some(children) = node["childFrames"].as_array() {
            stack.extend(children.iter().rev());
        }
    }
    frames
}

pub(super) fn is_html(ct: &str) -> bool {
    ct.contains("html") || ct.contains("xml")
}

/// Prepares a page, frame or worker session before it runs: request
/// interception for the address guard, the hook script, the reporting
/// binding, network events, User-Agent and extra headers; with `attached`
/// (a target auto-attached paused, `waitForDebuggerOnStart`) also its own
/// auto-attach, and `Runtime.runIfWaitingForDebugger` last. The commands go
/// out at once, in order, and are awaited together: a paused service worker
/// answers some of them only once it runs, and its script is not even
/// fetched before it is resumed. Errors are ignored (workers have no Page domain).
pub(super) async fn prepare(
    cdp: &Cdp,
    session: &str,
    setup: &SessionSetup,
    page: bool,
    attached: bool,
    t: Duration,
) {
    let mut cmds: Vec<(&str, Value)> = Vec::with_capacity(10);
    if let Some(patterns) = &setup.intercept {
        // Requests the address guard must see wait for it ([`guard`]).
        cmds.push(("Fetch.enable", json!({ "patterns": patterns })));
    }
    // Bodies are read back only to probe small images for pixels.
    let network = json!({ "maxTotalBufferSize": 4 * 1024 * 1024, "maxResourceBufferSize": 2 * PIXEL_PROBE_BYTES });
    cmds.push(("Network.enable", network));
    cmds.push(("Runtime.enable", json!({})));
    cmds.push(("Runtime.addBinding", json!({ "name": BINDING })));
    if page {
        cmds.push((
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": setup.hook }),
        ));
        // Storage as written, also by frames removed before the end.
        cmds.push(("DOMStorage.enable", json!({})));
    }
    cmds.push((
        "Network.setCookieControls",
        json!({ "enableThirdPartyCookieRestriction": false }),
    ));
    cmds.push((
        "Network.setUserAgentOverride",
        json!({ "userAgent": setup.user_agent }),
    ));
    if setup.headers.as_object().is_some_and(|h| !h.is_empty()) {
        cmds.push((
            "Network.setExtraHTTPHeaders",
            json!({ "headers": setup.headers }),
        ));
    }
    if attached {
        // Workers a worker or frame starts (nested workers) are attached too.
        let auto = json!({ "autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true });
        cmds.push(("Target.setAutoAttach", auto));
        cmds.push(("Runtime.runIfWaitingForDebugger", json!({})));
    }
    let s = Some(session);
    futures::future::join_all(cmds.into_iter().map(|(m, p)| cdp.call(s, m, p, t))).await;
}
