//! A fetched document in, policy text or the reason it is none out; a
//! policy text in, its analysis (language, date, claims) out; the reasons
//! candidates failed in, the site's "no policy" verdict out. Pure: the crawl
//! side finds and fetches the candidates and hands each one here.
#![deny(clippy::string_slice)]

use super::claims::{self, Parties};
use super::discover::PolicyKind;
use super::lang;
use super::text::{self, Extracted, TextStatus};
use crate::model::{Claim, ClaimKind, PolicyDoc};
use url::Url;

/// Link candidates tried before falling back to common paths (and pages
/// taken from one sitemap).
pub const MAX_LINK_CANDIDATES: usize = 3;
/// Common paths tried when no link qualifies.
pub const MAX_FALLBACK_PATHS: usize = 8;
/// Sitemaps read at most (`/sitemap.xml` and nested ones).
pub const MAX_SITEMAPS: usize = 3;
/// Nested sitemaps followed from one sitemap index.
pub const MAX_NESTED_SITEMAPS: usize = 2;

/// A policy text analysed: language, date, claims.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Detected language code (`en`, `de` ...).
    pub language: String,
    /// The "last updated" date the text states, or empty.
    pub last_updated: String,
    /// [`stable_hash`] of the text.
    pub text_hash: String,
    /// Length of the text in bytes.
    pub text_length: usize,
    /// The claims, with byte offsets into the text.
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
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ReadError {
    /// True when a policy is probably there but cannot be read (PDF, image
    /// only, login wall, too large); false when it is simply not a policy
    /// (error page, unrelated text).
    pub unreadable: bool,
    /// The document's URL and what is wrong with it.
    pub message: String,
}

/// A fetched document as the policy stage reads it. The crawl side fetches
/// documents and implements this for its document type; the policy stage
/// never touches the network.
pub trait FetchedPage {
    /// URL after redirects.
    fn url(&self) -> &Url;
    /// HTTP status of the last response.
    fn status(&self) -> u16;
    /// Content-Type header (with parameters), or empty.
    fn content_type(&self) -> &str;
    /// The first bytes of the body (enough to sniff `%PDF`).
    fn head(&self) -> &[u8];
    /// The body exceeded the size cap.
    fn truncated(&self) -> bool;
    /// The body decoded by its charset (Content-Type, BOM, `<meta charset>`).
    fn text(&self) -> String;
}

/// Reads a fetched document as policy text, or says why it cannot.
pub fn read_document(doc: &impl FetchedPage) -> Result<Extracted, ReadError> {
    let url = doc.url();
    let err = |unreadable, message: String| ReadError {
        unreadable,
        message,
    };
    if doc.status() >= 400 {
        return Err(err(false, format!("{url}: HTTP {}", doc.status())));
    }
    let ct = doc.content_type().to_ascii_lowercase();
    if ct.contains("pdf") || doc.head().starts_with(b"%PDF") {
        return Err(err(
            true,
            format!("{url}: the policy is a PDF; PDF policies are not read"),
        ));
    }
    if doc.truncated() {
        return Err(err(
            true,
            format!("{url}: larger than the size cap; not read"),
        ));
    }
    if ct.starts_with("text/plain") {
        return ok_text(text::from_plain(&doc.text()), url);
    }
    if !(ct.is_empty() || ct.contains("html") || ct.contains("xml")) {
        return Err(err(
            false,
            format!("{url}: content type {ct} is not a readable page"),
        ));
    }
    ok_text(text::extract(&doc.text()), url)
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

/// The policy document row of an extracted text found at `url`.
pub fn policy_doc(url: &Url, kind: PolicyKind, e: &Extracted, parties: &Parties) -> PolicyDoc {
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

impl SitePolicy {
    /// No readable privacy policy: why, from the candidates' errors (empty
    /// `errors` with no candidates at all means nothing was found). A
    /// candidate that answered but could not be read (PDF, login wall,
    /// image-only, too large) means a policy exists that cannot be judged.
    pub fn not_found(had_candidates: bool, errors: &[ReadError]) -> SitePolicy {
        let error = if had_candidates {
            let why: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
            format!("no readable privacy policy ({})", why.join("; "))
        } else {
            "no privacy policy link, common path or sitemap entry found".into()
        };
        SitePolicy {
            docs: Vec::new(),
            error: crate::text::bounded(&error, 1000),
            unreadable: errors.iter().any(|e| e.unreadable),
        }
    }
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
