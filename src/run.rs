//! A target list and options in, report files and a [`RunSummary`] out: drives
//! crawl → classify → policy → audit → report for every site, writing each
//! site's rows as it finishes. Progress goes to a callback; nothing prints.

use crate::audit::AuditContext;
use crate::classify::Knowledge;
use crate::clock::{rfc3339, run_id};
use crate::crawl::browser::BrowserEngine;
use crate::crawl::http::HttpEngine;
use crate::crawl::{self, Cancel, CancellationToken, CrawlConfig, SiteOutcome};
use crate::error::Result;
use crate::model::RunSummary;
use crate::model::{ConsentState, Party, SiteRecord, SiteStatus};
use crate::policy::claims::Parties;
use crate::report::Writers;
use crate::store::Store;
use crate::targets::Target;
use crate::targets::TargetList;
use futures::StreamExt;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use time::OffsetDateTime;
use url::Url;

mod site_policy;
pub use site_policy::read_site_policy;

/// Options of one audit run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Crawl settings.
    pub crawl: CrawlConfig,
    /// Directory the reports are written into.
    pub out_dir: PathBuf,
    /// Tracker lists, entities and cookie tables.
    pub knowledge: Arc<Knowledge>,
    /// Crawl each site twice, without and with DNT/GPC, and record what changed
    /// (findings come from the crawl with the signals).
    pub dnt_compare: bool,
    /// History database: every finished site is committed to it at once.
    pub db: Option<PathBuf>,
    /// Continue this run of the database: finished sites are not crawled again.
    pub resume: Option<i64>,
    /// Which engine visits the sites.
    pub engine: Engine,
    /// `--consent`: the consent states each site is visited in, each in a
    /// fresh browser context (the first state's visit is the audited one);
    /// empty: one visit without looking for a banner.
    pub consent: Vec<ConsentState>,
    /// Consent-manager rules beyond the built-in ones (`--consent-rules`,
    /// and the Consent-O-Matic list `lists update` keeps), tried after them.
    pub consent_rules: Vec<crate::crawl::browser::consent_rules::OwnedRule>,
    /// The options to record with the run (what a resume re-runs), as JSON.
    pub options_json: String,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            crawl: CrawlConfig::default(),
            out_dir: PathBuf::from("reports"),
            knowledge: Arc::new(Knowledge::builtin()),
            dnt_compare: false,
            db: None,
            resume: None,
            engine: Engine::Http,
            consent: Vec::new(),
            consent_rules: Vec::new(),
            options_json: "{}".into(),
        }
    }
}

/// Which crawl engine visits the sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// reqwest + scraper: fast, no JavaScript.
    #[default]
    Http,
    /// Chromium over the DevTools protocol: what JavaScript does.
    Browser,
    /// Both per site; the browser's visit is audited, and what the HTTP engine
    /// missed is recorded as coverage.
    Both,
}

/// Progress after each finished site.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Sites finished.
    pub done: usize,
    /// Sites to crawl.
    pub total: usize,
    /// Finished sites whose status is not `ok`.
    pub failed: usize,
    /// Seconds since the run started.
    pub elapsed: f64,
}

/// Turns what the engine saw into a site record (classification, policy and
/// audit stages fill in their parts here as they are added).
pub fn build_record(outcome: SiteOutcome) -> SiteRecord {
    SiteRecord {
        consent_visits: Vec::new(),
        site: outcome.site,
        final_url: outcome.final_url,
        status: outcome.status,
        error: outcome.error,
        started: rfc3339(outcome.started),
        duration_ms: outcome.duration.as_millis() as u64,
        visit: outcome.visit,
        policy_url: String::new(),
        policy_error: String::new(),
        policy_status: String::new(),
        tracker_companies: 0,
        named_companies: 0,
        dnt_compare: None,
        coverage: None,
        policy_language: String::new(),
        policies: Vec::new(),
        findings: Vec::new(),
    }
}

