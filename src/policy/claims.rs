//! Rule-based claim extraction: in goes a policy's plain text (and the company
//! aliases to look for), out come its [`Claim`]s — claim id, stance, hedge,
//! typed exceptions, named party or date, and the quoted sentence with its byte
//! range — in text order. No learning: word lists (see `lexicon.rs`) plus rules
//! for negation scope, exceptions, hedges and purposes.
//!
//! Why rules and not a crate or a model: no maintained Rust crate reads privacy
//! claims, and a learned classifier would need a model file, a runtime and
//! training data we may not ship (the evaluation corpora are research-only).
//! Rules also explain themselves: every claim carries the `cue` and `negation`
//! words that decided it (`explain.rs`), which an auditor can check in one line.
#![deny(clippy::string_slice)]

use super::dates::last_updated;
use super::lexicon::{find_hits, tokenize, Tokens, C};
use super::negation::answer;
use super::parties::{PartyMatcher, ANALYTICS_VENDORS, BUILTIN_PARTIES, REPLAY_VENDORS};
use super::practice::is_heading;
use super::{lang, sentences};
use crate::model::{Claim, ClaimKind, Exception, Stance};

/// The built-in alias list, (alias as written, canonical company).
pub fn builtin_parties() -> Vec<(String, String)> {
    BUILTIN_PARTIES
        .iter()
        .map(|(a, c)| (a.to_string(), c.to_string()))
        .collect()
}

/// Extracts the claims a policy text makes. `parties` are (alias, canonical
/// company) pairs to report as `named_party` claims.
///
/// The `cookies` claim covers cookies and similar tracking technologies (local
/// storage, pixels, web beacons); beacons and pixels also yield `web_beacons`.
pub fn extract(text: &str, parties: &[(String, String)]) -> Vec<Claim> {
    extract_with(text, &Parties::new(parties))
}

/// Company aliases compiled once, for extracting claims from many texts.
pub struct Parties(PartyMatcher);

impl Parties {
    /// Compiles (alias, canonical company) pairs.
    pub fn new(parties: &[(String, String)]) -> Parties {
        Parties(PartyMatcher::new(parties))
    }
}

