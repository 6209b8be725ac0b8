//! Set-Cookie headers in, recorded [`Cookie`] rows and a per-site cookie jar out.
//! The jar follows RFC 6265 matching (domain, path, secure, expiry) so that later
//! requests carry the cookies a browser would send; every header is recorded,
//! even ones a browser would reject (with a note), and invalid ones never crash.
#![deny(clippy::string_slice)]

use crate::classify::party::{host_within, party_of};
use crate::model::{Cookie, CookieSource};
use time::{Duration, OffsetDateTime};
use url::Url;

/// Longest name + value a browser keeps (bytes).
const MAX_COOKIE_BYTES: usize = 4096;
/// Most cookies one site's jar holds.
const MAX_JAR: usize = 3000;

#[derive(Debug, Clone)]
struct Stored {
    name: String,
    value: String,
    /// Without a leading dot.
    domain: String,
    host_only: bool,
    path: String,
    secure: bool,
    expires: Option<OffsetDateTime>,
}

/// One site's cookies, as a browser profile would hold them.
#[derive(Debug, Default)]
pub struct Jar {
    cookies: Vec<Stored>,
}

/// What became of one Set-Cookie header.
#[derive(Debug)]
pub enum SetOutcome {
    /// Parsed; recorded (and stored unless a browser would reject it, in which
    /// case the cookie's `note` says why).
    Recorded(Cookie),
    /// Could not be parsed at all; the message says why.
    Invalid(String),
}

impl Jar {
    /// Applies one `Set-Cookie` header received from `url` at time `now`.
    /// `site_domain` is the site's registrable domain (for the party column).
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
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let mut notes: Vec<&str> = Vec::new();
        let (domain, host_only) = match parsed.domain() {
            Some(d) if !d.trim_start_matches('.').is_empty() => {
                let d = d.trim_start_matches('.').to_ascii_lowercase();
                if !host_within(&host, &d) {
                    notes.push("rejected by browsers: Domain does not cover the setting host");
                } else if d != host && psl::suffix_str(&d) == Some(d.as_str()) {
                    notes.push("rejected by browsers: Domain is a public suffix");
                }
                (d, false)
            }
            _ => (host.clone(), true),
        };
        let path = match parsed.path() {
            Some(p) if p.starts_with('/') => p.to_string(),
            _ => default_path(url),
        };
        let secure = parsed.secure().unwrap_or(false);
        if parsed.name().is_empty() {
            notes.push("empty cookie name");
        }
        if parsed.name().len() + parsed.value().len() > MAX_COOKIE_BYTES {
            notes.push("rejected by browsers: larger than 4096 bytes");
        }
        if secure && url.scheme() != "https" {
            notes.push("rejected by browsers: Secure cookie set over http");
        }
        if let Some(prefix_problem) = prefix_violation(parsed.name(), secure, host_only, &path, url)
        {
            notes.push(prefix_problem);
        }
        // Max-Age wins over Expires.
        let expires = if let Some(age) = parsed.max_age() {
            Some(now + Duration::seconds(age.whole_seconds().clamp(-1, 400 * 86_400 * 10)))
        } else {
            parsed.expires_datetime()
        };
        let lifetime_days = expires.map(|e| {
            let days = (e - now).as_seconds_f64() / 86_400.0;
            (days.max(0.0) * 10.0).round() / 10.0
        });
        let cookie = Cookie {
            name: bounded(parsed.name(), 256),
            value_length: parsed.value().len(),
            domain: if host_only {
                domain.clone()
            } else {
                format!(".{domain}")
            },
            path: bounded(&path, 256),
            party: Some(party_of(&domain, site_domain)),
            source: CookieSource::Header,
            set_by: url.as_str().to_string(),
            expires: expires.map(crate::run::rfc3339).unwrap_or_default(),
            lifetime_days,
            secure,
            http_only: parsed.http_only().unwrap_or(false),
            same_site: parsed
                .same_site()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            company: String::new(),
            purpose: None,
            note: notes.join("; "),
        };
        if notes.is_empty() {
            self.store(
                Stored {
                    name: parsed.name().to_string(),
                    value: parsed.value().to_string(),
                    domain,
                    host_only,
                    path,
                    secure,
                    expires,
                },
                now,
            );
        }
        SetOutcome::Recorded(cookie)
    }

    fn store(&mut self, c: Stored, now: OffsetDateTime) {
        self.cookies
            .retain(|o| !(o.name == c.name && o.domain == c.domain && o.path == c.path));
        let expired = c.expires.is_some_and(|e| e <= now);
        if !expired && self.cookies.len() < MAX_JAR {
            self.cookies.push(c);
        }
    }

    /// The `Cookie` header value to send to `url`, if any cookie matches.
    pub fn header_for(&self, url: &Url, now: OffsetDateTime) -> Option<String> {
        let host = url.host_str()?.to_ascii_lowercase();
        let path = url.path();
        let https = url.scheme() == "https";
        let mut matching: Vec<&Stored> = self
            .cookies
            .iter()
            .filter(|c| {
                let domain_ok = if c.host_only {
                    host == c.domain
                } else {
                    host_within(&host, &c.domain)
                };
                domain_ok
                    && path_matches(path, &c.path)
                    && (!c.secure || https)
                    && c.expires.is_none_or(|e| e > now)
            })
            .collect();
        if matching.is_empty() {
            return None;
        }
        // Longer paths first (RFC 6265 5.4).
        matching.sort_by_key(|c| std::cmp::Reverse(c.path.len()));
        Some(
            matching
                .iter()
                .map(|c| format!("{}={}", c.name, c.value))
                .collect::<Vec<_>>()
                .join("; "),
        )
    }

    /// Number of cookies held.
    pub fn len(&self) -> usize {
        self.cookies.len()
    }

    /// Whether the jar is empty.
    pub fn is_empty(&self) -> bool {
        self.cookies.is_empty()
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

/// RFC 6265 5.1.4 default-path.
fn default_path(url: &Url) -> String {
    let p = url.path();
    match p.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(i) => p.get(..i).unwrap_or("/").to_string(),
    }
}

