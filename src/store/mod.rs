//! Run history in SQLite or PostgreSQL: [`SiteRecord`]s and [`RunSummary`]s
//! in, run listings, resumable-run state, whole site records and lean per-site
//! [`SiteSnapshot`]s (for diffs) out, and the work queue of distributed runs
//! (`queue.rs`). One transaction per site, so a killed crawl keeps every site
//! it had finished and several processes can write one database at once
//! (SQLite: WAL mode and a busy timeout). The schema is versioned (SQLite:
//! `PRAGMA user_version`; PostgreSQL: a `schema_version` table) and upgraded
//! by the [`MIGRATIONS`] / [`PG_MIGRATIONS`] lists on open.

use crate::error::{Error, Result};
use crate::hash::Fnv1a;
use crate::model::{ConsentTally, Page, RunSummary, SiteRecord, SiteStatus, Visit};
use db::{one, vals, Db, Lite, Row};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How long a writer waits for another process's write lock before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

mod db;
mod pg;
mod queue;
mod rows;
use rows::{insert_children, read_children};
mod schema;
pub use pg::{is_url, redacted};
pub use queue::{Lease, QueueCounts, MAX_ATTEMPTS};
pub use schema::{MIGRATIONS, PG_MIGRATIONS};

/// A run history database: a SQLite file, or a PostgreSQL database when
/// opened from a `postgres://` URL (one connection either way; `Send + Sync`,
/// calls are serialised on an internal lock). Open one per process or thread
/// that writes. Every method works on both backends.
pub struct Store {
    backend: Backend,
    path: PathBuf,
}

enum Backend {
    Sqlite(Mutex<Connection>),
    Postgres(Box<pg::PgStore>),
}

/// One row of `trackaudit runs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRow {
    /// Run id (increasing).
    pub id: i64,
    /// When the run began, RFC 3339 UTC.
    pub started: String,
    /// When it finished (`None` while running or after a kill).
    pub finished: Option<String>,
    /// Hash of the normalised target list ([`targets_key`]).
    pub targets_key: String,
    /// Number of targets.
    pub targets: usize,
    /// Report directory.
    pub out_dir: String,
    /// The run's options as JSON (what `--resume` reuses).
    pub options: String,
    /// Sites recorded so far.
    pub sites: usize,
    /// Recorded sites with status `ok`.
    pub sites_ok: usize,
    /// Recorded sites with any other status.
    pub sites_failed: usize,
    /// Findings over all recorded sites.
    pub findings: usize,
    /// True once [`Store::finish_run`] marked every target crawled.
    pub complete: bool,
}

/// What a diff compares of one site, read straight from the tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteSnapshot {
    /// Site status (contract spelling).
    pub status: String,
    /// Why the site failed.
    pub error: String,
    /// Tracker requests as (company, host).
    pub trackers: BTreeSet<(String, String)>,
    /// Cookies as (name, domain).
    pub cookies: BTreeSet<(String, String)>,
    /// Third-party registrable domains that received requests.
    pub third_parties: BTreeSet<String>,
    /// Findings as (rule, title) → severity.
    pub findings: BTreeMap<(String, String), String>,
    /// Policy documents as (kind, url, text_hash), in document order.
    pub policies: Vec<(String, String, String)>,
    /// Claims over all documents as (claim, stance, party) → first quote.
    pub claims: BTreeMap<(String, String, String), String>,
    /// With `--consent`: per state, the banner outcome's action and CMP, and
    /// what the site did in that state.
    pub consent: BTreeMap<String, ConsentSnapshot>,
}

/// One consent state of a site, as a diff compares it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConsentSnapshot {
    /// What was done with the banner (`clicked`, `not_found` ...; empty in `none`).
    pub action: String,
    /// The consent manager found.
    pub cmp: String,
    /// Tracker hosts, companies and cookie counts in that state.
    pub tally: ConsentTally,
}

/// A stable key for a target list: FNV-1a (64 bit, hex) over the sorted,
/// de-duplicated normalised site URLs, so the same list in another order or
/// with duplicates maps to the same key.
pub fn targets_key<'a>(sites: impl IntoIterator<Item = &'a str>) -> String {
    let set: BTreeSet<&str> = sites.into_iter().collect();
    let mut h = Fnv1a::default();
    for s in set {
        h.write(s.as_bytes());
        h.write(b"\n");
    }
    format!("{:016x}", h.finish())
}

/// Files one query row's four text columns into a snapshot.
type Fill = fn(&mut SiteSnapshot, [String; 4]);

