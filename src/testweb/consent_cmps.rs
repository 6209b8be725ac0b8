//! The consent managers of the fixture web, in the markup the real products
//! render (their ids, classes and layers) and with the first-party storage
//! they really use: a product in, its banner HTML, selectors and served
//! script (config + the shared runtime of `consent_js`) out.

use super::js::RUNTIME;
use crate::testweb::tcf::{encode, TcSpec};
use base64::Engine as _;
use serde_json::{json, Value};

/// A bottom bar.
const BAR: &str = "position:fixed;left:0;right:0;bottom:0;z-index:2147483000;background:#fff;border-top:2px solid #333;padding:16px;font:15px/1.4 sans-serif";
/// A hidden second layer (a centred dialog once opened).
const HIDDEN: &str = "display:none;position:fixed;top:8%;left:10%;right:10%;z-index:2147483001;background:#fff;border:2px solid #333;padding:16px;font:15px/1.4 sans-serif";

/// When the fixture's consent strings were created (2026-03-02 00:00 UTC).
pub const TC_CREATED: u64 = 1_772_409_600;
/// Google Advertising Products' TCF vendor id.
pub const GOOGLE_VENDOR: u16 = 755;
/// Vendors consented on "accept": Criteo (91) and Google (755).
pub const ACCEPT_VENDORS: [u16; 2] = [91, GOOGLE_VENDOR];

/// A consent manager as one site embeds it.
#[derive(Debug, Clone)]
pub struct Cmp {
    /// The product's name (`generic` for a hand-made banner).
    pub name: &'static str,
    /// Host of its script; empty: the site's own host (self-hosted plugins).
    pub script_host: &'static str,
    /// Path of its script.
    pub script_path: String,
    /// Where the choice is kept: a first-party cookie, or localStorage.
    pub store_key: &'static str,
    /// Whether `store_key` is a localStorage key.
    pub local: bool,
    /// Stored value for "accept" and for "reject".
    pub values: (String, String),
    /// `body`, `shadow` or `frame`.
    pub mount: &'static str,
    /// Id of the shadow host or frame container.
    pub host_id: &'static str,
    /// The banner, first and second layer.
    pub html: String,
    /// Selectors the runtime acts on.
    pub accept: &'static str,
    /// Reject all (either layer).
    pub reject: &'static str,
    /// Opens the second layer.
    pub settings: &'static str,
    /// Saves the second layer's switches.
    pub save: &'static str,
    /// Hidden when the second layer opens.
    pub layer1: &'static str,
    /// Shown when the second layer opens.
    pub layer2: &'static str,
    /// Milliseconds before the banner shows (a CMP fetching its config).
    pub delay: u32,
    /// IAB TCF CMP id when the CMP offers `__tcfapi`.
    pub tcf_id: Option<u16>,
    /// A cross-origin frame holding the banner: host, path, page.
    pub frame: Option<(&'static str, &'static str, String)>,
    /// The first layer has a reject control.
    pub first_layer_reject: bool,
    /// A reject control exists on some layer.
    pub has_reject: bool,
}

/// The TC strings a TCF CMP hands out: before a choice (nothing consented),
/// after accept (purposes 1–10 and [`ACCEPT_VENDORS`]) and after reject.
pub fn tc_strings(cmp_id: u16) -> (String, String, String) {
    let none = TcSpec::none(cmp_id, TC_CREATED);
    let accept = TcSpec {
        purposes_consent: (1..=10).collect(),
        purposes_li: vec![2, 7, 9, 10],
        vendors_consent: ACCEPT_VENDORS.to_vec(),
        vendors_li: ACCEPT_VENDORS.to_vec(),
        ..none.clone()
    };
    let reject = TcSpec {
        purposes_li: vec![2, 7, 9, 10],
        vendors_li: ACCEPT_VENDORS.to_vec(),
        ..none.clone()
    };
    (encode(&none), encode(&accept), encode(&reject))
}

impl Cmp {
    fn new(name: &'static str, script_host: &'static str, script_path: &str) -> Cmp {
        Cmp {
            name,
            script_host,
            script_path: script_path.to_string(),
            store_key: "",
            local: false,
            values: (String::new(), String::new()),
            mount: "body",
            host_id: "",
            html: String::new(),
            accept: "",
            reject: "",
            settings: "",
            save: "",
            layer1: "",
            layer2: "",
            delay: 300,
            tcf_id: None,
            frame: None,
            first_layer_reject: true,
            has_reject: true,
        }
    }

    fn store(mut self, key: &'static str, accept: &str, reject: &str) -> Cmp {
        self.store_key = key;
        self.values = (accept.to_string(), reject.to_string());
        self
    }

    /// Keeps the choice as its TC string in `euconsent-v2`.
    fn tcf(mut self, id: u16) -> Cmp {
        self.tcf_id = Some(id);
        self
    }

    /// The runtime's config.
    pub fn config(&self, mount: &str) -> Value {
        let (accept, reject) = match (self.tcf_id, self.store_key) {
            (Some(id), "euconsent-v2") => {
                let (_, a, r) = tc_strings(id);
                (a, r)
            }
            _ => self.values.clone(),
        };
        let tcf = self.tcf_id.map(|id| {
            let (n, a, r) = tc_strings(id);
            json!({"cmpId": id, "gvl": 100, "none": n, "accept": a, "reject": r})
        });
        json!({
            "name": self.name, "mount": mount, "host": self.host_id, "html": self.html,
            "store": {"key": self.store_key, "local": self.local, "accept": accept, "reject": reject},
            "accept": self.accept, "reject": self.reject, "settings": self.settings,
            "save": self.save, "layer1": self.layer1, "layer2": self.layer2,
            "delay": self.delay, "tcf": tcf,
            "frameHost": self.frame.as_ref().map(|f| f.0),
        })
    }

