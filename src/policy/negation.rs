//! Negation scope of the claim extractor: in goes one analysed sentence ([`Cx`])
//! and the token of a practice verb, out comes the negation cue whose scope covers
//! it (if any) and whether the clause asserts anything at all. Structures read:
//! coordinated verb lists ("never misuse, sell, rent or share"), tense lists ("do
//! not, have not and will not"), inability and refusal ("unable to", "cannot"),
//! business framing ("not in the business of selling", "selling data is not our
//! business"), negative quantifiers ("no personal data is", "none of"), free word
//! order negation (German, French, Spanish, Dutch) and Chinese preverbal negation;
//! conditionals ("if we sell ...") and questions ("Do we sell your data?") assert
//! nothing, unless a bare "No." or "Yes." answers the question ([`answer`]).
#![deny(clippy::string_slice)]

use super::claims::Cx;
use super::lexicon::{is_cjk, Tokens, C};
use crate::model::{Claim, Stance};

/// Words that may stand between a negation and the verb it negates: auxiliaries,
/// modals, fillers, verbs of intent ("do not plan to sell").
#[rustfmt::skip]
const FILL: &[&str] = &[
    "will", "would", "shall", "should", "do", "does", "did", "don", "doesn", "didn", "won",
    "wouldn", "shouldn", "isn", "aren", "wasn", "weren", "is", "are", "be", "been", "being",
    "was", "were", "has", "have", "had", "ever", "also", "and", "or", "to", "in", "any", "way",
    "we", "it", "t", "then", "further", "wish", "intend", "yet", "able", "permit", "allow",
    "authorize", "plan", "plans", "planning", "intends", "want", "need", "going", "expect",
    "otherwise", "directly", "either", "knowingly", "presently", "now", "even", "choose",
    "seek", "try", "attempt", "can", "may", "must", "i", "ll", "d", "us", "ourselves", "at",
    "this", "time", "present", "moment", "designed", "built", "configured", "set", "take", "takes",
    "action", "actions", "steps", "the", "future", "past", "now", "currently", "permitted",
    "allowed", "authorized", "authorised", "entitled", "implemented", "implement", "up", "offer",
    "let", "lets", "possible", "chosen", "chose", "decided",
    // Spanish clitics between "no" and its verb ("no se ceden", "no los vendemos"),
    // and its modals and auxiliaries ("no podemos responder", "no hemos vendido").
    "se", "lo", "los", "las", "les", "le", "nos", "podemos", "puede", "pueden", "hemos", "ha",
    "han", "vamos", "será", "serán", "son", "es",
    // "we do not engage in the sale of ...".
    "engage", "engages", "participate", "participates", "involved",
];

/// Verbs of refusal that negate the practice verb after them ("we decline to
/// respond"); "unable", "cannot" are negation cues of the lexicon.
const REFUSAL: &[&str] = &[
    "refuse",
    "refuses",
    "decline",
    "declines",
    "refrain",
    "refrains",
    "abstain",
    "abstains",
    "stopped",
    "ceased",
    "discontinued",
    "lack",
    "lacks",
];

/// Nouns of capacity or intent that carry a negation on to the verb of their
/// infinitive: "we have no mechanism to respond", "we do not have the ability
/// to honour", "there is no way for us to read", "no plans to sell".
const CAPACITY: &[&str] = &[
    "ability",
    "capability",
    "capacity",
    "means",
    "mechanism",
    "way",
    "plans",
    "plan",
    "intention",
    "intent",
    "option",
    "technology",
    "process",
    "tools",
    "tool",
    "system",
    "facility",
    "functionality",
];

/// Negation words of German, French and Dutch, whose verb may come after them or
/// at the end of the clause: they scope both ways whatever language the whole
/// text was detected as.
const FREE_ORDER_NEG: &[&str] = &[
    "nicht", "kein", "nie", "niemals", "weder", "pas", "jamais", "aucun", "niet", "geen", "nooit",
];

