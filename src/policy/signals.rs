//! Signal and control rules of the claim extractor: in goes one analysed
//! sentence ([`Cx`]), out come the Do Not Track / Global Privacy Control stance
//! (honoured, not honoured, mentioned) and whether it offers browser controls.
#![deny(clippy::string_slice)]

use super::claims::Cx;
use super::lexicon::C;
use crate::model::Stance;

impl Cx<'_> {
    /// Do Not Track / Global Privacy Control: deny when the response to the signal
    /// is negated ("we do not respond to DNT signals"), affirm when it is honoured.
    /// With `prev` the previous sentence was about the signal, so "these signals" counts.
    pub(super) fn signal(&self, c: C, prev: bool) -> Option<Stance> {
        // "these signals", "this setting": a demonstrative pointing back.
        let anaphor = prev
            && (1..self.n()).any(|k| {
                matches!(
                    self.tok(k - 1),
                    "this" | "these" | "that" | "those" | "such"
                ) && matches!(
                    self.tok(k),
                    "signal"
                        | "signals"
                        | "requests"
                        | "request"
                        | "setting"
                        | "settings"
                        | "feature"
                        | "mechanism"
                )
            });
        if !self.has(c) && !anaphor {
            return None;
        }
        let mut affirm = false;
        let alike = self.signal_treated_alike();
        for &(a, _) in self.hits(C::Respond) {
            let w = self.tok(a);
            if alike && w.starts_with("treat") {
                continue;
            }
            // "with respect to Do Not Track": a preposition, not respecting it.
            if w == "respect" && a > 0 && matches!(self.tok(a - 1), "with" | "in") {
                continue;
            }
            // "how we respond", "whether they honour": reported, not asserted.
            let reported =
                (a.saturating_sub(4)..a).any(|k| matches!(self.tok(k), "how" | "whether"));
            // "please read their policies": an instruction to the reader.
            let imperative = (a.saturating_sub(2)..a).any(|k| self.tok(k) == "please");
            // The verb must be about the signal: "read" only with the signal as its
            // object ("we do not read DNT signals").
            let about = if w == "read" {
                self.any_in(a + 1, a + 5, c) || (anaphor && a + 1 < self.n())
            } else {
                true
            };
            if reported || imperative || !about || !self.asserts(a) {
                continue;
            }
            // "We do not ignore Do Not Track": a denied refusal honours it.
            if w.starts_with("ignore") && self.negated(a) {
                affirm = true;
                continue;
            }
            if w.starts_with("ignore") || self.negated(a) {
                return Some(Stance::Deny);
            }
            // "Not all websites honour DNT": a statement about others.
            // "Our websites honour DNT" is the company's own statement.
            let others = (a.saturating_sub(6)..a).any(|k| {
                matches!(
                    self.tok(k),
                    "browsers" | "websites" | "sites" | "industry" | "standard" | "companies"
                ) && !(k.saturating_sub(3)..k)
                    .any(|j| matches!(self.tok(j), "our" | "this" | "its"))
            });
            if !others {
                affirm = true;
            }
        }
        if affirm || self.signal_stops_tracking(c) {
            Some(Stance::Affirm)
        } else if alike {
            Some(Stance::Deny)
        } else {
            Some(Stance::Mention)
        }
    }

    /// "We treat browsers that send it the same as any other", "it makes no
    /// difference to how we collect data": the signal changes nothing.
    fn signal_treated_alike(&self) -> bool {
        let n = self.n();
        let same = (0..n)
            .any(|k| self.tok(k) == "treat" || self.tok(k) == "treats" || self.tok(k) == "treated")
            && (0..n).any(|k| matches!(self.tok(k), "same" | "alike" | "identically"));
        let no_difference = (1..n).any(|k| {
            matches!(
                self.tok(k),
                "difference" | "effect" | "impact" | "influence" | "bearing"
            ) && self.tok(k - 1) == "no"
                && !self.is_question()
        });
        // "We collect the same data whether or not DNT is on", "regardless of
        // Do Not Track settings".
        let regardless = (0..n).any(|k| {
            self.tok(k) == "regardless"
                || (self.tok(k) == "whether"
                    && k + 2 < n
                    && self.tok(k + 1) == "or"
                    && self.tok(k + 2) == "not"
                    && (0..n).any(|j| self.tok(j) == "same"))
        });
        // "Even if you turn on Do Not Track, we will still collect ...".
        let even_if = (1..n)
            .any(|k| self.tok(k - 1) == "even" && matches!(self.tok(k), "if" | "when" | "though"))
            && (0..n).any(|k| self.tok(k) == "still" || self.tok(k).starts_with("continue"));
        same || no_difference || regardless || even_if
    }

    /// "If you turn on Do Not Track, we will not count your visit", "when your
    /// browser sends a DNT signal, we do not load analytics", "Wenn Ihr Browser
    /// DNT sendet, erfassen wir keine Daten", "如果您的浏览器发送DNT信号，我们不会跟踪您":
    /// the signal in the condition, a negated tracking verb in the main clause.
    fn signal_stops_tracking(&self, c: C) -> bool {
        // A condition ("if", "when", "once" ...) or a consequence ("then").
        let opener = |k: usize| {
            matches!(
                self.tok(k),
                "if" | "when"
                    | "where"
                    | "whenever"
                    | "once"
                    | "wenn"
                    | "falls"
                    | "sobald"
                    | "si"
                    | "lorsque"
                    | "quand"
                    | "cuando"
                    | "indien"
                    | "wanneer"
                    | "als"
                    | "当"
                    | "若"
            ) || (self.tok(k) == "如" && k + 1 < self.n() && self.tok(k + 1) == "果")
        };
        let conditional = (0..self.n().min(2)).any(opener)
            || (0..self.n()).any(|k| matches!(self.tok(k), "then" | "dann" | "alors" | "entonces"));
        let Some(&(signal, _)) = self.hits(c).first() else {
            return false;
        };
        if !conditional {
            return false;
        }
        // The company as subject after the signal: "... then we won't count you";
        // in Spanish the verb's ending says it ("no registramos").
        let Some(subject) = (signal..self.n()).find(|&k| {
            let w = self.tok(k);
            matches!(
                w,
                "we" | "our" | "it" | "wir" | "nous" | "nosotros" | "wij" | "们"
            ) || (self.lang == "es" || self.tok(k.saturating_sub(1)) == "no")
                && w.len() > 5
                && w.ends_with("mos")
        }) else {
            return false;
        };
        // Verbs of tracking, by prefix (Chinese: the first character of 跟踪,
        // 追踪, 收集, 记录, 统计, 使用).
        const STOPS: &[&str] = &[
            "track",
            "count",
            "collect",
            "record",
            "load",
            "set",
            "log",
            "store",
            "use",
            "measure",
            "include",
            "personali",
            "target",
            "share",
            "sell",
            "erfass",
            "zähl",
            "speicher",
            "verfolg",
            "setz",
            "lad",
            "sammel",
            "collect",
            "suiv",
            "enregistr",
            "dépos",
            "mesur",
            "utilis",
            "compt",
            "recopil",
            "rastre",
            "registr",
            "almacen",
            "utiliz",
            "cont",
            "verzamel",
            "volg",
            "meet",
            "meten",
            "plaats",
            "gebruik",
            "跟",
            "追",
            "收",
            "记",
            "统",
            "使",
        ];
        // Verb-second order (", erfassen wir keine Daten") puts the verb first
        // in its clause, just before the subject.
        let from = if subject >= 1 && self.t.brk[subject - 1] {
            subject - 1
        } else {
            subject
        };
        // Verbs that switch tracking off, affirmed: "we disable analytics",
        // "we switch off advertising tags", "wir deaktivieren ...".
        const SWITCH_OFF: &[&str] = &[
            "disabl",
            "deactivat",
            "suppress",
            "stop",
            "ceas",
            "block",
            "exclud",
            "deaktivier",
            "désactiv",
            "desactiv",
            "uitschakel",
            "schakel",
            "停",
        ];
        let off = |k: usize| {
            let w = self.tok(k);
            (SWITCH_OFF.iter().any(|p| w.starts_with(p))
                || (matches!(w, "switch" | "turn" | "switches" | "turns")
                    && k + 1 < self.n()
                    && self.tok(k + 1) == "off"))
                && !self.negated(k)
        };
        (from..self.n()).any(|k| {
            let w = self.tok(k);
            (STOPS.iter().any(|p| w.starts_with(p)) && self.negated(k)) || (k <= from + 3 && off(k))
        })
    }

    /// Choice through browser/device controls: a browser or device-settings word
    /// with a control action nearby, or "you can refuse/block/delete cookies".
    pub(super) fn browser_controls(&self) -> bool {
        let tech = self.has(C::CookieTech) || self.has(C::Beacon);
        let strong_at = |k: usize| {
            let w = self.tok(k);
            [
                "refus",
                "reject",
                "block",
                "disabl",
                "deactivat",
                "delet",
                "declin",
                "remov",
                "eras",
            ]
            .iter()
            .any(|p| w.starts_with(p))
                || (w == "turn" && k + 1 < self.n() && self.tok(k + 1) == "off")
        };
        let bad = self.hits(C::BrowserFalse);
        let near_browser = self.hits(C::Browser).iter().any(|&(a, b)| {
            if bad.iter().any(|&(x, y)| a < y && x < b) {
                return false;
            }
            let (lo, hi) = (a.saturating_sub(8), (b + 8).min(self.n()));
            (lo..hi).any(|k| self.is(k, C::BrowserAction))
                && (tech || (lo..hi).any(strong_at) || self.has(C::You))
        });
        (near_browser || (tech && self.has(C::You) && (0..self.n()).any(strong_at)))
            && self.user_acts()
    }
}

#[cfg(test)]
#[path = "structure_tests.rs"]
mod tests;
