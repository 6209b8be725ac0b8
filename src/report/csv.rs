//! Site records in, the CSV files of the output contract out: `sites.csv`,
//! `requests.csv`, `cookies.csv`, `claims.csv`, `findings.csv`, `storage.csv`,
//! `behaviours.csv` and, with `--consent`, `consent.csv`. Contract columns
//! come first in contract order; extra columns follow. Text cells that a
//! spreadsheet would run as a formula are neutralised.

use super::{Format, OrderedFile};
use crate::error::Result;
use crate::model::{RunSummary, SiteRecord, Visit};
use std::path::Path;

/// `sites.csv` columns.
pub const SITES: &[&str] = &[
    "site",
    "final_url",
    "status",
    "error",
    "pages",
    "requests",
    "third_parties",
    "trackers",
    "cookies",
    "third_party_cookies",
    "beacons",
    "policy_url",
    "findings",
    "policy_language",
    "policy_error",
    "started",
    "duration_ms",
    "notes",
    "policy_status",
    "tracker_companies",
    "named_companies",
    "dnt_trackers_without",
    "dnt_trackers_with",
    "dnt_stopped",
    "http_coverage",
    "missed_by_http",
];
/// `storage.csv` columns (browser engine).
pub const STORAGE: &[&str] = &[
    "site",
    "origin",
    "kind",
    "key",
    "value_length",
    "party",
    "set_by",
    "consent_state",
    "consent_visit",
];
/// `behaviours.csv` columns.
pub const BEHAVIOURS: &[&str] = &[
    "site",
    "page_url",
    "kind",
    "script_url",
    "company",
    "detail",
    "sent_to",
    "party",
    "pii",
    "consent_state",
    "consent_visit",
];
/// `consent.csv` columns (with `--consent`).
pub const CONSENT: &[&str] = &[
    "site",
    "state",
    "cmp",
    "method",
    "banner_found",
    "action",
    "layers",
    "tc_string",
    "purposes_consented",
    "vendors_consented",
    "trackers",
    "tracker_companies",
    "cookies",
    "third_party_cookies",
    "cmp_id",
    "gdpr_applies",
    "first_layer_reject",
    "clicked_text",
    "note",
    "tracker_hosts",
    "companies",
];
/// `requests.csv` columns.
pub const REQUESTS: &[&str] = &[
    "site",
    "page_url",
    "url",
    "method",
    "resource_type",
    "status",
    "party",
    "domain",
    "initiator",
    "redirect_from",
    "beacon",
    "tracker",
    "company",
    "category",
    "rule",
    "same_owner",
    "content_type",
    "size",
    "error",
    "consent_state",
    "consent_visit",
    "engine",
];
/// `cookies.csv` columns.
pub const COOKIES: &[&str] = &[
    "site",
    "name",
    "domain",
    "path",
    "party",
    "source",
    "set_by",
    "expires",
    "lifetime_days",
    "secure",
    "http_only",
    "same_site",
    "company",
    "purpose",
    "value_length",
    "note",
    "consent_state",
    "consent_visit",
    "engine",
    "partition_key",
];
/// `claims.csv` columns.
pub const CLAIMS: &[&str] = &[
    "site",
    "policy_url",
    "claim",
    "stance",
    "party",
    "hedged",
    "exceptions",
    "quote",
    "start",
    "end",
    "cue",
    "negation",
];
/// `findings.csv` columns.
pub const FINDINGS: &[&str] = &[
    "site",
    "rule",
    "severity",
    "title",
    "evidence",
    "policy_quote",
];

/// Longest notes cell.
const MAX_NOTES: usize = 2000;

/// Writer of the CSV files.
pub struct CsvFormat {
    /// `consent.csv`, with `--consent`.
    consent: Option<OrderedFile>,
    sites: OrderedFile,
    requests: OrderedFile,
    cookies: OrderedFile,
    claims: OrderedFile,
    findings: OrderedFile,
    storage: OrderedFile,
    behaviours: OrderedFile,
}

