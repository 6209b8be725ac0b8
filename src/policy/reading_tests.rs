//! Unit tests of the structures read this round: one sentence per structure
//! (written for these tests) in, the stance of the claim it must yield out —
//! purposes permitted or shown, clause-scoped hedges, numerals, coordinated
//! subjects, company recipients, asides, verb lists, signal consequences in
//! other languages, gerund objects, answered questions, choices of the reader.
#![deny(clippy::string_slice)]

use super::super::claims::{builtin_parties, extract};
use crate::model::{ClaimKind, Stance};
use crate::policy::negation::tests::{is, never, stances};

use ClaimKind::{Analytics, Dnt, Selling, ThirdPartySharing as Sharing};
use Stance::{Affirm, Deny, Mention};

#[test]
fn permitting_or_showing_a_purpose_is_using_it() {
    is(
        "Our reading app does not allow interest-based advertising of any kind.",
        ClaimKind::Advertising,
        Deny,
    );
    is("We never run analytics on member pages.", Analytics, Deny);
    is(
        "We show ads to visitors of the free plan.",
        ClaimKind::Advertising,
        Affirm,
    );
}

#[test]
fn a_hedge_in_another_clause_leaves_the_denial_plain() {
    // The hedge belongs to the ad companies' clause; our own denial is plain,
    // so it denies selling too.
    is(
        "Ad companies may read your IP address, but we do not pass any of your account details to them.",
        Selling,
        Deny,
    );
    // A hedge in the denial's own clause keeps selling unread.
    assert!(stances("We may not share your data with partners.", Selling).is_empty());
}

#[test]
fn third_parties_written_with_a_numeral() {
    is(
        "We do not disclose your e-mail address to 3rd parties.",
        Sharing,
        Deny,
    );
    never(
        "We never rent any data about you to 3rd parties.",
        Selling,
        Affirm,
    );
}

#[test]
fn the_company_coordinated_with_others_as_subject() {
    is(
        "ShopCo and its partners share order records with third parties for delivery.",
        Sharing,
        Affirm,
    );
    // The users themselves are still not the company.
    assert!(stances(
        "Visitors and members share photos with third parties they invite.",
        Sharing
    )
    .iter()
    .all(|s| *s != Affirm));
}

#[test]
fn a_company_named_as_the_recipient() {
    is(
        "We share your e-mail address with Facebook to find you on it.",
        Sharing,
        Affirm,
    );
    is("We do not pass your contact list to Google.", Sharing, Deny);
}

#[test]
fn a_negation_reaches_over_an_aside() {
    is(
        "We will not, under any circumstances, sell your contact details.",
        Selling,
        Deny,
    );
    // An aside that is itself a clause with its own verb still ends the reach:
    // "we do not track you, as the law allows, but we sell ..." is no denial.
    never(
        "We do not log visits; instead, we sell your usage data to brokers.",
        Selling,
        Deny,
    );
}

#[test]
fn the_object_after_a_coordinated_verb_list() {
    is(
        "We do not sell, barter, or otherwise hand over to outside parties your personal details.",
        Selling,
        Deny,
    );
    is("We never monetise your personal data.", Selling, Deny);
}

#[test]
fn a_signal_then_its_consequence_in_other_languages() {
    is(
        "Wenn Ihr Browser ein Do-Not-Track-Signal sendet, erfassen wir keine Nutzungsdaten.",
        Dnt,
        Affirm,
    );
    is(
        "Si votre navigateur envoie le signal Do Not Track, nous ne collectons aucune statistique de visite.",
        Dnt,
        Affirm,
    );
    is(
        "Cuando su navegador envía la señal Do Not Track, no registramos su visita.",
        Dnt,
        Affirm,
    );
    is(
        "Als uw browser een Do Not Track-signaal stuurt, verzamelen wij geen gegevens over uw bezoek.",
        Dnt,
        Affirm,
    );
    is(
        "如果您的浏览器发送请勿追踪信号，我们不会记录您的访问。",
        Dnt,
        Affirm,
    );
    // The signal named without a consequence of ours stays a mention.
    is(
        "Wenn Ihr Browser ein Do-Not-Track-Signal sendet, wird dies in den Einstellungen angezeigt.",
        Dnt,
        Mention,
    );
}

