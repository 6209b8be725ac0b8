//! The end of a site's visit: what the context kept (every frame's local and
//! session storage keys, the cookie store with each cookie attributed to its
//! header or script) and which small images were tracking pixels.

use super::log::*;
use super::site::SiteRun;
use super::*;

impl SiteRun<'_> {
    /// Every frame's local and session storage keys.
    pub(super) async fn collect_storage(&self, site_domain: &str) -> Vec<StorageItem> {
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
                    consent_state: self.clicked.unwrap_or_default(),
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
            let mut note = String::new();
            if c.get("partitionKey").is_some_and(|k| !k.is_null()) {
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
                partition_key: String::new(),
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
