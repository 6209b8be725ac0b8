//! Set-Cookie headers in, recorded [`Cookie`] rows and a per-site cookie jar out.
//! Storage and RFC 6265 matching (domain, path, secure, expiry) are the
//! `cookie_store` crate's, so later requests carry the cookies a browser would
//! send; this layer records every header, even ones a browser would reject or
//! the jar cannot keep (with a note saying why), decides public suffixes with
//! `psl`, and never crashes on invalid input.
#![deny(clippy::string_slice)]

use crate::clock::rfc3339;
use crate::domain::{host_within, is_public_suffix};
use crate::model::{party_of, Cookie, CookieSource};
use crate::text::bounded;
use cookie_store::{CookiePath, CookieStore, StoreAction};
use time::{Duration, OffsetDateTime};
use url::{Host, Url};

/// Longest name + value a browser keeps (bytes).
const MAX_COOKIE_BYTES: usize = 4096;
/// Most cookies one site's jar holds.
const MAX_JAR: usize = 3000;
/// Longest lifetime kept (a browser caps it at 400 days; we record up to ten times that).
const MAX_LIFETIME_SECS: i64 = 400 * 86_400 * 10;

/// One site's cookies, as a browser profile would hold them.
#[derive(Debug, Default)]
pub struct Jar {
    store: CookieStore,
    /// Cookies in `store` (expired ones count until purged).
    held: usize,
}

/// What became of one Set-Cookie header.
#[derive(Debug)]
pub enum SetOutcome {
    /// Parsed; recorded (and stored unless a browser would reject it or the
    /// jar is full, in which case the cookie's `note` says why).
    Recorded(Box<Cookie>),
    /// Could not be parsed at all; the message says why.
    Invalid(String),
}

/// Where a cookie applies: its domain (lower case, no leading dot) and whether
/// only that exact host gets it back.
struct Scope {
    domain: String,
    host_only: bool,
}

impl Jar {
    /// Applies one `Set-Cookie` header received from `url` at time `now` (the
    /// lifetime column and Expires are counted from `now`; the jar then ages
    /// cookies by the system clock). `site_domain` is the site's registrable
    /// domain (for the party column).
    pub fn set(
        &mut self,
        raw: &str,
        url: &Url,
        site_domain: &str,
        now: OffsetDateTime,
    ) -> SetOutcome {
        let parsed = match cookie::Cookie::parse(raw.to_string()) {
            Ok(c) => c,
            Err(e) => {
                return SetOutcome::Invalid(format!(
                    "invalid Set-Cookie from {}: {e} ({:?})",
                    bounded(url.as_str(), 300),
                    bounded(raw, 120)
                ))
            }
        };
        let mut notes: Vec<String> = Vec::new();
        let mut note = |n: &str| notes.push(n.to_string());
        let scope = scope(parsed.domain(), url, &mut note);
        // RFC 6265 5.2.4: a Path not starting with `/` means the default path.
        let path = String::from(CookiePath::new(parsed.path().unwrap_or_default(), url));
        let secure = parsed.secure().unwrap_or(false);
        if parsed.name().is_empty() {
            note("empty cookie name");
        }
        if parsed.name().len() + parsed.value().len() > MAX_COOKIE_BYTES {
            note("rejected by browsers: larger than 4096 bytes");
        }
        if secure && url.scheme() != "https" {
            note("rejected by browsers: Secure cookie set over http");
        }
        if let Some(problem) = prefix_violation(parsed.name(), secure, scope.host_only, &path, url)
        {
            note(problem);
        }
        // Max-Age wins over Expires.
        let expires = if let Some(age) = parsed.max_age() {
            Some(now + Duration::seconds(age.whole_seconds().clamp(-1, MAX_LIFETIME_SECS)))
        } else {
            parsed.expires_datetime()
        };
        let http_only = parsed.http_only().unwrap_or(false);
        if notes.is_empty() {
            let kept = cookie::Cookie::build((parsed.name(), parsed.value()))
                .path(path.as_str())
                .secure(secure)
                .http_only(http_only);
            let kept = if scope.host_only {
                kept
            } else {
                kept.domain(scope.domain.as_str())
            };
            // The jar counts lifetimes from its own clock: hand it the lifetime
            // left at `now`, not the Expires date.
            let kept = match expires {
                Some(e) => kept
                    .max_age((e - now).clamp(Duration::ZERO, Duration::seconds(MAX_LIFETIME_SECS))),
                None => kept,
            };
            if let Some(problem) = self.keep(&kept.build(), &scope, &path, url) {
                notes.push(problem);
            }
        }
        let lifetime_days = expires.map(|e| {
            let days = (e - now).as_seconds_f64() / 86_400.0;
            (days.max(0.0) * 10.0).round() / 10.0
        });
        SetOutcome::Recorded(Box::new(Cookie {
            consent_state: Default::default(),
            engine: None,
            partition_key: String::new(),
            name: bounded(parsed.name(), 256),
            value_length: parsed.value().len(),
            domain: if scope.host_only {
                scope.domain.clone()
            } else {
                format!(".{}", scope.domain)
            },
            path: bounded(&path, 256),
            party: Some(party_of(&scope.domain, site_domain)),
            source: CookieSource::Header,
            set_by: url.as_str().to_string(),
            expires: expires.map(rfc3339).unwrap_or_default(),
            lifetime_days,
            secure,
            http_only,
            same_site: parsed
                .same_site()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            company: String::new(),
            purpose: None,
            note: notes.join("; "),
        }))
    }

