//! The plain data types that flow between stages: a crawl produces a [`Visit`]
//! (requests, cookies, pages, errors), classification fills in its tracker columns,
//! the policy stage adds [`Claim`]s, the audit adds [`Finding`]s, and the reports
//! serialise all of it. No logic beyond small helpers lives here.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumString, IntoStaticStr, VariantArray};

mod behaviour;
mod consent;
mod summary;
mod union;
pub use behaviour::{Behaviour, BehaviourKind, PROBE_EMAIL, PROBE_PASSWORD, PROBE_TEXT};
pub use consent::{ConsentAction, ConsentOutcome, ConsentState, ConsentTally};
pub use summary::{RunSummary, SiteCounts};
pub use union::SeenBy;

/// Outcome of crawling one site (`sites.csv` `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, Display, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum SiteStatus {
    /// The landing page was fetched and parsed.
    Ok,
    /// The host name did not resolve.
    DnsError,
    /// The TCP connection failed (refused, reset, unreachable).
    ConnectError,
    /// The TLS handshake failed (bad certificate, protocol error).
    TlsError,
    /// A request or the per-site budget ran out of time.
    Timeout,
    /// The landing page answered with an HTTP error status (4xx/5xx).
    HttpError,
    /// The landing page exceeded the response size cap (or a decompression bomb).
    TooLarge,
    /// The landing page was not HTML.
    NotHtml,
    /// Redirects looped or exceeded the hop limit.
    RedirectLoop,
    /// The target could not be turned into a crawlable URL.
    InvalidUrl,
    /// robots.txt disallows the landing page (only with `--respect-robots`).
    RobotsDenied,
    /// Anything else (protocol garbage, engine failure); see the message.
    Error,
}

