//! Unit tests of the practice-statement rules: sentences in, the presence or
//! absence of opt_out, data_retention, data_security, advertising,
//! browser_controls and third_party_cookies claims out.
#![deny(clippy::string_slice)]

use crate::model::{ClaimKind, Stance};
use crate::policy::claims::{builtin_parties, extract};

fn kinds(text: &str) -> Vec<ClaimKind> {
    extract(text, &builtin_parties())
        .into_iter()
        .map(|c| c.claim)
        .collect()
}

fn has(text: &str, k: ClaimKind) -> bool {
    kinds(text).contains(&k)
}

#[test]
fn headings_state_no_practice() {
    assert!(kinds("HOW WE PROTECT YOUR INFORMATION").is_empty());
    assert!(!has("Data Retention", ClaimKind::DataRetention));
    assert!(!has("Opt-Out Choices", ClaimKind::OptOut));
    // A heading run into its paragraph still states the practice.
    assert!(has(
        "Data Retention We will retain your data for as long as your account is active.",
        ClaimKind::DataRetention
    ));
}

#[test]
fn policy_self_description_is_not_a_practice() {
    let t = "This Privacy Policy explains how we collect, use, share and protect your personal information.";
    assert!(!has(t, ClaimKind::DataSecurity));
    assert!(!has(
        "Our security measures are described below.",
        ClaimKind::DataSecurity
    ));
    assert!(!has(
        "The policy describes: how we update this policy and how we share information.",
        ClaimKind::PolicyChange
    ));
}

#[test]
fn security_needs_a_protective_measure() {
    assert!(has(
        "We use SSL encryption when you submit payment details.",
        ClaimKind::DataSecurity
    ));
    assert!(has(
        "We take appropriate steps to protect your information.",
        ClaimKind::DataSecurity
    ));
    // A legal-disclosure purpose, a disclaimer, a user's own setting.
    assert!(!has(
        "We may disclose information as required by law or to protect the security of our sites.",
        ClaimKind::DataSecurity
    ));
    assert!(!has(
        "We are not responsible for the security practices of other sites.",
        ClaimKind::DataSecurity
    ));
    assert!(!has(
        "You can change settings to protect the information you share with friends.",
        ClaimKind::DataSecurity
    ));
    // A password-protected account is a feature, not a safeguard statement.
    assert!(!has(
        "You may access your password protected account to review your details.",
        ClaimKind::DataSecurity
    ));
}

#[test]
fn retention_needs_keeping_for_a_period_or_condition() {
    assert!(has(
        "We keep IP addresses for 90 days.",
        ClaimKind::DataRetention
    ));
    assert!(has(
        "Log files are deleted from our servers after 90 days.",
        ClaimKind::DataRetention
    ));
    assert!(has(
        "We do not store your credit card number.",
        ClaimKind::DataRetention
    ));
    // Collection, the user's rights, a period that keeps nothing, other parties.
    assert!(!has(
        "We will not collect or store your location information.",
        ClaimKind::DataRetention
    ));
    assert!(!has(
        "You can access, correct or delete your information after you log in.",
        ClaimKind::DataRetention
    ));
    assert!(!has(
        "Your answers are accessible for a limited period of time.",
        ClaimKind::DataRetention
    ));
    assert!(!has(
        "Please log off immediately if you do not agree.",
        ClaimKind::DataRetention
    ));
    assert!(!has(
        "We are not responsible for the retention of information by other members.",
        ClaimKind::DataRetention
    ));
    assert!(!has(
        "Any activity that requires the collection, retention, and use of personal information needs a parent's consent.",
        ClaimKind::DataRetention
    ));
}

#[test]
fn opt_out_needs_a_mechanism() {
    let cs = extract(
        "You can opt out by clicking the unsubscribe link in any email.",
        &builtin_parties(),
    );
    assert!(cs
        .iter()
        .any(|c| c.claim == ClaimKind::OptOut && c.stance == Stance::Affirm));
    assert!(has(
        "If you prefer not to receive mail from us, please let us know by writing to our Privacy Officer.",
        ClaimKind::OptOut
    ));
    assert!(!has(
        "For information about Adobe's practices and related opt-out choices, see their policy.",
        ClaimKind::OptOut
    ));
    assert!(!has(
        "Even if you opt out, we may still send you service messages.",
        ClaimKind::OptOut
    ));
    assert!(!has(
        "We believe opt-out choices matter.",
        ClaimKind::OptOut
    ));
}

#[test]
fn advertising_is_a_purpose_not_a_word() {
    assert!(!has(
        "Our services are not targeted to children under 13.",
        ClaimKind::Advertising
    ));
    assert!(!has(
        "Behavioral Health patients have additional protections.",
        ClaimKind::Advertising
    ));
    assert!(!has(
        "We share aggregate statistics with advertisers and sponsors.",
        ClaimKind::Advertising
    ));
    assert!(has(
        "Advertisers may use cookies to serve ads based on your interests.",
        ClaimKind::Advertising
    ));
    assert!(has(
        "We use behavioral advertising on our sites.",
        ClaimKind::Advertising
    ));
}