/// Everything a site's audit needs, shared by every site's task.
struct SiteWork {
    engine: Arc<HttpEngine>,
    browser: Option<Arc<BrowserEngine>>,
    /// `--engine both`: the HTTP engine's visit too, for coverage.
    both: bool,
    /// `--dnt-compare`: the engine without DNT/GPC.
    plain: Option<Arc<HttpEngine>>,
    knowledge: Arc<Knowledge>,
    parties: Arc<Parties>,
    dnt_sent: bool,
    /// `--consent`: the states each site is visited in (browser engine).
    consent: Vec<ConsentState>,
}

/// A visit turned into a classified record.
async fn classified(knowledge: &Arc<Knowledge>, outcome: SiteOutcome) -> SiteRecord {
    let k = knowledge.clone();
    off_driver(build_record(outcome), "classification", move |rec| {
        k.classify(rec)
    })
    .await
}

/// Runs a CPU-bound stage on the blocking pool; a panic in it makes the site
/// `error` with the message, keeping what was observed.
async fn off_driver(
    rec: SiteRecord,
    stage: &str,
    work: impl FnOnce(&mut SiteRecord) + Send + 'static,
) -> SiteRecord {
    let site = rec.site.clone();
    match crawl::cpu(rec, work).await {
        Some((rec, None)) => rec,
        Some((rec, Some(panic))) => failed_record(rec, format!("{stage} failed: {panic}")),
        None => {
            let mut rec = build_record(SiteOutcome::new_for(site, OffsetDateTime::now_utc()));
            rec.visit
                .errors
                .push("interrupted: the run was shut down".into());
            failed_record(
                rec,
                format!("{stage} did not finish: the run was shut down"),
            )
        }
    }
}

/// A record whose processing failed: status `error` with the message, and
/// whatever was observed before the failure.
fn failed_record(mut rec: SiteRecord, message: String) -> SiteRecord {
    rec.status = SiteStatus::Error;
    rec.error = crate::text::bounded(&message, 1000);
    rec
}

/// The row of a site whose task crashed before it produced anything.
fn crashed(target: &Target, message: String) -> SiteRecord {
    failed_record(
        build_record(SiteOutcome::new(target, OffsetDateTime::now_utc())),
        message,
    )
}

/// Audits one site: visit, classification, policy, audit; with a second engine
/// (`--dnt-compare`), also a visit without DNT/GPC to compare against. Runs on
/// its own task; CPU-bound stages go to the blocking pool.
async fn audit_site(w: Arc<SiteWork>, target: Target, abort: CancellationToken) -> SiteRecord {
    let started = std::time::Instant::now();
    // With `--respect-robots`, a disallowed site is not visited by any engine.
    let robots = crawl::fetch::robots_gate(&*w.engine, w.engine.config(), &target, &abort);
    let rec = match robots.await {
        Some(why) => {
            let mut outcome = SiteOutcome::new(&target, OffsetDateTime::now_utc());
            outcome.status = SiteStatus::RobotsDenied;
            outcome.error = why;
            outcome.duration = started.elapsed();
            classified(&w.knowledge, outcome).await
        }
        None => observe(&w, &target, &abort).await,
    };
    let dnt_sent = w.dnt_sent;
    off_driver(rec, "audit", move |rec| {
        let a = crate::audit::audit(rec, AuditContext { dnt_sent });
        rec.findings = a.findings;
        rec.tracker_companies = a.tracker_companies;
        rec.named_companies = a.named_companies;
    })
    .await
}

