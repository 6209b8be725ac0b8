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
        if s.len() > MAX_OUTPUT {
            let mut end = MAX_OUTPUT;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            s.truncate(end);
        }
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

/// Time a policy page may take to parse.
const PARSE_BUDGET: std::time::Duration = std::time::Duration::from_secs(10);

/// Main text of a policy page: drops script/style/noscript/template/svg, nav,
/// header, footer, aside, form and elements whose id/class/role mark them as
/// navigation, cookie banners, menus or breadcrumbs; prefers `<main>`,
/// `[role=main]` or the largest `<article>` when it holds at least 30 % of the
/// page's text. Headings, paragraphs, list items, table cells and `<br>` become
/// lines, with a blank line between blocks. Works on at most [`MAX_INPUT`] bytes
/// and produces at most [`MAX_OUTPUT`] bytes of text.
pub fn extract(html: &str) -> Extracted {
    let mut notes = Vec::new();
    let mut end = html.len().min(MAX_INPUT);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    if end < html.len() {
        notes.push(format!("input cut at {} of {} bytes", end, html.len()));
    }
    // Nesting past 512 is flattened and parsing stops at the time budget, as
    // for pages (src/dom.rs).
    let bounded = crate::dom::parse_document(html.get(..end).unwrap_or_default(), PARSE_BUDGET);
    if let Some(n) = bounded.note("the policy page", PARSE_BUDGET) {
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
        let mut end = MAX_OUTPUT;
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        t.truncate(end);
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
mod tests {
    use super::*;

    /// Policy-like body paragraphs (own sample text).
    const BODY: &str = r#"
<h1>Privacy   Policy</h1>
<p>Last updated: 2 May 2024. This policy explains how Example Ltd collects, uses and shares
your personal information when you use our website.</p>
<h2>Information we collect</h2>
<ul><li>Contact details such as your name and email address</li>
<li>Device information, your IP address and browser type</li><li>Cookies &amp; web beacons</li></ul>
<h2>How we share it</h2>
<p>We do not sell your personal data. We share it with service providers that process it on
our behalf and with third parties when the law requires it.<br>We retain data for two years.</p>
<table><tr><th>Cookie</th><th>Purpose</th></tr><tr><td>_sid</td><td>Session&nbsp;login</td></tr></table>
<h2>Your rights</h2>
<p>Under the GDPR you may access, correct or delete your data, withdraw consent and opt out of
marketing. Our services are not directed to children. We use security measures to protect your
information. The controller is Example Ltd; contact us at privacy@example.com.</p>"#;

    fn page(main: &str) -> String {
        format!(
            r#"<!doctype html><html><head><title>Privacy Policy | Example</title>
<style>body {{ color: red }}</style><script>var tracking = "Menu script";</script></head>
<body><div id="onetrust-banner-sdk"><p>We use cookies. Accept all?</p></div>
<header><a href="/">Home</a><nav><ul><li>Products</li><li>Pricing</li></ul></nav></header>
<div class="breadcrumbs">Home › Legal</div>
{main}
<aside>Related: Terms of Service</aside>
<div class="site-footer"><a href="/imprint">Imprint</a> © 2024 Example</div>
<footer><p>Follow us on Twitter</p></footer></body></html>"#
        )
    }

    fn lines(e: &Extracted) -> Vec<&str> {
        e.text.lines().collect()
    }

    #[test]
    fn keeps_main_text_as_lines_and_drops_chrome() {
        let e = extract(&page(&format!("<main>{BODY}</main>")));
        assert_eq!(e.status, TextStatus::Ok, "{}", e.message);
        assert_eq!(e.title, "Privacy Policy | Example");
        let l = lines(&e);
        assert_eq!(l[0], "Privacy Policy");
        assert_eq!(l[1], "");
        for want in [
            "Information we collect",
            "Contact details such as your name and email address",
            "Device information, your IP address and browser type",
            "Cookies & web beacons",
            "How we share it",
            "We retain data for two years.",
            "_sid",
            "Session login",
            "Your rights",
        ] {
            assert!(l.contains(&want), "{want:?} missing in {l:#?}");
        }
        assert!(e
            .text
            .contains("collects, uses and shares your personal information when"));
        for gone in [
            "Accept all",
            "Products",
            "Home",
            "Related",
            "Imprint",
            "Twitter",
            "Menu script",
            "color",
        ] {
            assert!(!e.text.contains(gone), "{gone:?} kept");
        }
        assert!(!e.text.contains("\n\n\n") && !e.text.contains("  ") && !e.text.starts_with('\n'));
        assert!(e.text.lines().all(|l| l == l.trim()));
        // Headings and list items are separated from their neighbours by line breaks.
        let h = e.text.find("Information we collect").unwrap();
        assert!(e.text.get(..h).is_some_and(|t| t.ends_with("\n\n")));
    }

    #[test]
    fn without_main_the_body_is_used_and_cookie_sections_survive() {
        let body = format!(
            "<div class=\"content\"><section id=\"cookies\">{BODY}</section></div>\
             <section id=\"social-media\"><h3>Social media</h3><div class=\"elementor-widget \
             elementor-widget-text-editor\"><p>Buttons load no data.</p></div></section>"
        );
        let e = extract(&page(&body));
        assert_eq!(e.status, TextStatus::Ok, "{}", e.message);
        assert!(e.text.contains("Information we collect\n"));
        assert!(
            e.text.ends_with("Social media\n\nButtons load no data."),
            "{}",
            e.text
        );
        assert!(!e.text.contains("Pricing") && !e.text.contains("Accept all"));
        // An article holding the policy is preferred over a body with a long sidebar.
        let side = "<div>Unrelated teaser text about our shop and products. </div>".repeat(5);
        let e = extract(&page(&format!("{side}<article>{BODY}</article>")));
        assert!(
            !e.text.contains("teaser") && e.message.contains("<article>"),
            "{}",
            e.message
        );
        // A small <main> (a heading only) does not win over the body.
        let e = extract(&page(&format!(
            "<main><h1>Legal</h1></main><div>{BODY}</div>"
        )));
        assert!(e.text.contains("Your rights"));
    }

    #[test]
    fn roles_classes_and_titles() {
        let html = format!(
            r#"<body><div role="navigation">Skip nav</div><div class="mega-menu">Shop all</div>
<div class="cookie-consent-banner"><p>This site uses cookies.</p><button>OK</button></div>
<div class="content"><svg><title>logo</title></svg>{BODY}
<div class="cookie-table"><p>_ga: analytics cookie, 2 years</p></div>
<p>Questions<span aria-hidden="true" class="icon">→</span></p>
<div class="sr-only">Opens in a new window</div></div></body>"#
        );
        let e = extract(&html);
        assert_eq!(e.title, "Privacy Policy");
        assert!(e.text.contains("_ga: analytics cookie, 2 years"));
        assert!(
            e.text.contains("\nQuestions\n") || e.text.ends_with("\nQuestions"),
            "{}",
            e.text
        );
        for gone in [
            "Skip nav",
            "Shop all",
            "This site uses",
            "→",
            "new window",
            "logo",
        ] {
            assert!(!e.text.contains(gone), "{gone:?} kept");
        }
    }

    #[test]
    fn page_wrapped_in_a_form_keeps_its_text() {
        let html = format!("<html><body><form id=\"aspnetForm\">{BODY}{BODY}</form></body></html>");
        let e = extract(&html);
        assert_eq!(e.status, TextStatus::Ok, "{}", e.message);
        assert!(e.text.contains("Your rights"));
    }

    #[test]
    fn statuses() {
        let e = extract("<html><head><title>x</title></head><body>  </body></html>");
        assert_eq!(e.status, TextStatus::Empty);
        assert!(!e.message.is_empty());
        let e = extract(
            "<body><h1>Privacy</h1><img src=\"policy-scan-1.png\"><img src=\"p2.png\"></body>",
        );
        assert_eq!(e.status, TextStatus::ImageOnly, "{}", e.message);
        let login = r#"<body><h1>Welcome back</h1><form action="/login"><label>Email</label>
            <input name="email"><label>Password</label><input type="password" name="pw">
            <button>Sign in</button></form><p>Forgot your password? Create an account.</p></body>"#;
        let e = extract(login);
        assert_eq!(e.status, TextStatus::LoginWall, "{}", e.message);
        assert!(e.message.contains("sign-in"));
        let shop =
            "<p>Aurora Desk Lamp with five brightness levels, a flexible arm and a weighted \
            base. Free shipping on orders over $35, returns within 30 days, two-year warranty. Add \
            to cart now. Customer reviews: 4.6 out of 5 stars from 212 buyers who love its warm \
            light, sturdy build and the easy touch control. Frequently bought together with the \
            monitor stand and the desk organiser. Payment by card or bank transfer.</p>";
        let shop = format!("<title>Aurora lamp</title><main>{}</main>", shop.repeat(3));
        let e = extract(&shop);
        assert_eq!(e.status, TextStatus::NotPolicy, "{}", e.message);
        assert!(e.message.contains("score"));
        // A short page titled as a policy is still one (tiny sites, demo pages).
        let short = "<title>Privacy</title><h1>Privacy</h1><p>This blog sets no cookies.</p>";
        assert_eq!(extract(short).status, TextStatus::Ok);
        let short = "<title>Weather</title><h1>Weather</h1><p>Sunny with light winds.</p>";
        assert_eq!(extract(short).status, TextStatus::NotPolicy);
    }

    #[test]
    fn entities_breaks_and_pre() {
        let e = extract(
            "<body><p>A&amp;B&nbsp;&eacute;t&eacute; <b>bold</b>text<br>next\u{200b} line</p>\
            <pre>one\ntwo</pre><dl><dt>Term</dt><dd>Meaning</dd></dl></body>",
        );
        assert_eq!(
            lines(&e),
            [
                "A&B été boldtext",
                "next line",
                "",
                "one",
                "two",
                "",
                "Term",
                "Meaning"
            ]
        );
    }

    #[test]
    fn bounded_and_deeply_nested_input() {
        let deep = format!("{}{BODY}{}", "<div>".repeat(5_000), "</div>".repeat(5_000));
        assert!(extract(&deep).text.contains("Your rights"));
        let t = std::time::Instant::now();
        let deeper = format!(
            "{}{BODY}{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let e = extract(&deeper);
        assert!(e.text.contains("Your rights"));
        assert!(e.message.contains("flattened"), "{}", e.message);
        assert!(t.elapsed() < std::time::Duration::from_secs(10));
        let big = format!(
            "<body>{}</body>",
            "<p>privacy data words</p>".repeat(210_000)
        );
        let e = extract(&big);
        assert!(e.text.len() <= MAX_OUTPUT);
        assert!(e.message.contains("input cut"), "{}", e.message);
    }

    #[test]
    fn plain_text() {
        let text = BODY
            .replace(['<', '>'], " ")
            .replace("\n", "\r\n")
            .replacen("h1", "\r", 1);
        let e = from_plain(&text);
        assert!(!e.text.contains('\r'));
        assert_eq!(e.text.len(), text.len() - text.matches("\r\n").count());
        assert_eq!(e.status, TextStatus::Ok, "{}", e.message);
        assert_eq!(from_plain("Title\r\nbody").title, "Title");
        assert_eq!(from_plain(" \n\n ").status, TextStatus::Empty);
        let e = from_plain(&"The match ended two all after a late goal in the rain. ".repeat(20));
        assert_eq!(e.status, TextStatus::NotPolicy);
    }
}