impl SiteStatus {
    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What kind of resource a request fetched (`requests.csv` `resource_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ResourceType {
    /// The page itself (a top-level navigation).
    Document,
    /// A script.
    Script,
    /// An image (including web beacons).
    Image,
    /// A stylesheet or a CSS `@import`.
    Stylesheet,
    /// A frame's document.
    Iframe,
    /// A web font.
    Font,
    /// Audio or video.
    Media,
    /// An `XMLHttpRequest`.
    Xhr,
    /// A `fetch()` call.
    Fetch,
    /// A `navigator.sendBeacon` call.
    Beacon,
    /// A hyperlink-auditing `ping`.
    Ping,
    /// A WebSocket connection.
    Websocket,
    /// Anything else (manifests, prefetches, objects ...).
    Other,
}

impl ResourceType {
    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// First or third party, by registrable domain against the site's landing page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Party {
    /// The site's own registrable domain.
    First,
    /// Any other registrable domain.
    Third,
}

impl Party {
    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Tracker / cookie purpose category (design.md enumeration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Category {
    /// Ad serving, targeting and measurement.
    Advertising,
    /// Audience measurement and product analytics.
    Analytics,
    /// Social networks' buttons, pixels and widgets.
    Social,
    /// Services that record visitors' clicks, typing and scrolling.
    SessionReplay,
    /// Tag managers that load other tags.
    TagManager,
    /// Consent-management platforms.
    Consent,
    /// Content delivery networks and hosting of shared files.
    Cdn,
    /// Video players and hosts.
    Video,
    /// Chat and support widgets.
    CustomerSupport,
    /// Services known to fingerprint browsers.
    Fingerprinting,
    /// Needed for the site to work (login, cart, security).
    Essential,
    /// Known, but none of the above.
    Other,
}

impl Category {
    /// Every category, in contract order.
    pub const ALL: &'static [Category] = <Category as VariantArray>::VARIANTS;

    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Parses the contract spelling.
    pub fn parse(s: &str) -> Option<Category> {
        s.parse().ok()
    }

    /// Whether a third party of this category tracks people (as opposed to
    /// serving fonts, consent banners or support chat).
    pub fn is_tracking(self) -> bool {
        matches!(
            self,
            Category::Advertising
                | Category::Analytics
                | Category::Social
                | Category::SessionReplay
                | Category::TagManager
                | Category::Fingerprinting
        )
    }
}

/// One HTTP request observed while auditing a page (one row of `requests.csv`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Request {
    /// The top-level page being audited (even for requests made inside frames).
    pub page_url: String,
    /// The requested URL.
    pub url: String,
    /// HTTP method.
    pub method: String,
    /// What the request fetched.
    pub resource_type: Option<ResourceType>,
    /// HTTP status; `None` when no response arrived.
    pub status: Option<u16>,
    /// First or third party.
    pub party: Option<Party>,
    /// Host of the URL.
    pub domain: String,
    /// Document (page or frame URL) or script that caused the request.
    pub initiator: String,
    /// Full URL of the previous redirect hop, when this row is a redirect target.
    pub redirect_from: String,
    /// Whether this request is a web beacon (tracking pixel or ping).
    pub beacon: bool,
    /// Whether classification judged it a tracker (`None` before classification).
    pub tracker: Option<bool>,
    /// The company behind the request's host.
    pub company: String,
    /// The company's category for this host.
    pub category: Option<Category>,
    /// Which rule or knowledge source decided the classification.
    pub rule: String,
    /// Whether the host belongs to the site's own organisation.
    pub same_owner: bool,
    /// Response content type (without parameters).
    pub content_type: String,
    /// Body bytes received (after decoding), capped.
    pub size: u64,
    /// Why the request failed or was cut short (timeout, truncated ...).
    pub error: String,
    /// The consent state the request was made in (`none` before any click).
    #[serde(default)]
    pub consent_state: ConsentState,
    /// With `--engine both`: which engine made the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<SeenBy>,
    /// The start of the request body (browser engine, bounded), read only to
    /// decode tracker payloads and find typed text; never written out.
    #[serde(skip)]
    pub post_data: String,
    /// Discovery-order sort key (page, element, hop) that makes output deterministic.
    #[serde(skip)]
    pub order: Vec<u32>,
}

/// How a cookie was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum CookieSource {
    /// A `Set-Cookie` response header.
    Header,
    /// `document.cookie` from a script (browser engine).
    Script,
}

impl CookieSource {
    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One cookie observed (one row of `cookies.csv`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cookie {
    /// Cookie name as set (bounded).
    pub name: String,
    /// Length of the value (values themselves are not kept in the CSV).
    pub value_length: usize,
    /// Effective domain (the `Domain` attribute, else the setting host).
    pub domain: String,
    /// The `Path` attribute, or the default path.
    pub path: String,
    /// First or third party, from the cookie's domain.
    pub party: Option<Party>,
    /// How it was set (header or script).
    pub source: CookieSource,
    /// URL of the response (header) or script that set it.
    pub set_by: String,
    /// Expiry as RFC 3339 UTC, empty for session cookies.
    pub expires: String,
    /// Lifetime in days relative to the crawl time; `None` for session cookies.
    pub lifetime_days: Option<f64>,
    /// The `Secure` attribute.
    pub secure: bool,
    /// The `HttpOnly` attribute.
    pub http_only: bool,
    /// `Strict`, `Lax`, `None` or empty.
    pub same_site: String,
    /// Company known to use this cookie name or domain, else empty.
    pub company: String,
    /// What the cookie is for, when known.
    pub purpose: Option<Category>,
    /// Raw header problems (invalid Set-Cookie recorded with a note).
    pub note: String,
    /// The consent state the cookie was set in (`none`: before any click).
    #[serde(default)]
    pub consent_state: ConsentState,
    /// With `--engine both`: which engine recorded the cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<SeenBy>,
    /// A partitioned (CHIPS) cookie's partition: the top-level site it is
    /// kept for (browser engine); empty for an unpartitioned cookie.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub partition_key: String,
}

/// A page of the site that was audited (landing page and clicked-through pages).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Page {
    /// The URL first requested.
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    /// HTTP status of the page's response, when there was one.
    pub status: Option<u16>,
    /// The page's title (bounded).
    pub title: String,
    /// Character encoding the page was decoded with.
    pub charset: String,
}

/// Everything a crawl engine observed on one site.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Visit {
    /// Pages visited, landing page first.
    pub pages: Vec<Page>,
    /// Every request the visit made, redirect hops included.
    pub requests: Vec<Request>,
    /// Every cookie set during the visit.
    pub cookies: Vec<Cookie>,
    /// Non-fatal problems met on the way (resource errors, skipped cookies).
    pub errors: Vec<String>,
    /// localStorage / sessionStorage keys (browser engine only).
    #[serde(default)]
    pub storage: Vec<StorageItem>,
    /// Same-site links found on visited pages (candidates for policy discovery).
    #[serde(skip)]
    pub links: Vec<Link>,
    /// Behaviour that is not a request: fingerprinting, key logging, session
    /// recording (browser engine) and decoded tracker payloads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub behaviours: Vec<Behaviour>,
    /// With `--consent`: the state the visit was made in and what was done
    /// with the consent banner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<ConsentOutcome>,
}

/// One `localStorage` / `sessionStorage` key found at the end of a visit
/// (one row of `storage.csv`). Values are not kept, only their length.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StorageItem {
    /// Origin of the frame whose storage holds the key (`https://www.example.com`).
    pub origin: String,
    /// `local` or `session`.
    pub kind: String,
    /// Storage key (bounded).
    pub key: String,
    /// Length of the value in UTF-16 code units (JavaScript `length`).
    pub value_length: usize,
    /// First or third party, by the origin's registrable domain.
    pub party: Option<Party>,
    /// The script that wrote it with `setItem` (empty when unknown, e.g. a
    /// direct property assignment).
    pub set_by: String,
    /// The consent state of the visit that found it.
    #[serde(default)]
    pub consent_state: ConsentState,
}

impl Visit {
    /// Hosts of the requests classified as trackers.
    pub fn tracker_hosts(&self) -> std::collections::BTreeSet<String> {
        self.requests
            .iter()
            .filter(|r| r.tracker == Some(true))
            .map(|r| r.domain.clone())
            .collect()
    }
}

/// A hyperlink found on a crawled page, kept for policy discovery.
#[derive(Debug, Clone, Default)]
pub struct Link {
    /// Absolute URL.
    pub url: String,
    /// Visible anchor text (whitespace-collapsed, bounded).
    pub text: String,
    /// The `title` attribute.
    pub title: String,
    /// The `rel` attribute.
    pub rel: String,
    /// Whether it sits in a footer, nav or header region.
    pub in_chrome: bool,
    /// The page it was found on.
    pub page: String,
}

/// Claim ids of the policy taxonomy (design.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ClaimKind {
    /// The site uses cookies or similar technology.
    Cookies,
    /// Third parties set cookies or collect data on the site.
    ThirdPartyCookies,
    /// Web beacons, pixels or tags.
    WebBeacons,
    /// Analytics or audience measurement.
    Analytics,
    /// Advertising, targeted or not.
    Advertising,
    /// Session recording or replay.
    SessionReplay,
    /// Personal data shared with third parties.
    ThirdPartySharing,
    /// Personal data sold, rented or traded.
    Selling,
    /// Do Not Track (affirm = honoured, deny = not honoured).
    Dnt,
    /// Global Privacy Control (affirm = honoured).
    Gpc,
    /// An opt-out the visitor can use.
    OptOut,
    /// Choice through browser or device settings.
    BrowserControls,
    /// Consent is asked before the practice.
    Consent,
    /// Practices about children.
    Children,
    /// Data transferred in a merger, acquisition or bankruptcy.
    MergerTransfer,
    /// Disclosure to meet legal demands.
    LegalDisclosure,
    /// How the policy changes.
    PolicyChange,
    /// How long data is kept.
    DataRetention,
    /// How data is protected.
    DataSecurity,
    /// Data transferred to other countries.
    InternationalTransfer,
    /// A company or product named in the policy (see `party`).
    NamedParty,
    /// The policy's "last updated" date (see `party`).
    LastUpdated,
    /// The policy says it uses (or does not use) browser or device fingerprinting.
    Fingerprinting,
}

