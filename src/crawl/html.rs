//! Page bytes in, decoded text and the page's parts out: title, subresources
//! (scripts, images, frames, stylesheets, media, `<noscript>` content, inline
//! `url(...)`), links (for clicking around and policy discovery) and meta
//! refresh. Decoding honours the Content-Type charset, a BOM and `<meta charset>`.
#![deny(clippy::string_slice)]

use crate::crawl::pixel::declared_pixel;
use crate::model::{Link, ResourceType};
use encoding_rs::Encoding;
use scraper::{ElementRef, Html, Selector};
use std::sync::OnceLock;
use url::Url;

/// Most links kept per page.
const MAX_LINKS: usize = 2000;
/// Longest anchor text kept.
const MAX_TEXT: usize = 200;

/// A subresource the page asks the browser to fetch.
#[derive(Debug, Clone, PartialEq)]
pub struct Sub {
    /// Absolute URL, resolved against the page's base.
    pub url: Url,
    /// What kind of resource the element loads.
    pub kind: ResourceType,
    /// The element declares a pixel or hides the image.
    pub declared_pixel: bool,
}

/// What a parsed page contains.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The page's `<title>`, bounded.
    pub title: String,
    /// Subresources in document order.
    pub subs: Vec<Sub>,
    /// Same-site and outside links, for picking more pages and the policy.
    pub links: Vec<Link>,
    /// Where a `<meta http-equiv=refresh>` sends the browser, if anywhere.
    pub meta_refresh: Option<Url>,
    /// Set when a parsing limit cut the page (deep nesting flattened, CPU
    /// budget ran out): a note for the site's errors.
    pub note: Option<String>,
}

pub use crate::dom::PARSE_BUDGET;

/// Decodes HTML bytes: Content-Type charset, then BOM, then `<meta charset>`,
/// then UTF-8 if valid, else windows-1252. Returns the text and encoding name.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> (String, &'static str) {
    let enc = content_type
        .and_then(charset_param)
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        .or_else(|| Encoding::for_bom(bytes).map(|(e, _)| e))
        .or_else(|| meta_charset(bytes))
        .unwrap_or_else(|| {
            if std::str::from_utf8(bytes).is_ok() {
                encoding_rs::UTF_8
            } else {
                encoding_rs::WINDOWS_1252
            }
        });
    // A page declaring UTF-16 in <meta> is really ASCII-compatible (HTML spec).
    let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        if Encoding::for_bom(bytes).is_some() {
            enc
        } else {
            encoding_rs::UTF_8
        }
    } else {
        enc
    };
    let (text, used, _) = enc.decode(bytes);
    (text.into_owned(), used.name())
}

fn charset_param(ct: &str) -> Option<String> {
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
    })
}

/// Prescans the first 1024 bytes for `<meta charset=...>` or
/// `<meta http-equiv="content-type" content="...; charset=...">`.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut i = 0;
    while let Some(p) = find(&lower[i..], b"<meta") {
        let start = i + p;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = rest
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .copied()
                .collect::<Vec<_>>();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let label: Vec<u8> = rest
                    .iter()
                    .skip_while(|b| b.is_ascii_whitespace() || **b == b'"' || **b == b'\'')
                    .take_while(|b| {
                        !(b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b';' | b'/' | b'>'))
                    })
                    .copied()
                    .collect();
                if let Some(e) = Encoding::for_label(&label) {
                    return Some(e);
                }
            }
        }
        i = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

struct Selectors {
    all: Selector,
    title: Selector,
    base: Selector,
}

fn selectors() -> &'static Selectors {
    static S: OnceLock<Selectors> = OnceLock::new();
    S.get_or_init(|| Selectors {
        all: Selector::parse("*").expect("valid selector"),
        title: Selector::parse("title").expect("valid selector"),
        base: Selector::parse("base[href]").expect("valid selector"),
    })
}

