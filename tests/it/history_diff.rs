//! Run diffs: two hand-built runs list exactly what changed, and two crawls of
//! the fixture web (one with a session-replay script, a cookie fewer and an
//! advertising sentence in the policy) diff as expected.

use super::store::{finished, rec};
use std::sync::Arc;
use trackaudit::crawl::{Cancel, CrawlConfig};
use trackaudit::diff::{self, ClaimKey, CookieKey, PolicyDocChange, SiteDiff, TrackerKey};
use trackaudit::model::{ClaimKind, SiteRecord, Stance};
use trackaudit::run::{self, RunOptions};
use trackaudit::store::{self, Store};
use trackaudit::targets::TargetList;
use trackaudit::testweb::{WebResponse, WebServer};

#[test]
fn diff_of_hand_built_runs_lists_exactly_the_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("h.db")).unwrap();
    let ga = ("Google", "www.google-analytics.com");
    let cookies_claim = (ClaimKind::Cookies, Stance::Affirm, "We use cookies.");
    let ads_claim = (ClaimKind::Advertising, Stance::Affirm, "We show ads.");
    let before = [
        rec(
            "https://news.example/",
            &[ga],
            &["sid", "pref"],
            "h1",
            &[cookies_claim],
        ),
        rec(
            "https://shop.example/",
            &[ga],
            &["cart"],
            "h9",
            &[cookies_claim],
        ),
    ];
    let mut after = before.clone();
    after[0] = rec(
        "https://news.example/",
        &[ga, ("Hotjar", "static.hotjar.com")],
        &["sid"],
        "h2",
        &[cookies_claim, ads_claim],
    );
    let mut ids = Vec::new();
    for recs in [&before, &after] {
        let run = store.begin_run("k", 2, "out", "{}").unwrap();
        for (i, r) in recs.iter().enumerate() {
            store.record_site(run, i, r).unwrap();
        }
        finished(&store, run);
        ids.push(run);
    }
    assert_eq!(store.last_two_runs(None).unwrap(), Some((ids[0], ids[1])));
    let d = diff::diff(&store, ids[0], ids[1]).unwrap();
    assert!(d.sites_added.is_empty() && d.sites_removed.is_empty());
    let expected = SiteDiff {
        site: "https://news.example/".into(),
        trackers_added: vec![TrackerKey {
            company: "Hotjar".into(),
            domain: "static.hotjar.com".into(),
        }],
        cookies_removed: vec![CookieKey {
            name: "pref".into(),
            domain: "news.example".into(),
        }],
        third_parties_added: vec!["hotjar.com".into()],
        policy: Some(diff::PolicyChange {
            documents: vec![PolicyDocChange {
                kind: "privacy".into(),
                from_url: Some("https://news.example/privacy".into()),
                to_url: Some("https://news.example/privacy".into()),
                from_hash: Some("h1".into()),
                to_hash: Some("h2".into()),
            }],
            claims_added: vec![ClaimKey {
                claim: "advertising".into(),
                stance: "affirm".into(),
                party: String::new(),
                quote: "We show ads.".into(),
            }],
            claims_removed: Vec::new(),
        }),
        ..SiteDiff::default()
    };
    assert_eq!(d.sites, vec![expected]);
    let text = d.to_text();
    assert!(
        text.contains("+ tracker static.hotjar.com (Hotjar)"),
        "{text}"
    );
    assert!(text.contains("- cookie pref on news.example"), "{text}");
    assert!(!text.contains("shop.example"), "{text}");
    // The reverse direction mirrors it.
    let back = diff::diff(&store, ids[1], ids[0]).unwrap();
    assert_eq!(back.sites[0].trackers_removed.len(), 1);
    assert_eq!(back.sites[0].cookies_added.len(), 1);
    assert_eq!(
        back.sites[0].policy.as_ref().unwrap().claims_removed.len(),
        1
    );
    assert!(diff::diff(&store, ids[1], ids[1]).unwrap().is_empty());
    assert!(diff::diff(&store, ids[1], 999).is_err(), "unknown run");
}

const HOTJAR: &str = r#"<script src="http://static.hotjar.com/c/hotjar-1.js?sv=6"></script>"#;

