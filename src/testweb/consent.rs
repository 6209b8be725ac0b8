//! The consent fixture web (issue #15): a [`Web`] in, consent-banner sites
//! added to it out, with [`sites`] describing what each must show. Banners
//! are client-side JS in the shapes the real consent managers render
//! (`consent_cmps`), their scripts served under the products' real CDN host
//! names; a click stores the choice first-party, hides the banner and lets
//! the page load its trackers (honest: only after accept; dishonest: after
//! reject too, or before any choice). [`start`] serves this web alone.

use super::server::{Web, WebResponse, WebServer};
use crate::targets::TargetList;
use cmps::Cmp;
use js::{FBEVENTS_JS, GPT_JS, GTM_JS, SITE_SCRIPT, TCF_STUB};

#[path = "consent_cmps.rs"]
pub mod cmps;
#[path = "consent_js.rs"]
pub mod js;

pub use cmps::{tc_strings, ACCEPT_VENDORS, GOOGLE_VENDOR, TC_CREATED};

/// The TCF CMP id of the hand-made TCF sites: deliberately none that the
/// crawler's name table knows, so their CMP is reported as `cmp 4094`.
pub const CUSTOM_TCF_CMP: u16 = 4094;

/// What a fixture site does with the visitor's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Trackers only after "accept".
    Honest,
    /// Trackers after "accept" and after "reject".
    IgnoresReject,
    /// Trackers on page load, before any choice, with the banner showing.
    IgnoresConsent,
    /// No banner and no trackers.
    NoBanner,
}

/// One site of the consent web and what an audit of it must find.
#[derive(Debug, Clone)]
pub struct ConsentSite {
    /// Host name, `www.SLUG.test`.
    pub host: String,
    /// Landing page URL (`http://HOST/`).
    pub url: String,
    /// The consent manager: the product's name (`OneTrust`, `Quantcast
    /// Choice` ...), `generic` for a hand-made banner, empty for none.
    pub cmp: &'static str,
    /// The IAB TCF CMP id its `__tcfapi` reports, if it has one.
    pub tcf_cmp_id: Option<u16>,
    /// What the site does with the choice.
    pub behaviour: Behaviour,
    /// No finding may fire on it.
    pub honest: bool,
    /// The findings that must fire on it (empty when honest).
    pub findings: Vec<&'static str>,
    /// It shows a consent banner.
    pub banner: bool,
    /// The banner's first layer has a reject control.
    pub first_layer_reject: bool,
    /// Layers to reach "reject all": 1, 2, or None when there is none.
    pub reject_layers: Option<u8>,
    /// The banner's language.
    pub language: &'static str,
    /// The consent manager's script, as the landing page references it.
    pub cmp_script: Option<String>,
}

/// A site: its slug, its banner (None: no banner) and its behaviour.
fn plan() -> Vec<(String, Option<Cmp>, Behaviour)> {
    use Behaviour::*;
    let products: [(&str, fn() -> Cmp); 14] = [
        ("onetrust", || cmps::onetrust(true)),
        ("cookiebot", cmps::cookiebot),
        ("didomi", cmps::didomi),
        ("quantcast", cmps::quantcast),
        ("trustarc", cmps::trustarc),
        ("usercentrics", cmps::usercentrics),
        ("sourcepoint", cmps::sourcepoint),
        ("complianz", cmps::complianz),
        ("cookieyes", cmps::cookieyes),
        ("borlabs", cmps::borlabs),
        ("osano", cmps::osano),
        ("klaro", cmps::klaro),
        ("iubenda", cmps::iubenda),
        ("termly", cmps::termly),
    ];
    let mut out = Vec::new();
    for (slug, cmp) in products {
        out.push((format!("{slug}-honest"), Some(cmp()), Honest));
        out.push((format!("{slug}-dishonest"), Some(cmp()), IgnoresReject));
    }
    let tcf = || cmps::generic(&cmps::ENGLISH, true, Some(CUSTOM_TCF_CMP));
    out.extend([
        ("tcf-honest".to_string(), Some(tcf()), Honest),
        ("tcf-dishonest".to_string(), Some(tcf()), IgnoresReject),
        (
            "generic-de-honest".into(),
            Some(cmps::generic(&cmps::GERMAN, true, None)),
            Honest,
        ),
        (
            "generic-de-dishonest".into(),
            Some(cmps::generic(&cmps::GERMAN, true, None)),
            IgnoresReject,
        ),
        (
            "generic-fr-honest".into(),
            Some(cmps::generic(&cmps::FRENCH, false, None)),
            Honest,
        ),
        (
            "onetrust-settings-reject".into(),
            Some(cmps::onetrust(false)),
            Honest,
        ),
        (
            "accept-only".into(),
            Some(cmps::generic(&cmps::ENGLISH_ACCEPT_ONLY, true, None)),
            Honest,
        ),
        ("no-banner".into(), None, NoBanner),
        (
            "consent-ignored-honest".into(),
            Some(cmps::cookieyes()),
            Honest,
        ),
        (
            "consent-ignored-dishonest".into(),
            Some(cmps::cookieyes()),
            IgnoresConsent,
        ),
    ]);
    out
}

