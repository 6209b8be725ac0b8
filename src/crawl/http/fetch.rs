//! One URL in, its redirect chain out: requests sent by hand hop by hop (every
//! hop a row), Set-Cookie headers recorded into the site's jar, bodies read
//! within the size cap, and transport errors turned into statuses.

use super::*;
use crate::crawl::netguard::Blocked;
use std::collections::HashSet;
use tokio::sync::OwnedSemaphorePermit;

impl HttpEngine {
    /// Fetches `url` following redirects by hand, updating the site's jar and
    /// recording every Set-Cookie. Reads the final body (bounded) when asked.
    pub(super) async fn fetch(
        &self,
        url: &Url,
        kind: ResourceType,
        referer: Option<&Url>,
        ctx: &SiteCtx,
        want_body: bool,
    ) -> Fetched {
        let mut out = Fetched {
            hops: Vec::new(),
            body: Vec::new(),
            truncated: false,
            failure: None,
        };
        let mut seen = HashSet::new();
        let mut current = url.clone();
        let mut referer = referer.cloned();
        loop {
            if !seen.insert(current.to_string()) || out.hops.len() > MAX_REDIRECTS {
                out.failure = Some(Failure {
                    status: SiteStatus::RedirectLoop,
                    message: if out.hops.len() > MAX_REDIRECTS {
                        format!("more than {MAX_REDIRECTS} redirects")
                    } else {
                        format!("redirect loop back to {}", bounded(current.as_str(), 200))
                    },
                });
                return out;
            }
            // The host's permit is held until the body is read (or dropped).
            let (resp, _permit) = match self.send(&current, kind, referer.as_ref(), ctx).await {
                Ok(r) => r,
                Err(f) => {
                    out.hops.push(Hop {
                        url: current,
                        status: None,
                        content_type: String::new(),
                        size: 0,
                        error: f.message.clone(),
                    });
                    out.failure = Some(f);
                    return out;
                }
            };
            let status = resp.status().as_u16();
            let content_type = resp
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(|s| bounded(s, 200))
                .unwrap_or_default();
            self.record_cookies(&resp, &current, ctx);
            let location = resp
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|l| current.join(l.trim()).ok());
            if (300..400).contains(&status) && status != 304 {
                if let Some(mut next) = location {
                    next.set_fragment(None);
                    out.hops.push(Hop {
                        url: current.clone(),
                        status: Some(status),
                        content_type,
                        size: 0,
                        error: String::new(),
                    });
                    referer = Some(current);
                    current = next;
                    continue;
                }
            }
            let read = self.read_body(resp, want_body, ctx).await;
            if read.broken && matches!(kind, ResourceType::Document | ResourceType::Iframe) {
                // What a browser would show: the bytes that arrived.
                ctx.errors.lock().unwrap().push(format!(
                    "{}: {}; kept the {} bytes read",
                    bounded(current.as_str(), 200),
                    read.error,
                    read.body.len()
                ));
            }
            out.truncated = read.truncated;
            out.body = read.body;
            out.hops.push(Hop {
                url: current,
                status: Some(status),
                content_type,
                size: read.size,
                error: read.error,
            });
            return out;
        }
    }

    /// Sends one request with the site's cookies and realistic headers, retrying
    /// once after a short backoff on a transient connect error. Returns the
    /// response with the host's permit, to be held while the body is read.
    /// A literal non-public address is refused before anything is sent.
    pub(super) async fn send(
        &self,
        url: &Url,
        kind: ResourceType,
        referer: Option<&Url>,
        ctx: &SiteCtx,
    ) -> Result<(reqwest::Response, OwnedSemaphorePermit), Failure> {
        if let Some(Err(b)) = url.host().map(|h| self.guard.check_host(&h)) {
            return Err(Failure {
                status: SiteStatus::Error,
                message: b.to_string(),
            });
        }
        let host = url.host_str().unwrap_or_default().to_string();
        let mut attempt = 0;
        loop {
            let remaining = ctx.deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(Failure {
                    status: SiteStatus::Timeout,
                    message: "site budget exhausted".into(),
                });
            }
            if ctx.aborted() {
                return Err(interrupted());
            }
            let limit = remaining.min(self.cfg.timeout);
            let permit = match tokio::time::timeout(limit, self.hosts.acquire(&host)).await {
                Ok(p) => p,
                Err(_) => {
                    return Err(Failure {
                        status: SiteStatus::Timeout,
                        message: format!("timed out waiting for a connection slot to {host}"),
                    })
                }
            };
            let mut req = self
                .client
                .get(url.clone())
                .header(reqwest::header::ACCEPT, accept_for(kind))
                .header(reqwest::header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
                .headers(self.extra.clone());
            if let Some(r) = referer.and_then(|r| referer_value(r, url)) {
                req = req.header(reqwest::header::REFERER, r);
            }
            if let Some(c) = ctx.jar.lock().unwrap().header_for(url) {
                req = req.header(reqwest::header::COOKIE, c);
            }
            let result = tokio::select! {
                r = tokio::time::timeout(limit, req.send()) => r,
                _ = ctx.until_abort() => return Err(interrupted()),
            };
            let err = match result {
                Ok(Ok(resp)) => return Ok((resp, permit)),
                Ok(Err(e)) => classify_error(&e),
                Err(_) => Failure {
                    status: SiteStatus::Timeout,
                    message: format!("no response within {:.0}s", limit.as_secs_f64()),
                },
            };
            drop(permit);
            if attempt == 0 && err.status == SiteStatus::ConnectError {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(250)).await;
                continue;
            }
            return Err(err);
        }
    }

    pub(super) fn record_cookies(&self, resp: &reqwest::Response, url: &Url, ctx: &SiteCtx) {
        let site_domain = ctx.site_domain.lock().unwrap().clone();
        let all = resp.headers().get_all(reqwest::header::SET_COOKIE);
        let n = all.iter().count();
        if n > MAX_SET_COOKIES {
            ctx.errors.lock().unwrap().push(format!(
                "{}: {n} Set-Cookie headers; the first {MAX_SET_COOKIES} recorded",
                bounded(url.as_str(), 200)
            ));
        }
        for v in all.iter().take(MAX_SET_COOKIES) {
            let raw = String::from_utf8_lossy(v.as_bytes());
            let outcome = ctx
                .jar
                .lock()
                .unwrap()
                .set(&raw, url, &site_domain, ctx.now);
            match outcome {
                SetOutcome::Recorded(c) => ctx.cookies.lock().unwrap().push(*c),
                SetOutcome::Invalid(msg) => ctx.errors.lock().unwrap().push(msg),
            }
        }
    }

    pub(super) async fn read_body(
        &self,
        mut resp: reqwest::Response,
        keep: bool,
        ctx: &SiteCtx,
    ) -> BodyRead {
        let mut r = BodyRead::default();
        let max = self.cfg.max_body as u64;
        // The size hint shrinks as the body is read: keep the declared length.
        let declared = resp.content_length();
        if resp.content_length().is_some_and(|l| l > max) {
            r.truncated = true;
            r.size = resp.content_length().unwrap_or(0);
            r.error = format!("response larger than {max} bytes; not read");
            return r;
        }
        loop {
            let remaining = ctx
                .deadline
                .saturating_duration_since(Instant::now())
                .min(self.cfg.timeout);
            let next = tokio::select! {
                r = tokio::time::timeout(remaining, resp.chunk()) => r,
                _ = ctx.until_abort() => {
                    r.error = "interrupted while reading the body".into();
                    return r;
                }
            };
            match next {
                Ok(Ok(Some(chunk))) => {
                    r.size += chunk.len() as u64;
                    if r.size > max {
                        r.truncated = true;
                        r.error = format!("response larger than {max} bytes; truncated");
                        return r;
                    }
                    if keep {
                        r.body.extend_from_slice(&chunk);
                    }
                }
                Ok(Ok(None)) => return r,
                Ok(Err(e)) => {
                    r.error = format!("body: {}", body_error(&e, declared));
                    r.broken = true;
                    return r;
                }
                Err(_) => {
                    r.error = "timed out reading the body".into();
                    return r;
                }
            }
        }
    }
}

