//! Consent states end to end, as a user runs them: `trackaudit crawl --engine
//! browser --consent none,accept,reject` over the consent fixture web (the 14
//! consent managers in their real markup, TCF, generic banners, honest and
//! dishonest twins). Every consent finding fires on its dishonest fixture and
//! never on its honest twin; `consent.csv` and the `consent_state` columns say
//! what happened in each state; the TC strings our fixture encoded are decoded
//! back by the crawler. Skipped without Chromium unless
//! `TRACKAUDIT_REQUIRE_CHROMIUM=1`.

use super::browser::chromium;
use super::{bin, read_csv};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use trackaudit::testweb::consent::{self, Behaviour, ACCEPT_VENDORS, GOOGLE_VENDOR};

const CONSENT_RULES: [&str; 4] = [
    "reject_ignored",
    "no_reject_option",
    "tcf_vendor_mismatch",
    "consent_ignored",
];

type Row = HashMap<String, String>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_consent_finding_fires_on_its_dishonest_fixture_and_never_on_its_honest_twin() {
    if !chromium() {
        return;
    }
    let server = consent::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("targets.txt");
    std::fs::write(&list, consent::targets_text()).unwrap();
    let out = dir.path().join("out");
    let proxy = server.proxy_url();
    let result = tokio::task::spawn_blocking(move || {
        bin()
            .args([
                "crawl",
                "--engine",
                "browser",
                "--consent",
                "none,accept,reject",
            ])
            .args([
                "--proxy",
                &proxy,
                "--insecure",
                "--quiet",
                "--concurrency",
                "6",
            ])
            .args([
                "--timeout",
                "10",
                "--site-budget",
                "60",
                "--fail-on",
                "high",
            ])
            .arg("--out")
            .arg(&out)
            .arg(&list)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let out = dir.path().join("out");
    let stderr = String::from_utf8_lossy(&result.stderr);
    // Dishonest sites raise high findings: --fail-on high exits 1.
    assert_eq!(result.status.code(), Some(1), "{stderr}");

    let header = csv::Reader::from_path(out.join("consent.csv"))
        .unwrap()
        .headers()
        .unwrap()
        .clone();
    let contract = [
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
    ];
    assert_eq!(
        header.iter().take(contract.len()).collect::<Vec<_>>(),
        contract
    );
    let rows = read_csv(&out.join("consent.csv"));
    let mut by_site: BTreeMap<(String, String), Row> = BTreeMap::new();
    for r in rows {
        by_site.insert((r["site"].clone(), r["state"].clone()), r);
    }
    let findings = read_csv(&out.join("findings.csv"));
    let fired = |site: &str| -> BTreeSet<String> {
        findings
            .iter()
            .filter(|f| f["site"] == site && CONSENT_RULES.contains(&f["rule"].as_str()))
            .map(|f| f["rule"].clone())
            .collect()
    };
    let sites = consent::sites();
    let mut problems = Vec::new();
    for s in &sites {
        let row = |state: &str| -> &Row {
            by_site
                .get(&(s.url.clone(), state.to_string()))
                .unwrap_or_else(|| panic!("no {state} row for {}", s.url))
        };
        let got = fired(&s.url);
        let want: BTreeSet<String> = s.findings.iter().map(|f| f.to_string()).collect();
        if got != want {
            problems.push(format!("{}: findings {got:?}, expected {want:?}", s.url));
        }
        let (none, accept, reject) = (row("none"), row("accept"), row("reject"));
        if none["banner_found"] != s.banner.to_string() {
            problems.push(format!("{}: banner_found {}", s.url, none["banner_found"]));
        }
        if !s.banner {
            for r in [accept, reject] {
                if r["action"] != "not_found" || r["method"] != "none" {
                    problems.push(format!("{}: no banner, yet {:?}", s.url, r));
                }
            }
            continue;
        }
        // Rule-built banners are named after their product.
        if s.cmp != "generic" && none["method"] != format!("rule:{}", s.cmp) {
            problems.push(format!("{}: method {}", s.url, none["method"]));
        }
        if accept["action"] != "clicked" || accept["layers"] != "1" {
            problems.push(format!("{}: accept {:?}", s.url, accept));
        }
        let layers = s.reject_layers.map(|l| l.to_string());
        match &layers {
            Some(l) if reject["action"] != "clicked" || &reject["layers"] != l => {
                problems.push(format!("{}: reject {:?}", s.url, reject))
            }
            None if reject["action"] != "no_reject_button" => {
                problems.push(format!("{}: reject {:?}", s.url, reject))
            }
            _ => {}
        }
        // What the site does in each state.
        let trackers = |r: &Row| r["trackers"].parse::<usize>().unwrap();
        if trackers(accept) == 0 {
            problems.push(format!("{}: no trackers after accept", s.url));
        }
        let after_reject = trackers(reject);
        let honest_reject = matches!(s.behaviour, Behaviour::Honest);
        if honest_reject && layers.is_some() && after_reject != 0 {
            problems.push(format!(
                "{}: {after_reject} trackers after an honest reject",
                s.url
            ));
        }
        if !honest_reject && after_reject == 0 {
            problems.push(format!("{}: no trackers after a dishonest reject", s.url));
        }
        // TCF: the crawler decodes the TC string the fixture encoded.
        if let Some(id) = s.tcf_cmp_id {
            if accept["cmp_id"] != id.to_string() || accept["tc_string"].is_empty() {
                problems.push(format!("{}: TCF accept {:?}", s.url, accept));
            }
            let vendors: BTreeSet<u32> = accept["vendors_consented"]
                .split_whitespace()
                .map(|v| v.parse().unwrap())
                .collect();
            if vendors != ACCEPT_VENDORS.iter().map(|v| *v as u32).collect() {
                problems.push(format!("{}: vendors after accept {vendors:?}", s.url));
            }
            if reject["vendors_consented"]
                .split_whitespace()
                .any(|v| v == GOOGLE_VENDOR.to_string())
            {
                problems.push(format!("{}: Google consented after reject", s.url));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Rows say which state they were observed in: a dishonest site's reject
    // visit has tracker requests after the click, and requests before it.
    let dishonest = sites
        .iter()
        .find(|s| s.behaviour == Behaviour::IgnoresReject && s.tcf_cmp_id.is_none())
        .unwrap();
    let requests = read_csv(&out.join("requests.csv"));
    let in_reject_visit: Vec<&Row> = requests
        .iter()
        .filter(|r| r["site"] == dishonest.url && r["consent_visit"] == "reject")
        .collect();
    assert!(in_reject_visit
        .iter()
        .any(|r| r["consent_state"] == "reject" && r["tracker"] == "true"));
    assert!(in_reject_visit
        .iter()
        .any(|r| r["consent_state"] == "none" && r["resource_type"] == "document"));
    let cookies = read_csv(&out.join("cookies.csv"));
    assert!(cookies
        .iter()
        .any(|c| c["site"] == dishonest.url && c["consent_state"] == "reject"));
    // The evidence of reject_ignored names the click, the policy sentence is quoted.
    let f = findings
        .iter()
        .find(|f| f["site"] == dishonest.url && f["rule"] == "reject_ignored")
        .unwrap();
    assert!(f["evidence"].contains("clicked"), "{f:?}");
    assert!(f["policy_quote"].contains("consent"), "{f:?}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("\"consent\":{"),
        "the report carries the consent totals"
    );
}

#[test]
fn consent_options_are_checked_before_anything_is_crawled() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("t.txt");
    std::fs::write(&list, "http://www.example.test/\n").unwrap();
    let run = |args: &[&str]| {
        let out = bin()
            .arg("crawl")
            .args(args)
            .arg("--out")
            .arg(dir.path().join("out"))
            .arg(&list)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // The HTTP engine cannot click a banner.
    let (code, err) = run(&["--consent", "reject"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--consent needs --engine browser"), "{err}");
    let (code, err) = run(&["--consent", "maybe", "--engine", "browser"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("maybe"), "{err}");
    // User rules need consent states, and a bad rule file is named.
    let rules = dir.path().join("rules.json");
    std::fs::write(&rules, "{ not json").unwrap();
    let r = rules.to_str().unwrap();
    let (code, err) = run(&["--consent-rules", r, "--engine", "browser"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--consent-rules needs --consent"), "{err}");
    let (code, err) = run(&[
        "--consent-rules",
        r,
        "--engine",
        "browser",
        "--consent",
        "none",
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("rules.json"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing was crawled");
}