    /// The served script: the config, then the shared runtime.
    pub fn script(&self) -> String {
        format!("var CMP = {};\n{RUNTIME}", self.config(self.mount))
    }
}

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// OneTrust; `first_reject: false` is the common variant with "Reject All"
/// only in the Preference Center.
pub fn onetrust(first_reject: bool) -> Cmp {
    let reject = if first_reject {
        r#"<button id="onetrust-reject-all-handler">Reject All</button>"#
    } else {
        ""
    };
    let groups = |v: u8| {
        format!("isGpcEnabled=0&version=202501.1.0&interactionCount=1&groups=C0001:1,C0002:{v},C0003:{v},C0004:{v}")
    };
    let id = if first_reject {
        "018e5a0c-7f3b-7c11-a1b2-0f1e2d3c4b5a"
    } else {
        "018e5a0c-7f3b-7c11-a1b2-0f1e2d3c4b5b"
    };
    Cmp {
        html: format!(
            r#"<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk" class="otFlat" role="region" aria-label="Cookie banner" style="{BAR}">
<div id="onetrust-policy"><div id="onetrust-policy-text">We and our partners use cookies to analyse traffic and personalise ads. <a href="/privacy">Privacy Policy</a></div></div>
<div id="onetrust-button-group-parent"><div id="onetrust-button-group"><button id="onetrust-pc-btn-handler">Cookie Settings</button>{reject}<button id="onetrust-accept-btn-handler">Accept All Cookies</button></div></div></div>
<div id="onetrust-pc-sdk" class="otPcCenter" role="dialog" aria-modal="true" aria-labelledby="ot-pc-title" style="{HIDDEN}"><h2 id="ot-pc-title">Privacy Preference Center</h2>
<div class="ot-cat-item"><label><input type="checkbox" class="category-switch-handler" id="ot-group-id-C0002"> Performance Cookies</label></div>
<div class="ot-cat-item"><label><input type="checkbox" class="category-switch-handler" id="ot-group-id-C0004"> Targeting Cookies</label></div>
<div class="ot-pc-footer"><div class="ot-btn-container"><button id="accept-recommended-btn-handler">Allow All</button><button class="ot-pc-refuse-all-handler">Reject All</button><button class="save-preference-btn-handler onetrust-close-btn-handler">Confirm My Choices</button></div></div></div></div>"#
        ),
        accept: "#onetrust-accept-btn-handler, #accept-recommended-btn-handler",
        reject: "#onetrust-reject-all-handler, .ot-pc-refuse-all-handler",
        settings: "#onetrust-pc-btn-handler",
        save: ".save-preference-btn-handler",
        layer1: "#onetrust-banner-sdk",
        layer2: "#onetrust-pc-sdk",
        first_layer_reject: first_reject,
        ..Cmp::new("OneTrust", "cdn.cookielaw.org", &format!("/consent/{id}/otSDKStub.js"))
    }
    .store("OptanonConsent", &groups(1), &groups(0))
}

/// Cookiebot: "Deny", "Customize" (details, "Allow selection"), "Allow all".
pub fn cookiebot() -> Cmp {
    let v = |b: bool| {
        format!("{{stamp:'fxt3e1Pq9k0',necessary:true,preferences:{b},statistics:{b},marketing:{b},method:'explicit',ver:1,utc:1772409600000,region:'de'}}")
    };
    Cmp {
        html: format!(
            r#"<div id="CybotCookiebotDialog" name="CybotCookiebotDialog" role="dialog" aria-modal="true" aria-labelledby="CybotCookiebotDialogBodyContentTitle" lang="en" style="{BAR}">
<div id="CybotCookiebotDialogBody"><h2 id="CybotCookiebotDialogBodyContentTitle">This website uses cookies</h2><div id="CybotCookiebotDialogBodyContentText">We use cookies to personalise content and ads and to analyse our traffic. We also share information about your use of our site with our advertising and analytics partners.</div></div>
<div id="CybotCookiebotDialogDetail" style="display:none"><label><input type="checkbox" id="CybotCookiebotDialogBodyLevelButtonStatistics"> Statistics</label> <label><input type="checkbox" id="CybotCookiebotDialogBodyLevelButtonMarketing"> Marketing</label>
<button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection">Allow selection</button></div>
<div id="CybotCookiebotDialogFooter"><button id="CybotCookiebotDialogBodyButtonDecline">Deny</button><button id="CybotCookiebotDialogBodyLevelButtonCustomize">Customize</button><button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll">Allow all</button></div></div>"#
        ),
        accept: "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll, #CybotCookiebotDialogBodyButtonAccept",
        reject: "#CybotCookiebotDialogBodyButtonDecline",
        settings: "#CybotCookiebotDialogBodyLevelButtonCustomize",
        save: "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection",
        layer1: "#CybotCookiebotDialogFooter",
        layer2: "#CybotCookiebotDialogDetail",
        ..Cmp::new("Cookiebot", "consent.cookiebot.com", "/uc.js")
    }
    .store("CookieConsent", &v(true), &v(false))
}