/// The default database path: `$TRACKAUDIT_DB`, else
/// `$XDG_DATA_HOME/trackaudit/history.db`, else
/// `~/.local/share/trackaudit/history.db`; `None` without any of them.
pub fn default_path() -> Option<PathBuf> {
    default_path_from(|k| std::env::var_os(k))
}

/// [`default_path`] over any environment lookup (empty values count as unset).
fn default_path_from(env: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let var = |k: &str| env(k).filter(|v| !v.is_empty());
    if let Some(p) = var("TRACKAUDIT_DB") {
        return Some(PathBuf::from(p));
    }
    let base = match var("XDG_DATA_HOME") {
        Some(x) => PathBuf::from(x),
        None => PathBuf::from(var("HOME")?).join(".local/share"),
    };
    Some(base.join("trackaudit").join("history.db"))
}

/// Reads an enum from its contract spelling (serde snake_case).
fn parse_enum<T: DeserializeOwned>(s: Option<String>) -> Option<T> {
    s.and_then(|s| serde_json::from_value(serde_json::Value::String(s)).ok())
}

fn now() -> String {
    crate::clock::rfc3339(time::OffsetDateTime::now_utc())
}

impl Store {
    /// Opens the database `path` names. A `postgres://` or `postgresql://` URL
    /// (see [`is_url`]) connects to PostgreSQL; anything else is a SQLite file,
    /// created with its parent directories if needed (WAL journal,
    /// [`BUSY_TIMEOUT`], foreign keys on). Every pending migration is applied
    /// (on PostgreSQL under an advisory lock, so workers starting at once
    /// migrate once). A database from a newer trackaudit is an error, and so is
    /// an unreachable server (the message names the host, never the password).
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if let Some(url) = path.to_str().filter(|s| is_url(s)) {
            return Ok(Store {
                backend: Backend::Postgres(Box::new(pg::PgStore::open(url)?)),
                path: path.to_path_buf(),
            });
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(64);
        // Switching the journal needs an exclusive lock and can report BUSY at
        // once (without the busy handler) while another process opens the same
        // new database: retry within the busy timeout.
        let started = std::time::Instant::now();
        let mode: String = loop {
            match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if matches!(
                        e.code,
                        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                    ) && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => break other?,
            }
        };
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(Error::Data {
                name: path.display().to_string(),
                message: format!("could not switch the journal to WAL (got {mode})"),
            });
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let store = Store {
            backend: Backend::Sqlite(Mutex::new(conn)),
            path: path.to_path_buf(),
        };
        store.migrate_sqlite()?;
        Ok(store)
    }

    /// What this store was opened from: the SQLite file, or the PostgreSQL
    /// URL as given (with any password: show [`Store::display_name`] instead).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The database for messages: the SQLite path, or the PostgreSQL URL
    /// with its password replaced by `***`.
    pub fn display_name(&self) -> String {
        redacted(&self.path.to_string_lossy())
    }

    /// Whether this store is a PostgreSQL database (shared by many machines).
    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// The schema version of the open database (`MIGRATIONS.len()` after open).
    pub fn schema_version(&self) -> Result<i64> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(self
                .sqlite()
                .query_row("PRAGMA user_version", [], |r| r.get(0))?),
            Backend::Postgres(p) => p.autocommit(pg::schema_version),
        }
    }

    fn sqlite(&self) -> MutexGuard<'_, Connection> {
        match &self.backend {
            Backend::Sqlite(c) => c.lock().unwrap_or_else(|p| p.into_inner()),
            Backend::Postgres(_) => unreachable!("SQLite-only call on a PostgreSQL store"),
        }
    }

    /// Runs `f` in one write transaction (SQLite: IMMEDIATE, so writers queue
    /// on the busy timeout instead of failing at commit).
    fn write<R: Send>(&self, f: impl FnOnce(&mut dyn Db) -> Result<R> + Send) -> Result<R> {
        match &self.backend {
            Backend::Sqlite(_) => {
                let conn = self.sqlite();
                let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Immediate)?;
                let out = f(&mut Lite(&tx))?;
                tx.commit()?;
                Ok(out)
            }
            Backend::Postgres(p) => p.transaction(f),
        }
    }

    /// Runs `f` on the connection (reads, and single statements).
    fn read<R: Send>(&self, f: impl FnOnce(&mut dyn Db) -> Result<R> + Send) -> Result<R> {
        match &self.backend {
            Backend::Sqlite(_) => f(&mut Lite(&self.sqlite())),
            Backend::Postgres(p) => p.autocommit(f),
        }
    }

    /// Applies the migrations a SQLite database lacks, each in its own write
    /// transaction (safe when two processes open a new database at once).
    fn migrate_sqlite(&self) -> Result<()> {
        let conn = self.sqlite();
        for (i, sql) in MIGRATIONS.iter().enumerate() {
            let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Immediate)?;
            let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version as usize > MIGRATIONS.len() {
                return Err(Error::Data {
                    name: self.path.display().to_string(),
                    message: format!(
                        "schema version {version} is newer than this trackaudit knows ({})",
                        MIGRATIONS.len()
                    ),
                });
            }
            if version as usize == i {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            }
            tx.commit()?;
        }
        Ok(())
    }

    /// Starts a run and returns its id. `targets_key` identifies the target
    /// list (see [`targets_key`]), `targets` counts it, `out_dir` is the report
    /// directory and `options_json` the crawl options a resume should reuse.
    pub fn begin_run(
        &self,
        targets_key: &str,
        targets: usize,
        out_dir: &str,
        options_json: &str,
    ) -> Result<i64> {
        self.read(|db| {
            one(
                db,
                "INSERT INTO runs (started, targets_key, targets, out_dir, options)
                 VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                &vals![now(), targets_key, targets, out_dir, options_json],
            )
        })
    }

    /// Records one finished site of `run` (its row, requests, cookies, policy
    /// documents with claims, findings) in one transaction. Recording the same
    /// site of the same run again replaces the earlier record.
    pub fn record_site(&self, run: i64, index: usize, rec: &SiteRecord) -> Result<()> {
        self.write(|db| record(db, run, index, rec))
    }

    /// Marks `run` finished: stores the summary, the finish time and whether
    /// every target was crawled.
    pub fn finish_run(&self, run: i64, summary: &RunSummary, complete: bool) -> Result<()> {
        let finished = if summary.finished.is_empty() {
            now()
        } else {
            summary.finished.clone()
        };
        let summary = serde_json::to_string(summary)?;
        self.read(|db| {
            db.exec(
                "UPDATE runs SET finished = ?2, complete = ?3, summary = ?4 WHERE id = ?1",
                &vals![run, finished, complete, summary],
            )
        })?;
        Ok(())
    }

    /// The stored summary of a finished run.
    pub fn summary(&self, run: i64) -> Result<Option<RunSummary>> {
        let row =
            self.read(|db| db.query_opt("SELECT summary FROM runs WHERE id = ?1", &vals![run]))?;
        Ok(
            match row
                .map(|r| r.get::<Option<String>>(0))
                .transpose()?
                .flatten()
            {
                Some(json) => Some(serde_json::from_str(&json)?),
                None => None,
            },
        )
    }

    /// Sites of `run` already recorded and not cut short by an interruption:
    /// what `--resume` skips.
    pub fn finished_sites(&self, run: i64) -> Result<HashSet<String>> {
        let rows = self.read(|db| {
            db.query(
                "SELECT site FROM sites WHERE run_id = ?1 AND interrupted = 0",
                &vals![run],
            )
        })?;
        rows.iter().map(|r| r.get(0)).collect()
    }

    /// Every run, oldest first.
    pub fn runs(&self) -> Result<Vec<RunRow>> {
        self.run_rows("", None)
    }

    /// One run, if it exists.
    pub fn run(&self, id: i64) -> Result<Option<RunRow>> {
        Ok(self.run_rows("WHERE r.id = ?1", Some(id))?.pop())
    }

    fn run_rows(&self, filter: &str, id: Option<i64>) -> Result<Vec<RunRow>> {
        let sql = format!(
            "SELECT r.id, r.started, r.finished, r.targets_key, r.targets, r.out_dir,
                r.options, r.complete,
                (SELECT count(*) FROM sites s WHERE s.run_id = r.id),
                (SELECT count(*) FROM sites s WHERE s.run_id = r.id AND s.status = 'ok'),
                (SELECT count(*) FROM findings f JOIN sites s ON f.site_id = s.id
                  WHERE s.run_id = r.id)
             FROM runs r {filter} ORDER BY r.id"
        );
        let params: Vec<db::Value> = id.iter().flat_map(|i| vals![*i]).collect();
        let rows = self.read(|db| db.query(&sql, &params))?;
        rows.iter()
            .map(|r| {
                let sites: usize = r.get(8)?;
                let ok: usize = r.get(9)?;
                Ok(RunRow {
                    id: r.get(0)?,
                    started: r.get(1)?,
                    finished: r.get(2)?,
                    targets_key: r.get(3)?,
                    targets: r.get(4)?,
                    out_dir: r.get(5)?,
                    options: r.get(6)?,
                    complete: r.get(7)?,
                    sites,
                    sites_ok: ok,
                    sites_failed: sites.saturating_sub(ok),
                    findings: r.get(10)?,
                })
            })
            .collect()
    }

    /// The two most recent complete runs over one target list, as (older,
    /// newer): over `targets_key`, or without it over the list of the most
    /// recent complete run. `None` when there are fewer than two.
    pub fn last_two_runs(&self, targets_key: Option<&str>) -> Result<Option<(i64, i64)>> {
        let ids = self.read(|db| {
            let key: Option<String> = match targets_key {
                Some(k) => Some(k.to_string()),
                None => db
                    .query_opt(
                        "SELECT targets_key FROM runs WHERE complete = 1 ORDER BY id DESC LIMIT 1",
                        &[],
                    )?
                    .map(|r| r.get(0))
                    .transpose()?,
            };
            let Some(key) = key else { return Ok(Vec::new()) };
            db.query(
                "SELECT id FROM runs WHERE complete = 1 AND targets_key = ?1 ORDER BY id DESC LIMIT 2",
                &vals![key],
            )
        })?;
        let ids = ids.iter().map(|r| r.get(0)).collect::<Result<Vec<i64>>>()?;
        Ok(match ids[..] {
            [newer, older] => Some((older, newer)),
            _ => None,
        })
    }

    /// The most recent complete run before `run` over the same target list
    /// (what a scheduled run is compared with).
    pub fn previous_run(&self, run: i64) -> Result<Option<i64>> {
        let row = self.read(|db| {
            db.query_opt(
                "SELECT p.id FROM runs p JOIN runs r ON r.id = ?1
                 WHERE p.complete = 1 AND p.targets_key = r.targets_key AND p.id < r.id
                 ORDER BY p.id DESC LIMIT 1",
                &vals![run],
            )
        })?;
        row.map(|r| r.get(0)).transpose()
    }

    /// Every recorded site of `run`, rebuilt whole, in target-list order with
    /// its index (what a resumed run writes into its reports again).
    pub fn site_records(&self, run: i64) -> Result<Vec<(usize, SiteRecord)>> {
        self.read(|db| {
            let heads = db.query(
                "SELECT id, idx, site, final_url, status, error, started, duration_ms, policy_url,
                    policy_error, policy_status, policy_language, tracker_companies,
                    named_companies, pages, errors, dnt_compare, coverage
                 FROM sites WHERE run_id = ?1 ORDER BY idx, site",
                &vals![run],
            )?;
            let mut out = Vec::with_capacity(heads.len());
            for r in &heads {
                let (id, idx, mut rec) = site_head(r)?;
                read_children(db, id, &mut rec)?;
                out.push((idx, rec));
            }
            Ok(out)
        })
    }

    /// Lean per-site snapshots of `run`, keyed by site (what [`crate::diff`]
    /// compares).
    pub fn snapshots(&self, run: i64) -> Result<BTreeMap<String, SiteSnapshot>> {
        self.read(|db| snapshots(db, run))
    }

    /// A soundness check: SQLite's `PRAGMA integrity_check`; on PostgreSQL
    /// (which checks its own pages) the schema version and that no row
    /// lost its parent. `"ok"` when sound, else what is wrong.
    pub fn integrity_check(&self) -> Result<String> {
        match &self.backend {
            Backend::Sqlite(_) => {
                Ok(self
                    .sqlite()
                    .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
            }
            Backend::Postgres(p) => p.autocommit(|db| {
                let version = pg::schema_version(db)?;
                if version != PG_MIGRATIONS.len() as i64 {
                    return Ok(format!("schema version {version}"));
                }
                let orphans: i64 = one(
                    db,
                    "SELECT (SELECT count(*) FROM sites s LEFT JOIN runs r ON r.id = s.run_id
                        WHERE r.id IS NULL)
                      + (SELECT count(*) FROM queue q LEFT JOIN runs r ON r.id = q.run_id
                        WHERE r.id IS NULL)",
                    &[],
                )?;
                Ok(match orphans {
                    0 => "ok".to_string(),
                    n => format!("{n} rows without their run"),
                })
            }),
        }
    }
}

