//! Site records in, `report.html` out: one self-contained page (inline CSS and
//! JS from `template.html`, no network) with the run summary, a sortable and
//! filterable site table and per-site details rendered on demand. Each site's
//! data is embedded once as escaped JSON and streamed to disk as the site
//! finishes; [`rebuild`] makes the same page from a run's `observations.jsonl`.
//!
//! Why not a template engine: the page is one static template plus JSON data
//! islands (`<script type="application/json">`, escaped so no site-controlled
//! string can close the element), rendered in the browser. Streaming each site
//! as it finishes keeps memory flat on 100,000-site runs, which a template
//! engine rendering the whole page at the end would not.

use super::{Format, OrderedFile};
use crate::error::{Error, Result};
use crate::model::{
    Cookie, DntComparison, Finding, Party, PolicyDoc, Request, RunSummary, SiteCounts, SiteRecord,
    SiteStatus,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The report's file name inside a run directory.
pub const FILE: &str = "report.html";

/// The page: CSS, markup skeleton and the renderer script.
const TEMPLATE: &str = include_str!("template.html");
/// Where the per-site data blocks go.
const DATA_MARK: &str = "<!--DATA-->";
/// Where the run summary JSON goes (inside a `application/json` script).
const SUMMARY_MARK: &str = "{{SUMMARY}}";
/// Where the Content-Security-Policy goes.
const CSP_MARK: &str = "{{CSP}}";
/// Requests listed per site (the rest are counted; requests.csv has them all).
const MAX_LISTED: usize = 500;
/// Longest landing-page title carried into the site table.
const MAX_TITLE: usize = 300;

/// Writer of `report.html`: site blocks stream into `report.html.part` as
/// sites finish; [`Format::finish`] orders them, appends the summary and the
/// renderer, and renames the file into place.
pub struct HtmlFormat {
    dir: PathBuf,
    file: OrderedFile,
    totals: Totals,
    notes: Vec<String>,
}

/// Run-wide tallies kept while sites stream past (bounded by the number of
/// distinct companies, rules and statuses, not by the number of sites).
#[derive(Default)]
struct Totals {
    sites: usize,
    failed: usize,
    by_status: BTreeMap<String, usize>,
    requests: usize,
    trackers: usize,
    cookies: usize,
    third_party_cookies: usize,
    beacons: usize,
    findings: usize,
    by_severity: BTreeMap<String, usize>,
    by_rule: BTreeMap<String, (usize, crate::model::Severity)>,
    policies: usize,
    tracker_companies: usize,
    named_companies: usize,
    purposes: BTreeMap<String, usize>,
    companies: BTreeMap<String, CompanyTally>,
    /// With `--consent`: per state, run totals.
    consent: BTreeMap<&'static str, ConsentTotal>,
}

/// One consent state's run totals (the report's consent matrix).
#[derive(Default, Serialize)]
struct ConsentTotal {
    /// Sites visited in the state.
    sites: usize,
    /// Sites where a banner was found.
    banners: usize,
    /// Sites where the choice was clicked.
    clicked: usize,
    /// Sites where any tracker received requests in the state.
    tracking: usize,
    /// Tracker hosts, summed over sites.
    trackers: usize,
    /// Cookies, summed over sites.
    cookies: usize,
}

/// One row of a site's consent matrix.
#[derive(Serialize)]
struct ConsentOut<'a> {
    state: &'static str,
    cmp: &'a str,
    method: &'a str,
    banner: bool,
    action: Option<&'static str>,
    layers: u32,
    clicked: &'a str,
    trackers: Vec<String>,
    companies: Vec<String>,
    cookies: usize,
    tpc: usize,
    purposes: &'a [u32],
    vendors: usize,
    note: &'a str,
}

