//! `trackaudit worker`: a history database (PostgreSQL; SQLite on one
//! machine) in; sites of open distributed runs claimed from its work queue,
//! each audited with its run's recorded options and recorded exactly once
//! (with its queue row, in one transaction); an exit code out. The queue loop
//! here is also the local worker of `crawl --distributed`.

use super::common::Engine;
use super::execute::Signals;
use super::term;
use anyhow::{Context, Result};
use clap::Args;
use futures::stream::{FuturesUnordered, StreamExt};
use std::collections::hash_map::{Entry, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::task::AbortOnDropHandle;
use trackaudit::crawl::{Cancel, CancellationToken};
use trackaudit::model::SiteRecord;
use trackaudit::run::{crashed_site, SiteAuditor};
use trackaudit::store::{Lease, Store};
use trackaudit::targets::{parse_target, Target};

/// Seconds a site stays leased without a heartbeat (`--lease`).
pub(crate) const DEFAULT_LEASE: f64 = 60.0;

/// How often an idle worker asks the queue for work.
const POLL: Duration = Duration::from_millis(500);

/// The longest one database call may take before the worker gives up on it.
const DB_TIMEOUT: Duration = Duration::from_secs(120);

/// `trackaudit worker`.
#[derive(Args, Debug)]
pub(crate) struct WorkerArgs {
    /// History database shared by the workers (postgres://...; a SQLite path
    /// works on one machine). Default as for `runs`.
    #[arg(long)]
    db: Option<PathBuf>,
    /// Sites audited at once by this worker (default: the run's recorded --concurrency).
    #[arg(long)]
    concurrency: Option<usize>,
    /// Crawl engine for every run (default: the run's recorded --engine).
    #[arg(long, value_enum)]
    engine: Option<Engine>,
    /// Exit once no site is claimable and no open run has a site leased.
    #[arg(long)]
    until_idle: bool,
    /// Seconds a site stays leased without a heartbeat (the worker renews its
    /// leases every third of this); after that another worker may take it.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_LEASE)]
    lease: f64,
    /// No progress output.
    #[arg(long, short)]
    quiet: bool,
}

/// How a queue loop works.
pub(crate) struct QueueWork {
    /// The database to open (one connection of the loop's own).
    pub(crate) db: PathBuf,
    /// Only this run's sites (`crawl --distributed`), else any open run's.
    pub(crate) run: Option<i64>,
    /// Sites at once; `None`: the claimed run's recorded concurrency.
    pub(crate) concurrency: Option<usize>,
    /// Engine for every run instead of the recorded one.
    pub(crate) engine: Option<Engine>,
    /// Lease length.
    pub(crate) lease: Duration,
    /// Stop when there is no work left (else only on `cancel`).
    pub(crate) until_idle: bool,
    /// A line per finished site on stderr.
    pub(crate) show_sites: bool,
}

/// What a queue loop did.
#[derive(Debug, Default)]
pub(crate) struct Worked {
    /// Sites recorded by this worker.
    pub(crate) recorded: usize,
    /// Sites handed back (interrupted, or claimed while stopping).
    pub(crate) released: usize,
    /// Sites that could not be audited here (counted as a failed attempt).
    pub(crate) failed: usize,
    /// The browser of the last run worked on, if any.
    pub(crate) browser: Option<String>,
    /// Why the loop stopped early (the database failed).
    pub(crate) error: Option<String>,
}

/// Stopping a queue loop: `stop` takes no new sites (in-flight ones
/// finish), then `cancel.abort()` cuts in-flight sites short (handed back).
#[derive(Clone, Default)]
pub(crate) struct Stop {
    token: CancellationToken,
    pub(crate) cancel: Arc<Cancel>,
}

impl Stop {
    /// Takes no new sites.
    pub(crate) fn stop(&self) {
        self.cancel.stop();
        self.token.cancel();
    }

    /// Whether [`Stop::stop`] was called.
    pub(crate) fn is_stopped(&self) -> bool {
        self.token.is_cancelled()
    }

    /// Waits for [`Stop::stop`].
    pub(crate) async fn stopped(&self) {
        self.token.cancelled().await
    }
}

/// A run this worker has prepared: its auditor (or why it cannot be
/// audited here), its recorded concurrency and the hard limit per site.
struct RunCtx {
    auditor: std::result::Result<Arc<SiteAuditor>, String>,
    concurrency: usize,
    hard_limit: Duration,
}

/// How one claimed site ended.
enum SiteEnd {
    Recorded(Box<SiteRecord>),
    /// Already recorded by another worker (this lease had expired).
    Duplicate,
    Released,
    Failed(String),
    DbError(String),
}

/// `trackaudit worker`: returns the exit code (0; 2 when the database failed).
pub(crate) async fn worker(a: WorkerArgs) -> Result<i32> {
    let db =
        a.db.clone()
            .or_else(trackaudit::store::default_path)
            .context("no history database: give --db or set $TRACKAUDIT_DB")?;
    let work = QueueWork {
        db,
        run: None,
        concurrency: a.concurrency.map(|n| n.max(1)),
        engine: a.engine,
        lease: lease(a.lease)?,
        until_idle: a.until_idle,
        show_sites: !a.quiet,
    };
    let stop = Stop::default();
    let quiet = a.quiet;
    let watcher = tokio::spawn({
        let stop = stop.clone();
        async move {
            let mut signals = Signals::new();
            signals.next().await;
            if !quiet {
                term::line("stopping: no new sites; in-flight sites finish (signal again to hand them back now)");
            }
            stop.stop();
            signals.next().await;
            stop.cancel.abort();
        }
    });
    let started = Instant::now();
    let done = work_queue(&work, &stop).await;
    watcher.abort();
    let done = done?;
    println!(
        "worker: {} sites recorded, {} handed back, {} failed attempts in {:.1} s",
        done.recorded,
        done.released,
        done.failed,
        started.elapsed().as_secs_f64()
    );
    match done.error {
        Some(e) => {
            term::line(&format!("trackaudit: error: {e}"));
            Ok(2)
        }
        None => Ok(0),
    }
}

/// `--lease` as a duration (at least one second).
pub(crate) fn lease(secs: f64) -> Result<Duration> {
    anyhow::ensure!(
        secs.is_finite() && secs >= 1.0,
        "--lease must be at least 1 second"
    );
    Ok(Duration::from_secs_f64(secs.min(86_400.0)))
}

/// This worker's name in the queue: host, process and a start stamp.
fn worker_name() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "worker".into());
    let host: String = host.chars().take(64).collect();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    format!("{host}:{}:{:x}", std::process::id(), stamp & 0xff_ffff)
}