/// Negative determiners and quantifiers ("no data", "keine Cookies", "aucun
/// outil", "none of it"): the noun phrase they open is denied.
pub(super) const NEG_DETERMINERS: &[&str] = &[
    "no",
    "zero",
    "none",
    "nothing",
    "kein",
    "keine",
    "keinerlei",
    "geen",
    "aucun",
    "aucune",
    "ningún",
    "ninguna",
    "ninguno",
    "ningun",
];

/// Conditional openers: the clause they open asserts nothing.
const CONDITIONAL: &[&str] = &[
    "if", "whether", "wenn", "falls", "ob", "si", "indien", "als", "果",
];

impl Cx<'_> {
    /// Whether the verb at token `i` is negated: "we do not share", "will never be
    /// sold or shared", "is not disclosed", "no information is shared", "不会与第三方共享",
    /// "Wir geben ... nicht ... weiter".
    pub(super) fn negated(&self, i: usize) -> bool {
        self.neg_cue(i).is_some()
    }

    /// The token of the negation cue whose scope covers the verb at `i`.
    pub(super) fn neg_cue(&self, i: usize) -> Option<usize> {
        if i >= self.n() {
            return None;
        }
        // "In no case / under no circumstances / at no time will we ...".
        if let Some(k) = (1..i).find(|&k| {
            self.tok(k - 1) == "no"
                && matches!(
                    self.tok(k),
                    "case" | "circumstances" | "circumstance" | "time" | "event" | "point"
                )
        }) {
            return Some(k - 1);
        }
        if self.t.tok(i).chars().next().is_some_and(is_cjk) {
            let lo = i.saturating_sub(14);
            for j in (lo..i).rev() {
                if self.neg[j] {
                    return Some(j);
                }
                if self.t.brk[j + 1] {
                    return None;
                }
            }
            return None;
        }
        if let Some(j) = self.neg_before(i, 0) {
            return Some(j);
        }
        // "we share no data", "we sell nothing": the object's quantifier.
        if i + 1 < self.n()
            && self.neg[i + 1]
            && matches!(self.tok(i + 1), "no" | "none" | "nothing")
            && !self.t.brk[i + 1]
        {
            return Some(i + 1);
        }
        // "Personal information sold in the last year: none": a table row whose
        // answer, after a colon, is the sentence's last word.
        let last = self.n() - 1;
        if last > i && last - i <= 12 && self.answered_no(last) {
            return Some(last);
        }
        // "We will not: sell ...; share ...": a negation that opens a list.
        if let Some(j) = (0..i).find(|&j| {
            self.neg[j]
                && j + 1 < self.n()
                && self
                    .t
                    .lower
                    .get(self.t.spans[j].1..self.t.spans[j + 1].0)
                    .is_some_and(|gap| gap.contains(':'))
        }) {
            return Some(j);
        }
        if let Some(j) = self.gerund_subject_negated(i) {
            return Some(j);
        }
        if let Some(j) = self.neither_nor_subject(i) {
            return Some(j);
        }
        // "None of our pages set cookies", "no partner receives your data": a
        // negative quantifier opening the clause as the subject of the verb.
        let start = (i.saturating_sub(14)..=i)
            .rev()
            .find(|&k| k == 0 || self.t.brk[k])
            .filter(|&s| s < i);
        if let Some(s) = start {
            let verb_between = (s + 1..i).any(|k| {
                self.is(k, C::UseVerb)
                    || self.is(k, C::ShareVerb)
                    || self.is(k, C::SellVerb)
                    || self.is(k, C::Track)
            });
            if (NEG_DETERMINERS.contains(&self.tok(s)) || self.tok(s) == "nobody") && !verb_between
            {
                return Some(s);
            }
        }
        // German and Dutch infinitive clauses after a comma: "Wir sind nicht in
        // der Lage, auf DNT-Signale zu reagieren", "wij zijn niet in staat om
        // ... te reageren": the negated main clause governs the infinitive.
        if i > 0 && matches!(self.tok(i - 1), "zu" | "te") {
            let mut breaks = 0;
            let mut k = i - 1;
            while k > 0 && i - k < 14 {
                if self.t.brk[k] {
                    breaks += 1;
                    if breaks > 1 {
                        break;
                    }
                }
                k -= 1;
                if self.neg[k] && FREE_ORDER_NEG.iter().any(|p| self.tok(k).starts_with(p)) {
                    return Some(k);
                }
            }
        }
        // "Support for Do Not Track has not been implemented", "recognition of
        // these signals is not available": the noun of the act as the subject of
        // a negated predicate of provision.
        if matches!(
            self.tok(i),
            "support" | "recognition" | "handling" | "processing"
        ) {
            let hi = (i + 9).min(self.n());
            let neg = (i + 1..hi)
                .take_while(|&k| !self.t.brk[k])
                .find(|&k| self.neg[k])
                .filter(|&k| {
                    (k + 1..(k + 4).min(self.n())).any(|x| {
                        matches!(
                            self.tok(x),
                            "implemented"
                                | "enabled"
                                | "added"
                                | "built"
                                | "provided"
                                | "offered"
                                | "available"
                                | "possible"
                                | "supported"
                        )
                    })
                });
            if neg.is_some() {
                return neg;
            }
        }
        // "We don't make money by selling your data", "we do not profit from
        // sharing it", "we are not interested in selling it", "our model does not
        // rely on selling data": a gerund of means, source or object under a
        // negated verb.
        if i >= 2
            && matches!(self.tok(i - 1), "by" | "from" | "through" | "in" | "on")
            && self.tok(i).ends_with("ing")
        {
            let lo = i.saturating_sub(7);
            let mut k = i - 1;
            while k > lo && !self.t.brk[k] {
                k -= 1;
                // "we refrain from selling".
                if self.neg[k] || REFUSAL.contains(&self.tok(k)) {
                    return Some(k);
                }
            }
        }
        // "No personal information is shared", "none of your data gets sold": a
        // quantifier negation before a passive.
        let mut p = i;
        loop {
            if p > 1 && matches!(self.tok(p - 1), "ever" | "never" | "currently") {
                p -= 1;
            } else if p > 2
                // "no information is collected or transmitted": a participle list.
                && matches!(self.tok(p - 1), "or" | "and" | "nor")
                && self.tok(p - 2).ends_with("ed")
            {
                p -= 2;
            } else {
                break;
            }
        }
        if p > 0
            && matches!(
                self.tok(p - 1),
                "is" | "are" | "be" | "been" | "was" | "were" | "get" | "gets" | "got"
            )
        {
            let lo = i.saturating_sub(10);
            for j in (lo..i).rev() {
                if self.neg[j] && matches!(self.tok(j), "no" | "none" | "nothing" | "neither") {
                    return Some(j);
                }
                if self.t.brk[j] {
                    break;
                }
            }
        }
        {
            // German puts the verb last, far from its "nicht" ("wir können derzeit
            // nicht auf Do-Not-Track-Signale reagieren").
            let lo = i.saturating_sub(if self.lang == "en" { 5 } else { 8 });
            let hi = (i + if self.lang == "en" { 7 } else { 10 }).min(self.n());
            for j in lo..hi {
                if self.neg[j]
                    && (self.latin_free_order
                        || FREE_ORDER_NEG.iter().any(|p| self.tok(j).starts_with(p)))
                    && !(lo..=j.max(i))
                        .skip(1)
                        .any(|k| k > j.min(i) && self.t.brk[k])
                    && !self.exception_between(j.min(i), j.max(i))
                {
                    return Some(j);
                }
            }
        }
        None
    }

    /// Whether an exception cue ("except", "unless", "sauf") stands between tokens
    /// `a` and `b`: a negation does not reach over it.
    fn exception_between(&self, a: usize, b: usize) -> bool {
        (a + 1..b).any(|k| self.is(k, C::ExcCue) && self.tok(k) != "only")
    }

    /// The backward walk from the verb at `i` to a negation over auxiliaries,
    /// fillers and a coordinated verb list. `depth` bounds the recursion through
    /// "or"/"nor".
    fn neg_before(&self, i: usize, depth: usize) -> Option<usize> {
        let verbish = |k: usize| {
            self.is(k, C::ShareVerb)
                || self.is(k, C::SellVerb)
                || self.is(k, C::UseVerb)
                || self.is(k, C::Respond)
                || self.is(k, C::Track)
        };
        let mut j = i;
        let mut steps = 0;
        let mut list_items = 0;
        let mut prev_listed = false;
        let mut aside_end = usize::MAX;
        while j > 0 && steps < 8 {
            if self.t.brk[j]
                && j != aside_end
                && !(verbish(j) || prev_listed || matches!(self.tok(j), "or" | "nor" | "ever"))
            {
                return None;
            }
            j -= 1;
            steps += 1;
            if self.neg[j] {
                return Some(j);
            }
            let w = self.tok(j);
            if REFUSAL.contains(&w) {
                return Some(j);
            }
            // "..., or share", "not sell, rent, swap or authorize": a coordinated
            // verb takes the polarity of the verb list it closes.
            if matches!(w, "or" | "nor") && depth < 3 {
                // "will not review or respond": an unknown verb right after the
                // negation opens the list.
                if j >= 2 && self.neg[j - 2] && !self.t.brk[j - 1] && !self.t.brk[j] {
                    return Some(j - 2);
                }
                let lo = j.saturating_sub(15);
                let first = (lo..j).rev().find(|&k| verbish(k));
                if self.t.brk[j] || first.is_some_and(|k| k + 4 >= j) {
                    return first.and_then(|k| {
                        self.neg_before(k, depth + 1)
                            .or_else(|| self.gerund_subject_negated(k))
                    });
                }
            }
            // "we do not use technology that recognises ...": a relative clause on
            // the object of a negated verb.
            if matches!(w, "that" | "which") && depth < 3 {
                let head = (j.saturating_sub(5)..j).rev().find(|&k| {
                    self.is(k, C::UseVerb) || matches!(self.tok(k), "have" | "has" | "offer")
                });
                return head.and_then(|k| self.neg_before(k, depth + 1));
            }
            // "it is against our principles to sell": a rule forbidding the act.
            if matches!(
                w,
                "principles" | "principle" | "policy" | "policies" | "values" | "rules" | "ethics"
            ) {
                if let Some(k) = (j.saturating_sub(3)..j).find(|&k| self.tok(k) == "against") {
                    return Some(k);
                }
            }
            // "we have no mechanism in place to respond", "no way for our
            // systems to respond": the capacity noun passes its negation on.
            if w == "to" && j > 0 {
                let cap = (j.saturating_sub(5)..j)
                    .rev()
                    .take_while(|&k| !self.t.brk[k + 1])
                    .find(|&k| CAPACITY.contains(&self.tok(k)));
                if let Some(c) = cap {
                    j = c;
                    // "the technical ability", "any reliable means".
                    let mut adjectives = 0;
                    while j > 0 {
                        let w = self.tok(j - 1);
                        if matches!(w, "the" | "a" | "an" | "any" | "our") {
                            j -= 1;
                        } else if adjectives < 2
                            && ["al", "ary", "ive", "ble"].iter().any(|e| w.ends_with(e))
                        {
                            adjectives += 1;
                            j -= 1;
                        } else {
                            break;
                        }
                    }
                    // "We do not have, and have never had, any plans to sell": a
                    // tense list of "have" before the capacity noun.
                    if self.t.brk[j] {
                        let lo = j.saturating_sub(10);
                        return (lo..j)
                            .rev()
                            .take_while(|&k| {
                                self.neg[k] || FILL.contains(&self.tok(k)) || self.tok(k) == "had"
                            })
                            .find(|&k| self.neg[k]);
                    }
                    continue;
                }
            }
            // "we are not in the business of selling".
            // "we have no intention of selling", "it is not our practice of ..."
            if w == "of"
                && j >= 1
                && matches!(
                    self.tok(j - 1),
                    "business"
                        | "intention"
                        | "intent"
                        | "plans"
                        | "plan"
                        | "habit"
                        | "practice"
                        | "desire"
                )
            {
                j -= 1;
                while j > 0 && matches!(self.tok(j - 1), "the" | "in" | "our" | "a") {
                    j -= 1;
                }
                continue;
            }
            let v = verbish(j);
            // "we will not, under any circumstances, sell ...", "we have not, in
            // the preceding 12 months, sold ...": an aside of at most six words
            // set off by commas is stepped over once.
            if !v && aside_end == usize::MAX && !FILL.contains(&w) && self.t.brk[j + 1] {
                let start = (j.saturating_sub(5)..=j).rev().find(|&p| self.t.brk[p]);
                if let Some(p) = start.filter(|&p| p > 0 && (p..=j).all(|k| !self.neg[k])) {
                    aside_end = p;
                    j = p;
                    continue;
                }
            }
            // An unknown word before a comma of a verb list: "never misuse, sell".
            let listed = !v && self.t.brk[j + 1] && verbish(j + 1) && list_items < 2;
            if listed {
                list_items += 1;
            }
            prev_listed = listed;
            // "we don't let Google use it": the permitted actor stands between.
            let permit = |x: usize| {
                matches!(
                    self.tok(x),
                    "let" | "lets" | "allow" | "allows" | "permit" | "permits"
                )
            };
            let actor = (self.company[j] || self.is(j, C::Third))
                && j > 0
                && (permit(j - 1)
                    // "we do not let our partners use it".
                    || (j > 1
                        && matches!(self.tok(j - 1), "our" | "the" | "its" | "these")
                        && permit(j - 2)));
            if actor && !permit(j - 1) {
                j -= 1;
            }
            // Adverbs ("willfully", "knowingly", "currently") do not stop the scope.
            if !(FILL.contains(&w) || v || listed || actor || (w.len() > 4 && w.ends_with("ly"))) {
                return None;
            }
        }
        None
    }

    /// Whether the word at `a` lies in a clause-opening noun phrase under "no" /
    /// "none" / "zero" ("No usage statistics, crash reports or analytics are
    /// collected", "No canvas or audio fingerprinting is employed"): no verb
    /// stands between the quantifier and the word.
    pub(super) fn in_denied_subject(&self, a: usize) -> bool {
        for k in (a.saturating_sub(12)..=a).rev() {
            let verb = self.is(k, C::UseVerb)
                || self.is(k, C::ShareVerb)
                || self.is(k, C::Track)
                || matches!(self.tok(k), "is" | "are" | "was" | "were");
            // "(no user data) ... cookie": the quantifier governs another noun.
            if (verb || self.is(k, C::InfoObj)) && k < a {
                return false;
            }
            if (k == 0 || self.t.brk[k]) && NEG_DETERMINERS.contains(&self.tok(k)) {
                return true;
            }
        }
        false
    }

    /// "Fingerprinting: not used", "Cookies: none": a label answered after a
    /// colon, the technology ending at `b`.
    pub(super) fn answered_no(&self, b: usize) -> bool {
        // The answer ends the sentence ("not used", "none"), not a list
        // ("no scripts or cookies: no advertising, no tracking").
        b > 0
            && b < self.n()
            && self.n() - b <= 2
            && matches!(self.tok(b), "not" | "no" | "none" | "nothing" | "never")
            && self
                .t
                .lower
                .get(self.t.spans[b - 1].1..self.t.spans[b].0)
                .is_some_and(|gap| gap.trim() == ":")
    }

    /// "Neither we nor anyone else sells ...": a subject denied by "neither ...
    /// nor", the verb at `i` the first after it.
    pub(super) fn neither_nor_subject(&self, i: usize) -> Option<usize> {
        let nor = (i.saturating_sub(8)..i)
            .rev()
            .take_while(|&k| !self.t.brk[k + 1])
            .find(|&k| self.tok(k) == "nor")?;
        let neither = (nor.saturating_sub(5)..nor).find(|&k| self.tok(k) == "neither")?;
        let verb_between = (nor + 1..i)
            .any(|k| self.is(k, C::UseVerb) || self.is(k, C::ShareVerb) || self.is(k, C::SellVerb));
        // The verb follows the second subject at once ("nor anyone else sells").
        (!verb_between && i - nor <= 6).then_some(neither)
    }

    /// "Selling your data is not our business", "sharing it is not something we
    /// do": a gerund subject whose copula is negated.
    fn gerund_subject_negated(&self, i: usize) -> Option<usize> {
        if !self.tok(i).ends_with("ing") {
            return None;
        }
        let hi = (i + 10).min(self.n());
        let cop = (i + 1..hi).find(|&k| {
            matches!(
                self.tok(k),
                "is" | "isn" | "was" | "wasn" | "has" | "hasn" | "will" | "won"
            ) && !self.any_in(i + 1, k, C::ShareVerb)
        })?;
        if (i + 1..=cop).any(|k| self.t.brk[k]) {
            return None;
        }
        (cop + 1..(cop + 3).min(self.n()))
            .find(|&k| self.neg[k])
            .or_else(|| {
                // "Selling your data is something we will never do", "... is a thing
                // we do not do": the negation is in the relative clause on "something".
                let thing = (cop + 1..(cop + 4).min(self.n())).find(|&k| {
                    matches!(self.tok(k), "something" | "thing" | "practice" | "what")
                })?;
                (thing + 1..(thing + 5).min(self.n()))
                    .take_while(|&k| !self.t.brk[k])
                    .find(|&k| self.neg[k])
            })
    }

    /// Whether the clause of the verb at `i` asserts anything: not a question
    /// ("Do we sell your data?") and not the condition of a conditional ("if we
    /// sell your data, ...", "should we be acquired").
    pub(super) fn asserts(&self, i: usize) -> bool {
        if self.is_question() {
            return false;
        }
        // "We cannot guarantee that third parties will not share it", "we can't
        // promise your data will never be sold": the complement of a withheld
        // guarantee states nothing either way.
        // Only a clause as its complement ("guarantee that ...", "promise your
        // data will ..."), not a noun ("guarantee the security of data disclosed
        // to them"); a relative clause inside it ("partners who receive your
        // data") is presupposed, so still asserted.
        if (i.saturating_sub(14)..i).any(|k| {
            let withheld = matches!(
                self.tok(k),
                "guarantee" | "promise" | "warrant" | "assure" | "ensure" | "prevent" | "stop"
            ) && k > 0
                && self.neg[k - 1];
            let clause = k + 1 < i
                && (self.tok(k + 1) == "that"
                    || (k + 1..i).any(|x| {
                        matches!(self.tok(x), "will" | "would" | "won" | "can" | "is" | "are")
                    }));
            let relative = (k + 2..i).any(|x| matches!(self.tok(x), "who" | "which" | "whom"));
            withheld && clause && !relative
        }) {
            return false;
        }
        // The nearest clause opener before the verb, within its clause.
        let mut j = i;
        while j > 0 && i - j < 12 {
            if self.t.brk[j] {
                return true;
            }
            j -= 1;
            let w = self.tok(j);
            let opener = match w {
                // German "als" is "as"; Dutch "als" is "if".
                "als" => self.lang == "nl",
                "果" => j > 0 && self.tok(j - 1) == "如",
                // "Should we be acquired, ...": a fronted conditional.
                "should" => j == 0 || self.t.brk[j],
                _ => CONDITIONAL.contains(&w),
            };
            if opener {
                return false;
            }
            if matches!(
                w,
                "that" | "which" | "who" | "because" | "since" | "and" | "but"
            ) {
                return true;
            }
        }
        true
    }

    /// A question: ends with "?" and opens with an auxiliary or a question word.
    pub(super) fn is_question(&self) -> bool {
        let s = self.t.lower.trim_end();
        if !(s.ends_with('?') || s.ends_with('？')) || self.n() == 0 {
            return false;
        }
        matches!(
            self.tok(0),
            "do" | "does"
                | "did"
                | "will"
                | "would"
                | "can"
                | "is"
                | "are"
                | "how"
                | "what"
                | "who"
                | "which"
                | "why"
                | "when"
                | "where"
                | "was"
                | "wie"
                | "warum"
                | "qu"
                | "que"
                | "qué"
                | "cómo"
                | "wat"
                | "hoe"
                | "verkaufen"
                | "teilen"
                | "geben"
                | "est"
                | "vendez"
                | "vendons"
                | "partagez"
                | "partageons"
                | "venden"
                | "vendemos"
                | "compartimos"
                | "verkopen"
                | "delen"
        ) || s.contains('吗')
            || s.contains('么')
            // "Selling your data?": a fragment of a few words.
            || (self.n() <= 4 && self.tok(0).ends_with("ing"))
    }

    /// The words of the negation cue at token `j`, as written in the sentence
    /// (lowercased): "do not", "will never", "don't", "unable", "不会".
    pub(super) fn neg_words(&self, j: usize) -> String {
        if j >= self.n() {
            return String::new();
        }
        let mut a = j;
        // "don t" → "don't"; an auxiliary before "not"/"never".
        let contracted = matches!(self.tok(j), "t" | "n");
        let aux = matches!(self.tok(j), "not" | "never")
            && !self.t.brk[j]
            && a > 0
            && (FILL.contains(&self.tok(a - 1)) || self.tok(a - 1) == "cannot")
            && !matches!(
                self.tok(a - 1),
                "and" | "or" | "to" | "we" | "it" | "in" | "any"
            );
        if a > 0 && (contracted || aux) {
            a -= 1;
        }
        let mut b = j;
        // "不会", "不 得", "ne ... pas": the cue's second half when adjacent.
        if b + 1 < self.n() && matches!(self.tok(b + 1), "会" | "得" | "能" | "to") {
            b += 1;
        }
        let (s, _) = self.t.spans[a];
        let (_, e) = self.t.spans[b];
        self.t.lower.get(s..e).unwrap_or("").to_string()
    }
}

