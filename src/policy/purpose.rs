//! Purpose rules of the claim extractor: in goes one analysed sentence ([`Cx`]),
//! out come the analytics and advertising stances — a purpose is affirmed unless
//! plainly denied (a negated use, permit or show verb reaching it, "no" before
//! it, a denied object it is an example of), and a denial that is the effect of
//! the reader's own choice ("if you opt out, we will not ...") is no denial.
#![deny(clippy::string_slice)]

use super::claims::Cx;
use super::lexicon::C;
use super::negation::NEG_DETERMINERS;
use crate::model::Stance;

/// Verbs that put a purpose into practice as a use verb does: "we do not allow
/// advertising", "we never show ads", "we do not run analytics".
const PERMIT_OR_SHOW: &[&str] = &[
    "install",
    "installs",
    "build",
    "create",
    "target",
    "targets",
    "deliver",
    "delivers",
    "tailor",
    "personalise",
    "personalize",
    "engage",
    "engages",
    "participate",
    "participates",
    "allow",
    "allows",
    "permit",
    "permits",
    "show",
    "shows",
    "display",
    "displays",
    "run",
    "runs",
    "serve",
    "include",
    "includes",
    "carry",
    "carries",
    "load",
    "loads",
    "embed",
    "embeds",
    "feature",
    "features",
    "perform",
    "conduct",
    // The same verbs in German, French, Spanish and Dutch.
    "zeigen",
    "anzeigen",
    "schalten",
    "affichons",
    "afficher",
    "diffusons",
    "mostramos",
    "mostrar",
    "mostrará",
    "tonen",
    "toont",
];

