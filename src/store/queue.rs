//! The work queue of distributed runs, on either backend: a run's sites in
//! ([`Store::enqueue`]), leases of sites out to workers ([`Store::claim`],
//! PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite an IMMEDIATE transaction, one
//! machine only), kept alive by [`Store::heartbeat`], and each site finished
//! exactly once: recorded with its queue row in one transaction
//! ([`Store::complete`]) or, after [`MAX_ATTEMPTS`] claims, recorded as an
//! `error` site ([`Store::give_up`]). An expired lease makes its site
//! claimable again.

use super::db::{vals, Db, Row};
use super::{now, record, Store};
use crate::error::Result;
use crate::model::SiteRecord;
use std::time::Duration;

/// Claims of one site after which it is recorded as an `error` site instead
/// of being handed out again (a site that crashed workers this often).
pub const MAX_ATTEMPTS: u32 = 3;

/// Sites `enqueue` writes per statement.
const ENQUEUE_BATCH: usize = 200;

/// Expired leases given up per claim (more are given up by later claims).
const GIVE_UP_BATCH: usize = 32;

/// One site leased to a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The run the site belongs to.
    pub run: i64,
    /// The site's index in the run's target list.
    pub idx: usize,
    /// The site as enqueued (normalised URL).
    pub site: String,
    /// Claims of this site so far, this one included (1 on the first).
    pub attempt: u32,
}

/// A run's queue by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueCounts {
    /// Waiting for a worker.
    pub queued: usize,
    /// Leased to a worker (including leases that expired but were not yet
    /// claimed again).
    pub leased: usize,
    /// Recorded.
    pub done: usize,
    /// Given up after [`MAX_ATTEMPTS`] (recorded as `error` sites).
    pub failed: usize,
}

impl QueueCounts {
    /// Every site is done or failed.
    pub fn finished(&self) -> bool {
        self.queued == 0 && self.leased == 0
    }
}

/// Milliseconds of a lease (at least 1).
fn lease_ms(lease: Duration) -> i64 {
    i64::try_from(lease.as_millis())
        .unwrap_or(i64::MAX / 2)
        .max(1)
}

fn lease_of(r: &Row) -> Result<Lease> {
    Ok(Lease {
        run: r.get(0)?,
        idx: r.get(1)?,
        site: r.get(2)?,
        attempt: r.get(3)?,
    })
}

impl Store {
    /// Queues the sites of `run` (index = position in `sites`); a site already
    /// queued for the run is left as it is. Returns how many were added. A
    /// site is a target-list entry: a URL, or a bare domain (`example.com/`,
    /// crawled as https with a fallback to http, and recorded under its
    /// `https://` URL).
    pub fn enqueue<S: AsRef<str> + Sync>(&self, run: i64, sites: &[S]) -> Result<usize> {
        self.write(|db| {
            let mut added = 0;
            for (n, chunk) in sites.chunks(ENQUEUE_BATCH).enumerate() {
                let rows: Vec<String> = (0..chunk.len())
                    .map(|i| format!("(?1, ?{}, ?{})", 2 * i + 2, 2 * i + 3))
                    .collect();
                let sql = format!(
                    "INSERT INTO queue (run_id, idx, site) VALUES {}
                     ON CONFLICT (run_id, site) DO NOTHING",
                    rows.join(", ")
                );
                let mut params = vals![run].to_vec();
                for (i, s) in chunk.iter().enumerate() {
                    params.extend(vals![n * ENQUEUE_BATCH + i, s.as_ref()]);
                }
                added += db.exec(&sql, &params)? as usize;
            }
            Ok(added)
        })
    }