/// Runs `f` on the store off the async threads, within [`DB_TIMEOUT`].
async fn db<R: Send + 'static>(
    store: &Arc<Store>,
    f: impl FnOnce(&Store) -> trackaudit::Result<R> + Send + 'static,
) -> std::result::Result<R, String> {
    let st = store.clone();
    match tokio::time::timeout(DB_TIMEOUT, tokio::task::spawn_blocking(move || f(&st))).await {
        Ok(Ok(Ok(r))) => Ok(r),
        Ok(Ok(Err(e))) => Err(format!("{} ({})", e, store.display_name())),
        Ok(Err(e)) => Err(format!("database call failed: {e}")),
        Err(_) => Err(format!(
            "no answer from {} within {} s",
            store.display_name(),
            DB_TIMEOUT.as_secs()
        )),
    }
}

/// The target a queue entry names (a URL, or a bare domain).
fn target_of(lease: &Lease) -> std::result::Result<Target, String> {
    let (url, bare) = parse_target(&lease.site).map_err(|e| e.to_string())?;
    Ok(Target {
        url,
        bare,
        origin: format!("run {} queue #{}", lease.run, lease.idx),
    })
}

/// The queue entry of a target: its URL, or for a bare domain the URL
/// without `https://` (so a worker falls back to http as a local crawl does).
pub(crate) fn queue_entry(t: &Target) -> String {
    match (t.bare, t.url.as_str().strip_prefix("https://")) {
        (true, Some(rest)) => rest.to_string(),
        _ => t.url.to_string(),
    }
}

