//! Two stored runs in, a [`RunDiff`] out: per site, trackers, cookies, third
//! parties and findings that appeared or went away, status changes, and policy
//! changes (text changed → claims that appeared or vanished); plus sites added
//! to or dropped from the list. Serialisable for `--json`, `--on-change` and
//! webhooks; [`RunDiff::to_text`] is the human listing.

use crate::error::{Error, Result};
use crate::store::{ConsentSnapshot, SiteSnapshot, Store};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// What changed between run `a` (older) and run `b` (newer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunDiff {
    /// The earlier run's id.
    pub a: i64,
    /// The later run's id.
    pub b: i64,
    /// When run `a` started (RFC 3339 UTC; empty if unknown).
    pub a_started: String,
    /// When run `b` started.
    pub b_started: String,
    /// Sites crawled in `b` but not in `a`, sorted.
    pub sites_added: Vec<String>,
    /// Sites crawled in `a` but not in `b`, sorted.
    pub sites_removed: Vec<String>,
    /// Sites in both runs that changed, sorted by site.
    pub sites: Vec<SiteDiff>,
}

/// A tracker as company and host.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TrackerKey {
    /// The company behind the host (empty when unknown).
    pub company: String,
    /// The request host.
    pub domain: String,
}

/// A cookie as name and domain.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CookieKey {
    /// Cookie name.
    pub name: String,
    /// Effective cookie domain.
    pub domain: String,
}

/// A finding as rule, severity and title.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FindingKey {
    /// Rule id (`advertising_undisclosed` ...).
    pub rule: String,
    /// Severity (contract spelling).
    pub severity: String,
    /// The finding's title, as in the run it comes from.
    pub title: String,
}

/// A claim as (claim, stance, party) with one sentence it was read from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ClaimKey {
    /// Claim id.
    pub claim: String,
    /// affirm | deny | mention.
    pub stance: String,
    /// Named party or date, else empty.
    pub party: String,
    /// A sentence it was read from (from the run where it is present).
    pub quote: String,
}

/// A site's status before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// Status in run `a`.
    pub from: String,
    /// Status in run `b`.
    pub to: String,
    /// The error message in run `b` (empty when ok).
    pub error: String,
}

/// One policy document as (kind, url, text hash) before and after; a side is
/// `None` when the document was absent in that run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDocChange {
    /// `privacy` or `cookie`.
    pub kind: String,
    /// URL in run `a`.
    pub from_url: Option<String>,
    /// URL in run `b`.
    pub to_url: Option<String>,
    /// Text hash in run `a`.
    pub from_hash: Option<String>,
    /// Text hash in run `b`.
    pub to_hash: Option<String>,
}

/// A site's policy text changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyChange {
    /// The documents whose text changed, appeared or went away.
    pub documents: Vec<PolicyDocChange>,
    /// Claims made now and not before.
    pub claims_added: Vec<ClaimKey>,
    /// Claims made before and not now.
    pub claims_removed: Vec<ClaimKey>,
}

/// What changed on one site present in both runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteDiff {
    /// The site (normalised URL).
    pub site: String,
    /// Set when the status changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusChange>,
    /// Tracker hosts that received requests now and not before.
    pub trackers_added: Vec<TrackerKey>,
    /// Tracker hosts that received requests before and not now.
    pub trackers_removed: Vec<TrackerKey>,
    /// Cookies set now and not before.
    pub cookies_added: Vec<CookieKey>,
    /// Cookies set before and not now.
    pub cookies_removed: Vec<CookieKey>,
    /// Third-party registrable domains contacted now and not before.
    pub third_parties_added: Vec<String>,
    /// Third-party registrable domains contacted before and not now.
    pub third_parties_removed: Vec<String>,
    /// Findings raised now and not before.
    pub findings_added: Vec<FindingKey>,
    /// Findings raised before and not now.
    pub findings_removed: Vec<FindingKey>,
    /// Set when the policy text changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyChange>,
    /// With `--consent` in either run: what changed per consent state.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consent: Vec<ConsentChange>,
}

