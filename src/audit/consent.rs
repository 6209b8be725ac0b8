//! A site's consent-state visits (`--consent`) and its policy claims in, the
//! consent findings out: `reject_ignored`, `no_reject_option`,
//! `tcf_vendor_mismatch`, and `consent_ignored` when the banner is showing.
//! Only what was observed after the engine's own click counts against a
//! choice; a visit whose click did not take accuses nothing.

use super::{cookie_evidence_in, finding, kept, non_essential, req_evidence};
use crate::classify::tcf_vendors::vendor_ids;
use crate::model::{
    Category, Claim, ClaimKind, ConsentAction, ConsentOutcome, ConsentState, Cookie, Finding,
    Party, Request, Severity, SiteRecord, Stance, Visit,
};
use std::collections::{BTreeMap, BTreeSet};

/// Tracker categories a "Reject all" must stop.
fn needs_consent(c: Option<Category>) -> bool {
    matches!(
        c,
        Some(
            Category::Advertising
                | Category::Analytics
                | Category::Social
                | Category::SessionReplay
                | Category::Fingerprinting
        )
    )
}

/// Requests in `state` to outside trackers of a category that needs consent.
fn tracking_requests(v: &Visit, state: ConsentState) -> Vec<&Request> {
    v.requests
        .iter()
        .filter(|r| {
            r.consent_state == state
                && r.tracker == Some(true)
                && !r.same_owner
                && r.party == Some(Party::Third)
                && needs_consent(r.category)
        })
        .collect()
}

/// Cookies set in `state` whose purpose needs consent.
fn tracking_cookies(v: &Visit, state: ConsentState) -> Vec<&Cookie> {
    v.cookies
        .iter()
        .filter(|c| c.consent_state == state && kept(c) && non_essential(c))
        .filter(|c| needs_consent(c.purpose))
        .collect()
}

/// One request per tracker host (the first seen), so evidence shows variety.
fn per_host<'a>(reqs: &[&'a Request]) -> Vec<&'a Request> {
    let mut seen = BTreeSet::new();
    reqs.iter()
        .filter(|r| seen.insert(r.domain.as_str()))
        .copied()
        .collect()
}

/// The visit's first page: where a cookie without a recorded setter was seen.
fn first_page(v: &Visit) -> &str {
    v.pages.first().map_or("", |p| p.url.as_str())
}

/// What was clicked, for the first evidence line.
fn clicked_line(c: &ConsentOutcome) -> String {
    let what = if c.clicked_text.is_empty() {
        String::new()
    } else {
        format!(" \"{}\"", c.clicked_text)
    };
    format!(
        "{} banner ({}): clicked{what} on layer {}",
        if c.cmp.is_empty() { "consent" } else { &c.cmp },
        c.method,
        c.layers
    )
}

/// The policy's consent or opt-out sentence, if it has one.
fn choice_quote<'a>(claims: &[&'a Claim]) -> &'a str {
    claims
        .iter()
        .find(|c| c.claim == ClaimKind::Consent && c.stance == Stance::Affirm)
        .or_else(|| {
            claims
                .iter()
                .find(|c| c.claim == ClaimKind::OptOut && c.stance == Stance::Affirm)
        })
        .map(|c| c.quote.as_str())
        .unwrap_or("")
}

/// The consent findings; returns whether `consent_ignored` was raised (the
/// policy-only form of that rule then stays quiet).
pub(super) fn findings(rec: &SiteRecord, claims: &[&Claim], f: &mut Vec<Finding>) -> bool {
    let quote = choice_quote(claims);
    if let Some((v, c)) = visit(rec, ConsentState::Reject) {
        if c.action == Some(ConsentAction::Clicked) {
            reject_ignored(v, c, quote, f);
            tcf_vendor_mismatch(v, c, f);
        }
    }
    no_reject_option(rec, f);
    banner_ignored(rec, quote, f)
}

fn visit(rec: &SiteRecord, state: ConsentState) -> Option<(&Visit, &ConsentOutcome)> {
    let v = rec.visit_in(state)?;
    Some((v, v.consent.as_ref()?))
}

fn reject_ignored(v: &Visit, c: &ConsentOutcome, quote: &str, f: &mut Vec<Finding>) {
    let reqs = per_host(&tracking_requests(v, ConsentState::Reject));
    let cookies = tracking_cookies(v, ConsentState::Reject);
    if reqs.is_empty() && cookies.is_empty() {
        return;
    }
    let mut ev = vec![clicked_line(c)];
    ev.extend(reqs.iter().map(|r| req_evidence(r)));
    ev.extend(
        cookies
            .iter()
            .map(|k| cookie_evidence_in(k, v, first_page(v))),
    );
    f.push(finding(
        "reject_ignored",
        Severity::High,
        format!(
            "After \"Reject all\", {} tracker host(s) still received requests and {} tracking cookie(s) were set",
            reqs.len(),
            cookies.len()
        ),
        ev,
        quote,
    ));
}