/// Prepares run `run` from its recorded command line; an error is kept in
/// the context (its sites fail here with that message).
async fn prepare_run(store: &Arc<Store>, run: i64, w: &QueueWork) -> RunCtx {
    let failed = |e: String| RunCtx {
        auditor: Err(e),
        concurrency: 1,
        hard_limit: Duration::from_secs(60),
    };
    let row = match db(store, move |s| s.run(run)).await {
        Ok(Some(row)) => row,
        Ok(None) => return failed(format!("no run {run}")),
        Err(e) => return failed(e),
    };
    let engine = w.engine;
    let opts = tokio::task::spawn_blocking(move || {
        let mut args = super::crawl::recorded_args(&row.options)?;
        if let Some(e) = engine {
            args.common.engine = e;
        }
        super::crawl::run_options(&args, PathBuf::from(row.out_dir), &[])
    })
    .await;
    let opts = match opts {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => return failed(format!("run {run}: {e:#}")),
        Err(e) => return failed(format!("run {run}: {e}")),
    };
    // Visits with and without DNT/GPC, the policy and the audit after the
    // budget: past this the site's task is abandoned and the attempt failed.
    let hard_limit = opts.crawl.site_budget * 2 + opts.crawl.timeout * 2 + Duration::from_secs(60);
    match SiteAuditor::new(&opts, &[]).await {
        Ok(a) => RunCtx {
            auditor: Ok(Arc::new(a)),
            concurrency: opts.crawl.concurrency.max(1),
            hard_limit,
        },
        Err(e) => failed(format!("run {run}: {:#}", super::common::name_flag(e))),
    }
}

/// Audits one leased site and records it with its queue row (or hands it
/// back when the audit was cut short, or fails the attempt).
async fn site(
    store: Arc<Store>,
    me: Arc<str>,
    lease: Lease,
    auditor: Arc<SiteAuditor>,
    cancel: Arc<Cancel>,
    hard_limit: Duration,
) -> (Lease, SiteEnd) {
    let target = match target_of(&lease) {
        Ok(t) => t,
        Err(e) => return fail(store, me, lease, e).await,
    };
    auditor.allow_target(&target);
    let task = AbortOnDropHandle::new(tokio::spawn(
        auditor.audit(target.clone(), cancel.abort_token()),
    ));
    let rec = match tokio::time::timeout(hard_limit, task).await {
        Ok(Ok(rec)) => rec,
        Ok(Err(e)) if e.is_panic() => {
            crashed_site(&target, trackaudit::crawl::panic_message(&*e.into_panic()))
        }
        Ok(Err(_)) => return release(store, me, lease).await,
        Err(_) => {
            let why = format!(
                "the site's audit took longer than {} s and was abandoned",
                hard_limit.as_secs()
            );
            return fail(store, me, lease, why).await;
        }
    };
    if rec.interrupted() {
        return release(store, me, lease).await;
    }
    let rec = Box::new(rec);
    let (l, r) = (lease.clone(), rec.clone());
    let end = match db(&store, move |s| s.complete(&l, &me, &r)).await {
        Ok(true) => SiteEnd::Recorded(rec),
        Ok(false) => SiteEnd::Duplicate,
        Err(e) => SiteEnd::DbError(e),
    };
    (lease, end)
}

/// Hands `lease` back unstarted.
async fn release(store: Arc<Store>, me: Arc<str>, lease: Lease) -> (Lease, SiteEnd) {
    let l = lease.clone();
    match db(&store, move |s| s.release(&l, &me)).await {
        Ok(_) => (lease, SiteEnd::Released),
        Err(e) => (lease, SiteEnd::DbError(e)),
    }
}

/// Fails this attempt at `lease` (given up after the last attempt).
async fn fail(store: Arc<Store>, me: Arc<str>, lease: Lease, why: String) -> (Lease, SiteEnd) {
    let (l, w) = (lease.clone(), why.clone());
    match db(&store, move |s| s.fail(&l, &me, &w)).await {
        Ok(_) => (lease, SiteEnd::Failed(why)),
        Err(e) => (lease, SiteEnd::DbError(e)),
    }
}