impl Cx<'_> {
    /// A purpose (analytics, advertising): affirm unless the purpose is plainly denied.
    pub(super) fn purpose(&self, c: C) -> Option<Stance> {
        let hits: Vec<(usize, usize)> = self
            .hits(c)
            .iter()
            .copied()
            .filter(|&(a, _)| c != C::Analytics || self.analytics_purpose(a))
            .collect();
        if hits.is_empty() {
            return None;
        }
        // "Do we use analytics?": asks, asserts nothing (a "Yes." or "No." after
        // it answers, see negation::answer).
        if self.is_question() {
            return Some(Stance::Mention);
        }
        if hits.iter().all(|&(a, _)| self.purpose_denied(a)) {
            // "If you opt out, we will not show you personalised ads": the denial
            // is the effect of the reader's choice, so the practice exists.
            return Some(if self.users_choice_effect() {
                Stance::Affirm
            } else {
                Stance::Deny
            });
        }
        Some(if self.defines() {
            Stance::Mention
        } else {
            Stance::Affirm
        })
    }

    /// Whether the purpose word at `a` is plainly denied: "no analytics" / "there
    /// is no advertising" (a determiner "no"), or a negated use verb reaching it
    /// over at most three object words ("we do not use Google Analytics", "we do
    /// not use your data for advertising"), or a negated coordination ("we do not
    /// use cookies or analytics"). "except", "but", "unless" break the reach.
    pub(super) fn purpose_denied(&self, a: usize) -> bool {
        if a == 0 {
            return false;
        }
        if self.no_determiner(a)
            || self.neither_nor_subject(a).is_some()
            || self.in_denied_subject(a)
        {
            return true;
        }
        // "we do not analyse your browsing", "we do not measure how ...": the
        // purpose word is itself the verb.
        if matches!(
            self.tok(a),
            "analyse" | "analyze" | "analyses" | "analyzes" | "measure" | "measures"
        ) && self.negated(a)
        {
            return true;
        }
        // "We do not share our analytics data": the word modifies the data the
        // verb is about; no purpose is denied.
        if a + 1 < self.n()
            && self.is(a + 1, C::InfoObj)
            && (a.saturating_sub(5)..a).any(|k| self.is(k, C::ShareVerb) || self.is(k, C::SellVerb))
        {
            return false;
        }
        let mut j = a;
        // Han characters are one token each: "不会利用您的个人信息进行定向广告" puts
        // the verb fourteen tokens before the purpose.
        let mut reach = if self.width(a) > 1 { 14 } else { 3 };
        while j > 0 && a - j <= reach {
            let t = self.tok(j - 1);
            // "we do not use tracking tools like Google Analytics": the purpose
            // word is an example of the denied object, so the reach grows by it.
            if matches!(t, "like" | "including" | "wie" | "comme" | "como")
                || (t == "as" && j >= 2 && self.tok(j - 2) == "such")
            {
                reach = reach.max(a - j + 5);
            }
            // "we never use your data to target ads", "we do not use cookies for
            // advertising purposes": the purpose clause hangs on the main verb.
            // "we do not engage in interest-based advertising".
            if matches!(t, "to" | "for" | "in") && reach < 8 {
                reach = reach.max(a - j + 4);
            }
            // "or any other third-party analytics": modifiers inside the noun
            // phrase do not use up the reach.
            // Articles and "of" of other languages likewise ("pas d'outil d'analyse").
            if matches!(
                t,
                "any"
                    | "other"
                    | "third"
                    | "party"
                    | "similar"
                    | "such"
                    | "de"
                    | "d"
                    | "des"
                    | "du"
                    | "outil"
                    | "outils"
                    | "herramientas"
                    | "andere"
                    | "anderen"
                    | "autre"
                    | "autres"
                    | "otro"
                    | "otros"
                    | "otras"
            ) && reach < 8
            {
                reach = reach.max(a - j + 2);
            }
            if matches!(t, "except" | "but" | "unless" | "than" | "without" | "only")
                || (t == "other" && self.tok(j) == "than")
            {
                return false;
            }
            // "we do not allow interest-based advertising", "no ads are shown":
            // permitting or showing the purpose is using it.
            // "we do not use your data to serve you targeted ads": a showing verb
            // in a purpose clause hangs on the main verb before it.
            // "we do not use tools to monitor how you use the app": a purpose
            // verb of measuring in a clause under the main verb.
            let measuring = matches!(t, "monitor" | "track" | "measure" | "analyse" | "analyze");
            if (PERMIT_OR_SHOW.contains(&t) || measuring) && j >= 2 && self.tok(j - 2) == "to" {
                if self.negated(j - 1) {
                    return true;
                }
                reach = reach.max(a - j + 6);
                j -= 1;
                continue;
            }
            if self.is(j - 1, C::UseVerb)
                || PERMIT_OR_SHOW.contains(&t)
                || matches!(
                    t,
                    "track" | "tracks" | "monitor" | "monitors" | "measure" | "analyse" | "analyze"
                )
            {
                return self.negated(j - 1) || self.coord_negated(j - 1);
            }
            // "we do not use X or any other analytics": the nearest use verb
            // of the coordination decides.
            // "We stopped counting visits": the company ceased the practice (not
            // "you can stop ...", the reader's choice).
            if matches!(t, "stopped" | "ceased" | "discontinued") && !self.any_in(0, j - 1, C::You)
            {
                return true;
            }
            // "weder Google Analytics noch ...": the first of a denied pair.
            if matches!(t, "weder" | "neither" | "ni")
                && (a + 1..(a + 6).min(self.n()))
                    .any(|k| matches!(self.tok(k), "noch" | "nor" | "ni"))
            {
                return true;
            }
            // "weder ... noch", "ni ... ni": the same in other languages.
            if matches!(t, "or" | "nor" | "noch" | "ni") {
                // "neither X nor Y", "weder X noch Y", "ni X ni Y": the pair
                // itself is denied, whatever the verb.
                let conj = j - 1;
                if t != "or"
                    && a - conj <= 4
                    && (conj.saturating_sub(7)..conj)
                        .any(|k| matches!(self.tok(k), "weder" | "neither" | "ni"))
                {
                    return true;
                }
                if self.coord_negated(j) {
                    return true;
                }
                let lo = (j - 1).saturating_sub(8);
                let verb = (lo..j - 1)
                    .rev()
                    .take_while(|&k| !self.t.brk[k + 1])
                    .find(|&k| self.is(k, C::UseVerb) || PERMIT_OR_SHOW.contains(&self.tok(k)));
                return verb.is_some_and(|k| self.negated(k));
            }
            j -= 1;
        }
        false
    }

    /// Whether a determiner "no" governs the noun phrase whose head is at `a`:
    /// "no analytics", "no third-party analytics", "keine Werbung". Modifiers
    /// may stand between ("no targeted advertising"); a noun taking a complement
    /// does not ("no control over the analytics").
    pub(super) fn no_determiner(&self, a: usize) -> bool {
        #[rustfmt::skip]
        const MODIFIER: &[&str] = &[
            // "no tracking or analytics services".
            "or", "nor",
            "third",
            "party",
            "targeted",
            "personalised",
            "personalized",
            "tailored",
            "interest",
            "based",
            "behavioural",
            "behavioral",
            "other",
            "additional",
            "external",
            "online",
            "web",
            "tracking",
            "google",
            "such",
            "similar",
            "further",
            "cross",
            "site",
            "paid",
            "commercial",
            "outside",
            "usage",
            "traffic",
            "digital",
            "visitor",
            "audience",
            "website",
            "page",
            // "aucun outil de statistiques", "keine sonstigen Analysedienste".
            "de",
            "d",
            "outil",
            "outils",
            "herramienta",
            "herramientas",
            "tool",
            "tools",
            "sonstige",
            "sonstigen",
            "andere",
            "anderen",
            "weitere",
            "technique",
            "techniques",
            "technologie",
        ];
        // "free of advertising", "an ad-free service".
        if (a >= 2 && self.tok(a - 1) == "of" && self.tok(a - 2) == "free")
            || (a + 1 < self.n() && self.tok(a + 1) == "free" && !self.t.brk[a + 1])
        {
            return true;
        }
        let mut j = a;
        while j > 0 && a - j <= 3 {
            let t = self.tok(j - 1);
            if NEG_DETERMINERS.contains(&t) {
                return true;
            }
            if self.t.brk[j] || !MODIFIER.contains(&t) {
                return false;
            }
            j -= 1;
        }
        false
    }

    /// Whether the sentence states what follows from the reader's choice: it opens
    /// with a condition on the reader ("if you opt out", "once you disable ...",
    /// "unless you consent") or makes the reader's opt-out its condition.
    pub(super) fn users_choice_effect(&self) -> bool {
        let opens = (0..self.n().min(3)).any(|k| {
            matches!(
                self.tok(k),
                "if" | "once" | "when" | "unless" | "after" | "should"
            ) && (k + 1..(k + 3).min(self.n())).any(|j| self.is(j, C::You))
        });
        // "... after you have opted out", "... once you opt out".
        let opted = self.hits(C::OptOut).iter().any(|&(a, _)| {
            !self.negated(a)
                && (a.saturating_sub(4)..a)
                    .any(|k| matches!(self.tok(k), "if" | "once" | "when" | "after"))
        });
        opens || opted
    }

    /// Advertising as a purpose: "to serve ads", "interest-based advertising",
    /// "advertising partners" — not "the advertisements you view" or "click an ad".
    pub(super) fn advertising(&self) -> Option<Stance> {
        let purposeful = self.has(C::AdsStrong)
            || self.hits(C::Ads).iter().any(|&(a, b)| {
                let w = self.tok(a);
                let english = (w.starts_with("advertis") && !w.starts_with("advertise"))
                    || w == "ads"
                    || w == "ad"
                    || w == "advert"
                    || w == "adverts"
                    || w.starts_with("advertisement")
                    || w.starts_with("advertiser");
                if w.starts_with("advertiser") {
                    // "advertisers" names a party; it is advertising only when the
                    // advertising itself is described ("advertisers serve ads ...").
                    return self.advertiser_practice(a);
                }
                !english
                    || self.any_in(a.saturating_sub(5), a, C::AdsContext)
                    // "to aim adverts at you": the object of a purpose clause.
                    || (a >= 2 && (self.tok(a - 2) == "to" || (a >= 3 && self.tok(a - 3) == "to")))
                    // "no advertising", "free of advertising": denied as a purpose.
                    || self.no_determiner(a)
                    || self.any_in(b, b + 1, C::AdsContext)
                    // "advertising and sales partners": a coordinated modifier of
                    // the same head noun.
                    || (b + 2 < self.n()
                        && matches!(self.tok(b), "and" | "or")
                        && self.any_in(b + 2, b + 3, C::AdsContext))
            });
        if purposeful {
            self.purpose(C::Ads).or(Some(Stance::Affirm))
        } else {
            None
        }
    }
}

#[cfg(test)]
#[path = "reading_tests.rs"]
mod tests;
