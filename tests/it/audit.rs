//! Findings: every rule fires on a fixture site built for it and stays quiet on
//! its honest twin; exceptions and hedges change the outcome as documented;
//! `--fail-on` maps severities to exit codes.

use trackaudit::crawl::CrawlConfig;
use trackaudit::model::{Severity, SiteRecord};
use trackaudit::run::RunOptions;
use trackaudit::testweb::{WebResponse, WebServer};

const GA_PIXEL: &str = r#"<img src="http://www.google-analytics.com/collect?v=2&tid=G-T" width="1" height="1" alt="">"#;
const AD_PIXEL: &str = r#"<img src="http://ad.doubleclick.net/ddm/activity/src=1;type=news;cat=home" width="1" height="1" alt="">"#;
const FB_PIXEL: &str = r#"<img src="http://www.facebook.com/tr?id=1&ev=PageView" height="1" width="1" style="display:none">"#;
const HOTJAR: &str = r#"<script src="http://static.hotjar.com/c/hotjar-3141592.js?sv=6"></script>"#;
const CDN_CSS: &str = r#"<link rel="stylesheet" href="http://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/css/bootstrap.min.css">"#;

/// One fixture site: what the page embeds, cookies the page sets, its policy.
struct Site {
    body: &'static str,
    cookies: &'static [&'static str],
    policy: Option<&'static [&'static str]>,
}

const fn site(
    body: &'static str,
    cookies: &'static [&'static str],
    policy: Option<&'static [&'static str]>,
) -> Site {
    Site {
        body,
        cookies,
        policy,
    }
}

/// (rule, site that must trigger it, honest twin that must not).
fn cases() -> Vec<(&'static str, Site, Site)> {
    vec![
        (
            "no_policy",
            site(GA_PIXEL, &[], None),
            site(
                GA_PIXEL,
                &[],
                Some(&["We use cookies, web beacons and Google Analytics to measure visits."]),
            ),
        ),
        (
            "cookies_undisclosed",
            site(
                "",
                &["sid=1; Path=/"],
                Some(&["We collect your name and email address when you register."]),
            ),
            site(
                "",
                &["sid=1; Path=/"],
                Some(&["We use cookies to keep you signed in."]),
            ),
        ),
        (
            "cookies_denied",
            site("", &["sid=1; Path=/"], Some(&["We do not use cookies."])),
            site("", &[], Some(&["We do not use cookies."])),
        ),
        (
            "third_party_cookies_undisclosed",
            site(
                AD_PIXEL,
                &[],
                Some(&[
                    "We use cookies to keep you signed in.",
                    "We show advertising on our pages.",
                ]),
            ),
            site(
                AD_PIXEL,
                &[],
                Some(&[
                    "We use cookies to keep you signed in.",
                    "We show advertising on our pages.",
                    "Our advertising partners may set third-party cookies.",
                ]),
            ),
        ),
        (
            "beacons_undisclosed",
            site(
                GA_PIXEL,
                &[],
                Some(&["We use cookies and Google Analytics for analytics."]),
            ),
            site(
                GA_PIXEL,
                &[],
                Some(&["We use cookies, web beacons and Google Analytics for analytics."]),
            ),
        ),
        (
            "analytics_undisclosed",
            site(
                GA_PIXEL,
                &[],
                Some(&["We use cookies and web beacons to keep the site working."]),
            ),
            site(
                GA_PIXEL,
                &[],
                Some(&[
                    "We use cookies and web beacons to keep the site working.",
                    "We use analytics services to measure traffic.",
                ]),
            ),
        ),
        (
            "advertising_undisclosed",
            site(AD_PIXEL, &[], Some(&["We use cookies and web beacons."])),
            site(
                AD_PIXEL,
                &[],
                Some(&[
                    "We use cookies and web beacons.",
                    "We show personalised advertising from our partners.",
                ]),
            ),
        ),
        (
            "session_replay_undisclosed",
            site(
                HOTJAR,
                &[],
                Some(&["We use cookies to keep you signed in."]),
            ),
            site(
                HOTJAR,
                &[],
                Some(&[
                    "We use cookies to keep you signed in.",
                    "We use Hotjar to record how visitors use our pages.",
                ]),
            ),
        ),
        (
            "sharing_contradicted",
            site(
                FB_PIXEL,
                &[],
                Some(&["We do not share your personal information with third parties."]),
            ),
            site(
                CDN_CSS,
                &[],
                Some(&["We do not share your personal information with third parties."]),
            ),
        ),
        (
            "dnt_contradicted",
            site(
                GA_PIXEL,
                &[],
                Some(&[
                    "We honor Do Not Track signals.",
                    "We use analytics to measure traffic.",
                ]),
            ),
            site(
                "",
                &[],
                Some(&[
                    "We honor Do Not Track signals.",
                    "We use analytics to measure traffic.",
                ]),
            ),
        ),
        (
            "consent_ignored",
            site(
                AD_PIXEL,
                &[],
                Some(&[
                    "We will ask for your consent before we set any advertising cookies.",
                    "We show advertising.",
                ]),
            ),
            site(
                "",
                &["sid=1; Path=/"],
                Some(&[
                    "We will ask for your consent before we set any advertising cookies.",
                    "We show advertising.",
                ]),
            ),
        ),
        (
            "party_unnamed",
            site(FB_PIXEL, &[], Some(&["We work with advertising partners."])),
            site(
                FB_PIXEL,
                &[],
                Some(&["We work with advertising partners such as Facebook."]),
            ),
        ),
        (
            "retention_exceeded",
            site(
                "",
                &["pref=1; Path=/; Max-Age=34560000"],
                Some(&[
                    "We use cookies.",
                    "Cookies we set expire after at most 30 days.",
                ]),
            ),
            site(
                "",
                &["pref=1; Path=/; Max-Age=604800"],
                Some(&[
                    "We use cookies.",
                    "Cookies we set expire after at most 30 days.",
                ]),
            ),
        ),
    ]
}

