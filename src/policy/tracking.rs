//! Tracking-technology rules of the claim extractor: in goes one analysed
//! sentence ([`Cx`]), out come the stances of cookies, web_beacons and
//! third_party_cookies (plain vs qualified denials, definitions, choices).
#![deny(clippy::string_slice)]

use super::claims::Cx;
use super::lexicon::C;
use super::negation::NEG_DETERMINERS;
use crate::model::Stance;

/// Verbs of containing, in the languages covered: "our emails contain no
/// pixels", "Unsere Newsletter enthalten keine Zählpixel", "no contienen".
const CONTAIN_VERBS: &[&str] = &[
    "contain",
    "include",
    "have",
    "carry",
    "contienen",
    "contiene",
    "enthalten",
    "enthält",
    "contiennent",
    "contient",
    "bevatten",
    "bevat",
];

impl Cx<'_> {
    pub(super) fn is_definition_or_choice(&self) -> bool {
        self.defines() || (self.has(C::You) && self.has(C::BrowserAction) && self.has(C::Browser))
    }

    /// Cookies and similar technologies: deny only for a plain denial ("we do not
    /// use cookies", "no cookies are used on this site"); a qualified denial ("we
    /// do not use cookies to collect personal information") still discloses them.
    pub(super) fn cookies(&self) -> Option<Stance> {
        let tech = self.hits(C::CookieTech);
        if tech.is_empty() {
            return self.beacons().map(|st| {
                if st == Stance::Deny {
                    Stance::Mention
                } else {
                    st
                }
            });
        }
        // "Do we use cookies?": a question asserts nothing.
        if self.is_question() {
            return Some(Stance::Mention);
        }
        if self.plain_denial(tech[0].0, tech[0].1) {
            return Some(Stance::Deny);
        }
        // "We do not use any third-party cookies": a denial of third parties'
        // cookies says nothing of the site's own.
        let tp = self.hits(C::TpCookie);
        let within_denied_tp =
            |a: usize| tp.iter().any(|&(x, y)| x <= a && a <= y && self.negated(x));
        if tech.iter().all(|&(a, _)| within_denied_tp(a)) {
            return Some(Stance::Mention);
        }
        // "The app has no trackers or cookies" denies them; "no third-party scripts
        // or cookies" denies third-party ones only, which says nothing of the site's
        // own cookies.
        let quantified = tech
            .iter()
            .find_map(|&(a, b)| self.no_over_coordination(a).filter(|_| self.tail_ok(b)));
        match quantified {
            Some(false) => return Some(Stance::Deny),
            Some(true) => return Some(Stance::Mention),
            None => {}
        }
        if self.is_definition_or_choice() && !self.has(C::UseVerb) && !self.lifetime() {
            return Some(Stance::Mention);
        }
        Some(Stance::Affirm)
    }

    /// A "no" determiner whose noun phrase is coordinated and reaches the word at
    /// `a`: "no scripts or cookies", "keine Tracker und keine Cookies". `Some(true)`
    /// when the phrase is about third parties ("no third-party scripts or cookies").
    fn no_over_coordination(&self, a: usize) -> Option<bool> {
        let mut coordinated = false;
        let mut third = false;
        let mut k = a;
        while k > 0 && a - k < 6 {
            k -= 1;
            if self.t.brk[k + 1] || self.is(k, C::UseVerb) || self.is(k, C::ShareVerb) {
                return None;
            }
            let w = self.tok(k);
            match w {
                "or" | "and" | "nor" | "oder" | "und" | "ou" | "et" | "o" | "y" => {
                    coordinated = true
                }
                // Dutch "of" / "en" ("or" / "and"); English "of" is no coordinator.
                "of" | "en" if self.lang == "nl" => coordinated = true,
                "no" | "kein" | "keine" | "keinerlei" | "aucun" | "aucune" | "geen" | "ningún"
                | "ninguna" => return (coordinated || a - k == 1).then_some(third),
                _ if w.starts_with("third") || w.starts_with("dritt") || w == "external" => {
                    third = true
                }
                _ => {}
            }
        }
        None
    }

    /// How long the site's cookies live ("the cookie is deleted when you close your
    /// browser", "session cookies expire ..."): a practice, not a choice.
    fn lifetime(&self) -> bool {
        !self.defines()
            && (0..self.n()).any(|k| {
                let w = self.tok(k);
                w.starts_with("expir")
                    || w == "session"
                    || (matches!(w, "close" | "closes" | "quit" | "exit")
                        && k > 0
                        && matches!(self.tok(k - 1), "you" | "when" | "user"))
            })
    }

    pub(super) fn beacons(&self) -> Option<Stance> {
        let b = self.hits(C::Beacon);
        if b.is_empty() {
            return None;
        }
        if self.is_question() {
            return Some(Stance::Mention);
        }
        if self.plain_denial(b[0].0, b[0].1) {
            return Some(Stance::Deny);
        }
        if self.defines() && !self.has(C::UseVerb) {
            return Some(Stance::Mention);
        }
        Some(Stance::Affirm)
    }

    /// Whether the technology at tokens `a..b` is flatly denied.
    pub(super) fn plain_denial(&self, a: usize, b: usize) -> bool {
        // Active: "(we) do not use/set/place (any) X".
        let mut j = a;
        while j > 0
            && (matches!(
                self.tok(j - 1),
                "any" | "the" | "of" | "de" | "des" | "任" | "何" | "tracking" | "web" | "on"
            ) || self.company[j - 1])
            && a - j < 3
        {
            j -= 1;
        }
        // "our emails contain no pixels", "the app has no cookies".
        let contains_none = j >= 2
            && NEG_DETERMINERS.contains(&self.tok(j - 1))
            && (CONTAIN_VERBS.contains(&self.tok(j - 2))
                || matches!(
                    self.tok(j - 2),
                    "contains" | "includes" | "has" | "carries" | "are" | "is"
                ));
        // "our emails do not include pixels", "the page does not load trackers".
        let contain_denied = j > 0
            && (CONTAIN_VERBS.contains(&self.tok(j - 1))
                || matches!(self.tok(j - 1), "embed" | "load" | "allow" | "run" | "put"))
            && self.negated(j - 1);
        // "a cookie-free website", "Cookies: none", "no usage statistics,
        // crash reports or cookies are collected", "Nope, no cookies here".
        if (b < self.n() && self.tok(b) == "free" && !self.t.brk[b])
            || self.answered_no(b)
            || (self.in_denied_subject(a) && self.tail_ok(b))
        {
            return true;
        }
        // "We run this site without cookies" (not the reader's "you can browse
        // without cookies").
        // "We cannot operate without cookies" is the opposite: a negation
        // before "without" turns it round.
        if j > 0
            && self.tok(j - 1) == "without"
            && !self.any_in(0, j, C::You)
            && !(0..j).any(|k| self.neg[k])
            && self.tail_ok(b)
        {
            return true;
        }
        let active = contains_none
            || contain_denied
            || j > 0
                && ((self.is(j - 1, C::UseVerb)
                    && (self.negated(j - 1) || self.coord_negated(j - 1)))
                    || (self.neg[j - 1]
                        && (j < 2
                            || self.is(j - 2, C::UseVerb)
                            || self.latin_free_order
                            || self.t.tok(j - 1) == "不")));
        // Passive: "X are not used", "no X are used".
        let passive = {
            let neg_before = a > 0 && self.neg[a - 1] && NEG_DETERMINERS.contains(&self.tok(a - 1));
            let k = b;
            // "no cookies are stored / saved / installed".
            let verb = (k..(k + 4).min(self.n())).find(|&x| {
                self.is(x, C::UseVerb)
                    || matches!(self.tok(x), "stored" | "saved" | "installed" | "dropped")
            });
            match verb {
                Some(v)
                    if (neg_before || self.negated(v))
                        && (k..v).all(|x| {
                            matches!(
                                self.tok(x),
                                "are"
                                    | "is"
                                    | "not"
                                    | "never"
                                    | "be"
                                    | "will"
                                    | "t"
                                    | "aren"
                                    | "isn"
                            )
                        }) =>
                {
                    return self.tail_ok(v + 1);
                }
                _ => false,
            }
        };
        (active || passive) && self.tail_ok(b)
    }

    /// Whether a new coordinated clause starts at token `k` ("... and uses no
    /// analytics", "... or use web beacons", "... and we never sell"): a verb of use
    /// or a subject, so what came before was a complete statement.
    pub(super) fn clause_starts(&self, k: usize) -> bool {
        k < self.n()
            && (self.is(k, C::UseVerb)
                || matches!(
                    self.tok(k),
                    "we" | "it" | "this" | "they" | "our" | "never" | "nor"
                ))
    }

    /// Whether the use verb at `i` continues a negated coordination: "we do not
    /// set cookies or use web beacons" — `use` follows `or` after a negated use verb
    /// whose object is technology or a purpose.
    pub(super) fn coord_negated(&self, i: usize) -> bool {
        if i < 2 || !matches!(self.tok(i - 1), "or" | "nor") {
            return false;
        }
        let mut m = i - 1;
        while m > 0 && i - m < 8 {
            m -= 1;
            if self.is(m, C::UseVerb) {
                return self.negated(m);
            }
            let filler = self.is(m, C::CookieTech)
                || self.is(m, C::Beacon)
                || matches!(
                    self.tok(m),
                    "any" | "the" | "other" | "similar" | "technologies" | "or" | "and" | ","
                );
            if !filler {
                return false;
            }
        }
        false
    }

    /// Whether the rest of the sentence from token `k` adds no qualification: only
    /// more technology names, or "on this site" and the like.
    pub(super) fn tail_ok(&self, mut k: usize) -> bool {
        let n = self.n();
        while k < n
            && (self.is(k, C::CookieTech)
                || self.is(k, C::Beacon)
                // "no Meta pixel, no TikTok pixel": a list of denied names.
                || self.company[k]
                || matches!(self.tok(k), "no" | "zero")
                || (matches!(self.tok(k), "and" | "or" | "nor" | ",") && self.clause_starts(k + 1))
                || matches!(
                    self.tok(k),
                    "or" | "and"
                        | "other"
                        | "similar"
                        | "any"
                        | "nor"
                        | "technologies"
                        | "such"
                        | "as"
                        | "tracking"
                        | "web"
                        // "ni píxeles de seguimiento", "ou pixels de suivi".
                        | "ni"
                        | "ou"
                        | "o"
                        | "oder"
                        | "y"
                        | "et"
                        | "und"
                        | "de"
                        | "seguimiento"
                        | "suivi"
                        // "不使用任何Cookie或类似技术".
                        | "或"
                        | "和"
                        | "及"
                        | "与"
                        | "类"
                        | "似"
                        | "技"
                        | "术"
                        | "等"
                ))
        {
            k += 1;
        }
        if k >= n
            || (k > 0
                && matches!(self.tok(k - 1), "and" | "or" | "nor" | ",")
                && self.clause_starts(k))
        {
            return true;
        }
        // "we do not use cookies, do not collect ...", "no pixels, so we cannot
        // see ...": a new clause after a break.
        if self.t.brk[k]
            && (self.clause_starts(k)
                || matches!(
                    self.tok(k),
                    "do" | "does" | "don" | "so" | "and" | "but" | "because"
                ))
        {
            return true;
        }
        // A German verb particle closing the clause: "Wir setzen keine Cookies ein";
        // an emphatic last word: "no cookies here", "no pixels, nothing".
        if k + 1 == n
            && matches!(
                self.tok(k),
                "ein" | "an" | "auf" | "mit" | "zu" | "here" | "nothing" | "whatsoever" | "ever"
            )
        {
            return true;
        }
        if self.is(k, C::Qualifier) {
            return false;
        }
        // "... when you visit our site": the occasion, not a qualification.
        let occasion = |j: usize| {
            matches!(self.tok(j), "when" | "while" | "whenever")
                && j + 1 < n
                && self.tok(j + 1) == "you"
        };
        // "... at all; your session is held in memory": the place ends the clause.
        let place_ends = self
            .hits(C::SitePlace)
            .iter()
            .any(|&(x, y)| x == k && (y >= n || self.t.brk[y]));
        occasion(k)
            || (self.is(k, C::SitePlace)
                && (n - k <= 6 || place_ends || (k + 1..n).take(5).any(occasion)))
    }

    /// Third parties set cookies / collect on the site: "third-party cookies",
    /// "advertisers may use cookies", "third parties may collect information",
    /// "Google Analytics uses cookies". Denied when that is negated ("we do not
    /// allow third parties to place cookies").
    pub(super) fn third_party_cookies(&self, named: bool) -> Option<Stance> {
        let tech = self.has(C::CookieTech) || self.has(C::Beacon);
        let direct = self.hits(C::TpCookie);
        let mut affirm = false;
        let mut deny = false;
        // Third-party actors: the lexicon's, and companies named by the alias
        // list ("YouTube may set cookies ...").
        let lexical = self.hits(C::TpActor).len();
        let mut actors = self.hits(C::TpActor).to_vec();
        let mut k = 0;
        while k < self.n() {
            if self.company[k] {
                let start = k;
                while k < self.n() && self.company[k] {
                    k += 1;
                }
                if !actors.iter().any(|&(a, b)| a <= start && start < b) {
                    actors.push((start, k));
                }
            } else {
                k += 1;
            }
        }
        // A named company may be the site itself ("Instagram does not collect
        // ..."): it can affirm a third party's cookies, never deny them.
        let companies: Vec<(usize, usize)> = actors.split_off(lexical);
        let is_named = |a: usize| companies.iter().any(|&(x, _)| x == a);
        // "We do not use Google Analytics": a named company that is denied
        // affirms nothing.
        let named =
            named && (companies.is_empty() || companies.iter().any(|&(x, _)| !self.negated(x)));
        actors.extend(companies.iter().copied());
        actors.sort_unstable();
        for &(a, b) in &actors {
            // "third-party tracking cookies": the actor word modifies the
            // technology; the direct hit decides.
            if direct.iter().any(|&(x, y)| x <= a && a < y) {
                continue;
            }
            let weak = matches!(
                self.tok(a),
                "they" | "networks" | "partners" | "vendors" | "service" | "provider"
            );
            // "we permit / allow / engage third parties to collect ...".
            let permit = (a.saturating_sub(4)..a).find(|&k| {
                let w = self.tok(k);
                [
                    "allow", "permit", "let", "enabl", "authoriz", "engag", "contract", "partner",
                ]
                .iter()
                .any(|p| w.starts_with(p))
            });
            let permitted = permit.is_some();
            // "We do not allow advertisers to place cookies": the refused
            // permission denies what it would have allowed.
            let refused = permit.is_some_and(|k| self.negated(k));
            if weak && !self.has(C::Third) {
                continue;
            }
            let verbs: Vec<usize> = (b..(b + 8 * self.width(a)).min(self.n()))
                .filter(|&k| self.is(k, C::Track) || (tech && self.is(k, C::UseVerb)))
                .collect();
            // The third party is the subject of a collecting verb: "third parties
            // may collect information", "advertisers will not track you".
            let subject = (b..(b + 4).min(self.n())).find(|&k| {
                let w = self.tok(k);
                w.starts_with("collect")
                    || w.starts_with("gather")
                    || w.starts_with("track")
                    || w.starts_with("record")
                    || w.starts_with("obtain")
                    || w.starts_with("apply")
            });
            let subject = subject.filter(|&v| {
                (b..v).all(|k| {
                    matches!(
                        self.tok(k),
                        "may"
                            | "might"
                            | "can"
                            | "could"
                            | "will"
                            | "also"
                            | "do"
                            | "does"
                            | "not"
                            | "t"
                            | "don"
                            | "doesn"
                            | "automatically"
                            | "independently"
                    ) || (permitted && self.tok(k) == "to")
                })
            });
            // "We and third parties that provide content ... may use cookies": a
            // subject shared with the site, its verb later in the sentence.
            let joint = (a.saturating_sub(4)..a).any(|k| matches!(self.tok(k), "we" | "us"))
                && (a.saturating_sub(3)..a).any(|k| matches!(self.tok(k), "and" | "or"));
            let verbs = if let (true, Some(v)) = (verbs.is_empty(), subject) {
                vec![v]
            } else if joint && verbs.is_empty() {
                (b..self.n())
                    .filter(|&k| self.is(k, C::Track) || (tech && self.is(k, C::UseVerb)))
                    .take(1)
                    .collect()
            } else {
                verbs
            };
            if let Some(&v) = verbs.first() {
                // A refused permission only over the cookies themselves, not
                // over some data ("we do not allow them to collect your card
                // number" still lets them set cookies).
                let refused = refused
                    && (v + 1..(v + 4).min(self.n()))
                        .find(|&k| self.is(k, C::CookieTech))
                        .is_some_and(|c| !self.any_in(v + 1, c, C::InfoObj));
                if self.negated(v) || (a > 0 && self.neg[a - 1]) || refused {
                    deny |= !is_named(a);
                } else if tech
                    || self.cross_site()
                    || (subject.is_some() && !weak)
                    || (joint && self.is(v, C::Track) && v - b <= 3)
                {
                    affirm = true;
                }
            }
        }
        // Passive with the third party as agent: "information ... collected by
        // third parties", "cookies placed by advertisers".
        let by_agent_at = (1..self.n()).find(|&k| {
            // "by advertisers", "by our advertising partners", "by Google".
            let agent = (k + 1..(k + 3).min(self.n()))
                .take_while(|&j| {
                    j == k + 1
                        || matches!(
                            self.tok(j - 1),
                            "our" | "their" | "its" | "these" | "the" | "such"
                        )
                })
                .any(|j| self.is(j, C::TpActor) || self.company[j]);
            self.tok(k) == "by"
                && agent
                && (k.saturating_sub(4)..k).any(|j| {
                    (self.is(j, C::Track) && self.tok(j).ends_with("ed"))
                        // "cookies set by us or by third parties", "cookies ...
                        // provided by third parties": placed on the site by them.
                        || (tech
                            && matches!(
                                self.tok(j),
                                "set" | "placed" | "served" | "dropped" | "stored"
                                    | "deployed" | "provided" | "owned" | "operated"
                            ))
                })
        });
        // "None of the cookies are set by advertisers": the agent's placing denied.
        let by_agent_denied = by_agent_at.is_some_and(|k| self.negated(k.saturating_sub(1)));
        let by_agent = by_agent_at.is_some() && !by_agent_denied;
        if by_agent_denied && tech {
            deny = true;
        }
        // "This policy does not apply to information collected by third parties":
        // the scope of the policy, not a practice on the site.
        let negated_word = |words: &[&str]| {
            (0..self.n()).any(|k| {
                words.contains(&self.tok(k)) && (k.saturating_sub(3)..k).any(|j| self.neg[j])
            })
        };
        // A relative clause ("cookies of services provided by third parties that
        // are not covered by our policy") qualifies the noun; the main clause
        // still says the cookies are used.
        let relative = |words: &[&str]| {
            (0..self.n()).any(|k| {
                words.contains(&self.tok(k))
                    && (k.saturating_sub(4)..k).any(|j| matches!(self.tok(j), "that" | "which"))
            })
        };
        let scope = ["apply", "applies", "cover", "covers", "covered"];
        if negated_word(&scope) && !(by_agent && tech && relative(&scope)) {
            return None;
        }
        // "We have no control over information collected by them" alone does not
        // say that they collect on the site; cookies set by them are on it.
        let by_agent = by_agent && (tech || !negated_word(&["control"]));
        let collecting = self
            .hits(C::Track)
            .iter()
            .any(|&(a, _)| self.tok(a).starts_with("collect"));
        if by_agent && (tech || collecting) {
            affirm = true;
        }
        // A named company next to cookies counts when it is not just where to find
        // help ("see the Adobe website to manage Flash cookies").
        // "We use Matomo, which does not use cookies": the company's cookies
        // denied are none on the site.
        let tech_stated = self
            .hits(C::CookieTech)
            .iter()
            .chain(self.hits(C::Beacon))
            .any(|&(a, b)| !self.plain_denial(a, b));
        if named
            && ((tech && tech_stated) || self.cross_site())
            && !self.is_pointer()
            && !self.is_definition_or_choice()
        {
            affirm = true;
        }
        // The industry opt-out pages (NAI, DAA, EDAA) exist for the cookies of
        // third-party ad networks: pointing users to them says such cookies are used.
        if self.industry_opt_out() {
            affirm = true;
        }
        // "You can opt out of Google Analytics here": an opt-out from a named
        // tracking company's collection on the site.
        let mail = (0..self.n()).any(|k| {
            let w = self.tok(k);
            w.contains("mail") || w.starts_with("newsletter") || w.starts_with("unsubscrib")
        });
        if named && self.has(C::OptOut) && !mail && !self.is_pointer() && !self.describes_policy() {
            affirm = true;
        }
        // "no third-party scripts or cookies".
        if self
            .hits(C::CookieTech)
            .iter()
            .any(|&(a, b)| self.no_over_coordination(a) == Some(true) && self.tail_ok(b))
        {
            deny = true;
        }
        for &(a, _) in direct {
            if self.negated(a) {
                deny = true;
            } else {
                affirm = true;
            }
        }
        if self.is_pointer() || self.describes_policy() {
            return None;
        }
        if affirm {
            Some(Stance::Affirm)
        } else if deny {
            Some(Stance::Deny)
        } else {
            None
        }
    }

    /// A pointer to the advertising industry's opt-out pages, offered as a choice.
    fn industry_opt_out(&self) -> bool {
        (0..self.n()).any(|k| {
            let w = self.tok(k);
            let tool = [
                "networkadvertising",
                "aboutads",
                "youronlinechoices",
                "youradchoices",
            ]
            .iter()
            .any(|p| w.starts_with(p))
                || (matches!(w, "advertising" | "advertisers")
                    && k >= 1
                    && k + 1 < self.n()
                    && matches!(self.tok(k - 1), "network" | "digital" | "interactive")
                    && matches!(self.tok(k + 1), "initiative" | "alliance"));
            tool && !self.negated(k)
        }) && self.has(C::OptOut)
    }

    /// "over time and across different websites", "on other sites".
    pub(super) fn cross_site(&self) -> bool {
        self.hits(C::Track)
            .iter()
            .any(|&(a, b)| b - a >= 2 || self.tok(a) == "across")
    }
}