/// Crawls the demo web plus `diff.test` (with a Hotjar script, no `pref`
/// cookie and an advertising sentence in its policy when `variant`).
async fn crawl_fixture(variant: bool) -> Vec<(usize, SiteRecord)> {
    let mut web = trackaudit::testweb::demo::web();
    let (script, cookies, ads) = if variant {
        (
            HOTJAR,
            vec!["sid=1; Path=/"],
            "<p>We show advertising from our partners.</p>",
        )
    } else {
        (
            "",
            vec!["sid=1; Path=/", "pref=dark; Path=/; Max-Age=86400"],
            "",
        )
    };
    let mut home = WebResponse::html(format!(
        "<html><body><h1>Diff</h1>{script}<footer><a href=\"/privacy\">Privacy Policy</a></footer></body></html>"
    ));
    for c in cookies {
        home = home.cookie(c);
    }
    web.route("diff.test", "/", home);
    web.route(
        "diff.test",
        "/privacy",
        WebResponse::html(format!(
            "<html><title>Privacy Policy</title><main><h1>Privacy Policy</h1><p>We use cookies to remember your settings.</p>{ads}<p>We use Hotjar to understand how visitors use the site.</p></main></html>"
        )),
    );
    web.route(
        "static.hotjar.com",
        "/c/hotjar-1.js",
        WebResponse::new(200, "application/javascript", "/* hotjar */"),
    );
    let server = WebServer::start(web.handler(), 0, false).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let opts = RunOptions {
        crawl: CrawlConfig {
            proxy: Some(server.proxy_url()),
            ..CrawlConfig::default()
        },
        out_dir: dir.path().into(),
        ..RunOptions::default()
    };
    let list = format!("{}http://diff.test/\n", trackaudit::testweb::demo::TARGETS);
    let targets = TargetList::parse("fixture", &list, true).unwrap();
    let mut recs = Vec::new();
    let index = |site: &str| {
        let pos = targets.targets.iter().position(|t| t.url.as_str() == site);
        pos.expect("a crawled site is a target")
    };
    run::run(&targets, &opts, Arc::new(Cancel::default()), &mut |_, r| {
        recs.push((index(&r.site), r.clone()))
    })
    .await
    .unwrap();
    recs
}

#[tokio::test]
async fn diff_of_two_fixture_crawls() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("h.db")).unwrap();
    let mut ids = Vec::new();
    for variant in [false, true] {
        let recs = crawl_fixture(variant).await;
        let key = store::targets_key(recs.iter().map(|(_, r)| r.site.as_str()));
        let run = store.begin_run(&key, recs.len(), "out", "{}").unwrap();
        for (i, r) in &recs {
            store.record_site(run, *i, r).unwrap();
        }
        finished(&store, run);
        ids.push(run);
        // What was stored is what the crawl produced.
        let back = store.site_records(run).unwrap();
        assert_eq!(back.len(), recs.len());
        for (_, r) in &recs {
            let b = &back.iter().find(|(_, b)| b.site == r.site).unwrap().1;
            assert_eq!(
                serde_json::to_value(b).unwrap(),
                serde_json::to_value(r).unwrap()
            );
        }
    }
    assert_eq!(store.last_two_runs(None).unwrap(), Some((ids[0], ids[1])));
    let d = diff::diff(&store, ids[0], ids[1]).unwrap();
    let changed: Vec<&str> = d.sites.iter().map(|s| s.site.as_str()).collect();
    assert_eq!(changed, ["http://diff.test/"], "{}", d.to_text());
    let s = &d.sites[0];
    assert_eq!(s.trackers_added.len(), 1, "{}", d.to_text());
    assert_eq!(s.trackers_added[0].domain, "static.hotjar.com");
    assert!(s.trackers_removed.is_empty());
    assert_eq!(
        s.cookies_removed,
        vec![CookieKey {
            name: "pref".into(),
            domain: "diff.test".into()
        }]
    );
    assert!(s.cookies_added.is_empty());
    assert_eq!(s.third_parties_added, ["hotjar.com"]);
    let p = s.policy.as_ref().expect("policy text changed");
    assert!(
        p.claims_added
            .iter()
            .any(|c| c.claim == "advertising" && c.stance == "affirm"),
        "{}",
        d.to_text()
    );
}

