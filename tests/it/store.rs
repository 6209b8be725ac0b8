//! Run history: records read back whole, re-recording replaces, concurrent
//! writers (threads and processes) leave a sound database with every row, a
//! process killed with SIGKILL mid-run loses nothing it committed and a resume
//! records every site exactly once, and diffs list exactly what changed
//! (hand-built records and two crawls of the fixture web).

use std::collections::BTreeSet;
use std::path::Path;
use trackaudit::model::RunSummary;
use trackaudit::model::{
    Claim, ClaimKind, Cookie, CookieSource, DntComparison, EngineCoverage, Exception, Finding,
    Page, Party, PolicyDoc, Request, Severity, SiteRecord, SiteStatus, Stance, StorageItem, Visit,
};
use trackaudit::store::{self, Store};

/// A hand-built record: `trackers` as (company, host), cookies by name, one
/// privacy policy with `hash` and `claims`.
pub(crate) fn rec(
    site: &str,
    trackers: &[(&str, &str)],
    cookies: &[&str],
    hash: &str,
    claims: &[(ClaimKind, Stance, &str)],
) -> SiteRecord {
    let host = site.trim_start_matches("https://").trim_end_matches('/');
    let requests = trackers
        .iter()
        .map(|(company, domain)| Request {
            page_url: site.into(),
            url: format!("https://{domain}/t.js"),
            method: "GET".into(),
            status: Some(200),
            party: Some(Party::Third),
            domain: domain.to_string(),
            tracker: Some(true),
            company: company.to_string(),
            ..Request::default()
        })
        .collect();
    let cookies = cookies
        .iter()
        .map(|name| Cookie {
            consent_state: Default::default(),
            engine: None,
            partition_key: String::new(),
            name: name.to_string(),
            value_length: 8,
            domain: host.into(),
            path: "/".into(),
            party: Some(Party::First),
            source: CookieSource::Header,
            set_by: site.into(),
            expires: String::new(),
            lifetime_days: None,
            secure: false,
            http_only: false,
            same_site: String::new(),
            company: String::new(),
            purpose: None,
            note: String::new(),
        })
        .collect();
    let claims = claims
        .iter()
        .map(|(claim, stance, quote)| Claim {
            claim: *claim,
            stance: *stance,
            hedged: false,
            exceptions: Vec::new(),
            party: String::new(),
            cue: String::new(),
            negation: String::new(),
            quote: quote.to_string(),
            start: 0,
            end: quote.len(),
        })
        .collect();
    let policy_url = format!("{site}privacy");
    SiteRecord {
        consent_visits: Vec::new(),
        site: site.into(),
        final_url: site.into(),
        status: SiteStatus::Ok,
        error: String::new(),
        started: "2026-01-07T02:00:00Z".into(),
        duration_ms: 10,
        visit: Visit {
            requests,
            cookies,
            ..Visit::default()
        },
        policy_url: policy_url.clone(),
        policy_error: String::new(),
        policy_status: "found".into(),
        tracker_companies: 0,
        named_companies: 0,
        dnt_compare: None,
        coverage: None,
        policy_language: "en".into(),
        policies: vec![PolicyDoc {
            url: policy_url,
            kind: "privacy".into(),
            language: "en".into(),
            text_hash: hash.into(),
            claims,
            ..PolicyDoc::default()
        }],
        findings: Vec::new(),
    }
}

pub(crate) fn finished(store: &Store, run: i64) {
    let summary = RunSummary {
        complete: true,
        ..RunSummary::default()
    };
    store.finish_run(run, &summary, true).unwrap();
}