/// Didomi (TCF CMP 7): notice, then the preferences popup.
pub fn didomi() -> Cmp {
    let token = |on: &str| {
        b64(&format!(
            r#"{{"user_id":"19d1c7a2-fixture","created":"2026-03-02T00:00:00.000Z","purposes":{{"{on}":["cookies","select_basic_ads","measure_content_performance"]}},"vendors":{{"{on}":["google","c:facebook"]}},"version":2}}"#
        ))
    };
    Cmp {
        html: format!(
            r#"<div id="didomi-host" class="didomi-host" aria-hidden="false"><div class="didomi-notice-banner"><div id="didomi-notice" class="didomi-regular-notice didomi-notice-banner shape-rounded didomi-border" role="region" aria-labelledby="didomi-notice-title" style="{BAR}">
<div class="didomi-notice-text"><h1 id="didomi-notice-title">We care about your privacy</h1>We and our partners store and access information on your device, such as cookies, to measure audiences and show personalised ads.</div>
<div id="buttons" class="didomi-buttons"><button id="didomi-notice-learn-more-button" class="didomi-components-button didomi-button didomi-button-standard">Learn More</button><button id="didomi-notice-disagree-button" class="didomi-components-button didomi-button didomi-dismiss-button">Disagree</button><button id="didomi-notice-agree-button" class="didomi-components-button didomi-button didomi-dismiss-button">Agree and close</button></div></div></div>
<div class="didomi-popup-container didomi-consent-popup-preferences" role="dialog" aria-modal="true" style="{HIDDEN}"><div class="didomi-consent-popup-body"><label><input type="checkbox" class="didomi-consent-popup-purpose"> Measure content performance</label> <label><input type="checkbox" class="didomi-consent-popup-purpose"> Personalised advertising</label></div>
<div class="didomi-consent-popup-footer didomi-consent-popup-actions"><button class="didomi-components-button didomi-button didomi-button-standard" aria-label="Disagree to all">Disagree to all</button><button class="didomi-components-button didomi-button" aria-label="Agree to all">Agree to all</button><button class="didomi-components-button didomi-button didomi-button-highlight" aria-label="Save">Save</button></div></div></div>"#
        ),
        accept: r#"#didomi-notice-agree-button, .didomi-consent-popup-actions button[aria-label="Agree to all"]"#,
        reject: r#"#didomi-notice-disagree-button, .didomi-continue-without-agreeing, .didomi-consent-popup-actions button[aria-label="Disagree to all"]"#,
        settings: "#didomi-notice-learn-more-button",
        save: r#".didomi-consent-popup-actions button[aria-label="Save"]"#,
        layer1: ".didomi-notice-banner",
        layer2: ".didomi-popup-container",
        ..Cmp::new("Didomi", "sdk.privacy-center.org", "/8a2b5c1e-fixture/loader.js")
    }
    .store("didomi_token", &token("enabled"), &token("disabled"))
    .tcf(7)
}

/// Quantcast Choice (TCF CMP 10): MORE OPTIONS, DISAGREE, AGREE.
pub fn quantcast() -> Cmp {
    Cmp {
        html: format!(
            r#"<div id="qc-cmp2-container" data-nosnippet=""><div class="qc-cmp-cleanslate"><div id="qc-cmp2-ui" role="dialog" aria-label="qc-cmp2-ui" aria-modal="true" tabindex="0" style="{BAR}">
<div class="qc-cmp2-summary-section"><h2>We value your privacy</h2><div class="qc-cmp2-summary-info"><p>We and our partners store and/or access information on a device, such as cookies, and process personal data for personalised ads and content, ad and content measurement and audience insights.</p></div>
<div class="qc-cmp2-footer qc-cmp2-footer-overlay"><div class="qc-cmp2-summary-buttons"><button mode="secondary" size="large" aria-pressed="false"><span>MORE OPTIONS</span></button><button mode="secondary" size="large" aria-pressed="false"><span>DISAGREE</span></button><button mode="primary" size="large" aria-pressed="false"><span>AGREE</span></button></div></div></div>
<div class="qc-cmp2-scrollable-section" style="display:none"><label><input type="checkbox" class="qc-cmp2-toggle"> Create profiles for personalised advertising</label>
<div class="qc-cmp2-footer"><div class="qc-cmp2-buttons-desktop"><button mode="secondary" size="large"><span>REJECT ALL</span></button><button mode="primary" size="large"><span>SAVE &amp; EXIT</span></button></div></div></div></div></div></div>"#
        ),
        accept: ".qc-cmp2-summary-buttons button[mode=primary]",
        reject: ".qc-cmp2-summary-buttons button[mode=secondary]:nth-child(2), .qc-cmp2-buttons-desktop button[mode=secondary]",
        settings: ".qc-cmp2-summary-buttons button[mode=secondary]:nth-child(1)",
        save: ".qc-cmp2-buttons-desktop button[mode=primary]",
        layer1: ".qc-cmp2-summary-section",
        layer2: ".qc-cmp2-scrollable-section",
        ..Cmp::new("Quantcast Choice", "cmp.quantcast.com", "/choice/pF1x7uRe/choice.js")
    }
    .store("euconsent-v2", "", "")
    .tcf(10)
}