#[derive(Default)]
pub(super) struct BodyRead {
    pub(super) body: Vec<u8>,
    pub(super) size: u64,
    pub(super) truncated: bool,
    pub(super) error: String,
    /// The body ended in an error (cut short, undecodable) after `size` bytes.
    pub(super) broken: bool,
}

/// Set-Cookie headers recorded from one response (Chromium keeps at most
/// 180 cookies per domain, but every attempt is worth a row).
pub(super) const MAX_SET_COOKIES: usize = 1000;

/// A body error in plain words: a body shorter than its Content-Length, or a
/// compressed body that does not decode.
fn body_error(e: &reqwest::Error, content_length: Option<u64>) -> String {
    let chain = error_chain(e);
    let lower = chain.to_ascii_lowercase();
    if lower.contains("before message length reached") || lower.contains("incomplete") {
        match content_length {
            Some(n) => {
                format!("connection closed before the {n} bytes of Content-Length ({chain})")
            }
            None => format!("connection closed before the body ended ({chain})"),
        }
    } else if e.is_decode() {
        format!("compressed body does not decode ({chain})")
    } else {
        chain
    }
}

pub(super) fn accept_for(kind: ResourceType) -> &'static str {
    match kind {
        ResourceType::Document | ResourceType::Iframe => {
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
        }
        ResourceType::Image => "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
        ResourceType::Stylesheet => "text/css,*/*;q=0.1",
        _ => "*/*",
    }
}