/// Decodes and parses a fetched page on the blocking pool, so a costly page
/// never holds up the tasks that drive other sites' network I/O. Returns the
/// parts and the encoding's name; a panic while parsing leaves an empty page
/// with a note.
pub async fn read_page(
    body: Vec<u8>,
    content_type: String,
    url: Url,
    max_subs: usize,
) -> (Parsed, &'static str) {
    crate::crawl::cpu_value(move || {
        let (text, enc) = decode(&body, Some(&content_type));
        (parse(&text, &url, max_subs), enc)
    })
    .await
    .unwrap_or_else(|e| (unparsed(&e), ""))
}

/// [`parse`] on the blocking pool (a page's text as a browser rendered it).
pub async fn parse_text(text: String, url: Url, max_subs: usize) -> Parsed {
    crate::crawl::cpu_value(move || parse(&text, &url, max_subs))
        .await
        .unwrap_or_else(|e| unparsed(&e))
}

/// An empty page whose note says why it could not be parsed.
fn unparsed(why: &crate::Error) -> Parsed {
    Parsed {
        note: Some(format!("the page could not be parsed: {why}")),
        ..Parsed::default()
    }
}

/// Parses decoded HTML found at `page_url`, with at most `max_subs`
/// subresources, within [`PARSE_BUDGET`]: a page that takes longer is read
/// as far as it was parsed, and [`Parsed::note`] says so.
pub fn parse(text: &str, page_url: &Url, max_subs: usize) -> Parsed {
    let budget = PARSE_BUDGET;
    let started = std::time::Instant::now();
    let bounded = crate::dom::parse_document(text, budget);
    let note = bounded.note(crate::text::head(page_url.as_str(), 200), budget);
    let doc = bounded.doc;
    let s = selectors();
    let base = doc
        .select(&s.base)
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| page_url.join(h.trim()).ok())
        .unwrap_or_else(|| page_url.clone());
    let mut out = Parsed {
        title: doc
            .select(&s.title)
            .next()
            .map(|t| collapse(&t.text().collect::<String>(), MAX_TEXT * 2))
            .unwrap_or_default(),
        note,
        ..Parsed::default()
    };
    let mut seen = std::collections::HashSet::new();
    let deadline = started + budget;
    collect(
        &doc, &base, page_url, max_subs, &mut out, &mut seen, true, deadline,
    );
    out
}