impl ClaimKind {
    /// Every claim id, in contract order.
    pub const ALL: &'static [ClaimKind] = <ClaimKind as VariantArray>::VARIANTS;

    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Whether a policy sentence says the practice happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Stance {
    /// The policy says it does (or may do) it.
    Affirm,
    /// The policy says it does not.
    Deny,
    /// The topic is discussed without either.
    Mention,
}

impl Stance {
    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Typed exceptions to a claim ("except our affiliates").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Exception {
    /// The company's own affiliates and subsidiaries.
    Affiliates,
    /// Service providers acting on the company's behalf.
    ServiceProviders,
    /// When the law or legal process requires it.
    Legal,
    /// In a merger, acquisition or sale of assets.
    Merger,
    /// With the visitor's consent.
    Consent,
    /// Aggregated or de-identified data.
    Aggregate,
}

impl Exception {
    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One claim a privacy policy makes (one row of `claims.csv`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Which claim.
    pub claim: ClaimKind,
    /// What the policy says of it: affirm, deny or mention.
    pub stance: Stance,
    /// "may", "might", "from time to time" ... soften the claim.
    pub hedged: bool,
    /// Sorted, without duplicates.
    pub exceptions: Vec<Exception>,
    /// For `named_party`: the company (canonical name); for `last_updated`: the
    /// date (YYYY-MM-DD); otherwise empty.
    pub party: String,
    /// The words of the sentence that made it this claim ("share", "do not track").
    #[serde(default)]
    pub cue: String,
    /// The words that set a `deny` stance ("do not", "never", "unable"); empty for
    /// affirm and mention, and for a denial read without a clear negation cue.
    #[serde(default)]
    pub negation: String,
    /// The sentence the claim was read from.
    pub quote: String,
    /// Byte offset of the quote in the extracted policy text.
    pub start: usize,
    /// Byte offset one past the quote's end.
    pub end: usize,
}

/// Finding severity, ordered so that `High > Medium > Low > Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Severity {
    /// Informational: no contradiction.
    Info,
    /// Low severity.
    Low,
    /// Medium severity.
    Medium,
    /// High severity: the policy is contradicted outright.
    High,
}

impl Severity {
    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A contradiction between what a site does and what its policy says.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's id (`sharing_contradicted` ...).
    pub rule: String,
    /// How serious the contradiction is.
    pub severity: Severity,
    /// One line saying what is wrong.
    pub title: String,
    /// The observations that show it (requests, cookies), one per line.
    pub evidence: String,
    /// The policy sentence it contradicts, if any.
    pub policy_quote: String,
}

/// Everything known about one audited site: the unit every output format writes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SiteRecord {
    /// The target as crawled (normalised URL).
    pub site: String,
    /// Landing page after redirects.
    pub final_url: String,
    /// How the site's audit ended.
    pub status: SiteStatus,
    /// Why the site failed (empty when `ok`).
    pub error: String,
    /// Crawl start for this site, RFC 3339 UTC.
    pub started: String,
    /// Wall time spent on the site, milliseconds.
    pub duration_ms: u64,
    #[serde(flatten)]
    /// Everything observed on the site.
    pub visit: Visit,
    /// The privacy policy found (empty when none).
    pub policy_url: String,
    /// Why no policy was found or read.
    pub policy_error: String,
    /// `found`, `not_found` (nothing policy-like anywhere), `unreadable` (a
    /// candidate existed but could not be read: PDF, login wall ...), or empty
    /// when the site itself failed.
    pub policy_status: String,
    /// Distinct outside tracker companies observed (same-owner ones excluded).
    pub tracker_companies: usize,
    /// How many of those the policy names.
    pub named_companies: usize,
    /// With `--engine both`: what the HTTP engine saw of what the browser saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<EngineCoverage>,
    /// With `--dnt-compare`: what changed when DNT/GPC were sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dnt_compare: Option<DntComparison>,
    /// With `--consent` and more than one state: the visits in the states
    /// after the first (whose visit is the record's own), each classified.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consent_visits: Vec<Visit>,
    /// Language of the policy text.
    pub policy_language: String,
    /// The policy documents read (privacy policy first, then a separate
    /// cookie policy when the site has one), each with its claims.
    pub policies: Vec<PolicyDoc>,
    /// The audit's findings.
    pub findings: Vec<Finding>,
}

impl SiteRecord {
    /// The record of a site that was never audited: status `error` with
    /// `error`, started `started`, nothing observed.
    pub fn unaudited(site: String, started: String, error: String) -> SiteRecord {
        SiteRecord {
            site,
            final_url: String::new(),
            status: SiteStatus::Error,
            error,
            started,
            duration_ms: 0,
            visit: Visit::default(),
            policy_url: String::new(),
            policy_error: String::new(),
            policy_status: String::new(),
            tracker_companies: 0,
            named_companies: 0,
            coverage: None,
            dnt_compare: None,
            consent_visits: Vec::new(),
            policy_language: String::new(),
            policies: Vec::new(),
            findings: Vec::new(),
        }
    }
}

/// The same site crawled by the browser and by the HTTP engine (`--engine both`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EngineCoverage {
    /// Tracker hosts the browser engine saw.
    pub browser_trackers: Vec<String>,
    /// Tracker hosts the HTTP engine saw.
    pub http_trackers: Vec<String>,
    /// Tracker hosts only the browser saw (what the HTTP engine misses).
    pub missed_by_http: Vec<String>,
    /// Requests the browser engine recorded.
    pub browser_requests: usize,
    /// Requests the HTTP engine recorded.
    pub http_requests: usize,
    /// Cookies the browser engine recorded.
    pub browser_cookies: usize,
    /// Cookies the HTTP engine recorded.
    pub http_cookies: usize,
}