/// The queue loop: claims sites while there is room, audits each on its own
/// task, records it, and goes on, until `cancel` stops it (in-flight sites
/// finish; with `abort` they are handed back) or, with `until_idle`, no
/// work is left. Leases are renewed every third of their length.
pub(crate) async fn work_queue(w: &QueueWork, cancel: &Stop) -> Result<Worked> {
    let path = w.db.clone();
    let store = tokio::task::spawn_blocking(move || super::common::open_store_new(&path)).await??;
    let store = Arc::new(store);
    let me: Arc<str> = worker_name().into();
    let heartbeat = {
        let (store, me, lease) = (store.clone(), me.clone(), w.lease);
        AbortOnDropHandle::new(tokio::spawn(async move {
            loop {
                tokio::time::sleep(lease / 3).await;
                let me = me.clone();
                if let Err(e) = db(&store, move |s| s.heartbeat(&me, lease)).await {
                    term::warn(format_args!("renewing leases: {e}"));
                }
            }
        }))
    };
    let mut runs: HashMap<i64, RunCtx> = HashMap::new();
    let mut inflight = FuturesUnordered::new();
    let mut done = Worked::default();
    let mut limit = w.concurrency.unwrap_or(1);
    let mut next_claim = Instant::now();
    let mut idle = false;
    loop {
        let stopping = cancel.is_stopped() || done.error.is_some();
        if !stopping && inflight.len() < limit && Instant::now() >= next_claim {
            let (run, me2, lease, n) = (w.run, me.clone(), w.lease, limit - inflight.len());
            match db(&store, move |s| s.claim(run, &me2, n, lease)).await {
                Err(e) => done.error = Some(format!("claiming sites: {e}")),
                Ok(leases) => {
                    idle = leases.is_empty();
                    if idle {
                        next_claim = Instant::now() + POLL;
                        // Nothing to do: no run's engines (or browser) kept,
                        // and a run that could not be prepared is tried again.
                        runs.retain(|_, c| {
                            c.auditor.as_ref().is_ok_and(|a| Arc::strong_count(a) > 1)
                        });
                    }
                    for l in leases {
                        if let Entry::Vacant(slot) = runs.entry(l.run) {
                            let ctx = prepare_run(&store, l.run, w).await;
                            if let Err(e) = &ctx.auditor {
                                term::warn(format_args!("cannot audit {e}"));
                            }
                            slot.insert(ctx);
                        }
                        let ctx = &runs[&l.run];
                        limit = w.concurrency.unwrap_or(ctx.concurrency);
                        let (store, me) = (store.clone(), me.clone());
                        let fut: std::pin::Pin<Box<dyn std::future::Future<Output = _> + Send>> =
                            match (&ctx.auditor, cancel.is_stopped()) {
                                (_, true) => Box::pin(release(store, me, l)),
                                (Err(e), _) => Box::pin(fail(store, me, l, e.clone())),
                                (Ok(a), _) => {
                                    done.browser = a.browser();
                                    Box::pin(site(
                                        store,
                                        me,
                                        l,
                                        a.clone(),
                                        cancel.cancel.clone(),
                                        ctx.hard_limit,
                                    ))
                                }
                            };
                        inflight.push(fut);
                    }
                }
            }
            continue;
        }
        if inflight.is_empty() {
            if stopping {
                break;
            }
            if idle && w.until_idle {
                // Idle only when no open run has a site leased either: a
                // worker that died holds leases that expire into work.
                let run = w.run;
                let open = db(&store, move |s| match run {
                    Some(r) => Ok(!s.pending(r)?.finished()),
                    None => Ok(!s.open_runs()?.is_empty()),
                })
                .await;
                match open {
                    Ok(false) => break,
                    Ok(true) => {}
                    Err(e) => done.error = Some(e),
                }
            }
            tokio::select! {
                _ = tokio::time::sleep_until(next_claim.into()) => {}
                _ = cancel.stopped() => {}
            }
            continue;
        }
        let room = inflight.len() < limit && !stopping;
        tokio::select! {
            Some((lease, end)) = inflight.next() => note(&mut done, &lease, end, w.show_sites),
            _ = tokio::time::sleep_until(next_claim.into()), if room => {}
            _ = cancel.stopped(), if !stopping => {}
        }
    }
    drop(heartbeat);
    Ok(done)
}

/// Counts (and shows) how one site ended.
fn note(done: &mut Worked, lease: &Lease, end: SiteEnd, show: bool) {
    match end {
        SiteEnd::Recorded(rec) => {
            done.recorded += 1;
            let c = rec.counts();
            let text = format!(
                "run {} [{}] {} {} requests={} cookies={} beacons={}{}",
                lease.run,
                done.recorded,
                rec.site,
                rec.status,
                c.requests,
                c.cookies,
                c.beacons,
                if rec.error.is_empty() {
                    String::new()
                } else {
                    format!(" error={:?}", rec.error)
                }
            );
            if show {
                term::line(&text);
            } else {
                tracing::info!("{text}");
            }
        }
        SiteEnd::Duplicate => {
            tracing::info!(
                "run {}: {} was recorded by another worker meanwhile",
                lease.run,
                lease.site
            );
        }
        SiteEnd::Released => done.released += 1,
        SiteEnd::Failed(why) => {
            done.failed += 1;
            term::warn(format_args!("run {}: {}: {why}", lease.run, lease.site));
        }
        SiteEnd::DbError(e) => {
            term::warn(format_args!(
                "run {}: {}: not recorded: {e}",
                lease.run, lease.site
            ));
            done.error.get_or_insert(e);
        }
    }
}