#[test]
fn record_and_read_back_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("h.db")).unwrap();
    let mut a = rec(
        "https://a.example/",
        &[("Google", "www.google-analytics.com")],
        &["sid"],
        "h1",
        &[(
            ClaimKind::ThirdPartySharing,
            Stance::Deny,
            "We do not share.",
        )],
    );
    a.policies[0].claims[0].exceptions = vec![Exception::Affiliates, Exception::Legal];
    a.visit.cookies[0].lifetime_days = Some(730.5);
    a.visit.pages.push(Page {
        url: a.site.clone(),
        status: Some(200),
        ..Page::default()
    });
    a.visit.errors.push("image failed".into());
    a.findings.push(Finding {
        rule: "sharing_contradicted".into(),
        severity: Severity::High,
        title: "Google receives visitor data".into(),
        evidence: "request ...".into(),
        policy_quote: "We do not share.".into(),
    });
    a.dnt_compare = Some(DntComparison {
        trackers_without: vec!["www.google-analytics.com".into()],
        cookies_without: 1,
        ..DntComparison::default()
    });
    // Browser-engine parts (schema version 2).
    a.visit.storage = vec![StorageItem {
        consent_state: Default::default(),
        origin: "https://a.example".into(),
        kind: "local".into(),
        key: "_tid".into(),
        value_length: 32,
        party: Some(Party::First),
        set_by: "https://t.example/tag.js".into(),
    }];
    a.coverage = Some(EngineCoverage {
        browser_trackers: vec!["t.example".into()],
        missed_by_http: vec!["t.example".into()],
        browser_requests: 9,
        http_requests: 4,
        ..EngineCoverage::default()
    });
    let recs = [a, rec("https://b.example/", &[], &[], "h2", &[])];
    let key = store::targets_key(recs.iter().map(|r| r.site.as_str()));
    let run = store
        .begin_run(&key, 2, "reports/x", r#"{"pages":1}"#)
        .unwrap();
    for (i, r) in recs.iter().enumerate().rev() {
        store.record_site(run, i, r).unwrap();
    }
    finished(&store, run);
    let back = store.site_records(run).unwrap();
    assert_eq!(back.len(), 2);
    for (i, (idx, r)) in back.iter().enumerate() {
        assert_eq!(*idx, i, "index order");
        assert_eq!(
            serde_json::to_value(r).unwrap(),
            serde_json::to_value(&recs[i]).unwrap()
        );
    }
    let rows = store.runs().unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(
        (row.id, row.targets, row.sites, row.sites_ok),
        (run, 2, 2, 2)
    );
    assert_eq!(
        (row.targets_key.as_str(), row.complete),
        (key.as_str(), true)
    );
    assert_eq!(row.options, r#"{"pages":1}"#);
    assert!(row.finished.is_some());
}

#[test]
fn recording_a_site_twice_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("h.db")).unwrap();
    let run = store.begin_run("k", 1, "out", "{}").unwrap();
    let a = rec(
        "https://a.example/",
        &[("Google", "x.google.com")],
        &["sid"],
        "h",
        &[],
    );
    store.record_site(run, 0, &a).unwrap();
    let b = rec("https://a.example/", &[], &["sid", "pref"], "h", &[]);
    store.record_site(run, 0, &b).unwrap();
    let back = store.site_records(run).unwrap();
    assert_eq!(back.len(), 1);
    assert!(back[0].1.visit.requests.is_empty());
    assert_eq!(back[0].1.visit.cookies.len(), 2);
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let count = |t: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        (count("requests"), count("cookies"), count("policies")),
        (0, 2, 1)
    );
}

#[test]
fn open_creates_directories_and_migrates_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a/b/history.db");
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        store::MIGRATIONS.len() as i64
    );
    drop(store);
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        store::MIGRATIONS.len() as i64
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // A database from a newer trackaudit is refused, not mangled.
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop((store, conn));
    let err = Store::open(&db).err().expect("refused");
    assert!(err.to_string().contains("newer"), "{err}");
}

#[test]
fn a_version_1_database_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    // What trackaudit with schema version 1 left behind: one finished run.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(store::MIGRATIONS[0]).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute_batch(
        "INSERT INTO runs (started, targets_key, targets, out_dir, options, complete)
             VALUES ('2026-01-01T00:00:00Z', 'k', 1, 'out', '{}', 1);
         INSERT INTO sites (run_id, idx, site, final_url, status, error, started,
             duration_ms, policy_url, policy_error, policy_status, policy_language,
             tracker_companies, named_companies, interrupted, pages, errors)
             VALUES (1, 0, 'https://old.example/', 'https://old.example/', 'ok', '',
             '2026-01-01T00:00:01Z', 5, '', '', 'not_found', '', 0, 0, 0, '[]', '[]');",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        store::MIGRATIONS.len() as i64
    );
    let back = store.site_records(1).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].1.site, "https://old.example/");
    assert!(back[0].1.coverage.is_none() && back[0].1.visit.storage.is_empty());
    // The upgraded database takes version-2 records.
    let run = store.begin_run("k", 1, "out", "{}").unwrap();
    let mut r = rec("https://old.example/", &[], &[], "h", &[]);
    r.visit.storage.push(StorageItem {
        key: "k".into(),
        ..StorageItem::default()
    });
    store.record_site(run, 0, &r).unwrap();
    assert_eq!(store.site_records(run).unwrap()[0].1.visit.storage.len(), 1);
}