impl EngineCoverage {
    /// Compares the two engines' visits of one site.
    pub fn between(http: &Visit, browser: &Visit) -> EngineCoverage {
        let (h, b) = (http.tracker_hosts(), browser.tracker_hosts());
        EngineCoverage {
            missed_by_http: b.difference(&h).cloned().collect(),
            browser_trackers: b.into_iter().collect(),
            http_trackers: h.into_iter().collect(),
            browser_requests: browser.requests.len(),
            http_requests: http.requests.len(),
            browser_cookies: browser.cookies.len(),
            http_cookies: http.cookies.len(),
        }
    }

    /// Share of the browser's tracker hosts the HTTP engine also saw (1 when the
    /// browser saw none).
    pub fn ratio(&self) -> f64 {
        if self.browser_trackers.is_empty() {
            1.0
        } else {
            1.0 - self.missed_by_http.len() as f64 / self.browser_trackers.len() as f64
        }
    }
}

/// The same site crawled without and with the Do Not Track / Global Privacy
/// Control signals.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DntComparison {
    /// Tracker hosts loaded without the signals.
    pub trackers_without: Vec<String>,
    /// Tracker hosts loaded with the signals.
    pub trackers_with: Vec<String>,
    /// Tracker hosts that stopped loading when the signals were sent.
    pub stopped: Vec<String>,
    /// Tracker hosts that loaded only when the signals were sent.
    pub started: Vec<String>,
    /// Cookies set without the signals.
    pub cookies_without: usize,
    /// Cookies set with the signals.
    pub cookies_with: usize,
}

