//! Why the claim extractor read a sentence as it did: in goes one analysed
//! sentence ([`Cx`]) and a claim found in it, out come its `cue` (the words that
//! made it this claim) and its `negation` (the words that set a deny stance;
//! empty for affirm and mention, and for a denial without a clear cue in scope).
#![deny(clippy::string_slice)]

use super::claims::Cx;
use super::lexicon::C;
use crate::model::{ClaimKind, Stance};

impl Cx<'_> {
    /// The concepts whose words make a claim of `kind`, in order of preference.
    fn cue_concepts(kind: ClaimKind) -> &'static [C] {
        match kind {
            ClaimKind::Cookies => &[C::CookieTech, C::Beacon],
            ClaimKind::WebBeacons => &[C::Beacon],
            ClaimKind::ThirdPartyCookies => &[C::TpCookie, C::TpActor, C::Third],
            ClaimKind::Analytics => &[C::Analytics],
            ClaimKind::Advertising => &[C::AdsStrong, C::Ads],
            ClaimKind::SessionReplay => &[C::Replay],
            ClaimKind::ThirdPartySharing => &[C::ShareVerb, C::Track],
            // A denial of all sharing is a denial of selling too (claims.rs).
            ClaimKind::Selling => &[C::SellVerb, C::ShareVerb],
            ClaimKind::Dnt => &[C::Dnt, C::Respond],
            ClaimKind::Gpc => &[C::Gpc],
            ClaimKind::OptOut => &[C::OptOut],
            ClaimKind::BrowserControls => &[C::Browser, C::BrowserAction],
            ClaimKind::Consent => &[C::Consent],
            ClaimKind::Children => &[C::Children],
            ClaimKind::MergerTransfer => &[C::Merger],
            ClaimKind::LegalDisclosure => &[C::Legal],
            ClaimKind::PolicyChange => &[C::Change],
            ClaimKind::DataRetention => &[C::Retain, C::RetainWeak],
            ClaimKind::DataSecurity => &[C::Security, C::SecurityWeak],
            ClaimKind::InternationalTransfer => &[C::Intl],
            ClaimKind::Fingerprinting => &[C::Fingerprint],
            ClaimKind::NamedParty | ClaimKind::LastUpdated => &[],
        }
    }

    /// Text of tokens `a..b` as written (lowercased).
    fn span_text(&self, a: usize, b: usize) -> String {
        if a >= b || b > self.n() {
            return String::new();
        }
        let (s, _) = self.t.spans[a];
        let (_, e) = self.t.spans[b - 1];
        self.t.lower.get(s..e).unwrap_or("").to_string()
    }

    /// The cue and negation of a claim of `kind` with `stance` in this sentence.
    pub(super) fn explain(&self, kind: ClaimKind, stance: Stance, party: &str) -> (String, String) {
        // Sharing: the verb that decided the stance is the cue, and its negation
        // ("no third party receives ...": the quantifier of the subject).
        // A selling denial read from a denial of all sharing has the same reason.
        let from_sharing = kind == ClaimKind::Selling && self.sell_verbs().is_empty();
        if kind == ClaimKind::ThirdPartySharing || from_sharing {
            if let Some((st, v)) = self.sharing().filter(|&(st, _)| st == stance) {
                let cue = self
                    .share_verbs()
                    .into_iter()
                    .find(|&(a, b)| a <= v && v < b)
                    .map(|(a, b)| self.span_text(a, b))
                    .unwrap_or_else(|| self.tok(v).to_string());
                if st != Stance::Deny {
                    return (cue, String::new());
                }
                let neg = self.neg_cue(v).or_else(|| {
                    (v.saturating_sub(8)..v)
                        .find(|&k| matches!(self.tok(k), "no" | "none" | "nothing"))
                });
                if let Some(j) = neg {
                    return (cue, self.neg_words(j));
                }
            }
        }
        let mut hits: Vec<(usize, usize)> = Self::cue_concepts(kind)
            .iter()
            .flat_map(|&c| self.hits(c).iter().copied())
            .collect();
        // "the sale of personal information": the noun is the selling cue.
        if kind == ClaimKind::Selling && !self.has(C::SellVerb) {
            hits.splice(0..0, self.sell_verbs());
        }
        let cue = match kind {
            ClaimKind::NamedParty | ClaimKind::LastUpdated => party.to_string(),
            // An analytics claim read from a vendor's name: the name is the cue.
            _ => hits
                .first()
                .map(|&(a, b)| self.span_text(a, b))
                .unwrap_or_else(|| party.to_string()),
        };
        if stance != Stance::Deny {
            return (cue, String::new());
        }
        // The verbs whose negation sets the stance: the claim's own words, the
        // response verbs of a signal, a use or share verb before the claim's words.
        let mut verbs: Vec<usize> = Vec::new();
        if matches!(kind, ClaimKind::Dnt | ClaimKind::Gpc) {
            verbs.extend(self.hits(C::Respond).iter().map(|h| h.0));
        }
        for &(a, _) in &hits {
            verbs.push(a);
            let lo = a.saturating_sub(6);
            verbs.extend((lo..a).rev().filter(|&k| {
                self.is(k, C::UseVerb) || self.is(k, C::ShareVerb) || self.is(k, C::Track)
            }));
        }
        if hits.is_empty() {
            verbs.extend(self.hits(C::UseVerb).iter().map(|h| h.0));
        }
        for &v in &verbs {
            if let Some(j) = self.neg_cue(v) {
                return (cue, self.neg_words(j));
            }
            // "no cookies", "keine Daten": a determiner negation on the claim's words.
            if v > 0 && self.neg[v - 1] {
                return (cue, self.neg_words(v - 1));
            }
            if self.tok(v).starts_with("ignore") {
                return (cue, self.tok(v).to_string());
            }
            // "free of advertising", "an ad-free service".
            if v >= 2 && self.tok(v - 1) == "of" && self.tok(v - 2) == "free" {
                return (cue, "free of".to_string());
            }
            if v + 1 < self.n() && self.tok(v + 1) == "free" {
                return (cue, "free".to_string());
            }
        }
        // "only with our affiliates": a restriction, not a negation.
        if let Some(&(a, _)) = self.hits(C::Only).first() {
            if hits.iter().any(|&(h, _)| h.abs_diff(a) <= 6) {
                return (cue, self.tok(a).to_string());
            }
        }
        (cue, String::new())
    }
}

