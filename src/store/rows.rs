//! A site record's rows in and out of the history database: requests,
//! cookies, storage keys, consent outcomes, policy documents with their
//! claims, and findings, of every visit of the site.

use super::parse_enum;
use crate::error::Result;
use crate::model::{
    Behaviour, Claim, ClaimKind, Cookie, CookieSource, Finding, PolicyDoc, Request, Severity,
    SiteRecord, Stance, StorageItem, Visit,
};
use rusqlite::{params, Connection, Transaction};

/// Inserts a site's requests, cookies, policy documents, claims and findings.
#[rustfmt::skip]
pub(super) fn insert_children(tx: &Transaction<'_>, site_id: i64, rec: &SiteRecord) -> Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT INTO requests (site_id, seq, page_url, url, method, resource_type, status,
            party, domain, initiator, redirect_from, beacon, tracker, company, category, rule,
            same_owner, content_type, size, error, visit_seq, consent_state, engine)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23)",
    )?;
    let visits = || rec.all_visits().enumerate();
    let rows = visits().flat_map(|(v, visit)| visit.requests.iter().map(move |r| (v, r)));
    for (i, (v, r)) in rows.enumerate() {
        st.execute(params![
            site_id, i, r.page_url, r.url, r.method, r.resource_type.map(|t| t.as_str()),
            r.status, r.party.map(|p| p.as_str()), r.domain, r.initiator, r.redirect_from,
            r.beacon, r.tracker, r.company, r.category.map(|c| c.as_str()), r.rule,
            r.same_owner, r.content_type, r.size, r.error, v, r.consent_state.as_str(),
            r.engine.map(|e| e.as_str()),
        ])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO cookies (site_id, seq, name, value_length, domain, path, party, source,
            set_by, expires, lifetime_days, secure, http_only, same_site, company, purpose, note,
            visit_seq, consent_state, engine, partition_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21)",
    )?;
    let rows = visits().flat_map(|(v, visit)| visit.cookies.iter().map(move |c| (v, c)));
    for (i, (v, c)) in rows.enumerate() {
        st.execute(params![
            site_id, i, c.name, c.value_length, c.domain, c.path, c.party.map(|p| p.as_str()),
            c.source.as_str(), c.set_by, c.expires, c.lifetime_days, c.secure, c.http_only,
            c.same_site, c.company, c.purpose.map(|p| p.as_str()), c.note, v,
            c.consent_state.as_str(), c.engine.map(|e| e.as_str()), c.partition_key,
        ])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO behaviours (site_id, seq, visit_seq, page_url, kind, script_url, company,
            detail, sent_to, party, pii, consent_state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let rows = visits().flat_map(|(v, visit)| visit.behaviours.iter().map(move |b| (v, b)));
    for (i, (v, b)) in rows.enumerate() {
        st.execute(params![
            site_id, i, v, b.page_url, b.kind.map(|k| k.as_str()), b.script_url, b.company,
            b.detail, b.sent_to, b.party.map(|p| p.as_str()), b.pii, b.consent_state.as_str(),
        ])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO consent (site_id, seq, state, cmp, method, banner_found, action, layers,
            tc_string, outcome, tally, visit)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (v, visit) in visits() {
        let (Some(c), Some(tally)) = (&visit.consent, visit.consent_tally()) else { continue };
        // The audited visit's pages and notes live on the site row.
        let extra = (v > 0).then(|| serde_json::to_string(&(&visit.pages, &visit.errors)))
            .transpose()?;
        st.execute(params![
            site_id, v, c.state.as_str(), c.cmp, c.method, c.banner_found,
            c.action.map(|a| a.as_str()), c.layers, c.tc_string, serde_json::to_string(c)?,
            serde_json::to_string(&tally)?, extra,
        ])?;
    }
    let mut pst = tx.prepare_cached(
        "INSERT INTO policies (site_id, seq, url, kind, language, last_updated, text_hash,
            text_length) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut cst = tx.prepare_cached(
        "INSERT INTO claims (policy_id, seq, claim, stance, hedged, exceptions, party, quote,
            start, end, cue, negation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (i, d) in rec.policies.iter().enumerate() {
        pst.execute(params![
            site_id, i, d.url, d.kind, d.language, d.last_updated, d.text_hash, d.text_length
        ])?;
        let policy_id = tx.last_insert_rowid();
        for (j, c) in d.claims.iter().enumerate() {
            let exceptions: Vec<&str> = c.exceptions.iter().map(|e| e.as_str()).collect();
            cst.execute(params![
                policy_id, j, c.claim.as_str(), c.stance.as_str(), c.hedged,
                exceptions.join(";"), c.party, c.quote, c.start, c.end, c.cue, c.negation,
            ])?;
        }
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO storage (site_id, seq, origin, kind, key, value_length, party, set_by,
            visit_seq, consent_state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let rows = visits().flat_map(|(v, visit)| visit.storage.iter().map(move |s| (v, s)));
    for (i, (v, s)) in rows.enumerate() {
        st.execute(params![
            site_id, i, s.origin, s.kind, s.key, s.value_length, s.party.map(|p| p.as_str()),
            s.set_by, v, s.consent_state.as_str(),
        ])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO findings (site_id, seq, rule, severity, title, evidence, policy_quote)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, f) in rec.findings.iter().enumerate() {
        st.execute(params![
            site_id, i, f.rule, f.severity.as_str(), f.title, f.evidence, f.policy_quote
        ])?;
    }
    Ok(())
}

/// Reads a site's requests, cookies, storage keys, policy documents, claims
/// and findings.
#[rustfmt::skip]
pub(super) fn read_children(conn: &Connection, site_id: i64, rec: &mut SiteRecord) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT page_url, url, method, resource_type, status, party, domain, initiator,
            redirect_from, beacon, tracker, company, category, rule, same_owner, content_type,
            size, error, seq, visit_seq, consent_state, engine FROM requests WHERE site_id = ?1 ORDER BY seq",
    )?;
    let requests = st
        .query_map([site_id], |r| Ok((r.get::<_, usize>(19)?, Request {
            consent_state: parse_enum(r.get(20)?).unwrap_or_default(),
            engine: parse_enum(r.get(21)?), post_data: String::new(),
            page_url: r.get(0)?, url: r.get(1)?, method: r.get(2)?,
            resource_type: parse_enum(r.get(3)?), status: r.get(4)?,
            party: parse_enum(r.get(5)?), domain: r.get(6)?, initiator: r.get(7)?,
            redirect_from: r.get(8)?, beacon: r.get(9)?, tracker: r.get(10)?,
            company: r.get(11)?, category: parse_enum(r.get(12)?), rule: r.get(13)?,
            same_owner: r.get(14)?, content_type: r.get(15)?, size: r.get(16)?,
            error: r.get(17)?, order: vec![r.get(18)?],
        })))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = conn.prepare_cached(
        "SELECT name, value_length, domain, path, party, source, set_by, expires,
            lifetime_days, secure, http_only, same_site, company, purpose, note, visit_seq,
            consent_state, engine, partition_key
         FROM cookies WHERE site_id = ?1 ORDER BY seq",
    )?;
    let cookies = st
        .query_map([site_id], |r| Ok((r.get::<_, usize>(15)?, Cookie {
            consent_state: parse_enum(r.get(16)?).unwrap_or_default(),
            engine: parse_enum(r.get(17)?), partition_key: r.get(18)?,
            name: r.get(0)?, value_length: r.get(1)?, domain: r.get(2)?, path: r.get(3)?,
            party: parse_enum(r.get(4)?),
            source: parse_enum(r.get(5)?).unwrap_or(CookieSource::Header),
            set_by: r.get(6)?, expires: r.get(7)?, lifetime_days: r.get(8)?,
            secure: r.get(9)?, http_only: r.get(10)?, same_site: r.get(11)?,
            company: r.get(12)?, purpose: parse_enum(r.get(13)?), note: r.get(14)?,
        })))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = conn.prepare_cached(
        "SELECT origin, kind, key, value_length, party, set_by, visit_seq, consent_state
         FROM storage WHERE site_id = ?1 ORDER BY seq",
    )?;
    let storage = st
        .query_map([site_id], |r| Ok((r.get::<_, usize>(6)?, StorageItem {
            consent_state: parse_enum(r.get(7)?).unwrap_or_default(),
            origin: r.get(0)?, kind: r.get(1)?, key: r.get(2)?, value_length: r.get(3)?,
            party: parse_enum(r.get(4)?), set_by: r.get(5)?,
        })))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = conn.prepare_cached(
        "SELECT visit_seq, page_url, kind, script_url, company, detail, sent_to, party, pii,
            consent_state FROM behaviours WHERE site_id = ?1 ORDER BY seq",
    )?;
    let behaviours = st
        .query_map([site_id], |r| Ok((r.get::<_, usize>(0)?, Behaviour {
            page_url: r.get(1)?, kind: parse_enum(r.get(2)?), script_url: r.get(3)?,
            company: r.get(4)?, detail: r.get(5)?, sent_to: r.get(6)?,
            party: parse_enum(r.get(7)?), pii: r.get(8)?,
            consent_state: parse_enum(r.get(9)?).unwrap_or_default(),
        })))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = conn.prepare_cached(
        "SELECT seq, outcome, visit FROM consent WHERE site_id = ?1 ORDER BY seq",
    )?;
    let consent = st
        .query_map([site_id], |r| {
            Ok((r.get::<_, usize>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    split_visits(rec, requests, cookies, storage, consent);
    for (seq, b) in behaviours {
        if let Some(v) = slot(rec, seq) {
            v.behaviours.push(b);
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT id, url, kind, language, last_updated, text_hash, text_length
         FROM policies WHERE site_id = ?1 ORDER BY seq",
    )?;
    let docs = st
        .query_map([site_id], |r| Ok((r.get::<_, i64>(0)?, PolicyDoc {
            url: r.get(1)?, kind: r.get(2)?, language: r.get(3)?, last_updated: r.get(4)?,
            text_hash: r.get(5)?, text_length: r.get(6)?, claims: Vec::new(),
        })))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut cst = conn.prepare_cached(
        "SELECT claim, stance, hedged, exceptions, party, quote, start, end, cue, negation
         FROM claims WHERE policy_id = ?1 ORDER BY seq",
    )?;
    rec.policies = Vec::with_capacity(docs.len());
    for (id, mut doc) in docs {
        let rows = cst.query_map([id], |r| {
            let exceptions: String = r.get(3)?;
            let (kind, stance) = (parse_enum::<ClaimKind>(r.get(0)?), parse_enum::<Stance>(r.get(1)?));
            let Some((claim, stance)) = kind.zip(stance) else { return Ok(None) };
            Ok(Some(Claim {
                claim, stance, hedged: r.get(2)?,
                exceptions: exceptions.split(';').filter_map(|e| parse_enum(Some(e.into()))).collect(),
                party: r.get(4)?, cue: r.get(8)?, negation: r.get(9)?,
                quote: r.get(5)?, start: r.get(6)?, end: r.get(7)?,
            }))
        })?;
        // A claim id or stance this build does not know is left out.
        for row in rows {
            doc.claims.extend(row?);
        }
        rec.policies.push(doc);
    }
    let mut st = conn.prepare_cached(
        "SELECT rule, severity, title, evidence, policy_quote
         FROM findings WHERE site_id = ?1 ORDER BY seq",
    )?;
    rec.findings = st
        .query_map([site_id], |r| Ok(Finding {
            rule: r.get(0)?, severity: parse_enum(r.get(1)?).unwrap_or(Severity::Info),
            title: r.get(2)?, evidence: r.get(3)?, policy_quote: r.get(4)?,
        }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(())
}

/// The visit of a site a row's `visit_seq` names.
fn slot(rec: &mut SiteRecord, seq: usize) -> Option<&mut Visit> {
    match seq {
        0 => Some(&mut rec.visit),
        n => rec.consent_visits.get_mut(n - 1),
    }
}

/// Files rows read back into the site's visits by their `visit_seq` (0 = the
/// record's own visit; 1.. = `consent_visits`), with each visit's consent outcome.
fn split_visits(
    rec: &mut SiteRecord,
    requests: Vec<(usize, Request)>,
    cookies: Vec<(usize, Cookie)>,
    storage: Vec<(usize, StorageItem)>,
    consent: Vec<(usize, String, Option<String>)>,
) {
    let extra = consent.iter().map(|c| c.0).max().unwrap_or(0);
    rec.consent_visits = vec![Visit::default(); extra];
    for (seq, outcome, visit) in consent {
        let v = if seq == 0 {
            &mut rec.visit
        } else {
            &mut rec.consent_visits[seq - 1]
        };
        v.consent = serde_json::from_str(&outcome).ok();
        if let Some((pages, errors)) = visit.and_then(|j| serde_json::from_str(&j).ok()) {
            (v.pages, v.errors) = (pages, errors);
        }
    }
    for (seq, r) in requests {
        if let Some(v) = slot(rec, seq) {
            v.requests.push(r);
        }
    }
    for (seq, c) in cookies {
        if let Some(v) = slot(rec, seq) {
            v.cookies.push(c);
        }
    }
    for (seq, s) in storage {
        if let Some(v) = slot(rec, seq) {
            v.storage.push(s);
        }
    }
}
