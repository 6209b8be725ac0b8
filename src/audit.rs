//! A classified site record with its policy claims in, findings out: where what
//! the site does contradicts what its policy says (or where the policy is
//! silent), each with the observed evidence and the quoted sentence. Precision
//! first: exceptions and hedges are respected, and a policy that could not be
//! read is never treated as silent.

use crate::model::{
    Category, Claim, ClaimKind, ConsentState, Cookie, Finding, Party, Request, Severity,
    SiteRecord, SiteStatus, Stance, Visit,
};
use std::collections::{BTreeMap, BTreeSet};

mod behaviour;
mod consent;

/// A site record of `visits` (the first is the record's own, the rest its
/// consent visits) with a found policy, for the rule modules' tests.
#[cfg(test)]
fn test_record(visits: Vec<crate::model::Visit>) -> SiteRecord {
    let mut visits = visits.into_iter();
    SiteRecord {
        site: "https://www.shop.example/".into(),
        final_url: "https://www.shop.example/".into(),
        status: SiteStatus::Ok,
        error: String::new(),
        started: String::new(),
        duration_ms: 0,
        visit: visits.next().unwrap_or_default(),
        policy_url: String::new(),
        policy_error: String::new(),
        policy_status: "found".into(),
        tracker_companies: 0,
        named_companies: 0,
        coverage: None,
        dnt_compare: None,
        consent_visits: visits.collect(),
        policy_language: String::new(),
        policies: Vec::new(),
        findings: Vec::new(),
    }
}

/// What the crawl did that the rules need to know.
#[derive(Debug, Clone, Copy, Default)]
pub struct AuditContext {
    /// `DNT: 1` and `Sec-GPC: 1` were sent with every request.
    pub dnt_sent: bool,
}

/// Most evidence items listed in one finding.
const MAX_EVIDENCE: usize = 5;

/// The result of auditing one site.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    /// Findings, in rule order, each with its evidence and policy quote.
    pub findings: Vec<Finding>,
    /// Distinct outside tracker companies observed.
    pub tracker_companies: usize,
    /// How many of them the policy names.
    pub named_companies: usize,
}

fn lower(s: Severity) -> Severity {
    match s {
        Severity::High => Severity::Medium,
        Severity::Medium => Severity::Low,
        _ => Severity::Info,
    }
}

/// A finding that rests on a `deny` claim: its evidence opens with the negation
/// cue that set the stance; without one (a denial read with low confidence) the
/// severity is lowered one step and the evidence says why.
fn deny_basis(deny: &Claim, sev: Severity, ev: &mut Vec<String>) -> Severity {
    if deny.negation.is_empty() {
        ev.insert(
            0,
            format!(
                "the policy was read as a denial without a clear negation cue (cue \"{}\"), so the severity is lowered",
                deny.cue
            ),
        );
        lower(sev)
    } else {
        ev.insert(
            0,
            format!(
                "policy negation \"{}\" over \"{}\"",
                deny.negation, deny.cue
            ),
        );
        sev
    }
}

fn finding(
    rule: &str,
    severity: Severity,
    title: String,
    evidence: Vec<String>,
    quote: &str,
) -> Finding {
    let n = evidence.len();
    let mut ev: Vec<String> = evidence.into_iter().take(MAX_EVIDENCE).collect();
    if n > MAX_EVIDENCE {
        ev.push(format!("and {} more", n - MAX_EVIDENCE));
    }
    Finding {
        rule: rule.into(),
        severity,
        title,
        evidence: ev.join(" | "),
        policy_quote: quote.trim().to_string(),
    }
}

/// One evidence line for a request: its URL, company and category when known,
/// and the page it was made from.
pub(crate) fn req_evidence(r: &Request) -> String {
    let who = match (r.company.is_empty(), r.category) {
        (true, _) => String::new(),
        (false, Some(c)) => format!(" ({}, {})", r.company, c.as_str()),
        (false, None) => format!(" ({})", r.company),
    };
    format!("request {}{} on page {}", r.url, who, r.page_url)
}

fn cookie_evidence(c: &Cookie, rec: &SiteRecord) -> String {
    cookie_evidence_in(c, &rec.visit, &rec.final_url)
}

/// One evidence line for a cookie of `visit`: name, domain, lifetime, the URL
/// that set it and the page of that request (`fallback` when none is recorded).
pub(crate) fn cookie_evidence_in(c: &Cookie, visit: &Visit, fallback: &str) -> String {
    let page = visit
        .requests
        .iter()
        .find(|r| r.url == c.set_by)
        .map(|r| r.page_url.as_str())
        .unwrap_or(fallback);
    let life = c
        .lifetime_days
        .map_or("session".to_string(), |d| format!("{d:.1} days"));
    format!(
        "cookie {} on {} ({life}) set by {} on page {}",
        c.name, c.domain, c.set_by, page
    )
}

