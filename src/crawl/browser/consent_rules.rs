//! The consent-manager rules: the built-in ones ([`RULES`]: for each product,
//! as its public documentation and shipped markup show it, the selectors of
//! its banner, its accept-all and reject-all controls, the control that opens
//! its settings layer and that layer's reject-all or save controls), user
//! rules read from Consent-O-Matic JSON ([`parse_consent_o_matic`]), and the
//! [`RuleSet`] a visit applies. Data only: the engine ([`super::consent`])
//! applies every rule the same way. A selector ending in `@reject` (or
//! `@accept` ...) counts only when the element's text means that
//! ([`super::consent_words::meaning`]).

/// Where a product renders its banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// In the page's own DOM.
    Document,
    /// Inside an open shadow root.
    Shadow,
    /// In an iframe (often cross-origin) the page embeds.
    Iframe,
}

/// One consent manager.
#[derive(Debug)]
pub struct Rule {
    /// The product's name (`cmp` in the output, `rule:NAME` as the method).
    pub name: &'static str,
    /// Where it renders (documentation: every frame and root is searched).
    pub host: Host,
    /// The banner: any visible match means the product's banner is shown.
    pub detect: &'static [&'static str],
    /// Accept all on the first layer.
    pub accept: &'static [&'static str],
    /// Reject all on the first layer.
    pub reject: &'static [&'static str],
    /// Opens the settings (second) layer.
    pub settings: &'static [&'static str],
    /// Reject all in the settings layer ...
    pub settings_reject: &'static [&'static str],
    /// ... or save the selection (with nothing selected).
    pub settings_save: &'static [&'static str],
}