/// Neutralises a text cell against spreadsheet formula injection: a cell that
/// begins with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`.
pub fn cell(s: &str) -> String {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn header(cols: &[&str]) -> Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(cols)?;
    w.into_inner()
        .map_err(|e| crate::Error::Csv(e.into_error().into()))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

impl CsvFormat {
    /// Creates the files in `dir` with their headers (`consent.csv` only
    /// when `consent`).
    pub fn create(dir: &Path, consent: bool) -> Result<CsvFormat> {
        let f = |name: &str, cols: &[&str]| OrderedFile::create(&dir.join(name), &header(cols)?);
        Ok(CsvFormat {
            consent: if consent {
                Some(f("consent.csv", CONSENT)?)
            } else {
                None
            },
            sites: f("sites.csv", SITES)?,
            requests: f("requests.csv", REQUESTS)?,
            cookies: f("cookies.csv", COOKIES)?,
            claims: f("claims.csv", CLAIMS)?,
            findings: f("findings.csv", FINDINGS)?,
            storage: f("storage.csv", STORAGE)?,
            behaviours: f("behaviours.csv", BEHAVIOURS)?,
        })
    }
}

/// Serialises rows of cells into CSV bytes.
fn rows<I, R>(records: I) -> Result<Vec<u8>>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for r in records {
        w.write_record(r.into_iter().map(|c| cell(&c)))?;
    }
    w.into_inner()
        .map_err(|e| crate::Error::Csv(e.into_error().into()))
}

impl CsvFormat {
    fn files(&mut self) -> impl Iterator<Item = &mut OrderedFile> {
        [
            &mut self.sites,
            &mut self.requests,
            &mut self.cookies,
            &mut self.claims,
            &mut self.findings,
            &mut self.storage,
            &mut self.behaviours,
        ]
        .into_iter()
        .chain(self.consent.as_mut())
    }
}

