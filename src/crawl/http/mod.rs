//! A [`Target`] in, a [`SiteOutcome`] out, with the HTTP engine: reqwest for
//! transport (redirects followed by hand so every hop is a row), scraper for
//! HTML, a per-site cookie jar, bounded bodies, frames two deep and one level
//! of CSS imports. Failures are data: a status and a message, never a panic.

use super::html::{self, Sub};
use super::jar::{Jar, SetOutcome};
use super::limits::HostLimits;
use super::CancellationToken;
use super::{CrawlConfig, SiteOutcome};
use crate::crawl::pixel::{image_dimensions, is_pixel};
use crate::domain::registrable_domain;
use crate::model::{party_of, Cookie, Page, Request, ResourceType, SiteStatus, Visit};
use crate::targets::Target;
use crate::text::bounded;
use futures::stream::{FuturesUnordered, StreamExt};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::time::Instant;
use url::Url;

mod client;
mod fetch;

pub use super::fetch::Document;
pub use client::{client_builder, MAX_RESPONSE_HEADERS};

/// Most redirect hops followed.
pub const MAX_REDIRECTS: usize = 10;
/// Most requests recorded for one site.
const MAX_SITE_REQUESTS: usize = 3000;
/// Subresource fetches in flight per site.
const SITE_PARALLELISM: usize = 12;

/// The HTTP crawl engine; cheap to share across sites.
pub struct HttpEngine {
    client: reqwest::Client,
    cfg: Arc<CrawlConfig>,
    hosts: HostLimits,
    /// Which non-public addresses requests may reach.
    guard: Arc<super::netguard::Guard>,
    extra: HeaderMap,
}

/// A failed fetch: the status a site would get and a message.
#[derive(Debug, Clone)]
struct Failure {
    status: SiteStatus,
    message: String,
}

/// One response in a redirect chain.
struct Hop {
    url: Url,
    status: Option<u16>,
    content_type: String,
    size: u64,
    error: String,
}

/// The result of fetching one URL with its redirects.
struct Fetched {
    hops: Vec<Hop>,
    /// Body of the last hop when it was read.
    body: Vec<u8>,
    truncated: bool,
    failure: Option<Failure>,
}

impl Fetched {
    fn last(&self) -> Option<&Hop> {
        self.hops.last()
    }
}

/// State shared by every fetch of one site.
struct SiteCtx {
    jar: Mutex<Jar>,
    site_domain: Mutex<String>,
    cookies: Mutex<Vec<Cookie>>,
    errors: Mutex<Vec<String>>,
    deadline: Instant,
    now: OffsetDateTime,
    /// Cancelled when the crawl is aborted.
    abort: CancellationToken,
}

impl SiteCtx {
    fn aborted(&self) -> bool {
        self.abort.is_cancelled()
    }

    /// Records a parsing limit's note, if the page had one.
    fn note(&self, parsed: &html::Parsed) {
        if let Some(n) = &parsed.note {
            self.errors.lock().unwrap().push(n.clone());
        }
    }

    /// Resolves when the crawl is aborted.
    async fn until_abort(&self) {
        self.abort.cancelled().await
    }
}

fn interrupted() -> Failure {
    Failure {
        status: SiteStatus::Error,
        message: "interrupted: the crawl was stopped".into(),
    }
}

/// A subresource fetch to do.
struct Job {
    sub: Sub,
    page_url: Url,
    initiator: Url,
    depth: usize,
    order: Vec<u32>,
}

