//! Unit tests of the model: party classes, and the contract strings of every
//! enumeration equal to their serde names.

use super::*;
use std::fmt::Debug;
use std::str::FromStr;

#[test]
fn parties() {
    assert_eq!(party_of("cdn.example.com", "example.com"), Party::First);
    assert_eq!(party_of("EXAMPLE.com.", "example.com"), Party::First);
    assert_eq!(
        party_of("example.com.evil.net", "example.com"),
        Party::Third
    );
    assert_eq!(party_of("127.0.0.1", "127.0.0.1"), Party::First);
}

/// The strum spelling of every variant is serde's, and parses back.
fn same_as_serde<T>(as_str: fn(T) -> &'static str)
where
    T: VariantArray + Serialize + FromStr + Copy + PartialEq + Debug,
{
    for &v in T::VARIANTS {
        let serde = serde_json::to_value(v).unwrap();
        assert_eq!(serde.as_str(), Some(as_str(v)), "{v:?}");
        assert_eq!(as_str(v).parse::<T>().ok(), Some(v));
    }
}

#[test]
fn contract_strings_are_serde_names() {
    same_as_serde(SiteStatus::as_str);
    same_as_serde(ResourceType::as_str);
    same_as_serde(Party::as_str);
    same_as_serde(Category::as_str);
    same_as_serde(CookieSource::as_str);
    same_as_serde(ClaimKind::as_str);
    same_as_serde(Stance::as_str);
    same_as_serde(Exception::as_str);
    same_as_serde(Severity::as_str);
    assert_eq!(SiteStatus::RobotsDenied.to_string(), "robots_denied");
    assert_eq!(ClaimKind::ALL.len(), 23);
    assert_eq!(
        Category::parse("session_replay"),
        Some(Category::SessionReplay)
    );
    assert_eq!(Category::parse("Session_Replay"), None);
    assert_eq!(ClaimKind::ThirdPartyCookies.as_str(), "third_party_cookies");
    assert_eq!(ResourceType::Xhr.as_str(), "xhr");
}
