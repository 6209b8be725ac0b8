//! Unit tests of negation scope: one sentence per structure and language (written
//! for these tests) in, the stance of the claim it must yield out.
#![deny(clippy::string_slice)]

use super::super::claims::{builtin_parties, extract};
use crate::model::{ClaimKind, Stance};

fn stances(text: &str, kind: ClaimKind) -> Vec<Stance> {
    extract(text, &builtin_parties())
        .into_iter()
        .filter(|c| c.claim == kind)
        .map(|c| c.stance)
        .collect()
}

/// Every claim of `kind` in `text` has `want` (and there is one).
fn is(text: &str, kind: ClaimKind, want: Stance) {
    let got = stances(text, kind);
    assert!(
        !got.is_empty() && got.iter().all(|s| *s == want),
        "{text:?}: want {kind:?} {want:?}, got {got:?}"
    );
}

/// No claim of `kind` in `text` has `bad`.
fn never(text: &str, kind: ClaimKind, bad: Stance) {
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