fn tcf_vendor_mismatch(v: &Visit, c: &ConsentOutcome, f: &mut Vec<Finding>) {
    if c.tc_string.is_empty() {
        return;
    }
    let consented: BTreeSet<u32> = c.vendors_consented.iter().copied().collect();
    let mut by_company: BTreeMap<&str, Vec<&Request>> = BTreeMap::new();
    for r in tracking_requests(v, ConsentState::Reject) {
        let ids = vendor_ids(&r.company);
        if !ids.is_empty() && !ids.iter().any(|id| consented.contains(id)) {
            by_company.entry(r.company.as_str()).or_default().push(r);
        }
    }
    for (company, reqs) in by_company {
        let ids: Vec<String> = vendor_ids(company).iter().map(|i| i.to_string()).collect();
        let mut ev = vec![format!(
            "TC string after the choice consents to vendors [{}]; {company} is vendor {}",
            c.vendors_consented
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(" "),
            ids.join("/")
        )];
        ev.extend(per_host(&reqs).iter().map(|r| req_evidence(r)));
        f.push(finding(
            "tcf_vendor_mismatch",
            Severity::Low,
            format!("{company} received requests after \"Reject all\" although the TC string gives its vendor id no consent"),
            ev,
            "",
        ));
    }
}

fn no_reject_option(rec: &SiteRecord, f: &mut Vec<Finding>) {
    let Some(c) = rec
        .all_visits()
        .filter_map(|v| v.consent.as_ref())
        .find(|c| c.banner_found && c.first_layer_reject == Some(false))
    else {
        return;
    };
    let reject = rec
        .visit_in(ConsentState::Reject)
        .and_then(|v| v.consent.as_ref());
    let mut ev = vec![format!(
        "{} banner found ({}) with no reject control on its first layer",
        if c.cmp.is_empty() { "consent" } else { &c.cmp },
        c.method
    )];
    match reject {
        Some(r) if r.action == Some(ConsentAction::Clicked) => ev.push(format!(
            "\"Reject all\" was reached only through layer {}",
            r.layers
        )),
        Some(r) if r.action == Some(ConsentAction::NoRejectButton) => {
            ev.push("no reject control on any layer the engine could reach".into())
        }
        _ => {}
    }
    // The generic detector reads button words; a reject it did not
    // recognise must not become a medium accusation.
    let severity = if c.method == "generic" {
        ev.push("found by the generic banner detector: check the banner by hand".into());
        Severity::Low
    } else {
        Severity::Medium
    };
    f.push(finding(
        "no_reject_option",
        severity,
        "The consent banner's first layer offers no way to reject".into(),
        ev,
        "",
    ));
}