#[allow(clippy::too_many_arguments)]
fn collect(
    doc: &Html,
    base: &Url,
    page_url: &Url,
    max_subs: usize,
    out: &mut Parsed,
    seen: &mut std::collections::HashSet<String>,
    top: bool,
    deadline: std::time::Instant,
) {
    let s = selectors();
    for el in doc.select(&s.all) {
        let v = el.value();
        let attr = |n: &str| v.attr(n).map(str::trim).filter(|a| !a.is_empty());
        match v.name() {
            "script" => {
                if let Some(src) = attr("src") {
                    push_sub(out, seen, base, max_subs, src, ResourceType::Script, false);
                }
            }
            "img" | "image" => {
                let pixel = declared_pixel(
                    attr("width"),
                    attr("height"),
                    attr("style"),
                    v.attr("hidden").is_some(),
                );
                if let Some(src) = attr("src") {
                    push_sub(out, seen, base, max_subs, src, ResourceType::Image, pixel);
                }
                for u in attr("srcset").map(srcset_urls).unwrap_or_default() {
                    push_sub(out, seen, base, max_subs, u, ResourceType::Image, pixel);
                }
            }
            "input" if attr("type").is_some_and(|t| t.eq_ignore_ascii_case("image")) => {
                if let Some(src) = attr("src") {
                    push_sub(out, seen, base, max_subs, src, ResourceType::Image, false);
                }
            }
            "iframe" | "frame" => {
                if let Some(src) = attr("src") {
                    push_sub(out, seen, base, max_subs, src, ResourceType::Iframe, false);
                }
            }
            "link" => {
                let rel = attr("rel").unwrap_or_default().to_ascii_lowercase();
                if let Some(href) = attr("href") {
                    for r in rel.split_ascii_whitespace() {
                        let kind = match r {
                            "stylesheet" => Some(ResourceType::Stylesheet),
                            "icon" | "apple-touch-icon" => Some(ResourceType::Image),
                            "modulepreload" => Some(ResourceType::Script),
                            "prefetch" => Some(ResourceType::Other),
                            "preload" => Some(match attr("as").unwrap_or_default() {
                                "script" => ResourceType::Script,
                                "style" => ResourceType::Stylesheet,
                                "image" => ResourceType::Image,
                                "font" => ResourceType::Font,
                                "fetch" => ResourceType::Fetch,
                                "audio" | "video" | "track" => ResourceType::Media,
                                "document" => ResourceType::Iframe,
                                _ => ResourceType::Other,
                            }),
                            _ => None,
                        };
                        if let Some(kind) = kind {
                            push_sub(out, seen, base, max_subs, href, kind, false);
                            break;
                        }
                    }
                }
            }
            "source" => {
                let in_picture = el
                    .parent()
                    .and_then(ElementRef::wrap)
                    .is_some_and(|p| p.value().name() == "picture");
                let kind = if in_picture {
                    ResourceType::Image
                } else {
                    ResourceType::Media
                };
                if let Some(src) = attr("src") {
                    push_sub(out, seen, base, max_subs, src, kind, false);
                }
                for u in attr("srcset").map(srcset_urls).unwrap_or_default() {
                    push_sub(out, seen, base, max_subs, u, kind, false);
                }
            }
            "video" | "audio" | "track" => {
                if let Some(src) = attr("src") {
                    push_sub(out, seen, base, max_subs, src, ResourceType::Media, false);
                }
                if let Some(p) = attr("poster") {
                    push_sub(out, seen, base, max_subs, p, ResourceType::Image, false);
                }
            }
            "embed" => {
                if let Some(src) = attr("src") {
                    push_sub(out, seen, base, max_subs, src, ResourceType::Other, false);
                }
            }
            "object" => {
                if let Some(d) = attr("data") {
                    push_sub(out, seen, base, max_subs, d, ResourceType::Other, false);
                }
            }
            "meta" => {
                let refresh = attr("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("refresh"));
                if refresh && out.meta_refresh.is_none() {
                    if let Some(u) = attr("content")
                        .and_then(refresh_target)
                        .and_then(|t| resolve(base, t))
                    {
                        out.meta_refresh = Some(u);
                    }
                }
            }
            "style" => {
                let css: String = el.text().collect();
                for (u, kind) in css_urls(&css) {
                    push_sub(out, seen, base, max_subs, u, kind, false);
                }
            }
            "noscript" => {
                // Parsed with scripting on, <noscript> holds raw text: parse it as HTML.
                let inner: String = el.text().collect();
                if inner.contains('<') {
                    let left = deadline.saturating_duration_since(std::time::Instant::now());
                    let frag = crate::dom::parse_fragment(&inner, left);
                    if out.note.is_none() {
                        out.note = frag.note(crate::text::head(page_url.as_str(), 200), left);
                    }
                    collect(
                        &frag.doc, base, page_url, max_subs, out, seen, top, deadline,
                    );
                }
            }
            "a" | "area" if top && out.links.len() < MAX_LINKS => {
                if let Some(u) = attr("href").and_then(|h| link_target(base, h)) {
                    out.links.push(Link {
                        url: u.to_string(),
                        text: collapse(&el.text().collect::<String>(), MAX_TEXT),
                        title: collapse(attr("title").unwrap_or_default(), MAX_TEXT),
                        rel: collapse(attr("rel").unwrap_or_default(), 64),
                        in_chrome: in_chrome(el),
                        page: page_url.to_string(),
                    });
                }
            }
            _ => {}
        }
        if let Some(style) = attr("style") {
            for (u, kind) in css_urls(style) {
                push_sub(out, seen, base, max_subs, u, kind, false);
            }
        }
    }
}

fn push_sub(
    out: &mut Parsed,
    seen: &mut std::collections::HashSet<String>,
    base: &Url,
    max_subs: usize,
    raw: &str,
    kind: ResourceType,
    pixel: bool,
) {
    if out.subs.len() >= max_subs {
        return;
    }
    if let Some(u) = resolve(base, raw) {
        if seen.insert(u.as_str().to_string()) {
            out.subs.push(Sub {
                url: u,
                kind,
                declared_pixel: pixel,
            });
        }
    }
}

/// Whether an element sits in page chrome (footer, nav, header) where policy
/// links live.
fn in_chrome(el: ElementRef) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        let v = a.value();
        matches!(v.name(), "footer" | "nav" | "header")
            || v.attr("role")
                .is_some_and(|r| r == "contentinfo" || r == "navigation")
            || v.id()
                .is_some_and(|i| i.to_ascii_lowercase().contains("footer"))
            || v.classes()
                .any(|c| c.to_ascii_lowercase().contains("footer"))
    })
}