/// TrustArc: "Accept All", "Required Only", "Cookie Preferences".
pub fn trustarc() -> Cmp {
    Cmp {
        html: format!(
            r#"<div id="truste-consent-track" class="truste-banner" role="dialog" aria-labelledby="truste-privacy-title" style="{BAR}"><div id="truste-consent-content"><div id="truste-consent-text"><h2 id="truste-privacy-title">Your privacy</h2>This site uses cookies and related technologies for site operation, analytics and third party advertising.</div>
<div id="truste-consent-buttons" class="truste-consent-buttons"><button id="truste-consent-button" class="truste-button1">Accept All</button><button id="truste-consent-required" class="truste-button2">Required Only</button><button id="truste-show-consent" class="truste-button3">Cookie Preferences</button></div></div></div>
<div class="truste_box_overlay" role="dialog" aria-modal="true" style="{HIDDEN}"><div class="truste_popframe"><h2>Cookie Preferences</h2><label><input type="checkbox" class="pdynamic"> Functional</label> <label><input type="checkbox" class="pdynamic"> Advertising</label>
<div class="pdynamicbutton"><button class="rejectAll">Decline All</button><button class="submit">Submit Preferences</button><button class="call">Agree and Proceed</button></div></div></div>"#
        ),
        accept: "#truste-consent-button, .pdynamicbutton .call",
        reject: "#truste-consent-required, .pdynamicbutton .rejectAll",
        settings: "#truste-show-consent",
        save: ".pdynamicbutton .submit",
        layer1: "#truste-consent-track",
        layer2: ".truste_box_overlay",
        ..Cmp::new("TrustArc", "consent.trustarc.com", "/notice")
    }
    .store("notice_gdpr_prefs", "0,1,2:", "0:")
}

/// Usercentrics: the whole banner inside an open shadow root of
/// `#usercentrics-root`; the choice in localStorage, as the product keeps it.
pub fn usercentrics() -> Cmp {
    let v = |b: bool| {
        format!(
            r#"{{"controllerId":"c7a1fixture","id":"Sk9fixture","language":"en","services":[{{"id":"HkocEodjb7","name":"Google Analytics","status":{b}}},{{"id":"ko1w5PpFl","name":"Facebook Pixel","status":{b}}}],"version":"2"}}"#
        )
    };
    Cmp {
        html: format!(
            r#"<div id="uc-center-container" data-testid="uc-default-banner" role="dialog" aria-label="Privacy settings" style="{BAR}"><div id="uc-banner-text" data-testid="uc-message-container">We use cookies and similar technologies. Some are essential, others help us improve the site and show personalised advertising.</div>
<div class="uc-buttons" data-testid="uc-buttons-container"><button data-testid="uc-more-button">Settings</button><button data-testid="uc-deny-all-button">Deny</button><button data-testid="uc-accept-all-button">Accept All</button></div></div>
<div id="uc-privacy-settings" data-testid="uc-second-layer" role="dialog" style="{HIDDEN}"><label><input type="checkbox" data-testid="uc-category-toggle"> Marketing</label>
<div data-testid="uc-buttons-container"><button data-testid="uc-deny-all-button">Deny All</button><button data-testid="uc-save-button">Save Settings</button><button data-testid="uc-accept-all-button">Accept All</button></div></div>"#
        ),
        mount: "shadow",
        host_id: "usercentrics-root",
        local: true,
        accept: "[data-testid=uc-accept-all-button]",
        reject: "[data-testid=uc-deny-all-button]",
        settings: "[data-testid=uc-more-button]",
        save: "[data-testid=uc-save-button]",
        layer1: "#uc-center-container",
        layer2: "#uc-privacy-settings",
        delay: 600,
        ..Cmp::new("Usercentrics", "app.usercentrics.eu", "/browser-ui/latest/loader.js")
    }
    .store("uc_settings", &v(true), &v(false))
}

/// Sourcepoint (TCF CMP 6): the message lives in a cross-origin iframe from
/// cdn.privacy-mgmt.com; its buttons post the choice to the wrapper.
pub fn sourcepoint() -> Cmp {
    let frame_page = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SP Consent Message</title><script src="/unified/message.js"></script></head><body style="margin:0">
<div class="message type-modal" style="background:#fff;padding:12px;font:15px/1.4 sans-serif"><div class="message-component message-row"><p class="message-component text">We and our partners use cookies and similar technologies to personalise ads and measure their performance.</p></div>
<div class="message-component message-row message-buttons"><button class="message-component message-button no-children focusable sp_choice_type_12" title="Settings">Settings</button><button class="message-component message-button no-children focusable sp_choice_type_13" title="Reject all">Reject all</button><button class="message-component message-button no-children focusable sp_choice_type_11" title="Accept all">Accept all</button></div></div>
<div class="pm-main" style="display:none;padding:12px;font:15px/1.4 sans-serif"><label><input type="checkbox" class="pm-toggle"> Personalised advertising</label> <button class="sp_choice_type_REJECT_ALL">Reject All</button><button class="sp_choice_type_SAVE_AND_EXIT">Save &amp; Exit</button><button class="sp_choice_type_ACCEPT_ALL">Accept All</button></div></body></html>"#
    );
    Cmp {
        html: format!(
            r#"<div id="sp_message_container_1024567" class="sp-message-open" style="{BAR};padding:0"><iframe id="sp_message_iframe_1024567" title="SP Consent Message" src="//cdn.privacy-mgmt.com/index.html?message_id=1024567&amp;consentLanguage=en" style="width:100%;height:220px;border:0"></iframe></div>"#
        ),
        mount: "frame",
        host_id: "sp_message_container_1024567",
        accept: ".sp_choice_type_11, .sp_choice_type_ACCEPT_ALL",
        reject: ".sp_choice_type_13, .sp_choice_type_REJECT_ALL",
        settings: ".sp_choice_type_12",
        save: ".sp_choice_type_SAVE_AND_EXIT",
        layer1: ".message",
        layer2: ".pm-main",
        frame: Some(("cdn.privacy-mgmt.com", "/index.html", frame_page)),
        ..Cmp::new("Sourcepoint", "cdn.privacy-mgmt.com", "/unified/wrapperMessagingWithoutDetection.js")
    }
    .store("euconsent-v2", "", "")
    .tcf(6)
}

