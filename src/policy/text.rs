//! Policy text extraction: in goes a policy page's HTML (or a plain-text file), out
//! comes its title and main text with one line per heading, paragraph line, list
//! item or table cell and a blank line between blocks, plus a status saying
//! whether the text is usable (empty, images only, login wall, not a policy).
//!
//! Page chrome (navigation, header, footer, sidebars, forms, cookie banners,
//! menus, breadcrumbs) is dropped; `<main>`, `[role=main]` or the largest
//! `<article>` is preferred when it holds a substantial share of the text.
#![deny(clippy::string_slice)]

use super::discover::{names_policy, policy_score, POLICY_THRESHOLD};
use scraper::{ElementRef, Html, Node};

/// Largest input read, in bytes; the rest is ignored.
pub const MAX_INPUT: usize = 5 * 1024 * 1024;
/// Largest text produced, in bytes.
pub const MAX_OUTPUT: usize = 1024 * 1024;
/// Below this many letters/digits a page has "almost no text".
const MIN_LETTERS: usize = 20;
/// Below this many letters/digits a page with images counts as images only.
const IMAGE_ONLY_LETTERS: usize = 100;
/// A page with a password field and fewer letters than this is a login wall.
const LOGIN_LETTERS: usize = 1500;
/// Elements dropped for their id/class/role must hold less text than this.
const BOILERPLATE_MAX_TEXT: usize = 5000;
/// Nodes examined when measuring an element before deciding to drop it.
const MEASURE_BUDGET: usize = 50_000;

/// Whether the extracted text is usable as a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStatus {
    /// Policy-like text was extracted.
    Ok,
    /// The page has (almost) no text.
    Empty,
    /// The page has images but (almost) no text (a scanned or image policy).
    ImageOnly,
    /// The page is mainly a login / sign-in form.
    LoginWall,
    /// There is text, but it does not read like a privacy policy.
    NotPolicy,
}

/// The result of extracting a policy page's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The page title (`<title>`, else the first `<h1>`; plain text: the first line).
    pub title: String,
    /// Main text: lines separated by `\n`, blocks by a blank line.
    pub text: String,
    /// Whether the text is usable.
    pub status: TextStatus,
    /// Human-readable explanation of the status (and of any truncation).
    pub message: String,
}

/// Line-break strength requested between pieces of text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Line,
    Para,
}

/// Accumulates text with collapsed whitespace and pending line breaks.
struct Out {
    buf: String,
    pending: Break,
    space: bool,
    full: bool,
}

impl Out {
    fn new() -> Self {
        Out {
            buf: String::new(),
            pending: Break::None,
            space: false,
            full: false,
        }
    }

    fn brk(&mut self, b: Break) {
        if b != Break::None {
            self.pending = self.pending.max(b);
            self.space = false;
        }
    }

    fn push_char(&mut self, c: char) {
        if self.full {
            return;
        }
        if !self.buf.is_empty() {
            match self.pending {
                Break::Line => self.buf.push('\n'),
                Break::Para => self.buf.push_str("\n\n"),
                Break::None if self.space => self.buf.push(' '),
                Break::None => {}
            }
        }
        self.pending = Break::None;
        self.space = false;
        self.buf.push(c);
        if self.buf.len() >= MAX_OUTPUT {
            self.full = true;
        }
    }

    fn push_text(&mut self, t: &str, pre: bool) {
        for c in t.chars() {
            if pre && c == '\n' {
                self.brk(Break::Line);
            } else if c.is_whitespace() {
                self.space = true;
            } else if !matches!(c, '\u{200b}' | '\u{200c}' | '\u{feff}' | '\u{ad}')
                && !c.is_control()
            {
                self.push_char(c);
            }
        }
    }

    fn finish(self) -> String {
        let mut s = self.buf;
        s.truncate(crate::text::head(&s, MAX_OUTPUT).len());
        s
    }
}

fn block_break(name: &str) -> Break {
    match name {
        "p" | "div" | "section" | "article" | "main" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        | "ul" | "ol" | "dl" | "table" | "tr" | "blockquote" | "pre" | "address" | "figure"
        | "header" | "footer" | "details" | "fieldset" | "hr" | "center" | "body" | "hgroup"
        | "legend" => Break::Para,
        "li" | "dt" | "dd" | "td" | "th" | "caption" | "figcaption" | "summary" | "br"
        | "button" => Break::Line,
        _ => Break::None,
    }
}

/// Size facts about an element's subtree (bounded by [`MEASURE_BUDGET`]).
#[derive(Default)]
struct Measure {
    text: usize,
    has_title_heading: bool,
    has_main: bool,
    has_password: bool,
    over_budget: bool,
}