/// Records one site of `run` in the open transaction `db`, replacing an
/// earlier record of the same site.
fn record(db: &mut dyn Db, run: i64, index: usize, rec: &SiteRecord) -> Result<()> {
    db.exec(
        "DELETE FROM sites WHERE run_id = ?1 AND site = ?2",
        &vals![run, rec.site],
    )?;
    let dnt = rec
        .dnt_compare
        .as_ref()
        .map(serde_json::to_string)
        .transpose()?;
    let coverage = rec
        .coverage
        .as_ref()
        .map(serde_json::to_string)
        .transpose()?;
    let site_id: i64 = one(
        db,
        "INSERT INTO sites (run_id, idx, site, final_url, status, error, started,
            duration_ms, policy_url, policy_error, policy_status, policy_language,
            tracker_companies, named_companies, interrupted, dnt_compare, pages, errors,
            coverage)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19) RETURNING id",
        &vals![
            run,
            index,
            rec.site,
            rec.final_url,
            rec.status.as_str(),
            rec.error,
            rec.started,
            rec.duration_ms,
            rec.policy_url,
            rec.policy_error,
            rec.policy_status,
            rec.policy_language,
            rec.tracker_companies,
            rec.named_companies,
            rec.interrupted(),
            dnt,
            serde_json::to_string(&rec.visit.pages)?,
            serde_json::to_string(&rec.visit.errors)?,
            coverage,
        ],
    )?;
    insert_children(db, site_id, rec)
}