fn add(w: &mut trackaudit::testweb::Web, host: &str, s: &Site) {
    let footer = if s.policy.is_some() {
        r#"<footer><a href="/privacy">Privacy Policy</a></footer>"#
    } else {
        ""
    };
    let mut resp = WebResponse::html(format!(
        "<html><head><title>{host}</title></head><body><h1>Welcome</h1>{}{footer}</body></html>",
        s.body
    ));
    for c in s.cookies {
        resp = resp.cookie(c);
    }
    w.route(host, "/", resp);
    if let Some(p) = s.policy {
        let paras: String = p.iter().map(|x| format!("<p>{x}</p>")).collect();
        w.page(host, "/privacy", &format!("<html><head><title>Privacy Policy</title></head><body><main><h1>Privacy Policy</h1>{paras}</main></body></html>"));
    }
}

async fn audit_sites(extra: &[(String, Site)]) -> Vec<SiteRecord> {
    let mut web = trackaudit::testweb::demo::web();
    let mut list = String::new();
    for (i, (rule, guilty, honest)) in cases().iter().enumerate() {
        for (kind, s) in [("guilty", guilty), ("honest", honest)] {
            let host = format!("{kind}-{i}-{}.test", rule.replace('_', "-"));
            add(&mut web, &host, s);
            list.push_str(&format!("http://{host}/\n"));
        }
    }
    for (host, s) in extra {
        add(&mut web, host, s);
        list.push_str(&format!("http://{host}/\n"));
    }
    let server = WebServer::start(web.handler(), 0, false).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let opts = RunOptions {
        crawl: CrawlConfig {
            proxy: Some(server.proxy_url()),
            dnt: true,
            ..CrawlConfig::default()
        },
        out_dir: dir.path().into(),
        ..RunOptions::default()
    };
    crate::run_all(&list, &opts).await.1
}

fn rules_of(r: &SiteRecord) -> Vec<&str> {
    r.findings.iter().map(|f| f.rule.as_str()).collect()
}

