//! A site's observed behaviours (fingerprinting, key logging, session
//! recording) and its policy claims in, the behaviour findings out:
//! `keystrokes_leaked` and `pii_in_tracker_request` (behaviour alone), and
//! `fingerprinting_undisclosed` / `fingerprinting_contradicted` and the
//! behaviour form of `session_replay_undisclosed` (against a found policy).

use super::{deny_basis, finding};
use crate::model::{
    Behaviour, BehaviourKind, Claim, ClaimKind, Finding, Party, Severity, SiteRecord, Stance,
};
use std::collections::BTreeSet;

fn line(b: &Behaviour) -> String {
    let who = match (b.script_url.is_empty(), b.company.is_empty()) {
        (true, true) => "an unknown script".to_string(),
        (true, false) => b.company.clone(),
        (false, true) => b.script_url.clone(),
        (false, false) => format!("{} ({})", b.script_url, b.company),
    };
    let kind = b.kind.map_or("behaviour", |k| k.as_str());
    let to = if b.sent_to.is_empty() {
        String::new()
    } else {
        format!(" to {}", b.sent_to)
    };
    format!("{kind} by {who}{to} on page {}: {}", b.page_url, b.detail)
}

fn of_kind(rec: &SiteRecord, keep: impl Fn(&Behaviour) -> bool) -> Vec<&Behaviour> {
    rec.visit.behaviours.iter().filter(|b| keep(b)).collect()
}

/// `keystrokes_leaked` and `pii_in_tracker_request`: typed text sent before
/// any submit. Only what left for a third party counts (a site saving its own
/// form draft is not a leak).
pub(super) fn leaks(rec: &SiteRecord, f: &mut Vec<Finding>) {
    let logged = of_kind(rec, |b| {
        b.kind == Some(BehaviourKind::KeyLogging) && b.party == Some(Party::Third)
    });
    if !logged.is_empty() {
        let hosts: BTreeSet<String> = logged
            .iter()
            .filter_map(|b| url::Url::parse(&b.sent_to).ok())
            .filter_map(|u| u.host_str().map(str::to_string))
            .collect();
        f.push(finding(
            "keystrokes_leaked",
            Severity::High,
            format!(
                "Text typed into a form is sent to {} before the form is submitted",
                hosts.into_iter().collect::<Vec<_>>().join(", ")
            ),
            logged.iter().map(|b| line(b)).collect(),
            "",
        ));
    }
    let pii = of_kind(rec, |b| b.pii);
    if !pii.is_empty() {
        f.push(finding(
            "pii_in_tracker_request",
            Severity::High,
            "The email address typed into a form (or a hash of it) reaches a third party".into(),
            pii.iter().map(|b| line(b)).collect(),
            "",
        ));
    }
}

