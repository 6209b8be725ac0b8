//! Unit tests of the claim extractor: design.md examples, negation scope,
//! multilingual sentences and date formats in, expected claims out.
#![deny(clippy::string_slice)]

use super::*;

fn run(text: &str) -> Vec<Claim> {
    extract(text, &builtin_parties())
}

fn find(cs: &[Claim], kind: ClaimKind) -> Vec<&Claim> {
    cs.iter().filter(|c| c.claim == kind).collect()
}

fn stance(cs: &[Claim], kind: ClaimKind) -> Option<Stance> {
    find(cs, kind).first().map(|c| c.stance)
}

fn date(text: &str) -> Option<String> {
    find(&run(text), ClaimKind::LastUpdated)
        .first()
        .map(|c| c.party.clone())
}

#[test]
fn sharing_denial_with_exceptions() {
    let cs = run("We will not share your information with any third party except our affiliates and service providers.");
    let s = find(&cs, ClaimKind::ThirdPartySharing);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].stance, Stance::Deny);
    assert_eq!(
        s[0].exceptions,
        vec![Exception::Affiliates, Exception::ServiceProviders]
    );
}

#[test]
fn may_share_is_hedged_affirm() {
    let cs = run("We may share your information with partners.");
    let s = find(&cs, ClaimKind::ThirdPartySharing);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].stance, Stance::Affirm);
    assert!(s[0].hedged);
}

#[test]
fn browser_instruction_is_not_a_cookie_denial() {
    let cs = run("If you do not want cookies, set your browser to refuse them.");
    assert_eq!(
        stance(&cs, ClaimKind::BrowserControls),
        Some(Stance::Affirm)
    );
    assert_ne!(stance(&cs, ClaimKind::Cookies), Some(Stance::Deny));
}

#[test]
fn not_responsible_denies_nothing() {
    let cs = run("We are not responsible for the privacy practices of third-party sites.");
    assert!(cs.iter().all(|c| c.stance != Stance::Deny), "{cs:?}");
}

#[test]
fn not_selling_is_not_a_sharing_denial() {
    let cs = run("We do not sell your personal information.");
    assert_eq!(stance(&cs, ClaimKind::Selling), Some(Stance::Deny));
    assert!(find(&cs, ClaimKind::ThirdPartySharing).is_empty());
}

#[test]
fn do_not_track() {
    assert_eq!(
        stance(
            &run("We do not recognise or respond to Do Not Track signals."),
            ClaimKind::Dnt
        ),
        Some(Stance::Deny)
    );
    assert_eq!(
        stance(
            &run("Our site does not currently respond to DNT signals."),
            ClaimKind::Dnt
        ),
        Some(Stance::Deny)
    );
    assert_eq!(
        stance(
            &run("We honor Do Not Track browser settings."),
            ClaimKind::Dnt
        ),
        Some(Stance::Affirm)
    );
    // The signal named in one sentence, the answer in the next.
    let cs = run("Some browsers offer a Do Not Track feature. We do not respond to such signals.");
    assert_eq!(
        find(&cs, ClaimKind::Dnt).last().map(|c| c.stance),
        Some(Stance::Deny)
    );
}

#[test]
fn negation_scope_for_cookies() {
    assert_eq!(
        stance(&run("We do not use cookies."), ClaimKind::Cookies),
        Some(Stance::Deny)
    );
    assert_eq!(
        stance(
            &run("This website does not use cookies or other tracking technologies."),
            ClaimKind::Cookies
        ),
        Some(Stance::Deny)
    );
    assert_eq!(
        stance(
            &run("No cookies are used on this site."),
            ClaimKind::Cookies
        ),
        Some(Stance::Deny)
    );
    // Qualified denials still disclose cookies.
    assert_eq!(
        stance(
            &run("We do not use cookies to collect personal information."),
            ClaimKind::Cookies
        ),
        Some(Stance::Affirm)
    );
    assert_eq!(
        stance(
            &run("We do not use persistent cookies."),
            ClaimKind::Cookies
        ),
        Some(Stance::Affirm)
    );
    assert_eq!(
        stance(
            &run("Cookies are small text files stored by your browser."),
            ClaimKind::Cookies
        ),
        Some(Stance::Mention)
    );
}

#[test]
fn consent_legal_merger_aggregate_exceptions() {
    let cs = run(
        "Without your consent we will not disclose your personal information to third parties.",
    );
    let s = find(&cs, ClaimKind::ThirdPartySharing);
    assert_eq!(s[0].stance, Stance::Deny);
    assert_eq!(s[0].exceptions, vec![Exception::Consent]);
    let cs = run("We never share your data with third parties unless required by law or in connection with a merger or acquisition.");
    let s = find(&cs, ClaimKind::ThirdPartySharing);
    assert_eq!(s[0].stance, Stance::Deny);
    assert_eq!(s[0].exceptions, vec![Exception::Legal, Exception::Merger]);
    assert_eq!(stance(&cs, ClaimKind::MergerTransfer), Some(Stance::Affirm));
    let cs = run("Personal information is not shared with third parties, except in aggregated or anonymous form.");
    let s = find(&cs, ClaimKind::ThirdPartySharing);
    assert_eq!(s[0].stance, Stance::Deny);
    assert_eq!(s[0].exceptions, vec![Exception::Aggregate]);
}