/// A site's visits (the audited one, and those compared against) and its
/// policy, as a classified record.
async fn observe(w: &SiteWork, target: &Target, abort: &CancellationToken) -> SiteRecord {
    let target = target.clone();
    // With `--consent`, every state is its own visit in a fresh context, all
    // at once; the first state's visit is the audited one. With `--engine
    // both`, the HTTP engine visits at the same time.
    let observed = async {
        match &w.browser {
            Some(b) if !w.consent.is_empty() => {
                let visits = w
                    .consent
                    .iter()
                    .map(|s| b.visit_in_state(&target, *s, abort.clone()));
                let mut states = futures::future::join_all(visits).await;
                let first = states.remove(0);
                (first, states)
            }
            Some(b) => (b.visit(&target, abort.clone()).await, Vec::new()),
            None => (w.engine.visit(&target, abort.clone()).await, Vec::new()),
        }
    };
    let http_visit = async {
        match w.both {
            true => Some(w.engine.visit(&target, abort.clone()).await),
            false => None,
        }
    };
    let ((outcome, states), http_outcome) = tokio::join!(observed, http_visit);
    let links = outcome.visit.links.clone();
    let mut rec = classified(&w.knowledge, outcome).await;
    for other in states {
        let other = classified(&w.knowledge, other).await;
        let state = other
            .visit
            .consent
            .as_ref()
            .map_or("?", |c| c.state.as_str());
        if other.interrupted() {
            rec.visit.errors.push(format!(
                "interrupted: the visit in consent state {state} was cut short"
            ));
        } else if other.status != SiteStatus::Ok {
            rec.visit.errors.push(format!(
                "the visit in consent state {state} failed ({}: {})",
                other.status.as_str(),
                other.error
            ));
        }
        rec.consent_visits.push(other.visit);
    }
    // A second visit cut short by a stop would make a false comparison: the
    // site is then marked interrupted instead, so a resumed run visits it again.
    let whole = |rec: &mut SiteRecord, other: &SiteRecord, what: &str| {
        if other.interrupted() {
            rec.visit
                .errors
                .push(format!("interrupted: {what} was cut short"));
        }
        !other.interrupted()
    };
    if let Some(http) = http_outcome {
        // `both` keeps the union: what only the HTTP engine saw (a
        // `<noscript>` pixel, a cookie the browser refused) stays a row.
        let http = classified(&w.knowledge, http).await;
        if whole(&mut rec, &http, "the HTTP engine's visit") {
            rec.coverage = Some(crate::model::EngineCoverage::between(
                &http.visit,
                &rec.visit,
            ));
        }
        rec.visit.union_with_http(http.visit);
    }
    if let Some(plain) = &w.plain {
        // The comparison visit uses the same engine as the audited one.
        let without = match &w.browser {
            Some(b) => b.visit_without_signals(&target, abort.clone()).await,
            None => plain.visit(&target, abort.clone()).await,
        };
        let without = classified(&w.knowledge, without).await;
        if whole(&mut rec, &without, "the visit without DNT/GPC") {
            rec.dnt_compare = Some(crate::model::DntComparison::between(
                &without.visit,
                &rec.visit,
            ));
        }
    }
    if rec.status == SiteStatus::Ok {
        if let Ok(landing) = Url::parse(&rec.final_url) {
            let p = read_site_policy(&*w.engine, &links, &landing, &w.parties, abort).await;
            rec.policy_error = p.error;
            rec.policy_status = if !p.docs.is_empty() {
                "found"
            } else if p.unreadable {
                "unreadable"
            } else {
                "not_found"
            }
            .to_string();
            if let Some(first) = p.docs.first() {
                rec.policy_url = first.url.clone();
                rec.policy_language = first.language.clone();
            }
            rec.policies = p.docs;
        }
    }
    rec
}

/// Sites waiting for the writer thread before the crawl waits for it.
const WRITE_QUEUE: usize = 64;

/// The writer thread: writes each finished site into the report files and
/// the history database, in the order they arrive; returns the files, the
/// database and the first write error (later sites are still written).
fn write_sites(
    mut writers: Writers,
    store: Option<Store>,
    db_run: Option<i64>,
    mut rx: tokio::sync::mpsc::Receiver<(usize, Box<SiteRecord>)>,
) -> (Writers, Option<Store>, Option<crate::Error>) {
    let mut first_error = None;
    while let Some((index, rec)) = rx.blocking_recv() {
        if let Err(e) = writers.site(index, &rec) {
            first_error.get_or_insert(e);
        }
        if let (Some(st), Some(id)) = (&store, db_run) {
            if let Err(e) = st.record_site(id, index, &rec) {
                first_error.get_or_insert(e);
            }
        }
    }
    (writers, store, first_error)
}