fn measure(node: ElementRef) -> Measure {
    let mut m = Measure::default();
    for (i, d) in node.descendants().enumerate() {
        if i > MEASURE_BUDGET {
            m.over_budget = true;
            break;
        }
        match d.value() {
            Node::Text(t) => m.text += t.trim().len(),
            Node::Element(e) => match e.name() {
                "h1" | "h2" => m.has_title_heading = true,
                "main" | "article" => m.has_main = true,
                "input" => {
                    m.has_password |= e
                        .attr("type")
                        .is_some_and(|t| t.eq_ignore_ascii_case("password"))
                }
                _ => {}
            },
            _ => {}
        }
    }
    m
}

/// id/class words (split on punctuation) of navigation, menus and other chrome.
#[rustfmt::skip]
const CHROME_WORDS: &[&str] = &[
    "nav", "navbar", "navigation", "menu", "menubar", "submenu", "megamenu", "mainmenu",
    "breadcrumb", "breadcrumbs", "sidebar", "topbar", "masthead", "skiplink", "footer", "header",
    "toolbar",
];

/// Class words of widgets; not matched against ids, which policies derive from
/// their section headings ("social-media", "sharing", "comments").
#[rustfmt::skip]
const CLASS_WORDS: &[&str] = &[
    "share", "sharing", "social", "socials", "newsletter", "subscribe", "related", "comments",
    "advert", "advertisement", "ads",
];

/// id/class substrings of consent-management banners and screen-reader helpers.
#[rustfmt::skip]
const CHROME_MARKERS: &[&str] = &[
    "onetrust", "cookiebot", "cybot", "usercentrics", "didomi", "quantcast", "qc-cmp", "truste",
    "trustarc", "cookieyes", "cky-consent", "cmplz", "iubenda-cs", "termly", "osano", "klaro",
    "borlabs", "cookie-law-info", "cli-modal", "cc-window", "cc-banner", "sp_message",
    "fc-consent", "tarteaucitron", "axeptio", "cmpbox", "consentmanager", "cookie-consent",
    "cookieconsent", "cookie_consent", "consent-banner", "visually-hidden", "screen-reader-text",
    "sr-only", "skip-link", "skip-to",
];

/// Words that, next to "cookie" / "gdpr" / "consent", make an id/class a banner.
#[rustfmt::skip]
const BANNER_WORDS: &[&str] = &[
    "banner", "bar", "notice", "popup", "pop-up", "modal", "overlay", "dialog", "law", "message",
    "alert", "notif", "wall", "prompt",
];

/// Whether an element's id and class mark navigation, menus, cookie banners and
/// the like.
fn boilerplate_attr(id: &str, class: &str) -> bool {
    let (id, class) = (id.to_ascii_lowercase(), class.to_ascii_lowercase());
    let words = |s: &str, list: &[&str]| {
        s.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| list.contains(&w))
    };
    let both = format!("{id} {class}");
    CHROME_MARKERS.iter().any(|m| both.contains(m))
        || (["cookie", "gdpr", "consent"]
            .iter()
            .any(|c| both.contains(c))
            && BANNER_WORDS.iter().any(|b| both.contains(b)))
        || words(&both, CHROME_WORDS)
        || words(&class, CLASS_WORDS)
}

/// Whether an element sits inside `<main>`, `<article>` or `[role=main]`.
fn inside_main(node: ElementRef) -> bool {
    node.ancestors().any(|a| {
        a.value().as_element().is_some_and(|e| {
            matches!(e.name(), "main" | "article") || e.attr("role") == Some("main")
        })
    })
}

/// Whether an element (and everything under it) is left out of the text.
fn dropped(node: ElementRef) -> bool {
    let e = node.value();
    match e.name() {
        "script" | "style" | "noscript" | "template" | "svg" | "nav" | "aside" | "head"
        | "iframe" | "object" | "embed" | "canvas" | "select" | "textarea" | "input" | "menu"
        | "math" | "video" | "audio" | "map" => return true,
        "header" | "footer" => return !inside_main(node),
        "form" => {
            // Some sites wrap the whole page in a form (ASP.NET); keep a form that
            // holds headings or a lot of text, and no password field.
            let m = measure(node);
            return m.has_password || (m.text < 1000 && !m.has_title_heading && !m.over_budget);
        }
        "dialog" => return measure(node).text < BOILERPLATE_MAX_TEXT,
        "body" | "html" | "main" | "article" => return false,
        _ => {}
    }
    let role = e.attr("role").unwrap_or("").to_ascii_lowercase();
    match role.as_str() {
        "navigation" | "menu" | "menubar" | "search" | "complementary" => return true,
        "banner" | "contentinfo" => return !inside_main(node),
        "dialog" | "alertdialog" => return measure(node).text < BOILERPLATE_MAX_TEXT,
        "main" => return false,
        _ => {}
    }
    let aria_hidden = e.attr("aria-hidden") == Some("true");
    let (id, class) = (e.id().unwrap_or(""), e.attr("class").unwrap_or(""));
    if !aria_hidden && !boilerplate_attr(id, class) {
        return false;
    }
    let m = measure(node);
    let limit = if aria_hidden {
        200
    } else {
        BOILERPLATE_MAX_TEXT
    };
    !m.over_budget && !m.has_title_heading && !m.has_main && m.text < limit
}

