//! Unit tests of further sentence structures (each sentence written for these
//! tests) in, the stance each must yield out: purpose clauses hanging on a
//! negated verb, determiners over modifiers, "free of", rules forbidding an act,
//! split "make ... available", particles, verb-final sharing, signal
//! consequences that switch tracking off, signals treated alike, and the verb
//! "do not track" that is no signal.
#![deny(clippy::string_slice)]

use super::super::claims::{builtin_parties, extract};
use crate::model::{ClaimKind, Stance};
use crate::policy::negation::tests::{is, never, stances};

use ClaimKind::{Advertising, Analytics, Dnt, OptOut, Selling, ThirdPartySharing as Sharing};
use Stance::{Affirm, Deny};

#[test]
fn a_purpose_clause_hangs_on_the_negated_main_verb() {
    is(
        "We will never use what you read to aim adverts at you.",
        Advertising,
        Deny,
    );
    is(
        "The app does not use location data to personalise ads.",
        Advertising,
        Deny,
    );
    // The affirmed main verb keeps the purpose affirmed.
    is(
        "We use the pages you visit to personalise ads.",
        Advertising,
        Affirm,
    );
}

#[test]
fn a_determiner_no_reaches_over_modifiers() {
    is(
        "The newsletter carries no third-party analytics and no trackers.",
        Analytics,
        Deny,
    );
    is(
        "There is no targeted advertising on the forum.",
        Advertising,
        Deny,
    );
    // A noun with its own complement stands between: no denial of the purpose.
    never(
        "We have no control over the analytics our partners run.",
        Analytics,
        Deny,
    );
}

#[test]
fn free_of_a_purpose_denies_it() {
    is("The reader is free of advertising.", Advertising, Deny);
    is("Members enjoy an ad-free experience.", Advertising, Deny);
}

#[test]
fn a_rule_against_the_act_denies_it() {
    is(
        "It goes against our principles to sell the data we hold about you.",
        Selling,
        Deny,
    );
}

#[test]
fn a_negated_track_verb_denies_the_analytics_it_uses() {
    is(
        "We do not track readers with analytics software.",
        Analytics,
        Deny,
    );
    // The lower-case verb is no Do Not Track statement.
    assert!(stances("We do not track readers with analytics software.", Dnt).is_empty());
    // The signal's name keeps its meaning.
    is(
        "We do not respond to do not track signals sent by browsers.",
        Dnt,
        Deny,
    );
}

#[test]
fn make_available_split_around_its_object() {
    is(
        "We make your reading history available to publishing partners.",
        Sharing,
        Affirm,
    );
    is(
        "We do not make your address book available to other companies.",
        Sharing,
        Deny,
    );
}

#[test]
fn a_particle_makes_a_weak_verb_a_transfer() {
    is(
        "Your answers stay with our team, and we never pass them on.",
        Sharing,
        Deny,
    );
    is(
        "No contact details are passed to outside firms unless a court orders it.",
        Sharing,
        Deny,
    );
}

#[test]
fn verb_final_sharing_in_german() {
    is(
        "Wir geben Ihre Bestelldaten an Versanddienstleister und Dritte weiter.",
        Sharing,
        Affirm,
    );
    is(
        "Wir geben Ihre Daten unter keinen Umständen an Dritte weiter.",
        Sharing,
        Deny,
    );
}

#[test]
fn spanish_clitics_do_not_break_the_negation() {
    is("Sus datos no se venden a nadie.", Selling, Deny);
    is(
        "Sus datos personales no se ceden a terceros.",
        Sharing,
        Deny,
    );
}

#[test]
fn more_words_for_third_parties() {
    is(
        "Nous transmettons vos données à nos partenaires commerciaux.",
        Sharing,
        Affirm,
    );
    is(
        "Compartimos su información con socios que nos ayudan.",
        Sharing,
        Affirm,
    );
}