/// What changed in one consent state of a site.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConsentChange {
    /// The state (`none`, `accept`, `reject`).
    pub state: String,
    /// Set when the banner outcome changed: (before, now) as `cmp action`;
    /// `absent` when the state was not visited in that run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banner: Option<(String, String)>,
    /// Tracker hosts that received requests in this state now and not before.
    pub trackers_added: Vec<String>,
    /// Tracker hosts that received requests in this state before and not now.
    pub trackers_removed: Vec<String>,
    /// Cookies set in this state (count before, count now), when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookies: Option<(usize, usize)>,
}

/// Per-state changes of a site between two runs' consent snapshots.
fn consent_changes(
    a: &BTreeMap<String, ConsentSnapshot>,
    b: &BTreeMap<String, ConsentSnapshot>,
) -> Vec<ConsentChange> {
    let states: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let banner = |s: Option<&ConsentSnapshot>| match s {
        Some(s) => format!("{} {}", s.cmp, s.action).trim().to_string(),
        None => "absent".to_string(),
    };
    let mut out = Vec::new();
    for state in states {
        let (x, y) = (a.get(state), b.get(state));
        let empty = ConsentSnapshot::default();
        let (tx, ty) = (&x.unwrap_or(&empty).tally, &y.unwrap_or(&empty).tally);
        let c = ConsentChange {
            state: state.clone(),
            banner: (banner(x) != banner(y)).then(|| (banner(x), banner(y))),
            trackers_added: minus(&ty.trackers, &tx.trackers),
            trackers_removed: minus(&tx.trackers, &ty.trackers),
            cookies: (tx.cookies != ty.cookies).then_some((tx.cookies, ty.cookies)),
        };
        if c.banner.is_some()
            || !c.trackers_added.is_empty()
            || !c.trackers_removed.is_empty()
            || c.cookies.is_some()
        {
            out.push(c);
        }
    }
    out
}

impl SiteDiff {
    /// Whether nothing changed on the site.
    pub fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.trackers_added.is_empty()
            && self.trackers_removed.is_empty()
            && self.cookies_added.is_empty()
            && self.cookies_removed.is_empty()
            && self.third_parties_added.is_empty()
            && self.third_parties_removed.is_empty()
            && self.findings_added.is_empty()
            && self.findings_removed.is_empty()
            && self.policy.is_none()
            && self.consent.is_empty()
    }
}

/// Compares run `a` (older) with run `b` (newer) as stored in `store`; an
/// unknown run id is an [`Error::InvalidOption`].
pub fn diff(store: &Store, a: i64, b: i64) -> Result<RunDiff> {
    let started = |id: i64| match store.run(id)? {
        Some(r) => Ok(r.started),
        None => Err(Error::InvalidOption {
            what: "run",
            message: format!("no run {id} in {}", store.display_name()),
        }),
    };
    let (a_started, b_started) = (started(a)?, started(b)?);
    let d = diff_snapshots(&store.snapshots(a)?, &store.snapshots(b)?);
    Ok(RunDiff {
        a,
        b,
        a_started,
        b_started,
        ..d
    })
}

/// Compares two sets of per-site snapshots (run ids and times left empty).
///
/// Content (trackers, cookies, third parties, findings, policy) is compared
/// only when the site's status is `ok` in both runs: a site that failed
/// tonight shows its status change, not every tracker as gone. Findings are
/// matched by rule and title with numbers ignored ("3 cookie(s)" and
/// "4 cookie(s)" are the same finding). Claims are compared by (claim, stance,
/// party), and only when a policy document's text hash, URL or presence changed.
pub fn diff_snapshots(
    a: &BTreeMap<String, SiteSnapshot>,
    b: &BTreeMap<String, SiteSnapshot>,
) -> RunDiff {
    let mut d = RunDiff {
        sites_added: b.keys().filter(|s| !a.contains_key(*s)).cloned().collect(),
        sites_removed: a.keys().filter(|s| !b.contains_key(*s)).cloned().collect(),
        ..RunDiff::default()
    };
    for (site, old) in a {
        let Some(new) = b.get(site) else { continue };
        let sd = diff_site(site, old, new);
        if !sd.is_empty() {
            d.sites.push(sd);
        }
    }
    d
}

