//! The end of a site's visit: what the context kept (every frame's local and
//! session storage keys, and those written in frames already gone; the cookie
//! store with each cookie attributed to its header or script, partitioned
//! cookies with their partition key), the popups the page opened (each a page
//! of its own), and which small images were tracking pixels.

use super::log::*;
use super::site::SiteRun;
use super::*;

/// Most popups (`window.open`) opened and recorded per site.
pub(super) const MAX_POPUPS: usize = 3;
/// Longest wait for a popup's network to settle.
const POPUP_SETTLE: Duration = Duration::from_secs(5);

impl SiteRun<'_> {
    /// Every frame's local and session storage keys, then the keys written
    /// (`DOMStorage` events) by frames no longer there to read.
    pub(super) async fn collect_storage(&self, site_domain: &str) -> Vec<StorageItem> {
        if self.cdp.is_closed() || self.session.is_empty() {
            return Vec::new();
        }
        // A page gone leaves the storage written while it lived.
        let tree = self
            .call("Page.getFrameTree", json!({}), self.collect_step())
            .await
            .unwrap_or_default();
        let frames = frame_ids(&tree, MAX_FRAMES);
        let (writes, mut written) = {
            let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
            let written: Vec<_> = log
                .dom_storage
                .iter()
                .map(|(k, n)| (k.clone(), *n))
                .collect();
            (log.storage_writes.clone(), written)
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let item = |origin: &str, kind: String, key: String, value_length: usize| {
            let host = Url::parse(origin)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_default();
            let set_by = writes
                .iter()
                .rev()
                .find(|(o, k, name, _)| {
                    *o == origin && (k.is_empty() || *k == kind) && *name == key
                })
                .map(|w| w.3.clone())
                .unwrap_or_default();
            StorageItem {
                consent_state: self.clicked.unwrap_or_default(),
                origin: origin.to_string(),
                kind,
                key,
                value_length,
                party: Some(party_of(&host, site_domain)),
                set_by,
            }
        };
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
            for it in v["items"].as_array().into_iter().flatten() {
                let kind = it[0].as_str().unwrap_or_default().to_string();
                let key = it[1].as_str().unwrap_or_default().to_string();
                if !seen.insert((origin.clone(), kind.clone(), key.clone())) {
                    continue;
                }
                out.push(item(
                    &origin,
                    kind,
                    key,
                    it[2].as_u64().unwrap_or(0) as usize,
                ));
            }
        }
        // Storage of frames removed before the end (or never readable).
        written.sort();
        for ((origin, kind, key), n) in written {
            if seen.insert((origin.clone(), kind.clone(), key.clone())) {
                out.push(item(&origin, kind, key, n));
            }
        }
        out
    }

    /// Opens each popup the page asked for (at most [`MAX_POPUPS`], within
    /// the page deadline) in a page of its own in this context, records it as
    /// a page (its rows carry its URL as `page_url`, its document the opener's
    /// script as initiator), notes it on the site and closes it.
    pub(super) async fn visit_popups(&self, visit: &mut Visit) {
        let popups = std::mem::take(&mut self.log.lock().unwrap_or_else(|p| p.into_inner()).popups);
        for (url, opener) in popups {
            let by = if opener.is_empty() {
                "the page".to_string()
            } else {
                opener.clone()
            };
            if self.aborted() || self.cdp.is_closed() || self.step() < Duration::from_secs(1) {
                visit.errors.push(format!(
                    "popup {url} opened by {by}: not visited (site budget)"
                ));
                continue;
            }
            let page_no = visit.pages.len() as u32 + 1;
            let t = self.collect_step();
            let tgt = self
                .cdp
                .call(
                    None,
                    "Target.createTarget",
                    json!({ "url": "about:blank", "browserContextId": self.context }),
                    t,
                )
                .await;
            let target_id = match tgt {
                Ok(v) => v["targetId"].as_str().unwrap_or_default().to_string(),
                Err(e) => {
                    visit
                        .errors
                        .push(format!("popup {url} opened by {by}: {e}"));
                    continue;
                }
            };
            match self.popup(&target_id, &url, &opener, page_no).await {
                Ok(page) => {
                    visit.errors.push(format!(
                        "popup {url} opened by {by}: recorded as page {page_no}"
                    ));
                    visit.pages.push(page);
                }
                Err(e) => visit
                    .errors
                    .push(format!("popup {url} opened by {by}: {e}")),
            }
            let close = json!({ "targetId": target_id });
            let _ = self
                .cdp
                .call(None, "Target.closeTarget", close, self.collect_step())
                .await;
        }
    }

    /// Loads `url` in the popup page `target_id` and lets it settle.
    async fn popup(
        &self,
        target_id: &str,
        url: &str,
        opener: &str,
        page_no: u32,
    ) -> Result<Page, String> {
        let t = self.step();
        let att = self
            .cdp
            .call(
                None,
                "Target.attachToTarget",
                json!({ "targetId": target_id, "flatten": true }),
                t,
            )
            .await
            .map_err(|e| e.to_string())?;
        let session = att["sessionId"].as_str().unwrap_or_default().to_string();
        if session.is_empty() {
            return Err("the popup could not be attached".into());
        }
        let page = PopupPage {
            url: url.to_string(),
            opener: opener.to_string(),
            frame: target_id.to_string(),
            page_no,
        };
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .popup_pages
            .insert(session.clone(), page);
        if !self.cdp.share_route(&self.session, &session) {
            return Err("the popup could not be attached".into());
        }
        prepare(&self.cdp, &session, &self.setup, true, true, t).await;
        let nav = self
            .cdp
            .call(
                Some(&session),
                "Page.navigate",
                json!({ "url": url }),
                self.step(),
            )
            .await
            .map_err(|e| e.to_string())?;
        if let Some(e) = nav["errorText"].as_str().filter(|e| !e.is_empty()) {
            return Err(bounded(e, 300));
        }
        tokio::time::sleep(POLL * 4).await;
        self.wait_until(self.step().min(POPUP_SETTLE), |l| l.idle(IDLE_QUIET))
            .await;
        let js = PAGE_JS.replace("MAXLEN", "0");
        let read = json!({ "expression": js, "returnByValue": true });
        let v = self
            .cdp
            .call(
                Some(&session),
                "Runtime.evaluate",
                read,
                self.collect_step(),
            )
            .await
            .unwrap_or_default();
        let v = &v["result"]["value"];
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        let loader = nav["loaderId"].as_str().unwrap_or_default();
        let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        let status = log
            .hops
            .get(loader)
            .and_then(|h| h.last())
            .and_then(|&i| log.rows.get(i))
            .and_then(|r| r.req.status);
        let href = s("href");
        Ok(Page {
            url: url.to_string(),
            final_url: if is_web_url(&href) {
                bounded(&href, 8192)
            } else {
                url.to_string()
            },
            status,
            title: crate::crawl::html::collapse(&s("title"), 300),
            charset: bounded(&s("charset"), 100),
        })
    }

    /// The context's cookie store, each cookie attributed to the last
    /// Set-Cookie header or script write that matches its name and domain.
    pub(super) async fn collect_cookies(
        &self,
        site_domain: &str,
        errors: &mut Vec<String>,
    ) -> Vec<Cookie> {
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
            let partition_key = partition_key(c.get("partitionKey"));
            let mut note = String::new();
            if !partition_key.is_empty() {
                note = "partitioned (CHIPS)".into();
            }
            let key = (
                bounded(&name, 256),
                domain.clone(),
                bounded(&s("path"), 256),
            );
            let consent_state = match (&self.pre_click, self.clicked) {
                (Some(before), Some(state)) if !before.contains(&key) => state,
                _ => Default::default(),
            };
            out.push(Cookie {
                consent_state,
                engine: None,
                partition_key,
                name: bounded(&name, 256),
                value_length: s("value").len(),
                domain: domain.clone(),
                path: bounded(&s("path"), 256),
                party: Some(party_of(&bare, site_domain)),
                source: writer.map_or(CookieSource::Script, |w| w.source),
                set_by: writer.map(|w| w.set_by.clone()).unwrap_or_default(),
                expires: expires_at.map(crate::clock::rfc3339).unwrap_or_default(),
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
    pub(super) fn cookie_writes(&self, site_domain: &str) -> Vec<CookieWrite> {
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
                let Some(row) = hops.get(k).or(hops.last()).and_then(|&i| log.rows.get(i)) else {
                    continue;
                };
                let url_s = &row.req.url;
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
    pub(super) async fn probe_pixels(&self, pixels: &mut HashSet<String>) {
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
}

/// A DevTools cookie's `partitionKey`: the top-level site, from the object
/// (`{topLevelSite, hasCrossSiteAncestor}`, Chromium 119 on) or the plain
/// string of older versions; empty when unpartitioned.
pub(super) fn partition_key(v: Option<&Value>) -> String {
    let site = match v {
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Object(o)) => o
            .get("topLevelSite")
            .and_then(Value::as_str)
            .unwrap_or_default(),
        _ => "",
    };
    let site = if site.is_empty() && v.is_some_and(Value::is_object) {
        // An opaque or odd key still marks the cookie as partitioned.
        "(opaque)"
    } else {
        site
    };
    bounded(site, 256)
}

impl SiteLog {
    /// A `DOMStorage` event: the key's value length per origin and kind,
    /// kept whether or not its frame is still there at the end.
    pub(super) fn on_dom_storage(&mut self, method: &str, p: &Value) {
        let id = &p["storageId"];
        let kind = if id["isLocalStorage"].as_bool() == Some(true) {
            "local"
        } else {
            "session"
        };
        // A storage key is the origin, then `^`-separated partition fields.
        let raw = id["securityOrigin"]
            .as_str()
            .filter(|o| !o.is_empty())
            .or_else(|| id["storageKey"].as_str())
            .unwrap_or_default();
        let Ok(u) = Url::parse(raw.split('^').next().unwrap_or_default()) else {
            return;
        };
        let origin = u.origin().ascii_serialization();
        if origin == "null" {
            return;
        }
        let key: String = p["key"]
            .as_str()
            .unwrap_or_default()
            .chars()
            .take(1024)
            .collect();
        let k = (origin, kind.to_string(), key);
        match method {
            "DOMStorage.domStorageItemAdded" | "DOMStorage.domStorageItemUpdated" => {
                let n = p["newValue"]
                    .as_str()
                    .map_or(0, |v| v.encode_utf16().count());
                if self.dom_storage.len() < 5000 || self.dom_storage.contains_key(&k) {
                    self.dom_storage.insert(k, n);
                }
            }
            "DOMStorage.domStorageItemRemoved" => {
                self.dom_storage.remove(&k);
            }
            "DOMStorage.domStorageItemsCleared" => {
                self.dom_storage
                    .retain(|(o, kd, _), _| !(*o == k.0 && *kd == k.1));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_keys_of_either_shape() {
        let obj = json!({"topLevelSite": "https://secure.test", "hasCrossSiteAncestor": true});
        assert_eq!(partition_key(Some(&obj)), "https://secure.test");
        let s = json!("https://secure.test");
        assert_eq!(partition_key(Some(&s)), "https://secure.test");
        assert_eq!(partition_key(Some(&json!({}))), "(opaque)");
        assert_eq!(partition_key(Some(&Value::Null)), "");
        assert_eq!(partition_key(None), "");
        assert_eq!(partition_key(Some(&json!(7))), "");
    }
}
