//! Unit tests of negation scope: one sentence per structure and language (written
//! for these tests) in, the stance of the claim it must yield out.
#![deny(clippy::string_slice)]

use super::super::claims::{builtin_parties, extract};
use crate::model::{ClaimKind, Stance};

/// The stances of the claims of `kind` read from `text` (the reading tests use
/// these helpers too).
pub(crate) fn stances(text: &str, kind: ClaimKind) -> Vec<Stance> {
    extract(text, &builtin_parties())
        .into_iter()
        .filter(|c| c.claim == kind)
        .map(|c| c.stance)
        .collect()
}

/// Every claim of `kind` in `text` has `want` (and there is one).
pub(crate) fn is(text: &str, kind: ClaimKind, want: Stance) {
    let got = stances(text, kind);
    assert!(
        !got.is_empty() && got.iter().all(|s| *s == want),
        "{text:?}: want {kind:?} {want:?}, got {got:?}"
    );
}

/// No claim of `kind` in `text` has `bad`.
pub(crate) fn never(text: &str, kind: ClaimKind, bad: Stance) {
    let got = stances(text, kind);
    assert!(!got.contains(&bad), "{text:?}: {kind:?} {bad:?} in {got:?}");
}

use ClaimKind::{Analytics, Cookies, Dnt, Selling, ThirdPartySharing as Sharing};
use Stance::{Affirm, Deny, Mention};

#[test]
fn negation_spreads_over_a_coordinated_verb_list() {
    is("Our shop will never abuse, sell, lease, share or hand over the details of its members to outside companies.", Selling, Deny);
    is("Our shop will never abuse, sell, lease, share or hand over the details of its members to outside companies.", Sharing, Deny);
    is(
        "The club does not sell, trade or otherwise pass on member data to other companies.",
        Sharing,
        Deny,
    );
    is(
        "Member records will never, ever be shared, sold or handed out to anybody.",
        Sharing,
        Deny,
    );
}

#[test]
fn tense_lists_keep_the_denial() {
    is(
        "We do not, have not and will not sell the data of our readers.",
        Selling,
        Deny,
    );
    is("The magazine does not now, nor will it later, sell or rent subscriber addresses to other firms.", Selling, Deny);
    is(
        "We never did and never will share visitor data with advertisers.",
        Sharing,
        Deny,
    );
    is(
        "We do not and do not plan to sell the details you give us.",
        Selling,
        Deny,
    );
}

#[test]
fn inability_and_refusal_deny_the_signal() {
    is(
        "Sadly our forum is unable to respond to Do Not Track signals sent by browsers.",
        Dnt,
        Deny,
    );
    is(
        "This shop cannot honour Do Not Track requests yet.",
        Dnt,
        Deny,
    );
    is(
        "The app does not support or recognise Do Not Track preferences.",
        Dnt,
        Deny,
    );
    is(
        "The portal is not built to respond to Do Not Track headers at this time.",
        Dnt,
        Deny,
    );
    is(
        "We do not use any technology that recognizes Do Not Track headers.",
        Dnt,
        Deny,
    );
    is("We refuse to respond to Do Not Track settings.", Dnt, Deny);
    is(
        "Our library honours the Do Not Track setting of your browser.",
        Dnt,
        Affirm,
    );
}

#[test]
fn business_framing_is_a_denial() {
    is(
        "We are not in the business of selling the contact details of our patrons.",
        Selling,
        Deny,
    );
    is(
        "Selling visitor data is not part of what our bakery does.",
        Selling,
        Deny,
    );
}

#[test]
fn negative_quantifiers_deny() {
    is(
        "None of the data we gather from members is ever shared.",
        Sharing,
        Deny,
    );
    is(
        "None of your information gets sold by the club.",
        Selling,
        Deny,
    );
    is(
        "No personal data is disclosed to third parties.",
        Sharing,
        Deny,
    );
    is(
        "At no point do we hand personal data over or disclose it to outside firms.",
        Sharing,
        Deny,
    );
}

