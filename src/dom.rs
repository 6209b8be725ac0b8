//! Decoded HTML text in, a scraper [`Html`] tree out, within the limits a
//! browser keeps on hostile pages: elements nest at most [`MAX_DEPTH`] deep
//! (Chromium's parser stops nesting at 512) and parsing stops when its time
//! budget runs out, keeping the tree parsed so far.
//!
//! html5ever's tree builder scans its stack of open elements for many start
//! tags, so a page of 100,000 nested `<div>`s costs it quadratic time. A
//! token filter between the tokenizer and the tree builder keeps a shadow
//! stack of open element names and drops the start tags (and their end tags)
//! of plain containers past [`MAX_DEPTH`]: their content stays, attached to
//! the deepest kept element. Elements the crawl reads (scripts, frames, links,
//! media) and those that switch the tokenizer's state are never dropped.

use html5ever::driver::ParseOpts;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerResult,
};
use html5ever::tree_builder::{TreeBuilder, TreeSink};
use html5ever::{local_name, namespace_url, ns, LocalName, QualName};
use scraper::{Html, HtmlTreeSink};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Time one document may take to parse (pages, frames, policy pages).
pub const PARSE_BUDGET: Duration = Duration::from_secs(10);
/// Deepest nesting of plain container elements kept.
pub const MAX_DEPTH: usize = 512;
/// Text handed to the parser between two looks at the clock.
const CHUNK: usize = 32 * 1024;

/// A parsed document and what the limits cut.
#[derive(Debug)]
pub struct Bounded {
    /// The tree (whole, or up to where the budget ran out).
    pub doc: Html,
    /// Elements nested past [`MAX_DEPTH`] whose tags were dropped.
    pub flattened: usize,
    /// Bytes of text not parsed because the budget ran out (0 = whole page).
    pub unparsed: usize,
}

impl Bounded {
    /// A note for the site's errors when a limit cut the document (`what`
    /// names it, e.g. its URL, already bounded by the caller), else `None`.
    pub fn note(&self, what: &str, budget: Duration) -> Option<String> {
        match (self.unparsed, self.flattened) {
            (0, 0) => None,
            (0, n) => Some(format!(
                "{what}: {n} elements nested deeper than {MAX_DEPTH} were flattened"
            )),
            (rest, _) => Some(format!(
                "{what}: parsing stopped after {:.1}s (CPU budget); {rest} bytes not read",
                budget.as_secs_f64()
            )),
        }
    }
}

/// Parses a whole document within `budget`.
pub fn parse_document(text: &str, budget: Duration) -> Bounded {
    let sink = HtmlTreeSink::new(Html::new_document());
    let tb = TreeBuilder::new(sink, ParseOpts::default().tree_builder);
    run(tb, ParseOpts::default(), text, budget)
}

/// Parses a fragment (as the content of `<body>`) within `budget`.
pub fn parse_fragment(text: &str, budget: Duration) -> Bounded {
    let sink = HtmlTreeSink::new(Html::new_fragment());
    let context = html5ever::tree_builder::create_element(
        &sink,
        QualName::new(None, ns!(html), local_name!("body")),
        Vec::new(),
    );
    let tb = TreeBuilder::new_for_fragment(sink, context, None, ParseOpts::default().tree_builder);
    let mut opts = ParseOpts::default();
    opts.tokenizer.initial_state = Some(tb.tokenizer_state_for_context_elem());
    run(tb, opts, text, budget)
}

fn run(
    tb: TreeBuilder<<HtmlTreeSink as TreeSink>::Handle, HtmlTreeSink>,
    opts: ParseOpts,
    text: &str,
    budget: Duration,
) -> Bounded {
    let started = Instant::now();
    let tok = Tokenizer::new(DepthCap::new(tb), opts.tokenizer);
    let input = BufferQueue::default();
    let mut rest = text;
    while !rest.is_empty() {
        if started.elapsed() >= budget {
            break;
        }
        // A chunk is never empty: CHUNK is longer than any char.
        let (chunk, tail) = rest.split_at(crate::text::head(rest, CHUNK).len());
        input.push_back(StrTendril::from_slice(chunk));
        while let TokenizerResult::Script(_) = tok.feed(&input) {}
        rest = tail;
    }
    // Whatever the tokenizer still holds of a cut chunk is dropped with it.
    while let TokenizerResult::Script(_) = tok.feed(&input) {}
    tok.end();
    let cap = tok.sink;
    Bounded {
        flattened: cap.flattened.get(),
        doc: cap.inner.sink.finish(),
        unparsed: rest.len(),
    }
}

/// Void elements never hold content, so they never deepen the tree.
fn void(name: &LocalName) -> bool {
    matches!(
        &**name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
            | "image"
    )
}

/// Elements the tree builder closes by itself when a sibling opens: not
/// counted, so a list of unclosed `<li>` or `<p>` does not look deep.
fn self_closing(name: &LocalName) -> bool {
    matches!(
        &**name,
        "p" | "li"
            | "dd"
            | "dt"
            | "option"
            | "optgroup"
            | "rb"
            | "rp"
            | "rt"
            | "rtc"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "tfoot"
            | "caption"
            | "colgroup"
            | "html"
            | "head"
            | "body"
    )
}