/// `consent_ignored` with the banner showing: trackers or tracking cookies in
/// state `none` while the visitor has not chosen.
fn banner_ignored(rec: &SiteRecord, quote: &str, f: &mut Vec<Finding>) -> bool {
    let Some((v, c)) = visit(rec, ConsentState::None) else {
        return false;
    };
    if !c.banner_found {
        return false;
    }
    let reqs = per_host(&tracking_requests(v, ConsentState::None));
    let cookies = tracking_cookies(v, ConsentState::None);
    if reqs.is_empty() && cookies.is_empty() {
        return false;
    }
    let mut ev = vec![format!(
        "{} banner showing ({}); nothing clicked",
        if c.cmp.is_empty() { "consent" } else { &c.cmp },
        c.method
    )];
    ev.extend(reqs.iter().map(|r| req_evidence(r)));
    ev.extend(
        cookies
            .iter()
            .map(|k| cookie_evidence_in(k, v, first_page(v))),
    );
    f.push(finding(
        "consent_ignored",
        Severity::Medium,
        format!(
            "Tracking starts before any choice while the consent banner is showing ({} tracker host(s), {} tracking cookie(s))",
            reqs.len(),
            cookies.len()
        ),
        ev,
        quote,
    ));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(visits: Vec<Visit>) -> SiteRecord {
        super::super::test_record(visits)
    }

    fn outcome(state: ConsentState, action: Option<ConsentAction>) -> ConsentOutcome {
        ConsentOutcome {
            state,
            cmp: "OneTrust".into(),
            method: "rule:OneTrust".into(),
            banner_found: true,
            action,
            layers: u32::from(action == Some(ConsentAction::Clicked)),
            first_layer_reject: Some(true),
            ..ConsentOutcome::default()
        }
    }

    fn tracker(host: &str, company: &str, cat: Category, state: ConsentState) -> Request {
        Request {
            url: format!("https://{host}/collect"),
            page_url: "https://www.shop.example/".into(),
            domain: host.into(),
            party: Some(Party::Third),
            tracker: Some(true),
            company: company.into(),
            category: Some(cat),
            consent_state: state,
            ..Request::default()
        }
    }

    fn visit(c: ConsentOutcome, requests: Vec<Request>) -> Visit {
        Visit {
            consent: Some(c),
            requests,
            ..Visit::default()
        }
    }

    fn rules(rec: &SiteRecord) -> Vec<(String, Severity)> {
        let mut f = Vec::new();
        findings(rec, &[], &mut f);
        f.into_iter().map(|x| (x.rule, x.severity)).collect()
    }

    fn ad(state: ConsentState) -> Request {
        tracker("ad.doubleclick.net", "Google", Category::Advertising, state)
    }

    #[test]
    fn reject_ignored_only_for_what_follows_the_click() {
        let none = visit(outcome(ConsentState::None, None), vec![]);
        // Honest: the tracker came before the click only.
        let honest = visit(
            outcome(ConsentState::Reject, Some(ConsentAction::Clicked)),
            vec![ad(ConsentState::None)],
        );
        assert!(rules(&record(vec![none.clone(), honest])).is_empty());
        let dishonest = visit(
            outcome(ConsentState::Reject, Some(ConsentAction::Clicked)),
            vec![ad(ConsentState::Reject)],
        );
        let rec = record(vec![none.clone(), dishonest.clone()]);
        assert!(rules(&rec).contains(&("reject_ignored".into(), Severity::High)));
        let mut f = Vec::new();
        findings(&rec, &[], &mut f);
        let ev = &f
            .iter()
            .find(|x| x.rule == "reject_ignored")
            .unwrap()
            .evidence;
        assert!(ev.starts_with("OneTrust banner (rule:OneTrust): clicked on layer 1"));
        assert!(ev.contains("ad.doubleclick.net"));
        // A click that did not take accuses nothing.
        let mut failed = dishonest;
        failed.consent.as_mut().unwrap().action = Some(ConsentAction::Failed);
        assert!(rules(&record(vec![none, failed])).is_empty());
    }

    #[test]
    fn essential_and_same_owner_requests_are_not_tracking() {
        let mut cdn = tracker(
            "fonts.gstatic.com",
            "Google",
            Category::Cdn,
            ConsentState::Reject,
        );
        cdn.tracker = Some(true);
        let mut own = ad(ConsentState::Reject);
        own.same_owner = true;
        let v = visit(
            outcome(ConsentState::Reject, Some(ConsentAction::Clicked)),
            vec![cdn, own],
        );
        assert!(rules(&record(vec![v])).is_empty());
    }

    #[test]
    fn no_reject_option_medium_for_a_rule_low_for_the_generic_detector() {
        let mut c = outcome(ConsentState::Accept, Some(ConsentAction::Clicked));
        c.first_layer_reject = Some(false);
        let rec = record(vec![visit(c.clone(), vec![])]);
        assert_eq!(
            rules(&rec),
            vec![("no_reject_option".to_string(), Severity::Medium)]
        );
        c.method = "generic".into();
        let rec = record(vec![visit(c.clone(), vec![])]);
        assert_eq!(
            rules(&rec),
            vec![("no_reject_option".to_string(), Severity::Low)]
        );
        c.first_layer_reject = None;
        assert!(rules(&record(vec![visit(c, vec![])])).is_empty());
    }

    #[test]
    fn consent_ignored_needs_the_banner_showing() {
        let before = vec![ad(ConsentState::None)];
        let rec = record(vec![visit(
            outcome(ConsentState::None, None),
            before.clone(),
        )]);
        assert_eq!(
            rules(&rec),
            vec![("consent_ignored".to_string(), Severity::Medium)]
        );
        let mut no_banner = outcome(ConsentState::None, None);
        no_banner.banner_found = false;
        assert!(rules(&record(vec![visit(no_banner, before)])).is_empty());
    }

    #[test]
    fn tcf_vendor_mismatch_reads_the_decoded_vendor_consents() {
        let mut c = outcome(ConsentState::Reject, Some(ConsentAction::Clicked));
        c.tc_string = "CQ-some-string".into();
        c.vendors_consented = vec![91];
        let rec = record(vec![visit(c.clone(), vec![ad(ConsentState::Reject)])]);
        let r = rules(&rec);
        assert!(r.contains(&("tcf_vendor_mismatch".into(), Severity::Low)));
        assert!(r.contains(&("reject_ignored".into(), Severity::High)));
        c.vendors_consented = vec![755];
        let r = rules(&record(vec![visit(
            c.clone(),
            vec![ad(ConsentState::Reject)],
        )]));
        assert!(!r.iter().any(|(x, _)| x == "tcf_vendor_mismatch"));
        // No TC string: nothing to compare against.
        c.tc_string.clear();
        c.vendors_consented.clear();
        let r = rules(&record(vec![visit(c, vec![ad(ConsentState::Reject)])]));
        assert!(!r.iter().any(|(x, _)| x == "tcf_vendor_mismatch"));
    }
}