#[test]
fn a_signal_that_switches_tracking_off_is_honoured() {
    is(
        "If your browser sends Do Not Track, we switch off our marketing tags.",
        Dnt,
        Affirm,
    );
    is(
        "When a DNT header arrives, we disable the analytics script for that visit.",
        Dnt,
        Affirm,
    );
    // Negated, the switch is no honour.
    never(
        "When a DNT header arrives, we do not disable anything.",
        Dnt,
        Affirm,
    );
}

#[test]
fn a_signal_treated_like_any_other_request_is_ignored() {
    is(
        "Browsers with Do Not Track turned on are treated the same as all other browsers.",
        Dnt,
        Deny,
    );
    is(
        "Whether DNT is on or off makes no difference to what we record.",
        Dnt,
        Deny,
    );
}

#[test]
fn a_browser_sending_a_signal_is_not_the_company_sharing() {
    let claims = extract(
        "There is no common standard yet, so we treat browsers that send DNT the same as any other browser.",
        &builtin_parties(),
    );
    assert!(!claims.iter().any(|c| c.claim == Sharing), "{claims:?}");
}

#[test]
fn an_ad_setting_is_an_opt_out_of_targeted_ads() {
    is(
        "To stop seeing tailored ads, switch off ad personalisation in your settings.",
        OptOut,
        Affirm,
    );
}

#[test]
fn beacons_described_without_their_name() {
    is(
        "Newsletters contain an invisible image that reports when they are opened.",
        ClaimKind::WebBeacons,
        Affirm,
    );
}

#[test]
fn the_deciding_verb_is_the_cue_of_a_recipient_subject() {
    let claims = extract(
        "No advertiser receives your e-mail address from us.",
        &builtin_parties(),
    );
    let c = claims
        .iter()
        .find(|c| c.claim == Sharing)
        .expect("a sharing claim");
    assert_eq!(c.stance, Deny);
    assert_eq!(c.cue, "receives");
    assert_eq!(c.negation, "no");
}

#[test]
fn the_noun_sale_of_personal_data() {
    is(
        "Our shop does not engage in the sale of customer information.",
        Selling,
        Deny,
    );
    // The sale of the business is a merger, not a sale of data.
    never(
        "After the sale of our company, your data moves to the buyer.",
        Selling,
        Affirm,
    );
}

#[test]
fn a_gerund_subject_denied_in_a_relative_clause() {
    is(
        "Renting out your contact details is something we will never do.",
        Selling,
        Deny,
    );
}

#[test]
fn more_transfer_verbs_and_recipients() {
    is(
        "Order details are forwarded to the courier that brings your parcel.",
        Sharing,
        Affirm,
    );
    is(
        "Your profile may be accessible to advertisers on the platform.",
        Sharing,
        Affirm,
    );
    is(
        "We hand your booking data over to the event organiser.",
        Sharing,
        Affirm,
    );
    // Availability to the reader is no transfer.
    never(
        "The export of your data is available to you in the settings.",
        Sharing,
        Affirm,
    );
}

#[test]
fn analytics_described_by_what_it_counts() {
    is(
        "A counter from an outside service tells us how many people open each article.",
        Analytics,
        Affirm,
    );
    is(
        "These cookies evaluate the use of the shop and compile reports on site activity.",
        Analytics,
        Affirm,
    );
}

#[test]
fn cookies_of_social_networks_are_third_party_cookies() {
    is(
        "Social networks may set cookies when you watch an embedded clip; you can refuse them in the cookie banner.",
        ClaimKind::ThirdPartyCookies,
        Affirm,
    );
}

#[test]
fn a_signal_without_effect_is_ignored() {
    is(
        "A Do Not Track header has no effect on what our servers log.",
        Dnt,
        Deny,
    );
    is(
        "We do not change anything about our tracking when a browser sends DNT.",
        Dnt,
        Deny,
    );
}

#[test]
fn the_reader_in_a_relative_clause_is_not_the_subject() {
    is(
        "Information you provide is kept confidential and not disclosed to others.",
        Sharing,
        Deny,
    );
    // The reader as the subject of the sharing verb itself is still the reader.
    never(
        "Information you share with other members is not under our control.",
        Sharing,
        Deny,
    );
}