/// Renders the text under `root`, dropping chrome. Iterative, so deeply nested
/// markup cannot overflow the stack.
fn render(root: ElementRef) -> String {
    let mut out = Out::new();
    let mut pre = 0usize;
    let open = |out: &mut Out, e: ElementRef, pre: &mut usize| {
        if e.value().name() == "pre" {
            *pre += 1;
        }
        out.brk(block_break(e.value().name()));
    };
    let close = |out: &mut Out, e: ElementRef, pre: &mut usize| {
        let name = e.value().name();
        if name == "pre" {
            *pre = pre.saturating_sub(1);
        }
        if name != "br" {
            out.brk(block_break(name));
        }
    };
    open(&mut out, root, &mut pre);
    let mut cur = root.first_child();
    while let Some(n) = cur {
        if out.full {
            break;
        }
        let mut entered = false;
        match n.value() {
            Node::Text(t) => out.push_text(t, pre > 0),
            Node::Element(_) => {
                if let Some(e) = ElementRef::wrap(n).filter(|&e| !dropped(e)) {
                    open(&mut out, e, &mut pre);
                    entered = true;
                }
            }
            _ => {}
        }
        if entered {
            if let Some(c) = n.first_child() {
                cur = Some(c);
                continue;
            }
            if let Some(e) = ElementRef::wrap(n) {
                close(&mut out, e, &mut pre);
            }
        }
        // Next sibling, else climb (closing ancestors) until one has a sibling.
        let mut up = n;
        cur = None;
        loop {
            if let Some(s) = up.next_sibling() {
                cur = Some(s);
                break;
            }
            match up.parent() {
                Some(p) if p.id() != root.id() => {
                    if let Some(e) = ElementRef::wrap(p) {
                        close(&mut out, e, &mut pre);
                    }
                    up = p;
                }
                _ => break,
            }
        }
    }
    close(&mut out, root, &mut pre);
    out.finish()
}

fn collapse(s: &str, max_chars: usize) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max_chars)
        .collect()
}

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Facts gathered in one pass over the document.
#[derive(Default)]
struct Scan<'a> {
    title: String,
    h1: String,
    images: usize,
    password: bool,
    body: Option<ElementRef<'a>>,
    mains: Vec<ElementRef<'a>>,
    articles: Vec<ElementRef<'a>>,
}

fn scan(doc: &Html) -> Scan<'_> {
    let mut s = Scan::default();
    for n in doc.root_element().descendent_elements() {
        let e = n.value();
        match e.name() {
            "title" if s.title.is_empty() && in_head(n) => {
                s.title = collapse(&text_of(n), 300);
            }
            "h1" if s.h1.is_empty() => s.h1 = collapse(&text_of(n), 300),
            "img" | "picture" if !in_chrome(n) => s.images += 1,
            "embed" | "object" if !in_chrome(n) => {
                let t = e.attr("type").unwrap_or("");
                if t.starts_with("image/") || t == "application/pdf" {
                    s.images += 1;
                }
            }
            "input" => {
                s.password |= e
                    .attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("password"))
            }
            "body" if s.body.is_none() => s.body = Some(n),
            "main" => s.mains.push(n),
            "article" => s.articles.push(n),
            _ => {}
        }
        if e.attr("role") == Some("main") && e.name() != "main" {
            s.mains.push(n);
        }
    }
    s
}

fn in_head(n: ElementRef) -> bool {
    n.parent()
        .and_then(|p| p.value().as_element().map(|e| e.name() == "head"))
        .unwrap_or(false)
}

/// Whether an element sits in page chrome (where logos and icons live).
fn in_chrome(n: ElementRef) -> bool {
    n.ancestors().any(|a| {
        a.value().as_element().is_some_and(|e| {
            matches!(
                e.name(),
                "header" | "nav" | "footer" | "aside" | "a" | "button"
            )
        })
    })
}

fn text_of(n: ElementRef) -> String {
    n.text().take(200).collect()
}