impl HttpEngine {
    /// Audits one site: landing page (https, then http for bare domains that
    /// fail to connect), its subresources and frames, then up to `pages - 1`
    /// same-site pages. `abort` firing wraps the visit up early.
    pub async fn visit(&self, target: &Target, abort: CancellationToken) -> SiteOutcome {
        let started = std::time::Instant::now();
        self.allow_target(&target.url);
        let ctx = SiteCtx {
            jar: Mutex::new(Jar::default()),
            site_domain: Mutex::new(registrable_domain(
                target.url.host_str().unwrap_or_default(),
            )),
            cookies: Mutex::new(Vec::new()),
            errors: Mutex::new(Vec::new()),
            deadline: Instant::now() + self.cfg.site_budget,
            now: OffsetDateTime::now_utc(),
            abort,
        };
        let mut visit = Visit::default();
        let mut outcome = SiteOutcome::new(target, ctx.now);
        let mut landing = self
            .fetch(&target.url, ResourceType::Document, None, &ctx, true)
            .await;
        let mut landing_url = target.url.clone();
        let fallback = landing
            .failure
            .as_ref()
            .is_some_and(|f| matches!(f.status, SiteStatus::ConnectError | SiteStatus::TlsError));
        if target.bare && target.url.scheme() == "https" && fallback {
            let mut http = target.url.clone();
            let _ = http.set_scheme("http");
            let reason = landing
                .failure
                .as_ref()
                .map(|f| f.message.clone())
                .unwrap_or_default();
            push_rows(
                &mut visit.requests,
                &landing,
                &target.url,
                "",
                ResourceType::Document,
                false,
                &ctx,
                vec![0],
            );
            ctx.errors
                .lock()
                .unwrap()
                .push(format!("https failed ({reason}); crawled over http"));
            landing = self
                .fetch(&http, ResourceType::Document, None, &ctx, true)
                .await;
            landing_url = http;
        }
        let final_url = landing
            .last()
            .map(|h| h.url.clone())
            .unwrap_or_else(|| landing_url.clone());
        outcome.final_url = final_url.to_string();
        *ctx.site_domain.lock().unwrap() =
            registrable_domain(final_url.host_str().unwrap_or_default());
        push_rows(
            &mut visit.requests,
            &landing,
            &landing_url,
            "",
            ResourceType::Document,
            false,
            &ctx,
            vec![1],
        );
        let landing_ok = self.check_document(&landing);
        match landing_ok {
            Err(f) => {
                outcome.status = f.status;
                outcome.error = f.message;
            }
            Ok(()) => {
                let ct = landing
                    .last()
                    .map(|h| h.content_type.clone())
                    .unwrap_or_default();
                let (parsed, charset) = html::read_page(
                    std::mem::take(&mut landing.body),
                    ct,
                    final_url.clone(),
                    self.cfg.max_subresources,
                )
                .await;
                ctx.note(&parsed);
                visit.pages.push(Page {
                    url: landing_url.to_string(),
                    final_url: final_url.to_string(),
                    status: landing.last().and_then(|h| h.status),
                    title: parsed.title.clone(),
                    charset: charset.to_string(),
                });
                let candidates = super::fetch::pick_pages(
                    &parsed.links,
                    &final_url,
                    self.cfg.pages.saturating_sub(1),
                );
                visit.links.extend(parsed.links.iter().cloned());
                self.page_resources(&mut visit, parsed, &final_url, &final_url, &ctx, 0, vec![1])
                    .await;
                for (i, link) in candidates.into_iter().enumerate() {
                    if ctx.aborted() || Instant::now() >= ctx.deadline {
                        break;
                    }
                    let order = vec![2 + i as u32];
                    let page = self
                        .fetch(&link, ResourceType::Document, Some(&final_url), &ctx, true)
                        .await;
                    push_rows(
                        &mut visit.requests,
                        &page,
                        &link,
                        final_url.as_str(),
                        ResourceType::Document,
                        false,
                        &ctx,
                        order.clone(),
                    );
                    let Some(last) = page.last() else { continue };
                    let page_final = last.url.clone();
                    let status = last.status;
                    if let Err(f) = self.check_document(&page) {
                        ctx.errors
                            .lock()
                            .unwrap()
                            .push(format!("page {link}: {}", f.message));
                        continue;
                    }
                    let ct = last.content_type.clone();
                    let (parsed, charset) = html::read_page(
                        page.body,
                        ct,
                        page_final.clone(),
                        self.cfg.max_subresources,
                    )
                    .await;
                    ctx.note(&parsed);
                    visit.pages.push(Page {
                        url: link.to_string(),
                        final_url: page_final.to_string(),
                        status,
                        title: parsed.title.clone(),
                        charset: charset.to_string(),
                    });
                    visit.links.extend(parsed.links.iter().cloned());
                    self.page_resources(
                        &mut visit,
                        parsed,
                        &page_final,
                        &page_final,
                        &ctx,
                        0,
                        order,
                    )
                    .await;
                }
                if ctx.aborted() {
                    ctx.errors
                        .lock()
                        .unwrap()
                        .push("interrupted: crawl stopped before this site finished".into());
                } else if Instant::now() >= ctx.deadline {
                    ctx.errors.lock().unwrap().push(format!(
                        "site budget of {}s ran out; remaining resources not fetched",
                        self.cfg.site_budget.as_secs()
                    ));
                }
            }
        }
        visit.requests.sort_by(|a, b| a.order.cmp(&b.order));
        visit.cookies = std::mem::take(&mut *ctx.cookies.lock().unwrap());
        visit.errors = std::mem::take(&mut *ctx.errors.lock().unwrap());
        outcome.visit = visit;
        outcome.duration = started.elapsed();
        outcome
    }