#[test]
fn a_determiner_no_over_a_coordination() {
    is(
        "No tracking or analytics tools run on these pages.",
        Analytics,
        Deny,
    );
}

#[test]
fn compound_heads_name_recipients_and_data() {
    is(
        "Ihre Bestellung wird an unseren Logistikdienstleister übermittelt, mit allen Kundendaten.",
        Sharing,
        Affirm,
    );
    is(
        "Wij delen klantgegevens met onze marketingpartners.",
        Sharing,
        Affirm,
    );
}

#[test]
fn a_german_verb_far_from_its_negation() {
    is(
        "Unsere Server können derzeit leider nicht auf Do-Not-Track-Anfragen reagieren.",
        Dnt,
        Deny,
    );
    is(
        "Wir setzen auf dieser Seite keine Cookies ein.",
        ClaimKind::Cookies,
        Deny,
    );
}

#[test]
fn chinese_any_between_negated_verb_and_object() {
    is("本应用不使用任何cookie。", ClaimKind::Cookies, Deny);
    is("我们不使用任何第三方统计工具。", Analytics, Deny);
    is("我们会与合作伙伴共享您的设备信息。", Sharing, Affirm);
}

#[test]
fn more_verbs_of_placing_and_communicating() {
    is(
        "Esta aplicación no instala cookies.",
        ClaimKind::Cookies,
        Deny,
    );
    is(
        "Sus datos pueden ser comunicados a empresas del grupo y a socios.",
        Sharing,
        Affirm,
    );
    is(
        "Notre application ne tient pas compte des signaux Do Not Track.",
        Dnt,
        Deny,
    );
}

#[test]
fn a_limit_on_a_recipients_use_is_no_denial_of_sharing() {
    never(
        "Service providers may not use your personal information for their own purposes.",
        Sharing,
        Deny,
    );
    // A recipient that gets nothing is a denial.
    is(
        "Advertisers never get your e-mail address from us.",
        Sharing,
        Deny,
    );
}

#[test]
fn they_after_a_named_recipient() {
    is(
        "We work with a number of partners, and they receive information about what you click.",
        Sharing,
        Affirm,
    );
}

#[test]
fn a_showing_verb_in_a_purpose_clause() {
    is(
        "We do not use your purchase history to show you targeted ads.",
        Advertising,
        Deny,
    );
}

#[test]
fn a_long_aside_between_negation_and_verb() {
    is(
        "We have not, during the last twelve months, sold any personal data of our users.",
        Selling,
        Deny,
    );
}

#[test]
fn beacons_denied_with_modifiers_and_containers() {
    is(
        "Our newsletters contain no tracking pixels.",
        ClaimKind::WebBeacons,
        Deny,
    );
    is(
        "We do not use web beacons or tracking pixels.",
        ClaimKind::WebBeacons,
        Deny,
    );
}

#[test]
fn the_noun_sale_never_affirms_selling() {
    never(
        "Residents may ask us to opt them out of the sale of personal information.",
        Selling,
        Affirm,
    );
    let claims = extract(
        "We do not engage in the sale of personal information.",
        &builtin_parties(),
    );
    let c = claims.iter().find(|c| c.claim == Selling).expect("selling");
    assert_eq!(
        (c.stance, c.cue.as_str(), c.negation.as_str()),
        (Deny, "sale of", "do not")
    );
}

#[test]
fn a_pointer_to_another_section_offers_no_opt_out() {
    assert!(stances(
        "Please see our ad page for more about the cookies that serve targeted ads, which you can disable.",
        OptOut
    )
    .is_empty());
}

#[test]
fn looking_forward_is_no_transfer() {
    assert!(stances(
        "We look forward to working with Facebook on new features.",
        Sharing
    )
    .is_empty());
    is(
        "We forward your support ticket to the vendor of the product.",
        Sharing,
        Affirm,
    );
}

#[test]
fn the_reader_making_data_available_is_the_reader() {
    assert!(stances(
        "We cannot control how others use what you post or otherwise make available in public forums.",
        Sharing
    )
    .is_empty());
}