#[tokio::test]
async fn every_rule_fires_on_its_fixture_and_not_on_the_honest_twin() {
    let recs = audit_sites(&[]).await;
    for (i, (rule, _, _)) in cases().iter().enumerate() {
        let find = |kind: &str| {
            let site = format!("http://{kind}-{i}-{}.test/", rule.replace('_', "-"));
            recs.iter()
                .find(|r| r.site == site)
                .unwrap_or_else(|| panic!("{site} not crawled"))
        };
        let (g, h) = (find("guilty"), find("honest"));
        assert!(
            rules_of(g).contains(rule),
            "{rule} did not fire on its fixture; findings {:?}; claims {:?}",
            rules_of(g),
            g.claims()
                .map(|(_, c)| (c.claim, c.stance))
                .collect::<Vec<_>>()
        );
        assert!(
            !rules_of(h).contains(rule),
            "{rule} fired on the honest twin: {:?}",
            h.findings.iter().find(|f| f.rule == *rule)
        );
        let f = g.findings.iter().find(|f| f.rule == *rule).unwrap();
        assert!(!f.evidence.is_empty() && !f.title.is_empty(), "{f:?}");
        assert!(
            f.evidence.contains(&g.final_url) || f.evidence.contains("page http://"),
            "evidence must say where: {}",
            f.evidence
        );
    }
    // Quotes: contradictions quote the sentence; silences quote nothing.
    let quote = |rule: &str| {
        recs.iter()
            .flat_map(|r| r.findings.iter())
            .find(|f| f.rule == rule)
            .unwrap()
            .policy_quote
            .clone()
    };
    assert_eq!(quote("cookies_denied"), "We do not use cookies.");
    assert_eq!(
        quote("sharing_contradicted"),
        "We do not share your personal information with third parties."
    );
    assert_eq!(quote("advertising_undisclosed"), "");
    // no_policy stands alone.
    let np = recs.iter().find(|r| r.site.contains("guilty-0-")).unwrap();
    assert_eq!(rules_of(np), ["no_policy"]);
}

#[tokio::test]
async fn exceptions_and_hedges_shape_sharing_findings() {
    let extra = vec![
        // Analytics only, denial without exceptions: medium.
        ("analytics-only.test".to_string(), site(GA_PIXEL, &[], Some(&["We do not share your personal information with third parties.", "We use analytics."]))),
        // Analytics only, "except service providers": no finding.
        (
            "service-providers.test".to_string(),
            site(GA_PIXEL, &[], Some(&["We do not share your personal information with any third party except our service providers.", "We use analytics."])),
        ),
        // Advertising, even with the service-provider exception: high.
        (
            "ads-despite-exception.test".to_string(),
            site(FB_PIXEL, &[], Some(&["We do not share your personal information with any third party except our service providers."])),
        ),
        // "We do not sell" is not a denial of sharing.
        ("no-sell.test".to_string(), site(FB_PIXEL, &[], Some(&["We do not sell your personal information."]))),
    ];
    let recs = audit_sites(&extra).await;
    let sharing = |host: &str| {
        let r = recs
            .iter()
            .find(|r| r.site == format!("http://{host}/"))
            .unwrap();
        r.findings
            .iter()
            .find(|f| f.rule == "sharing_contradicted")
            .map(|f| f.severity)
    };
    assert_eq!(sharing("analytics-only.test"), Some(Severity::Medium));
    assert_eq!(sharing("service-providers.test"), None);
    assert_eq!(sharing("ads-despite-exception.test"), Some(Severity::High));
    assert_eq!(sharing("no-sell.test"), None);
    // A finding on a denial names the negation that set the stance; the same
    // denial read without a negation cue is not enough for high severity.
    let mut r = recs
        .iter()
        .find(|r| r.site == "http://ads-despite-exception.test/")
        .unwrap()
        .clone();
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "sharing_contradicted")
        .unwrap();
    assert!(
        f.evidence.contains("policy negation \"do not\""),
        "{}",
        f.evidence
    );
    for d in &mut r.policies {
        for c in &mut d.claims {
            c.negation.clear();
        }
    }
    let a = trackaudit::audit::audit(&r, trackaudit::audit::AuditContext { dnt_sent: false });
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "sharing_contradicted")
        .unwrap();
    assert_eq!(f.severity, Severity::Medium);
    assert!(
        f.evidence.contains("without a clear negation cue"),
        "{}",
        f.evidence
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fail_on_maps_severities_to_exit_codes_and_unreadable_policies_stay_quiet() {
    let mut web = trackaudit::testweb::Web::new();
    add(
        &mut web,
        "low-only.test",
        &site(
            FB_PIXEL,
            &[],
            Some(&[
                "We use cookies and web beacons.",
                "We show advertising.",
                "Advertising partners may set third-party cookies.",
            ]),
        ),
    );
    web.route(
        "pdf.test",
        "/",
        WebResponse::html(format!("<html><body>{GA_PIXEL}<footer><a href=\"/privacy.pdf\">Privacy Policy</a></footer></body></html>")).cookie("sid=1"),
    );
    web.route(
        "pdf.test",
        "/privacy.pdf",
        WebResponse::new(200, "application/pdf", "%PDF-1.7 ..."),
    );
    web.route("www.facebook.com", "/tr", WebResponse::pixel());
    let server = WebServer::start(web.handler(), 0, false).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("l.txt");
    std::fs::write(&list, "http://low-only.test/\nhttp://pdf.test/\n").unwrap();
    let run = |fail_on: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_trackaudit"))
            .env("TRACKAUDIT_DB", crate::test_db())
            .args([
                "crawl",
                list.to_str().unwrap(),
                "--quiet",
                "--proxy",
                &server.proxy_url(),
                "--fail-on",
                fail_on,
                "--out",
            ])
            .arg(dir.path().join(format!("out-{fail_on}")))
            .output()
            .unwrap();
        out.status.code()
    };
    // low-only.test has only a party_unnamed (low) finding.
    assert_eq!(run("high"), Some(0));
    assert_eq!(run("medium"), Some(0));
    assert_eq!(run("low"), Some(1));
    let sites = crate::read_csv(&dir.path().join("out-low/sites.csv"));
    let pdf = sites
        .iter()
        .find(|r| r["site"] == "http://pdf.test/")
        .unwrap();
    assert_eq!(
        (pdf["policy_status"].as_str(), pdf["findings"].as_str()),
        ("unreadable", "0"),
        "{pdf:?}"
    );
    assert!(pdf["policy_error"].contains("PDF"));
    let findings = crate::read_csv(&dir.path().join("out-low/findings.csv"));
    assert!(
        findings
            .iter()
            .all(|f| f["site"] == "http://low-only.test/" && f["severity"] == "low"),
        "{findings:?}"
    );
}