    /// Leases up to `n` sites to `worker` for `lease`: of `run`, or with `None`
    /// of any run that has queued sites, in run then target-list order. Sites
    /// whose lease expired are claimable again; one whose expired lease was
    /// its [`MAX_ATTEMPTS`]th claim is given up instead (recorded `error`).
    pub fn claim(
        &self,
        run: Option<i64>,
        worker: &str,
        n: usize,
        lease: Duration,
    ) -> Result<Vec<Lease>> {
        if n == 0 {
            return Ok(Vec::new());
        }
        let mut leases = self.write(|db| {
            let (now, skip) = (db.dialect().now_ms(), db.dialect().skip_locked());
            let (filter, run_param) = match run {
                Some(r) => (" AND run_id = ?3", vals![r].to_vec()),
                None => ("", Vec::new()),
            };
            let mut p = vals![MAX_ATTEMPTS, GIVE_UP_BATCH].to_vec();
            p.extend(run_param.iter().cloned());
            let dead = db.query(
                &format!(
                    "SELECT run_id, site, last_error FROM queue
                     WHERE state = 'leased' AND lease_until < {now} AND attempts >= ?1{filter}
                     ORDER BY run_id, idx LIMIT ?2{skip}"
                ),
                &p,
            )?;
            for r in &dead {
                let (run, site, last): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                let why = match last.as_str() {
                    "" => "the worker stopped before finishing it".to_string(),
                    l => l.to_string(),
                };
                give_up_in(db, run, &site, &why)?;
            }
            // Expired leases first (few: at most the leased rows), then queued
            // sites in order; each an index range scan on (state, run_id, idx).
            let mut out = Vec::new();
            for wanted in [
                "state = 'leased' AND lease_until < ",
                "state = 'queued' AND 0 < ",
            ] {
                if out.len() >= n {
                    break;
                }
                let mut p = vals![worker, lease_ms(lease)].to_vec();
                p.extend(run_param.iter().cloned());
                p.extend(vals![MAX_ATTEMPTS, n - out.len()]);
                let (a, l) = (p.len() - 1, p.len());
                let rows = db.query(
                    &format!(
                        "UPDATE queue SET state = 'leased', worker = ?1,
                            lease_until = {now} + ?2, attempts = attempts + 1
                         WHERE (run_id, site) IN (
                            SELECT run_id, site FROM queue
                            WHERE {wanted}{now} AND attempts < ?{a}{filter}
                            ORDER BY run_id, idx LIMIT ?{l}{skip})
                         RETURNING run_id, idx, site, attempts"
                    ),
                    &p,
                )?;
                for r in &rows {
                    out.push(lease_of(r)?);
                }
            }
            Ok(out)
        })?;
        leases.sort_by_key(|l| (l.run, l.idx));
        Ok(leases)
    }

    /// Extends every lease `worker` holds to `lease` from now. Returns how many.
    pub fn heartbeat(&self, worker: &str, lease: Duration) -> Result<usize> {
        self.read(|db| {
            let now = db.dialect().now_ms();
            let n = db.exec(
                &format!(
                    "UPDATE queue SET lease_until = {now} + ?2
                     WHERE worker = ?1 AND state = 'leased'"
                ),
                &vals![worker, lease_ms(lease)],
            )?;
            Ok(n as usize)
        })
    }

    /// Records the leased site's `rec` and marks it done, in one transaction.
    /// `false` (and nothing recorded) when the site is already done or given
    /// up (another worker finished it after this lease expired): each site is
    /// recorded exactly once.
    pub fn complete(&self, lease: &Lease, worker: &str, rec: &SiteRecord) -> Result<bool> {
        self.write(|db| {
            let n = db.exec(
                "UPDATE queue SET state = 'done', worker = ?3, lease_until = 0
                 WHERE run_id = ?1 AND site = ?2 AND state NOT IN ('done', 'failed')",
                &vals![lease.run, lease.site, worker],
            )?;
            if n == 0 {
                return Ok(false);
            }
            record(db, lease.run, lease.idx, rec)?;
            Ok(true)
        })
    }

