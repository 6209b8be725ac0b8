//! Host names in, registrable domains (eTLD+1, by the Public Suffix List compiled
//! into the `psl` crate), public-suffix and subdomain verdicts out. The one place
//! that decides what a site's domain is; it depends on nothing in the crate.
#![deny(clippy::string_slice)]

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

/// Whether `domain` (lower case, no leading dot) is itself a public suffix
/// (`com`, `co.uk`, `github.io`; an unknown TLD by the list's default rule).
pub fn is_public_suffix(domain: &str) -> bool {
    psl::suffix_str(domain) == Some(domain)
}

/// Whether `host` is `domain` or a subdomain of it.
pub fn host_within(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|head| head.ends_with('.'))
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
        assert_eq!(registrable_domain("[::1]"), "::1");
        assert_eq!(registrable_domain("localhost"), "localhost");
        assert_eq!(registrable_domain("WWW.Example.COM."), "example.com");
    }

    #[test]
    fn suffixes_and_subdomains() {
        assert!(is_public_suffix("com") && is_public_suffix("co.uk"));
        assert!(is_public_suffix("github.io"));
        assert!(!is_public_suffix("example.com") && !is_public_suffix("user.github.io"));
        assert!(host_within("a.b.c", "b.c"));
        assert!(host_within("b.c", "b.c"));
        assert!(!host_within("ab.c", "b.c"));
        assert!(!host_within("c", "b.c"));
        assert!(!host_within("é.b.c", "x.b.c"));
    }
}