impl Cx<'_> {
    /// Browser or device fingerprinting: deny when the technique is plainly
    /// negated ("we do not use fingerprinting", "no device fingerprinting"),
    /// mention when only defined, else affirm. A fingerprint sensor or a
    /// fingerprint login is biometrics, not tracking.
    pub(super) fn fingerprinting(&self) -> Option<Stance> {
        let hits: Vec<(usize, usize)> = self
            .hits(C::Fingerprint)
            .iter()
            .copied()
            .filter(|&(_, b)| {
                !(b < self.n()
                    && matches!(
                        self.tok(b),
                        "sensor"
                            | "sensors"
                            | "scanner"
                            | "reader"
                            | "unlock"
                            | "login"
                            | "id"
                            | "recognition"
                            | "authentication"
                    ))
            })
            .collect();
        if hits.is_empty() {
            return None;
        }
        let answered: Vec<usize> = hits
            .iter()
            .filter(|&&(_, b)| b > 0 && self.answered_no(b))
            .map(|h| h.0)
            .collect();
        let denied = |a: usize| {
            (a > 0 && self.neg[a - 1])
                || self.in_denied_subject(a)
                || self.no_determiner(a)
                || answered.contains(&a)
                || self.purpose_denied(a)
                || self.negated(a)
                || (a.saturating_sub(6)..a)
                    .filter(|&k| self.is(k, C::UseVerb) || self.is(k, C::Track))
                    .any(|k| self.negated(k))
        };
        if hits.iter().all(|&(a, _)| denied(a)) {
            Some(Stance::Deny)
        } else if self.defines() || !hits.iter().any(|&(a, _)| self.asserts(a)) {
            Some(Stance::Mention)
        } else {
            Some(Stance::Affirm)
        }
    }
}
