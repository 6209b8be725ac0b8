//! Practice-statement rules of the claim extractor: in goes one analysed sentence
//! ([`Cx`]), out come the decisions that need more than a keyword — whether the
//! sentence states a practice at all (not a heading, a description of the policy
//! itself or a disclaimer of responsibility), and the opt_out, data_retention and
//! data_security rules that require a mechanism, a period or a protective measure,
//! and the purpose and user-choice tests behind analytics, advertising and
//! browser_controls.
#![deny(clippy::string_slice)]

use super::claims::Cx;
use super::lexicon::C;
use crate::model::Stance;

/// Opt-out cues that name the mechanism themselves ("unsubscribe", the industry
/// opt-out pages, "remove you from our list", "ask us not to ...").
const SELF_CONTAINED_OPT_OUT: &[&str] = &[
    "unsubscrib",
    "aboutads",
    "networkadvertising",
    "youradchoices",
    "adchoices",
    "remove",
    "request",
    "ask",
    "tell",
];

impl Cx<'_> {
    /// Whether the sentence states no practice of the site: the practice of
    /// others ("Many companies embed pixels in their emails", "Most
    /// browsers let you block third-party cookies"), or what the company would
    /// do in a hypothetical ("Should we begin using analytics, ..."). Cookies,
    /// beacons, analytics, advertising, fingerprinting and DNT claims of such a
    /// sentence are mentions.
    pub(super) fn states_no_own_practice(&self) -> bool {
        let n = self.n();
        // (A definition of the technology is left as the rules read it: both
        // corpora take "Web beacons are tiny graphics ..." in a site's policy as
        // a disclosure that the site uses them.)
        // The sentence opens with the generic subject ("Some websites ...",
        // "Most browsers ...", "Your browser ..."), not a company that lets
        // "other companies" do something.
        // The site may still be named later ("Other websites may place cookies
        // that we cannot see"), not in the subject itself.
        let first_break = (1..n).find(|&k| self.t.brk[k]).unwrap_or(n);
        let own_subject = (0..n)
            .any(|k| matches!(self.tok(k), "we" | "us" | "our") && (k < 6 || k >= first_break));
        // A browser setting the site answers to (DNT) is the site's practice.
        let dnt = self.has(C::Dnt);
        // "Browsers such as Tor block fingerprinting" (not "Browsers sending DNT
        // are treated the same", which is the site's own practice).
        let browsers_first = self.tok(0) == "browsers" && !dnt;
        // A quantifier ("some", "many", "other", "your" ...) as the first word
        // (or after an opening "and"/"but"), a generic head within three words.
        let opener = usize::from(matches!(self.tok(0), "and" | "but" | "however" | "also"));
        let quantified = opener < n
            && matches!(
                self.tok(opener),
                "some" | "many" | "most" | "other" | "certain" | "several" | "your" | "all"
            );
        let generic_head = (opener + 1..(opener + 4).min(n)).any(|j| {
            matches!(
                self.tok(j),
                "websites"
                    | "sites"
                    | "companies"
                    | "advertisers"
                    | "apps"
                    | "businesses"
                    | "platforms"
                    | "networks"
                    | "shops"
                    | "retailers"
                    | "publishers"
                    | "marketers"
                    | "programs"
                    | "programmes"
                    | "clients"
                    | "games"
            ) || (!dnt && matches!(self.tok(j), "browsers" | "browser"))
        });
        let others = !own_subject && (browsers_first || (quantified && generic_head));
        // "If we ever decide to show ads, ...", "Should we begin using ...": the
        // company's hypothetical opening the sentence; the reader's condition
        // ("If you decline analytics cookies") presupposes the practice instead.
        let hypothetical = n > 2
            && matches!(self.tok(0), "if" | "should" | "were")
            && matches!(self.tok(1), "we" | "ever")
            && !(2..n).any(|k| self.t.brk[k] && k < 3);
        others || (hypothetical && self.hypothesis_holds_the_cue())
    }

    /// Whether every practice word of the sentence lies in its opening
    /// conditional clause (up to the first break).
    fn hypothesis_holds_the_cue(&self) -> bool {
        let end = (1..self.n()).find(|&k| self.t.brk[k]).unwrap_or(self.n());
        [
            C::CookieTech,
            C::Beacon,
            C::Analytics,
            C::Ads,
            C::Fingerprint,
            C::TpCookie,
            C::Dnt,
            C::ShareVerb,
            C::SellVerb,
        ]
        .iter()
        .flat_map(|&c| self.hits(c).iter())
        .all(|&(a, _)| a < end)
    }

    /// Whether token `k` starts with any of `prefixes`.
    fn starts(&self, k: usize, prefixes: &[&str]) -> bool {
        let w = self.tok(k);
        prefixes.iter().any(|p| w.starts_with(p))
    }

    /// Whether any token in `lo..hi` starts with one of `prefixes`.
    fn any_starts(&self, lo: usize, hi: usize, prefixes: &[&str]) -> bool {
        (lo..hi.min(self.n())).any(|k| self.starts(k, prefixes))
    }

    /// The sentence describes the document, not a practice: "This Privacy Policy
    /// explains how we collect, use and protect ...", "our practices are described
    /// below", "What types of security procedures are in place?".
    pub(super) fn describes_policy(&self) -> bool {
        // The document as the subject of a verb of telling.
        const TELL: &[&str] = &[
            "explain",
            "explains",
            "describe",
            "describes",
            "tell",
            "tells",
            "inform",
            "informs",
            "outline",
            "outlines",
            "summarize",
            "summarizes",
            "summarise",
            "summarises",
        ];
        let doc_tells = self.hits(C::PolicyDoc).iter().any(|&(_, b)| {
            (b..(b + 4).min(self.n())).any(|k| {
                TELL.contains(&self.tok(k))
                    || (self.tok(k) == "sets" && k + 1 < self.n() && self.tok(k + 1) == "out")
            })
        });
        let described = (1..self.n()).any(|k| {
            self.starts(k - 1, &["describ", "explain", "discuss", "outlin", "set"])
                && matches!(self.tok(k), "below" | "above" | "herein" | "later")
                // "... are described below" is about the document; "As described
                // above, we ..." and "the techniques described above" restate a practice.
                && k >= 2
                && matches!(self.tok(k - 2), "are" | "is" | "be")
        });
        let purpose_of_notice = (1..self.n())
            .any(|k| self.tok(k - 1) == "purpose" && self.tok(k) == "of")
            && self.has(C::PolicyDoc);
        let question =
            self.t.lower.trim_end().ends_with('?')
                && self.t.spans.first().is_some_and(|_| {
                    matches!(self.tok(0), "what" | "how" | "which" | "who" | "why")
                });
        // "Click on the links below to jump to each section of this Policy".
        let navigation = (1..self.n())
            .any(|k| self.tok(k - 1) == "jump" && matches!(self.tok(k), "to" | "directly"));
        doc_tells || described || purpose_of_notice || question || navigation
    }

    /// A pointer to more information elsewhere ("For more information about
    /// cookies, see ...", "To learn more about X, visit ..."): it names a topic and
    /// where to read about it, and states no practice of its own.
    pub(super) fn is_pointer(&self) -> bool {
        let n = self.n();
        let head = |k: usize, w: &str| k < n && self.tok(k) == w;
        let opener = (head(0, "for")
            && (head(1, "more")
                || head(1, "information")
                || head(1, "details")
                || head(1, "further")))
            || (head(0, "to") && (head(1, "learn") || head(1, "find") || head(1, "read")))
            || head(0, "see")
            || (head(0, "please")
                && (head(1, "see")
                    || head(1, "refer")
                    || head(1, "visit")
                    || head(1, "click")
                    || head(1, "review")))
            || (head(0, "you") && (head(1, "can") || head(1, "may")) && head(2, "learn"))
            || head(0, "information")
                && (head(1, "about") || head(1, "on") || head(1, "regarding"));
        // "To learn more ... or to opt out ...", "You can learn more ... or opt out
        // of ... at ...": the pointer also offers a choice.
        let choice = (1..n).any(|k| {
            matches!(self.tok(k - 1), "or" | "and")
                && (self.tok(k) == "to" || self.hits(C::OptOut).iter().any(|&(a, _)| a == k))
        });
        opener && !choice
    }

    /// "We are not responsible for the privacy or security practices of other
    /// sites": a disclaimer states no practice of the site's own.
    pub(super) fn disclaims_responsibility(&self) -> bool {
        (1..self.n()).any(|k| {
            matches!(
                self.tok(k),
                "responsible" | "responsibility" | "liable" | "liability"
            ) && matches!(self.tok(k - 1), "not" | "no" | "any")
        })
    }

    /// Opt-out as a choice the user exercises through a mechanism: a link, a
    /// page, an e-mail, a call or letter, an unsubscribe function or account
    /// settings. A bare mention ("opt-out choices", "even if you opt out") or a
    /// pointer to other documents is not an opt-out statement.
    pub(super) fn opt_out(&self) -> Option<Stance> {
        let hits = self.hits(C::OptOut);
        if self.describes_policy() {
            return None;
        }
        if hits.is_empty() {
            return self.ads_switched_off().then_some(Stance::Affirm);
        }
        // "You cannot opt out of ...", "it is not possible to opt out", "we do
        // not offer a way to opt out": the choice denied.
        if hits
            .iter()
            .any(|&(a, _)| self.tok(a) == "opt" && self.negated(a) && self.asserts(a))
        {
            return Some(Stance::Deny);
        }
        // The channel or tool of the choice.
        #[rustfmt::skip]
        // A link or page, or contacting the company (eval/README.md: "an opt-out
        // link or opt-out by contacting the company"). Account settings and
        // preference pages alone are the site's own privacy controls.
        const MECHANISM: &[&str] = &[
            "click", "link", "here", "visit", "http", "www", "url", "contact", "email", "mail",
            "call", "calling", "phone", "telephone", "write", "writing", "letter", "send",
            "notify", "reply", "unsubscrib", "instruction", "form", "page", "tool", "toll",
            "request", "know", "way", "opportunit", "object", "selecting", "checking",
            "uncheck", "box",
        ];
        let n = self.n();
        // "To stop seeing personalised ads, change your ad settings": a choice
        // about targeted advertising made through a setting is an opt-out of it.
        let ads_setting = self.has(C::AdsStrong)
            && (0..n).any(|k| {
                let w = self.tok(k);
                w.starts_with("setting")
                    || w.starts_with("preferen")
                    || w.starts_with("disabl")
                    || (matches!(w, "turn" | "switch") && k + 1 < n && self.tok(k + 1) == "off")
            });
        let usable = hits.iter().any(|&(a, b)| {
            // "Even if you opt out", "after you opt out", "once you have opted out":
            // the consequence of an opt-out, not the choice.
            // The conjunction must govern the opt-out itself ("once you have opted
            // out"), not another clause ("once you register, you can opt out").
            let consequence = (a.saturating_sub(4)..a).any(|k| {
                (matches!(self.tok(k), "after" | "once")
                    || (self.tok(k) == "if" && k > 0 && self.tok(k - 1) == "even"))
                    && (k + 1..a).all(|j| {
                        matches!(
                            self.tok(j),
                            "you" | "users" | "user" | "have" | "has" | "do" | "choose" | "to"
                        )
                    })
            });
            // "For information about ... related opt-out choices", "learn more about
            // how to opt out": a pointer to information, not the choice itself.
            let pointer = (a.saturating_sub(8)..a).any(|k| {
                matches!(self.tok(k), "about" | "regarding" | "concerning")
                    && !(k..a).any(|j| matches!(self.tok(j), "or" | "and"))
            });
            if consequence || pointer {
                return false;
            }
            // "You may opt out of interest-based ads", "you have the ability to opt
            // out of ...", "To opt out of ad targeting, ...": the user's choice
            // stated with what it applies to.
            let object = b < n && matches!(self.tok(b), "of" | "from");
            let able = (a.saturating_sub(6)..a).any(|k| {
                matches!(
                    self.tok(k),
                    "can" | "may" | "ability" | "able" | "right" | "option" | "choose" | "elect"
                        // "Sie können ... widersprechen", "vous pouvez ...".
                        | "können" | "kunnen" | "pouvez" | "puede" | "puedes"
                )
            }) && (a.saturating_sub(8)..a).any(|k| {
                matches!(self.tok(k), "you" | "users" | "visitors" | "customers")
                    || (self.is(k, C::You) && self.lang != "en")
            });
            let purpose = a == 1 && self.tok(0) == "to";
            // German, Dutch and French put the verb last: "Sie können der
            // Verwendung ... jederzeit widersprechen".
            let verb_final = self.lang != "en" && able && self.asserts(a);
            self.starts(a, SELF_CONTAINED_OPT_OUT)
                || (object && (able || purpose) && self.asserts(a))
                || verb_final
                || self.any_starts(a.saturating_sub(25), b + 25, MECHANISM)
                || (b + 1 < n && matches!(self.tok(b), "by" | "through" | "via" | "using"))
                || ads_setting
        });
        if !usable {
            return None;
        }
        Some(self.simple_stance(C::OptOut))
    }

    /// "You can switch off ad personalisation in your settings", "to stop seeing
    /// tailored ads, disable ...": the reader turning targeted advertising off.
    fn ads_switched_off(&self) -> bool {
        let n = self.n();
        // Targeted ads, or analytics and advertising cookies ("switch off
        // analytics and marketing cookies in the cookie settings").
        // (Not through the browser: that is browser_controls.)
        let switchable = self.has(C::AdsStrong)
            || (self.has(C::CookieTech)
                && (self.has(C::Analytics) || self.has(C::Ads))
                && !self.has(C::Browser)
                // ... through the site's own control.
                && (0..n).any(|k| {
                    let w = self.tok(k);
                    w.starts_with("setting")
                        || w.starts_with("toggle")
                        || w.starts_with("preferen")
                        || matches!(w, "panel" | "banner" | "dashboard")
                }));
        if !switchable || !(0..n).any(|k| self.is(k, C::You)) || self.is_pointer() {
            return false;
        }
        (0..n).any(|k| {
            let w = self.tok(k);
            let off = w.starts_with("disabl")
                || w.starts_with("deactivat")
                || matches!(w, "decline" | "refuse" | "reject")
                || (matches!(w, "turn" | "switch") && k + 1 < n && self.tok(k + 1) == "off");
            off && !self.negated(k) && self.asserts(k)
        })
    }

    /// A merger, acquisition or bankruptcy as a cause of transfer; "merge your
    /// information with data from third parties" combines data instead. Selling
    /// or transferring the business itself ("sell or transfer all or part of our
    /// business") is one too.
    pub(super) fn merger(&self) -> bool {
        let lexical = self.hits(C::Merger).iter().any(|&(a, b)| {
            !(self.tok(a).starts_with("merge")
                && !self.tok(a).starts_with("merger")
                && self.any_in(b.min(a + 1), a + 4, C::InfoObj))
        });
        lexical
            || (0..self.n()).any(|k| {
                self.starts(k, &["sell", "sold", "sale", "transfer", "assign"])
                    && !self.negated(k)
                    && (k + 1..(k + 8).min(self.n())).any(|j| {
                        matches!(self.tok(j), "business" | "company" | "assets")
                            && matches!(self.tok(j - 1), "our" | "its" | "this")
                            && !(j + 1 < self.n() && self.tok(j + 1) == "s")
                            // The business as the object, not the destination
                            // ("transferred to our company").
                            && !(k + 1..j).any(|x| {
                                matches!(self.tok(x), "to" | "with" | "by" | "from" | "within")
                            })
                    })
            })
    }

    /// The user decides whether a practice happens: "you can decide whether we
    /// show you personalised ads", "you may choose whether your data is used for
    /// analytics", "you can turn off personalised advertising". An opt-out by
    /// another name.
    pub(super) fn choice_over_practice(&self) -> bool {
        let n = self.n();
        let practice = |lo: usize, hi: usize| {
            self.any_in(lo, hi, C::Ads)
                || self.any_in(lo, hi, C::Analytics)
                || (lo..hi.min(n)).any(|k| self.tok(k).starts_with("track"))
        };
        // "Depending on your settings, we let ad partners use cookies ...": the
        // practice is subject to the reader's settings.
        let depending = (2..n).any(|k| {
            matches!(self.tok(k - 2), "depending" | "according" | "subject")
                && matches!(self.tok(k - 1), "on" | "to")
                && (k..(k + 3).min(n)).any(|j| {
                    self.tok(k) == "your"
                        && matches!(
                            self.tok(j),
                            "setting" | "settings" | "choices" | "preferences" | "choice"
                        )
                })
        });
        if depending && practice(0, n) {
            return true;
        }
        (0..n).any(|k| {
            let agent = (k.saturating_sub(4)..k).any(|j| {
                matches!(
                    self.tok(j),
                    "you" | "users" | "user" | "members" | "visitors" | "customers"
                )
            });
            if !agent || self.negated(k) {
                return false;
            }
            let decide = self.starts(k, &["decid", "choos", "determin", "control"])
                && k + 1 < n
                && matches!(self.tok(k + 1), "whether" | "if");
            let off =
                (self.starts(k, &["turn", "switch"]) && k + 1 < n && self.tok(k + 1) == "off")
                    || self.starts(k, &["disabl", "deactivat"]);
            (decide && practice(k + 2, k + 12)) || (off && practice(k + 1, k + 6))
        })
    }

    /// Whether the analytics word at `a` names a purpose, not a kind of data
    /// ("statistical data such as the pages you visit", "usage statistics") or a
    /// recipient ("information passed to analytics providers").
    pub(super) fn analytics_purpose(&self, a: usize) -> bool {
        let w = self.tok(a);
        let next = if a + 1 < self.n() {
            self.tok(a + 1)
        } else {
            ""
        };
        if w.starts_with("statistic") {
            const MAKE: &[&str] = &[
                "for", "compil", "generat", "produc", "creat", "prepar", "develop", "track",
                "gather", "monitor", "aggregat", "evaluat", "source", "collect", "count",
            ];
            // "no usage statistics are collected": the verb after its object.
            let made_after = (a + 1..(a + 4).min(self.n()))
                .any(|k| MAKE.iter().skip(1).any(|p| self.tok(k).starts_with(p)));
            return (a.saturating_sub(4)..a)
                .any(|k| MAKE.iter().any(|p| self.tok(k).starts_with(p)))
                || made_after
                || matches!(
                    next,
                    "purposes"
                        | "purpose"
                        | "cookies"
                        | "cookie"
                        | "tools"
                        | "services"
                        | "analysis"
                        | "analyses"
                        | "reports"
                        | "reporting"
                        | "evaluation"
                        | "research"
                );
        }
        // "to improve your experience": personalisation, not measurement.
        if w.starts_with("improv") {
            let after: Vec<&str> = (a + 1..(a + 4).min(self.n()))
                .map(|k| self.tok(k))
                .collect();
            if after
                .iter()
                .any(|t| matches!(*t, "experience" | "experiences"))
            {
                return false;
            }
        }
        if w.starts_with("analytic")
            && matches!(
                next,
                "providers" | "provider" | "partners" | "companies" | "vendors"
            )
        {
            let prev = if a > 0 { self.tok(a - 1) } else { "" };
            return !self.any_in(0, a, C::ShareVerb) && !matches!(prev, "to" | "with");
        }
        true
    }

    /// Whether the sentence around "advertisers" at `a` describes advertising
    /// (serving, targeting, tailoring, measuring ads), not only a recipient.
    pub(super) fn advertiser_practice(&self, a: usize) -> bool {
        let (lo, hi) = (a.saturating_sub(12), (a + 12).min(self.n()));
        (lo..hi).any(|k| {
            let w = self.tok(k);
            [
                "serve",
                "served",
                "serving",
                "deliver",
                "display",
                "show",
                "target",
                "tailor",
                "personaliz",
                "personalis",
                "reach",
                "relevan",
                "interest",
                "campaign",
                "cookie",
                "beacon",
                "pixel",
                "track",
            ]
            .iter()
            .any(|p| w.starts_with(p))
        })
    }

    /// Whether the sentence gives the user something to do: "you" (or users) as
    /// an agent, or an instruction ("Set your browser to ..."); not a definition
    /// ("Cookies are small files placed in your browser") and not the consequence
    /// of an action ("If you delete your cookies, you will need to opt out again").
    pub(super) fn user_acts(&self) -> bool {
        let imperative = self.n() > 0
            && matches!(
                self.tok(0),
                "set"
                    | "use"
                    | "change"
                    | "adjust"
                    | "disable"
                    | "delete"
                    | "block"
                    | "clear"
                    | "click"
                    | "go"
                    | "select"
                    | "choose"
                    | "check"
                    | "visit"
                    | "remove"
                    | "refuse"
                    | "to"
                    | "most"
            );
        let consequence = self.n() > 2
            && self.tok(0) == "if"
            && (1..self.n()).any(|k| {
                matches!(self.tok(k - 1), "need" | "have" | "must")
                    && matches!(self.tok(k), "to")
                    && (k + 1..(k + 3).min(self.n())).any(|j| {
                        matches!(self.tok(j), "renew" | "perform" | "repeat" | "opt" | "re")
                    })
            });
        // "Most browsers include an option to ...", "can be cleared through your
        // browser settings", "a way to opt out is to ...": the choice is offered.
        let offered = (0..self.n()).any(|k| {
            matches!(
                self.tok(k),
                "option" | "options" | "allow" | "allows" | "let" | "lets" | "way" | "ways"
            ) || (k > 0 && matches!(self.tok(k - 1), "can" | "may") && self.tok(k) == "be")
        });
        let definition = self.hits(C::Definition).iter().any(|&(a, _)| a <= 3);
        // The user as the one who acts: "you can / may / will need to / choose to".
        let agent = (0..self.n()).any(|k| {
            matches!(self.tok(k), "you" | "users" | "user" | "visitors")
                && (k + 1..(k + 4).min(self.n())).any(|j| {
                    matches!(
                        self.tok(j),
                        "can"
                            | "may"
                            | "might"
                            | "could"
                            | "should"
                            | "must"
                            | "need"
                            | "choose"
                            | "wish"
                            | "want"
                            | "prefer"
                            | "decide"
                            | "able"
                            | "option"
                    ) || self.is(j, C::BrowserAction)
                })
        });
        (agent || imperative || offered) && !definition && !consequence
    }

    /// How long data is kept: retention words, or storing/keeping/deleting data
    /// with a period or condition ("deleted after 90 days", "until you close your
    /// account"), or a denial of storage ("we do not store it"). Not: collection
    /// ("we do not collect or store"), the user's rights to correct or delete,
    /// cookies stored on the user's device, or other parties' retention.
    pub(super) fn retention(&self) -> bool {
        if self.disclaims_responsibility() || self.describes_policy() || self.states_a_right() {
            return false;
        }
        let bad = self.hits(C::RetainFalse);
        // "retain", "retention", "purge" say it themselves; a period ("for as long
        // as", "a period of time") or a copy ("backup", "residual") needs a verb of
        // keeping: "accessible for a limited period of time" keeps nothing.
        let keeping = (0..self.n()).any(|k| {
            self.is(k, C::RetainWeak)
                || self.starts(
                    k,
                    &[
                        "remain", "stay", "hold", "held", "retain", "persist", "exist",
                    ],
                )
        });
        if self.hits(C::Retain).iter().any(|&(a, b)| {
            !bad.iter().any(|&(x, y)| a < y && x < b)
                && (keeping
                    || self.starts(a, &["retain", "retention", "purg"])
                    || !self.tok(a).is_ascii())
        }) {
            return true;
        }
        self.hits(C::RetainWeak).iter().any(|&(a, b)| {
            if bad.iter().any(|&(x, y)| a < y && x < b) || !self.retention_verb_ok(a, b) {
                return false;
            }
            let keep = matches!(
                self.tok(a),
                "store" | "stores" | "stored" | "keep" | "keeps" | "kept"
            );
            self.any_in(b, b + 20, C::Duration) || (keep && self.negated(a))
        })
    }

    /// Whether the sentence states a right or request of the reader ("you have
    /// the right to inspect ... for as long as we keep it", "you may request
    /// the removal of ..."): access and deletion, not how long data is kept.
    fn states_a_right(&self) -> bool {
        let n = self.n();
        (1..n).any(|k| {
            let w = self.tok(k);
            (w == "to" && matches!(self.tok(k - 1), "right" | "rights" | "entitled"))
                || (matches!(w, "request" | "ask" | "asks")
                    && (k.saturating_sub(3)..k).any(|j| self.is(j, C::You))
                    && (k.saturating_sub(2)..k).any(|j| matches!(self.tok(j), "may" | "can")))
        })
    }

    /// Whether the storage/deletion verb at `a..b` speaks of keeping data.
    fn retention_verb_ok(&self, a: usize, b: usize) -> bool {
        let n = self.n();
        // "collect or store", "collect, use and store": a collection statement.
        let collected = (a.saturating_sub(4)..a).any(|k| self.starts(k, &["collect", "gather"]))
            && (a.saturating_sub(3)..a).any(|k| matches!(self.tok(k), "or" | "and"));
        // "access, correct, update or delete": the user's rights.
        let rights = self.any_starts(
            a.saturating_sub(6),
            b + 4,
            &[
                "correct", "updat", "amend", "edit", "review", "rectif", "request",
            ],
        );
        // "log off / log in": an instruction, not a log.
        let phrasal = self.tok(a) == "log"
            && b < n
            && matches!(self.tok(b), "off" | "in" | "on" | "out" | "into");
        // Cookies "stored on your hard drive / computer / device"; what a
        // cookie stores ("cookies store your preferences", "nothing is stored
        // in the cookie"): kept on the reader's device, not by the company.
        let device = self.has(C::CookieTech)
            && ((b..(b + 8).min(n)).any(|k| {
                matches!(
                    self.tok(k),
                    "drive" | "computer" | "device" | "browser" | "machine"
                )
            }) || self.any_in(b, (b + 5).min(n), C::CookieTech)
                || self.any_in(a.saturating_sub(3), a, C::CookieTech));
        // "maintain the security / accuracy of ...": not keeping data.
        let maintain_other = self.tok(a).starts_with("maintain")
            && (b..(b + 3).min(n)).any(|k| {
                matches!(
                    self.tok(k),
                    "security"
                        | "confidentiality"
                        | "integrity"
                        | "accuracy"
                        | "accurate"
                        | "safety"
                        | "secure"
                        | "relationship"
                        | "relationships"
                )
            });
        // The user deletes ("you can delete your cookies", "if you remove the app"),
        // or we remove the user from a list (an opt-out being carried out).
        let user_agent = (a.saturating_sub(4)..a).any(|k| matches!(self.tok(k), "you" | "users"))
            && !self.any_in(a.saturating_sub(4), a, C::Retain);
        let from_list = (b..(b + 3).min(n)).any(|k| matches!(self.tok(k), "you" | "yourself"))
            || (b..(b + 8).min(n)).any(|k| matches!(self.tok(k), "list" | "lists" | "mailing"));
        !(collected || rights || device || maintain_other || phrasal || user_agent || from_list)
    }

    /// Data security: a protective measure (encryption, SSL/TLS, safeguards,
    /// firewalls, access restrictions, security procedures) or a limit of it
    /// ("no method of transmission is 100% secure"). "Protect your information"
    /// alone counts only with the steps taken or a commitment ("is a priority"),
    /// never as a legal-disclosure purpose ("to protect the security of our sites")
    /// or in a disclaimer.
    pub(super) fn security(&self) -> bool {
        if self.disclaims_responsibility() || self.describes_policy() {
            return false;
        }
        // A disclosure for legal reasons ("... to protect the rights, property or
        // security of ...") states a purpose of disclosure, not a safeguard, unless
        // it names a technical one.
        let technical = self.any_starts(
            0,
            self.n(),
            &["encrypt", "ssl", "tls", "firewall", "safeguard"],
        );
        if self.legal_disclosure(false) && !technical {
            return false;
        }
        // TRUSTe as the place for complaints ("contact TRUSTe", "dispute
        // resolution") is a contact, not a protective programme.
        let dispute = self.any_starts(
            0,
            self.n(),
            &[
                "contact", "disput", "liaison", "complain", "watchdog", "concern",
            ],
        );
        let bad = self.hits(C::SecurityFalse);
        let strong = self.hits(C::Security).iter().any(|&(a, b)| {
            let complaint_contact = dispute && self.tok(a).starts_with("truste");
            let false_friend = bad.iter().any(|&(x, y)| a < y && x < b);
            !complaint_contact && !false_friend
        });
        let weak = !self.has(C::Legal)
            && self.without(C::SecurityWeak, C::SecurityFalse)
            && (self.any_starts(
                0,
                self.n(),
                &[
                    "step",
                    "measure",
                    "effort",
                    "precaution",
                    "procedur",
                    "technolog",
                    "design",
                    "implement",
                    "safeguard",
                    "reasonabl",
                    "appropriate",
                    "commercial",
                    "industry",
                    "physical",
                    "electronic",
                    "managerial",
                    "administrative",
                    "system",
                    "encrypt",
                    "secure",
                    "priorit",
                    "commit",
                    "important",
                    "strive",
                ],
            ) || (0..self.n().min(4)).any(|k| matches!(self.tok(k), "we" | "our")));
        strong || weak
    }
}

/// Whether a segment is a bare heading ("HOW WE PROTECT YOUR INFORMATION",
/// "Opt-Out Choices"): at most eight words, every content word capitalised. It
/// names a topic but states no practice.
pub(super) fn is_heading(s: &str) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "and", "or", "of", "to", "the", "for", "in", "on", "with", "we", "you", "your",
        "our", "by", "about", "how", "do", "is", "it", "this",
    ];
    let words: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().next().is_some_and(|c| c.is_alphabetic()))
        .collect();
    if words.is_empty() || words.len() > 8 || !s.is_ascii() {
        return false;
    }
    words
        .iter()
        .filter(|w| !SMALL.contains(&w.to_ascii_lowercase().as_str()))
        .all(|w| w.starts_with(|c: char| c.is_uppercase()))
        && words[0].starts_with(|c: char| c.is_uppercase())
}

#[cfg(test)]
#[path = "practice_tests.rs"]
mod tests;