/// Complianz (WordPress plugin, self-hosted): "View preferences" reveals the
/// categories and "Save preferences" in the same banner.
pub fn complianz() -> Cmp {
    Cmp {
        html: format!(
            r#"<div id="cmplz-cookiebanner-container"><div class="cmplz-cookiebanner cmplz-show banner-1 optin cmplz-bottom" role="dialog" aria-live="polite" aria-labelledby="cmplz-header-1-optin" aria-describedby="cmplz-message-1-optin" style="{BAR}">
<div class="cmplz-header"><div class="cmplz-title" id="cmplz-header-1-optin">Manage Cookie Consent</div></div>
<div class="cmplz-body"><div class="cmplz-message" id="cmplz-message-1-optin">To provide the best experiences, we use technologies like cookies to store and/or access device information. Not consenting or withdrawing consent may adversely affect certain features.</div>
<div class="cmplz-categories" style="display:none"><details class="cmplz-category cmplz-statistics"><summary><label><input type="checkbox" class="cmplz-consent-checkbox cmplz-statistics"> Statistics</label></summary></details><details class="cmplz-category cmplz-marketing"><summary><label><input type="checkbox" class="cmplz-consent-checkbox cmplz-marketing"> Marketing</label></summary></details></div></div>
<div class="cmplz-buttons"><button class="cmplz-btn cmplz-accept">Accept</button><button class="cmplz-btn cmplz-deny">Deny</button><button class="cmplz-btn cmplz-view-preferences">View preferences</button><button class="cmplz-btn cmplz-save-preferences" style="display:none">Save preferences</button></div></div></div>"#
        ),
        accept: ".cmplz-btn.cmplz-accept",
        reject: ".cmplz-btn.cmplz-deny",
        settings: ".cmplz-view-preferences",
        save: ".cmplz-save-preferences",
        layer1: ".cmplz-view-preferences",
        layer2: ".cmplz-categories, .cmplz-save-preferences",
        delay: 0,
        ..Cmp::new("Complianz", "", "/wp-content/plugins/complianz-gdpr/cookiebanner/js/complianz.min.js")
    }
    .store("cmplz_marketing", "allow", "deny")
}

/// CookieYes: the notice bar and its preference centre.
pub fn cookieyes() -> Cmp {
    let v = |yes: &str| {
        format!("consentid:Zml4dHVyZQ,consent:{yes},action:yes,necessary:yes,functional:{yes},analytics:{yes},performance:{yes},advertisement:{yes},other:{yes}")
    };
    Cmp {
        html: format!(
            r#"<div class="cky-consent-container cky-banner-bottom" tabindex="0" aria-label="We value your privacy" role="region" style="{BAR}"><div class="cky-consent-bar"><div class="cky-notice"><p class="cky-title">We value your privacy</p><div class="cky-notice-group"><div class="cky-notice-des"><p>We use cookies to enhance your browsing experience, serve personalised ads or content, and analyse our traffic. By clicking "Accept All", you consent to our use of cookies.</p></div>
<div class="cky-notice-btn-wrapper"><button class="cky-btn cky-btn-customize" aria-label="Customise">Customise</button><button class="cky-btn cky-btn-reject" aria-label="Reject All">Reject All</button><button class="cky-btn cky-btn-accept" aria-label="Accept All">Accept All</button></div></div></div></div></div>
<div class="cky-modal" style="{HIDDEN}"><div class="cky-preference-center" role="dialog" aria-label="Customise Consent Preferences"><div class="cky-preference-header"><span class="cky-preference-title">Customise Consent Preferences</span></div><div class="cky-preference-body-wrapper"><label><input type="checkbox" class="cky-switch" id="ckySwitchanalytics"> Analytics</label> <label><input type="checkbox" class="cky-switch" id="ckySwitchadvertisement"> Advertisement</label></div>
<div class="cky-footer-wrapper"><div class="cky-prefrence-btn-wrapper"><button class="cky-btn cky-btn-reject" aria-label="Reject All">Reject All</button><button class="cky-btn cky-btn-preferences" aria-label="Save My Preferences">Save My Preferences</button><button class="cky-btn cky-btn-accept" aria-label="Accept All">Accept All</button></div></div></div></div>"#
        ),
        accept: ".cky-btn-accept",
        reject: ".cky-btn-reject",
        settings: ".cky-btn-customize",
        save: ".cky-btn-preferences",
        layer1: ".cky-consent-container",
        layer2: ".cky-modal",
        ..Cmp::new("CookieYes", "cdn-cookieyes.com", "/client_data/3f9c1e7d2b5a4c68/script.js")
    }
    .store("cookieyes-consent", &v("yes"), &v("no"))
}