fn resolve(base: &Url, raw: &str) -> Option<Url> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 8192 {
        return None;
    }
    let lower = raw.get(..11).unwrap_or(raw).to_ascii_lowercase();
    if lower.starts_with("data:")
        || lower.starts_with("javascript:")
        || lower.starts_with("about:")
        || lower.starts_with("blob:")
    {
        return None;
    }
    let mut u = base.join(raw).ok()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    u.set_fragment(None);
    Some(u)
}

fn link_target(base: &Url, href: &str) -> Option<Url> {
    let h = href.trim();
    if h.starts_with('#')
        || h.to_ascii_lowercase().starts_with("javascript:")
        || h.to_ascii_lowercase().starts_with("mailto:")
    {
        return None;
    }
    resolve(base, h)
}

/// URLs of a `srcset` (each candidate is `URL [descriptor]`).
pub fn srcset_urls(srcset: &str) -> Vec<&str> {
    srcset
        .split(',')
        .filter_map(|c| c.split_ascii_whitespace().next())
        .filter(|u| !u.is_empty())
        .collect()
}

/// The URL part of a meta refresh `content` (`5; url=/next`).
pub fn refresh_target(content: &str) -> Option<&str> {
    let (_, rest) = content.split_once([';', ','])?;
    let rest = rest.trim();
    let rest = if rest.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("url")) {
        rest.get(3..)?.trim_start().strip_prefix('=')?.trim()
    } else {
        rest
    };
    let rest = rest.trim_matches(|c| c == '\'' || c == '"');
    (!rest.is_empty()).then_some(rest)
}

/// Longest URL read from CSS.
const MAX_CSS_URL: usize = 8192;
/// Blocks nested deeper than this are skipped, not searched (no browser stylesheet
/// nests this deep; the bound keeps the recursion's stack small).
const MAX_CSS_DEPTH: usize = 32;

/// `url(...)` and `@import` references in CSS text (a stylesheet or a `style`
/// attribute), with the resource type they load (fonts by extension, imports
/// as stylesheets, the rest images). The text is read by `cssparser`'s
/// tokenizer, so URLs in comments and strings are not references, and an
/// unclosed `url(` is a bad URL running to the end: one pass, linear time.
/// A URL written with CSS escapes is skipped (the result borrows from `css`,
/// and an unescaped value would be a new string).
pub fn css_urls(css: &str) -> Vec<(&str, ResourceType)> {
    let mut input = cssparser::ParserInput::new(css);
    let mut out = Vec::new();
    css_scan(&mut cssparser::Parser::new(&mut input), css, 0, &mut out);
    out
}