/// Elements never dropped: the crawl reads them, or their start tag switches
/// the tokenizer's state (raw text) and dropping it would change the tokens.
fn kept(name: &LocalName) -> bool {
    matches!(
        &**name,
        "script"
            | "style"
            | "title"
            | "textarea"
            | "xmp"
            | "iframe"
            | "frame"
            | "frameset"
            | "noembed"
            | "noframes"
            | "noscript"
            | "plaintext"
            | "template"
            | "a"
            | "object"
            | "video"
            | "audio"
            | "picture"
            | "svg"
            | "math"
            | "select"
            | "table"
    )
}

/// The token filter: forwards tokens to the tree builder, dropping the tags
/// of plain containers nested past [`MAX_DEPTH`].
struct DepthCap<S> {
    inner: S,
    /// Names of the counted open elements, innermost last (at most MAX_DEPTH).
    open: RefCell<Vec<LocalName>>,
    /// Dropped start tags whose end tags are still to come, by name.
    dropped: RefCell<HashMap<LocalName, usize>>,
    flattened: Cell<usize>,
}

impl<S> DepthCap<S> {
    fn new(inner: S) -> Self {
        DepthCap {
            inner,
            open: RefCell::new(Vec::new()),
            dropped: RefCell::new(HashMap::new()),
            flattened: Cell::new(0),
        }
    }

    /// Whether the tag is to be dropped; updates the shadow stack.
    fn drop_tag(&self, kind: TagKind, name: &LocalName) -> bool {
        let mut open = self.open.borrow_mut();
        match kind {
            TagKind::StartTag => {
                if void(name) || self_closing(name) {
                    return false;
                }
                if open.len() < MAX_DEPTH {
                    open.push(name.clone());
                    return false;
                }
                if kept(name) {
                    return false;
                }
                *self.dropped.borrow_mut().entry(name.clone()).or_default() += 1;
                self.flattened.set(self.flattened.get() + 1);
                true
            }
            TagKind::EndTag => {
                let mut dropped = self.dropped.borrow_mut();
                if let Some(n) = dropped.get_mut(name).filter(|n| **n > 0) {
                    *n -= 1;
                    return true;
                }
                // An end tag closes its element and whatever is open inside it.
                if let Some(at) = open.iter().rposition(|n| n == name) {
                    open.truncate(at);
                }
                false
            }
        }
    }
}

impl<S: TokenSink> TokenSink for DepthCap<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<S::Handle> {
        if let Token::TagToken(tag) = &token {
            if self.drop_tag(tag.kind, &tag.name) {
                return TokenSinkResult::Continue;
            }
        }
        self.inner.process_token(token, line)
    }

    fn end(&self) {
        self.inner.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Selector;

    fn depth_of_deepest(doc: &Html) -> usize {
        doc.tree
            .nodes()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn deep_nesting_is_capped_and_fast() {
        let n = 100_000;
        let page = format!(
            "<html><body>{}<img src=/deep.png><a href=/inner>x</a>{}<img src=/after.png></body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let t = Instant::now();
        let b = parse_document(&page, Duration::from_secs(30));
        let took = t.elapsed();
        assert_eq!(b.unparsed, 0);
        assert!(b.flattened >= n - MAX_DEPTH, "{}", b.flattened);
        assert!(depth_of_deepest(&b.doc) <= MAX_DEPTH + 8);
        // Nothing the crawl reads is lost.
        let img = Selector::parse("img").unwrap();
        let srcs: Vec<_> = b
            .doc
            .select(&img)
            .filter_map(|e| e.value().attr("src"))
            .collect();
        assert_eq!(srcs, ["/deep.png", "/after.png"]);
        assert_eq!(b.doc.select(&Selector::parse("a").unwrap()).count(), 1);
        assert!(took < Duration::from_secs(10), "{took:?}");
        assert!(b
            .note("https://x.example/", Duration::from_secs(1))
            .is_some());
    }

    #[test]
    fn ordinary_pages_are_untouched() {
        let items: String = (0..3000).map(|i| format!("<li><p>item {i}")).collect();
        let page = format!("<ul>{items}</ul><div><span><b>x</b></span></div><footer><a href=/privacy>p</a></footer>");
        let b = parse_document(&page, Duration::from_secs(30));
        assert_eq!((b.flattened, b.unparsed), (0, 0));
        assert_eq!(b.doc.select(&Selector::parse("li").unwrap()).count(), 3000);
        assert_eq!(
            b.doc.select(&Selector::parse("footer a").unwrap()).count(),
            1
        );
        assert!(b.note("u", Duration::from_secs(1)).is_none());
    }

    #[test]
    fn budget_stops_parsing_and_keeps_the_start() {
        let page = format!("<img src=/first.png>{}", "<p>text ".repeat(400_000));
        let b = parse_document(&page, Duration::ZERO);
        assert_eq!(b.unparsed, page.len());
        let b = parse_document(&page, Duration::from_millis(1));
        assert!(b.unparsed > 0 && b.unparsed < page.len(), "{}", b.unparsed);
        assert!(b
            .note("u", Duration::from_millis(1))
            .unwrap()
            .contains("CPU budget"));
    }

    #[test]
    fn multibyte_text_at_every_chunk_cut() {
        let page = "é".repeat(CHUNK) + "<img src=/x.png>" + &"漢".repeat(CHUNK);
        let b = parse_document(&page, Duration::from_secs(30));
        assert_eq!(b.unparsed, 0);
        assert_eq!(b.doc.select(&Selector::parse("img").unwrap()).count(), 1);
        let f = parse_fragment("<img src=a.png><div>é</div>", Duration::from_secs(1));
        assert_eq!(f.doc.select(&Selector::parse("img").unwrap()).count(), 1);
    }
}