#[test]
fn interrupted_sites_are_not_finished() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("h.db")).unwrap();
    let run = store.begin_run("k", 2, "out", "{}").unwrap();
    store
        .record_site(run, 0, &rec("https://a.example/", &[], &[], "h", &[]))
        .unwrap();
    let mut cut = rec("https://b.example/", &[], &[], "h", &[]);
    cut.status = SiteStatus::Timeout;
    cut.error = "interrupted: the crawl was stopped".into();
    store.record_site(run, 1, &cut).unwrap();
    let done = store.finished_sites(run).unwrap();
    assert_eq!(done, ["https://a.example/".to_string()].into());
}

#[test]
fn runs_listing_and_run_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("h.db")).unwrap();
    assert_eq!(store.last_two_runs(None).unwrap(), None);
    let r1 = store.begin_run("k1", 1, "o1", "{}").unwrap();
    let r2 = store.begin_run("k2", 1, "o2", "{}").unwrap();
    let r3 = store.begin_run("k1", 1, "o3", "{}").unwrap();
    let r4 = store.begin_run("k1", 1, "o4", "{}").unwrap(); // never finished
    let mut bad = rec("https://a.example/", &[], &[], "h", &[]);
    bad.status = SiteStatus::DnsError;
    store.record_site(r3, 0, &bad).unwrap();
    for r in [r1, r2, r3] {
        finished(&store, r);
    }
    assert_eq!(store.last_two_runs(None).unwrap(), Some((r1, r3)));
    assert_eq!(store.last_two_runs(Some("k1")).unwrap(), Some((r1, r3)));
    assert_eq!(store.last_two_runs(Some("k2")).unwrap(), None);
    assert_eq!(store.previous_run(r4).unwrap(), Some(r3));
    assert_eq!(store.previous_run(r1).unwrap(), None);
    let rows = store.runs().unwrap();
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        [r1, r2, r3, r4]
    );
    let r = &rows[2];
    assert_eq!(
        (r.sites, r.sites_ok, r.sites_failed, r.complete),
        (1, 0, 1, true)
    );
    assert!(rows[3].finished.is_none() && !rows[3].complete);
    assert!(store.summary(r1).unwrap().is_some());
    assert!(store.summary(r4).unwrap().is_none());
}

/// Writes `n` sites named `w{writer}-{i}` into a run of its own.
fn write_sites(db: &Path, writer: &str, n: usize) -> i64 {
    let store = Store::open(db).unwrap();
    let run = store.begin_run(writer, n, "out", "{}").unwrap();
    for i in 0..n {
        let site = format!("https://{writer}-{i}.example/");
        let r = rec(
            &site,
            &[("Google", "www.google-analytics.com")],
            &["a", "b"],
            "h",
            &[],
        );
        store.record_site(run, i, &r).unwrap();
    }
    finished(&store, run);
    run
}

fn assert_sound(db: &Path, writers: &[&str], n: usize) {
    let store = Store::open(db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let runs = store.runs().unwrap();
    assert_eq!(runs.len(), writers.len());
    for r in &runs {
        assert!(writers.contains(&r.targets_key.as_str()));
        assert_eq!((r.sites, r.complete), (n, true), "{r:?}");
        let recs = store.site_records(r.id).unwrap();
        assert!(recs
            .iter()
            .all(|(_, s)| s.visit.cookies.len() == 2 && s.visit.requests.len() == 1));
    }
}

#[test]
fn two_threads_write_one_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let handles: Vec<_> = ["t1", "t2"]
        .into_iter()
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || write_sites(&db, w, 200))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_sound(&db, &["t1", "t2"], 200);
}

