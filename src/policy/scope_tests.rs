//! Unit tests of negation scope and stance structures (each sentence written for
//! these tests) in, the stance each must yield out: capacity nouns, refusal and
//! cessation verbs, "neither ... nor" in four languages, withheld guarantees,
//! legal assessments of a sale, table answers after a colon, a sharing statement
//! narrowed by a later denial, infinitive clauses after a comma, and the words
//! that look like sharing or selling but are not ("vendors", "send you").
#![deny(clippy::string_slice)]

use crate::model::{ClaimKind, Stance};
use crate::policy::negation::tests::{is, never};

use ClaimKind::{Advertising, Analytics, Cookies, Dnt, Selling, ThirdPartySharing as Sharing};
use Stance::{Affirm, Deny, Mention};

#[test]
fn a_capacity_noun_carries_the_negation_to_its_infinitive() {
    is(
        "The shop has no means to read Do Not Track headers.",
        Dnt,
        Deny,
    );
    is("We lack the practical capability to honour DNT.", Dnt, Deny);
    is(
        "There is no mechanism for our servers to respond to Do Not Track.",
        Dnt,
        Deny,
    );
    is("We have no plans to sell visitor data.", Selling, Deny);
    is(
        "We have the ability to respond to Do Not Track and we do.",
        Dnt,
        Affirm,
    );
}

#[test]
fn refusal_and_cessation_verbs_deny_the_act() {
    is(
        "The company refrains from selling member lists.",
        Selling,
        Deny,
    );
    is(
        "We discontinued using analytics services last year.",
        Analytics,
        Deny,
    );
    never("We stopped counting visits in 2023.", Analytics, Affirm);
}

#[test]
fn neither_nor_denies_the_pair_in_every_language() {
    is(
        "Neither we nor our partners analyse your reading habits.",
        Analytics,
        Deny,
    );
    is(
        "Hier laufen weder Google Analytics noch andere Statistikdienste.",
        Analytics,
        Deny,
    );
    is(
        "Nous n'utilisons ni Google Analytics ni aucun outil d'analyse.",
        Analytics,
        Deny,
    );
    is(
        "No usamos ni Google Analytics ni herramientas de análisis.",
        Analytics,
        Deny,
    );
}

#[test]
fn a_withheld_guarantee_asserts_nothing_either_way() {
    never(
        "We cannot promise that other members will not share what you post.",
        Sharing,
        Deny,
    );
    never(
        "We can't guarantee your address will never be sold by a buyer.",
        Selling,
        Deny,
    );
    // A guarantee of a noun phrase keeps the rest of the sentence.
    is(
        "We cannot guarantee the safety of data we send to our partners.",
        Sharing,
        Affirm,
    );
}

#[test]
fn a_legal_assessment_of_a_sale() {
    is(
        "Letting ad networks read cookies may count as a sale; we consider it a sale.",
        Selling,
        Affirm,
    );
    is(
        "Such transfers may constitute a sale under state law.",
        Selling,
        Affirm,
    );
    is(
        "We do not think these transfers constitute a sale.",
        Selling,
        Mention,
    );
}

#[test]
fn a_table_answer_after_a_colon() {
    is(
        "Personal information we sold in the past twelve months: none.",
        Selling,
        Deny,
    );
    is(
        "Personal information we sold in the past twelve months: identifiers.",
        Selling,
        Affirm,
    );
}

#[test]
fn sharing_narrowed_by_a_later_denial_is_sharing() {
    is(
        "We give order data to our courier, but we never give them your phone number.",
        Sharing,
        Affirm,
    );
    // A later exception stays an exception of the denial.
    is(
        "We never share your data with third parties, except with our courier.",
        Sharing,
        Deny,
    );
}

#[test]
fn an_infinitive_clause_after_a_comma_keeps_the_negation() {
    is(
        "Wir sind derzeit nicht in der Lage, DNT-Signale zu beachten.",
        Dnt,
        Deny,
    );
    is(
        "Wij zijn niet in staat, om op DNT-signalen te reageren.",
        Dnt,
        Deny,
    );
}

#[test]
fn words_that_look_like_sharing_or_selling() {
    never("Our vendors host the site.", Selling, Affirm);
    never("We may send you a receipt by email.", Sharing, Affirm);
    never("We will not send you marketing emails.", Sharing, Deny);
    is(
        "Your order is sent to our warehouse partners.",
        Sharing,
        Affirm,
    );
}

#[test]
fn coordination_and_compounds_in_denials() {
    is(
        "Our site does not embed Google Analytics or any other web analytics tool.",
        Analytics,
        Deny,
    );
    is("This is a cookie-free website.", Cookies, Deny);
    is("Wij tonen geen advertenties.", Advertising, Deny);
    is(
        "我们不会利用您的浏览记录进行个性化广告推送。",
        Advertising,
        Deny,
    );
}
