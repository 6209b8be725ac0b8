//! Tests of the consent fixture web: every site served, its markup carrying
//! the real products' selectors (an independent copy of the table in the
//! issue's notes, so fixture and table cannot drift apart silently), and the
//! runtime's own selectors matching the markup they act on.

use super::*;
use scraper::{Html, Selector};
use std::collections::HashSet;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Per product: the script's host (None: self-hosted or not in the table),
/// markers every banner carries, markers of a first-layer reject.
const TABLE: &[(&str, Option<&str>, &[&str], &[&str])] = &[
    (
        "OneTrust",
        Some("cdn.cookielaw.org"),
        &[
            "id=\"onetrust-consent-sdk\"",
            "id=\"onetrust-banner-sdk\"",
            "id=\"onetrust-accept-btn-handler\"",
            "id=\"onetrust-pc-btn-handler\"",
            "id=\"onetrust-pc-sdk\"",
            "ot-pc-refuse-all-handler",
            "save-preference-btn-handler",
        ],
        &["id=\"onetrust-reject-all-handler\""],
    ),
    (
        "Cookiebot",
        Some("consent.cookiebot.com"),
        &[
            "id=\"CybotCookiebotDialog\"",
            "id=\"CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll\"",
            "id=\"CybotCookiebotDialogBodyLevelButtonCustomize\"",
            "id=\"CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection\"",
        ],
        &["id=\"CybotCookiebotDialogBodyButtonDecline\""],
    ),
    (
        "Didomi",
        Some("sdk.privacy-center.org"),
        &[
            "id=\"didomi-host\"",
            "id=\"didomi-notice\"",
            "id=\"didomi-notice-agree-button\"",
            "id=\"didomi-notice-learn-more-button\"",
            "didomi-consent-popup-actions",
        ],
        &["id=\"didomi-notice-disagree-button\""],
    ),
    (
        "Quantcast Choice",
        Some("cmp.quantcast.com"),
        &[
            "id=\"qc-cmp2-container\"",
            "id=\"qc-cmp2-ui\"",
            "class=\"qc-cmp2-summary-buttons\"",
            "mode=\"primary\"",
            "qc-cmp2-footer",
        ],
        &["mode=\"secondary\" size=\"large\" aria-pressed=\"false\"><span>DISAGREE"],
    ),
    (
        "TrustArc",
        Some("consent.trustarc.com"),
        &[
            "id=\"truste-consent-track\"",
            "id=\"truste-consent-button\"",
            "id=\"truste-show-consent\"",
        ],
        &["id=\"truste-consent-required\""],
    ),
    (
        "Usercentrics",
        Some("app.usercentrics.eu"),
        &[
            "data-testid=\"uc-accept-all-button\"",
            "data-testid=\"uc-more-button\"",
        ],
        &["data-testid=\"uc-deny-all-button\""],
    ),
    (
        "Sourcepoint",
        Some("cdn.privacy-mgmt.com"),
        &[
            "id=\"sp_message_container_",
            "<iframe id=\"sp_message_iframe_",
            "sp_choice_type_11",
            "sp_choice_type_12",
        ],
        &["sp_choice_type_13"],
    ),
    (
        "Complianz",
        None,
        &[
            "id=\"cmplz-cookiebanner-container\"",
            "class=\"cmplz-cookiebanner ",
            "class=\"cmplz-btn cmplz-accept\"",
            "cmplz-view-preferences",
            "cmplz-save-preferences",
        ],
        &["class=\"cmplz-btn cmplz-deny\""],
    ),
    (
        "CookieYes",
        Some("cdn-cookieyes.com"),
        &[
            "class=\"cky-consent-container ",
            "cky-btn-accept",
            "cky-btn-customize",
            "cky-btn-preferences",
        ],
        &["cky-btn-reject"],
    ),
    (
        "Borlabs",
        None,
        &[
            "id=\"BorlabsCookieBox\"",
            "data-cookie-accept-all",
            "data-cookie-individual",
        ],
        &["data-cookie-refuse"],
    ),
    (
        "Osano",
        Some("cmp.osano.com"),
        &[
            "osano-cm-dialog ",
            "osano-cm-accept-all",
            "osano-cm-button--type_accept",
            "osano-cm-manage",
        ],
        &["osano-cm-deny", "osano-cm-button--type_denyAll"],
    ),
    (
        "Klaro",
        None,
        &[
            "class=\"klaro\"",
            "class=\"cookie-notice ",
            "class=\"cookie-modal\"",
            "cm-btn-success",
            "cm-btn-accept-all",
            "cn-learn-more",
        ],
        &["cn-decline", "cm-btn-danger"],
    ),
    (
        "iubenda",
        Some("cdn.iubenda.com"),
        &[
            "id=\"iubenda-cs-banner\"",
            "iubenda-cs-accept-btn",
            "iubenda-cs-customize-btn",
        ],
        &["iubenda-cs-reject-btn"],
    ),
    (
        "Termly",
        Some("app.termly.io"),
        &[
            "id=\"termly-code-snippet-support\"",
            "data-tid=\"banner-accept\"",
            "data-tid=\"banner-manage\"",
        ],
        &["data-tid=\"banner-decline\""],
    ),
];