/// Child side of the process tests (run only when spawned by them).
#[test]
#[ignore = "spawned by two_processes_write_one_database and killed_run_resumes"]
fn child_writer() {
    let (Ok(db), Ok(writer)) = (
        std::env::var("TRACKAUDIT_TEST_DB"),
        std::env::var("TRACKAUDIT_TEST_WRITER"),
    ) else {
        return;
    };
    let n: usize = std::env::var("TRACKAUDIT_TEST_SITES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    if std::env::var("TRACKAUDIT_TEST_SLOW").is_ok() {
        // One site every 20 ms, never finished: the parent kills us.
        let store = Store::open(&db).unwrap();
        let run = store.begin_run(&writer, n, "out", "{}").unwrap();
        for i in 0..n {
            let r = rec(&format!("https://s{i}.example/"), &[], &["sid"], "h", &[]);
            store.record_site(run, i, &r).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::thread::sleep(std::time::Duration::from_secs(60));
    } else {
        write_sites(Path::new(&db), &writer, n);
    }
}

fn spawn_child(db: &Path, writer: &str, slow: bool) -> std::process::Child {
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "store::child_writer",
        "--ignored",
        "--test-threads=1",
    ])
    .env("TRACKAUDIT_TEST_DB", db)
    .env("TRACKAUDIT_TEST_WRITER", writer)
    .stdout(std::process::Stdio::null());
    if slow {
        cmd.env("TRACKAUDIT_TEST_SLOW", "1")
            .env("TRACKAUDIT_TEST_SITES", "500");
    }
    cmd.spawn().unwrap()
}

#[test]
fn two_processes_write_one_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let children: Vec<_> = ["p1", "p2"]
        .into_iter()
        .map(|w| spawn_child(&db, w, false))
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    assert_sound(&db, &["p1", "p2"], 200);
}

#[test]
fn killed_run_resumes_with_every_site_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let mut child = spawn_child(&db, "killed", true);
    let store = Store::open(&db).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let run = loop {
        assert!(std::time::Instant::now() < deadline, "child wrote nothing");
        if let Some(r) = store.runs().unwrap().first().filter(|r| r.sites >= 10) {
            break r.id;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let row = store.run(run).unwrap().unwrap();
    assert!(!row.complete && row.finished.is_none());
    let done = store.finished_sites(run).unwrap();
    assert_eq!(done.len(), row.sites);
    assert!((10..500).contains(&done.len()), "{}", done.len());
    // Resume: crawl (here: record) what is not finished, plus one site again.
    for i in 0..500 {
        let site = format!("https://s{i}.example/");
        if !done.contains(&site) || i == 0 {
            store
                .record_site(run, i, &rec(&site, &[], &["sid"], "h", &[]))
                .unwrap();
        }
    }
    finished(&store, run);
    let recs = store.site_records(run).unwrap();
    let sites: BTreeSet<&str> = recs.iter().map(|(_, r)| r.site.as_str()).collect();
    assert_eq!(
        (recs.len(), sites.len()),
        (500, 500),
        "every site exactly once"
    );
    assert!(recs.iter().enumerate().all(|(i, (idx, _))| i == *idx));
    assert!(store.run(run).unwrap().unwrap().complete);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_records_history_and_resume_finishes_an_interrupted_run() {
    use std::sync::Arc;
    use trackaudit::crawl::{Cancel, CrawlConfig};
    use trackaudit::run::{self, RunOptions};
    use trackaudit::targets::TargetList;
    use trackaudit::testweb::{Body, Web, WebResponse, WebServer};
    // fast0..fast5 answer at once; slow.test hangs until the run is aborted.
    let slow = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let s2 = slow.clone();
    let mut w = Web::new();
    w.fallback(move |r| {
        if r.host == "slow.test" && s2.load(std::sync::atomic::Ordering::SeqCst) {
            return WebResponse {
                status: 200,
                headers: vec![],
                body: Body::Hang,
            };
        }
        WebResponse::html(format!("<title>{}</title>", r.host))
    });
    let server = WebServer::start(w.handler(), 0, true).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let list: String = ["fast0", "fast1", "slow", "fast2", "fast3"]
        .iter()
        .map(|h| format!("http://{h}.test/\n"))
        .collect();
    let targets = TargetList::parse("l", &list, true).unwrap();
    let opts = |out: &str, resume: Option<i64>| RunOptions {
        crawl: CrawlConfig {
            proxy: Some(server.proxy_url()),
            concurrency: 2,
            ..CrawlConfig::default()
        },
        out_dir: dir.path().join(out),
        db: Some(db.clone()),
        resume,
        ..RunOptions::default()
    };
    let cancel = Arc::new(Cancel::default());
    let c2 = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        c2.abort();
    });
    let first = run::run(&targets, &opts("a", None), cancel, &mut |_, _| {})
        .await
        .unwrap();
    assert!(!first.complete);
    let id = first.db_run.unwrap();
    let store = Store::open(&db).unwrap();
    let finished = store.finished_sites(id).unwrap();
    assert!(
        !finished.contains("http://slow.test/"),
        "the interrupted site is not finished"
    );
    let served_before = server.log().len();
    slow.store(false, std::sync::atomic::Ordering::SeqCst);
    let second = run::run(
        &targets,
        &opts("a", Some(id)),
        Arc::new(Cancel::default()),
        &mut |_, _| {},
    )
    .await
    .unwrap();
    assert!(second.complete);
    assert_eq!(second.db_run, Some(id));
    assert_eq!(second.sites, 5);
    // Finished sites were not crawled again.
    let again: Vec<String> = server.log()[served_before..]
        .iter()
        .map(|r| r.host.clone())
        .collect();
    for h in &finished {
        let host = h.trim_start_matches("http://").trim_end_matches('/');
        assert!(!again.iter().any(|a| a == host), "{host} crawled twice");
    }
    let recs = store.site_records(id).unwrap();
    assert_eq!(recs.len(), 5);
    let mut sites: Vec<&str> = recs.iter().map(|(_, r)| r.site.as_str()).collect();
    sites.sort();
    sites.dedup();
    assert_eq!(sites.len(), 5, "every site exactly once");
    let rows = crate::read_csv(&dir.path().join("a/sites.csv"));
    let order: Vec<&str> = rows.iter().map(|r| r["site"].as_str()).collect();
    assert_eq!(
        order,
        [
            "http://fast0.test/",
            "http://fast1.test/",
            "http://slow.test/",
            "http://fast2.test/",
            "http://fast3.test/"
        ]
    );
    assert!(rows.iter().all(|r| r["status"] == "ok"));
    let runs = store.runs().unwrap();
    assert!(runs
        .iter()
        .any(|r| r.id == id && r.complete && r.sites == 5));
}