/// Main text of a policy page: drops script/style/noscript/template/svg, nav,
/// header, footer, aside, form and elements whose id/class/role mark them as
/// navigation, cookie banners, menus or breadcrumbs; prefers `<main>`,
/// `[role=main]` or the largest `<article>` when it holds at least 30 % of the
/// page's text. Headings, paragraphs, list items, table cells and `<br>` become
/// lines, with a blank line between blocks. Works on at most [`MAX_INPUT`] bytes
/// and produces at most [`MAX_OUTPUT`] bytes of text.
pub fn extract(html: &str) -> Extracted {
    let mut notes = Vec::new();
    let end = crate::text::head(html, MAX_INPUT).len();
    if end < html.len() {
        notes.push(format!("input cut at {} of {} bytes", end, html.len()));
    }
    // Nesting past 512 is flattened and parsing stops at the time budget, as
    // for pages (src/dom.rs).
    let bounded = crate::dom::parse_document(
        html.get(..end).unwrap_or_default(),
        crate::dom::PARSE_BUDGET,
    );
    if let Some(n) = bounded.note("the policy page", crate::dom::PARSE_BUDGET) {
        notes.push(n);
    }
    let doc = bounded.doc;
    let s = scan(&doc);
    let body = s.body.unwrap_or_else(|| doc.root_element());
    let mut text = render(body);
    let mut from = "page body";
    let wanted = |t: &str, whole: &str| t.len() >= 200.max(whole.len() * 3 / 10);
    let main = s
        .mains
        .iter()
        .map(|&m| render(m))
        .find(|t| wanted(t, &text));
    if let Some(m) = main {
        text = m;
        from = "<main>";
    } else if let Some(a) = s
        .articles
        .iter()
        .map(|&a| render(a))
        .max_by_key(|t| t.len())
        .filter(|t| wanted(t, &text))
    {
        text = a;
        from = "<article>";
    }
    if text.len() >= MAX_OUTPUT {
        notes.push(format!("text cut at {MAX_OUTPUT} bytes"));
    }
    let titled = names_policy(&s.title).or(names_policy(&s.h1)).is_some();
    let title = if s.title.is_empty() { s.h1 } else { s.title };
    let (status, mut message) = classify(&text, s.images, s.password, titled);
    if status == TextStatus::Ok {
        let n = text.chars().count();
        message = format!("{n} characters of policy text from the {from}{message}");
    }
    notes.insert(0, message);
    Extracted {
        title,
        text,
        status,
        message: notes.join("; "),
    }
}

/// Decides the status of extracted text. A short text still counts as a policy
/// when the page's title or first heading names one (`titled`).
fn classify(text: &str, images: usize, password: bool, titled: bool) -> (TextStatus, String) {
    let n = letters(text);
    let score = if n >= MIN_LETTERS {
        policy_score(text)
    } else {
        0.0
    };
    let policy = score >= POLICY_THRESHOLD || (titled && n >= MIN_LETTERS);
    if password && n < LOGIN_LETTERS && !policy {
        return (
            TextStatus::LoginWall,
            "the page is a sign-in form (password field) with little text".into(),
        );
    }
    if images > 0 && n < IMAGE_ONLY_LETTERS && !policy {
        return (
            TextStatus::ImageOnly,
            format!("the page shows {images} image(s) but almost no text"),
        );
    }
    if n < MIN_LETTERS {
        return (TextStatus::Empty, "the page has (almost) no text".into());
    }
    if !policy {
        return (
            TextStatus::NotPolicy,
            format!("the text does not read like a privacy policy (score {score:.2})"),
        );
    }
    let note = if score < POLICY_THRESHOLD {
        format!(" (short or unusual text, score {score:.2}, but titled as a policy)")
    } else {
        String::new()
    };
    (TextStatus::Ok, note)
}

/// Plain-text input (a `.txt` policy): normalises line endings only (`\r\n` and
/// `\r` become `\n`), so offsets into the text stay meaningful; the title is the
/// first non-empty line when it is short. Same statuses as [`extract`].
pub fn from_plain(text: &str) -> Extracted {
    let mut notes = Vec::new();
    let mut t = text.replace("\r\n", "\n").replace('\r', "\n");
    if t.len() > MAX_OUTPUT {
        t.truncate(crate::text::head(&t, MAX_OUTPUT).len());
        notes.push(format!("text cut at {MAX_OUTPUT} bytes"));
    }
    let title = t
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .filter(|l| l.chars().count() <= 200)
        .unwrap_or("")
        .to_string();
    let titled = names_policy(&title).is_some();
    let (status, mut message) = classify(&t, 0, false, titled);
    if status == TextStatus::Ok {
        message = format!("{} characters of policy text{message}", t.chars().count());
    }
    notes.insert(0, message);
    Extracted {
        title,
        text: t,
        status,
        message: notes.join("; "),
    }
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