/// The Referer a browser sends under the default `strict-origin-when-cross-origin` policy.
pub(super) fn referer_value(from: &Url, to: &Url) -> Option<String> {
    if from.scheme() == "https" && to.scheme() == "http" {
        return None;
    }
    if from.origin() == to.origin() {
        let mut u = from.clone();
        u.set_fragment(None);
        Some(u.to_string())
    } else {
        Some(format!("{}/", from.origin().ascii_serialization()))
    }
}

pub(super) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut src = e.source();
    while let Some(s) = src {
        let t = s.to_string();
        if !parts.iter().any(|p| p.contains(&t)) {
            parts.push(t);
        }
        src = s.source();
    }
    bounded(&parts.join(": "), 500)
}

/// Wording of rustls / TLS failures (reqwest boxes the error type away, so a
/// downcast cannot find it; the message can).
pub(super) const TLS_WORDS: &[&str] = &[
    "certificate",
    "tls",
    "handshake",
    "corrupt message",
    "peer is incompatible",
    "peer misbehaved",
    "fatal alert",
    "unexpected message",
];

/// The address guard's refusal inside a transport error (from DNS resolution).
fn blocked_in(e: &(dyn std::error::Error + 'static)) -> Option<Blocked> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(b) = err.downcast_ref::<Blocked>() {
            return Some(b.clone());
        }
        cur = err.source();
    }
    None
}

/// Maps a transport error to a site status.
pub(super) fn classify_error(e: &reqwest::Error) -> Failure {
    if let Some(b) = blocked_in(e) {
        return Failure {
            status: SiteStatus::Error,
            message: b.to_string(),
        };
    }
    let message = error_chain(e);
    let lower = message.to_ascii_lowercase();
    let status = if e.is_timeout() {
        SiteStatus::Timeout
    } else if lower.contains("dns error")
        || lower.contains("failed to lookup")
        || lower.contains("name or service not known")
        || lower.contains("no address")
    {
        SiteStatus::DnsError
    } else if TLS_WORDS.iter().any(|w| lower.contains(w)) {
        SiteStatus::TlsError
    } else if e.is_connect() {
        SiteStatus::ConnectError
    } else {
        SiteStatus::Error
    };
    Failure { status, message }
}