/// A `sites` row (the columns [`Store::site_records`] selects) as (id, index,
/// record without its child rows).
fn site_head(r: &Row) -> Result<(i64, usize, SiteRecord)> {
    let pages: String = r.get(14)?;
    let errors: String = r.get(15)?;
    let dnt: Option<String> = r.get(16)?;
    let coverage: Option<String> = r.get(17)?;
    let rec = SiteRecord {
        consent_visits: Vec::new(),
        site: r.get(2)?,
        final_url: r.get(3)?,
        status: parse_enum(r.get(4)?).unwrap_or(SiteStatus::Error),
        error: r.get(5)?,
        started: r.get(6)?,
        duration_ms: r.get(7)?,
        visit: Visit {
            pages: serde_json::from_str::<Vec<Page>>(&pages).unwrap_or_default(),
            errors: serde_json::from_str(&errors).unwrap_or_default(),
            ..Visit::default()
        },
        policy_url: r.get(8)?,
        policy_error: r.get(9)?,
        policy_status: r.get(10)?,
        policy_language: r.get(11)?,
        tracker_companies: r.get(12)?,
        named_companies: r.get(13)?,
        dnt_compare: dnt.and_then(|j| serde_json::from_str(&j).ok()),
        coverage: coverage.and_then(|j| serde_json::from_str(&j).ok()),
        policies: Vec::new(),
        findings: Vec::new(),
    };
    Ok((r.get(0)?, r.get(1)?, rec))
}