    /// Fetches one document with its redirects, within `budget`, stopped
    /// when `abort` fires (see [`Fetch`](super::fetch::Fetch)).
    pub async fn get_document(
        &self,
        url: &Url,
        referer: Option<&Url>,
        abort: CancellationToken,
        budget: Duration,
    ) -> crate::Result<Document> {
        let ctx = SiteCtx {
            jar: Mutex::new(Jar::default()),
            site_domain: Mutex::new(registrable_domain(url.host_str().unwrap_or_default())),
            cookies: Mutex::new(Vec::new()),
            errors: Mutex::new(Vec::new()),
            deadline: Instant::now() + budget,
            now: OffsetDateTime::now_utc(),
            abort,
        };
        let f = self
            .fetch(url, ResourceType::Document, referer, &ctx, true)
            .await;
        if let Some(fail) = f.failure {
            return Err(crate::Error::Fetch(fail.message));
        }
        let last = f
            .hops
            .last()
            .ok_or_else(|| crate::Error::Fetch("no response".into()))?;
        Ok(Document {
            url: last.url.clone(),
            status: last.status.unwrap_or(0),
            content_type: last.content_type.clone(),
            body: f.body,
            truncated: f.truncated,
        })
    }

    /// Whether a fetched document can be read as an HTML page.
    fn check_document(&self, f: &Fetched) -> Result<(), Failure> {
        if let Some(fail) = &f.failure {
            return Err(fail.clone());
        }
        let last = f.last().ok_or(Failure {
            status: SiteStatus::Error,
            message: "no response".into(),
        })?;
        let status = last.status.unwrap_or(0);
        if status >= 400 {
            return Err(Failure {
                status: SiteStatus::HttpError,
                message: format!("HTTP {status}"),
            });
        }
        if f.truncated {
            return Err(Failure {
                status: SiteStatus::TooLarge,
                message: format!("page larger than {} bytes", self.cfg.max_body),
            });
        }
        let ct = last.content_type.to_ascii_lowercase();
        let html_type = ct.contains("html") || ct.contains("xml");
        let sniffed = ct.is_empty() && {
            let head =
                String::from_utf8_lossy(&f.body[..f.body.len().min(512)]).to_ascii_lowercase();
            head.contains("<html")
                || head.contains("<!doctype html")
                || head.contains("<head")
                || head.contains("<body")
        };
        if !html_type && !sniffed {
            return Err(Failure {
                status: SiteStatus::NotHtml,
                message: format!(
                    "content type {:?} is not HTML",
                    if ct.is_empty() { "(none)" } else { ct.as_str() }
                ),
            });
        }
        Ok(())
    }