/// [`extract`] with aliases compiled once by [`Parties::new`].
pub fn extract_with(text: &str, parties: &Parties) -> Vec<Claim> {
    let lang = lang::detect(text);
    let pm = &parties.0;
    let mut out: Vec<Claim> = Vec::new();
    // Sentences since the last one about Do Not Track ("These signals ...").
    let mut since_dnt = usize::MAX;
    // Sentences since the last one about third-party sharing (list items follow it).
    let mut since_share = usize::MAX;
    let mut prev_share_deny: Option<usize> = None;
    // Claims of the previous sentence when it was a question ("Do we sell your
    // data?"): a bare "No." or "Yes." after it answers it.
    let mut question: Option<std::ops::Range<usize>> = None;
    for r in sentences::split(text) {
        let Some(s) = text.get(r.clone()) else {
            continue;
        };
        let t = tokenize(s);
        if let Some(q) = question.take() {
            answer(&t, &mut out[q]);
        }
        let h = find_hits(&t);
        let spans = pm.find_spans(s, &t);
        let mut named: Vec<String> = Vec::new();
        for (_, _, canon) in &spans {
            if !named.contains(canon) {
                named.push(canon.clone());
            }
        }
        let mut cx = Cx::new(s, &t, h, lang);
        for (a, b, _) in spans {
            for x in cx.company.iter_mut().take(b).skip(a) {
                *x = true;
            }
        }
        let mut found: Vec<(ClaimKind, Stance, bool, Vec<Exception>, String)> = Vec::new();
        if !is_table_of_contents(s) && !is_heading(s) {
            cx.rules(
                since_dnt <= 2,
                since_share <= 3,
                !named.is_empty(),
                &mut found,
            );
            // A sentence about the document ("This policy explains ...", "Click the
            // links below to jump to each section") still mentions the tracking
            // technologies it names, but states no practice.
            if cx.describes_policy() {
                found.retain(|f| {
                    matches!(
                        f.0,
                        ClaimKind::Cookies
                            | ClaimKind::WebBeacons
                            | ClaimKind::Dnt
                            | ClaimKind::Gpc
                    )
                });
            }
        }
        for party in named {
            // An analytics company used by name is analytics, unless the site runs
            // it on its own servers ("a self-hosted Matomo"): then no third party
            // measures the visit.
            let stance = cx.party_stance();
            // The party list may name the company ("Plausible Insights") where
            // the vendor list names the product.
            if ANALYTICS_VENDORS.iter().any(|v| party.starts_with(v))
                && stance != Stance::Mention
                && !found.iter().any(|f| f.0 == ClaimKind::Analytics)
                && !cx.self_hosted()
                && !is_table_of_contents(s)
                && !is_heading(s)
            {
                found.push((
                    ClaimKind::Analytics,
                    stance,
                    cx.hedged(),
                    Vec::new(),
                    party.clone(),
                ));
            }
            found.push((
                ClaimKind::NamedParty,
                cx.party_stance(),
                cx.hedged(),
                Vec::new(),
                party.clone(),
            ));
            if REPLAY_VENDORS.iter().any(|v| party.starts_with(v))
                && !found.iter().any(|f| f.0 == ClaimKind::SessionReplay)
            {
                found.push((
                    ClaimKind::SessionReplay,
                    Stance::Affirm,
                    cx.hedged(),
                    Vec::new(),
                    String::new(),
                ));
            }
        }
        if let Some(date) = cx.date.clone() {
            found.push((
                ClaimKind::LastUpdated,
                Stance::Affirm,
                false,
                Vec::new(),
                date,
            ));
        }
        since_dnt = if found
            .iter()
            .any(|f| matches!(f.0, ClaimKind::Dnt | ClaimKind::Gpc))
        {
            1
        } else {
            since_dnt.saturating_add(1)
        };
        since_share = if found.iter().any(|f| f.0 == ClaimKind::ThirdPartySharing) {
            0
        } else {
            since_share.saturating_add(1)
        };
        // "We do not share ... . However, we may share with X if you consent": the
        // next sentence states the exceptions of the denial.
        if let Some(k) = prev_share_deny.take() {
            if cx.starts_with_contrast()
                && found
                    .iter()
                    .any(|f| f.0 == ClaimKind::ThirdPartySharing && f.1 == Stance::Affirm)
            {
                let extra = cx.exception_kinds(None);
                let mut ex = std::mem::take(&mut out[k].exceptions);
                ex.extend(extra);
                ex.sort();
                ex.dedup();
                out[k].exceptions = ex;
            }
        }
        found.sort_by_key(|a| a.0);
        if cx.is_question() {
            question = Some(out.len()..out.len() + found.len());
        }
        for (claim, stance, hedged, mut exceptions, party) in found {
            exceptions.sort();
            exceptions.dedup();
            let (cue, negation) = cx.explain(claim, stance, &party);
            if claim == ClaimKind::ThirdPartySharing && stance == Stance::Deny {
                prev_share_deny = Some(out.len());
            }
            out.push(Claim {
                claim,
                stance,
                hedged,
                exceptions,
                party,
                cue,
                negation,
                quote: s.to_string(),
                start: r.start,
                end: r.end,
            });
        }
    }
    out
}

/// "We do not track you across sites" uses the words of the signal's name as a
/// plain negated verb: written in lower case and followed by no word naming a
/// signal, the hit is neither the Do Not Track signal nor a cancelled negation.
fn drop_verb_do_not_track(text: &str, t: &Tokens, h: &mut [Vec<(usize, usize)>]) {
    const SIGNAL_WORDS: &[&str] = &[
        "signal",
        "signals",
        "setting",
        "settings",
        "request",
        "requests",
        "header",
        "headers",
        "preference",
        "preferences",
        "feature",
        "features",
        "option",
        "options",
        "mechanism",
        "mechanisms",
        "standard",
        "standards",
        "browser",
        "function",
        "functionality",
        "instruction",
        "instructions",
        "command",
        "commands",
        "list",
        "registry",
        "policy",
        "dnt",
        "technology",
        "technologies",
        "flag",
        "disclosure",
        "disclosures",
        "choice",
        "choices",
        "protocol",
        "specification",
        "selection",
        "tool",
        "tools",
    ];
    let verb_use = |a: usize, b: usize| {
        if b != a + 3 || t.tok(a) != "do" {
            return false;
        }
        let written = text.get(t.spans[a].0..t.spans[b - 1].1).unwrap_or("");
        let lower = !written.chars().any(char::is_uppercase);
        let quoted = written.contains('"') || (a > 0 && t.brk[a] && t.brk.get(b) == Some(&true));
        let next = if b < t.spans.len() { t.tok(b) } else { "" };
        let prev = if a > 0 { t.tok(a - 1) } else { "" };
        lower
            && !quoted
            && !SIGNAL_WORDS.contains(&next)
            && !matches!(
                prev,
                "a" | "the" | "your" | "browser" | "browsers" | "to" | "of"
            )
            && !next.is_empty()
    };
    let drop: Vec<(usize, usize)> = h[C::Dnt as usize]
        .iter()
        .copied()
        .filter(|&(a, b)| verb_use(a, b))
        .collect();
    if drop.is_empty() {
        return;
    }
    h[C::Dnt as usize].retain(|x| !drop.contains(x));
    h[C::NegFalse as usize].retain(|x| !drop.contains(x));
}