#[test]
fn browser_controls_need_a_user_choice() {
    assert!(!has(
        "A cookie is a small file placed in your web browser.",
        ClaimKind::BrowserControls
    ));
    assert!(!has(
        "If you delete your cookies, you will need to renew your opt-out choice.",
        ClaimKind::BrowserControls
    ));
    assert!(has(
        "Most browsers include an option to reject new cookies.",
        ClaimKind::BrowserControls
    ));
    assert!(has(
        "You can disable cookies or set your browser to alert you when cookies are being sent.",
        ClaimKind::BrowserControls
    ));
}

#[test]
fn third_party_cookies_need_a_third_party_acting() {
    assert!(has(
        "We permit third parties to apply cookies to users of our Services.",
        ClaimKind::ThirdPartyCookies
    ));
    assert!(has(
        "We and third parties that provide content or functionality on our Services may use cookies.",
        ClaimKind::ThirdPartyCookies
    ));
    assert!(!has(
        "For information on managing Flash cookies, see the Adobe website.",
        ClaimKind::ThirdPartyCookies
    ));
}

#[test]
fn negation_reaches_a_coordinated_verb_list() {
    let cs = extract(
        "We will not sell, rent, swap or authorize any third party to use your email address.",
        &builtin_parties(),
    );
    assert!(
        cs.iter()
            .any(|c| c.claim == ClaimKind::ThirdPartySharing && c.stance == Stance::Deny),
        "{cs:?}"
    );
    // The selling denial stays a selling claim as well.
    assert!(cs
        .iter()
        .any(|c| c.claim == ClaimKind::Selling && c.stance == Stance::Deny));
}

#[test]
fn only_with_service_providers_is_a_denial_with_exception() {
    let cs = extract(
        "Your information will only be shared with service vendors who help us administer the website.",
        &builtin_parties(),
    );
    let s: Vec<_> = cs
        .iter()
        .filter(|c| c.claim == ClaimKind::ThirdPartySharing)
        .collect();
    assert_eq!(s.len(), 1, "{cs:?}");
    assert_eq!(s[0].stance, Stance::Deny);
    assert!(s[0]
        .exceptions
        .contains(&crate::model::Exception::ServiceProviders));
}

#[test]
fn legal_manner_is_not_a_legal_disclosure() {
    assert!(!has(
        "We may disclose your information in accordance with applicable law to our partners.",
        ClaimKind::LegalDisclosure
    ));
    assert!(has(
        "We may disclose your information if required by law.",
        ClaimKind::LegalDisclosure
    ));
    assert!(has(
        "We may disclose personal information to conform with the law or if ordered by a court.",
        ClaimKind::LegalDisclosure
    ));
}

#[test]
fn navigation_text_states_no_practice() {
    let k = kinds(
        "Click on the links below to jump to each section: Children's Privacy, Data Security.",
    );
    assert!(!k.contains(&ClaimKind::Children), "{k:?}");
    assert!(!k.contains(&ClaimKind::DataSecurity), "{k:?}");
    // A back-reference inside a practice statement is not navigation.
    assert!(has(
        "As described above, we and third parties may use cookies to serve ads.",
        ClaimKind::ThirdPartyCookies
    ));
}

#[test]
fn analytics_statistics_as_purpose_not_data_type() {
    assert!(!has(
        "It also includes statistical data such as which pages you visit.",
        ClaimKind::Analytics
    ));
    assert!(has(
        "We use cookies to compile aggregate statistics about site usage.",
        ClaimKind::Analytics
    ));
    assert!(!has(
        "Information may be passed to analytics providers.",
        ClaimKind::Analytics
    ));
}

#[test]
fn third_party_as_passive_agent() {
    assert!(has(
        "Information may be collected and used by third parties through cookies.",
        ClaimKind::ThirdPartyCookies
    ));
    assert!(!has(
        "This policy does not apply to information collected by advertisers on other sites.",
        ClaimKind::ThirdPartyCookies
    ));
}

#[test]
fn retention_is_our_keeping_not_the_users_deleting() {
    assert!(!has(
        "You can delete the app from your device after 30 days.",
        ClaimKind::DataRetention
    ));
    assert!(!has(
        "We will remove you from our mailing list within 10 days.",
        ClaimKind::DataRetention
    ));
}

#[test]
fn browser_choice_needs_the_user_as_agent() {
    assert!(!has(
        "Web beacons enable us to recognize a browser's cookie and deliver relevant ads to users.",
        ClaimKind::BrowserControls
    ));
    assert!(!has(
        "Session cookies disappear when you close your browser or turn off your computer.",
        ClaimKind::BrowserControls
    ));
}

