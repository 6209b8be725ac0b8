//! Counts: a run's totals (what `run` counts as sites finish, the last line of
//! `observations.jsonl`, the summary printed and kept in the history) and the
//! per-site counts of `sites.csv`.

use super::{Party, Severity, SiteRecord};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a run did, for the summary and the last line of `observations.jsonl`
/// (read back by `trackaudit report`; missing fields take their defaults).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RunSummary {
    /// Run id (UTC timestamp of the start).
    pub run: String,
    /// The browser of `--engine browser|both` (product, version, executable).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub browser: Option<String>,
    /// The run's id in the history database, when one is kept.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub db_run: Option<i64>,
    /// When the run started (RFC 3339 UTC).
    pub started: String,
    /// When the run finished (RFC 3339 UTC); empty while it runs.
    pub finished: String,
    /// False when the crawl was interrupted before every target was crawled.
    pub complete: bool,
    /// Targets in the list (after duplicates were dropped).
    pub targets: usize,
    /// Sites crawled (a row each in `sites.csv`).
    pub sites: usize,
    /// Sites by status.
    pub by_status: BTreeMap<String, usize>,
    /// Request rows over all sites.
    pub requests: usize,
    /// Distinct third-party registrable domains over the run.
    pub third_party_domains: usize,
    /// Requests classified as trackers.
    pub trackers: usize,
    /// Cookie rows over all sites.
    pub cookies: usize,
    /// Of those, third-party cookies.
    pub third_party_cookies: usize,
    /// Web beacon rows over all sites.
    pub beacons: usize,
    /// Findings over all sites.
    pub findings: usize,
    /// Sites whose privacy policy was found and read.
    pub policies: usize,
    /// Findings per rule.
    pub findings_by_rule: BTreeMap<String, usize>,
    /// Findings per severity.
    pub findings_by_severity: BTreeMap<String, usize>,
    /// The most severe finding of the run.
    pub max_severity: Option<Severity>,
    /// Outside tracker companies observed, summed over sites.
    pub tracker_companies: usize,
    /// How many of those the sites' policies name (disclosure ratio = named / observed).
    pub named_companies: usize,
    /// `--engine both`: tracker hosts the browser saw, summed over sites.
    pub coverage_total: usize,
    /// Of those, how many the HTTP engine saw too.
    pub coverage_seen: usize,
    /// Bad lines in the target lists.
    pub bad_lines: usize,
    /// Duplicate targets dropped.
    pub duplicates: usize,
    /// Wall-clock seconds the run took.
    pub wall_seconds: f64,
    /// Sites finished per wall-clock second.
    pub sites_per_second: f64,
}

/// The per-site counts of `sites.csv`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteCounts {
    /// Pages visited.
    pub pages: usize,
    /// Requests made.
    pub requests: usize,
    /// Distinct third-party registrable domains contacted.
    pub third_parties: usize,
    /// Distinct tracker hosts contacted.
    pub trackers: usize,
    /// Cookies set.
    pub cookies: usize,
    /// Third-party cookies set.
    pub third_party_cookies: usize,
    /// Web beacons fired.
    pub beacons: usize,
    /// Findings raised.
    pub findings: usize,
}

impl SiteRecord {
    /// Counts for `sites.csv`: distinct third-party registrable domains,
    /// distinct tracker domains, cookie and beacon rows.
    pub fn counts(&self) -> SiteCounts {
        use std::collections::BTreeSet;
        let v = &self.visit;
        let third: BTreeSet<String> = v
            .requests
            .iter()
            .filter(|r| r.party == Some(Party::Third))
            .map(|r| crate::domain::registrable_domain(&r.domain))
            .collect();
        let trackers: BTreeSet<&str> = v
            .requests
            .iter()
            .filter(|r| r.tracker == Some(true))
            .map(|r| r.domain.as_str())
            .collect();
        SiteCounts {
            pages: v.pages.len(),
            requests: v.requests.len(),
            third_parties: third.len(),
            trackers: trackers.len(),
            cookies: v.cookies.len(),
            third_party_cookies: v
                .cookies
                .iter()
                .filter(|c| c.party == Some(Party::Third))
                .count(),
            beacons: v.requests.iter().filter(|r| r.beacon).count(),
            findings: self.findings.len(),
        }
    }
}