    /// Fetches a page's subresources (and frames' and stylesheets' in turn),
    /// at most [`SITE_PARALLELISM`] at a time, until done, the site budget
    /// runs out or the crawl is aborted.
    #[allow(clippy::too_many_arguments)]
    async fn page_resources(
        &self,
        visit: &mut Visit,
        parsed: html::Parsed,
        page_url: &Url,
        doc_url: &Url,
        ctx: &SiteCtx,
        depth: usize,
        order: Vec<u32>,
    ) {
        // The queue never holds more jobs than the site's request cap leaves
        // room for; the rest are counted and noted.
        let mut queue: VecDeque<Job> = VecDeque::new();
        let mut first = Vec::new();
        enqueue(&mut first, parsed, page_url, doc_url, depth, &order);
        let room = MAX_SITE_REQUESTS.saturating_sub(visit.requests.len());
        let mut dropped = first.len().saturating_sub(room);
        queue.extend(first.into_iter().take(room));
        let mut inflight = FuturesUnordered::new();
        loop {
            while inflight.len() < SITE_PARALLELISM
                && visit.requests.len() + inflight.len() < MAX_SITE_REQUESTS
            {
                let Some(job) = queue.pop_front() else { break };
                inflight.push(self.run_job(job, ctx));
            }
            if inflight.is_empty() {
                break;
            }
            tokio::select! {
                done = inflight.next() => {
                    let Some((rows, children)) = done else { break };
                    visit.requests.extend(rows);
                    let room = MAX_SITE_REQUESTS
                        .saturating_sub(visit.requests.len() + inflight.len() + queue.len());
                    dropped += children.len().saturating_sub(room);
                    queue.extend(children.into_iter().take(room));
                }
                _ = tokio::time::sleep_until(ctx.deadline) => break,
                _ = ctx.until_abort() => break,
            }
        }
        let left = queue.len() + dropped;
        if dropped > 0 || (!queue.is_empty() && visit.requests.len() >= MAX_SITE_REQUESTS) {
            ctx.errors.lock().unwrap().push(format!(
                "request cap of {MAX_SITE_REQUESTS} reached; {left} not fetched"
            ));
        }
    }

    /// Fetches one subresource; returns its rows and the jobs it spawns
    /// (a frame's subresources, a stylesheet's imports and images).
    async fn run_job(&self, job: Job, ctx: &SiteCtx) -> (Vec<Request>, Vec<Job>) {
        let kind = job.sub.kind;
        let want_body = matches!(
            kind,
            ResourceType::Iframe
                | ResourceType::Stylesheet
                | ResourceType::Image
                | ResourceType::Document
        );
        let mut f = self
            .fetch(&job.sub.url, kind, Some(&job.initiator), ctx, want_body)
            .await;
        let pixel = job.sub.declared_pixel
            || (kind == ResourceType::Image
                && f.failure.is_none()
                && image_dimensions(&f.body).is_some_and(is_pixel));
        let mut rows = Vec::new();
        push_rows(
            &mut rows,
            &f,
            &job.page_url,
            job.initiator.as_str(),
            kind,
            pixel,
            ctx,
            job.order.clone(),
        );
        let mut children = Vec::new();
        let Some(last) = f.last() else {
            return (rows, children);
        };
        let ok = f.failure.is_none() && last.status.is_some_and(|s| s < 400);
        if !ok {
            return (rows, children);
        }
        let final_url = last.url.clone();
        let content_type = last.content_type.clone();
        match kind {
            ResourceType::Iframe | ResourceType::Document
                if job.depth < self.cfg.frame_depth && self.check_document(&f).is_ok() =>
            {
                let (parsed, _) = html::read_page(
                    std::mem::take(&mut f.body),
                    content_type,
                    final_url.clone(),
                    self.cfg.max_subresources,
                )
                .await;
                ctx.note(&parsed);
                enqueue(
                    &mut children,
                    parsed,
                    &job.page_url,
                    &final_url,
                    job.depth + 1,
                    &job.order,
                );
            }
            ResourceType::Stylesheet if job.depth <= self.cfg.frame_depth => {
                let css = String::from_utf8_lossy(&f.body);
                for (i, (raw, kind)) in html::css_urls(&css)
                    .into_iter()
                    .take(self.cfg.max_subresources)
                    .enumerate()
                {
                    if let Ok(mut u) = final_url.join(raw) {
                        if !matches!(u.scheme(), "http" | "https") {
                            continue;
                        }
                        u.set_fragment(None);
                        let mut order = job.order.clone();
                        order.push(i as u32);
                        // Imported stylesheets are fetched, not parsed again (one level).
                        children.push(Job {
                            sub: Sub {
                                url: u,
                                kind,
                                declared_pixel: false,
                            },
                            page_url: job.page_url.clone(),
                            initiator: final_url.clone(),
                            depth: self.cfg.frame_depth + 1,
                            order,
                        });
                    }
                }
            }
            _ => {}
        }
        (rows, children)
    }
}