/// Whether a knowledge-file alias is distinctive enough to count as naming a
/// company in prose: several words, an inner capital (DoubleClick), a digit or
/// dot (33Across, Tawk.to), or a single word of 7+ letters. Short single words
/// ("Basis", "Adjust", "Branch") are ordinary words far more often.
fn distinctive(alias: &str) -> bool {
    let a = alias.trim();
    a.split_whitespace().count() > 1
        || a.chars().skip(1).any(|c| c.is_uppercase())
        || a.chars().any(|c| c.is_ascii_digit() || c == '.')
        || a.chars().count() >= 7
        || !a.is_ascii()
}

/// Company names a policy may use: the policy reader's curated list plus the
/// distinctive aliases of the tracker knowledge.
pub fn party_aliases(knowledge: &Knowledge) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = knowledge
        .party_aliases()
        .into_iter()
        .filter(|(a, _)| distinctive(a))
        .collect();
    v.extend(crate::policy::claims::builtin_parties());
    v.sort_by_key(|a| a.0.to_lowercase());
    v.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0));
    v
}

/// Counts of finished sites folded into a [`RunSummary`]: what a run's
/// summary says, for sites audited now or read back from the history.
pub struct Tally {
    /// The summary so far.
    pub summary: RunSummary,
    /// Sites whose status is not `ok`.
    pub failed: usize,
    third_party: HashSet<String>,
}

impl Tally {
    /// Starts from `summary` (run id, start, targets and list counts set).
    pub fn new(summary: RunSummary) -> Tally {
        Tally {
            summary,
            failed: 0,
            third_party: HashSet::new(),
        }
    }

    /// Adds one finished site.
    pub fn add(&mut self, rec: &SiteRecord) {
        let summary = &mut self.summary;
        let c = rec.counts();
        summary.sites += 1;
        *summary
            .by_status
            .entry(rec.status.as_str().to_string())
            .or_default() += 1;
        if rec.status != SiteStatus::Ok {
            self.failed += 1;
        }
        summary.requests += c.requests;
        summary.trackers += c.trackers;
        summary.cookies += c.cookies;
        summary.third_party_cookies += c.third_party_cookies;
        summary.beacons += c.beacons;
        summary.findings += c.findings;
        for f in &rec.findings {
            *summary.findings_by_rule.entry(f.rule.clone()).or_default() += 1;
            *summary
                .findings_by_severity
                .entry(f.severity.as_str().to_string())
                .or_default() += 1;
            summary.max_severity = summary.max_severity.max(Some(f.severity));
        }
        summary.tracker_companies += rec.tracker_companies;
        if let Some(c) = &rec.coverage {
            summary.coverage_total += c.browser_trackers.len();
            summary.coverage_seen += c.browser_trackers.len() - c.missed_by_http.len();
        }
        summary.named_companies += rec.named_companies;
        if !rec.policy_url.is_empty() {
            summary.policies += 1;
        }
        for r in rec
            .visit
            .requests
            .iter()
            .filter(|r| r.party == Some(Party::Third))
        {
            self.third_party
                .insert(crate::domain::registrable_domain(&r.domain));
        }
    }

    /// The finished summary: `complete` and the wall time set, the rate and
    /// finish time computed.
    pub fn finish(self, complete: bool, wall_seconds: f64) -> RunSummary {
        let mut summary = self.summary;
        summary.complete = complete;
        summary.third_party_domains = self.third_party.len();
        summary.finished = rfc3339(OffsetDateTime::now_utc());
        summary.wall_seconds = wall_seconds;
        summary.sites_per_second = if wall_seconds > 0.0 {
            summary.sites as f64 / wall_seconds
        } else {
            0.0
        };
        summary
    }
}

/// Writes `out_dir/changes.json`: what changed since the previous complete
/// run over the same targets (none: the file is removed).
pub fn write_changes(st: &Store, run: i64, out_dir: &std::path::Path) -> Result<()> {
    let changes = out_dir.join("changes.json");
    let _ = std::fs::remove_file(&changes);
    if let Some(prev) = st.previous_run(run)? {
        let d = crate::diff::diff(st, prev, run)?;
        std::fs::write(&changes, serde_json::to_vec_pretty(&d)?)
            .map_err(|e| crate::Error::io(&changes, e))?;
    }
    Ok(())
}

/// The engines and data of a run, ready to audit any of its sites: what a
/// local run and a queue worker share.
pub struct SiteAuditor {
    work: Arc<SiteWork>,
}