#[test]
fn other_documents_do_not_change_the_policy() {
    assert!(!has(
        "Our security policies are reviewed periodically and revised as required.",
        ClaimKind::PolicyChange
    ));
    assert!(!has(
        "We will email you about changes to our Terms of Service.",
        ClaimKind::PolicyChange
    ));
    assert!(has(
        "We may update this privacy policy from time to time.",
        ClaimKind::PolicyChange
    ));
}

#[test]
fn access_restriction_is_a_safeguard_but_not_the_users_access() {
    assert!(has(
        "When we share data with agents, we restrict their access to the information they need.",
        ClaimKind::DataSecurity
    ));
    assert!(!has(
        "Refusing a cookie may limit your access to the Sites.",
        ClaimKind::DataSecurity
    ));
}

#[test]
fn merging_data_is_not_a_merger() {
    assert!(!has(
        "We may merge your information with data obtained from third parties.",
        ClaimKind::MergerTransfer
    ));
    assert!(has(
        "If we merge with another company, your information may be transferred.",
        ClaimKind::MergerTransfer
    ));
}

#[test]
fn deciding_whether_a_practice_happens_is_an_opt_out() {
    assert!(has(
        "In the app's settings you can decide whether we show you personalised ads.",
        ClaimKind::OptOut
    ));
    assert!(has(
        "Members can turn off interest-based advertising at any time.",
        ClaimKind::OptOut
    ));
    // Turning off cookies in a browser is a browser control, not an opt-out.
    assert!(!has(
        "You can turn off cookies in your browser.",
        ClaimKind::OptOut
    ));
    // A choice the user cannot make is no opt-out.
    assert!(!has(
        "You cannot decide whether we show ads on the free plan.",
        ClaimKind::OptOut
    ));
}

#[test]
fn selling_the_business_itself_is_a_merger() {
    assert!(has(
        "Should we decide to sell part or all of our business, the buyer would receive the customer records.",
        ClaimKind::MergerTransfer
    ));
    // The company as the destination of a transfer is not a sale of it.
    assert!(!has(
        "Your profile details are transferred to our company when you link an account.",
        ClaimKind::MergerTransfer
    ));
}

#[test]
fn a_pointer_that_also_offers_the_opt_out() {
    let cs = extract(
        "You can learn more about behavioural advertising or opt out of the ad-network cookies at www.youronlinechoices.com.",
        &builtin_parties(),
    );
    assert!(cs
        .iter()
        .any(|c| c.claim == ClaimKind::ThirdPartyCookies && c.stance == Stance::Affirm));
}

#[test]
fn a_relative_clause_defining_the_object_keeps_the_practice() {
    let cs = extract(
        "We sometimes put pixels, which are tiny invisible images, into our newsletters.",
        &builtin_parties(),
    );
    assert!(cs
        .iter()
        .any(|c| c.claim == ClaimKind::WebBeacons && c.stance == Stance::Affirm));
    // A plain definition still defines.
    let cs = extract(
        "A pixel is a small image that loads when a page opens.",
        &builtin_parties(),
    );
    assert!(!cs
        .iter()
        .any(|c| c.stance == Stance::Affirm && c.claim == ClaimKind::WebBeacons));
}

#[test]
fn an_analytics_company_named_as_used_is_analytics() {
    let st = |text: &str| {
        extract(text, &builtin_parties())
            .into_iter()
            .find(|c| c.claim == ClaimKind::Analytics)
            .map(|c| (c.stance, c.cue))
    };
    assert_eq!(
        st("We use Mixpanel to see which features people click."),
        Some((Stance::Affirm, "Mixpanel".to_string()))
    );
    assert_eq!(
        st("We do not use Hotjar on this site.").map(|x| x.0),
        Some(Stance::Deny)
    );
    // Run on the site's own servers: no third party measures the visit.
    assert_eq!(
        st("Visits are counted by a self-hosted Matomo instance."),
        None
    );
}

#[test]
fn third_party_cookies_qualified_by_a_relative_clause() {
    let tp = |text: &str| {
        extract(text, &builtin_parties())
            .into_iter()
            .find(|c| c.claim == ClaimKind::ThirdPartyCookies)
            .map(|c| c.stance)
    };
    assert_eq!(
        tp("Our pages may carry cookies set by third parties that are not covered by this policy, and we have no control over them."),
        Some(Stance::Affirm)
    );
    // The policy's own scope, said of third parties, still claims nothing.
    assert_eq!(
        tp("This policy does not cover information collected by third parties."),
        None
    );
}

#[test]
fn a_practice_subject_to_the_readers_settings_is_an_opt_out() {
    assert!(has(
        "Depending on your settings, we let ad partners show you tailored advertising on other sites.",
        ClaimKind::OptOut
    ));
    assert!(!has(
        "Depending on your browser, pages may load slowly.",
        ClaimKind::OptOut
    ));
}