/// Elements of `x` not in `y`, sorted.
fn minus<T: Ord + Clone>(x: &BTreeSet<T>, y: &BTreeSet<T>) -> Vec<T> {
    x.difference(y).cloned().collect()
}

/// A finding title with every run of digits replaced by `#`.
fn title_key(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut in_digits = false;
    for c in title.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// Findings of `x` whose (rule, title key) is not among `y`'s.
fn findings_minus(
    x: &BTreeMap<(String, String), String>,
    y: &BTreeMap<(String, String), String>,
) -> Vec<FindingKey> {
    let keys: BTreeSet<(&str, String)> = y
        .keys()
        .map(|(rule, title)| (rule.as_str(), title_key(title)))
        .collect();
    let mut v: Vec<FindingKey> = x
        .iter()
        .filter(|((rule, title), _)| !keys.contains(&(rule.as_str(), title_key(title))))
        .map(|((rule, title), severity)| FindingKey {
            rule: rule.clone(),
            severity: severity.clone(),
            title: title.clone(),
        })
        .collect();
    v.sort();
    v
}

/// Claims of `x` whose (claim, stance, party) is not among `y`'s.
fn claims_minus(
    x: &BTreeMap<(String, String, String), String>,
    y: &BTreeMap<(String, String, String), String>,
) -> Vec<ClaimKey> {
    x.iter()
        .filter(|(k, _)| !y.contains_key(*k))
        .map(|((claim, stance, party), quote)| ClaimKey {
            claim: claim.clone(),
            stance: stance.clone(),
            party: party.clone(),
            quote: quote.clone(),
        })
        .collect()
}

/// Policy documents that changed, matched by kind (then position).
fn doc_changes(
    a: &[(String, String, String)],
    b: &[(String, String, String)],
) -> Vec<PolicyDocChange> {
    fn group(docs: &[(String, String, String)]) -> BTreeMap<&str, Vec<(&str, &str)>> {
        let mut m: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for (kind, url, hash) in docs {
            m.entry(kind.as_str()).or_default().push((url, hash));
        }
        m
    }
    let (ga, gb) = (group(a), group(b));
    let kinds: BTreeSet<&str> = ga.keys().chain(gb.keys()).copied().collect();
    let mut out = Vec::new();
    for kind in kinds {
        let (xa, xb) = (
            ga.get(kind).map(Vec::as_slice).unwrap_or(&[]),
            gb.get(kind).map(Vec::as_slice).unwrap_or(&[]),
        );
        for i in 0..xa.len().max(xb.len()) {
            let (da, db) = (xa.get(i), xb.get(i));
            if da == db {
                continue;
            }
            out.push(PolicyDocChange {
                kind: kind.to_string(),
                from_url: da.map(|d| d.0.to_string()),
                to_url: db.map(|d| d.0.to_string()),
                from_hash: da.map(|d| d.1.to_string()),
                to_hash: db.map(|d| d.1.to_string()),
            });
        }
    }
    out
}

fn diff_site(site: &str, a: &SiteSnapshot, b: &SiteSnapshot) -> SiteDiff {
    let mut d = SiteDiff {
        site: site.to_string(),
        ..SiteDiff::default()
    };
    if a.status != b.status {
        d.status = Some(StatusChange {
            from: a.status.clone(),
            to: b.status.clone(),
            error: b.error.clone(),
        });
    }
    if a.status != "ok" || b.status != "ok" {
        return d;
    }
    let tracker = |(company, domain): (String, String)| TrackerKey { company, domain };
    let cookie = |(name, domain): (String, String)| CookieKey { name, domain };
    d.trackers_added = minus(&b.trackers, &a.trackers)
        .into_iter()
        .map(tracker)
        .collect();
    d.trackers_removed = minus(&a.trackers, &b.trackers)
        .into_iter()
        .map(tracker)
        .collect();
    d.cookies_added = minus(&b.cookies, &a.cookies)
        .into_iter()
        .map(cookie)
        .collect();
    d.cookies_removed = minus(&a.cookies, &b.cookies)
        .into_iter()
        .map(cookie)
        .collect();
    d.third_parties_added = minus(&b.third_parties, &a.third_parties);
    d.third_parties_removed = minus(&a.third_parties, &b.third_parties);
    d.findings_added = findings_minus(&b.findings, &a.findings);
    d.findings_removed = findings_minus(&a.findings, &b.findings);
    d.consent = consent_changes(&a.consent, &b.consent);
    let documents = doc_changes(&a.policies, &b.policies);
    if !documents.is_empty() {
        d.policy = Some(PolicyChange {
            documents,
            claims_added: claims_minus(&b.claims, &a.claims),
            claims_removed: claims_minus(&a.claims, &b.claims),
        });
    }
    d
}

/// Short form of a text hash for listings.
fn short(h: &Option<String>) -> &str {
    match h {
        Some(h) => h.get(..12).unwrap_or(h),
        None => "none",
    }
}

fn claim_line(out: &mut String, sign: char, c: &ClaimKey) {
    let party = if c.party.is_empty() {
        String::new()
    } else {
        format!(" ({})", c.party)
    };
    let _ = writeln!(
        out,
        "    {sign} claim {} {}{party}: \"{}\"",
        c.claim, c.stance, c.quote
    );
}

impl RunDiff {
    /// Whether the runs do not differ at all.
    pub fn is_empty(&self) -> bool {
        self.sites_added.is_empty() && self.sites_removed.is_empty() && self.sites.is_empty()
    }

    /// The human listing: one block per changed site, `+` for what appeared and
    /// `-` for what went away, sorted and deterministic.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let when = |s: &str| {
            if s.is_empty() {
                String::new()
            } else {
                format!(" ({s})")
            }
        };
        let _ = writeln!(
            out,
            "Changes from run {}{} to run {}{}",
            self.a,
            when(&self.a_started),
            self.b,
            when(&self.b_started)
        );
        if self.is_empty() {
            out.push_str("No changes.\n");
            return out;
        }
        for s in &self.sites_added {
            let _ = writeln!(out, "\n+ site {s} (new in the list)");
        }
        for s in &self.sites_removed {
            let _ = writeln!(out, "\n- site {s} (no longer in the list)");
        }
        for s in &self.sites {
            let _ = writeln!(out, "\n{}", s.site);
            if let Some(st) = &s.status {
                let err = if st.error.is_empty() {
                    String::new()
                } else {
                    format!(": {}", st.error)
                };
                let _ = writeln!(out, "  status {} -> {}{err}", st.from, st.to);
            }
            let company = |t: &TrackerKey| {
                if t.company.is_empty() {
                    "unknown company".to_string()
                } else {
                    t.company.clone()
                }
            };
            for (sign, list) in [('+', &s.trackers_added), ('-', &s.trackers_removed)] {
                for t in list {
                    let _ = writeln!(out, "  {sign} tracker {} ({})", t.domain, company(t));
                }
            }
            for (sign, list) in [('+', &s.cookies_added), ('-', &s.cookies_removed)] {
                for c in list {
                    let _ = writeln!(out, "  {sign} cookie {} on {}", c.name, c.domain);
                }
            }
            for (sign, list) in [
                ('+', &s.third_parties_added),
                ('-', &s.third_parties_removed),
            ] {
                for t in list {
                    let _ = writeln!(out, "  {sign} third party {t}");
                }
            }
            for (sign, list) in [('+', &s.findings_added), ('-', &s.findings_removed)] {
                for f in list {
                    let _ = writeln!(
                        out,
                        "  {sign} finding [{}] {}: {}",
                        f.severity, f.rule, f.title
                    );
                }
            }
            for c in &s.consent {
                if let Some((from, to)) = &c.banner {
                    let _ = writeln!(out, "  consent {}: banner {from} -> {to}", c.state);
                }
                for (sign, list) in [('+', &c.trackers_added), ('-', &c.trackers_removed)] {
                    for t in list {
                        let _ = writeln!(out, "  consent {}: {sign} tracker {t}", c.state);
                    }
                }
                if let Some((from, to)) = c.cookies {
                    let _ = writeln!(out, "  consent {}: cookies {from} -> {to}", c.state);
                }
            }
            if let Some(p) = &s.policy {
                for doc in &p.documents {
                    let url = doc.to_url.as_ref().or(doc.from_url.as_ref());
                    let _ = writeln!(
                        out,
                        "  policy changed: {} {} (text {} -> {})",
                        doc.kind,
                        url.map(String::as_str).unwrap_or(""),
                        short(&doc.from_hash),
                        short(&doc.to_hash)
                    );
                }
                if p.claims_added.is_empty() && p.claims_removed.is_empty() {
                    out.push_str("    claims unchanged\n");
                }
                for c in &p.claims_added {
                    claim_line(&mut out, '+', c);
                }
                for c in &p.claims_removed {
                    claim_line(&mut out, '-', c);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_changes_per_state() {
        let state = |action: &str, hosts: &[&str], cookies: usize| ConsentSnapshot {
            action: action.into(),
            cmp: "OneTrust".into(),
            tally: crate::model::ConsentTally {
                trackers: hosts.iter().map(|h| h.to_string()).collect(),
                cookies,
                ..Default::default()
            },
        };
        let mut a = snap();
        a.consent.insert(s("reject"), state("clicked", &[], 1));
        a.consent.insert(s("none"), state("", &[], 1));
        let mut b = a.clone();
        assert!(diff_site("x", &a, &b).is_empty());
        b.consent
            .insert(s("reject"), state("clicked", &["ad.doubleclick.net"], 3));
        b.consent.insert(s("accept"), state("clicked", &[], 1));
        let d = diff_site("https://news.example/", &a, &b);
        assert_eq!(d.consent.len(), 2);
        let text = RunDiff {
            sites: vec![d],
            ..RunDiff::default()
        }
        .to_text();
        assert!(text.contains("consent accept: banner absent -> OneTrust clicked"));
        assert!(text.contains("consent reject: + tracker ad.doubleclick.net"));
        assert!(text.contains("consent reject: cookies 1 -> 3"));
        assert!(!text.contains("consent none"));
    }

    fn s(x: &str) -> String {
        x.to_string()
    }

    fn snap() -> SiteSnapshot {
        SiteSnapshot {
            status: s("ok"),
            trackers: [(s("Google"), s("www.google-analytics.com"))].into(),
            cookies: [(s("_ga"), s("news.example")), (s("sid"), s("news.example"))].into(),
            third_parties: [s("google-analytics.com")].into(),
            findings: [(
                (s("cookies_undisclosed"), s("The site sets 2 cookie(s)")),
                s("high"),
            )]
            .into(),
            policies: vec![(s("privacy"), s("https://news.example/privacy"), s("h1"))],
            claims: [((s("analytics"), s("affirm"), s("")), s("We use analytics."))].into(),
            ..SiteSnapshot::default()
        }
    }

    fn runs(
        a: SiteSnapshot,
        b: SiteSnapshot,
    ) -> (
        BTreeMap<String, SiteSnapshot>,
        BTreeMap<String, SiteSnapshot>,
    ) {
        let site = s("https://news.example/");
        ([(site.clone(), a)].into(), [(site, b)].into())
    }

    #[test]
    fn identical_runs_are_empty() {
        let (a, b) = runs(snap(), snap());
        let d = diff_snapshots(&a, &b);
        assert!(d.is_empty());
        assert!(d.to_text().contains("No changes."));
    }

    #[test]
    fn lists_exactly_what_changed() {
        let mut new = snap();
        new.trackers.insert((s("Meta"), s("www.facebook.com")));
        new.third_parties.insert(s("facebook.com"));
        new.cookies.remove(&(s("sid"), s("news.example")));
        // Same finding with another count: not a change.
        new.findings = [(
            (s("cookies_undisclosed"), s("The site sets 1 cookie(s)")),
            s("high"),
        )]
        .into();
        new.findings.insert(
            (s("party_unnamed"), s("Meta receives visitor data")),
            s("low"),
        );
        new.policies[0].2 = s("h2");
        new.claims
            .insert((s("advertising"), s("affirm"), s("")), s("We show ads."));
        let (a, b) = runs(snap(), new);
        let d = diff_snapshots(&a, &b);
        assert_eq!(d.sites.len(), 1);
        let sd = &d.sites[0];
        assert_eq!(
            sd.trackers_added,
            vec![TrackerKey {
                company: s("Meta"),
                domain: s("www.facebook.com")
            }]
        );
        assert!(sd.trackers_removed.is_empty());
        assert_eq!(sd.third_parties_added, vec![s("facebook.com")]);
        assert_eq!(
            sd.cookies_removed,
            vec![CookieKey {
                name: s("sid"),
                domain: s("news.example")
            }]
        );
        assert!(sd.cookies_added.is_empty());
        assert_eq!(sd.findings_added.len(), 1);
        assert_eq!(sd.findings_added[0].rule, "party_unnamed");
        assert!(sd.findings_removed.is_empty());
        let p = sd.policy.as_ref().expect("policy change");
        assert_eq!(p.documents.len(), 1);
        assert_eq!(p.documents[0].from_hash.as_deref(), Some("h1"));
        assert_eq!(p.documents[0].to_hash.as_deref(), Some("h2"));
        assert_eq!(p.claims_added.len(), 1);
        assert_eq!(p.claims_added[0].claim, "advertising");
        assert!(p.claims_removed.is_empty());
        let text = d.to_text();
        for line in [
            "  + tracker www.facebook.com (Meta)",
            "  - cookie sid on news.example",
            "  + third party facebook.com",
            "  + finding [low] party_unnamed: Meta receives visitor data",
            "  policy changed: privacy https://news.example/privacy (text h1 -> h2)",
            "    + claim advertising affirm: \"We show ads.\"",
        ] {
            assert!(text.contains(line), "missing {line:?} in\n{text}");
        }
        // Serialises for --json / webhooks.
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["sites"][0]["trackers_added"][0]["company"], "Meta");
    }

    #[test]
    fn claims_only_compared_when_text_changed() {
        let mut new = snap();
        new.claims.clear(); // a new extractor, same text
        let (a, b) = runs(snap(), new);
        assert!(diff_snapshots(&a, &b).is_empty());
    }

    #[test]
    fn failed_site_shows_status_not_losses() {
        let new = SiteSnapshot {
            status: s("timeout"),
            error: s("landing page timed out"),
            ..SiteSnapshot::default()
        };
        let (a, b) = runs(snap(), new);
        let d = diff_snapshots(&a, &b);
        let sd = &d.sites[0];
        assert_eq!(sd.status.as_ref().unwrap().to, "timeout");
        assert!(sd.trackers_removed.is_empty() && sd.cookies_removed.is_empty());
        assert!(d
            .to_text()
            .contains("status ok -> timeout: landing page timed out"));
    }

    #[test]
    fn sites_added_and_removed() {
        let a: BTreeMap<_, _> = [(s("https://a/"), snap()), (s("https://b/"), snap())].into();
        let b: BTreeMap<_, _> = [(s("https://b/"), snap()), (s("https://c/"), snap())].into();
        let d = diff_snapshots(&a, &b);
        assert_eq!(d.sites_added, vec![s("https://c/")]);
        assert_eq!(d.sites_removed, vec![s("https://a/")]);
        assert!(d.sites.is_empty());
        assert!(!d.is_empty());
    }

    #[test]
    fn policy_appearing_is_a_change() {
        let mut old = snap();
        old.policies.clear();
        old.claims.clear();
        let (a, b) = runs(old, snap());
        let d = diff_snapshots(&a, &b);
        let p = d.sites[0].policy.as_ref().unwrap();
        assert_eq!(p.documents[0].from_hash, None);
        assert_eq!(p.claims_added.len(), 1);
    }

    #[test]
    fn title_numbers_are_ignored() {
        assert_eq!(
            title_key("3 cookie(s) over 365 days"),
            "# cookie(s) over # days"
        );
    }
}