fn host_of(slug: &str) -> String {
    format!("www.{slug}.test")
}

/// The script URL a page uses for its CMP (scheme-relative, as CMPs are
/// embedded, so the web works over http and https alike).
fn script_src(cmp: &Cmp, host: &str) -> String {
    let h = if cmp.script_host.is_empty() {
        host
    } else {
        cmp.script_host
    };
    format!("//{h}{}", cmp.script_path)
}

/// Every site of the consent web, in a stable order.
pub fn sites() -> Vec<ConsentSite> {
    plan()
        .into_iter()
        .map(|(slug, cmp, behaviour)| {
            let host = host_of(&slug);
            let mut findings = Vec::new();
            if behaviour == Behaviour::IgnoresConsent {
                findings.push("consent_ignored");
            }
            if let Some(c) = &cmp {
                if !c.first_layer_reject {
                    findings.push("no_reject_option");
                }
                if matches!(
                    behaviour,
                    Behaviour::IgnoresReject | Behaviour::IgnoresConsent
                ) {
                    findings.push("reject_ignored");
                    if c.tcf_id.is_some() {
                        findings.push("tcf_vendor_mismatch");
                    }
                }
            }
            let reject_layers = cmp.as_ref().and_then(|c| match c {
                c if c.first_layer_reject => Some(1),
                c if c.has_reject => Some(2),
                _ => None,
            });
            ConsentSite {
                url: format!("http://{host}/"),
                cmp: cmp.as_ref().map_or("", |c| c.name),
                tcf_cmp_id: cmp.as_ref().and_then(|c| c.tcf_id),
                behaviour,
                honest: findings.is_empty(),
                findings,
                banner: cmp.is_some(),
                first_layer_reject: cmp.as_ref().is_some_and(|c| c.first_layer_reject),
                reject_layers,
                language: language(&cmp),
                cmp_script: cmp
                    .as_ref()
                    .map(|c| format!("http:{}", script_src(c, &host))),
                host,
            }
        })
        .collect()
}

fn language(cmp: &Option<Cmp>) -> &'static str {
    match cmp {
        Some(c) if c.html.contains(r#"lang="de""#) => "de",
        Some(c) if c.html.contains(r#"lang="fr""#) => "fr",
        _ => "en",
    }
}

/// The consent web's target list (text format).
pub fn targets_text() -> String {
    let mut s =
        String::from("# trackaudit consent fixture web: consent banners, served on loopback\n");
    for site in sites() {
        s.push_str(&site.url);
        s.push('\n');
    }
    s
}

/// The consent web's targets, parsed.
pub fn targets() -> TargetList {
    TargetList::parse("consent", &targets_text(), true).expect("the consent list is valid")
}

/// The consent web alone.
pub fn web() -> Web {
    let mut w = Web::new();
    add(&mut w);
    w
}

/// Starts the consent web alone on a free loopback port.
pub async fn start() -> std::io::Result<WebServer> {
    WebServer::start(web().handler(), 0, false).await
}

/// When the page's tags load, per behaviour.
fn trackers_when(b: Behaviour) -> &'static str {
    match b {
        Behaviour::Honest => {
            "/* Honest: the tags load only once the visitor accepted. */\n\
             function onConsentChoice(choice) { if (choice === 'accept') loadTrackers(); }"
        }
        Behaviour::IgnoresReject => {
            "/* Dishonest: the tags load whatever the visitor chose. */\n\
             function onConsentChoice(choice) { loadTrackers(); }"
        }
        Behaviour::IgnoresConsent => {
            "/* Dishonest: the tags load at once, before any choice. */\n\
             loadTrackers();\nfunction onConsentChoice(choice) { loadTrackers(); }"
        }
        Behaviour::NoBanner => "",
    }
}

fn title_of(slug: &str) -> String {
    let mut t = String::new();
    for word in slug.split('-') {
        let mut ch = word.chars();
        if let Some(f) = ch.next() {
            if !t.is_empty() {
                t.push(' ');
            }
            t.extend(f.to_uppercase());
            t.push_str(ch.as_str());
        }
    }
    t
}

const FOOTER: &str = r#"<footer><nav><a href="/about">About us</a> · <a href="/privacy">Privacy Policy</a></nav></footer>"#;