    /// Stores a cookie a browser would accept; a note when it could not be kept.
    fn keep(
        &mut self,
        c: &cookie::Cookie<'_>,
        scope: &Scope,
        path: &str,
        url: &Url,
    ) -> Option<String> {
        let name = c.name();
        let is_new = !self.store.contains_any(&scope.domain, path, name);
        let expired = c.max_age().is_some_and(|a| a <= Duration::ZERO);
        if is_new && !expired && self.held >= MAX_JAR {
            self.purge_expired();
            if self.held >= MAX_JAR {
                return Some(format!(
                    "not kept: the site's cookie jar is full ({MAX_JAR} cookies)"
                ));
            }
        }
        match self.store.insert_raw(c, url) {
            Ok(StoreAction::Inserted) => self.held += 1,
            Ok(StoreAction::UpdatedExisting) => {}
            Ok(StoreAction::ExpiredExisting) => {
                if self.store.remove(&scope.domain, path, name).is_some() {
                    self.held = self.held.saturating_sub(1);
                }
            }
            // An expired cookie that replaces nothing is simply not kept.
            Err(cookie_store::CookieError::Expired) => {}
            Err(e) => return Some(format!("not kept: {e}")),
        }
        None
    }

    /// Drops cookies whose lifetime has run out.
    fn purge_expired(&mut self) {
        let gone: Vec<(String, String, String)> = self
            .store
            .iter_any()
            .filter(|c| c.is_expired())
            .filter_map(|c| {
                let domain = c.domain.as_cow()?.into_owned();
                Some((domain, String::from(&c.path), c.name().to_string()))
            })
            .collect();
        for (domain, path, name) in gone {
            if self.store.remove(&domain, &path, &name).is_some() {
                self.held = self.held.saturating_sub(1);
            }
        }
    }

    /// The `Cookie` header value to send to `url` now, if any cookie matches;
    /// longer paths first (RFC 6265 5.4), otherwise in a stable order (by
    /// domain, path and name, each in the order first set).
    pub fn header_for(&self, url: &Url) -> Option<String> {
        let mut matching = self.store.matches(url);
        if matching.is_empty() {
            return None;
        }
        matching.sort_by_key(|c| std::cmp::Reverse(c.path.len()));
        Some(
            matching
                .iter()
                .map(|c| format!("{}={}", c.name(), c.value()))
                .collect::<Vec<_>>()
                .join("; "),
        )
    }

    /// Number of cookies held.
    pub fn len(&self) -> usize {
        self.held
    }

    /// Whether the jar is empty.
    pub fn is_empty(&self) -> bool {
        self.held == 0
    }
}

/// The cookie's scope from its `Domain` attribute (if any) and the setting
/// URL, noting a Domain a browser would reject (RFC 6265 5.3 steps 5 and 6).
fn scope(attribute: Option<&str>, url: &Url, note: &mut impl FnMut(&str)) -> Scope {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let Some(attr) = attribute
        .map(|d| d.trim().trim_start_matches('.'))
        .filter(|d| !d.is_empty())
    else {
        return Scope {
            domain: host,
            host_only: true,
        };
    };
    // Canonical form (IDNA, lower case, IP spelling) as the URL's host has it.
    let domain = Host::parse(attr)
        .map(|h| h.to_string())
        .unwrap_or_else(|_| attr.to_ascii_lowercase());
    let on_ip = matches!(url.host(), Some(Host::Ipv4(_) | Host::Ipv6(_)));
    // A Domain naming the host itself is host-only when the host is an IP
    // address (it has no subdomains) or a public suffix (RFC 6265 5.3 step 5).
    if domain == host && (on_ip || is_public_suffix(&domain)) {
        return Scope {
            domain,
            host_only: true,
        };
    }
    if on_ip {
        note("rejected by browsers: Domain attribute on an IP address host");
    } else if !host_within(&host, &domain) {
        note("rejected by browsers: Domain does not cover the setting host");
    } else if is_public_suffix(&domain) {
        note("rejected by browsers: Domain is a public suffix");
    }
    Scope {
        domain,
        host_only: false,
    }
}