/// A question's claims answered by the sentence `t` that follows it: "No." denies
/// what the question asked ("Do we sell your data? No."), "Yes." affirms it. The
/// answer must stand alone: "No" followed by punctuation or nothing.
pub(super) fn answer(t: &Tokens, claims: &mut [Claim]) {
    let Some(&(s, e)) = t.spans.first() else {
        return;
    };
    let word = t.lower.get(s..e).unwrap_or("");
    // "Not something we do.", "Not at all.": a short answer opened by "not".
    let second = t
        .spans
        .get(1)
        .and_then(|&(s, e)| t.lower.get(s..e))
        .unwrap_or("");
    let not_answer = word == "not"
        && t.spans.len() <= 6
        && matches!(second, "something" | "at" | "ever" | "anything");
    let alone = t.spans.len() == 1 || t.brk.get(1).copied().unwrap_or(false) || not_answer;
    let no = matches!(
        word,
        "no" | "never" | "nope" | "nein" | "non" | "nee" | "不" | "not"
    ) && (word != "not" || not_answer);
    let yes = matches!(word, "yes" | "ja" | "oui" | "sí" | "是");
    if !alone || !(no || yes) {
        return;
    }
    for c in claims.iter_mut() {
        if !super::claims::is_practice(c.claim) {
            continue;
        }
        if no && c.stance != Stance::Deny {
            c.stance = Stance::Deny;
            c.negation = word.to_string();
        } else if yes && c.stance == Stance::Mention {
            c.stance = Stance::Affirm;
        }
    }
}

#[cfg(test)]
#[path = "negation_tests.rs"]
pub(crate) mod tests;