/// A database at schema version 4 as released (before partitioned cookies and
/// behaviours) is upgraded in place and takes records with both.
#[test]
fn a_version_4_database_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v4.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    for m in &store::MIGRATIONS[..4] {
        conn.execute_batch(m).unwrap();
    }
    conn.pragma_update(None, "user_version", 4).unwrap();
    drop(conn);
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        store::MIGRATIONS.len() as i64
    );
    let run = store.begin_run("k", 1, "out", "{}").unwrap();
    let mut r = rec("https://new.example/", &[], &["chip"], "h", &[]);
    r.visit.cookies[0].partition_key = "https://new.example".into();
    r.visit.behaviours.push(trackaudit::model::Behaviour {
        detail: "toDataURL".into(),
        ..trackaudit::model::Behaviour::default()
    });
    store.record_site(run, 0, &r).unwrap();
    let back = &store.site_records(run).unwrap()[0].1.visit;
    assert!(back
        .cookies
        .iter()
        .any(|c| c.partition_key == "https://new.example"));
    assert_eq!(back.behaviours.len(), 1);
}

/// Released migrations are never edited: a database already at a version
/// never runs that version's text again, so an edit reaches new databases
/// only. FNV-1a 64 of each released migration's text.
#[test]
fn released_migrations_are_never_edited() {
    let fnv = |s: &str| {
        s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    let got: Vec<u64> = store::MIGRATIONS[..4].iter().map(|m| fnv(m)).collect();
    assert_eq!(got, RELEASED_MIGRATIONS);
}

/// [`released_migrations_are_never_edited`]: versions 1 to 4 as released.
const RELEASED_MIGRATIONS: [u64; 4] = [
    0xbdaa_7faa_e313_2945,
    0x54b8_b019_6187_dc4c,
    0x84af_8b93_4752_0aeb,
    0x13c1_dd31_cc75_0592,
];