#[test]
fn a_gerund_object_under_a_negated_verb() {
    is(
        "We are not interested in selling your personal data.",
        Selling,
        Deny,
    );
    is(
        "Our revenue does not rely on renting out customer information.",
        Selling,
        Deny,
    );
    // Affirmed: "we rely on selling advertising space" is no denial.
    never(
        "We rely on selling subscriptions and your data.",
        Selling,
        Deny,
    );
}

#[test]
fn german_analytics_compounds_and_verbs() {
    is(
        "Diese Website benutzt einen Webanalysedienst, um Besuche zu zählen.",
        Analytics,
        Affirm,
    );
}

#[test]
fn a_question_answered_by_no_or_yes() {
    is(
        "Do we sell your personal data? No. Not to anyone.",
        Selling,
        Deny,
    );
    is(
        "Do you share my details with advertisers? No, never.",
        Sharing,
        Deny,
    );
    is(
        "Does this site honour Do Not Track signals? Yes. We stop all analytics when it is on.",
        Dnt,
        Affirm,
    );
    // "No" that opens a longer sentence is read by that sentence's own rules.
    never(
        "Do we sell your data? Nobody asks that, since we sell only our app.",
        Selling,
        Deny,
    );
    // A question left unanswered asserts nothing.
    is("Do we sell your personal data?", Selling, Mention);
    let cs = extract("Do we sell your data? No.", &builtin_parties());
    let sell = cs
        .iter()
        .find(|c| c.claim == Selling)
        .map(|c| c.negation.clone());
    assert_eq!(sell.as_deref(), Some("no"));
}

#[test]
fn a_denial_that_follows_the_readers_choice_is_no_denial() {
    is(
        "If you switch this setting off, we will not show you personalised ads.",
        ClaimKind::Advertising,
        Affirm,
    );
    is(
        "Once you opt out, we no longer use your browsing for interest-based advertising.",
        ClaimKind::Advertising,
        Affirm,
    );
    // Without a choice of the reader's, the denial stands.
    is(
        "We do not show personalised ads.",
        ClaimKind::Advertising,
        Deny,
    );
}

#[test]
fn no_opt_out_needed_keeps_the_denial() {
    is(
        "There is nothing to opt out of, because we do not use analytics.",
        Analytics,
        Deny,
    );
    is(
        "We stop showing personalised ads after you opt out.",
        ClaimKind::Advertising,
        Affirm,
    );
}

#[test]
fn a_recipient_that_acts_on_the_data() {
    is(
        "Our payment vendors may process your card details.",
        Sharing,
        Affirm,
    );
    is("Advertisers never access your account data.", Sharing, Deny);
}

#[test]
fn the_company_by_its_legal_form_is_no_recipient() {
    never(
        "Acme Inc. will not use your personal data for unrelated purposes.",
        Sharing,
        Deny,
    );
}

#[test]
fn analytics_adjectives_in_other_languages() {
    is("Wij gebruiken geen analytische cookies.", Analytics, Deny);
    is("Nous n'utilisons aucun cookie analytique.", Analytics, Deny);
    is("No utilizamos cookies analíticas.", Analytics, Deny);
    is(
        "Wir setzen statistische Cookies nur mit Einwilligung ein.",
        Analytics,
        Affirm,
    );
}

#[test]
fn not_permitted_and_an_unknown_first_verb() {
    is(
        "The operator is not permitted to make available to third parties any data of its customers.",
        Sharing,
        Deny,
    );
    never(
        "We will not read or disclose your letters to outside parties.",
        Sharing,
        Affirm,
    );
}

#[test]
fn a_purpose_named_as_an_example_of_a_denied_object() {
    is(
        "We do not use tracking tools like Google Analytics.",
        Analytics,
        Deny,
    );
    is(
        "We never embed third-party services such as ad networks or analytics.",
        Analytics,
        Deny,
    );
    // An affirmed use with examples stays affirmed.
    is(
        "We use measurement tools such as Matomo and other analytics.",
        Analytics,
        Affirm,
    );
}