/// The built-in rules, tried in this order.
pub static RULES: &[Rule] = &[
    Rule {
        name: "OneTrust",
        host: Host::Document,
        detect: &[
            "#onetrust-banner-sdk",
            "#onetrust-consent-sdk #onetrust-pc-sdk",
            ".otFlat",
            ".ot-sdk-container #onetrust-policy",
        ],
        accept: &[
            "#onetrust-accept-btn-handler",
            ".onetrust-close-btn-handler.accept-btn-handler",
        ],
        reject: &["#onetrust-reject-all-handler", ".ot-bnr-reject-all-handler"],
        settings: &["#onetrust-pc-btn-handler", ".ot-sdk-show-settings"],
        settings_reject: &[
            ".ot-pc-refuse-all-handler",
            "#onetrust-pc-sdk .ot-pc-refuse-all-handler",
            "#onetrust-pc-sdk button.ot-reject-all",
        ],
        settings_save: &[
            ".save-preference-btn-handler",
            "#onetrust-pc-sdk .save-preference-btn-handler",
        ],
    },
    Rule {
        name: "Cookiebot",
        host: Host::Document,
        detect: &[
            "#CybotCookiebotDialog",
            "#CybotCookiebotDialogBody",
            "#cookiebanner.cookiebot",
        ],
        accept: &[
            "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll",
            "#CybotCookiebotDialogBodyButtonAccept",
            "#CybotCookiebotDialogBodyLevelButtonAccept",
        ],
        reject: &[
            "#CybotCookiebotDialogBodyButtonDecline",
            "#CybotCookiebotDialogBodyLevelButtonLevelOptinDeclineAll",
        ],
        settings: &[
            "#CybotCookiebotDialogBodyLevelButtonCustomize",
            "#CybotCookiebotDialogBodyButtonDetails",
            "#CybotCookiebotDialogNavDetails",
        ],
        settings_reject: &["#CybotCookiebotDialogBodyButtonDecline"],
        settings_save: &[
            "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection",
            "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelectionWrapper button",
        ],
    },
    Rule {
        name: "Didomi",
        host: Host::Document,
        detect: &[
            "#didomi-notice",
            "#didomi-host .didomi-popup-notice",
            "#didomi-popup",
            ".didomi-consent-popup",
        ],
        accept: &[
            "#didomi-notice-agree-button",
            ".didomi-button-highlight.didomi-components-button",
        ],
        reject: &[
            "#didomi-notice-disagree-button",
            ".didomi-continue-without-agreeing",
            "#didomi-notice .didomi-button-standard@reject",
        ],
        settings: &[
            "#didomi-notice-learn-more-button",
            ".didomi-learn-more-button",
        ],
        settings_reject: &[
            ".didomi-consent-popup-actions button@reject",
            ".didomi-consent-popup-footer button@reject",
            "#didomi-consent-popup .didomi-button@reject",
        ],
        settings_save: &[
            ".didomi-consent-popup-actions button@save",
            ".didomi-consent-popup-footer .didomi-button-highlight",
            "#didomi-consent-popup .didomi-button@save",
        ],
    },
    Rule {
        name: "Quantcast Choice",
        host: Host::Document,
        detect: &[
            "#qc-cmp2-ui",
            "#qc-cmp2-container .qc-cmp2-summary-buttons",
            ".qc-cmp2-consent-info",
        ],
        accept: &[
            ".qc-cmp2-summary-buttons button[mode=primary]",
            "#qc-cmp2-ui button[mode=primary]@accept",
        ],
        reject: &[".qc-cmp2-summary-buttons button[mode=secondary]@reject"],
        settings: &[
            ".qc-cmp2-summary-buttons button[mode=secondary]@settings",
            "#qc-cmp2-ui button[mode=secondary]@settings",
        ],
        settings_reject: &[
            ".qc-cmp2-footer button[mode=secondary]@reject",
            ".qc-cmp2-header-links button@reject",
            "#qc-cmp2-ui button@reject",
        ],
        settings_save: &[
            ".qc-cmp2-footer button[mode=primary]@save",
            "#qc-cmp2-ui button@save",
        ],
    },
    Rule {
        name: "TrustArc",
        host: Host::Document,
        detect: &[
            "#truste-consent-track",
            "#truste-consent-content",
            ".truste_box_overlay",
        ],
        accept: &["#truste-consent-button"],
        reject: &["#truste-consent-required"],
        settings: &["#truste-show-consent"],
        settings_reject: &[".truste_popframe .rejectAll", "#truste-consent-required"],
        settings_save: &[".submit"],
    },
    Rule {
        name: "Usercentrics",
        host: Host::Shadow,
        detect: &[
            "[data-testid=uc-banner-content]",
            "[data-testid=uc-default-wall]",
            "#uc-center-container",
            "#usercentrics-cmp-ui",
            "[data-testid=uc-accept-all-button]",
        ],
        accept: &["[data-testid=uc-accept-all-button]"],
        reject: &["[data-testid=uc-deny-all-button]"],
        settings: &["[data-testid=uc-more-button]"],
        settings_reject: &["[data-testid=uc-deny-all-button]"],
        settings_save: &["[data-testid=uc-save-button]"],
    },
    Rule {
        name: "Sourcepoint",
        host: Host::Iframe,
        detect: &[
            "div[id^=sp_message_container_]",
            "iframe[id^=sp_message_iframe_]",
            ".message-container button[class*=sp_choice_type_]",
        ],
        accept: &["button.sp_choice_type_11"],
        reject: &["button.sp_choice_type_13"],
        settings: &["button.sp_choice_type_12"],
        settings_reject: &[
            "button.sp_choice_type_REJECT_ALL",
            "button.sp_choice_type_13",
        ],
        settings_save: &["button.sp_choice_type_SAVE_AND_EXIT"],
    },
    Rule {
        name: "Complianz",
        host: Host::Document,
        detect: &[
            ".cmplz-cookiebanner",
            "#cmplz-cookiebanner-container .cmplz-cookiebanner",
        ],
        accept: &[".cmplz-btn.cmplz-accept", "button.cmplz-accept"],
        reject: &[".cmplz-btn.cmplz-deny", "button.cmplz-deny"],
        settings: &[".cmplz-view-preferences", ".cmplz-manage-options"],
        settings_reject: &[".cmplz-btn.cmplz-deny"],
        settings_save: &[".cmplz-save-preferences"],
    },
    Rule {
        name: "CookieYes",
        host: Host::Document,
        detect: &[
            ".cky-consent-container",
            ".cky-consent-bar",
            "#cookie-law-info-bar",
        ],
        accept: &[".cky-btn-accept", "#cookie_action_close_header"],
        reject: &[".cky-btn-reject", "#cookie_action_close_header_reject"],
        settings: &[
            ".cky-btn-customize",
            ".cky-btn-preferences",
            ".cli_settings_button",
        ],
        settings_reject: &[".cky-preference-center .cky-btn-reject"],
        settings_save: &[".cky-btn-preferences", "#wt-cli-privacy-save-btn"],
    },
    Rule {
        name: "Borlabs",
        host: Host::Document,
        detect: &[
            "#BorlabsCookieBox ._brlbs-box",
            "#BorlabsCookieBox",
            ".brlbs-cmpnt-dialog",
        ],
        accept: &[
            "a[data-cookie-accept-all]",
            ".brlbs-btn-accept-all",
            "#BorlabsCookieBox a[data-cookie-accept]",
        ],
        reject: &[
            "a[data-cookie-refuse]",
            ".brlbs-btn-accept-only-essential",
            "#BorlabsCookieBox ._brlbs-refuse-btn a",
        ],
        settings: &["a[data-cookie-individual]", ".brlbs-btn-preferences"],
        settings_reject: &[
            "#BorlabsCookieBox ._brlbs-refuse-btn a",
            ".brlbs-btn-accept-only-essential",
        ],
        settings_save: &["#BorlabsCookieBox a[data-cookie-accept]", ".brlbs-btn-save"],
    },
    Rule {
        name: "Osano",
        host: Host::Document,
        detect: &[".osano-cm-dialog", ".osano-cm-window__dialog"],
        accept: &[".osano-cm-accept-all", ".osano-cm-button--type_accept"],
        reject: &[".osano-cm-deny", ".osano-cm-button--type_denyAll"],
        settings: &[".osano-cm-manage", ".osano-cm-button--type_manage"],
        settings_reject: &[
            ".osano-cm-info-dialog .osano-cm-deny",
            ".osano-cm-button--type_denyAll",
        ],
        settings_save: &[".osano-cm-save", ".osano-cm-button--type_save"],
    },
    Rule {
        name: "Klaro",
        host: Host::Document,
        detect: &[
            ".klaro .cookie-notice",
            ".klaro .cookie-modal",
            "#klaro .cookie-notice",
        ],
        accept: &[".klaro .cm-btn-success", ".klaro .cm-btn-accept-all"],
        reject: &[".klaro .cm-btn-danger", ".klaro .cn-decline"],
        settings: &[".klaro .cn-learn-more", ".klaro .cm-link.cn-learn-more"],
        settings_reject: &[
            ".klaro .cookie-modal .cm-btn-decline",
            ".klaro .cookie-modal .cm-btn-danger",
        ],
        settings_save: &[
            ".klaro .cookie-modal .cm-btn-accept",
            ".klaro .cookie-modal .cm-btn-info",
        ],
    },
    Rule {
        name: "iubenda",
        host: Host::Document,
        detect: &["#iubenda-cs-banner", ".iubenda-cs-container"],
        accept: &[".iubenda-cs-accept-btn"],
        reject: &[".iubenda-cs-reject-btn"],
        settings: &[".iubenda-cs-customize-btn"],
        settings_reject: &["#iubenda-iframe .purposes-btn-reject", ".iub-btn-reject"],
        settings_save: &["#iubenda-iframe .purposes-btn-save", "#iubFooterBtn"],
    },
    Rule {
        name: "Termly",
        host: Host::Document,
        detect: &[
            "#termly-code-snippet-support [data-tid=banner]",
            "#termly-code-snippet-support",
            "[data-tid=banner-accept]",
        ],
        accept: &["[data-tid=banner-accept]"],
        reject: &["[data-tid=banner-decline]"],
        settings: &["[data-tid=banner-manage]"],
        settings_reject: &[
            "[data-tid=preferences-decline]",
            "[data-tid=banner-decline]",
        ],
        settings_save: &["[data-tid=preferences-save]"],
    },
];