impl super::fetch::Fetch for HttpEngine {
    async fn fetch(
        &self,
        url: &Url,
        referer: Option<&Url>,
        budget: Duration,
        cancel: &CancellationToken,
    ) -> crate::Result<Document> {
        self.get_document(url, referer, cancel.clone(), budget)
            .await
    }
}

fn enqueue(
    queue: &mut impl Extend<Job>,
    parsed: html::Parsed,
    page_url: &Url,
    doc_url: &Url,
    depth: usize,
    order: &[u32],
) {
    let refresh = parsed.meta_refresh.map(|u| Sub {
        url: u,
        kind: ResourceType::Document,
        declared_pixel: false,
    });
    queue.extend(
        parsed
            .subs
            .into_iter()
            .chain(refresh)
            .enumerate()
            .map(|(i, sub)| {
                let mut o = order.to_vec();
                o.push(i as u32 + 1);
                Job {
                    sub,
                    page_url: page_url.clone(),
                    initiator: doc_url.clone(),
                    depth,
                    order: o,
                }
            }),
    );
}

/// One row per hop; later hops name the previous hop in `redirect_from`.
#[allow(clippy::too_many_arguments)]
fn push_rows(
    rows: &mut Vec<Request>,
    f: &Fetched,
    page_url: &Url,
    initiator: &str,
    kind: ResourceType,
    beacon: bool,
    ctx: &SiteCtx,
    order: Vec<u32>,
) {
    let site_domain = ctx.site_domain.lock().unwrap().clone();
    let mut prev: Option<&Url> = None;
    for (i, hop) in f.hops.iter().enumerate() {
        let host = hop.url.host_str().unwrap_or_default().to_string();
        let mut o = order.clone();
        o.push(i as u32);
        let mut error = hop.error.clone();
        if i + 1 == f.hops.len() {
            if let Some(fail) = &f.failure {
                if error.is_empty() {
                    error = fail.message.clone();
                }
            }
        }
        rows.push(Request {
            page_url: page_url.to_string(),
            url: hop.url.to_string(),
            method: "GET".into(),
            resource_type: Some(kind),
            status: hop.status,
            party: Some(party_of(&host, &site_domain)),
            domain: host,
            initiator: initiator.to_string(),
            redirect_from: prev.map(|p| p.to_string()).unwrap_or_default(),
            beacon,
            content_type: hop
                .content_type
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
            size: hop.size,
            error,
            order: o,
            ..Request::default()
        });
        prev = Some(&hop.url);
    }
}

#[cfg(test)]
mod tests {
    use super::fetch::*;
    use super::*;

    #[test]
    fn referer_policy() {
        let a = Url::parse("https://a.example/p?q=1").unwrap();
        assert_eq!(
            referer_value(&a, &Url::parse("https://a.example/x").unwrap()).unwrap(),
            "https://a.example/p?q=1"
        );
        assert_eq!(
            referer_value(&a, &Url::parse("https://t.example/x").unwrap()).unwrap(),
            "https://a.example/"
        );
        assert_eq!(
            referer_value(&a, &Url::parse("http://t.example/x").unwrap()),
            None
        );
    }
}