/// Whether a cookie is one a browser keeps (rejected ones set nothing).
fn kept(c: &Cookie) -> bool {
    c.note.is_empty() && c.lifetime_days != Some(0.0)
}

/// Whether a cookie is for something other than making the site work.
fn non_essential(c: &Cookie) -> bool {
    match c.purpose {
        Some(p) => p.is_tracking() || matches!(p, Category::Video),
        None => false,
    }
}

/// Categories that mean data goes to an outside business for its own ends.
fn selling_like(c: Option<Category>) -> bool {
    matches!(
        c,
        Some(
            Category::Advertising
                | Category::Social
                | Category::SessionReplay
                | Category::Fingerprinting
        )
    )
}

fn analytics_like(c: Option<Category>) -> bool {
    matches!(
        c,
        Some(Category::Analytics | Category::TagManager | Category::Cdn)
    )
}

/// Audits one site.
pub fn audit(rec: &SiteRecord, ctx: AuditContext) -> Audit {
    let mut out = Audit::default();
    if rec.status != SiteStatus::Ok {
        return out;
    }
    let trackers: Vec<&Request> = rec
        .visit
        .requests
        .iter()
        .filter(|r| r.tracker == Some(true))
        .collect();
    let outside: Vec<&&Request> = trackers
        .iter()
        .filter(|r| !r.same_owner && r.party == Some(Party::Third))
        .collect();
    let cookies: Vec<&Cookie> = rec.visit.cookies.iter().filter(|c| kept(c)).collect();
    let tracking_cookies: Vec<&&Cookie> = cookies.iter().filter(|c| non_essential(c)).collect();
    let claims: Vec<&Claim> = rec.claims().map(|(_, c)| c).collect();
    let f = &mut out.findings;

    // Companies observed vs named (disclosure ratio).
    let named: BTreeSet<&str> = claims
        .iter()
        .filter(|c| c.claim == ClaimKind::NamedParty)
        .map(|c| c.party.as_str())
        .collect();
    let mut companies: BTreeMap<&str, Vec<&Request>> = BTreeMap::new();
    for r in &outside {
        if !r.company.is_empty() {
            companies.entry(r.company.as_str()).or_default().push(r);
        }
    }
    out.tracker_companies = companies.len();
    out.named_companies = companies.keys().filter(|c| named.contains(*c)).count();

    // Consent: what the consent-state visits show (`--consent`); these rest
    // on behaviour alone, so they stand with or without a policy.
    let banner_ignored = consent::findings(rec, &claims, f);
    behaviour::leaks(rec, f);

    match rec.policy_status.as_str() {
        "found" => {}
        "not_found" => {
            if !trackers.is_empty() || !tracking_cookies.is_empty() {
                let mut ev: Vec<String> = outside.iter().map(|r| req_evidence(r)).collect();
                ev.extend(tracking_cookies.iter().map(|c| cookie_evidence(c, rec)));
                if ev.is_empty() {
                    ev.extend(trackers.iter().map(|r| req_evidence(r)));
                }
                f.push(finding(
                    "no_policy",
                    Severity::High,
                    format!("Tracks visitors ({} trackers, {} tracking cookies) but has no privacy policy we could find", trackers.len(), tracking_cookies.len()),
                    ev,
                    "",
                ));
            }
            return out;
        }
        // Unreadable or unknown: nothing can be said about what the policy says.
        _ => return out,
    }

    let has = |k: ClaimKind| claims.iter().any(|c| c.claim == k);
    let first = |k: ClaimKind, s: Stance| {
        claims
            .iter()
            .find(|c| c.claim == k && c.stance == s)
            .copied()
    };

    // Cookies.
    if !cookies.is_empty() {
        if let Some(deny) = first(ClaimKind::Cookies, Stance::Deny) {
            let sev = if deny.hedged {
                lower(Severity::High)
            } else {
                Severity::High
            };
            let mut ev: Vec<String> = cookies.iter().map(|c| cookie_evidence(c, rec)).collect();
            let sev = deny_basis(deny, sev, &mut ev);
            f.push(finding(
                "cookies_denied",
                sev,
                format!(
                    "The policy says no cookies are used, but the site set {} cookie(s)",
                    cookies.len()
                ),
                ev,
                &deny.quote,
            ));
        } else if !has(ClaimKind::Cookies) && !has(ClaimKind::ThirdPartyCookies) {
            f.push(finding(
                "cookies_undisclosed",
                Severity::High,
                format!(
                    "The site sets {} cookie(s) but its policy never mentions cookies",
                    cookies.len()
                ),
                cookies.iter().map(|c| cookie_evidence(c, rec)).collect(),
                "",
            ));
        }
    }
    let third_cookies: Vec<&&Cookie> = cookies
        .iter()
        .filter(|c| c.party == Some(Party::Third))
        .collect();
    if !third_cookies.is_empty()
        && !has(ClaimKind::ThirdPartyCookies)
        && first(ClaimKind::Cookies, Stance::Deny).is_none()
    {
        f.push(finding(
            "third_party_cookies_undisclosed",
            Severity::Medium,
            format!("Other companies set {} cookie(s) on visitors; the policy does not say third parties set cookies", third_cookies.len()),
            third_cookies.iter().map(|c| cookie_evidence(c, rec)).collect(),
            "",
        ));
    }

    // Beacons.
    let beacons: Vec<&Request> = rec
        .visit
        .requests
        .iter()
        .filter(|r| r.beacon && (r.party == Some(Party::Third) || r.tracker == Some(true)))
        .collect();
    if !beacons.is_empty() && !has(ClaimKind::WebBeacons) {
        f.push(finding(
            "beacons_undisclosed",
            Severity::Medium,
            format!(
                "{} tracking pixel(s) fired; the policy does not mention web beacons or pixels",
                beacons.len()
            ),
            beacons.iter().map(|r| req_evidence(r)).collect(),
            "",
        ));
    }

    // Purposes.
    let of = |cat: Category| -> Vec<&Request> {
        outside
            .iter()
            .filter(|r| r.category == Some(cat))
            .map(|r| **r)
            .collect()
    };
    let analytics = of(Category::Analytics);
    if !analytics.is_empty() && !has(ClaimKind::Analytics) {
        f.push(finding(
            "analytics_undisclosed",
            Severity::Medium,
            "Analytics services receive visitor data; the policy says nothing about analytics"
                .into(),
            analytics.iter().map(|r| req_evidence(r)).collect(),
            "",
        ));
    }
    let ads = of(Category::Advertising);
    if !ads.is_empty() && !has(ClaimKind::Advertising) {
        f.push(finding(
            "advertising_undisclosed",
            Severity::High,
            "Advertising companies receive visitor data; the policy says nothing about advertising"
                .into(),
            ads.iter().map(|r| req_evidence(r)).collect(),
            "",
        ));
    }
    let replay = of(Category::SessionReplay);
    let replay_named = replay.iter().any(|r| named.contains(r.company.as_str()));
    if !replay.is_empty() && !has(ClaimKind::SessionReplay) && !replay_named {
        f.push(finding(
            "session_replay_undisclosed",
            Severity::High,
            "A session-recording service (which can capture what visitors type and click) is loaded; the policy does not disclose it".into(),
            replay.iter().map(|r| req_evidence(r)).collect(),
            "",
        ));
    }

    behaviour::against_policy(rec, &claims, f);

    // Sharing denied, trackers receive data.
    if let Some(deny) = first(ClaimKind::ThirdPartySharing, Stance::Deny) {
        let sp = deny
            .exceptions
            .contains(&crate::model::Exception::ServiceProviders);
        let strong: Vec<&Request> = outside
            .iter()
            .filter(|r| selling_like(r.category))
            .map(|r| **r)
            .collect();
        let weak: Vec<&Request> = outside
            .iter()
            .filter(|r| analytics_like(r.category) && r.category != Some(Category::Cdn))
            .map(|r| **r)
            .collect();
        let (sev, ev) = if !strong.is_empty() {
            (Some(Severity::High), strong)
        } else if !weak.is_empty() && !sp {
            (Some(Severity::Medium), weak)
        } else {
            (None, Vec::new())
        };
        if let Some(sev) = sev {
            let sev = if deny.hedged { lower(sev) } else { sev };
            let mut evidence: Vec<String> = ev.iter().map(|r| req_evidence(r)).collect();
            let sev = deny_basis(deny, sev, &mut evidence);
            let cos: BTreeSet<&str> = ev
                .iter()
                .map(|r| r.company.as_str())
                .filter(|c| !c.is_empty())
                .collect();
            f.push(finding(
                "sharing_contradicted",
                sev,
                format!(
                    "The policy says data is not shared with third parties, but {} receive visitor data",
                    if cos.is_empty() { "outside trackers".to_string() } else { cos.into_iter().collect::<Vec<_>>().join(", ") }
                ),
                evidence,
                &deny.quote,
            ));
        }
    }

    // Do Not Track promised, not honoured.
    if ctx.dnt_sent {
        if let Some(dnt) = first(ClaimKind::Dnt, Stance::Affirm) {
            let loaded: Vec<&Request> = outside
                .iter()
                .filter(|r| {
                    matches!(
                        r.category,
                        Some(
                            Category::Advertising
                                | Category::Analytics
                                | Category::SessionReplay
                                | Category::Social
                        )
                    )
                })
                .map(|r| **r)
                .collect();
            if !loaded.is_empty() {
                let sev = if dnt.hedged {
                    lower(Severity::High)
                } else {
                    Severity::High
                };
                f.push(finding(
                    "dnt_contradicted",
                    sev,
                    "The policy says Do Not Track is honoured, but with DNT and GPC sent, trackers still loaded".into(),
                    loaded.iter().map(|r| req_evidence(r)).collect(),
                    &dnt.quote,
                ));
            }
        }
    }

    // The policy's promise of consent against cookies set before any
    // interaction (unless the banner-showing form already said so).
    let consent = claims.iter().find(|c| {
        c.claim == ClaimKind::Consent
            && c.stance == Stance::Affirm
            && claims.iter().any(|o| {
                o.start == c.start
                    && matches!(
                        o.claim,
                        ClaimKind::Cookies
                            | ClaimKind::ThirdPartyCookies
                            | ClaimKind::Advertising
                            | ClaimKind::Analytics
                            | ClaimKind::WebBeacons
                    )
            })
    });
    let ad_analytics_cookies: Vec<&&Cookie> = tracking_cookies
        .iter()
        .filter(|c| c.consent_state == ConsentState::None && !banner_ignored)
        .filter(|c| {
            matches!(
                c.purpose,
                Some(
                    Category::Advertising
                        | Category::Analytics
                        | Category::SessionReplay
                        | Category::Social
                )
            )
        })
        .copied()
        .collect();
    if let (Some(consent), false) = (consent, ad_analytics_cookies.is_empty()) {
        f.push(finding(
            "consent_ignored",
            Severity::Medium,
            "The policy promises consent or choice for cookies, but advertising/analytics cookies were set before any interaction".into(),
            ad_analytics_cookies.iter().map(|c| cookie_evidence(c, rec)).collect(),
            &consent.quote,
        ));
    }

    // Companies not named.
    for (company, reqs) in &companies {
        if !named.contains(company) {
            f.push(finding(
                "party_unnamed",
                Severity::Low,
                format!("{company} receives visitor data but is not named in the policy"),
                reqs.iter().map(|r| req_evidence(r)).collect(),
                "",
            ));
        }
    }

    // Cookies that outlive the retention the policy states.
    if let Some((days, quote)) = stated_cookie_retention(&claims) {
        let long: Vec<&&Cookie> = cookies
            .iter()
            .filter(|c| c.lifetime_days.is_some_and(|d| d > days * 1.1 + 1.0))
            .collect();
        if !long.is_empty() {
            f.push(finding(
                "retention_exceeded",
                Severity::Low,
                format!(
                    "{} cookie(s) last longer than the {days:.0} days the policy states",
                    long.len()
                ),
                long.iter().map(|c| cookie_evidence(c, rec)).collect(),
                quote,
            ));
        }
    }
    out.findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.title.cmp(&b.title))
    });
    out
}

/// The longest cookie lifetime a policy states, in days, with its sentence:
/// a retention or cookie sentence that mentions cookies and a duration.
fn stated_cookie_retention<'a>(claims: &[&'a Claim]) -> Option<(f64, &'a str)> {
    let mut best: Option<(f64, &str)> = None;
    for c in claims
        .iter()
        .filter(|c| matches!(c.claim, ClaimKind::DataRetention | ClaimKind::Cookies))
    {
        let q = c.quote.to_lowercase();
        if !q.contains("cookie")
            || !(q.contains("expire")
                || q.contains("retain")
                || q.contains("kept")
                || q.contains("stored")
                || q.contains("last")
                || q.contains("keep"))
        {
            continue;
        }
        let words: Vec<&str> = q
            .split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        for w in words.windows(2) {
            let Ok(n) = w[0].parse::<f64>() else { continue };
            let unit = match w[1] {
                u if u.starts_with("day") => 1.0,
                u if u.starts_with("week") => 7.0,
                u if u.starts_with("month") => 30.4,
                u if u.starts_with("year") => 365.0,
                _ => continue,
            };
            let days = n * unit;
            if best.is_none_or(|(b, _)| days > b) {
                best = Some((days, c.quote.as_str()));
            }
        }
    }
    best
}