/// A selector and the meaning its element's text must have, if any
/// (`SELECTOR@reject`).
pub fn split(sel: &str) -> (&str, Option<super::consent_words::Meaning>) {
    use super::consent_words::Meaning;
    let Some((s, m)) = sel.rsplit_once('@') else {
        return (sel, None);
    };
    let m = match m {
        "accept" => Meaning::Accept,
        "reject" => Meaning::Reject,
        "settings" => Meaning::Settings,
        "save" => Meaning::Save,
        _ => return (sel, None),
    };
    (s, Some(m))
}

/// A rule with owned strings: the built-ins converted, and user rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnedRule {
    /// The rule's name (`rule:NAME`, `cmp`).
    pub name: String,
    /// The banner's selectors.
    pub detect: Vec<String>,
    /// Accept all (first layer).
    pub accept: Vec<String>,
    /// Reject all (first layer).
    pub reject: Vec<String>,
    /// Opens the settings layer.
    pub settings: Vec<String>,
    /// Reject all in the settings layer.
    pub settings_reject: Vec<String>,
    /// Save the selection in the settings layer (nothing selected).
    pub settings_save: Vec<String>,
}

impl From<&Rule> for OwnedRule {
    fn from(r: &Rule) -> OwnedRule {
        let v = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
        OwnedRule {
            name: r.name.to_string(),
            detect: v(r.detect),
            accept: v(r.accept),
            reject: v(r.reject),
            settings: v(r.settings),
            settings_reject: v(r.settings_reject),
            settings_save: v(r.settings_save),
        }
    }
}