impl DntComparison {
    /// Compares a crawl without the signals to one with them.
    pub fn between(without: &Visit, with: &Visit) -> DntComparison {
        let (a, b) = (without.tracker_hosts(), with.tracker_hosts());
        DntComparison {
            stopped: a.difference(&b).cloned().collect(),
            started: b.difference(&a).cloned().collect(),
            trackers_without: a.into_iter().collect(),
            trackers_with: b.into_iter().collect(),
            cookies_without: without.cookies.len(),
            cookies_with: with.cookies.len(),
        }
    }
}

/// One policy document read for a site.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PolicyDoc {
    /// URL after redirects.
    pub url: String,
    /// `privacy` or `cookie`.
    pub kind: String,
    /// ISO 639-1 language code (`und` when unknown).
    pub language: String,
    /// The date the policy states (YYYY-MM-DD), when it states one.
    pub last_updated: String,
    /// Hash of the extracted text (changes when the wording changes).
    pub text_hash: String,
    /// Length of the extracted text in bytes.
    pub text_length: usize,
    /// Claims found in the policy, in text order.
    pub claims: Vec<Claim>,
}

impl SiteRecord {
    /// Whether the site was cut short by a stopped crawl (its error, or a note,
    /// starts with "interrupted"): stored, but `--resume` visits it again.
    pub fn interrupted(&self) -> bool {
        self.error.starts_with("interrupted")
            || self
                .visit
                .errors
                .iter()
                .any(|e| e.starts_with("interrupted"))
    }

    /// Every claim with the document it came from.
    pub fn claims(&self) -> impl Iterator<Item = (&PolicyDoc, &Claim)> {
        self.policies
            .iter()
            .flat_map(|d| d.claims.iter().map(move |c| (d, c)))
    }
}

/// First party when `host` shares the site's registrable domain `site_domain`.
pub fn party_of(host: &str, site_domain: &str) -> Party {
    if crate::domain::registrable_domain(host) == site_domain {
        Party::First
    } else {
        Party::Third
    }
}

#[cfg(test)]
#[path = "model/tests.rs"]
mod tests;