    /// The leased site could not be audited (`error`): queued again for
    /// another attempt, or given up after [`MAX_ATTEMPTS`]. `false` when the
    /// lease was no longer `worker`'s.
    pub fn fail(&self, lease: &Lease, worker: &str, error: &str) -> Result<bool> {
        let error = crate::text::bounded(error, 2000);
        self.write(|db| {
            let row = db.query_opt(
                "SELECT attempts FROM queue
                 WHERE run_id = ?1 AND site = ?2 AND state = 'leased' AND worker = ?3",
                &vals![lease.run, lease.site, worker],
            )?;
            let Some(row) = row else { return Ok(false) };
            if row.get::<u32>(0)? >= MAX_ATTEMPTS {
                return give_up_in(db, lease.run, &lease.site, &error);
            }
            db.exec(
                "UPDATE queue SET state = 'queued', worker = '', lease_until = 0, last_error = ?3
                 WHERE run_id = ?1 AND site = ?2",
                &vals![lease.run, lease.site, error],
            )?;
            Ok(true)
        })
    }

    /// Hands a leased site back unstarted (a worker shutting down): queued
    /// again, the claim not counted. `false` when it was no longer `worker`'s.
    pub fn release(&self, lease: &Lease, worker: &str) -> Result<bool> {
        let n = self.read(|db| {
            db.exec(
                "UPDATE queue SET state = 'queued', worker = '', lease_until = 0,
                    attempts = attempts - 1
                 WHERE run_id = ?1 AND site = ?2 AND state = 'leased' AND worker = ?3",
                &vals![lease.run, lease.site, worker],
            )
        })?;
        Ok(n > 0)
    }

    /// Stops trying `site` of `run`: records it as an `error` site saying
    /// `reason`, and marks it failed, in one transaction. `false` when it was
    /// already done or given up.
    pub fn give_up(&self, run: i64, site: &str, reason: &str) -> Result<bool> {
        let reason = crate::text::bounded(reason, 2000);
        self.write(|db| give_up_in(db, run, site, &reason))
    }

    /// `run`'s queue by state.
    pub fn pending(&self, run: i64) -> Result<QueueCounts> {
        let rows = self.read(|db| {
            db.query(
                "SELECT state, count(*) FROM queue WHERE run_id = ?1 GROUP BY state",
                &vals![run],
            )
        })?;
        let mut c = QueueCounts::default();
        for r in &rows {
            let n: usize = r.get(1)?;
            match r.get::<String>(0)?.as_str() {
                "queued" => c.queued = n,
                "leased" => c.leased = n,
                "done" => c.done = n,
                _ => c.failed += n,
            }
        }
        Ok(c)
    }

    /// Runs with sites queued or leased, oldest first.
    pub fn open_runs(&self) -> Result<Vec<i64>> {
        let rows = self.read(|db| {
            db.query(
                "SELECT DISTINCT run_id FROM queue WHERE state IN ('queued', 'leased')
                 ORDER BY run_id",
                &[],
            )
        })?;
        rows.iter().map(|r| r.get(0)).collect()
    }
}

/// [`Store::give_up`] in the open transaction `db`.
fn give_up_in(db: &mut dyn Db, run: i64, site: &str, reason: &str) -> Result<bool> {
    let row = db.query_opt(
        "UPDATE queue SET state = 'failed', lease_until = 0, last_error = ?3
         WHERE run_id = ?1 AND site = ?2 AND state NOT IN ('done', 'failed')
         RETURNING idx, attempts",
        &vals![run, site, reason],
    )?;
    let Some(row) = row else { return Ok(false) };
    let (idx, attempts): (usize, u32) = (row.get(0)?, row.get(1)?);
    // A queued bare domain (`example.com/`) is recorded under its URL, as the
    // worker that audits it records it.
    let site = crate::targets::parse_target(site)
        .map(|(url, _)| url.to_string())
        .unwrap_or_else(|_| site.to_string());
    let rec = SiteRecord::unaudited(
        site,
        now(),
        format!("gave up after {attempts} attempts: {reason}"),
    );
    record(db, run, idx, &rec)?;
    Ok(true)
}