#[test]
fn a_denial_with_an_exception_stays_a_denial() {
    is(
        "No personal data is shared with third parties unless you agree to it.",
        Sharing,
        Deny,
    );
    is(
        "We do not disclose member details to other companies except as required by law.",
        Sharing,
        Deny,
    );
    never(
        "We do not disclose member details to other companies except as required by law.",
        Sharing,
        Affirm,
    );
}

#[test]
fn conditionals_and_questions_assert_nothing() {
    never(
        "If we ever sell your personal data, we will tell you first.",
        Selling,
        Affirm,
    );
    never("Do we sell your personal data?", Selling, Affirm);
    never(
        "Do we share your information with third parties?",
        Sharing,
        Affirm,
    );
    never(
        "The law asks us to explain how we respond to Do Not Track signals.",
        Dnt,
        Affirm,
    );
    let answered = "Do we sell your personal data? No, we do not sell your personal data.";
    never(answered, Selling, Affirm);
    assert!(stances(answered, Selling).contains(&Deny));
}

#[test]
fn a_list_opened_by_a_negation() {
    is(
        "We will not: sell your data to other companies; share your data with advertisers.",
        Sharing,
        Deny,
    );
    never(
        "We will not: sell your data to other companies; share your data with advertisers.",
        Sharing,
        Affirm,
    );
}

#[test]
fn analytics_denied_over_a_coordination() {
    is(
        "We do not use Matomo or any other analytics on this site.",
        Analytics,
        Deny,
    );
    is("Our site does not use web analytics.", Analytics, Deny);
}

#[test]
fn german_negation() {
    is("Wir verkaufen Ihre Daten nicht.", Selling, Deny);
    is(
        "Wir haben deine Daten noch nie an Dritte verkauft.",
        Selling,
        Deny,
    );
    is(
        "Es werden keine Daten an Dritte weitergegeben.",
        Sharing,
        Deny,
    );
    is("Wir verwenden keine Cookies.", Cookies, Deny);
    is("Wir reagieren nicht auf Do-Not-Track-Signale.", Dnt, Deny);
    is("Wir verwenden keine Analyse-Tools.", Analytics, Deny);
}

#[test]
fn french_negation() {
    is("Nous ne vendons pas vos données.", Selling, Deny);
    is(
        "Nous ne partageons jamais vos données avec des tiers.",
        Sharing,
        Deny,
    );
    is("Nous n'utilisons pas de cookies.", Cookies, Deny);
    is("Nous ne répondons pas aux signaux Do Not Track.", Dnt, Deny);
    is(
        "Nous n'utilisons aucun outil de statistiques.",
        Analytics,
        Deny,
    );
}

#[test]
fn spanish_negation() {
    is("No vendemos sus datos personales.", Selling, Deny);
    is("Nunca compartimos sus datos con terceros.", Sharing, Deny);
    is("No utilizamos cookies.", Cookies, Deny);
    is("No respondemos a las señales Do Not Track.", Dnt, Deny);
    is("No utilizamos herramientas de análisis.", Analytics, Deny);
}

#[test]
fn dutch_negation() {
    is("Wij verkopen uw gegevens niet.", Selling, Deny);
    is("Wij delen uw gegevens nooit met derden.", Sharing, Deny);
    is("Wij gebruiken geen cookies.", Cookies, Deny);
    is("Wij reageren niet op Do Not Track signalen.", Dnt, Deny);
    is("Wij gebruiken geen statistieken.", Analytics, Deny);
}

#[test]
fn chinese_negation() {
    is("我们不会出售您的个人信息。", Selling, Deny);
    is("我们不会与第三方共享您的个人信息。", Sharing, Deny);
    is("我们不使用cookie。", Cookies, Deny);
    is("我们无法响应“请勿追踪”信号。", Dnt, Deny);
    is("我们从未使用统计分析工具。", Analytics, Deny);
}

#[test]
fn affirmations_stay_affirmations() {
    is(
        "We share your data with advertising partners.",
        Sharing,
        Affirm,
    );
    is(
        "We may sell your personal information to data brokers.",
        Selling,
        Affirm,
    );
    is("Wir übermitteln Ihre Daten an Dritte.", Sharing, Affirm);
    is(
        "Nous vendons vos données à des partenaires.",
        Selling,
        Affirm,
    );
    never("Users who have not enabled Do Not Track in a browser that supports it are tracked by our cookies.", Dnt, Deny);
    is("Do we sell your personal data?", Selling, Mention);
}

