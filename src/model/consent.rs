//! Consent: the states a visit is made in (`--consent none,accept,reject`) and
//! what the engine found and did with the site's consent banner (one row of
//! `consent.csv` per site and state).

use super::{Party, SiteRecord, Visit};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use strum::{Display, EnumString, IntoStaticStr, VariantArray};

/// The visitor's choice a visit is made under (`consent_state` of requests,
/// cookies and storage rows).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, Display, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ConsentState {
    /// No choice made: the banner (if any) is left untouched. Also the state
    /// of everything observed before a click in the other states.
    #[default]
    None,
    /// "Accept all" was clicked.
    Accept,
    /// "Reject all" was clicked.
    Reject,
}

impl ConsentState {
    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether the state is a choice the engine must click for.
    pub fn clicks(self) -> bool {
        self != ConsentState::None
    }
}

/// What the engine did with the banner (`consent.csv` `action`). Empty in
/// state `none`, where nothing is clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, Display, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum ConsentAction {
    /// The accept or reject control was found and clicked.
    Clicked,
    /// A banner was found, but it offers no reject control on any layer the
    /// engine could reach.
    NoRejectButton,
    /// No consent banner was found.
    NotFound,
    /// A banner and its control were found, but the click did not take
    /// (detached element, navigation, timeout); `note` says why.
    Failed,
}

impl ConsentAction {
    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What one visit found and did about consent (one row of `consent.csv`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsentOutcome {
    /// The state the visit was made in.
    pub state: ConsentState,
    /// The consent manager's name (`OneTrust`, a TCF CMP's registered name,
    /// `generic`); empty when none was found.
    pub cmp: String,
    /// The TCF CMP id the page's `__tcfapi` reported, if any.
    pub cmp_id: Option<u32>,
    /// How the banner was found: `tcf`, `rule:NAME`, `generic` or `none`.
    pub method: String,
    /// Whether a consent banner was seen on the landing page.
    pub banner_found: bool,
    /// What was done (None in state `none`, where nothing is clicked).
    pub action: Option<ConsentAction>,
    /// How many layers deep the click was: 1 on the first layer, 2 through
    /// the banner's settings layer; 0 when nothing was clicked.
    pub layers: u32,
    /// Whether the first layer offers a reject control (None when unknown:
    /// no banner, or a banner the engine could not read).
    pub first_layer_reject: Option<bool>,
    /// `gdprApplies` as the TCF API reported it.
    pub gdpr_applies: Option<bool>,
    /// The TC string after the choice (or before it, in state `none`).
    pub tc_string: String,
    /// TCF purposes with consent, decoded from `tc_string`.
    pub purposes_consented: Vec<u32>,
    /// TCF vendor ids with consent, decoded from `tc_string`.
    pub vendors_consented: Vec<u32>,
    /// The text of the control clicked (bounded), for the evidence.
    pub clicked_text: String,
    /// Why the action failed or anything else worth knowing (bounded).
    pub note: String,
}

/// What a site did in one consent state (the counts of `consent.csv` and the
/// report's matrix): after the choice when one was clicked, else over the
/// whole visit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentTally {
    /// Distinct tracker hosts that received requests.
    pub trackers: BTreeSet<String>,
    /// Distinct outside tracker companies among them (same-owner ones excluded).
    pub tracker_companies: BTreeSet<String>,
    /// Cookies set.
    pub cookies: usize,
    /// Third-party cookies set.
    pub third_party_cookies: usize,
}

impl Visit {
    /// The state this visit counts for: after the click when one was made.
    /// `None` for a visit made without `--consent`.
    pub fn consent_tally(&self) -> Option<ConsentTally> {
        let c = self.consent.as_ref()?;
        let clicked = c.action == Some(ConsentAction::Clicked);
        let counts = |s: ConsentState| !clicked || s == c.state;
        let mut t = ConsentTally::default();
        for r in self.requests.iter().filter(|r| counts(r.consent_state)) {
            if r.tracker == Some(true) {
                t.trackers.insert(r.domain.clone());
                if !r.same_owner && !r.company.is_empty() {
                    t.tracker_companies.insert(r.company.clone());
                }
            }
        }
        for k in self.cookies.iter().filter(|k| counts(k.consent_state)) {
            t.cookies += 1;
            if k.party == Some(Party::Third) {
                t.third_party_cookies += 1;
            }
        }
        Some(t)
    }
}

impl SiteRecord {
    /// Every visit of the site, the record's own first, then the other
    /// consent states' visits (with `--consent`).
    pub fn all_visits(&self) -> impl Iterator<Item = &Visit> {
        std::iter::once(&self.visit).chain(self.consent_visits.iter())
    }

    /// The visit made in `state`, if the run made one.
    pub fn visit_in(&self, state: ConsentState) -> Option<&Visit> {
        self.all_visits()
            .find(|v| v.consent.as_ref().map(|c| c.state) == Some(state))
    }
}