/// RFC 6265 5.1.4 path-match.
fn path_matches(request_path: &str, cookie_path: &str) -> bool {
    request_path == cookie_path
        || (request_path.starts_with(cookie_path)
            && (cookie_path.ends_with('/')
                || request_path.as_bytes().get(cookie_path.len()) == Some(&b'/')))
}

/// Cuts a hostile string to at most `max` bytes at a char boundary.
pub fn bounded(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> OffsetDateTime {
        time::macros::datetime!(2026-01-01 00:00 UTC)
    }

    fn rec(o: SetOutcome) -> Cookie {
        match o {
            SetOutcome::Recorded(c) => c,
            SetOutcome::Invalid(m) => panic!("{m}"),
        }
    }

    #[test]
    fn records_attributes_and_sends_back() {
        let mut jar = Jar::default();
        let u = Url::parse("https://shop.example/a/b").unwrap();
        let c = rec(jar.set(
            "sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=86400",
            &u,
            "shop.example",
            now(),
        ));
        assert_eq!((c.domain.as_str(), c.path.as_str()), ("shop.example", "/"));
        assert_eq!(c.lifetime_days, Some(1.0));
        assert!(c.secure && c.http_only);
        assert_eq!(c.same_site, "Lax");
        let c = rec(jar.set(
            "_ga=GA1.2; Domain=.shop.example; Path=/; Expires=Thu, 01 Jan 2026 12:00:00 GMT",
            &u,
            "shop.example",
            now(),
        ));
        assert_eq!(c.domain, ".shop.example");
        assert_eq!(c.lifetime_days, Some(0.5));
        let h = jar
            .header_for(&Url::parse("https://www.shop.example/x").unwrap(), now())
            .unwrap();
        assert_eq!(h, "_ga=GA1.2");
        let h = jar
            .header_for(&Url::parse("https://shop.example/x").unwrap(), now())
            .unwrap();
        assert!(h.contains("sid=abc") && h.contains("_ga=GA1.2"));
        assert!(
            jar.header_for(&Url::parse("http://shop.example/").unwrap(), now())
                .unwrap()
                == "_ga=GA1.2"
        );
        // No Path attribute: the default path of /a/b is /a.
        let c = rec(jar.set("local=1", &u, "shop.example", now()));
        assert_eq!(c.path, "/a");
        assert!(!jar
            .header_for(&Url::parse("https://shop.example/x").unwrap(), now())
            .unwrap()
            .contains("local"));
        assert!(jar
            .header_for(&Url::parse("https://shop.example/a/c").unwrap(), now())
            .unwrap()
            .contains("local=1"));
    }

    #[test]
    fn foreign_domain_and_garbage_never_crash() {
        let mut jar = Jar::default();
        let u = Url::parse("http://a.example/").unwrap();
        let c = rec(jar.set("x=1; Domain=b.example", &u, "a.example", now()));
        assert!(c.note.contains("rejected"));
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
        let c = rec(jar.set(
            "t=1; Domain=com",
            &Url::parse("http://x.com/").unwrap(),
            "x.com",
            now(),
        ));
        assert!(c.note.contains("public suffix"), "{}", c.note);
    }

    #[test]
    fn path_matching() {
        assert!(path_matches("/a/b", "/a"));
        assert!(path_matches("/a/b", "/a/"));
        assert!(!path_matches("/ab", "/a"));
        assert_eq!(default_path(&Url::parse("http://x/a/b").unwrap()), "/a");
    }
}