impl SiteAuditor {
    /// Starts the engines `opts` asks for (Chromium for the browser engine);
    /// the hosts of `targets` may be reached even at private addresses.
    pub async fn new(opts: &RunOptions, targets: &[Target]) -> Result<SiteAuditor> {
        if !opts.consent.is_empty() && opts.engine == Engine::Http {
            return Err(crate::Error::InvalidOption {
                what: "consent states",
                message:
                    "consent states need the browser engine (the HTTP engine cannot click a banner)"
                        .into(),
            });
        }
        let mut crawl_cfg = opts.crawl.clone();
        if opts.dnt_compare {
            crawl_cfg.dnt = true;
        }
        // Every host of the target list may be reached even at a private address
        // (the user pointed there), from the first site on.
        let engine_for = |cfg: CrawlConfig| -> Result<Arc<HttpEngine>> {
            let e = HttpEngine::new(Arc::new(cfg))?;
            for t in targets {
                e.allow_target(&t.url);
            }
            Ok(Arc::new(e))
        };
        let plain = if opts.dnt_compare {
            Some(engine_for(CrawlConfig {
                dnt: false,
                ..crawl_cfg.clone()
            })?)
        } else {
            None
        };
        let browser = match opts.engine {
            Engine::Http => None,
            Engine::Browser | Engine::Both => {
                let b = BrowserEngine::new(Arc::new(crawl_cfg.clone()))
                    .await?
                    .with_consent_rules(opts.consent_rules.clone());
                for t in targets {
                    b.allow_target(&t.url);
                }
                Some(Arc::new(b))
            }
        };
        let work = Arc::new(SiteWork {
            engine: engine_for(crawl_cfg.clone())?,
            browser,
            both: opts.engine == Engine::Both,
            plain,
            knowledge: opts.knowledge.clone(),
            parties: Arc::new(Parties::new(&party_aliases(&opts.knowledge))),
            dnt_sent: crawl_cfg.dnt,
            consent: opts.consent.clone(),
        });
        Ok(SiteAuditor { work })
    }

    /// Lets the engines reach `target`'s host even at a private address (a
    /// target added after the auditor started).
    pub fn allow_target(&self, target: &Target) {
        self.work.engine.allow_target(&target.url);
        if let Some(p) = &self.work.plain {
            p.allow_target(&target.url);
        }
        if let Some(b) = &self.work.browser {
            b.allow_target(&target.url);
        }
    }

    /// The browser in use, for the summary (`None` with the HTTP engine).
    pub fn browser(&self) -> Option<String> {
        self.work.browser.as_deref().map(BrowserEngine::describe)
    }

    /// Audits one site (visit, classification, policy, audit); `abort` makes
    /// it wrap up with what it has. Run it on a task of its own.
    pub fn audit(
        &self,
        target: Target,
        abort: CancellationToken,
    ) -> impl std::future::Future<Output = SiteRecord> + Send + 'static {
        audit_site(self.work.clone(), target, abort)
    }
}

/// The record of a site whose task crashed (a panic) before it produced
/// anything: status `error` with `message`.
pub fn crashed_site(target: &Target, message: String) -> SiteRecord {
    crashed(target, message)
}