/// Claims that state a practice of the site (or deny it): a question about
/// one can be answered "No." and a sentence about others' practice or a
/// company hypothetical only mentions it.
pub(super) fn is_practice(k: ClaimKind) -> bool {
    matches!(
        k,
        ClaimKind::Selling
            | ClaimKind::ThirdPartySharing
            | ClaimKind::Dnt
            | ClaimKind::Gpc
            | ClaimKind::Cookies
            | ClaimKind::WebBeacons
            | ClaimKind::ThirdPartyCookies
            | ClaimKind::Analytics
            | ClaimKind::Advertising
            | ClaimKind::Fingerprinting
            | ClaimKind::SessionReplay
            | ClaimKind::OptOut
    )
}

/// Whether a segment is a run of headings (a table of contents or navigation
/// bar): many words, nearly all capitalised. It names topics but claims nothing.
fn is_table_of_contents(s: &str) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "and", "or", "of", "to", "the", "for", "in", "on", "with", "we", "you", "your",
        "our", "by", "about", "how", "do", "is",
    ];
    let words: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().next().is_some_and(|c| c.is_alphabetic()))
        .collect();
    if words.len() < 10 || !words.iter().all(|w| w.is_ascii()) {
        return false;
    }
    let content: Vec<&&str> = words
        .iter()
        .filter(|w| !SMALL.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    let caps = content
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .count();
    caps * 10 >= content.len() * 8
}

/// One sentence under analysis.
pub(super) struct Cx<'a> {
    /// The policy date this sentence states, if any.
    pub(super) date: Option<String>,
    pub(super) t: &'a Tokens,
    pub(super) h: Vec<Vec<(usize, usize)>>,
    /// Token is a negation cue (not inside "do not track", "not limited to" ...).
    pub(super) neg: Vec<bool>,
    /// Concept membership per token, for quick "is token i a share verb" checks.
    pub(super) tok_in: Vec<u64>,
    pub(super) latin_free_order: bool,
    /// The policy's language ([`lang::detect`]).
    pub(super) lang: &'a str,
    /// The sentence as written (same byte offsets as `t.lower`), for capitals.
    pub(super) raw: &'a str,
    /// Token is part of a company's name (the alias list of [`Parties`]).
    pub(super) company: Vec<bool>,
    /// The sharing reading, computed once: the rules decide with it and the
    /// explanation names its verb ([`Cx::sharing`]).
    pub(super) sharing_read: std::cell::OnceCell<Option<(Stance, usize)>>,
}

