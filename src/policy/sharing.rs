//! Sharing rules of the claim extractor: in goes one analysed sentence
//! ([`Cx`]), out come the third_party_sharing stance, the verb that decided it
//! and the typed exceptions of a denial (clause-scoped); selling is in
//! `selling.rs`.
#![deny(clippy::string_slice)]

use super::claims::Cx;
use super::lexicon::{is_cjk, C};
use super::negation::NEG_DETERMINERS;
use crate::model::{Exception, Stance};

impl Cx<'_> {
    /// Token-window multiplier: Han/Kana/Hangul tokens are single characters, so
    /// windows around them are three times wider.
    pub(super) fn width(&self, i: usize) -> usize {
        if self.tok(i).chars().next().is_some_and(is_cjk) {
            3
        } else {
            1
        }
    }

    /// The clause around token `v`: clauses split at "and/but/while" followed by a
    /// subject pronoun ("..., and in particular we will not sell ...").
    pub(super) fn clause_of(&self, v: usize) -> (usize, usize) {
        let boundary = |k: usize| {
            k > 0
                && matches!(
                    self.tok(k - 1),
                    "and" | "but" | "while" | "whereas" | "also"
                )
                && matches!(self.tok(k), "we" | "it" | "they" | "in" | "our")
        };
        let lo = (1..=v).rev().find(|&k| boundary(k)).unwrap_or(0);
        let hi = (v + 1..self.n()).find(|&k| boundary(k)).unwrap_or(self.n());
        (lo, hi)
    }

    /// Typed exceptions of the denial decided at token `v`: categories named after
    /// an exception cue ("except", "unless", "other than", "without" ...) in the
    /// same clause, and consent phrases. With `v == None`, the whole sentence
    /// counts (used for a follow-up "However, ..." sentence).
    pub(super) fn exception_kinds(&self, v: Option<usize>) -> Vec<Exception> {
        let (lo, hi) = match v {
            Some(v) => self.clause_of(v),
            None => (0, self.n()),
        };
        let inside = |c: C, from: usize| self.hits(c).iter().any(|&(a, _)| a >= from && a < hi);
        let cue = if v.is_none() {
            Some(lo)
        } else {
            self.hits(C::ExcCue)
                .iter()
                .map(|x| x.0)
                .find(|&a| a >= lo && a < hi)
        };
        let mut ex = Vec::new();
        if inside(C::ExcConsent, lo) {
            ex.push(Exception::Consent);
        }
        if let Some(cue) = cue {
            if inside(C::ExcAffiliates, cue) {
                ex.push(Exception::Affiliates);
            }
            if inside(C::ExcProviders, cue) {
                ex.push(Exception::ServiceProviders);
            }
            if inside(C::ExcLegal, cue) || inside(C::Legal, cue) {
                ex.push(Exception::Legal);
            }
            if inside(C::Merger, cue) {
                ex.push(Exception::Merger);
            }
            if inside(C::ExcAggregate, cue) {
                ex.push(Exception::Aggregate);
            }
        }
        ex
    }

    /// Whether the share verb at token `i` is the user's own action ("you share",
    /// "information you provide", "do not share your password") or a reference to
    /// the document ("as disclosed", "provided that").
    pub(super) fn user_or_reference(&self, i: usize) -> bool {
        let prev = |k: usize| if i >= k { self.tok(i - k) } else { "" };
        let participle = self.tok(i).ends_with("ed");
        if participle && matches!(prev(1), "as" | "otherwise") {
            return true;
        }
        if participle
            && i + 1 < self.n()
            && matches!(
                self.tok(i + 1),
                "that" | "herein" | "below" | "above" | "hereunder"
            )
        {
            return true;
        }
        if (i + 1..(i + 4).min(self.n()))
            .any(|k| matches!(self.tok(k), "password" | "passwords" | "login" | "username"))
        {
            return true;
        }
        // Advice to the reader: "we urge you to ... not to divulge it to anyone",
        // "we recommend that users do not share their passwords".
        if (0..i).any(|k| {
            matches!(
                self.tok(k),
                "urge" | "encourage" | "recommend" | "advise" | "remind" | "caution"
            ) && (k + 1..(k + 4).min(i)).any(|j| self.is(j, C::You))
                && !(k + 1..i).any(|j| matches!(self.tok(j), "we" | "us"))
        }) {
            return true;
        }
        // A request or wish: "request that we not share", "prefer that we not".
        let lo = i.saturating_sub(6);
        if (lo..i).any(|k| {
            matches!(
                self.tok(k),
                "request" | "prefer" | "ask" | "want" | "wish" | "urge"
            )
        }) && (lo..i).any(|k| matches!(self.tok(k), "that" | "you" | "to"))
        {
            return true;
        }
        // "These third parties ... are obligated not to disclose it", "we require
        // our vendors not to share": a duty laid on the recipients, who have the
        // data; not the company's own denial.
        let duty = (i.saturating_sub(8)..i).any(|k| {
            matches!(
                self.tok(k),
                "obligated"
                    | "obliged"
                    | "bound"
                    | "required"
                    | "require"
                    | "requires"
                    | "contractually"
                    | "prohibited"
                    | "agree"
                    | "agreed"
            )
        });
        // "... bound to use data that we share with them": the company shares.
        let own = (i.saturating_sub(3)..i).any(|k| matches!(self.tok(k), "we" | "us"));
        if duty && !own && self.any_in(0, i, C::Third) {
            return true;
        }
        // Nearest subject before the verb, within the clause. Users, and third
        // parties bound by an obligation ("they may not share it"), are not us.
        let mut k = i;
        while k > 0 && i - k < 7 {
            if self.t.brk[k] && i - k > 0 {
                break;
            }
            k -= 1;
            // "from members", "about users", "visible to other users": an
            // object, not the subject.
            let prep = |x: usize| {
                matches!(
                    self.tok(x),
                    "from" | "about" | "of" | "by" | "to" | "with" | "for" | "on" | "in" | "at"
                )
            };
            // "with service providers": a two-word object noun too.
            let pronoun = matches!(self.tok(k), "you" | "we" | "they" | "it" | "us");
            if k > 0
                && (prep(k - 1)
                    || (k > 1
                        && prep(k - 2)
                        && (matches!(
                            self.tok(k - 1),
                            "other" | "all" | "the" | "our" | "your" | "its" | "their" | "any"
                        ) || (self.tok(k - 2) != "to" && !pronoun && !self.t.brk[k - 1]))))
            {
                continue;
            }
            // "member data", "customer information": a modifier of the data noun.
            if k + 1 < i && self.is(k + 1, C::InfoObj) && !self.is(k, C::InfoObj) {
                continue;
            }
            match self.tok(k) {
                // "Do you share my data?": the reader asking the company.
                "you" if self.is_question() => return false,
                // "information you provide is not disclosed": a reduced relative
                // clause on the data; its subject is not the sharing verb's.
                "you" | "users" | "user"
                    if k > 0 && self.is(k - 1, C::InfoObj) && self.passive_after(k, i) => {}
                // "data that you transmit are never disclosed": the same with a
                // relative pronoun; the data is the subject of the passive.
                "you" | "users" | "user"
                    if k > 1
                        && matches!(self.tok(k - 1), "that" | "which")
                        && self.is(k - 2, C::InfoObj)
                        && self.passive_after(k, i) =>
                {
                    return false
                }
                "you" | "users" | "user" | "visitors" | "customers" | "consumers" | "member"
                | "browser" | "browsers" | "device" | "devices" | "child" | "children" | "kids"
                | "minors" | "people" | "members" | "they" | "contractors" | "vendors"
                | "providers" | "processors" | "agents" => {
                    return !self.coordinated_with_company(k)
                }
                "we" | "us" | "our" | "it" | "company" => return false,
                "request" | "prefer" | "ask" | "direct" | "instruct" => return true,
                // "data that do not reveal your identity": the data is the subject.
                "that" | "which" if k > 0 && self.is(k - 1, C::InfoObj) => return true,
                _ => {}
            }
        }
        // Imperative: "Please do not share ...", "Do not disclose ..." at the start.
        if (i.saturating_sub(4)..i).any(|k| self.tok(k) == "please") {
            return true;
        }
        let start = (0..i).all(|k| {
            matches!(
                self.tok(k),
                "do" | "not" | "don" | "t" | "please" | "never" | "and" | "or"
            )
        });
        start && i > 0
    }

    /// Whether an auxiliary of a passive stands between the relative clause's
    /// subject at `k` and the verb at `i` ("information you provide is not ...").
    fn passive_after(&self, k: usize, i: usize) -> bool {
        (k + 2..i).any(|x| {
            matches!(
                self.tok(x),
                "is" | "are" | "was" | "were" | "be" | "been" | "will" | "shall"
            )
        })
    }

    /// Whether the subject word at `k` is coordinated with the company itself:
    /// "EdX and its members share ...", "we and our vendors disclose ...".
    fn coordinated_with_company(&self, k: usize) -> bool {
        let mut c = k;
        if c > 0 && matches!(self.tok(c - 1), "its" | "our" | "their") {
            c -= 1;
        }
        if c < 2 || !matches!(self.tok(c - 1), "and" | "or" | "&") {
            return false;
        }
        let w = c - 2;
        if matches!(self.tok(w), "we" | "company") || self.company[w] {
            return true;
        }
        // A proper name: capitalised after the sentence's first word, or with a
        // capital inside ("EdX", "PayPal"); not a word for users.
        let written = self
            .raw
            .get(self.t.spans[w].0..self.t.spans[w].1)
            .unwrap_or("");
        let inner_cap = written.chars().skip(1).any(char::is_uppercase);
        let initial_cap = written.starts_with(char::is_uppercase) && w > 0;
        (inner_cap || initial_cap) && !self.is(w, C::You)
    }

    /// A company from the alias list as the recipient after a share verb ending
    /// at `b`: "we share your e-mail address with Google".
    fn company_recipient(&self, b: usize) -> bool {
        let hi = (b + 12).min(self.n());
        (b..hi).any(|k| {
            matches!(self.tok(k), "with" | "to") && k + 1 < self.n() && self.company[k + 1]
        })
    }

    /// A denial narrowed by purpose or manner ("for their direct marketing
    /// purposes", "in a manner that identifies you") is not a denial of sharing.
    pub(super) fn qualified_denial(&self, b: usize) -> bool {
        let hi = (b + 16).min(self.n());
        (b..hi).any(|k| {
            let w = self.tok(k);
            (w == "marketing" && (b..k).any(|j| self.tok(j) == "for"))
                || (matches!(w, "manner" | "way" | "ways")
                    && k > b
                    && matches!(self.tok(k - 1), "a" | "in" | "any"))
                || (w == "own"
                    && k + 1 < hi
                    && matches!(self.tok(k + 1), "purposes" | "marketing" | "use"))
        })
    }

    /// "We do not allow third parties to collect ...", "such third parties do not
    /// collect any personal information": collection by third parties denied.
    pub(super) fn third_party_collection_denied(&self) -> Option<usize> {
        (0..self.n()).find(|&k| {
            let w = self.tok(k);
            let collect = w.starts_with("collect") || w.starts_with("gather") || w == "access";
            if !(collect || w == "use") {
                return false;
            }
            let lo = k.saturating_sub(6);
            let actor =
                |from: usize| self.any_in(from, k, C::Third) && !self.any_in(from, k, C::You);
            // "To request that we not allow affiliates to use ...": the reader's
            // request, not the company's denial.
            let requested = |j: usize| {
                (j.saturating_sub(5)..j)
                    .any(|x| matches!(self.tok(x), "request" | "ask" | "prefer" | "instruct"))
            };
            // "You will not let anyone else access your account": the reader's
            // duty, not the company's practice.
            let readers = |j: usize| {
                self.any_in(0, j, C::You) && !(0..j).any(|x| matches!(self.tok(x), "we" | "us"))
            };
            let allow_denied = (lo..k).find(|&j| {
                matches!(self.tok(j), "allow" | "permit" | "authorize" | "let")
                    && self.negated(j)
                    && !requested(j)
                    && !readers(j)
            });
            match allow_denied {
                Some(j) => actor(j),
                // "Third parties do not have access to our cookies" denies no
                // transfer; only a refused permission does ("we do not allow
                // them to access ...").
                None => collect && w != "access" && self.negated(k) && actor(lo),
            }
        })
    }

    /// "Location data never leaves your phone", "your files do not leave our
    /// servers": the data is kept where it is, so no one else receives it.
    fn never_leaves(&self) -> Option<usize> {
        (1..self.n()).find(|&k| {
            matches!(self.tok(k), "leave" | "leaves")
                && self.negated(k)
                && self.any_in(k.saturating_sub(6), k, C::InfoObj)
                && (k + 1..(k + 4).min(self.n())).any(|j| {
                    matches!(
                        self.tok(j),
                        "phone"
                            | "device"
                            | "devices"
                            | "computer"
                            | "browser"
                            | "servers"
                            | "server"
                            | "premises"
                            | "infrastructure"
                            | "network"
                            | "app"
                    )
                })
        })
    }

    /// Third-party sharing: deny when a sharing verb with a data object or a
    /// recipient is negated (plainly, not just for a purpose) or restricted by
    /// "only"; affirm when a recipient is named without negation. "We do not sell"
    /// alone is [`Self::selling`]. Read once per sentence (the company tokens
    /// must be marked before the first call).
    pub(super) fn sharing(&self) -> Option<(Stance, usize)> {
        *self.sharing_read.get_or_init(|| self.read_sharing())
    }

    fn read_sharing(&self) -> Option<(Stance, usize)> {
        let mut deny: Option<usize> = None;
        let mut affirm: Option<usize> = None;
        let mut mention: Option<usize> = None;
        for (a, b) in self.share_verbs() {
            if self.user_or_reference(a) {
                continue;
            }
            // "Our site provides information about us and our products": the
            // company's own information, not the reader's.
            if b + 2 < self.n()
                && self.tok(b) == "information"
                && matches!(self.tok(b + 1), "about" | "on")
                && matches!(self.tok(b + 2), "us" | "our" | "the" | "its")
            {
                continue;
            }
            // "looking forward to working with ...": no transfer.
            if self.tok(a) == "forward"
                && a > 0
                && ["look", "mov", "go", "step", "put", "com"]
                    .iter()
                    .any(|p| self.tok(a - 1).starts_with(p))
            {
                continue;
            }
            let w = self.width(a);
            let recipient = self.any_in(b, b + 16 * w, C::Third)
                || self.anaphoric_recipient(b)
                || self.company_recipient(b);
            let object = self.any_in(b, b + 8 * w, C::InfoObj)
                || self.any_in(a.saturating_sub(8 * w), a, C::InfoObj);
            let cjk = self.tok(a).chars().next().is_some_and(is_cjk);
            let recipient_any = recipient || self.any_in(a.saturating_sub(10 * w), a, C::Third);
            // "pass it on", "hand them over": the particle makes it a transfer.
            let particle = b + 1 < self.n()
                && matches!(self.tok(b), "it" | "them" | "this" | "that")
                && matches!(self.tok(b + 1), "on" | "over");
            let weak_verb = !particle
                && matches!(
                    self.tok(a),
                    "provide"
                        | "provides"
                        | "provided"
                        | "give"
                        | "send"
                        | "sends"
                        | "sending"
                        | "sent"
                        | "supply"
                        | "supplies"
                        | "supplied"
                        | "pass"
                );
            // "we will not send you unsolicited e-mail", "we give you control":
            // the reader is the recipient, not a third party.
            if weak_verb && b < self.n() && matches!(self.tok(b), "you" | "users") {
                continue;
            }
            // "No data is shared", "none of it is ever passed on", "keine Daten".
            // Not "no share" itself (the verb read as a noun after "no").
            let quantified = self
                .neg_cue(a)
                .is_some_and(|j| NEG_DETERMINERS.contains(&self.tok(j)) && j + 1 != a);
            if !self.asserts(a) {
                if recipient_any || object {
                    mention = mention.or(Some(a));
                }
                continue;
            }
            if self.negated(a) && (recipient_any || quantified || (object && !weak_verb)) {
                if self.qualified_denial(b) {
                    mention = mention.or(Some(a));
                } else {
                    deny = deny.or(Some(a));
                }
            } else if self.restricted_only(a, b) && (recipient || cjk) {
                deny = deny.or(Some(a));
            } else if (recipient
                // "我们会与广告合作伙伴共享": the recipient comes before the verb.
                || (cjk && recipient_any)
                || ((self.latin_free_order || (self.lang != "en" && self.clause_final(b)))
                    && recipient_any
                    && object))
                && !self.negated(a)
            {
                // German and Dutch put the verb (or its particle) last: "Wir geben
                // Ihre Daten an Dritte weiter".
                affirm = affirm.or(Some(a));
            }
        }
        // "We share some data with ad partners, but we never share your name":
        // the sharing stated first stands, the denial only narrows it; "we do
        // not share it; we do share it with our payment provider" likewise, as
        // long as no exception cue ("except", "but") makes the later sharing the
        // denial's exception.
        // The sharing must name its own recipient before the other verb (not
        // borrow the denial's, nor be a heading run into it: "Information we
        // share We do not share ... with companies").
        if let (Some(d), Some(a)) = (deny, affirm) {
            let own_recipient = a < d && self.any_in(a + 1, d, C::Third);
            // After the denial, only a new clause ("...; we do share it with
            // ..."), not a participle inside it ("do not provide information
            // provided to any unauthorized third party").
            let new_clause = (d + 1..=a).any(|k| self.t.brk[k] || self.tok(k) == "we");
            if own_recipient || (a > d && new_clause && !self.any_in(d, a, C::ExcCue)) {
                deny = None;
            }
        }
        if deny.is_none() && affirm.is_none() {
            deny = self
                .third_party_collection_denied()
                .or_else(|| self.never_leaves());
        }
        if deny.is_none() && affirm.is_none() {
            match self.recipient_receives() {
                Some((Stance::Deny, v)) => deny = Some(v),
                Some((_, v)) => affirm = Some(v),
                None => {}
            }
        }
        deny.map(|v| (Stance::Deny, v))
            .or(affirm.map(|v| (Stance::Affirm, v)))
            .or(mention.map(|v| (Stance::Mention, v)))
    }

    /// Whether the token before `b` ends its clause (a verb-final language's verb).
    fn clause_final(&self, b: usize) -> bool {
        b >= self.n() || self.t.brk[b]
    }

    /// The sharing verbs of the sentence: the lexicon's, and "make ... available
    /// to" split around its object ("we make your profile available to partners").
    pub(super) fn share_verbs(&self) -> Vec<(usize, usize)> {
        let mut v = self.hits(C::ShareVerb).to_vec();
        for k in 1..self.n() {
            if self.tok(k) != "available" || k + 1 >= self.n() || self.tok(k + 1) != "to" {
                continue;
            }
            let make = (k.saturating_sub(6)..k)
                .rev()
                .take_while(|&j| !self.t.brk[j + 1])
                .find(|&j| matches!(self.tok(j), "make" | "makes" | "made" | "making"));
            if let Some(m) = make {
                if !v.iter().any(|&(a, b)| a <= m && m < b) {
                    v.push((m, k + 1));
                }
            } else if (k.saturating_sub(6)..k)
                .rev()
                .take_while(|&j| !self.t.brk[j + 1])
                .any(|j| self.is(j, C::InfoObj))
            {
                // "your information may be available to our partners".
                v.push((k, k + 1));
            }
        }
        for k in 1..self.n().saturating_sub(1) {
            // "we hand your booking data over to ...", "pass your address on to ...":
            // a phrasal verb split around its object.
            if !matches!(self.tok(k), "over" | "on") || self.tok(k + 1) != "to" {
                continue;
            }
            let verb = (k.saturating_sub(6)..k)
                .rev()
                .take_while(|&j| !self.t.brk[j + 1])
                .find(|&j| {
                    matches!(
                        self.tok(j),
                        "hand"
                            | "hands"
                            | "handed"
                            | "pass"
                            | "passes"
                            | "passed"
                            | "turn"
                            | "turns"
                            | "turned"
                    )
                });
            if let Some(m) = verb.filter(|&m| self.any_in(m + 1, k, C::InfoObj)) {
                if !v.iter().any(|&(a, b)| a <= m && m < b && b > k) {
                    v.retain(|&(a, _)| a != m);
                    v.push((m, k + 1));
                }
            }
        }
        for k in 0..self.n() {
            // "never hand it to third parties": "hand" with its object and "to".
            if matches!(self.tok(k), "hand" | "hands" | "handed" | "handing")
                && !(k > 0 && self.tok(k - 1) == "other")
                && (k + 2..(k + 5).min(self.n()))
                    .take_while(|&j| !self.t.brk[j])
                    .any(|j| self.tok(j) == "to" && self.any_in(k + 1, j, C::InfoObj))
                && !v.iter().any(|&(a, b)| a <= k && k < b)
            {
                v.push((k, k + 1));
            }
        }
        for k in 1..self.n() {
            // "your data may be accessible to advertisers", "may be accessed by
            // our contractors".
            if k + 1 < self.n()
                && ((self.tok(k) == "accessible" && self.tok(k + 1) == "to")
                    || (self.tok(k) == "accessed" && self.tok(k + 1) == "by"))
            {
                v.push((k, k + 1));
            }
        }
        v.sort_unstable();
        v
    }

    /// "... works with service providers and may share data with them": a pronoun
    /// recipient whose antecedent, a third party, is named in the sentence.
    fn anaphoric_recipient(&self, b: usize) -> bool {
        let hi = (b + 8).min(self.n());
        (b..hi).any(|k| {
            matches!(self.tok(k), "with" | "to")
                && k + 1 < self.n()
                && matches!(self.tok(k + 1), "them" | "these" | "those" | "such")
        }) && self.any_in(0, b, C::Third)
    }

    /// The recipient as subject: "third parties have access to your personal data"
    /// (affirm), "no third party receives your data", "advertisers never get your
    /// email address" (deny).
    fn recipient_receives(&self) -> Option<(Stance, usize)> {
        // "We work with partners, and they receive ...": "they" after a third
        // party named earlier in the sentence stands for it.
        let mut subjects = self.hits(C::Third).to_vec();
        // "no one receives ...", "nobody gets ...".
        subjects.extend(
            (0..self.n())
                .filter(|&k| {
                    // "so that no one else receives it": a limit after a transfer
                    // to someone named, not a denial of any.
                    let other = k + 1 < self.n()
                        && self.tok(k + 1) == "else"
                        && self.any_in(0, k, C::Third);
                    ((k > 0 && self.tok(k) == "one" && self.tok(k - 1) == "no")
                        || self.tok(k) == "nobody")
                        && !other
                })
                .map(|k| (k, k + 1)),
        );
        subjects.extend(
            (1..self.n())
                .filter(|&k| self.tok(k) == "they" && self.any_in(0, k, C::Third))
                .map(|k| (k, k + 1)),
        );
        subjects.iter().find_map(|&(a, b)| {
            // A pronoun only counts with a verb of receiving ("they receive your
            // data"), not with what they do ("how they may use it").
            let pronoun = matches!(self.tok(a), "they" | "one" | "nobody");
            // "Acme Inc. will not use ...": a company form names the company itself
            // as often as a recipient; as the subject it is usually the company.
            if matches!(
                self.tok(a),
                "inc" | "llc" | "ltd" | "gmbh" | "corporation" | "plc" | "business" | "businesses"
            ) {
                return None;
            }
            // "from third parties", "with partners": an object, not the subject.
            if a > 0
                && matches!(
                    self.tok(a - 1),
                    "from" | "with" | "to" | "by" | "of" | "about" | "for" | "than"
                )
            {
                return None;
            }
            // "third parties may access / process / use your data": a recipient
            // acting on the data has it.
            // "Sponsors of the contest will receive ...": a prepositional phrase
            // on the subject widens the reach to its verb.
            let reach = if b < self.n() && matches!(self.tok(b), "of" | "in") {
                6
            } else {
                4
            };
            let v = (b..(b + reach).min(self.n())).find(|&k| {
                let w = self.tok(k);
                matches!(
                    w,
                    "receive" | "receives" | "get" | "gets" | "obtain" | "obtains"
                ) || (matches!(w, "access" | "process" | "processes" | "use" | "uses")
                    && !(pronoun && w != "access")
                    && k > 0
                    && (k == b
                        || matches!(
                            self.tok(k - 1),
                            "have"
                                | "has"
                                | "gain"
                                | "gains"
                                | "may"
                                | "can"
                                | "will"
                                | "might"
                                | "could"
                                | "also"
                                | "not"
                                | "never"
                                | "t"
                        )))
            })?;
            if !self.any_in(v + 1, v + 8, C::InfoObj) || !self.asserts(v) {
                return None;
            }
            // "Other than our processor, no third party receives ...": the verb
            // belongs to a later subject.
            if (b..v).any(|k| self.is(k, C::Third) || self.tok(k) == "no") {
                return None;
            }
            // "no one outside our company has access".
            let no_subject = (a > 0 && matches!(self.tok(a - 1), "no" | "none"))
                || self.tok(a) == "nobody"
                || (a >= 2 && self.tok(a - 2) == "no" && self.tok(a - 1) == "one");
            // "Service providers may not use your data for their own purposes": a
            // limit on the use of data they hold, not a denial that they get it.
            let acts = matches!(self.tok(v), "use" | "uses" | "process" | "processes");
            if acts && self.negated(v) && !no_subject {
                return None;
            }
            if no_subject || self.negated(v) {
                Some((Stance::Deny, v))
            } else {
                Some((Stance::Affirm, v))
            }
        })
    }

    /// "only share with ...", "will only be used and shared within ...".
    /// Only counts when the recipients named are the group's own companies
    /// (affiliates, subsidiaries): "only with third parties who ..." still shares.
    pub(super) fn restricted_only(&self, a: usize, b: usize) -> bool {
        let before = (a.saturating_sub(5)..a).any(|k| self.is(k, C::Only));
        let after = (b..(b + 2).min(self.n())).any(|k| self.is(k, C::Only));
        let hi = (b + 12).min(self.n());
        // The group's own companies, or processors acting for it ("only with service
        // providers who help us"): the same as "not ... except affiliates and
        // service providers".
        let group = self.any_in(b, hi, C::ExcAffiliates) || self.any_in(b, hi, C::ExcProviders);
        let outsiders = (b..hi).any(|k| {
            let w = self.tok(k);
            // "third-party service providers" are still service providers.
            if w.starts_with("third") && self.any_in(k, (k + 4).min(hi), C::ExcProviders) {
                return false;
            }
            w.starts_with("third")
                || w.starts_with("advertis")
                || w.starts_with("partner")
                || w.starts_with("marketer")
                || w == "第"
                || w == "tiers"
                || w.starts_with("dritt")
                || w.starts_with("tercer")
        });
        (before || after) && (group || self.tok(a).chars().next().is_some_and(is_cjk)) && !outsiders
    }
}