#[tokio::test]
async fn dnt_compare_reports_trackers_that_stop_with_the_signals() {
    // A site that honours DNT: its analytics pixel loads only without the header.
    let mut web = trackaudit::testweb::demo::web();
    web.fallback(|r| {
        if r.host == "respectful.test" && r.path == "/" {
            let px = if r.header("dnt") == Some("1") { "" } else { GA_PIXEL };
            return WebResponse::html(format!(
                "<html><body>{px}{AD_PIXEL}<footer><a href=\"/privacy\">Privacy Policy</a></footer></body></html>"
            ));
        }
        if r.host == "respectful.test" && r.path == "/privacy" {
            return WebResponse::html(
                "<html><title>Privacy Policy</title><main><h1>Privacy Policy</h1><p>We honor Do Not Track signals.</p><p>We use analytics and show advertising.</p></main></html>",
            );
        }
        WebResponse::status(404)
    });
    let server = WebServer::start(web.handler(), 0, false).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let opts = RunOptions {
        crawl: CrawlConfig {
            proxy: Some(server.proxy_url()),
            ..CrawlConfig::default()
        },
        out_dir: dir.path().into(),
        dnt_compare: true,
        ..RunOptions::default()
    };
    let (_, recs) = crate::run_all("http://respectful.test/\n", &opts).await;
    let d = recs[0].dnt_compare.as_ref().expect("comparison recorded");
    assert_eq!(d.stopped, ["www.google-analytics.com"]);
    assert!(d.started.is_empty());
    assert!(d.trackers_with.contains(&"ad.doubleclick.net".to_string()));
    // Findings come from the crawl with the signals: the ad pixel still loads.
    assert!(rules_of(&recs[0]).contains(&"dnt_contradicted"));
    let sites = crate::read_csv(&dir.path().join("sites.csv"));
    assert_eq!(sites[0]["dnt_stopped"], "www.google-analytics.com");
    assert_eq!(
        (
            sites[0]["dnt_trackers_without"].as_str(),
            sites[0]["dnt_trackers_with"].as_str()
        ),
        ("2", "1")
    );
}