impl Format for CsvFormat {
    fn site(&mut self, index: usize, rec: &SiteRecord) -> Result<()> {
        let c = rec.counts();
        let site = &rec.site;
        let mut notes = rec.visit.errors.join(" | ");
        if notes.len() > MAX_NOTES {
            notes = crate::text::bounded(&notes, MAX_NOTES);
        }
        let site_row = vec![
            site.clone(),
            rec.final_url.clone(),
            rec.status.as_str().to_string(),
            rec.error.clone(),
            c.pages.to_string(),
            c.requests.to_string(),
            c.third_parties.to_string(),
            c.trackers.to_string(),
            c.cookies.to_string(),
            c.third_party_cookies.to_string(),
            c.beacons.to_string(),
            rec.policy_url.clone(),
            c.findings.to_string(),
            rec.policy_language.clone(),
            rec.policy_error.clone(),
            rec.started.clone(),
            rec.duration_ms.to_string(),
            notes,
            rec.policy_status.clone(),
            rec.tracker_companies.to_string(),
            rec.named_companies.to_string(),
            opt(rec.dnt_compare.as_ref().map(|d| d.trackers_without.len())),
            opt(rec.dnt_compare.as_ref().map(|d| d.trackers_with.len())),
            rec.dnt_compare
                .as_ref()
                .map(|d| d.stopped.join(" "))
                .unwrap_or_default(),
            opt(rec.coverage.as_ref().map(|c| format!("{:.2}", c.ratio()))),
            rec.coverage
                .as_ref()
                .map(|c| c.missed_by_http.join(" "))
                .unwrap_or_default(),
        ];
        self.sites.block(index, &rows([site_row])?)?;
        let reqs = rows_of(rec, |v| &v.requests).map(|(r, visit)| {
            vec![
                site.clone(),
                r.page_url.clone(),
                r.url.clone(),
                r.method.clone(),
                opt(r.resource_type.map(|t| t.as_str())),
                opt(r.status),
                opt(r.party.map(|p| p.as_str())),
                r.domain.clone(),
                r.initiator.clone(),
                r.redirect_from.clone(),
                r.beacon.to_string(),
                opt(r.tracker),
                r.company.clone(),
                opt(r.category.map(|c| c.as_str())),
                r.rule.clone(),
                r.same_owner.to_string(),
                r.content_type.clone(),
                r.size.to_string(),
                r.error.clone(),
                r.consent_state.as_str().to_string(),
                visit.clone(),
                opt(r.engine.map(|e| e.as_str())),
            ]
        });
        self.requests.block(index, &rows(reqs)?)?;
        let cookies = rows_of(rec, |v| &v.cookies).map(|(k, visit)| {
            vec![
                site.clone(),
                k.name.clone(),
                k.domain.clone(),
                k.path.clone(),
                opt(k.party.map(|p| p.as_str())),
                k.source.as_str().to_string(),
                k.set_by.clone(),
                k.expires.clone(),
                opt(k.lifetime_days.map(|d| format!("{d:.1}"))),
                k.secure.to_string(),
                k.http_only.to_string(),
                k.same_site.clone(),
                k.company.clone(),
                opt(k.purpose.map(|p| p.as_str())),
                k.value_length.to_string(),
                k.note.clone(),
                k.consent_state.as_str().to_string(),
                visit.clone(),
                opt(k.engine.map(|e| e.as_str())),
                k.partition_key.clone(),
            ]
        });
        self.cookies.block(index, &rows(cookies)?)?;
        let claims = rec.claims().map(|(doc, cl)| {
            vec![
                site.clone(),
                doc.url.clone(),
                cl.claim.as_str().to_string(),
                cl.stance.as_str().to_string(),
                cl.party.clone(),
                cl.hedged.to_string(),
                cl.exceptions
                    .iter()
                    .map(|e| e.as_str())
                    .collect::<Vec<_>>()
                    .join(";"),
                cl.quote.clone(),
                cl.start.to_string(),
                cl.end.to_string(),
                cl.cue.clone(),
                cl.negation.clone(),
            ]
        });
        self.claims.block(index, &rows(claims)?)?;
        let findings = rec.findings.iter().map(|f| {
            vec![
                site.clone(),
                f.rule.clone(),
                f.severity.as_str().to_string(),
                f.title.clone(),
                f.evidence.clone(),
                f.policy_quote.clone(),
            ]
        });
        self.findings.block(index, &rows(findings)?)?;
        let storage = rows_of(rec, |v| &v.storage).map(|(st, visit)| {
            vec![
                site.clone(),
                st.origin.clone(),
                st.kind.clone(),
                st.key.clone(),
                st.value_length.to_string(),
                opt(st.party.map(|p| p.as_str())),
                st.set_by.clone(),
                st.consent_state.as_str().to_string(),
                visit.clone(),
            ]
        });
        self.storage.block(index, &rows(storage)?)?;
        let behaviours = rows_of(rec, |v| &v.behaviours).map(|(b, visit)| {
            vec![
                site.clone(),
                b.page_url.clone(),
                opt(b.kind.map(|k| k.as_str())),
                b.script_url.clone(),
                b.company.clone(),
                b.detail.clone(),
                b.sent_to.clone(),
                opt(b.party.map(|p| p.as_str())),
                b.pii.to_string(),
                b.consent_state.as_str().to_string(),
                visit.clone(),
            ]
        });
        self.behaviours.block(index, &rows(behaviours)?)?;
        if let Some(file) = &mut self.consent {
            file.block(index, &rows(consent_rows(rec))?)?;
        }
        for f in self.files() {
            f.flush()?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &RunSummary) -> Result<()> {
        for f in self.files() {
            f.finish(b"")?;
        }
        Ok(())
    }
}

/// The rows of every visit of a site (the record's own, then the other
/// consent states'), each with its visit's state (`consent_visit`; empty
/// without `--consent`).
fn rows_of<'a, T: 'a>(
    rec: &'a SiteRecord,
    field: impl Fn(&'a Visit) -> &'a Vec<T> + 'a,
) -> impl Iterator<Item = (&'a T, String)> + 'a {
    rec.all_visits().flat_map(move |v| {
        let state = v
            .consent
            .as_ref()
            .map(|c| c.state.as_str().to_string())
            .unwrap_or_default();
        field(v).iter().map(move |x| (x, state.clone()))
    })
}

/// `consent.csv` rows: one per visit made with `--consent`.
fn consent_rows(rec: &SiteRecord) -> Vec<Vec<String>> {
    let join = |xs: &[u32]| {
        xs.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let set = |xs: &std::collections::BTreeSet<String>| xs.iter().cloned().collect::<Vec<_>>();
    rec.all_visits()
        .filter_map(|v| Some((v.consent.as_ref()?, v.consent_tally()?)))
        .map(|(c, t)| {
            vec![
                rec.site.clone(),
                c.state.as_str().to_string(),
                c.cmp.clone(),
                c.method.clone(),
                c.banner_found.to_string(),
                opt(c.action.map(|a| a.as_str())),
                c.layers.to_string(),
                c.tc_string.clone(),
                join(&c.purposes_consented),
                join(&c.vendors_consented),
                t.trackers.len().to_string(),
                t.tracker_companies.len().to_string(),
                t.cookies.to_string(),
                t.third_party_cookies.to_string(),
                opt(c.cmp_id),
                opt(c.gdpr_applies),
                opt(c.first_layer_reject),
                c.clicked_text.clone(),
                c.note.clone(),
                set(&t.trackers).join(" "),
                set(&t.tracker_companies).join("; "),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formulas() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("@SUM"), "'@SUM");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("https://x/"), "https://x/");
        assert_eq!(cell(""), "");
    }
}