/// [`Store::snapshots`] over a connection.
fn snapshots(db: &mut dyn Db, run: i64) -> Result<BTreeMap<String, SiteSnapshot>> {
    let id = vals![run];
    let mut map: BTreeMap<String, SiteSnapshot> = BTreeMap::new();
    let mut ids: BTreeMap<i64, String> = BTreeMap::new();
    for r in db.query(
        "SELECT id, site, status, error FROM sites WHERE run_id = ?1",
        &id,
    )? {
        let site: String = r.get(1)?;
        ids.insert(r.get(0)?, site.clone());
        map.insert(
            site,
            SiteSnapshot {
                status: r.get(2)?,
                error: r.get(3)?,
                ..SiteSnapshot::default()
            },
        );
    }
    // Each query yields (site_id, a, b, c, d); `fill` files it into the snapshot.
    let queries: [(&str, Fill); 6] = [
        (
            "SELECT DISTINCT r.site_id, r.company, r.domain, '', '' FROM requests r
                 JOIN sites s ON s.id = r.site_id WHERE s.run_id = ?1 AND r.tracker = 1
                 AND r.visit_seq = 0",
            |s, [company, domain, ..]| {
                s.trackers.insert((company, domain));
            },
        ),
        (
            "SELECT DISTINCT c.site_id, c.name, c.domain, '', '' FROM cookies c
                 JOIN sites s ON s.id = c.site_id WHERE s.run_id = ?1 AND c.visit_seq = 0",
            |s, [name, domain, ..]| {
                s.cookies.insert((name, domain));
            },
        ),
        (
            "SELECT DISTINCT r.site_id, r.domain, '', '', '' FROM requests r
                 JOIN sites s ON s.id = r.site_id WHERE s.run_id = ?1 AND r.party = 'third'
                 AND r.visit_seq = 0",
            |s, [domain, ..]| {
                s.third_parties
                    .insert(crate::domain::registrable_domain(&domain));
            },
        ),
        (
            "SELECT f.site_id, f.rule, f.title, f.severity, '' FROM findings f
                 JOIN sites s ON s.id = f.site_id WHERE s.run_id = ?1 ORDER BY f.site_id, f.seq",
            |s, [rule, title, severity, _]| {
                s.findings.entry((rule, title)).or_insert(severity);
            },
        ),
        (
            "SELECT p.site_id, p.kind, p.url, p.text_hash, '' FROM policies p
                 JOIN sites s ON s.id = p.site_id WHERE s.run_id = ?1 ORDER BY p.site_id, p.seq",
            |s, [kind, url, hash, _]| s.policies.push((kind, url, hash)),
        ),
        (
            "SELECT p.site_id, c.claim, c.stance, c.party, c.quote FROM claims c
                 JOIN policies p ON p.id = c.policy_id JOIN sites s ON s.id = p.site_id
                 WHERE s.run_id = ?1 ORDER BY p.site_id, p.seq, c.seq",
            |s, [claim, stance, party, quote]| {
                s.claims.entry((claim, stance, party)).or_insert(quote);
            },
        ),
    ];
    let consent = db.query(
        "SELECT c.site_id, c.state, c.action, c.cmp, c.tally FROM consent c
         JOIN sites s ON s.id = c.site_id WHERE s.run_id = ?1",
        &id,
    )?;
    for r in consent {
        let sid: i64 = r.get(0)?;
        if let Some(snap) = ids.get(&sid).and_then(|site| map.get_mut(site)) {
            let tally: String = r.get(4)?;
            snap.consent.insert(
                r.get(1)?,
                ConsentSnapshot {
                    action: r.get::<Option<String>>(2)?.unwrap_or_default(),
                    cmp: r.get(3)?,
                    tally: serde_json::from_str(&tally).unwrap_or_default(),
                },
            );
        }
    }
    for (sql, fill) in queries {
        for r in db.query(sql, &id)? {
            let sid: i64 = r.get(0)?;
            let cols = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?];
            if let Some(snap) = ids.get(&sid).and_then(|site| map.get_mut(site)) {
                fill(snap, cols);
            }
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_key_ignores_order_and_duplicates() {
        let a = targets_key(["https://a/", "https://b/"]);
        assert_eq!(a, targets_key(["https://b/", "https://a/", "https://a/"]));
        assert_ne!(a, targets_key(["https://a/"]));
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn default_path_precedence() {
        use std::ffi::OsString;
        fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
            move |k: &str| {
                let hit = pairs.iter().find(|(n, _)| *n == k);
                hit.map(|(_, v)| OsString::from(v))
            }
        }
        let all = [
            ("TRACKAUDIT_DB", "/x/h.db"),
            ("XDG_DATA_HOME", "/xdg"),
            ("HOME", "/home/u"),
        ];
        let path = |p: &str| Some(PathBuf::from(p));
        assert_eq!(default_path_from(env(&all[..])), path("/x/h.db"));
        assert_eq!(
            default_path_from(env(&all[1..])),
            path("/xdg/trackaudit/history.db")
        );
        assert_eq!(
            default_path_from(env(&all[2..])),
            path("/home/u/.local/share/trackaudit/history.db")
        );
        assert_eq!(default_path_from(env(&[("XDG_DATA_HOME", "")])), None);
    }

    #[test]
    fn interrupted_records_are_recognised() {
        let mut rec: SiteRecord = serde_json::from_value(serde_json::json!({
            "site": "https://a/", "final_url": "", "status": "timeout", "error": "",
            "started": "", "duration_ms": 0, "pages": [], "requests": [], "cookies": [],
            "errors": [], "policy_url": "", "policy_error": "", "policy_status": "",
            "tracker_companies": 0, "named_companies": 0, "policy_language": "",
            "policies": [], "findings": []
        }))
        .unwrap();
        assert!(!rec.interrupted());
        rec.visit
            .errors
            .push("interrupted: crawl stopped before this site finished".into());
        assert!(rec.interrupted());
    }
}
