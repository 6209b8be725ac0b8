//! A site's links and landing page in, its policy documents with claims out:
//! picks candidates with the policy stage's pure functions (links, then
//! common paths, then `sitemap.xml`), fetches them through a
//! [`Fetch`](crate::crawl::fetch::Fetch), lets the policy stage read each one,
//! reads a separate cookie policy too. Not finding a policy is a result with a
//! reason. This sits in the run layer because it joins crawl (fetching) and
//! policy (reading), and neither of those imports the other.

use crate::crawl::fetch::{Document, Fetch};
use crate::crawl::{self, CancellationToken};
use crate::model::{Link, PolicyDoc};
use crate::policy::claims::Parties;
use crate::policy::discover::{self, PolicyKind};
use crate::policy::read::{
    policy_doc, read_document, FetchedPage, ReadError, SitePolicy, MAX_FALLBACK_PATHS,
    MAX_LINK_CANDIDATES, MAX_NESTED_SITEMAPS, MAX_SITEMAPS,
};
use crate::policy::text::Extracted;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// Time allowed to fetch one candidate.
const DOC_BUDGET: Duration = Duration::from_secs(20);

impl FetchedPage for Document {
    fn url(&self) -> &Url {
        &self.url
    }
    fn status(&self) -> u16 {
        self.status
    }
    fn content_type(&self) -> &str {
        &self.content_type
    }
    fn head(&self) -> &[u8] {
        &self.body[..self.body.len().min(16)]
    }
    fn truncated(&self) -> bool {
        self.truncated
    }
    fn text(&self) -> String {
        crawl::html::decode(&self.body, Some(&self.content_type)).0
    }
}

/// Fetches and reads candidates for one site.
struct Reader<'a, F> {
    fetch: &'a F,
    landing: &'a Url,
    cancel: &'a CancellationToken,
}

impl<F: Fetch> Reader<'_, F> {
    /// Fetches `u` from the landing page.
    async fn get(&self, u: &Url) -> Result<Document, ReadError> {
        self.fetch
            .fetch(u, Some(self.landing), DOC_BUDGET, self.cancel)
            .await
            .map_err(|e| ReadError {
                unreadable: false,
                message: format!("{u}: {e}"),
            })
    }

    /// Fetches `u` and reads it as policy text (on the blocking pool);
    /// returns the document's final URL with the text.
    async fn read(&self, u: &Url) -> Result<(Url, Extracted), ReadError> {
        let doc = self.get(u).await?;
        let url = doc.url.clone();
        crawl::cpu_value(move || read_document(&doc).map(|e| (doc.url, e)))
            .await
            .unwrap_or_else(|why| {
                Err(ReadError {
                    unreadable: !matches!(why, crate::Error::Interrupted),
                    message: format!("{url}: the page could not be read: {why}"),
                })
            })
    }

    fn cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// Policy pages listed in `/sitemap.xml` (and up to
    /// [`MAX_NESTED_SITEMAPS`] nested sitemaps of each).
    async fn in_sitemap(&self, errors: &mut Vec<ReadError>) -> Option<(Url, Extracted)> {
        let mut sitemaps = vec![self.landing.join("/sitemap.xml").ok()?];
        let mut tried = 0;
        while let Some(sm) = sitemaps.pop() {
            tried += 1;
            if tried > MAX_SITEMAPS {
                break;
            }
            let Ok(d) = self.get(&sm).await else { continue };
            if d.status >= 400 {
                continue;
            }
            let xml = String::from_utf8_lossy(&d.body);
            let (pages, nested) = discover::from_sitemap(&xml);
            for p in pages.iter().take(MAX_LINK_CANDIDATES) {
                let Ok(u) = Url::parse(p) else { continue };
                match self.read(&u).await {
                    Ok(hit) => return Some(hit),
                    Err(e) => errors.push(e),
                }
            }
            sitemaps.extend(
                nested
                    .iter()
                    .take(MAX_NESTED_SITEMAPS)
                    .filter_map(|n| Url::parse(n).ok()),
            );
        }
        None
    }
}

/// [`policy_doc`] (language, claims) on the blocking pool; an error when the
/// analysis panicked (the site then has no policy document, with the reason).
async fn doc_off_driver(
    url: Url,
    kind: PolicyKind,
    e: Extracted,
    parties: &Arc<Parties>,
) -> crate::Result<PolicyDoc> {
    let parties = parties.clone();
    crawl::cpu_value(move || policy_doc(&url, kind, &e, &parties)).await
}

/// Finds and reads the site's privacy policy (and cookie policy) through
/// `fetch`. Text extraction and claims run on the blocking pool.
pub async fn read_site_policy(
    fetch: &impl Fetch,
    links: &[Link],
    landing: &Url,
    parties: &Arc<Parties>,
    cancel: &CancellationToken,
) -> SitePolicy {
    let r = Reader {
        fetch,
        landing,
        cancel,
    };
    let mut errors: Vec<ReadError> = Vec::new();
    let cands = discover::candidates(links, landing);
    let mut found: Option<(Url, Extracted)> = None;
    for c in cands
        .iter()
        .filter(|c| c.kind == PolicyKind::Privacy)
        .take(MAX_LINK_CANDIDATES)
    {
        let Ok(u) = Url::parse(&c.url) else { continue };
        match r.read(&u).await {
            Ok(hit) => {
                found = Some(hit);
                break;
            }
            Err(e) => errors.push(e),
        }
    }
    if found.is_none() && !r.cancelled() {
        for p in discover::FALLBACK_PATHS.iter().take(MAX_FALLBACK_PATHS) {
            let Ok(u) = landing.join(p) else { continue };
            match r.read(&u).await {
                Ok(hit) => {
                    found = Some(hit);
                    break;
                }
                Err(e) => errors.push(e),
            }
        }
    }
    if found.is_none() && !r.cancelled() {
        found = r.in_sitemap(&mut errors).await;
    }
    // A separate cookie policy is looked for beside the privacy policy.
    let privacy_url = found
        .as_ref()
        .map(|(u, _)| u.as_str().to_string())
        .unwrap_or_default();
    let mut out = match found {
        Some((u, e)) => match doc_off_driver(u, PolicyKind::Privacy, e, parties).await {
            Ok(doc) => SitePolicy {
                docs: vec![doc],
                ..SitePolicy::default()
            },
            Err(why) => SitePolicy {
                error: format!("reading the policy's claims failed: {why}"),
                ..SitePolicy::default()
            },
        },
        None => SitePolicy::not_found(!cands.is_empty(), &errors),
    };
    if let Some(c) = cands
        .iter()
        .find(|c| c.kind == PolicyKind::Cookie && c.url != privacy_url)
    {
        if let Ok(u) = Url::parse(&c.url) {
            if let Ok((u, e)) = r.read(&u).await {
                if u.as_str() != privacy_url {
                    if let Ok(doc) = doc_off_driver(u, PolicyKind::Cookie, e, parties).await {
                        out.docs.push(doc);
                    }
                }
            }
        }
    }
    out
}