/// GET through the server acting as a proxy: status and body.
async fn get(server: &WebServer, url: &str) -> (u16, String) {
    let mut s = tokio::net::TcpStream::connect(server.addr())
        .await
        .expect("connect");
    let host = url::Url::parse(url)
        .expect("url")
        .host_str()
        .expect("host")
        .to_string();
    let req = format!("GET {url} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.expect("read");
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

/// The config object in front of a served CMP script.
fn config_of(script: &str) -> serde_json::Value {
    let json = script
        .strip_prefix("var CMP = ")
        .and_then(|s| s.split_once(";\n"))
        .map(|(j, _)| j)
        .expect("script starts with its config");
    serde_json::from_str(json).expect("config is JSON")
}

fn matches(doc: &Html, selector: &str) -> usize {
    let sel = Selector::parse(selector).unwrap_or_else(|_| panic!("bad selector {selector}"));
    doc.select(&sel).count()
}

#[tokio::test]
async fn every_site_is_served_with_the_products_markup() {
    let server = start().await.expect("server");
    let all = sites();
    assert!(all.len() >= 38, "{}", all.len());
    for site in &all {
        let (status, landing) = get(&server, &site.url).await;
        assert_eq!(status, 200, "{}", site.url);
        assert!(landing.contains(r#"href="/privacy""#), "{}", site.url);
        let (status, policy) = get(&server, &format!("{}privacy", site.url)).await;
        assert!(status == 200 && policy.contains("consent"), "{}", site.url);
        let Some(script_url) = &site.cmp_script else {
            assert!(!site.banner && !landing.contains("<script"), "{}", site.url);
            continue;
        };
        let src = script_url.trim_start_matches("http:");
        assert!(landing.contains(&format!(r#"src="{src}""#)), "{}", site.url);
        let (status, script) = get(&server, script_url).await;
        assert_eq!(status, 200, "{script_url}");
        let config = config_of(&script);
        let mut markup = config["html"].as_str().expect("html").to_string();
        if config["mount"] == "frame" {
            let frag = Html::parse_fragment(&markup);
            let iframe = Selector::parse("iframe[id^=sp_message_iframe_]").expect("selector");
            let frame_src = frag
                .select(&iframe)
                .next()
                .expect("iframe")
                .attr("src")
                .expect("src");
            let (status, page) = get(&server, &format!("http:{frame_src}")).await;
            assert_eq!(status, 200, "{frame_src}");
            let frame_host = config["frameHost"].as_str().expect("frame host");
            assert!(frame_host.ends_with(".privacy-mgmt.com") && !frame_host.contains(&site.host));
            let (status, inner) =
                get(&server, &format!("http://{frame_host}/unified/message.js")).await;
            assert_eq!(
                (status, &config_of(&inner)["mount"]),
                (200, &"inframe".into())
            );
            markup.push_str(&page);
        }
        if config["mount"] == "shadow" {
            assert_eq!(config["host"], "usercentrics-root", "{}", site.url);
        }
        // The product's markers, from the table.
        if let Some((_, host, always, reject)) = TABLE.iter().find(|t| t.0 == site.cmp) {
            if let Some(h) = host {
                assert!(
                    script_url.starts_with(&format!("http://{h}/")),
                    "{script_url}"
                );
            }
            for m in *always {
                assert!(markup.contains(m), "{} lacks {m}", site.url);
            }
            for m in *reject {
                assert_eq!(
                    markup.contains(m),
                    site.first_layer_reject,
                    "{} {m}",
                    site.url
                );
            }
        } else {
            assert_eq!(site.cmp, "generic", "{}", site.url);
            assert!(config["host"].as_str() == Some("") && config["mount"] == "body");
        }
        // The runtime's selectors each find what they act on.
        let doc = Html::parse_document(&markup);
        for key in ["accept", "settings", "save", "layer1", "layer2"] {
            let sel = config[key].as_str().expect("selector");
            assert!(
                sel.is_empty() || matches(&doc, sel) > 0,
                "{} {key}: {sel}",
                site.url
            );
        }
        let reject = config["reject"].as_str().expect("selector");
        assert_eq!(
            matches(&doc, reject) > 0,
            site.reject_layers.is_some(),
            "{}",
            site.url
        );
        let store = &config["store"];
        assert!(
            store["key"].as_str().is_some_and(|k| !k.is_empty()),
            "{}",
            site.url
        );
        assert_ne!(store["accept"], store["reject"], "{}", site.url);
        assert_eq!(
            config["tcf"].is_object(),
            site.tcf_cmp_id.is_some(),
            "{}",
            site.url
        );
        assert_eq!(
            landing.contains("__tcfapiLocator"),
            site.tcf_cmp_id.is_some()
        );
    }
}

#[tokio::test]
async fn tracker_hosts_answer_like_the_real_ones() {
    let server = start().await.expect("server");
    for url in [
        "http://www.googletagmanager.com/gtm.js?id=GTM-CNSNT01",
        "http://connect.facebook.net/en_GB/fbevents.js",
        "http://securepubads.g.doubleclick.net/tag/js/gpt.js",
        "http://ad.doubleclick.net/ddm/activity/src=4242;type=visit;cat=consent",
        "http://www.facebook.com/tr/?id=1234567890&ev=PageView",
        "http://securepubads.g.doubleclick.net/gampad/ads?iu=/4242/home",
    ] {
        assert_eq!(get(&server, url).await.0, 200, "{url}");
    }
    let (status, _) = get(&server, "http://www.google-analytics.com/g/collect?v=2").await;
    assert_eq!(status, 204);
    // The tags set the first-party cookies real ones set.
    assert!(GTM_JS.contains("'_ga=GA1.1.") && FBEVENTS_JS.contains("'_fbp=' + fbp"));
}

#[test]
fn every_finding_has_a_dishonest_site_and_every_dishonest_site_a_twin() {
    let all = sites();
    let hosts: HashSet<&str> = all.iter().map(|s| s.host.as_str()).collect();
    assert_eq!(hosts.len(), all.len(), "hosts are unique");
    for s in &all {
        assert_eq!(
            crate::domain::registrable_domain(&s.host),
            s.host.trim_start_matches("www.")
        );
        assert_eq!(s.honest, s.findings.is_empty(), "{}", s.host);
        if let Some(twin) = s.host.strip_suffix("-dishonest.test") {
            let twin = all.iter().find(|t| t.host == format!("{twin}-honest.test"));
            let twin = twin.unwrap_or_else(|| panic!("{} has no honest twin", s.host));
            assert!(twin.honest && twin.cmp == s.cmp && twin.tcf_cmp_id == s.tcf_cmp_id);
            assert!(s.findings.contains(&"reject_ignored"), "{}", s.host);
        }
    }
    let with = |f: &str| all.iter().filter(|s| s.findings.contains(&f)).count();
    assert!(with("reject_ignored") >= 17);
    assert_eq!(with("consent_ignored"), 1);
    assert_eq!(with("no_reject_option"), 2);
    // Didomi, Quantcast, Sourcepoint and the hand-made TCF CMP.
    assert_eq!(with("tcf_vendor_mismatch"), 4);
    let by_host = |h: &str| all.iter().find(|s| s.host == h).expect(h).clone();
    let two = by_host("www.onetrust-settings-reject.test");
    assert_eq!(
        (two.first_layer_reject, two.reject_layers),
        (false, Some(2))
    );
    assert_eq!(by_host("www.accept-only.test").reject_layers, None);
    assert!(!by_host("www.no-banner.test").banner);
    assert_eq!(by_host("www.generic-de-honest.test").language, "de");
    assert_eq!(
        by_host("www.tcf-dishonest.test").tcf_cmp_id,
        Some(CUSTOM_TCF_CMP)
    );
    assert_eq!(targets().targets.len(), all.len());
}