fn consent_rows(rec: &SiteRecord) -> Vec<ConsentOut<'_>> {
    rec.all_visits()
        .filter_map(|v| Some((v.consent.as_ref()?, v.consent_tally()?)))
        .map(|(c, t)| ConsentOut {
            state: c.state.as_str(),
            cmp: &c.cmp,
            method: &c.method,
            banner: c.banner_found,
            action: c.action.map(|a| a.as_str()),
            layers: c.layers,
            clicked: &c.clicked_text,
            trackers: t.trackers.into_iter().collect(),
            companies: t.tracker_companies.into_iter().collect(),
            cookies: t.cookies,
            tpc: t.third_party_cookies,
            purposes: &c.purposes_consented,
            vendors: c.vendors_consented.len(),
            note: &c.note,
        })
        .collect()
}

#[derive(Default)]
struct CompanyTally {
    sites: usize,
    requests: usize,
    tracker: bool,
    categories: BTreeMap<&'static str, usize>,
}

/// One row of the site table (small: parsed for every site when the page opens).
#[derive(Serialize)]
struct Row<'a> {
    site: &'a str,
    title: String,
    status: &'static str,
    error: &'a str,
    /// Most severe finding.
    sev: Option<&'static str>,
    /// Findings by severity: high, medium, low, info.
    f: [usize; 4],
    n: SiteCounts,
    /// Outside companies that received requests.
    co: Vec<&'a str>,
    pol: &'a str,
    named: usize,
    tcos: usize,
}

/// A site's details (parsed only when its row is opened).
#[derive(Serialize)]
struct Detail<'a> {
    final_url: &'a str,
    started: &'a str,
    duration_ms: u64,
    error: &'a str,
    errors: &'a [String],
    pages: Vec<PageOut<'a>>,
    findings: &'a [Finding],
    cookies: &'a [Cookie],
    /// Third-party, tracker and beacon requests (at most [`MAX_LISTED`]).
    requests: Vec<ReqOut<'a>>,
    /// How many such requests there were in all.
    listed_of: usize,
    /// First-party requests that are neither trackers nor beacons (not listed).
    first_party: usize,
    chains: Vec<Vec<Hop<'a>>>,
    policy_url: &'a str,
    policy_status: &'a str,
    policy_error: &'a str,
    policy_language: &'a str,
    policies: &'a [PolicyDoc],
    /// With `--dnt-compare`: trackers without and with DNT/GPC.
    dnt: Option<&'a DntComparison>,
    /// With `--consent`: one row per state.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    consent: Vec<ConsentOut<'a>>,
}

#[derive(Serialize)]
struct PageOut<'a> {
    u: &'a str,
    t: &'a str,
    s: Option<u16>,
}

/// A listed request; empty and false fields are left out to keep the page small.
#[derive(Serialize)]
struct ReqOut<'a> {
    u: &'a str,
    d: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    c: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    r: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<u16>,
    #[serde(skip_serializing_if = "is_false")]
    t: bool,
    #[serde(skip_serializing_if = "is_false")]
    b: bool,
    /// First party (the site's own domain).
    #[serde(skip_serializing_if = "is_false")]
    fp: bool,
    #[serde(skip_serializing_if = "str::is_empty")]
    e: &'a str,
}

/// One hop of a redirect chain.
#[derive(Serialize)]
struct Hop<'a> {
    u: &'a str,
    s: Option<u16>,
}

#[derive(Serialize)]
struct RuleOut<'a> {
    rule: &'a str,
    n: usize,
    severity: &'static str,
}

#[derive(Serialize)]
struct CompanyOut<'a> {
    name: &'a str,
    sites: usize,
    requests: usize,
    category: &'static str,
    tracker: bool,
}