#[test]
fn exceptions_stay_in_their_clause() {
    let cs = run("We will not share your data with anyone other than our affiliates, and we will never sell your data.");
    assert_eq!(
        find(&cs, ClaimKind::ThirdPartySharing)[0].exceptions,
        vec![Exception::Affiliates]
    );
    let sell = find(&cs, ClaimKind::Selling);
    assert_eq!(sell[0].stance, Stance::Deny);
    assert!(sell[0].exceptions.is_empty());
}

#[test]
fn user_actions_and_qualified_denials_are_not_sharing_denials() {
    assert!(find(
        &run("Do not share your password with anyone."),
        ClaimKind::ThirdPartySharing
    )
    .is_empty());
    assert!(find(
        &run("You can visit the site without providing any personal information."),
        ClaimKind::ThirdPartySharing
    )
    .is_empty());
    let cs = run("We do not share personal information with third parties for their direct marketing purposes.");
    assert_ne!(
        stance(&cs, ClaimKind::ThirdPartySharing),
        Some(Stance::Deny)
    );
    let cs = run("We do not allow third parties to collect personal information on our site.");
    assert_eq!(
        stance(&cs, ClaimKind::ThirdPartySharing),
        Some(Stance::Deny)
    );
}

#[test]
fn one_sentence_several_claims() {
    let cs = run("We use cookies and web beacons to analyze traffic and to serve advertising.");
    for k in [
        ClaimKind::Cookies,
        ClaimKind::WebBeacons,
        ClaimKind::Analytics,
        ClaimKind::Advertising,
    ] {
        assert_eq!(stance(&cs, k), Some(Stance::Affirm), "{k:?}");
    }
    assert!(cs.iter().all(|c| c.quote
        == "We use cookies and web beacons to analyze traffic and to serve advertising."));
}

#[test]
fn named_parties_on_word_boundaries() {
    let text = "We use Google Analytics and YouTube embeds. Our Facebook page is public. A segment of users saw a meta tag from Binge.";
    let cs = run(text);
    let parties: Vec<&str> = find(&cs, ClaimKind::NamedParty)
        .iter()
        .map(|c| c.party.as_str())
        .collect();
    assert_eq!(parties, vec!["Google", "Meta"]);
    for c in &cs {
        assert_eq!(text.get(c.start..c.end), Some(c.quote.as_str()));
    }
    let own = vec![
        ("Hotjar".to_string(), "Hotjar".to_string()),
        ("百度".to_string(), "Baidu".to_string()),
    ];
    let cs = extract("We use hotjar to record sessions. 我们使用百度统计。", &own);
    let parties: Vec<&str> = find(&cs, ClaimKind::NamedParty)
        .iter()
        .map(|c| c.party.as_str())
        .collect();
    assert_eq!(parties, vec!["Hotjar", "Baidu"]);
    assert_eq!(stance(&cs, ClaimKind::SessionReplay), Some(Stance::Affirm));
}

#[test]
fn german() {
    let cs = run("Wir geben Ihre Daten nicht an Dritte weiter. Wir verwenden Cookies für die Analyse und für Werbung.");
    assert_eq!(
        stance(&cs, ClaimKind::ThirdPartySharing),
        Some(Stance::Deny)
    );
    assert_eq!(stance(&cs, ClaimKind::Cookies), Some(Stance::Affirm));
    assert!(stance(&cs, ClaimKind::Analytics).is_some());
    assert!(stance(&cs, ClaimKind::Advertising).is_some());
}

#[test]
fn french() {
    let cs = run("Nous ne partageons pas vos données avec des tiers. Nous utilisons des cookies à des fins de publicité et d'analyse.");
    assert_eq!(
        stance(&cs, ClaimKind::ThirdPartySharing),
        Some(Stance::Deny)
    );
    assert_eq!(stance(&cs, ClaimKind::Cookies), Some(Stance::Affirm));
    assert!(stance(&cs, ClaimKind::Analytics).is_some());
    assert!(stance(&cs, ClaimKind::Advertising).is_some());
}

#[test]
fn spanish() {
    let cs = run("No compartimos sus datos con terceros. Utilizamos cookies para publicidad y análisis de Google Analytics.");
    assert_eq!(
        stance(&cs, ClaimKind::ThirdPartySharing),
        Some(Stance::Deny)
    );
    assert_eq!(stance(&cs, ClaimKind::Cookies), Some(Stance::Affirm));
    assert!(stance(&cs, ClaimKind::Analytics).is_some());
    assert!(stance(&cs, ClaimKind::Advertising).is_some());
    assert_eq!(find(&cs, ClaimKind::NamedParty)[0].party, "Google");
}

