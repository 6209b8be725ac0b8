//! A site's links in, its policy documents with claims out: picks candidates
//! (links, then common paths, then `sitemap.xml`), fetches them, checks that
//! the text really is a policy, reads a separate cookie policy too, and
//! extracts claims. Not finding a policy is a result with a reason.
#![deny(clippy::string_slice)]

use super::claims::{self, Parties};
use super::discover::{self, PolicyKind};
use super::lang;
use super::text::{self, Extracted, TextStatus};
use crate::crawl::http::{Document, HttpEngine};
use crate::model::{Claim, ClaimKind, Link, PolicyDoc};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use url::Url;

/// Link candidates tried before falling back to common paths.
const MAX_LINK_CANDIDATES: usize = 3;
/// Common paths tried when no link qualifies.
const MAX_FALLBACK_PATHS: usize = 8;
/// Time allowed to fetch one candidate.
const DOC_BUDGET: Duration = Duration::from_secs(20);

/// A policy text analysed: language, date, claims.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub language: String,
    pub last_updated: String,
    pub text_hash: String,
    pub text_length: usize,
    pub claims: Vec<Claim>,
}

/// Claims of an extracted text (offsets refer to `text`).
pub fn analyze(text: &str, parties: &Parties) -> Analysis {
    let claims = claims::extract_with(text, parties);
    let last_updated = claims
        .iter()
        .find(|c| c.claim == ClaimKind::LastUpdated)
        .map(|c| c.party.clone())
        .unwrap_or_default();
    Analysis {
        language: lang::detect(text).to_string(),
        last_updated,
        text_hash: stable_hash(text),
        text_length: text.len(),
        claims,
    }
}

/// FNV-1a 64-bit, hex: a hash that stays the same across runs and versions.
pub fn stable_hash(text: &str) -> String {
    format!("{:016x}", crate::hash::fnv1a(text.as_bytes()))
}

/// What the policy stage found for a site.
#[derive(Debug, Clone, Default)]
pub struct SitePolicy {
    /// Privacy policy first, then a separate cookie policy.
    pub docs: Vec<PolicyDoc>,
    /// Why no policy was found or read (empty when found).
    pub error: String,
    /// A policy candidate existed but none could be read.
    pub unreadable: bool,
}

/// Why a fetched document gave no policy text.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    /// True when a policy is probably there but cannot be read (PDF, image
    /// only, login wall, too large); false when it is simply not a policy
    /// (error page, unrelated text).
    pub unreadable: bool,
    pub message: String,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Reads a fetched document as policy text, or says why it cannot.
pub fn read_document(doc: &Document) -> Result<Extracted, ReadError> {
    let err = |unreadable, message: String| ReadError {
        unreadable,
        message,
    };
    if doc.status >= 400 {
        return Err(err(false, format!("{}: HTTP {}", doc.url, doc.status)));
    }
    let ct = doc.content_type.to_ascii_lowercase();
    if ct.contains("pdf") || doc.body.starts_with(b"%PDF") {
        return Err(err(
            true,
            format!(
                "{}: the policy is a PDF; PDF policies are not read",
                doc.url
            ),
        ));
    }
    if doc.truncated {
        return Err(err(
            true,
            format!("{}: larger than the size cap; not read", doc.url),
        ));
    }
    if ct.starts_with("text/plain") {
        let (t, _) = crate::crawl::html::decode(&doc.body, Some(&doc.content_type));
        return ok_text(text::from_plain(&t), &doc.url);
    }
    if !(ct.is_empty() || ct.contains("html") || ct.contains("xml")) {
        return Err(err(
            false,
            format!("{}: content type {ct} is not a readable page", doc.url),
        ));
    }
    let (html, _) = crate::crawl::html::decode(&doc.body, Some(&doc.content_type));
    ok_text(text::extract(&html), &doc.url)
}

fn ok_text(e: Extracted, url: &Url) -> Result<Extracted, ReadError> {
    let unreadable = match e.status {
        TextStatus::Ok => return Ok(e),
        TextStatus::ImageOnly | TextStatus::LoginWall => true,
        TextStatus::Empty | TextStatus::NotPolicy => false,
    };
    let why = if e.message.is_empty() {
        format!("{:?}", e.status)
    } else {
        e.message.clone()
    };
    Err(ReadError {
        unreadable,
        message: format!("{url}: {why}"),
    })
}

fn to_doc(url: &Url, kind: PolicyKind, e: &Extracted, parties: &Parties) -> PolicyDoc {
    let a = analyze(&e.text, parties);
    PolicyDoc {
        url: url.to_string(),
        kind: match kind {
            PolicyKind::Privacy => "privacy".into(),
            PolicyKind::Cookie => "cookie".into(),
        },
        language: a.language,
        last_updated: a.last_updated,
        text_hash: a.text_hash,
        text_length: a.text_length,
        claims: a.claims,
    }
}

/// [`read_document`] on the blocking pool (text extraction is CPU work that
/// must not hold up other sites); returns the document's URL with the text.
async fn read_off_driver(doc: Document) -> Result<(Url, Extracted), ReadError> {
    let url = doc.url.clone();
    crate::crawl::cpu_value(move || read_document(&doc).map(|e| (doc.url, e)))
        .await
        .unwrap_or_else(|why| {
            Err(ReadError {
                unreadable: !why.starts_with("interrupted"),
                message: format!("{url}: the page could not be read: {why}"),
            })
        })
}