/// The page's run summary.
#[derive(Serialize)]
struct SummaryOut<'a> {
    run: &'a str,
    started: &'a str,
    finished: &'a str,
    complete: bool,
    targets: Option<usize>,
    bad_lines: usize,
    duplicates: usize,
    wall_seconds: f64,
    third_party_domains: Option<usize>,
    sites: usize,
    failed: usize,
    by_status: &'a BTreeMap<String, usize>,
    requests: usize,
    trackers: usize,
    cookies: usize,
    third_party_cookies: usize,
    beacons: usize,
    findings: usize,
    by_severity: &'a BTreeMap<String, usize>,
    by_rule: Vec<RuleOut<'a>>,
    policies: usize,
    tracker_companies: usize,
    named_companies: usize,
    purposes: &'a BTreeMap<String, usize>,
    companies: Vec<CompanyOut<'a>>,
    /// With `--consent`: run totals per state.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    consent: &'a BTreeMap<&'static str, ConsentTotal>,
    /// What changed since the previous run (`changes.json`, from the history).
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<serde_json::Value>,
    notes: &'a [String],
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Serialises `v` as JSON that is safe inside an HTML `<script>` element:
/// `<`, `>`, `&`, U+2028 and U+2029 become `\u` escapes (they can only occur
/// inside JSON strings), so no `</script>` or `<!--` can end or bend the element.
pub fn script_json<T: Serialize>(v: &T) -> Result<String> {
    let s = serde_json::to_string(v)?;
    let mut out = String::with_capacity(s.len() + 32);
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// The template split around its markers: (head with the CSP filled in, the
/// part before the summary JSON, the part after it).
fn template_parts() -> (String, &'static str, &'static str) {
    let (top, bottom) = TEMPLATE.split_once(DATA_MARK).unwrap_or((TEMPLATE, ""));
    let (before, after) = bottom.split_once(SUMMARY_MARK).unwrap_or((bottom, ""));
    (top.replace(CSP_MARK, &csp()), before, after)
}

/// The renderer script: the text of the template's one attribute-less `<script>`.
fn renderer_script() -> &'static str {
    TEMPLATE
        .split_once("<script>")
        .and_then(|(_, rest)| rest.split_once("</script>"))
        .map(|(js, _)| js)
        .unwrap_or("")
}

/// Content-Security-Policy: nothing may load; only the renderer (by hash) runs.
pub fn csp() -> String {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{}'; base-uri 'none'; form-action 'none'",
        script_hash(renderer_script())
    )
}

impl HtmlFormat {
    /// Starts `report.html.part` in `dir` (renamed to `report.html` on finish).
    pub fn create(dir: &Path) -> Result<HtmlFormat> {
        let (top, _, _) = template_parts();
        Ok(HtmlFormat {
            dir: dir.to_path_buf(),
            file: OrderedFile::create(&dir.join(format!("{FILE}.part")), top.as_bytes())?,
            totals: Totals::default(),
            notes: Vec::new(),
        })
    }

    /// Adds a line shown in the report's banner (an interrupted run, skipped input).
    pub fn note(&mut self, text: impl Into<String>) {
        self.notes.push(text.into());
    }
}

impl Totals {
    /// Tallies one site; returns the outside companies that received its requests.
    fn add<'a>(&mut self, rec: &'a SiteRecord, c: &SiteCounts) -> BTreeSet<&'a str> {
        self.sites += 1;
        if rec.status != SiteStatus::Ok {
            self.failed += 1;
        }
        *self
            .by_status
            .entry(rec.status.as_str().to_string())
            .or_default() += 1;
        self.requests += c.requests;
        self.trackers += c.trackers;
        self.cookies += c.cookies;
        self.third_party_cookies += c.third_party_cookies;
        self.beacons += c.beacons;
        self.findings += rec.findings.len();
        for f in &rec.findings {
            *self
                .by_severity
                .entry(f.severity.as_str().to_string())
                .or_default() += 1;
            let e = self
                .by_rule
                .entry(f.rule.clone())
                .or_insert((0, f.severity));
            e.0 += 1;
            e.1 = e.1.max(f.severity);
        }
        if !rec.policy_url.is_empty() {
            self.policies += 1;
        }
        self.tracker_companies += rec.tracker_companies;
        self.named_companies += rec.named_companies;
        for k in &rec.visit.cookies {
            let p = k.purpose.map_or("unclassified", |p| p.as_str());
            *self.purposes.entry(p.to_string()).or_default() += 1;
        }
        for v in rec.all_visits() {
            let (Some(c), Some(tally)) = (&v.consent, v.consent_tally()) else {
                continue;
            };
            let t = self.consent.entry(c.state.as_str()).or_default();
            t.sites += 1;
            t.banners += usize::from(c.banner_found);
            t.clicked += usize::from(c.action == Some(crate::model::ConsentAction::Clicked));
            t.tracking += usize::from(!tally.trackers.is_empty());
            t.trackers += tally.trackers.len();
            t.cookies += tally.cookies;
        }
        let mut seen = BTreeSet::new();
        for r in rec.visit.requests.iter().filter(|r| outside_company(r)) {
            let t = self.companies.entry(r.company.clone()).or_default();
            t.requests += 1;
            t.tracker |= r.tracker == Some(true);
            if let Some(k) = r.category {
                *t.categories.entry(k.as_str()).or_default() += 1;
            }
            if seen.insert(r.company.as_str()) {
                t.sites += 1;
            }
        }
        seen
    }
}

