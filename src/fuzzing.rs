//! Fuzzing entry points: arbitrary bytes in, nothing out. Each function feeds
//! site-controlled input to one parser and checks the invariants its callers rely
//! on (bounds, char boundaries, schemes); any panic is a bug. The `fuzz/` targets
//! and the corpus replay test (`tests/it/fuzz_replay.rs`) call these same
//! functions, so what is fuzzed is what is replayed.
#![deny(clippy::string_slice)]

use crate::crawl::html;
use crate::crawl::jar::{Jar, SetOutcome};
use crate::crawl::pixel::{declared_pixel, image_dimensions};
use crate::crawl::robots::{Robots, AGENT};
use crate::policy::claims::{builtin_parties, extract_with, Parties};
use crate::policy::{dates, discover, sentences, text};
use crate::targets::TargetList;
use std::sync::OnceLock;
use time::macros::datetime;
use url::Url;

/// One fuzz target: its name (the `fuzz/fuzz_targets/<name>.rs` file and the
/// corpus directory) and the function it runs.
pub type Target = (&'static str, fn(&[u8]));

/// Every target, by name.
pub const TARGETS: &[Target] = &[
    ("html", html_page),
    ("css", css),
    ("srcset_refresh", srcset_refresh),
    ("cookies", cookies),
    ("targets", targets),
    ("robots", robots),
    ("sitemap", sitemap),
    ("policy_text", policy_text),
    ("sentences", sentence_split),
    ("claims", claims),
    ("dates", policy_dates),
    ("image", image),
];

/// Most subresources taken from one fuzzed page (the crawler's own cap).
const MAX_SUBS: usize = 300;

fn lossy(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Splits `data` at the first NUL byte: (head, rest); no NUL: (empty, all).
fn split_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(p) => (&data[..p], &data[p + 1..]),
        None => (&[], data),
    }
}

/// Whether `part` is a sub-slice of `whole` (a borrowed piece of the input).
fn within(whole: &str, part: &str) -> bool {
    let (w, p) = (whole.as_ptr() as usize, part.as_ptr() as usize);
    p >= w && p + part.len() <= w + whole.len()
}

fn check_url(u: &Url) {
    assert!(matches!(u.scheme(), "http" | "https"), "{u}");
    assert!(u.fragment().is_none(), "{u}");
}

/// HTML page: bytes (an optional Content-Type before the first NUL) decoded
/// and parsed for subresources, links and meta refresh.
pub fn html_page(data: &[u8]) {
    let (ct, body) = split_nul(data);
    let ct = (!ct.is_empty()).then(|| lossy(ct));
    let (page, _) = html::decode(body, ct.as_deref());
    let base = Url::parse("https://www.site.example/dir/page.html").expect("valid URL");
    let p = html::parse(&page, &base, MAX_SUBS);
    assert!(p.subs.len() <= MAX_SUBS);
    for s in &p.subs {
        check_url(&s.url);
    }
    if let Some(u) = &p.meta_refresh {
        check_url(u);
    }
    assert!(p.title.len() <= 400);
}

/// CSS text: `url()` and `@import` references.
pub fn css(data: &[u8]) {
    let s = lossy(data);
    for (u, _) in html::css_urls(&s) {
        assert!(within(&s, u));
        assert!(!u.is_empty());
    }
}

/// A `srcset` value and a meta refresh `content` value.
pub fn srcset_refresh(data: &[u8]) {
    let s = lossy(data);
    for u in html::srcset_urls(&s) {
        assert!(within(&s, u) && !u.is_empty());
        assert!(!u.contains(|c: char| c.is_ascii_whitespace() || c == ','));
    }
    if let Some(t) = html::refresh_target(&s) {
        assert!(within(&s, t) && !t.is_empty());
    }
}