/// Fingerprinting against the policy, and session recording seen in
/// behaviour when the vendor list did not already raise it.
pub(super) fn against_policy(rec: &SiteRecord, claims: &[&Claim], f: &mut Vec<Finding>) {
    let fp = of_kind(rec, |b| {
        b.kind.is_some_and(BehaviourKind::is_fingerprinting)
    });
    if !fp.is_empty() {
        let kinds: BTreeSet<&str> = fp
            .iter()
            .filter_map(|b| b.kind.map(|k| k.as_str()))
            .collect();
        let kinds = kinds.into_iter().collect::<Vec<_>>().join(", ");
        let mut ev: Vec<String> = fp.iter().map(|b| line(b)).collect();
        let claim = |s: Stance| {
            claims
                .iter()
                .find(|c| c.claim == ClaimKind::Fingerprinting && c.stance == s)
        };
        if let Some(deny) = claim(Stance::Deny) {
            let sev = deny_basis(deny, Severity::High, &mut ev);
            f.push(finding(
                "fingerprinting_contradicted",
                sev,
                format!("The policy denies fingerprinting, yet scripts fingerprint the browser ({kinds})"),
                ev,
                &deny.quote,
            ));
        } else if !claims.iter().any(|c| c.claim == ClaimKind::Fingerprinting) {
            f.push(finding(
                "fingerprinting_undisclosed",
                Severity::High,
                format!("Scripts fingerprint the browser ({kinds}); the policy never mentions fingerprinting"),
                ev,
                "",
            ));
        }
    }
    let recording = of_kind(rec, |b| b.kind == Some(BehaviourKind::SessionRecording));
    let disclosed = claims.iter().any(|c| c.claim == ClaimKind::SessionReplay);
    let raised = f.iter().any(|x| x.rule == "session_replay_undisclosed");
    if !recording.is_empty() && !disclosed && !raised {
        f.push(finding(
            "session_replay_undisclosed",
            Severity::High,
            "A script records what visitors do on the page (DOM changes and input events) and sends it; the policy does not disclose session recording".into(),
            recording.iter().map(|b| line(b)).collect(),
            "",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Visit;

    fn rec(behaviours: Vec<Behaviour>) -> SiteRecord {
        super::super::test_record(vec![Visit {
            behaviours,
            ..Visit::default()
        }])
    }

    fn b(kind: BehaviourKind, party: Option<Party>, pii: bool) -> Behaviour {
        Behaviour {
            page_url: "https://shop.example/".into(),
            kind: Some(kind),
            script_url: "https://fp.vendor.example/fp.js".into(),
            sent_to: "https://rec.vendor.example/k".into(),
            party,
            pii,
            detail: "d".into(),
            ..Behaviour::default()
        }
    }

    fn claim(kind: ClaimKind, stance: Stance, negation: &str) -> Claim {
        Claim {
            claim: kind,
            stance,
            hedged: false,
            exceptions: Vec::new(),
            party: String::new(),
            cue: "fingerprint".into(),
            negation: negation.into(),
            quote: "We do not fingerprint your device.".into(),
            start: 0,
            end: 0,
        }
    }

    fn rules(r: &SiteRecord, claims: &[&Claim]) -> Vec<(String, Severity)> {
        let mut f = Vec::new();
        leaks(r, &mut f);
        against_policy(r, claims, &mut f);
        f.into_iter().map(|x| (x.rule, x.severity)).collect()
    }

    #[test]
    fn fingerprinting_against_silence_denial_and_disclosure() {
        let r = rec(vec![b(BehaviourKind::CanvasFingerprint, None, false)]);
        assert_eq!(
            rules(&r, &[]),
            [("fingerprinting_undisclosed".to_string(), Severity::High)]
        );
        let deny = claim(ClaimKind::Fingerprinting, Stance::Deny, "do not");
        assert_eq!(
            rules(&r, &[&deny]),
            [("fingerprinting_contradicted".to_string(), Severity::High)]
        );
        // A denial read without a negation cue is not a high accusation.
        let weak = claim(ClaimKind::Fingerprinting, Stance::Deny, "");
        assert_eq!(
            rules(&r, &[&weak]),
            [("fingerprinting_contradicted".to_string(), Severity::Medium)]
        );
        let affirm = claim(ClaimKind::Fingerprinting, Stance::Affirm, "");
        assert!(rules(&r, &[&affirm]).is_empty());
    }

    #[test]
    fn leaks_count_only_what_reaches_a_third_party() {
        let first = rec(vec![b(
            BehaviourKind::KeyLogging,
            Some(Party::First),
            false,
        )]);
        assert!(rules(&first, &[]).is_empty());
        let third = rec(vec![b(BehaviourKind::KeyLogging, Some(Party::Third), true)]);
        assert_eq!(
            rules(&third, &[]),
            [
                ("keystrokes_leaked".to_string(), Severity::High),
                ("pii_in_tracker_request".to_string(), Severity::High)
            ]
        );
    }

    #[test]
    fn session_recording_behaviour_needs_disclosure() {
        let r = rec(vec![b(BehaviourKind::SessionRecording, None, false)]);
        assert_eq!(
            rules(&r, &[]),
            [("session_replay_undisclosed".to_string(), Severity::High)]
        );
        let disclosed = claim(ClaimKind::SessionReplay, Stance::Affirm, "");
        assert!(rules(&r, &[&disclosed]).is_empty());
    }
}
