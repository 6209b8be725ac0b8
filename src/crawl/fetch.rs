//! A URL in, a fetched [`Document`] out: the [`Fetch`] trait through which
//! code outside the engines reads documents (robots.txt, policy pages,
//! sitemaps), and the crawl logic both engines share on top of it: the
//! robots.txt gate and the choice of same-site pages to visit.

use super::{CancellationToken, CrawlConfig};
use crate::domain::registrable_domain;
use crate::model::Link;
use crate::targets::Target;
use std::collections::HashSet;
use std::future::Future;
use std::time::Duration;
use url::Url;

/// A document fetched outside a site visit (robots.txt, policy pages,
/// sitemaps): the auditor reading, not the site's behaviour, so no rows or
/// cookies are recorded.
#[derive(Debug, Clone)]
pub struct Document {
    /// URL after redirects.
    pub url: Url,
    /// HTTP status of the last response.
    pub status: u16,
    /// Content-Type header (with parameters).
    pub content_type: String,
    /// The body, at most the configured size cap (after decompression).
    pub body: Vec<u8>,
    /// The body exceeded the size cap.
    pub truncated: bool,
}

/// Fetches one document: redirects followed (bounded), the body capped, the
/// address guard applied, within a time budget, stopped by `cancel`.
pub trait Fetch: Send + Sync {
    /// Fetches `url` (sent with `referer`, if any) within `budget`; an
    /// [`Error::Fetch`](crate::Error::Fetch) when no response could be read.
    /// An HTTP error status is a document, not an error.
    fn fetch(
        &self,
        url: &Url,
        referer: Option<&Url>,
        budget: Duration,
        cancel: &CancellationToken,
    ) -> impl Future<Output = crate::Result<Document>> + Send;
}

/// With `--respect-robots`, the message for a target whose robots.txt
/// (fetched through `fetch`) disallows its landing page, e.g. `robots.txt
/// disallows / for trackaudit`; `None` when allowed or when not asked to
/// respect robots.txt. The site is then `robots_denied` and not visited.
pub async fn robots_gate(
    fetch: &impl Fetch,
    cfg: &CrawlConfig,
    target: &Target,
    cancel: &CancellationToken,
) -> Option<String> {
    if !cfg.respect_robots {
        return None;
    }
    let path = robots_denies(fetch, &target.url, cfg.timeout, cancel).await?;
    Some(format!(
        "robots.txt disallows {path} for {}",
        super::robots::AGENT
    ))
}

/// The landing path when the site's robots.txt disallows it for us; `None`
/// when allowed, or when robots.txt is missing or unreadable.
async fn robots_denies(
    fetch: &impl Fetch,
    url: &Url,
    timeout: Duration,
    cancel: &CancellationToken,
) -> Option<String> {
    let robots_url = url.join("/robots.txt").ok()?;
    let doc = fetch.fetch(&robots_url, None, timeout, cancel).await.ok()?;
    // RFC 9309: 2xx is read (a cut file up to the cut), 4xx allows all,
    // 5xx disallows all. A network error is not read as a denial: the
    // landing page's own fetch then reports what is wrong with the site.
    let text = String::from_utf8_lossy(&doc.body);
    let rules = super::robots::Robots::from_status(doc.status, &text, super::robots::AGENT);
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    (!rules.allowed(&path)).then_some(path)
}

/// Picks up to `n` same-site pages to visit from the landing page's links:
/// distinct paths, no logout, downloads or binary files.
pub fn pick_pages(links: &[Link], landing: &Url, n: usize) -> Vec<Url> {
    const SKIP_EXT: &[&str] = &[
        ".pdf", ".zip", ".gz", ".tgz", ".rar", ".7z", ".exe", ".dmg", ".msi", ".apk", ".iso",
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".mp3", ".mp4", ".mov", ".avi", ".webm",
        ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".csv", ".xml", ".rss", ".ics",
    ];
    const SKIP_WORDS: &[&str] = &[
        "logout",
        "log-out",
        "signout",
        "sign-out",
        "logoff",
        "download",
        "unsubscribe",
        "delete",
    ];
    let site = registrable_domain(landing.host_str().unwrap_or_default());
    let mut paths = HashSet::from([landing.path().to_string()]);
    let mut out = Vec::new();
    for l in links {
        if out.len() >= n {
            break;
        }
        let Ok(u) = Url::parse(&l.url) else { continue };
        if registrable_domain(u.host_str().unwrap_or_default()) != site {
            continue;
        }
        let path = u.path().to_ascii_lowercase();
        if SKIP_EXT.iter().any(|e| path.ends_with(e)) || SKIP_WORDS.iter().any(|w| path.contains(w))
        {
            continue;
        }
        if paths.insert(u.path().to_string()) {
            out.push(u);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_distinct_same_site_pages() {
        let mk = |u: &str| Link {
            url: u.into(),
            ..Default::default()
        };
        let links = [
            mk("https://www.s.example/"),
            mk("https://www.s.example/a"),
            mk("https://shop.s.example/a"),
            mk("https://www.s.example/a?x=1"),
            mk("https://www.s.example/logout"),
            mk("https://www.s.example/f.pdf"),
            mk("https://other.example/b"),
            mk("https://www.s.example/c"),
        ];
        let got = pick_pages(&links, &Url::parse("https://www.s.example/").unwrap(), 5);
        let got: Vec<_> = got.iter().map(Url::as_str).collect();
        assert_eq!(got, ["https://www.s.example/a", "https://www.s.example/c"]);
    }
}