#[test]
fn every_claim_says_why() {
    let cs = extract(
        "We do not share your data with advertisers. We use cookies.",
        &builtin_parties(),
    );
    let share = cs
        .iter()
        .find(|c| c.claim == Sharing)
        .expect("sharing claim");
    assert_eq!(
        (share.cue.as_str(), share.negation.as_str()),
        ("share", "do not")
    );
    let cookie = cs
        .iter()
        .find(|c| c.claim == Cookies)
        .expect("cookies claim");
    assert_eq!(
        (cookie.cue.as_str(), cookie.negation.as_str()),
        ("cookies", "")
    );
    let dnt = extract(
        "We are unable to respond to Do Not Track signals.",
        &builtin_parties(),
    );
    assert_eq!(dnt[0].negation, "unable to");
}

#[test]
fn fingerprinting_claims() {
    use ClaimKind::Fingerprinting as F;
    is(
        "We and our partners may use device fingerprinting to recognise your browser.",
        F,
        Affirm,
    );
    is("We do not use browser fingerprinting.", F, Deny);
    is("Wir verwenden kein Browser-Fingerprinting.", F, Deny);
    assert!(stances("Unlock the app with your fingerprint sensor.", F).is_empty());
}

#[test]
fn a_duty_laid_on_recipients_is_not_our_denial() {
    // The recipients hold the data; the "not" binds their duty, not our sharing.
    never(
        "Our hosting vendors and other third parties see your records only to run the service and are contractually bound not to disclose them.",
        Sharing,
        Deny,
    );
    never(
        "We require the third parties we work with not to share your details for their own purposes.",
        Sharing,
        Deny,
    );
    // Our own duty stays our denial.
    is(
        "We are bound by law not to disclose your records to third parties.",
        Sharing,
        Deny,
    );
}

#[test]
fn a_plain_denial_of_sharing_is_a_denial_of_selling() {
    is(
        "The club never passes member data on to anyone.",
        Selling,
        Deny,
    );
    // With an exception, sharing may still happen, so nothing follows for selling.
    assert!(stances(
        "The club does not share member data with third parties except with its payment processor.",
        Selling
    )
    .is_empty());
}

#[test]
fn giving_data_to_authorities_is_sharing() {
    is(
        "The shop may hand over your account information to the police when a court order requires it.",
        Sharing,
        Affirm,
    );
    is(
        "The shop will release your information when required to do so by law.",
        Sharing,
        Affirm,
    );
}

#[test]
fn do_not_track_read_from_its_consequence_and_its_verb() {
    is(
        "Should your browser send a Do Not Track signal, we will not record your visit.",
        Dnt,
        Mention,
    );
    is(
        "If you switch on Do Not Track, we do not load our visitor counter.",
        Dnt,
        Affirm,
    );
    is(
        "The site does not alter its behaviour when a browser asks not to be tracked.",
        Dnt,
        Deny,
    );
    // An instruction to the reader is not the site honouring anything.
    never(
        "To learn whether embedded services honour Do Not Track, please read their own notices.",
        Dnt,
        Affirm,
    );
}

#[test]
fn the_recipient_as_subject() {
    is(
        "No outside company gets your personal data from us.",
        Sharing,
        Deny,
    );
    is(
        "Advertisers never receive your email address.",
        Sharing,
        Deny,
    );
    is(
        "Our delivery partners have access to your personal information to bring your order.",
        Sharing,
        Affirm,
    );
    // Data received from partners is not data given to them.
    never(
        "We receive personal data from partners when you sign up there.",
        Sharing,
        Deny,
    );
}

#[test]
fn a_cookie_lifetime_is_a_practice() {
    is(
        "The login cookie is removed as soon as you close your browser.",
        Cookies,
        Affirm,
    );
    // A definition stays a mention.
    is(
        "A cookie is a small text file made of letters and digits.",
        Cookies,
        Mention,
    );
}