/// [`to_doc`] (language, claims) on the blocking pool; an error when the
/// analysis panicked (the site then has no policy document, with the reason).
async fn to_doc_off_driver(
    url: Url,
    kind: PolicyKind,
    e: Extracted,
    parties: &Arc<Parties>,
) -> Result<PolicyDoc, String> {
    let parties = parties.clone();
    crate::crawl::cpu_value(move || to_doc(&url, kind, &e, &parties))
        .await
        .map_err(|why| format!("reading the policy's claims failed: {why}"))
}

/// Finds and reads the site's privacy policy (and cookie policy). Text
/// extraction and claims run on the blocking pool.
pub async fn read_site_policy(
    engine: &HttpEngine,
    links: &[Link],
    landing: &Url,
    parties: &Arc<Parties>,
    abort: watch::Receiver<bool>,
) -> SitePolicy {
    let mut errors: Vec<ReadError> = Vec::new();
    let cands = discover::candidates(links, landing);
    let fetch = |u: Url| {
        let abort = abort.clone();
        async move {
            engine
                .get_document(&u, Some(landing), abort, DOC_BUDGET)
                .await
                .map_err(|e| ReadError {
                    unreadable: false,
                    message: format!("{u}: {e}"),
                })
        }
    };
    let mut found: Option<(Url, Extracted)> = None;
    for c in cands
        .iter()
        .filter(|c| c.kind == PolicyKind::Privacy)
        .take(MAX_LINK_CANDIDATES)
    {
        let Ok(u) = Url::parse(&c.url) else { continue };
        let read = match fetch(u).await {
            Ok(d) => read_off_driver(d).await,
            Err(e) => Err(e),
        };
        match read {
            Ok(hit) => {
                found = Some(hit);
                break;
            }
            Err(e) => errors.push(e),
        }
    }
    if found.is_none() && !*abort.borrow() {
        for p in discover::FALLBACK_PATHS.iter().take(MAX_FALLBACK_PATHS) {
            let Ok(u) = landing.join(p) else { continue };
            if let Ok(d) = fetch(u).await {
                if let Ok(hit) = read_off_driver(d).await {
                    found = Some(hit);
                    break;
                }
            }
        }
    }
    if found.is_none() && !*abort.borrow() {
        found = from_sitemap(landing, &fetch, &mut errors).await;
    }
    let mut out = SitePolicy::default();
    // A separate cookie policy is looked for beside the privacy policy.
    let privacy_url = found
        .as_ref()
        .map(|(u, _)| u.as_str().to_string())
        .unwrap_or_default();
    match found {
        Some((u, e)) => match to_doc_off_driver(u, PolicyKind::Privacy, e, parties).await {
            Ok(doc) => out.docs.push(doc),
            Err(why) => out.error = why,
        },
        None => {
            // Candidates that answered but could not be read (PDF, login wall,
            // image-only, too large) mean a policy exists that we cannot judge.
            out.unreadable = errors.iter().any(|e| e.unreadable);
            out.error = if cands.is_empty() {
                "no privacy policy link, common path or sitemap entry found".into()
            } else {
                let why: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
                format!("no readable privacy policy ({})", why.join("; "))
            };
            out.error = crate::text::bounded(&out.error, 1000);
        }
    }
    if let Some(c) = cands
        .iter()
        .find(|c| c.kind == PolicyKind::Cookie && c.url != privacy_url)
    {
        if let Ok(u) = Url::parse(&c.url) {
            if let Ok(d) = fetch(u).await {
                if let Ok((u, e)) = read_off_driver(d).await {
                    if u.as_str() != privacy_url {
                        if let Ok(doc) = to_doc_off_driver(u, PolicyKind::Cookie, e, parties).await
                        {
                            out.docs.push(doc);
                        }
                    }
                }
            }
        }
    }
    out
}

async fn from_sitemap<F, Fut>(
    landing: &Url,
    fetch: &F,
    errors: &mut Vec<ReadError>,
) -> Option<(Url, Extracted)>
where
    F: Fn(Url) -> Fut,
    Fut: std::future::Future<Output = Result<Document, ReadError>>,
{
    let mut sitemaps = vec![landing.join("/sitemap.xml").ok()?];
    let mut tried = 0;
    while let Some(sm) = sitemaps.pop() {
        tried += 1;
        if tried > 3 {
            break;
        }
        let Ok(d) = fetch(sm).await else { continue };
        if d.status >= 400 {
            continue;
        }
        let xml = String::from_utf8_lossy(&d.body);
        let (pages, nested) = discover::from_sitemap(&xml);
        for p in pages.iter().take(MAX_LINK_CANDIDATES) {
            let Ok(u) = Url::parse(p) else { continue };
            let read = match fetch(u).await {
                Ok(d) => read_off_driver(d).await,
                Err(e) => Err(e),
            };
            match read {
                Ok(hit) => return Some(hit),
                Err(e) => errors.push(e),
            }
        }
        sitemaps.extend(nested.iter().take(2).filter_map(|n| Url::parse(n).ok()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_hash_is_fnv1a() {
        assert_eq!(stable_hash(""), "cbf29ce484222325");
        assert_eq!(stable_hash("a"), "af63dc4c8601ec8c");
        assert_ne!(stable_hash("we sell"), stable_hash("we do not sell"));
    }
}