/// Borlabs Cookie 2 (WordPress plugin, self-hosted): links, not buttons.
pub fn borlabs() -> Cmp {
    let v = |on: bool| {
        let extra = if on {
            r#","statistics":["google-analytics"],"marketing":["facebook-pixel","google-ads"]"#
        } else {
            ""
        };
        format!(
            r#"{{"consents":{{"essential":["borlabs-cookie"]{extra}}},"domainPath":"/","expires":"Wed, 02 Sep 2026 00:00:00 GMT","uid":"fx1b2c3d-4e5f6a7b-8c9d0e1f-2a3b4c5d","version":"1"}}"#
        )
    };
    Cmp {
        html: format!(
            r##"<div id="BorlabsCookieBox" class="BorlabsCookie" role="dialog" aria-labelledby="CookieBoxTextHeadline" aria-modal="true"><div class="bottom-center" style="{BAR}"><div class="_brlbs-box-wrap"><div class="_brlbs-box">
<div class="cookie-box"><div class="container"><h3 id="CookieBoxTextHeadline">Privacy Preference</h3><p class="_brlbs-paragraph">We need your consent before you can continue on our website. We use cookies and other technologies, some of which are essential, while others help us improve this website and your experience.</p>
<p class="_brlbs-accept"><a href="#" tabindex="0" role="button" class="_brlbs-btn _brlbs-btn-accept-all _brlbs-cursor" data-cookie-accept-all>Accept all</a></p><p class="_brlbs-refuse-btn"><a href="#" tabindex="0" role="button" class="_brlbs-btn _brlbs-cursor" data-cookie-refuse>Accept only essential cookies</a></p>
<p class="_brlbs-manage"><a href="#" tabindex="0" role="button" class="_brlbs-cursor" data-cookie-individual>Individual Privacy Preferences</a></p></div></div>
<div class="cookie-preference" style="display:none"><div class="container"><h3>Privacy Preference</h3><label><input type="checkbox" data-borlabs-cookie-checkbox value="statistics"> Statistics</label> <label><input type="checkbox" data-borlabs-cookie-checkbox value="marketing"> Marketing</label>
<p><a href="#" tabindex="0" role="button" class="_brlbs-btn _brlbs-cursor" data-cookie-accept>Save</a> <a href="#" tabindex="0" role="button" class="_brlbs-btn _brlbs-btn-accept-all _brlbs-cursor" data-cookie-accept-all>Accept all</a> <a href="#" tabindex="0" role="button" class="_brlbs-cursor" data-cookie-refuse>Accept only essential cookies</a></p></div></div></div></div></div></div>"##
        ),
        accept: "a[data-cookie-accept-all]",
        reject: "a[data-cookie-refuse]",
        settings: "a[data-cookie-individual]",
        save: "a[data-cookie-accept]",
        layer1: ".cookie-box",
        layer2: ".cookie-preference",
        delay: 0,
        ..Cmp::new("Borlabs", "", "/wp-content/plugins/borlabs-cookie/assets/javascript/borlabs-cookie.min.js")
    }
    .store("borlabs-cookie", &v(true), &v(false))
}

/// Osano: the dialog bar and its info drawer.
pub fn osano() -> Cmp {
    let v = |s: &str| {
        b64(&format!("ESSENTIAL={s0}|STORAGE={s}|MARKETING={s}|PERSONALIZATION={s}|ANALYTICS={s}|OPT_OUT=DENY", s0 = "ACCEPT"))
    };
    Cmp {
        html: format!(
            r#"<div class="osano-cm-window" dir="ltr"><div role="dialog" aria-label="Cookie Consent Banner" class="osano-cm-dialog osano-cm-dialog--position_bottom osano-cm-dialog--type_bar" style="{BAR}"><span class="osano-cm-content"><span class="osano-cm-message">This website utilizes technologies such as cookies to enable essential site functionality, as well as for analytics, personalization, and targeted advertising.</span> <a class="osano-cm-link" href="/privacy">Privacy Policy</a></span>
<div class="osano-cm-dialog__buttons osano-cm-buttons"><button class="osano-cm-manage osano-cm-button osano-cm-button--type_manage">Manage Preferences</button><button class="osano-cm-deny osano-cm-button osano-cm-button--type_denyAll">Reject Non-Essential</button><button class="osano-cm-accept-all osano-cm-button osano-cm-button--type_accept">Accept All</button></div></div>
<div class="osano-cm-info-dialog" role="dialog" aria-label="Cookie Preferences" style="{HIDDEN}"><div class="osano-cm-info"><label><input type="checkbox" class="osano-cm-toggle__input"> Analytics</label> <label><input type="checkbox" class="osano-cm-toggle__input"> Marketing</label>
<div class="osano-cm-info-views__buttons"><button class="osano-cm-button osano-cm-button--type_denyAll">Reject All</button><button class="osano-cm-button osano-cm-save osano-cm-button--type_save">Save</button></div></div></div></div>"#
        ),
        accept: ".osano-cm-accept-all, .osano-cm-button--type_accept",
        reject: ".osano-cm-deny, .osano-cm-button--type_denyAll",
        settings: ".osano-cm-manage",
        save: ".osano-cm-save",
        layer1: ".osano-cm-dialog",
        layer2: ".osano-cm-info-dialog",
        ..Cmp::new("Osano", "cmp.osano.com", "/AzZdRbSLm6Ln31o4/7e3f2a10-fixture/osano.js")
    }
    .store("osano_consentmanager", &v("ACCEPT"), &v("DENY"))
}