impl OwnedRule {
    /// Its selector lists, in a fixed order.
    pub fn lists(&self) -> [&[String]; 6] {
        [
            &self.detect,
            &self.accept,
            &self.reject,
            &self.settings,
            &self.settings_reject,
            &self.settings_save,
        ]
    }
}

/// The rules a visit applies (built-ins first, then the user's) and every
/// selector they use, each once.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// The rules, in the order they are tried.
    pub rules: Vec<OwnedRule>,
    /// Each distinct selector (the `@meaning` suffix cut off).
    pub selectors: Vec<String>,
}

impl RuleSet {
    /// The built-in rules, then `user`'s.
    pub fn new(user: Vec<OwnedRule>) -> RuleSet {
        let rules: Vec<OwnedRule> = RULES.iter().map(OwnedRule::from).chain(user).collect();
        let mut selectors: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for r in &rules {
            for s in r.lists().into_iter().flatten() {
                let css = split(s).0;
                if seen.insert(css.to_string()) {
                    selectors.push(css.to_string());
                }
            }
        }
        RuleSet { rules, selectors }
    }
}

/// Most user rules read, selectors per list, and a selector's length.
const MAX_USER_RULES: usize = 5000;
const MAX_LIST: usize = 50;
const MAX_SELECTOR: usize = 500;

