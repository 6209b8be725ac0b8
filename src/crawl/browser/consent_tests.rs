//! Tests of the banner decisions: rules over the fallback, text-conditioned
//! selectors, the generic notice, controls in another frame, TCF answers.

use super::*;

fn builtin() -> RuleSet {
    RuleSet::new(Vec::new())
}

fn scan_with(hits: &[(&str, &str)], boxes: Vec<(&str, Vec<&str>)>) -> FrameScan {
    let set = builtin();
    let all = &set.selectors;
    let mut sels = vec![Vec::new(); all.len()];
    for (n, (css, text)) in hits.iter().enumerate() {
        let i = all.iter().position(|c| c == css).expect(css);
        sels[i].push((format!("e{n}"), text.to_string()));
    }
    FrameScan {
        ctx: 1,
        sels,
        boxes: boxes
            .into_iter()
            .enumerate()
            .map(|(b, (text, btns))| {
                let btns = btns
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| (format!("b{b}.{i}"), t.to_string()))
                    .collect();
                (text.to_string(), btns)
            })
            .collect(),
        truncated: false,
    }
}

#[test]
fn a_rule_wins_over_the_generic_fallback() {
    let s = scan_with(
        &[
            ("#onetrust-banner-sdk", ""),
            ("#onetrust-accept-btn-handler", "I Accept"),
            ("#onetrust-pc-btn-handler", "Cookie Settings"),
        ],
        vec![("We use cookies", vec!["Accept all", "Reject all"])],
    );
    let b = decide(&[s], &builtin()).unwrap();
    assert_eq!(b.method, "rule:OneTrust");
    assert_eq!(b.accept.unwrap().text, "I Accept");
    assert!(b.reject.is_none());
    assert_eq!(b.settings.unwrap().key, "e2");
}

#[test]
fn text_conditioned_selectors() {
    // Quantcast's secondary button is a reject only when it says so.
    let more = scan_with(
        &[
            ("#qc-cmp2-ui", ""),
            (".qc-cmp2-summary-buttons button[mode=primary]", "AGREE"),
            (
                ".qc-cmp2-summary-buttons button[mode=secondary]",
                "MORE OPTIONS",
            ),
        ],
        vec![],
    );
    let b = decide(&[more], &builtin()).unwrap();
    assert!(b.reject.is_none());
    assert_eq!(b.settings.unwrap().text, "MORE OPTIONS");
    let dis = scan_with(
        &[
            ("#qc-cmp2-ui", ""),
            (".qc-cmp2-summary-buttons button[mode=primary]", "AGREE"),
            (
                ".qc-cmp2-summary-buttons button[mode=secondary]",
                "DISAGREE",
            ),
        ],
        vec![],
    );
    assert_eq!(
        decide(&[dis], &builtin()).unwrap().reject.unwrap().text,
        "DISAGREE"
    );
}

#[test]
fn generic_needs_a_notice_and_a_control() {
    let s = scan_with(
        &[],
        vec![
            ("Newsletter: sign up!", vec!["OK", "Subscribe"]),
            (
                "Wir verwenden Cookies.",
                vec!["Datenschutz", "Alle ablehnen", "Alle akzeptieren"],
            ),
        ],
    );
    let b = decide(&[s], &builtin()).unwrap();
    assert_eq!(b.method, "generic");
    assert_eq!(b.accept.unwrap().text, "Alle akzeptieren");
    assert_eq!(b.reject.unwrap().text, "Alle ablehnen");
    let none = scan_with(&[], vec![("Sale! 20% off", vec!["Accept"])]);
    assert!(decide(&[none], &builtin()).is_none());
}

#[test]
fn the_iframe_rule_finds_controls_in_another_frame() {
    let top = scan_with(&[("div[id^=sp_message_container_]", "")], vec![]);
    let mut frame = scan_with(
        &[
            ("button.sp_choice_type_11", "Accept"),
            ("button.sp_choice_type_12", "Options"),
        ],
        vec![],
    );
    frame.ctx = 2;
    let b = decide(&[top, frame], &builtin()).unwrap();
    assert_eq!(b.method, "rule:Sourcepoint");
    assert_eq!(b.accept.unwrap().ctx, 2);
    assert!(b.reject.is_none());
    let layer = scan_with(&[("button.sp_choice_type_SAVE_AND_EXIT", "Save")], vec![]);
    let b = decide(&[layer], &builtin());
    assert!(b.is_none(), "a save button alone is no banner");
}

#[test]
fn cmp_names() {
    assert_eq!(cmp_name(28), "OneTrust");
    assert_eq!(cmp_name(999), "cmp 999");
}

#[test]
fn api_answers_are_read_defensively() {
    let mut a = Api::default();
    a.read(
        &json!({"tcf": true, "ping": {"cmpId": 7, "gdprApplies": true, "displayStatus": "visible"},
        "data": {"tcString": "CP", "eventStatus": "tcloaded", "cmpId": 99999}}),
    );
    assert_eq!(a.cmp_id, Some(7));
    assert_eq!(a.gdpr_applies, Some(true));
    assert!(a.shown && a.tcf);
    assert_eq!(a.tc_string, "CP");
    a.read(&json!("garbage"));
    assert_eq!(a.cmp_id, Some(7));
}