/// Klaro: the cookie notice and its modal.
pub fn klaro() -> Cmp {
    let v =
        |b: bool| format!(r#"{{"google-analytics":{b},"facebook-pixel":{b},"google-ads":{b}}}"#);
    Cmp {
        html: format!(
            r##"<div id="klaro"><div class="klaro"><div class="cookie-notice cookie-notice-notice-only" role="dialog" aria-describedby="id-cookie-notice" aria-labelledby="id-cookie-title" style="{BAR}"><div class="cn-body"><h2 id="id-cookie-title">Cookie Consent</h2><p id="id-cookie-notice">Hi! Could we please enable some additional services for Analytics and Marketing? You can always change or withdraw your consent later.</p>
<p class="cn-learn-more"><a class="cm-link cn-learn-more" href="#">Let me choose</a></p><div class="cn-ok"><div class="cn-buttons"><button class="cm-btn cm-btn-danger cn-decline" type="button">I decline</button><button class="cm-btn cm-btn-success" type="button">That's ok</button></div></div></div></div>
<div class="cookie-modal" style="{HIDDEN}"><div class="cm-modal cm-klaro"><div class="cm-header"><h1 class="title">Services we would like to use</h1></div><div class="cm-body"><ul class="cm-purposes"><li><label><input type="checkbox" class="cm-list-input"> Analytics</label></li><li><label><input type="checkbox" class="cm-list-input"> Marketing</label></li></ul></div>
<div class="cm-footer"><div class="cm-footer-buttons"><button class="cm-btn cm-btn-decline cm-btn-danger" type="button">Decline</button><button class="cm-btn cm-btn-success cm-btn-info cm-btn-accept" type="button">Accept selected</button><button class="cm-btn cm-btn-success cm-btn-accept-all" type="button">Accept all</button></div></div></div></div></div></div>"##
        ),
        accept: ".cn-buttons .cm-btn-success, .cm-btn-accept-all",
        reject: ".cn-decline, .cm-footer .cm-btn-decline",
        settings: "a.cn-learn-more",
        save: ".cm-btn-accept:not(.cm-btn-accept-all)",
        layer1: ".cookie-notice",
        layer2: ".cookie-modal",
        ..Cmp::new("Klaro", "cdn.kiprotect.com", "/klaro/v0.7/klaro.js")
    }
    .store("klaro", &v(true), &v(false))
}

/// iubenda Cookie Solution: the banner and its preferences panel.
pub fn iubenda() -> Cmp {
    let v = |b: bool| {
        format!(
            r#"{{"timestamp":"2026-03-02T00:00:00.000Z","version":"1.75.0","purposes":{{"1":true,"2":{b},"3":{b},"4":{b},"5":{b}}},"id":3781254,"cons":{{"rand":"f1x7ur"}}}}"#
        )
    };
    Cmp {
        html: format!(
            r#"<div id="iubenda-cs-banner" class="iubenda-cs-default iubenda-cs-bottom iubenda-cs-visible" role="alertdialog" aria-labelledby="iubenda-cs-title" aria-describedby="iubenda-cs-paragraph" style="{BAR}"><div class="iubenda-cs-container"><div class="iubenda-cs-content"><div class="iubenda-cs-rationale"><div class="iubenda-banner-content" role="document"><div id="iubenda-cs-title">Notice</div><div id="iubenda-cs-paragraph"><p class="iub-p">We and selected third parties use cookies or similar technologies for technical purposes and, with your consent, for measurement and marketing purposes.</p></div></div>
<div class="iubenda-cs-opt-group"><div class="iubenda-cs-opt-group-custom"><button class="iubenda-cs-customize-btn">Learn more and customise</button></div><div class="iubenda-cs-opt-group-consent"><button class="iubenda-cs-reject-btn iubenda-cs-btn-primary">Reject</button><button class="iubenda-cs-accept-btn iubenda-cs-btn-primary">Accept</button></div></div></div></div></div></div>
<div id="iubenda-iframe" role="dialog" aria-label="Your privacy choices" style="{HIDDEN}"><div id="iubenda-iframe-content"><label><input type="checkbox" class="purposes-item-input"> Measurement</label> <label><input type="checkbox" class="purposes-item-input"> Marketing</label>
<div id="iubFooterBtnContainer"><button class="iub-btn iub-btn-reject iubenda-cs-reject-btn">Reject all</button><button id="iubFooterBtn" class="iub-btn iub-btn-consent">Save and continue</button></div></div></div>"#
        ),
        accept: ".iubenda-cs-accept-btn",
        reject: ".iubenda-cs-reject-btn",
        settings: ".iubenda-cs-customize-btn",
        save: "#iubFooterBtn",
        layer1: "#iubenda-cs-banner",
        layer2: "#iubenda-iframe",
        ..Cmp::new("iubenda", "cdn.iubenda.com", "/cs/iubenda_cs.js")
    }
    .store("_iub_cs-3781254", &v(true), &v(false))
}

/// Termly: banner and preferences; the choice in localStorage.
pub fn termly() -> Cmp {
    let v = |b: bool| {
        format!(
            r#"{{"consent":{{"essential":true,"performance":{b},"analytics":{b},"advertising":{b},"social_networking":{b}}},"uuid":"6b1f0c2a-fixture"}}"#
        )
    };
    Cmp {
        html: format!(
            r#"<div id="termly-code-snippet-support"><div class="termly-styles-root" role="dialog" aria-label="Cookie banner" data-tid="banner" style="{BAR}"><div class="termly-styles-message">We use essential cookies to make our site work. With your consent, we may also use non-essential cookies to improve user experience, personalise content and analyse website traffic.</div>
<div class="termly-styles-buttons"><button data-tid="banner-manage">Preferences</button><button data-tid="banner-decline">Decline</button><button data-tid="banner-accept">Accept</button></div></div>
<div class="termly-styles-modal" role="dialog" aria-label="Preferences" data-tid="preferences-modal" style="{HIDDEN}"><label><input type="checkbox" data-tid="preferences-analytics"> Analytics</label> <label><input type="checkbox" data-tid="preferences-advertising"> Advertising</label>
<div><button data-tid="preferences-decline-all">Decline All</button><button data-tid="preferences-save">Save Preferences</button></div></div></div>"#
        ),
        local: true,
        accept: "[data-tid=banner-accept]",
        reject: "[data-tid=banner-decline], [data-tid=preferences-decline-all]",
        settings: "[data-tid=banner-manage]",
        save: "[data-tid=preferences-save]",
        layer1: "[data-tid=banner]",
        layer2: "[data-tid=preferences-modal]",
        ..Cmp::new("Termly", "app.termly.io", "/resource-blocker/6b1f0c2a-fixture")
    }
    .store("TERMLY_API_CACHE", &v(true), &v(false))
}

/// The words of a hand-made banner: title, text, accept, reject (None: the
/// banner has no reject), settings.
pub struct Words {
    /// `lang` of the banner.
    pub lang: &'static str,
    /// Heading.
    pub title: &'static str,
    /// Body text.
    pub text: &'static str,
    /// Accept all.
    pub accept: &'static str,
    /// Reject all, if offered.
    pub reject: Option<&'static str>,
}

/// German: "Alle akzeptieren" / "Alle ablehnen".
pub const GERMAN: Words = Words {
    lang: "de",
    title: "Wir verwenden Cookies",
    text: "Wir und unsere Partner verwenden Cookies und ähnliche Technologien, um Zugriffe zu analysieren und Werbung zu personalisieren. Sie können Ihre Einwilligung jederzeit widerrufen.",
    accept: "Alle akzeptieren",
    reject: Some("Alle ablehnen"),
};
/// French: "Tout accepter" / "Tout refuser".
pub const FRENCH: Words = Words {
    lang: "fr",
    title: "Nous respectons votre vie privée",
    text: "Nous et nos partenaires utilisons des cookies pour mesurer l'audience et personnaliser la publicité. Vous pouvez retirer votre consentement à tout moment.",
    accept: "Tout accepter",
    reject: Some("Tout refuser"),
};
/// English, with a reject.
pub const ENGLISH: Words = Words {
    lang: "en",
    title: "We value your privacy",
    text: "We and our partners use cookies to measure visits and show personalised ads.",
    accept: "Accept all",
    reject: Some("Reject all"),
};
/// English, accept only.
pub const ENGLISH_ACCEPT_ONLY: Words = Words {
    lang: "en",
    title: "This site uses cookies",
    text: "We use cookies to measure visits and show personalised ads. By continuing you agree to our use of cookies.",
    accept: "Accept all cookies",
    reject: None,
};

/// A hand-made banner with no CMP markup, served from the site itself:
/// `role=dialog` (`dialog`) or a plain fixed div. `tcf`: also an IAB TCF API
/// with that CMP id, the choice kept as the TC string in `euconsent-v2`.
pub fn generic(words: &Words, dialog: bool, tcf: Option<u16>) -> Cmp {
    let role = if dialog {
        r#" role="dialog" aria-modal="true" aria-labelledby="cb-title""#
    } else {
        ""
    };
    let reject = words.reject.map_or(String::new(), |r| {
        format!(r#"<button type="button" class="btn btn-secondary" id="cb-reject">{r}</button>"#)
    });
    let cmp = Cmp {
        html: format!(
            r#"<div class="cookie-banner" id="cookie-banner" lang="{}"{role} style="{BAR}"><h2 id="cb-title">{}</h2><p>{} <a href="/privacy">Privacy</a></p><div class="cookie-banner__buttons">{reject}<button type="button" class="btn btn-primary" id="cb-accept">{}</button></div></div>"#,
            words.lang, words.title, words.text, words.accept
        ),
        accept: "#cb-accept",
        reject: "#cb-reject",
        first_layer_reject: words.reject.is_some(),
        has_reject: words.reject.is_some(),
        delay: 100,
        ..Cmp::new("generic", "", "/js/cookie-banner.js")
    };
    match tcf {
        Some(id) => cmp.store("euconsent-v2", "", "").tcf(id),
        None => cmp.store("cookie_consent", "all", "essential"),
    }
}