fn page(lang: &str, title: &str, head: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>{head}</head><body>{body}{FOOTER}</body></html>"
    )
}

/// The consent policy every banner site links.
const POLICY: [&str; 4] = [
    "We use cookies that are strictly necessary to run this site.",
    "We ask for your consent before we set any other cookies, such as analytics cookies from Google Analytics and advertising cookies from Google and Meta.",
    "You can accept or reject these cookies in our cookie banner, and you can withdraw your consent at any time.",
    "If you reject them, we do not load analytics or advertising services.",
];

/// Adds every consent fixture site, the CMP scripts and the tracker hosts.
pub fn add(w: &mut Web) {
    for (slug, cmp, behaviour) in plan() {
        let host = host_of(&slug);
        let title = title_of(&slug);
        let lang = language(&cmp);
        let mut head = String::new();
        if let Some(c) = &cmp {
            if c.tcf_id.is_some() {
                head.push_str(TCF_STUB);
            }
            head.push_str(&SITE_SCRIPT.replace("{TRACKERS_WHEN}", trackers_when(behaviour)));
            head.push_str(&format!(
                r#"<script async src="{}"></script>"#,
                script_src(c, &host)
            ));
            let script_host = if c.script_host.is_empty() {
                &host
            } else {
                c.script_host
            };
            w.route(script_host, &c.script_path, js(c.script()));
            if let Some((fh, fp, frame_page)) = &c.frame {
                w.route(fh, fp, WebResponse::html(frame_page.clone()));
                w.route(
                    fh,
                    "/unified/message.js",
                    js(format!(
                        "var CMP = {};\n{}",
                        c.config("inframe"),
                        js::RUNTIME
                    )),
                );
            }
        }
        let body = format!(
            "<header><a href=\"/\">{title}</a></header><main><h1>{title}</h1>\
             <p>Today's stories, recipes and offers.</p><p><a href=\"/about\">More about us</a></p></main>"
        );
        w.page(&host, "/", &page(lang, &title, &head, &body));
        w.page(
            &host,
            "/about",
            &page(
                lang,
                &format!("About {title}"),
                &head,
                "<main><h1>About us</h1><p>A small fixture site.</p></main>",
            ),
        );
        let policy: String = if cmp.is_some() {
            POLICY.iter().map(|p| format!("<p>{p}</p>")).collect()
        } else {
            "<p>We use only cookies that are strictly necessary to run this site. We would ask for your consent before setting any other cookie, and you could reject it.</p>".into()
        };
        w.page(
            &host,
            "/privacy",
            &page(
                "en",
                "Privacy Policy",
                "",
                &format!("<main><h1>Privacy Policy</h1>{policy}</main>"),
            ),
        );
    }
    trackers(w);
}

fn js(body: impl Into<String>) -> WebResponse {
    WebResponse::new(200, "application/javascript; charset=utf-8", body.into())
}

/// The tracker hosts the pages' tags reach, answering as the real ones do.
/// Paths differ from the demo web's, so both webs can share one server.
fn trackers(w: &mut Web) {
    w.route("www.googletagmanager.com", "/gtm.js", js(GTM_JS));
    w.route(
        "www.google-analytics.com",
        "/g/collect",
        WebResponse::new(204, "text/plain", Vec::new()),
    );
    w.route(
        "connect.facebook.net",
        "/en_GB/fbevents.js",
        js(FBEVENTS_JS),
    );
    w.route(
        "www.facebook.com",
        "/tr/",
        WebResponse::pixel().cookie(
            "fr=0cnsntFR..fixture; Domain=.facebook.com; Path=/; Max-Age=7776000; HttpOnly; SameSite=None; Secure",
        ),
    );
    w.route(
        "ad.doubleclick.net",
        "/ddm/activity/src=4242;type=visit;cat=consent",
        WebResponse::pixel().cookie(
            "IDE=AHWqTUcnsnt; Domain=.doubleclick.net; Path=/; Max-Age=34190000; HttpOnly; SameSite=None; Secure",
        ),
    );
    w.route(
        "securepubads.g.doubleclick.net",
        "/tag/js/gpt.js",
        js(GPT_JS),
    );
    w.route(
        "securepubads.g.doubleclick.net",
        "/gampad/ads",
        WebResponse::new(200, "application/json", r#"{"/4242/home":["html",0,null,null,0,250,300]}"#)
            .cookie("test_cookie=CheckForPermission; Domain=.doubleclick.net; Path=/; Max-Age=900; SameSite=None; Secure"),
    );
}

#[cfg(test)]
#[path = "consent_tests.rs"]
mod tests;