/// Reads tokens up to the end of `p`'s block, into nested blocks up to
/// [`MAX_CSS_DEPTH`].
fn css_scan<'i>(
    p: &mut cssparser::Parser<'i, '_>,
    css: &'i str,
    depth: usize,
    out: &mut Vec<(&'i str, ResourceType)>,
) {
    use cssparser::Token;
    let mut import = false;
    while let Ok(token) = p.next() {
        let after_import = std::mem::take(&mut import);
        let url = match token.clone() {
            Token::AtKeyword(k) => {
                import = k.eq_ignore_ascii_case("import");
                continue;
            }
            Token::UnquotedUrl(u) => u,
            Token::QuotedString(u) if after_import => u,
            Token::Function(f) if f.eq_ignore_ascii_case("url") => {
                let quoted = p.parse_nested_block(|p| {
                    p.expect_string_cloned()
                        .map_err(cssparser::ParseError::<()>::from)
                });
                let Ok(u) = quoted else { continue };
                u
            }
            Token::Function(_)
            | Token::ParenthesisBlock
            | Token::SquareBracketBlock
            | Token::CurlyBracketBlock
                if depth < MAX_CSS_DEPTH =>
            {
                let _ = p.parse_nested_block(|p| {
                    css_scan(p, css, depth + 1, out);
                    Ok::<_, cssparser::ParseError<'i, ()>>(())
                });
                continue;
            }
            _ => continue,
        };
        let Some(u) = in_source(css, &url).map(str::trim) else {
            continue;
        };
        if u.is_empty() || u.len() > MAX_CSS_URL {
            continue;
        }
        let kind = if after_import {
            ResourceType::Stylesheet
        } else {
            let path = u.split(['?', '#']).next().unwrap_or(u).to_ascii_lowercase();
            let font = [".woff2", ".woff", ".ttf", ".otf", ".eot"];
            if font.iter().any(|e| path.ends_with(e)) {
                ResourceType::Font
            } else {
                ResourceType::Image
            }
        };
        out.push((u, kind));
    }
}

/// `s` as the slice of `css` it was tokenized from; `None` when the tokenizer
/// built a new string (the value had escapes).
fn in_source<'i>(css: &'i str, s: &str) -> Option<&'i str> {
    let off = (s.as_ptr() as usize).checked_sub(css.as_ptr() as usize)?;
    css.get(off..off.checked_add(s.len())?)
        .filter(|t| t.as_ptr() == s.as_ptr())
}

