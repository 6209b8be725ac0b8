//! Host names in, registrable domains (eTLD+1, by the Public Suffix List compiled
//! into the `psl` crate) and first/third-party verdicts out.
#![deny(clippy::string_slice)]

use crate::model::Party;

/// The registrable domain (eTLD+1) of `host`. IP addresses and single-label
/// hosts are their own registrable domain; an unknown TLD follows the list's
/// default rule (`*`), so `www.shop.example` → `shop.example`.
pub fn registrable_domain(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.parse::<std::net::IpAddr>().is_ok() || !host.contains('.') {
        return host.to_string();
    }
    match psl::domain_str(host) {
        Some(d) => d.to_string(),
        // The host is itself a public suffix (e.g. `github.io`).
        None => host.to_string(),
    }
}

/// First party when `host` shares the site's registrable domain.
pub fn party_of(host: &str, site_domain: &str) -> Party {
    if registrable_domain(host) == site_domain {
        Party::First
    } else {
        Party::Third
    }
}

/// Whether `host` is `domain` or a subdomain of it.
pub fn host_within(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains() {
        assert_eq!(registrable_domain("www.example.com"), "example.com");
        assert_eq!(registrable_domain("a.b.example.co.uk"), "example.co.uk");
        assert_eq!(registrable_domain("www.shop.example"), "shop.example");
        assert_eq!(
            registrable_domain("intranet.corp.internal"),
            "corp.internal"
        );
        assert_eq!(registrable_domain("user.github.io"), "user.github.io");
        assert_eq!(registrable_domain("127.0.0.1"), "127.0.0.1");
        assert_eq!(registrable_domain("localhost"), "localhost");
        assert_eq!(registrable_domain("WWW.Example.COM."), "example.com");
    }

    #[test]
    fn parties() {
        assert_eq!(party_of("cdn.example.com", "example.com"), Party::First);
        assert_eq!(
            party_of("example.com.evil.net", "example.com"),
            Party::Third
        );
        assert!(host_within("a.b.c", "b.c"));
        assert!(!host_within("ab.c", "b.c"));
    }
}