/// Set-Cookie headers (one a line) into one jar, then the Cookie header for
/// a few URLs. The first byte picks the URL that set them.
pub fn cookies(data: &[u8]) {
    const FROM: &[&str] = &[
        "https://shop.example/a/b",
        "http://a.example/",
        "https://www.x.co.uk/p/q/",
        "http://127.0.0.1:8080/x",
        "https://[::1]/",
    ];
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let url = Url::parse(FROM[usize::from(pick) % FROM.len()]).expect("valid URL");
    let now = datetime!(2026-01-01 00:00 UTC);
    let mut jar = Jar::default();
    for line in lossy(rest).lines() {
        if let SetOutcome::Recorded(c) = jar.set(line, &url, "example", now) {
            assert!(c.name.len() <= 256 && c.path.len() <= 256);
            assert!(c.lifetime_days.is_none_or(|d| d.is_finite() && d >= 0.0));
        }
    }
    for u in FROM.iter().chain(&["https://sub.shop.example/a/b/c?x"]) {
        let u = Url::parse(u).expect("valid URL");
        let _ = jar.header_for(&u);
    }
    assert!(jar.len() <= 3000);
}

/// A target list; the first byte picks the file name (text or CSV) and strictness.
pub fn targets(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = if pick & 1 == 0 {
        "sites.txt"
    } else {
        "sites.csv"
    };
    let strict = pick & 2 != 0;
    if let Ok(l) = TargetList::parse(name, &lossy(rest), strict) {
        for t in &l.targets {
            check_url(&t.url);
            assert!(t.url.host_str().is_some());
        }
    }
}

/// robots.txt: the first line is the path asked about, the rest the file.
pub fn robots(data: &[u8]) {
    let s = lossy(data);
    let (path, body) = s.split_once('\n').unwrap_or(("/", &s));
    let r = Robots::parse(body, AGENT);
    let _ = r.allowed(path);
    let _ = r.allowed("/");
    let _ = Robots::parse(body, "*").allowed(path);
}

/// sitemap.xml or a sitemap index.
pub fn sitemap(data: &[u8]) {
    let (urls, nested) = discover::from_sitemap(&lossy(data));
    for u in urls.iter().chain(&nested) {
        assert!(u.starts_with("http://") || u.starts_with("https://"), "{u}");
    }
}

/// A policy page: main-text extraction from HTML and from plain text.
pub fn policy_text(data: &[u8]) {
    let s = lossy(data);
    let e = text::extract(&s);
    assert!(e.text.len() <= text::MAX_OUTPUT);
    let p = text::from_plain(&s);
    assert!(p.text.len() <= text::MAX_OUTPUT);
}

/// Sentence splitting: ranges in order, on char boundaries, trimmed, bounded.
pub fn sentence_split(data: &[u8]) {
    let s = lossy(data);
    let mut prev_end = 0;
    for r in sentences::split(&s) {
        assert!(r.start >= prev_end && r.start < r.end && r.end <= s.len());
        assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
        let piece = s.get(r.clone()).expect("range on char boundaries");
        assert_eq!(piece, piece.trim());
        assert!(piece.len() <= sentences::MAX_SEGMENT, "{}", piece.len());
        prev_end = r.end;
    }
}

fn parties() -> &'static Parties {
    static P: OnceLock<Parties> = OnceLock::new();
    P.get_or_init(|| Parties::new(&builtin_parties()))
}

/// Claim extraction: every quote is the text at its byte range.
pub fn claims(data: &[u8]) {
    let s = lossy(data);
    for c in extract_with(&s, parties()) {
        assert!(c.start <= c.end && c.end <= s.len());
        assert_eq!(s.get(c.start..c.end), Some(c.quote.as_str()));
    }
}

/// "Last updated" dates; the first byte picks the language.
pub fn policy_dates(data: &[u8]) {
    const LANGS: &[&str] = &["en", "de", "fr", "es", "zh", "ja", "ko", "und"];
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let s = lossy(rest);
    if let Some(d) = dates::last_updated(&s, LANGS[usize::from(pick) % LANGS.len()]) {
        assert!(d.len() == 7 || d.len() == 10, "{d}");
        let ymd = if d.len() == 7 { format!("{d}-01") } else { d };
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        assert!(
            time::Date::parse(&ymd, &fmt).is_ok(),
            "not a real date: {ymd}"
        );
    }
}

/// Image header bytes; the same bytes, cut at NULs, as `width`, `height` and
/// `style` attributes.
pub fn image(data: &[u8]) {
    if let Some((w, h)) = image_dimensions(data) {
        let _ = crate::crawl::pixel::is_pixel((w, h));
    }
    let s = lossy(data);
    let mut it = s.splitn(3, '\0');
    let (w, h, st) = (it.next(), it.next(), it.next());
    let _ = declared_pixel(w, h, st, false);
}