/// A record with consent visits: `none` (the audited one) and `reject`, whose
/// tracker request after the click is `reject_trackers`.
fn consent_rec(reject_trackers: &[(&str, &str)]) -> SiteRecord {
    use trackaudit::model::{ConsentAction, ConsentOutcome, ConsentState};
    let site = "https://shop.example/";
    let mut r = rec(site, &[], &["sid"], "h1", &[]);
    r.visit.consent = Some(ConsentOutcome {
        state: ConsentState::None,
        cmp: "OneTrust".into(),
        method: "rule:OneTrust".into(),
        banner_found: true,
        ..ConsentOutcome::default()
    });
    let mut reject = rec(site, reject_trackers, &["OptanonConsent"], "h1", &[]).visit;
    for q in &mut reject.requests {
        q.consent_state = ConsentState::Reject;
    }
    reject.cookies[0].consent_state = ConsentState::Reject;
    reject.consent = Some(ConsentOutcome {
        state: ConsentState::Reject,
        cmp: "OneTrust".into(),
        method: "rule:OneTrust".into(),
        banner_found: true,
        action: Some(ConsentAction::Clicked),
        layers: 1,
        ..ConsentOutcome::default()
    });
    reject.errors = vec!["a note of the reject visit".into()];
    r.consent_visits = vec![reject];
    r
}

#[test]
fn consent_visits_are_recorded_whole_and_diffed_per_state() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("h.db")).unwrap();
    let honest = consent_rec(&[]);
    let run_a = store.begin_run("k", 1, "out", "{}").unwrap();
    store.record_site(run_a, 0, &honest).unwrap();
    finished(&store, run_a);
    let back = store.site_records(run_a).unwrap();
    let got = &back[0].1;
    assert_eq!(got.visit.consent, honest.visit.consent);
    assert_eq!(got.consent_visits.len(), 1);
    assert_eq!(
        got.consent_visits[0].consent,
        honest.consent_visits[0].consent
    );
    assert_eq!(
        got.consent_visits[0].errors,
        honest.consent_visits[0].errors
    );
    assert_eq!(got.visit.cookies.len(), 1);
    assert_eq!(got.consent_visits[0].cookies[0].name, "OptanonConsent");
    assert_eq!(
        got.consent_visits[0].cookies[0].consent_state.as_str(),
        "reject"
    );
    // The night the site starts ignoring "Reject all".
    let dishonest = consent_rec(&[("Google", "ad.doubleclick.net")]);
    let run_b = store.begin_run("k", 1, "out", "{}").unwrap();
    store.record_site(run_b, 0, &dishonest).unwrap();
    finished(&store, run_b);
    let d = diff::diff(&store, run_a, run_b).unwrap();
    assert_eq!(d.sites.len(), 1, "{d:?}");
    let site = &d.sites[0];
    // The audited (`none`) visit did not change: only the reject state did.
    assert!(site.trackers_added.is_empty(), "{site:?}");
    assert_eq!(site.consent.len(), 1);
    assert_eq!(site.consent[0].state, "reject");
    assert_eq!(site.consent[0].trackers_added, vec!["ad.doubleclick.net"]);
    assert!(d
        .to_text()
        .contains("consent reject: + tracker ad.doubleclick.net"));
}

#[test]
fn reports_of_a_run_are_written_again_from_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let store = Store::open(&db).unwrap();
    let run = store.begin_run("k", 1, "out", "{}").unwrap();
    store
        .record_site(run, 0, &consent_rec(&[("Google", "ad.doubleclick.net")]))
        .unwrap();
    finished(&store, run);
    drop(store);
    let out = dir.path().join("again");
    let res = crate::bin()
        .args(["report", &run.to_string(), "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    assert_eq!(crate::read_csv(&out.join("sites.csv")).len(), 1);
    let consent = crate::read_csv(&out.join("consent.csv"));
    let states: Vec<&str> = consent.iter().map(|r| r["state"].as_str()).collect();
    assert_eq!(states, ["none", "reject"]);
    assert_eq!(consent[1]["tracker_hosts"], "ad.doubleclick.net");
    let requests = crate::read_csv(&out.join("requests.csv"));
    assert!(requests
        .iter()
        .any(|r| r["consent_visit"] == "reject" && r["consent_state"] == "reject"));
    assert!(out.join("report.html").exists());
    // An unknown run is a clear error.
    let res = crate::bin()
        .args(["report", "999", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(dir.path().join("none"))
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&res.stderr).contains("no run 999"));
}