/// Whether a request went to a named third-party company outside the site's owner.
fn outside_company(r: &Request) -> bool {
    r.party == Some(Party::Third) && !r.company.is_empty() && !r.same_owner
}

/// Redirect chains: runs of requests whose `redirect_from` is the previous hop.
fn chains(reqs: &[Request]) -> Vec<Vec<Hop<'_>>> {
    let mut out = Vec::new();
    let mut cur: Vec<Hop> = Vec::new();
    for r in reqs {
        let hop = Hop {
            u: &r.url,
            s: r.status,
        };
        if r.redirect_from.is_empty() {
            if cur.len() > 1 {
                out.push(std::mem::take(&mut cur));
            }
            cur = vec![hop];
        } else if cur.last().is_some_and(|h| h.u == r.redirect_from) {
            cur.push(hop);
        } else {
            if cur.len() > 1 {
                out.push(std::mem::take(&mut cur));
            }
            let first = Hop {
                u: &r.redirect_from,
                s: None,
            };
            cur = vec![first, hop];
        }
    }
    if cur.len() > 1 {
        out.push(cur);
    }
    out
}

fn detail(rec: &SiteRecord) -> Detail<'_> {
    let listed =
        |r: &&Request| r.party == Some(Party::Third) || r.beacon || r.tracker == Some(true);
    let reqs = &rec.visit.requests;
    let listed_of = reqs.iter().filter(listed).count();
    Detail {
        final_url: &rec.final_url,
        started: &rec.started,
        duration_ms: rec.duration_ms,
        error: &rec.error,
        errors: &rec.visit.errors,
        pages: rec
            .visit
            .pages
            .iter()
            .map(|p| PageOut {
                u: &p.final_url,
                t: &p.title,
                s: p.status,
            })
            .collect(),
        findings: &rec.findings,
        cookies: &rec.visit.cookies,
        requests: reqs
            .iter()
            .filter(listed)
            .take(MAX_LISTED)
            .map(|r| ReqOut {
                u: &r.url,
                d: &r.domain,
                c: &r.company,
                k: r.category.map(|k| k.as_str()),
                r: r.resource_type.map(|t| t.as_str()),
                s: r.status,
                t: r.tracker == Some(true),
                b: r.beacon,
                fp: r.party != Some(Party::Third),
                e: &r.error,
            })
            .collect(),
        listed_of,
        first_party: reqs.len() - listed_of,
        chains: chains(reqs),
        policy_url: &rec.policy_url,
        policy_status: &rec.policy_status,
        policy_error: &rec.policy_error,
        policy_language: &rec.policy_language,
        policies: &rec.policies,
        dnt: rec.dnt_compare.as_ref(),
        consent: consent_rows(rec),
    }
}