fn prefix_violation(
    name: &str,
    secure: bool,
    host_only: bool,
    path: &str,
    url: &Url,
) -> Option<&'static str> {
    if name.starts_with("__Secure-") && (!secure || url.scheme() != "https") {
        return Some("rejected by browsers: __Secure- prefix without Secure over https");
    }
    if name.starts_with("__Host-")
        && (!secure || !host_only || path != "/" || url.scheme() != "https")
    {
        return Some("rejected by browsers: __Host- prefix rules not met");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> OffsetDateTime {
        time::macros::datetime!(2026-01-01 00:00 UTC)
    }

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn rec(o: SetOutcome) -> Cookie {
        match o {
            SetOutcome::Recorded(c) => *c,
            SetOutcome::Invalid(m) => panic!("{m}"),
        }
    }

    #[test]
    fn records_attributes_and_sends_back() {
        let mut jar = Jar::default();
        let u = url("https://shop.example/a/b");
        let c = rec(jar.set(
            "sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=86400",
            &u,
            "shop.example",
            now(),
        ));
        assert_eq!((c.domain.as_str(), c.path.as_str()), ("shop.example", "/"));
        assert_eq!(c.lifetime_days, Some(1.0));
        assert!(c.secure && c.http_only && c.note.is_empty());
        assert_eq!(c.same_site, "Lax");
        // Expires counts from `now`, whatever the system clock says.
        let c = rec(jar.set(
            "_ga=GA1.2; Domain=.Shop.Example; Path=/; Expires=Thu, 01 Jan 2026 12:00:00 GMT",
            &u,
            "shop.example",
            now(),
        ));
        assert_eq!(c.domain, ".shop.example");
        assert_eq!(c.lifetime_days, Some(0.5));
        assert_eq!(jar.len(), 2);
        let h = jar.header_for(&url("https://www.shop.example/x")).unwrap();
        assert_eq!(h, "_ga=GA1.2");
        let h = jar.header_for(&url("https://shop.example/x")).unwrap();
        assert_eq!(h, "sid=abc; _ga=GA1.2");
        assert_eq!(
            jar.header_for(&url("http://shop.example/")).as_deref(),
            Some("_ga=GA1.2")
        );
        assert_eq!(jar.header_for(&url("https://other.example/")), None);
        // No Path attribute: the default path of /a/b is /a; longer paths go first.
        let c = rec(jar.set("local=1", &u, "shop.example", now()));
        assert_eq!(c.path, "/a");
        let h = jar.header_for(&url("https://shop.example/x")).unwrap();
        assert!(!h.contains("local"));
        let h = jar.header_for(&url("https://shop.example/a/c")).unwrap();
        assert_eq!(h, "local=1; sid=abc; _ga=GA1.2");
        assert_eq!(
            jar.header_for(&url("https://shop.example/ab")).unwrap(),
            "sid=abc; _ga=GA1.2"
        );
    }

    #[test]
    fn replacing_and_deleting() {
        let mut jar = Jar::default();
        let u = url("https://a.example/");
        rec(jar.set("k=1; Path=/", &u, "a.example", now()));
        rec(jar.set("k=2; Path=/", &u, "a.example", now()));
        assert_eq!(jar.len(), 1);
        assert_eq!(jar.header_for(&u).as_deref(), Some("k=2"));
        // An Expires before `now` deletes it.
        let c = rec(jar.set(
            "k=; Path=/; Expires=Wed, 31 Dec 2025 00:00:00 GMT",
            &u,
            "a.example",
            now(),
        ));
        assert_eq!(c.lifetime_days, Some(0.0));
        assert!(c.note.is_empty());
        assert!(jar.is_empty());
        assert_eq!(jar.header_for(&u), None);
    }

    #[test]
    fn foreign_domain_and_garbage_never_crash() {
        let mut jar = Jar::default();
        let u = url("http://a.example/");
        let c = rec(jar.set("x=1; Domain=b.example", &u, "a.example", now()));
        assert!(c.note.contains("does not cover"), "{}", c.note);
        assert_eq!(c.party, Some(crate::model::Party::Third));
        assert!(jar.is_empty());
        assert!(matches!(
            jar.set("novalue", &u, "a.example", now()),
            SetOutcome::Invalid(_)
        ));
        let c = rec(jar.set("s=1; Secure", &u, "a.example", now()));
        assert!(c.note.contains("Secure"));
        let c = rec(jar.set("d=1; Max-Age=0", &u, "a.example", now()));
        assert_eq!(c.lifetime_days, Some(0.0));
        assert!(jar.is_empty());
        let c = rec(jar.set("t=1; Domain=com", &url("http://x.com/"), "x.com", now()));
        assert!(c.note.contains("public suffix"), "{}", c.note);
        assert!(jar.is_empty());
        // A public suffix that is the host itself makes a host-only cookie.
        let gh = url("https://github.io/");
        let c = rec(jar.set("g=1; Domain=github.io", &gh, "github.io", now()));
        assert_eq!((c.domain.as_str(), c.note.as_str()), ("github.io", ""));
        assert_eq!(jar.header_for(&gh).as_deref(), Some("g=1"));
        assert_eq!(jar.header_for(&url("https://user.github.io/")), None);
        let c = rec(jar.set(
            "__Host-a=1; Secure; Path=/; Domain=a.example",
            &url("https://a.example/"),
            "a.example",
            now(),
        ));
        assert!(c.note.contains("__Host-"), "{}", c.note);
        let c = rec(jar.set(
            "__Secure-a=1",
            &url("https://a.example/"),
            "a.example",
            now(),
        ));
        assert!(c.note.contains("__Secure-"), "{}", c.note);
        let big = format!("b={}", "x".repeat(5000));
        let c = rec(jar.set(&big, &u, "a.example", now()));
        assert!(c.note.contains("4096"), "{}", c.note);
        assert_eq!(jar.len(), 1);
    }

    #[test]
    fn domain_attribute_on_an_ip_host() {
        let mut jar = Jar::default();
        let u = url("http://127.0.0.1:8080/x");
        for (raw, note) in [
            ("a=1; Domain=0.0.1", "IP address"),
            ("a=1; Domain=.0.1", "IP address"),
            ("a=1; Domain=1", "IP address"),
            ("a=1; Domain=localhost", "IP address"),
            ("a=1; Domain=127.0.0.2", "IP address"),
        ] {
            let c = rec(jar.set(raw, &u, "127.0.0.1", now()));
            assert!(c.note.contains(note), "{raw}: {}", c.note);
        }
        assert!(jar.is_empty());
        assert_eq!(jar.header_for(&u), None);
        // Naming the address itself (in any spelling) is a host-only cookie.
        let c = rec(jar.set("b=1; Domain=127.0.0.1", &u, "127.0.0.1", now()));
        assert_eq!((c.domain.as_str(), c.note.as_str()), ("127.0.0.1", ""));
        let c = rec(jar.set("c=1; Domain=0x7f.0.0.1", &u, "127.0.0.1", now()));
        assert_eq!((c.domain.as_str(), c.note.as_str()), ("127.0.0.1", ""));
        assert_eq!(jar.header_for(&u).as_deref(), Some("b=1; c=1"));
        let v6 = url("https://[::1]/");
        let c = rec(jar.set("d=1; Domain=[::1]", &v6, "::1", now()));
        assert_eq!((c.domain.as_str(), c.note.as_str()), ("[::1]", ""));
        let c = rec(jar.set("e=1; Domain=::2", &v6, "::1", now()));
        assert!(c.note.contains("IP address"), "{}", c.note);
        assert_eq!(jar.header_for(&v6).as_deref(), Some("d=1"));
        assert_eq!(jar.len(), 3);
    }

    #[test]
    fn a_full_jar_is_noted() {
        let mut jar = Jar::default();
        let u = url("https://a.example/");
        for i in 0..MAX_JAR {
            let c = rec(jar.set(&format!("k{i}=v"), &u, "a.example", now()));
            assert!(c.note.is_empty(), "{}", c.note);
        }
        assert_eq!(jar.len(), MAX_JAR);
        let c = rec(jar.set("late=1", &u, "a.example", now()));
        assert!(c.note.contains("jar is full"), "{}", c.note);
        assert_eq!(jar.len(), MAX_JAR);
        assert!(!jar.header_for(&u).unwrap().contains("late=1"));
        // Replacing a cookie it holds still works, and a deletion frees a slot.
        let c = rec(jar.set("k0=new", &u, "a.example", now()));
        assert!(c.note.is_empty(), "{}", c.note);
        assert!(jar.header_for(&u).unwrap().starts_with("k0=new; "));
        rec(jar.set("k1=; Max-Age=0", &u, "a.example", now()));
        assert_eq!(jar.len(), MAX_JAR - 1);
        let c = rec(jar.set("late=1", &u, "a.example", now()));
        assert!(c.note.is_empty(), "{}", c.note);
        assert!(jar.header_for(&u).unwrap().ends_with("; late=1"));
    }
}