/// Reads consent rules in the Consent-O-Matic JSON format (an object of
/// rules by name, each with `detectors` and `methods`). What maps onto this
/// engine is kept: the css selectors of each detector's `showingMatcher` (or
/// `presentMatcher`) detect the banner; `OPEN_OPTIONS`' clicks open the
/// settings, `SAVE_CONSENT`'s save them (the engine unchecks every choice
/// first, as Consent-O-Matic's `DO_CONSENT` does for a visitor who consents
/// to nothing); in `DO_CONSENT`, an `ifallowall` / `ifallownone` action's
/// clicks are accept and reject. Click targets filtered by text, and actions
/// this engine does not run (sliders, waits, loops), are left out; a rule
/// left without a banner selector or any control is skipped.
pub fn parse_consent_o_matic(json: &str) -> crate::Result<Vec<OwnedRule>> {
    use serde_json::Value;
    let bad = |m: String| crate::Error::Data {
        name: "consent rules".into(),
        message: m,
    };
    let v: Value = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
    let Some(obj) = v.as_object() else {
        return Err(bad("not a JSON object of rules by name".into()));
    };
    fn items(v: &Value) -> Vec<&Value> {
        match v {
            Value::Array(a) => a.iter().collect(),
            Value::Null => Vec::new(),
            v => vec![v],
        }
    }
    fn selector(target: &Value) -> Option<String> {
        let sel = target.get("selector")?.as_str()?.trim();
        let filtered = ["textFilter", "iframeFilter", "childFilter"]
            .iter()
            .any(|k| target.get(*k).is_some_and(|f| !f.is_null()));
        if sel.is_empty() || sel.len() > MAX_SELECTOR || filtered {
            return None;
        }
        match target.get("parent").filter(|p| p.is_object()) {
            Some(p) => selector(p).map(|ps| format!("{ps} {sel}")),
            None => Some(sel.to_string()),
        }
    }
    fn clicks(a: &Value, depth: usize, out: &mut Vec<String>) {
        if depth > 10 || out.len() >= MAX_LIST {
            return;
        }
        match a.get("type").and_then(Value::as_str) {
            Some("click") => out.extend(a.get("target").and_then(selector)),
            Some("list") => {
                for x in items(a.get("actions").unwrap_or(&Value::Null)) {
                    clicks(x, depth + 1, out);
                }
            }
            Some("ifcss") => {
                for k in ["trueAction", "falseAction"] {
                    if let Some(x) = a.get(k) {
                        clicks(x, depth + 1, out);
                    }
                }
            }
            _ => {}
        }
    }
    fn choices(a: &Value, depth: usize, accept: &mut Vec<String>, reject: &mut Vec<String>) {
        if depth > 10 {
            return;
        }
        match a.get("type").and_then(Value::as_str) {
            Some("ifallowall") | Some("ifallownone") => {
                let (yes, no) = if a["type"] == "ifallowall" {
                    ("trueAction", "falseAction")
                } else {
                    ("falseAction", "trueAction")
                };
                if let Some(x) = a.get(yes) {
                    clicks(x, depth + 1, accept);
                }
                if let Some(x) = a.get(no) {
                    clicks(x, depth + 1, reject);
                }
            }
            Some("list") => {
                for x in items(a.get("actions").unwrap_or(&Value::Null)) {
                    choices(x, depth + 1, accept, reject);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (name, rule) in obj.iter().take(MAX_USER_RULES) {
        if name.starts_with('$') || !rule.is_object() {
            continue;
        }
        let mut r = OwnedRule {
            name: name.chars().take(100).collect(),
            ..OwnedRule::default()
        };
        for d in items(rule.get("detectors").unwrap_or(&Value::Null)) {
            let showing = d.get("showingMatcher").filter(|m| !m.is_null());
            let m = showing
                .or_else(|| d.get("presentMatcher"))
                .unwrap_or(&Value::Null);
            for m in items(m) {
                if m.get("type").and_then(Value::as_str) == Some("css") && r.detect.len() < MAX_LIST
                {
                    r.detect.extend(m.get("target").and_then(selector));
                }
            }
        }
        for m in items(rule.get("methods").unwrap_or(&Value::Null)) {
            let Some(action) = m.get("action") else {
                continue;
            };
            match m.get("name").and_then(Value::as_str) {
                Some("OPEN_OPTIONS") => clicks(action, 0, &mut r.settings),
                Some("SAVE_CONSENT") => clicks(action, 0, &mut r.settings_save),
                Some("DO_CONSENT") => choices(action, 0, &mut r.accept, &mut r.reject),
                _ => {}
            }
        }
        let controls = !(r.accept.is_empty()
            && r.reject.is_empty()
            && r.settings.is_empty()
            && r.settings_save.is_empty());
        if !r.detect.is_empty() && controls {
            out.push(r);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_complete_and_unique() {
        let mut names = std::collections::HashSet::new();
        for r in RULES {
            assert!(names.insert(r.name), "{} twice", r.name);
            assert!(!r.detect.is_empty(), "{}: no detect", r.name);
            assert!(!r.accept.is_empty(), "{}: no accept", r.name);
            assert!(!r.reject.is_empty() || !r.settings.is_empty(), "{}", r.name);
            for s in r
                .detect
                .iter()
                .chain(r.accept)
                .chain(r.reject)
                .chain(r.settings)
                .chain(r.settings_reject)
                .chain(r.settings_save)
            {
                let (css, _) = split(s);
                assert!(
                    !css.trim().is_empty() && !css.contains('@'),
                    "{}: {s}",
                    r.name
                );
            }
        }
        for want in [
            "OneTrust",
            "Cookiebot",
            "Didomi",
            "Quantcast Choice",
            "TrustArc",
            "Usercentrics",
            "Sourcepoint",
            "Complianz",
            "CookieYes",
            "Borlabs",
            "Osano",
            "Klaro",
            "iubenda",
            "Termly",
        ] {
            assert!(names.contains(want), "{want} missing");
        }
    }

    #[test]
    fn text_conditions() {
        use super::super::consent_words::Meaning;
        assert_eq!(split("a.b@reject"), ("a.b", Some(Meaning::Reject)));
        assert_eq!(split("a[x='@y']"), ("a[x='@y']", None));
        assert_eq!(split("#x"), ("#x", None));
    }

    #[test]
    fn consent_o_matic_rules() {
        let json = r##"{
          "$schema": "https://example.test/rules.schema.json",
          "examplecmp": {
            "detectors": [{
              "presentMatcher": {"type": "css", "target": {"selector": "#ex-cmp"}},
              "showingMatcher": [{"type": "css", "target": {"selector": ".ex-banner", "parent": {"selector": "#ex-cmp"}}}]
            }],
            "methods": [
              {"name": "HIDE_CMP", "action": {"type": "hide", "target": {"selector": "#ex-cmp"}}},
              {"name": "OPEN_OPTIONS", "action": {"type": "click", "target": {"selector": ".ex-settings"}}},
              {"name": "DO_CONSENT", "action": {"type": "list", "actions": [
                {"type": "ifallowall", "trueAction": {"type": "click", "target": {"selector": ".ex-all"}},
                 "falseAction": {"type": "click", "target": {"selector": ".ex-none"}}},
                {"type": "consent", "consents": [{"type": "A", "toggleAction": {"type": "click", "target": {"selector": ".t"}}}]}
              ]}},
              {"name": "SAVE_CONSENT", "action": {"type": "click", "target": {"selector": "button", "textFilter": "Save"}}},
              {"name": "SAVE_CONSENT", "action": {"type": "click", "target": {"selector": ".ex-save"}}}
            ]
          },
          "nothing-usable": {"detectors": [], "methods": []},
          "broken": 7
        }"##;
        let rules = parse_consent_o_matic(json).unwrap();
        assert_eq!(rules.len(), 1, "{rules:?}");
        let r = &rules[0];
        assert_eq!(r.name, "examplecmp");
        assert_eq!(r.detect, vec!["#ex-cmp .ex-banner"]);
        assert_eq!(
            (r.accept.clone(), r.reject.clone()),
            (vec![".ex-all".to_string()], vec![".ex-none".to_string()])
        );
        assert_eq!(r.settings, vec![".ex-settings"]);
        assert_eq!(
            r.settings_save,
            vec![".ex-save"],
            "text-filtered targets are left out"
        );
        let set = RuleSet::new(rules);
        assert_eq!(set.rules.len(), RULES.len() + 1);
        assert!(set.selectors.iter().any(|s| s == ".ex-save"));
        assert!(parse_consent_o_matic("[1, 2]").is_err());
        assert!(parse_consent_o_matic("{").is_err());
        // Deep nesting is cut off, not followed.
        let mut deep = String::from(r#"{"type": "click", "target": {"selector": ".deep"}}"#);
        for _ in 0..50 {
            deep = format!(r#"{{"type": "list", "actions": [{deep}]}}"#);
        }
        let j = format!(
            r##"{{"d": {{"detectors": [{{"presentMatcher": {{"type": "css", "target": {{"selector": "#d"}}}}}}], "methods": [{{"name": "OPEN_OPTIONS", "action": {deep}}}]}}}}"##
        );
        assert!(parse_consent_o_matic(&j).unwrap().is_empty());
    }
}