impl Format for HtmlFormat {
    fn site(&mut self, index: usize, rec: &SiteRecord) -> Result<()> {
        let counts = rec.counts();
        let companies = self.totals.add(rec, &counts);
        let mut f = [0; 4];
        for x in &rec.findings {
            f[3 - x.severity as usize] += 1;
        }
        let row = Row {
            site: &rec.site,
            title: crate::text::bounded(
                rec.visit.pages.first().map_or("", |p| p.title.as_str()),
                MAX_TITLE,
            ),
            status: rec.status.as_str(),
            error: &rec.error,
            sev: rec
                .findings
                .iter()
                .map(|x| x.severity)
                .max()
                .map(|s| s.as_str()),
            f,
            n: counts,
            co: companies.into_iter().collect(),
            pol: &rec.policy_status,
            named: rec.named_companies,
            tcos: rec.tracker_companies,
        };
        let block = format!(
            "<script type=\"application/json\" class=\"r\">{}</script><script type=\"application/json\" class=\"d\">{}</script>\n",
            script_json(&row)?,
            script_json(&detail(rec))?
        );
        self.file.block(index, block.as_bytes())?;
        self.file.flush()
    }

    fn finish(&mut self, summary: &RunSummary) -> Result<()> {
        let t = &self.totals;
        let mut companies: Vec<CompanyOut> = t
            .companies
            .iter()
            .map(|(name, c)| CompanyOut {
                name,
                sites: c.sites,
                requests: c.requests,
                category: c
                    .categories
                    .iter()
                    .max_by_key(|(_, n)| **n)
                    .map_or("other", |(k, _)| k),
                tracker: c.tracker,
            })
            .collect();
        companies.sort_by(|a, b| b.sites.cmp(&a.sites).then(b.requests.cmp(&a.requests)));
        let mut rules: Vec<_> = t.by_rule.iter().collect();
        rules.sort_by_key(|(_, (n, sev))| std::cmp::Reverse((*sev, *n)));
        let by_rule: Vec<RuleOut> = rules
            .into_iter()
            .map(|(rule, (n, sev))| RuleOut {
                rule,
                n: *n,
                severity: sev.as_str(),
            })
            .collect();
        let mut notes = self.notes.clone();
        let has_run = !summary.finished.is_empty();
        if has_run && !summary.complete {
            notes.insert(
                0,
                format!(
                    "The run was interrupted: {} of {} targets were audited; the rest are missing from this report.",
                    t.sites, summary.targets
                ),
            );
        }
        let out = SummaryOut {
            run: &summary.run,
            started: &summary.started,
            finished: &summary.finished,
            complete: summary.complete,
            targets: has_run.then_some(summary.targets),
            bad_lines: summary.bad_lines,
            duplicates: summary.duplicates,
            wall_seconds: summary.wall_seconds,
            third_party_domains: has_run.then_some(summary.third_party_domains),
            sites: t.sites,
            failed: t.failed,
            by_status: &t.by_status,
            requests: t.requests,
            trackers: t.trackers,
            cookies: t.cookies,
            third_party_cookies: t.third_party_cookies,
            beacons: t.beacons,
            findings: t.findings,
            by_severity: &t.by_severity,
            by_rule,
            policies: t.policies,
            tracker_companies: t.tracker_companies,
            named_companies: t.named_companies,
            purposes: &t.purposes,
            consent: &t.consent,
            companies,
            notes: &notes,
            changes: std::fs::read(self.dir.join("changes.json"))
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok()),
        };
        let (_, before, after) = template_parts();
        let trailer = format!("{before}{}{after}", script_json(&out)?);
        self.file.finish(trailer.as_bytes())?;
        let part = self.dir.join(format!("{FILE}.part"));
        let dest = self.dir.join(FILE);
        std::fs::rename(&part, &dest).map_err(|e| Error::io(&dest, e))
    }
}

/// What [`rebuild`] made.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// The report written (`DIR/report.html`).
    pub path: PathBuf,
    /// Sites in the report.
    pub sites: usize,
    /// False when the run line was missing, unreadable or said `complete: false`.
    pub complete: bool,
    /// Lines of `observations.jsonl` that could not be read (a killed run's last line).
    pub skipped_lines: usize,
}