#[test]
fn industry_opt_out_pages_mean_third_party_ad_cookies() {
    is(
        "You can opt out of cookies used for interest-based ads at www.aboutads.info/choices.",
        ClaimKind::ThirdPartyCookies,
        Affirm,
    );
}

#[test]
fn a_users_ability_to_opt_out_is_an_opt_out() {
    is(
        "Visitors may opt out of ad personalisation from our partners.",
        ClaimKind::OptOut,
        Affirm,
    );
    // The consequence of an opt-out is not the choice itself.
    assert!(stances(
        "Even if you opt out, you will still see ads.",
        ClaimKind::OptOut
    )
    .is_empty());
}

#[test]
fn no_over_a_coordinated_noun_phrase() {
    is("This app has no trackers or cookies.", Cookies, Deny);
    is(
        "Diese App hat keine Tracker und keine Cookies.",
        Cookies,
        Deny,
    );
    // Third-party ones only: nothing follows for the site's own cookies.
    never(
        "The reader has no third-party scripts or cookies.",
        Cookies,
        Affirm,
    );
    never(
        "The reader has no third-party scripts or cookies.",
        Cookies,
        Deny,
    );
    is(
        "The reader has no third-party scripts or cookies.",
        ClaimKind::ThirdPartyCookies,
        Deny,
    );
}

#[test]
fn recipients_named_by_pronoun_or_company_form() {
    is(
        "We work with several delivery firms and other vendors, and we may share your address with them to ship your order.",
        Sharing,
        Affirm,
    );
    is(
        "The shop may share your purchase history with Example Media Holdings, LLC.",
        Sharing,
        Affirm,
    );
}

#[test]
fn means_and_sale_phrases_under_negation() {
    is(
        "The forum does not earn money by selling member data.",
        Selling,
        Deny,
    );
    is("Member data is not for sale.", Selling, Deny);
    is(
        "The forum earns money by selling member data to brokers.",
        Selling,
        Affirm,
    );
}

#[test]
fn a_denial_with_an_untyped_exception_is_hedged() {
    let hedged = |text: &str| {
        extract(text, &builtin_parties())
            .into_iter()
            .find(|c| c.claim == Sharing && c.stance == Deny)
            .map(|c| c.hedged)
    };
    assert_eq!(
        hedged("We do not share your personal data with third parties other than as set out in this notice."),
        Some(true)
    );
    assert_eq!(
        hedged("We do not share your personal data with third parties."),
        Some(false)
    );
}

#[test]
fn a_signal_then_its_consequence() {
    is(
        "To avoid this, switch on Do Not Track in your browser and then we will not record your visit.",
        Dnt,
        Affirm,
    );
    // A later sentence about privacy settings is not about the signal.
    let claims = extract(
        "We do not respond to Do Not Track signals. You can change your privacy settings at any time.",
        &builtin_parties(),
    );
    let dnt: Vec<_> = claims.iter().filter(|c| c.claim == Dnt).collect();
    assert_eq!(dnt.len(), 1, "{dnt:?}");
}

#[test]
fn the_readers_may_is_not_a_hedge() {
    let hedged = |text: &str, kind: ClaimKind| {
        extract(text, &builtin_parties())
            .into_iter()
            .find(|c| c.claim == kind)
            .map(|c| c.hedged)
    };
    assert_eq!(
        hedged(
            "You may opt out of interest-based ads from our partners.",
            ClaimKind::OptOut
        ),
        Some(false)
    );
    assert_eq!(
        hedged("We may share your data with advertising partners.", Sharing),
        Some(true)
    );
}

#[test]
fn an_opt_out_from_a_named_tracker_means_it_collects_here() {
    is(
        "Visitors can opt out of Google Analytics with the browser add-on Google offers.",
        ClaimKind::ThirdPartyCookies,
        Affirm,
    );
    // Unsubscribing from a named mail service's newsletters says nothing of tracking.
    assert!(stances(
        "You can unsubscribe from our Mailchimp newsletter at any time.",
        ClaimKind::ThirdPartyCookies
    )
    .is_empty());
}