/// Runs a whole audit over `targets`, writing reports into `opts.out_dir`.
pub async fn run(
    targets: &TargetList,
    opts: &RunOptions,
    cancel: Arc<Cancel>,
    progress: &mut (dyn FnMut(&Progress, &SiteRecord) + Send),
) -> Result<RunSummary> {
    if !opts.consent.is_empty() && opts.engine == Engine::Http {
        return Err(crate::Error::InvalidOption {
            what: "consent states",
            message:
                "consent states need the browser engine (the HTTP engine cannot click a banner)"
                    .into(),
        });
    }
    let started = OffsetDateTime::now_utc();
    let clock = std::time::Instant::now();
    let mut writers = Writers::create(&opts.out_dir, !opts.consent.is_empty())?;
    let mut summary = RunSummary {
        run: run_id(started),
        started: rfc3339(started),
        targets: targets.targets.len(),
        bad_lines: targets.warnings.len(),
        duplicates: targets.duplicates,
        ..RunSummary::default()
    };
    let total = targets.targets.len();
    // History: open the database, start (or continue) the run, replay what a
    // resumed run had finished so the reports and counts include it.
    let store = opts.db.as_ref().map(Store::open).transpose()?;
    let key = crate::store::targets_key(targets.targets.iter().map(|t| t.url.as_str()));
    let (db_run, finished) = match (&store, opts.resume) {
        (Some(st), Some(id)) => {
            let row = st.run(id)?.ok_or_else(|| crate::Error::InvalidOption {
                what: "run to resume",
                message: format!("no run {id} in {}", st.display_name()),
            })?;
            if row.targets_key != key {
                return Err(crate::Error::InvalidOption {
                    what: "run to resume",
                    message: format!("run {id} was over a different target list"),
                });
            }
            // Sites cut short by the interruption are crawled again.
            let finished = st.finished_sites(id)?;
            let recs = st
                .site_records(id)?
                .into_iter()
                .filter(|(_, r)| finished.contains(&r.site))
                .collect();
            (Some(id), recs)
        }
        (Some(st), None) => (
            Some(st.begin_run(
                &key,
                total,
                &opts.out_dir.display().to_string(),
                &opts.options_json,
            )?),
            Vec::new(),
        ),
        (None, Some(_)) => {
            return Err(crate::Error::InvalidOption {
                what: "run to resume",
                message: "needs a history database".into(),
            });
        }
        (None, None) => (None, Vec::new()),
    };
    summary.db_run = db_run;
    let mut tally = Tally::new(summary);
    let done_sites: HashSet<String> = finished.iter().map(|(_, r)| r.site.clone()).collect();
    for (index, rec) in &finished {
        tally.add(rec);
        writers.site(*index, rec)?;
    }
    // Targets still to crawl, with their positions in the full list.
    let (todo, positions): (Vec<Target>, Vec<usize>) = targets
        .targets
        .iter()
        .enumerate()
        .filter(|(_, t)| !done_sites.contains(t.url.as_str()))
        .map(|(i, t)| (t.clone(), i))
        .unzip();
    let auditor = SiteAuditor::new(opts, &targets.targets).await?;
    tally.summary.browser = auditor.browser();
    // One writer thread owns the report files and the database: the sites'
    // tasks never wait on disk, and a full queue slows the crawl instead of
    // growing memory.
    let (tx, rx) = tokio::sync::mpsc::channel::<(usize, Box<SiteRecord>)>(WRITE_QUEUE);
    let writer = std::thread::spawn(move || write_sites(writers, store, db_run, rx));
    let mut results = std::pin::pin!(crawl::sites(
        &todo,
        opts.crawl.concurrency,
        &cancel,
        |_, target, abort| auditor.audit(target, abort),
        crashed,
    ));
    let mut done = 0;
    while let Some((i, rec)) = results.next().await {
        done += 1;
        tally.add(&rec);
        progress(
            &Progress {
                done: tally.summary.sites,
                total,
                failed: tally.failed,
                elapsed: clock.elapsed().as_secs_f64(),
            },
            &rec,
        );
        // Waits only while the writer is WRITE_QUEUE sites behind; a writer
        // that died is reported below.
        let _ = tx.send((positions[i], Box::new(rec))).await;
    }
    drop(tx);
    let (mut writers, store, write_error) = tokio::task::spawn_blocking(move || writer.join())
        .await
        .map_err(|e| crate::Error::Writer(e.to_string()))?
        .map_err(|p| crate::Error::Writer(crawl::panic_message(&*p)))?;
    if let Some(e) = write_error {
        return Err(e);
    }
    let summary = tally.finish(
        done == todo.len() && !cancel.is_stopped(),
        clock.elapsed().as_secs_f64(),
    );
    // Record the run, then what changed since the previous run over the same
    // targets (`changes.json`, shown in report.html), before the reports close.
    if let (Some(st), Some(id)) = (&store, db_run) {
        st.finish_run(id, &summary, summary.complete)?;
        write_changes(st, id, &opts.out_dir)?;
    }
    writers.finish(&summary)?;
    Ok(summary)
}