#[derive(Deserialize)]
struct LineKind {
    #[serde(rename = "type")]
    kind: String,
}

/// Rebuilds `DIR/report.html` from `DIR/observations.jsonl`, one site at a time.
/// A missing or unreadable `"type":"run"` line means an interrupted run: the
/// report is still built, and says so.
pub fn rebuild(dir: &Path) -> Result<Rebuilt> {
    let src = dir.join("observations.jsonl");
    let file = std::fs::File::open(&src).map_err(|e| Error::io(&src, e))?;
    let mut html = HtmlFormat::create(dir)?;
    let mut summary = None;
    let (mut sites, mut skipped) = (0, 0);
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|e| Error::io(&src, e))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<LineKind>(&line).map(|k| k.kind) {
            Ok(k) if k == "site" => match serde_json::from_str::<SiteRecord>(&line) {
                Ok(rec) => {
                    html.site(sites, &rec)?;
                    sites += 1;
                }
                Err(_) => skipped += 1,
            },
            Ok(k) if k == "run" => match serde_json::from_str::<RunSummary>(&line) {
                Ok(s) => summary = Some(s),
                Err(_) => skipped += 1,
            },
            _ => skipped += 1,
        }
    }
    let complete = summary.as_ref().is_some_and(|s| s.complete);
    if summary.is_none() {
        html.note(format!(
            "observations.jsonl has no run summary line: the crawl was interrupted or killed. This report shows the {sites} site(s) that finished, in finishing order."
        ));
    }
    if skipped > 0 {
        html.note(format!(
            "{skipped} line(s) of observations.jsonl could not be read and were skipped."
        ));
    }
    html.finish(&summary.unwrap_or_default())?;
    Ok(Rebuilt {
        path: dir.join(FILE),
        sites,
        complete,
        skipped_lines: skipped,
    })
}

/// A CSP hash source's value: standard base64 (padded) of the SHA-256 of `script`.
fn script_hash(script: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_hashes_match_known_vectors() {
        assert_eq!(
            script_hash("abc"),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        assert_eq!(
            script_hash(""),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert_eq!(
            script_hash(&"a".repeat(1000)),
            "Qe3s5C1j6Nm/UVqbppMuHCDLyfWl0TRkWttdsblzfqM="
        );
    }

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let s = script_json(&"</script><!-- & \u{2028}\u{2029} >").unwrap();
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'));
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><!-- & \u{2028}\u{2029} >");
    }

    #[test]
    fn template_has_its_markers_and_one_renderer() {
        assert_eq!(TEMPLATE.matches(DATA_MARK).count(), 1);
        assert_eq!(TEMPLATE.matches(SUMMARY_MARK).count(), 1);
        assert_eq!(TEMPLATE.matches(CSP_MARK).count(), 1);
        assert_eq!(TEMPLATE.matches("<script>").count(), 1);
        assert!(renderer_script().len() > 1000);
        assert!(!renderer_script().contains("innerHTML"));
        assert!(csp().contains("default-src 'none'"));
    }

    #[test]
    fn redirect_hops_form_chains() {
        let req = |url: &str, from: &str| Request {
            url: url.into(),
            redirect_from: from.into(),
            ..Request::default()
        };
        let reqs = [
            req("http://a/", ""),
            req("http://a/home", "http://a/"),
            req("http://a/", "http://a/home"),
            req("http://a/x.js", ""),
            req("http://t/1", ""),
            req("http://u/2", "http://t/1"),
        ];
        let c = chains(&reqs);
        let urls: Vec<Vec<&str>> = c.iter().map(|h| h.iter().map(|x| x.u).collect()).collect();
        assert_eq!(
            urls,
            [
                vec!["http://a/", "http://a/home", "http://a/"],
                vec!["http://t/1", "http://u/2"]
            ]
        );
    }
}