/// Collapses whitespace and bounds the length (hostile page text).
pub fn collapse(s: &str, max: usize) -> String {
    let mut out = String::new();
    for w in s.split_whitespace() {
        if out.len() + w.len() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_by_header_meta_and_fallback() {
        let (gbk, _, _) = encoding_rs::GBK.encode("隐私政策");
        let mut page = b"<html><head><meta charset=\"gbk\"></head><body>".to_vec();
        page.extend_from_slice(&gbk);
        let (t, enc) = decode(&page, Some("text/html"));
        assert!(t.contains("隐私政策"), "{t}");
        assert_eq!(enc, "GBK");
        let (sj, _, _) = encoding_rs::SHIFT_JIS.encode("プライバシー");
        let (t, _) = decode(&sj, Some("text/html; charset=Shift_JIS"));
        assert_eq!(t, "プライバシー");
        let (t, enc) = decode(b"caf\xe9", None);
        assert_eq!((t.as_str(), enc), ("café", "windows-1252"));
        let (_, enc) = decode(
            b"<meta http-equiv=Content-Type content='text/html; charset=euc-kr'>",
            None,
        );
        assert_eq!(enc, "EUC-KR");
    }

    #[test]
    fn finds_every_kind_of_subresource() {
        let html = r##"<html><head><base href="https://cdn.site.example/b/">
          <title> Hello
           World </title>
          <link rel="stylesheet" href="/s.css"><link rel="preload" as="font" href="f.woff2">
          <link rel="icon" href="/fav.ico"><meta http-equiv="refresh" content="5; URL='/next'">
          <style>@import "imp.css"; body{background:url(bg.png)}</style>
          <script src="https://t.example/a.js"></script></head><body>
          <img src="p.gif" width="1" height="1"><img srcset="a.jpg 1x, b.jpg 2x">
          <picture><source srcset="pic.webp"></picture><video src="v.mp4" poster="poster.jpg"></video>
          <iframe src="https://video.example/embed/1"></iframe><embed src="e.swf"><object data="o.bin"></object>
          <input type="image" src="btn.png"><div style="background-image:url('div.png')"></div>
          <noscript><img src="https://px.example/tr?id=1" style="display:none"></noscript>
          <a href="javascript:void(0)">x</a><a href="#top">top</a>
          <footer><a href="/privacy" title="Privacy">Privacy  Policy</a></footer>
          <img src="data:image/gif;base64,AAAA"></body></html>"##;
        let p = parse(html, &Url::parse("https://www.site.example/").unwrap(), 300);
        assert_eq!(p.title, "Hello World");
        let got: Vec<(String, ResourceType, bool)> = p
            .subs
            .iter()
            .map(|s| (s.url.to_string(), s.kind, s.declared_pixel))
            .collect();
        let has = |u: &str, k: ResourceType| got.iter().any(|g| g.0 == u && g.1 == k);
        assert!(has(
            "https://cdn.site.example/s.css",
            ResourceType::Stylesheet
        ));
        assert!(has(
            "https://cdn.site.example/b/f.woff2",
            ResourceType::Font
        ));
        assert!(has(
            "https://cdn.site.example/b/imp.css",
            ResourceType::Stylesheet
        ));
        assert!(has(
            "https://cdn.site.example/b/bg.png",
            ResourceType::Image
        ));
        assert!(has("https://t.example/a.js", ResourceType::Script));
        assert!(has("https://cdn.site.example/b/b.jpg", ResourceType::Image));
        assert!(has(
            "https://cdn.site.example/b/pic.webp",
            ResourceType::Image
        ));
        assert!(has("https://cdn.site.example/b/v.mp4", ResourceType::Media));
        assert!(has(
            "https://cdn.site.example/b/poster.jpg",
            ResourceType::Image
        ));
        assert!(has("https://video.example/embed/1", ResourceType::Iframe));
        assert!(has("https://cdn.site.example/b/e.swf", ResourceType::Other));
        assert!(has("https://cdn.site.example/b/o.bin", ResourceType::Other));
        assert!(has(
            "https://cdn.site.example/b/btn.png",
            ResourceType::Image
        ));
        assert!(has(
            "https://cdn.site.example/b/div.png",
            ResourceType::Image
        ));
        assert!(got
            .iter()
            .any(|g| g.0 == "https://cdn.site.example/b/p.gif" && g.2));
        assert!(got
            .iter()
            .any(|g| g.0 == "https://px.example/tr?id=1" && g.2));
        assert!(!got.iter().any(|g| g.0.starts_with("data:")));
        assert_eq!(
            p.meta_refresh.unwrap().as_str(),
            "https://cdn.site.example/next"
        );
        assert_eq!(p.links.len(), 1);
        assert!(p.links[0].in_chrome);
        assert_eq!(p.links[0].text, "Privacy Policy");
    }

    #[test]
    fn multibyte_text_at_every_cut_never_panics() {
        let u = Url::parse("http://x.example/").unwrap();
        let tails = ["aaé", "é", "urlé", "ur€=x", "url=漢字", "'é'"];
        for t in tails {
            for cut in 0..=t.len() {
                let Some(t) = t.get(..cut) else { continue };
                let page = format!("<meta http-equiv=\"refresh\" content=\"0; {t}\">");
                let _ = parse(&page, &u, 10);
                let _ = refresh_target(&format!("0;{t}"));
                for css in [
                    format!("@import {t}"),
                    format!("@import url({t}"),
                    format!("@import{t}"),
                    format!("a{{background:url({t}"),
                ] {
                    let _ = css_urls(&css);
                }
            }
        }
        assert_eq!(refresh_target("0; aaé"), Some("aaé"));
        assert_eq!(refresh_target("0; URL=/n"), Some("/n"));
        assert_eq!(css_urls("@import ué;"), vec![]);
        assert_eq!(css_urls("@import \"\";@import ' ';"), vec![]);
        assert_eq!(
            css_urls("@import url(é.css);"),
            vec![("é.css", ResourceType::Stylesheet)]
        );
    }

    #[test]
    fn css_references_by_token() {
        let css = "/* url(comment.png) */ a{content:\"url(string.png)\"}\
            @font-face{src:URL( 'f.woff2?v=1' ) format('woff2'), url(f.ttf)}\
            @media print{@import url(\"p.css\") ;} b{background:image-set(url(set.png) 1x)}\
            c{background:url(esc\\29.png);cursor:url(\"c.cur\"),auto}";
        assert_eq!(
            css_urls(css),
            vec![
                ("f.woff2?v=1", ResourceType::Font),
                ("f.ttf", ResourceType::Font),
                ("p.css", ResourceType::Stylesheet),
                ("set.png", ResourceType::Image),
                ("c.cur", ResourceType::Image),
            ]
        );
        let long = format!("a{{b:url({})}}", "x".repeat(MAX_CSS_URL + 1));
        assert!(css_urls(&long).is_empty());
        assert_eq!(
            css_urls("background: url(s.png)"),
            vec![("s.png", ResourceType::Image)]
        );
    }

    #[test]
    fn unclosed_css_tokens_stay_linear() {
        let t = std::time::Instant::now();
        assert!(css_urls(&"url(".repeat(1_000_000)).is_empty());
        assert!(css_urls(&"@import url(".repeat(400_000)).is_empty());
        // The first `url(` sees `(` inside: a bad URL up to the one `)`.
        assert!(css_urls(&("a{b:url(".repeat(300_000) + ")")).is_empty());
        // Strings pair up: `@import "@import "` imports `@import`, every other one.
        assert_eq!(css_urls(&"@import \"".repeat(500_000)).len(), 250_000);
        // Deep and unclosed nesting: blocks past MAX_CSS_DEPTH are skipped.
        for open in ["{", "(", "[", "f("] {
            let deep = open.repeat(300_000) + "url(x.png)";
            assert!(css_urls(&deep).is_empty());
        }
        let nested = "a{".repeat(MAX_CSS_DEPTH) + "b:url(in.png)" + &"}".repeat(MAX_CSS_DEPTH);
        assert_eq!(css_urls(&nested).len(), 1);
        assert!(
            t.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn deep_nesting_keeps_subresources_and_notes_it() {
        let page = format!(
            "{}<img src=/deep.png>{}<script src=/after.js></script>",
            "<div>".repeat(50_000),
            "</div>".repeat(50_000)
        );
        let p = parse(&page, &Url::parse("http://x.example/").unwrap(), 10);
        let urls: Vec<_> = p.subs.iter().map(|s| s.url.path()).collect();
        assert_eq!(urls, ["/deep.png", "/after.js"]);
        assert!(p.note.unwrap().contains("flattened"));
    }

    #[test]
    fn caps_subresources_and_survives_garbage() {
        let many: String = (0..500).map(|i| format!("<img src=/i{i}.png>")).collect();
        let p = parse(&many, &Url::parse("http://x.example/").unwrap(), 300);
        assert_eq!(p.subs.len(), 300);
        let p = parse(
            "<<<>>><img src=\"a.png\"<script src=x.js",
            &Url::parse("http://x.example/").unwrap(),
            300,
        );
        assert!(p.subs.len() <= 2);
    }
}