#[test]
fn chinese() {
    let cs = run("我们不会与任何第三方共享您的个人信息。我们使用Cookie进行分析和广告。未经您的同意，我们不会向第三方提供您的信息。");
    let s = find(&cs, ClaimKind::ThirdPartySharing);
    assert_eq!(s.len(), 2);
    assert!(s.iter().all(|c| c.stance == Stance::Deny));
    assert_eq!(s[1].exceptions, vec![Exception::Consent]);
    assert_eq!(stance(&cs, ClaimKind::Cookies), Some(Stance::Affirm));
    assert!(stance(&cs, ClaimKind::Analytics).is_some());
    assert!(stance(&cs, ClaimKind::Advertising).is_some());
}

#[test]
fn last_updated_formats() {
    assert_eq!(
        date("Last updated: January 5, 2024").as_deref(),
        Some("2024-01-05")
    );
    assert_eq!(
        date("Effective date 2020-11-17").as_deref(),
        Some("2020-11-17")
    );
    assert_eq!(
        date("This policy was updated on 17 Nov 2020.").as_deref(),
        Some("2020-11-17")
    );
    assert_eq!(
        date("更新日期：2020年11月17日").as_deref(),
        Some("2020-11-17")
    );
    assert_eq!(date("Stand: 05.01.2024").as_deref(), Some("2024-01-05"));
    assert_eq!(date("Last revised: March 2019").as_deref(), Some("2019-03"));
    assert_eq!(
        date("Effective as of 11/17/2020.").as_deref(),
        Some("2020-11-17")
    );
    assert_eq!(
        date("Dernière mise à jour : 3 février 2023").as_deref(),
        Some("2023-02-03")
    );
    assert_eq!(date("January 16th, 2012").as_deref(), Some("2012-01-16"));
    // Not a policy date.
    assert_eq!(
        date("We understand that 5 January 2024 was a busy day for our customers."),
        None
    );
    assert_eq!(date("© 2024 Example Inc."), None);
}

#[test]
fn claims_are_in_text_order_with_sorted_exceptions() {
    let text = "Cookies\nWe use cookies.\n\nWe will not disclose your data except to service providers, affiliates, or as required by law.";
    let cs = run(text);
    assert!(cs.windows(2).all(|w| w[0].start <= w[1].start));
    let s = find(&cs, ClaimKind::ThirdPartySharing);
    assert_eq!(
        s[0].exceptions,
        vec![
            Exception::Affiliates,
            Exception::ServiceProviders,
            Exception::Legal
        ]
    );
}

#[test]
fn odd_input_does_not_panic() {
    let samples = [
        "",
        "   \n\n  ",
        "İSTANBUL İÇİN ÇEREZLER KULLANIYORUZ. Updated İ 5 Mart 2020.",
        "Straße ẞ Cookies; Stand: 31.12.2023 — wir geben keine Daten weiter",
        "🍪🍪🍪 we use cookies 🍪 Last updated: 🍪 2024-02-30",
        "更新日期：2020年13月40日。我们不会出售您的个人信息；我们不使用Cookie",
        "a.b.c.d. e.g. i.e. U.S. Inc. etc. (a) (b) 1. 2. 3.2.1",
        "Ünïcödé\u{3000}\u{00a0}text\r\nwith\r\nCRLF lines and do not track.",
    ];
    for s in samples {
        let cs = run(s);
        for c in &cs {
            assert_eq!(s.get(c.start..c.end), Some(c.quote.as_str()));
        }
    }
    let long: String = "x".repeat(5000) + "é" + &"我".repeat(3000);
    let cs = run(&long);
    assert!(cs.is_empty());
    let r = crate::policy::sentences::split(&long);
    assert!(r
        .iter()
        .all(|r| r.len() <= crate::policy::sentences::MAX_SEGMENT));
}

#[test]
fn determiner_no_and_coordinated_negation_deny() {
    let cs = run("This blog sets no cookies and uses no analytics.");
    assert_eq!(stance(&cs, ClaimKind::Cookies), Some(Stance::Deny));
    assert_eq!(stance(&cs, ClaimKind::Analytics), Some(Stance::Deny));
    let cs = run("Our site does not set cookies or use web beacons.");
    assert_eq!(stance(&cs, ClaimKind::Cookies), Some(Stance::Deny));
    assert_eq!(stance(&cs, ClaimKind::WebBeacons), Some(Stance::Deny));
    let cs = run("We do not use cookies or analytics.");
    assert_eq!(stance(&cs, ClaimKind::Analytics), Some(Stance::Deny));
}

#[test]
fn negated_use_reaches_a_named_purpose_but_not_past_except() {
    let cs = run("We do not use Google Analytics.");
    assert_eq!(stance(&cs, ClaimKind::Analytics), Some(Stance::Deny));
    let cs = run("We do not use your data for advertising.");
    assert_eq!(stance(&cs, ClaimKind::Advertising), Some(Stance::Deny));
    // The denial ends at "except": analytics is affirmed.
    let cs = run("We do not use cookies except for analytics.");
    assert_ne!(stance(&cs, ClaimKind::Analytics), Some(Stance::Deny));
    assert_ne!(stance(&cs, ClaimKind::Cookies), Some(Stance::Deny));
    // A qualified denial still discloses cookies.
    let cs = run("We do not use cookies to collect personal information.");
    assert_ne!(stance(&cs, ClaimKind::Cookies), Some(Stance::Deny));
}