#[test]
fn a_pronoun_recipient_only_with_a_verb_of_receiving() {
    assert!(stances(
        "Ad networks set cookies on the site, and how they use them is up to them.",
        Sharing
    )
    .is_empty());
}

#[test]
fn the_companys_own_information_is_no_personal_data() {
    assert!(stances(
        "The website provides information about us, our plans and the brokers who sell them.",
        Sharing
    )
    .is_empty());
}

#[test]
fn a_question_about_a_practice_asserts_nothing_until_answered() {
    assert_eq!(
        stances("Do we use analytics?", Analytics),
        vec![Stance::Mention]
    );
    assert_eq!(
        stances("Do we use cookies?", ClaimKind::Cookies),
        vec![Stance::Mention]
    );
    assert_eq!(
        stances("Do we use analytics? No.", Analytics),
        vec![Stance::Deny]
    );
}

#[test]
fn a_quantifier_on_the_object_denies() {
    is(
        "We share no data with outside firms other than aggregated statistics.",
        Sharing,
        Deny,
    );
    is("We sell no personal data to anyone.", Selling, Deny);
}

#[test]
fn no_one_as_the_recipient() {
    is(
        "Apart from our card processor, no one receives your billing details.",
        Sharing,
        Deny,
    );
}

#[test]
fn no_intention_of_the_act() {
    is(
        "We have no intention of selling your contact details.",
        Selling,
        Deny,
    );
}

#[test]
fn a_named_company_setting_cookies_is_a_third_party_cookie() {
    is(
        "YouTube may set cookies on your device once you play an embedded video.",
        ClaimKind::ThirdPartyCookies,
        Affirm,
    );
    is(
        "Marketing cookies are placed by our advertising partners to build a profile of you.",
        ClaimKind::ThirdPartyCookies,
        Affirm,
    );
}

#[test]
fn processors_named_by_their_service_are_recipients() {
    is(
        "Card numbers are passed to our payment processor, which charges your card.",
        Sharing,
        Affirm,
    );
}

#[test]
fn a_sale_seen_from_the_buyer() {
    is("Nobody can buy your personal data from us.", Selling, Deny);
    is(
        "Marketers may purchase customer lists from us.",
        Selling,
        Affirm,
    );
}

#[test]
fn analytics_products_named_without_the_word() {
    is(
        "The shop uses Yandex.Metrica to see how visitors move through it.",
        Analytics,
        Affirm,
    );
    is("We use Flurry to understand app usage.", Analytics, Affirm);
}

#[test]
fn a_named_company_never_denies_third_party_cookies() {
    // The company may be the site itself.
    never(
        "Instagram does not knowingly collect information from children.",
        ClaimKind::ThirdPartyCookies,
        Deny,
    );
}

#[test]
fn no_one_else_is_a_limit_after_a_transfer() {
    never(
        "Our ad partner anonymises the data we give it, so that no one else receives your details.",
        Sharing,
        Deny,
    );
}

#[test]
fn a_readers_right_is_not_a_retention_statement() {
    let retention = |s: &str| stances(s, ClaimKind::DataRetention);
    assert!(retention(
        "You have the right to see the records we hold for as long as we keep them."
    )
    .is_empty());
    assert!(retention("You may request the removal of anything you posted.").is_empty());
    assert!(retention("Cookies are small files that store your language choice.").is_empty());
    assert!(!retention("We keep order records for seven years after the purchase.").is_empty());
}

#[test]
fn improving_the_readers_experience_is_not_analytics() {
    assert!(stances(
        "Cookies remember your choices to improve your experience on the site.",
        Analytics
    )
    .is_empty());
    is(
        "We study how the site is used to improve our services.",
        Analytics,
        Affirm,
    );
}

#[test]
fn a_readers_request_is_no_denial_of_collection() {
    never(
        "To request that we not allow our sister companies to use your details for marketing, call us.",
        Sharing,
        Deny,
    );
    is(
        "We do not allow advertisers to collect personal information on our pages.",
        Sharing,
        Deny,
    );
}