impl<'a> Cx<'a> {
    pub(super) fn new(
        text: &'a str,
        t: &'a Tokens,
        h: Vec<Vec<(usize, usize)>>,
        lang: &'a str,
    ) -> Cx<'a> {
        let n = t.spans.len();
        let mut h = h;
        drop_verb_do_not_track(text, t, &mut h);
        let mut tok_in = vec![0u64; n];
        for (c, spans) in h.iter().enumerate() {
            for &(a, b) in spans {
                for x in tok_in.iter_mut().take(b).skip(a) {
                    *x |= 1 << c;
                }
            }
        }
        let mut neg = vec![false; n];
        for &(a, _) in &h[C::Neg as usize] {
            neg[a] = true;
        }
        for &(a, b) in &h[C::NegFalse as usize] {
            for x in neg.iter_mut().take(b).skip(a) {
                *x = false;
            }
        }
        for (i, x) in neg.iter_mut().enumerate() {
            let tok = t.tok(i);
            if tok == "t" && !(i > 0 && t.tok(i - 1).ends_with('n')) {
                *x = false;
            }
            if tok == "n" && lang != "fr" {
                *x = false;
            }
            if tok == "未" && i + 1 < n && t.tok(i + 1) == "经" {
                *x = false;
            }
        }
        Cx {
            date: last_updated(text, lang),
            t,
            h,
            neg,
            tok_in,
            latin_free_order: !matches!(lang, "en" | "und" | "zh" | "ja" | "ko"),
            lang,
            raw: text,
            company: vec![false; n],
            sharing_read: std::cell::OnceCell::new(),
        }
    }

    pub(super) fn hits(&self, c: C) -> &[(usize, usize)] {
        &self.h[c as usize]
    }

    pub(super) fn has(&self, c: C) -> bool {
        !self.h[c as usize].is_empty()
    }

    pub(super) fn is(&self, i: usize, c: C) -> bool {
        self.tok_in.get(i).is_some_and(|m| m & (1 << c as u64) != 0)
    }

    pub(super) fn n(&self) -> usize {
        self.t.spans.len()
    }

    pub(super) fn tok(&self, i: usize) -> &str {
        self.t.tok(i)
    }

    /// A sentence that defines a term ("A cookie is a small text file", "cookies
    /// are small files") rather than stating a practice: "cookies are" / "cookie
    /// is" count only before a describing word, not before "used", "set" ...
    pub(super) fn defines(&self) -> bool {
        self.hits(C::Definition).iter().any(|&(a, b)| {
            // "we may include pixels, which are small images, in our e-mails": a
            // relative clause describing the object of a practice the company states.
            if a > 0
                && matches!(self.tok(a - 1), "which" | "that")
                && (0..a - 1).any(|k| matches!(self.tok(k), "we" | "us" | "our"))
            {
                return false;
            }
            let copula = matches!(self.tok(b - 1), "are" | "is") && b - a == 2;
            !copula
                || (b < self.n()
                    && matches!(
                        self.tok(b),
                        "a" | "an"
                            | "small"
                            | "tiny"
                            | "little"
                            | "text"
                            | "simple"
                            | "pieces"
                            | "piece"
                            | "files"
                            | "data"
                            | "strings"
                            | "unique"
                            | "alphanumeric"
                            | "information"
                            | "identifiers"
                    ))
        })
    }

    pub(super) fn hedged(&self) -> bool {
        self.hedged_in(0, self.n())
    }

    /// Whether the clause of tokens `lo..hi` is hedged: "they may collect ..., but
    /// we do not disclose" hedges the first clause, not the denial.
    pub(super) fn hedged_in(&self, lo: usize, hi: usize) -> bool {
        // "You may opt out", "users can ...": the reader's permission, not the
        // company hedging what it does.
        self.hits(C::Hedge).iter().any(|&(a, _)| {
            (lo..hi).contains(&a)
                && (a == 0
                    || !matches!(
                        self.tok(a - 1),
                        "you" | "users" | "visitors" | "customers" | "members"
                    ))
        })
    }

    /// Whether any token in `lo..hi` is in concept `c`.
    pub(super) fn any_in(&self, lo: usize, hi: usize, c: C) -> bool {
        (lo..hi.min(self.n())).any(|k| self.is(k, c))
    }

    /// Whether the sentence opens with a contrast ("However", "But", "Except").
    pub(super) fn starts_with_contrast(&self) -> bool {
        (0..self.n().min(3)).any(|k| {
            matches!(
                self.tok(k),
                "however"
                    | "but"
                    | "except"
                    | "nevertheless"
                    | "notwithstanding"
                    | "jedoch"
                    | "cependant"
                    | "sin"
                    | "但"
                    | "但是"
            )
        })
    }

    /// Runs every claim rule over the sentence.
    pub(super) fn rules(
        &self,
        prev_dnt: bool,
        share_ctx: bool,
        named: bool,
        found: &mut Vec<(ClaimKind, Stance, bool, Vec<Exception>, String)>,
    ) {
        let hedged = self.hedged();
        // Sharing stance, its verb and, for a denial, its typed exceptions.
        let sharing = self.sharing().map(|(st, v)| {
            let ex = if st == Stance::Deny {
                self.exception_kinds(Some(v))
            } else {
                Vec::new()
            };
            (st, v, ex)
        });
        // A denial of sharing with an exception we cannot type ("other than as
        // described in this policy", "except where stated"): a hedged denial.
        let open_denial = sharing.as_ref().is_some_and(|(st, v, ex)| {
            let (lo, hi) = self.clause_of(*v);
            *st == Stance::Deny && ex.is_empty() && self.any_in(lo, hi, C::ExcCue)
        });
        let no_own_practice = self.states_no_own_practice();
        let mut push = |k: ClaimKind, st: Stance, ex: Vec<Exception>| {
            let open = open_denial && k == ClaimKind::ThirdPartySharing && st == Stance::Deny;
            let st = if is_practice(k) && no_own_practice {
                Stance::Mention
            } else {
                st
            };
            found.push((k, st, hedged || open, ex, String::new()))
        };
        if let Some(st) = self.cookies() {
            push(ClaimKind::Cookies, st, Vec::new());
        }
        if let Some(st) = self.beacons() {
            push(ClaimKind::WebBeacons, st, Vec::new());
        }
        if let Some(st) = self.third_party_cookies(named) {
            push(ClaimKind::ThirdPartyCookies, st, Vec::new());
        }
        if let Some(st) = self.purpose(C::Analytics) {
            push(ClaimKind::Analytics, st, Vec::new());
        }

        if self.has(C::Replay) {
            push(
                ClaimKind::SessionReplay,
                self.simple_stance(C::Replay),
                Vec::new(),
            );
        }
        let shared = sharing.is_some();
        if let Some((st, v, ex)) = sharing {
            // "We do not share your data" with no exception at all: nor is it sold.
            // Only the denial's own clause may not hedge ("they may collect ...,
            // but we do not disclose any of your details").
            let (lo, hi) = self.clause_of(v);
            if st == Stance::Deny
                && ex.is_empty()
                && !self.hedged_in(lo, hi)
                && !self.has(C::SellVerb)
                && !self.any_in(lo, hi, C::ExcCue)
                && !self.has(C::ExcConsent)
            {
                push(ClaimKind::Selling, Stance::Deny, Vec::new());
            }
            push(ClaimKind::ThirdPartySharing, st, ex);
        }
        if let Some(st) = self.advertising() {
            push(ClaimKind::Advertising, st, Vec::new());
        }
        // "We may disclose your information if required by law": data given to an
        // authority is data given to a third party.
        let legal = self.legal_disclosure(share_ctx);
        if legal && !shared && self.discloses_for_law() {
            push(ClaimKind::ThirdPartySharing, Stance::Affirm, Vec::new());
        }
        if let Some((st, v)) = self.selling() {
            let ex = if st == Stance::Deny {
                self.exception_kinds(Some(v))
            } else {
                Vec::new()
            };
            push(ClaimKind::Selling, st, ex);
        }
        if let Some(st) = self.signal(C::Dnt, prev_dnt) {
            push(ClaimKind::Dnt, st, Vec::new());
        }
        if let Some(st) = self.signal(C::Gpc, false) {
            push(ClaimKind::Gpc, st, Vec::new());
        }
        if let Some(st) = self
            .opt_out()
            .or_else(|| self.choice_over_practice().then_some(Stance::Affirm))
        {
            push(ClaimKind::OptOut, st, Vec::new());
        }
        if self.browser_controls() {
            push(ClaimKind::BrowserControls, Stance::Affirm, Vec::new());
        }
        if self.has(C::Consent) {
            push(ClaimKind::Consent, Stance::Affirm, Vec::new());
        }
        if let Some(st) = self.children() {
            push(ClaimKind::Children, st, Vec::new());
        }
        if self.merger() {
            push(ClaimKind::MergerTransfer, Stance::Affirm, Vec::new());
        }
        if legal {
            push(ClaimKind::LegalDisclosure, Stance::Affirm, Vec::new());
        }
        if self.policy_change() && self.date.is_none() && !self.describes_policy() {
            push(ClaimKind::PolicyChange, Stance::Mention, Vec::new());
        }
        if self.retention() {
            push(ClaimKind::DataRetention, Stance::Mention, Vec::new());
        }
        if self.security() {
            push(ClaimKind::DataSecurity, Stance::Affirm, Vec::new());
        }
        if let Some(st) = self.fingerprinting() {
            push(ClaimKind::Fingerprinting, st, Vec::new());
        }
        if self.has(C::Intl) {
            push(
                ClaimKind::InternationalTransfer,
                self.simple_stance(C::Intl),
                Vec::new(),
            );
        }
    }

    /// Hits of `c` that do not overlap a hit of `false_c`.
    pub(super) fn without(&self, c: C, false_c: C) -> bool {
        let bad = self.hits(false_c);
        self.hits(c)
            .iter()
            .any(|&(a, b)| !bad.iter().any(|&(x, y)| a < y && x < b))
    }

    /// Deny when a hit of `c` is itself negated ("you cannot opt out"), else affirm.
    pub(super) fn simple_stance(&self, c: C) -> Stance {
        if self.hits(c).iter().all(|&(a, _)| self.negated(a)) {
            Stance::Deny
        } else {
            Stance::Affirm
        }
    }

    pub(super) fn children(&self) -> Option<Stance> {
        if !self.without(C::Children, C::ChildrenFalse) {
            return None;
        }
        let verbs: Vec<usize> = (0..self.n())
            .filter(|&k| {
                self.is(k, C::Track)
                    || self.is(k, C::UseVerb)
                    || matches!(
                        self.tok(k),
                        "directed" | "intended" | "targeted" | "solicit"
                    )
            })
            .collect();
        if !verbs.is_empty() && verbs.iter().all(|&k| self.negated(k)) {
            Some(Stance::Deny)
        } else if !verbs.is_empty() {
            Some(Stance::Affirm)
        } else {
            Some(Stance::Mention)
        }
    }

    /// Disclosure for legal reasons: a legal trigger ("required by law", "subpoena",
    /// "law enforcement") together with a disclosure verb, or as an item of a
    /// disclosure list that a recent sentence introduced (`share_ctx`).
    pub(super) fn legal_disclosure(&self, share_ctx: bool) -> bool {
        // "in accordance with applicable law", "to the extent permitted by law": a
        // manner of doing something else, not a legal demand.
        let manner = |a: usize| {
            (a.saturating_sub(3)..a).any(|k| {
                matches!(
                    self.tok(k),
                    "accordance" | "consistent" | "manner" | "extent" | "subject"
                )
            })
        };
        let strong = self.hits(C::Legal).iter().any(|&(a, b)| {
            (!manner(a) && b - a >= 2)
                || matches!(
                    self.tok(a),
                    "subpoena"
                        | "subpoenas"
                        | "judicial"
                        | "litigation"
                        | "warrant"
                        | "warrants"
                        | "法"
                        | "司"
                        | "政"
                )
        });
        let verb = self.has(C::LegalVerb)
            || self
                .hits(C::ShareVerb)
                .iter()
                .any(|&(_, b)| self.any_in(b, b + 3, C::InfoObj));
        strong && (verb || share_ctx)
    }

    /// A disclosure verb of the company's own, asserted and not negated ("we may
    /// release your information"), in a legal-disclosure sentence.
    fn discloses_for_law(&self) -> bool {
        self.hits(C::LegalVerb)
            .iter()
            .chain(self.hits(C::ShareVerb))
            .any(|&(a, _)| self.asserts(a) && !self.negated(a) && !self.user_or_reference(a))
    }

    pub(super) fn policy_change(&self) -> bool {
        // Another document: "our security policies", "Terms of Service".
        let other_doc = |x: usize, y: usize| {
            (x > 0
                && matches!(
                    self.tok(x - 1),
                    "security" | "retention" | "return" | "returns" | "refund" | "shipping"
                ))
                || (self.tok(x) == "terms" && y < self.n() && self.tok(y) == "of")
        };
        let docs: Vec<(usize, usize)> = self
            .hits(C::PolicyDoc)
            .iter()
            .copied()
            .filter(|&(x, y)| !other_doc(x, y))
            .collect();
        self.hits(C::Change).iter().any(|&(a, b)| {
            docs.iter()
                .any(|&(x, y)| (x < a && a - y.min(a) <= 10) || (x >= b && x - b <= 6))
        })
    }

    /// "a self-hosted install", "on our own servers": software the site runs itself.
    pub(super) fn self_hosted(&self) -> bool {
        (1..self.n()).any(|k| {
            (self.tok(k - 1) == "self" && self.tok(k).starts_with("host"))
                || (self.tok(k - 1) == "own"
                    && matches!(self.tok(k), "server" | "servers" | "infrastructure"))
        })
    }

    /// Stance of a named party: deny when its use is negated, else affirm.
    pub(super) fn party_stance(&self) -> Stance {
        let uses: Vec<usize> = (0..self.n())
            .filter(|&k| self.is(k, C::UseVerb) || self.is(k, C::ShareVerb))
            .collect();
        if !uses.is_empty() && uses.iter().all(|&k| self.negated(k)) {
            Stance::Deny
        } else if uses.is_empty() && !self.has(C::Track) && !self.has(C::Third) {
            Stance::Mention
        } else {
            Stance::Affirm
        }
    }
}

#[cfg(test)]
#[path = "claims_tests.rs"]
mod tests;
