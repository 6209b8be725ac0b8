//! Sentence segmentation of policy text: in goes plain text, out come the byte
//! ranges of its sentences and list/heading segments (trimmed), in text order.
//!
//! Boundaries: `. ! ?` followed by space and a plausible sentence start (not after an
//! abbreviation such as "e.g.", "Inc." or a clause number like "1."), the full-width
//! `。！？；`, blank lines, bullet / numbered lines, and line breaks after a line that
//! does not end mid-sentence. Segments longer than [`MAX_SEGMENT`] bytes are cut at
//! a space or comma.
#![deny(clippy::string_slice)]

use std::ops::Range;

/// Longest segment, in bytes, before it is cut.
pub const MAX_SEGMENT: usize = 1000;

/// Abbreviations that never end a sentence.
const ABBREV_NEVER: &[&str] = &[
    "e.g", "i.e", "eg", "ie", "mr", "mrs", "ms", "dr", "prof", "st", "vs", "cf", "viz", "approx",
    "fig", "sec", "art", "para", "pp", "incl", "ca", "z.b", "bzw", "usw", "d.h", "ggf", "vgl",
    "ca", "nr", "abs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "p.o", "a.m", "p.m",
];

/// Abbreviations that end a sentence only when a common sentence opener follows.
const ABBREV_MAYBE: &[&str] = &[
    "etc", "inc", "ltd", "co", "corp", "llc", "plc", "gmbh", "u.s", "u.k", "e.u", "s.a", "ag",
];

/// Words that commonly open a sentence (used after ambiguous abbreviations).
const OPENERS: &[&str] = &[
    "we",
    "you",
    "our",
    "your",
    "if",
    "this",
    "the",
    "these",
    "those",
    "in",
    "for",
    "to",
    "please",
    "when",
    "it",
    "they",
    "such",
    "however",
    "a",
    "an",
    "all",
    "any",
    "as",
    "by",
    "each",
    "some",
    "no",
    "not",
    "where",
    "with",
    "further",
    "also",
    "additionally",
    "thus",
];

/// Splits `text` into sentence / segment byte ranges, trimmed of whitespace.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for block in blocks(text) {
        split_block(text, block, &mut out);
    }
    let mut capped = Vec::with_capacity(out.len());
    for r in out {
        cap(text, r, &mut capped);
    }
    capped
        .into_iter()
        .filter_map(|r| trim(text, r))
        .filter(|r| {
            text.get(r.clone())
                .is_some_and(|s| s.chars().any(|c| c.is_alphanumeric()))
        })
        .collect()
}

/// Lines grouped into blocks: soft-wrapped lines join, everything else breaks.
fn blocks(text: &str) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            lines.push(start..i);
            start = i + 1;
        }
    }
    lines.push(start..text.len());
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut cur: Option<Range<usize>> = None;
    for l in lines {
        let s = text.get(l.clone()).unwrap_or_default().trim();
        if s.is_empty() {
            if let Some(c) = cur.take() {
                out.push(c);
            }
            continue;
        }
        cur = match cur {
            None => Some(l),
            Some(c) => {
                let prev = text.get(c.clone()).unwrap_or_default().trim_end();
                if joins(prev, s) {
                    Some(c.start..l.end)
                } else {
                    out.push(c);
                    Some(l)
                }
            }
        };
    }
    if let Some(c) = cur {
        out.push(c);
    }
    out
}

/// Whether a line continues the previous one (a soft wrap inside a sentence).
fn joins(prev: &str, next: &str) -> bool {
    if is_bullet(next) {
        return false;
    }
    let last = prev.chars().last().unwrap_or('.');
    if matches!(last, '.' | '!' | '?' | ':' | '。' | '！' | '？' | '；') {
        return false;
    }
    let first = next.chars().next().unwrap_or('A');
    first.is_lowercase() || matches!(last, ',' | '(' | '-' | '/' | '&')
}

/// Whether a line starts like a list item: a bullet, "1.", "1)", "(a)", "a)", "3.2".
fn is_bullet(line: &str) -> bool {
    let mut it = line.chars();
    let c = match it.next() {
        Some(c) => c,
        None => return false,
    };
    if matches!(
        c,
        '•' | '·'
            | '▪'
            | '◦'
            | '‣'
            | '●'
            | '○'
            | '■'
            | '□'
            | '–'
            | '—'
            | '*'
            | '-'
            | '►'
            | '✓'
    ) {
        return true;
    }
    if c == '(' {
        let inner: String = it.clone().take_while(|&c| c != ')').collect();
        return !inner.is_empty() && inner.len() <= 4 && inner.chars().all(|c| c.is_alphanumeric());
    }
    let head: String = line
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    let rest = line.get(head.len()..).unwrap_or_default();
    if head.is_empty() || head.len() > 6 {
        return false;
    }
    let numeric = head
        .trim_end_matches('.')
        .split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let letter = head.len() <= 2
        && head.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && (head.len() == 1 || head.ends_with('.'));
    (numeric
        && (head.ends_with('.')
            || head.contains('.')
            || rest.starts_with(')')
            || rest.starts_with(' ')))
        || (letter && (rest.starts_with(')') || head.ends_with('.')))
        || (numeric && rest.starts_with(')'))
}

/// Splits one block at sentence-final punctuation.
fn split_block(text: &str, block: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(s) = text.get(block.clone()) else {
        return;
    };
    let base = block.start;
    let mut seg_start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let mut end_at = None;
        if matches!(c, '。' | '！' | '？' | '；') {
            let mut j = k + 1;
            while j < chars.len() && matches!(chars[j].1, '”' | '」' | '』' | '）' | ')' | '"')
            {
                j += 1;
            }
            end_at = Some(j);
        } else if matches!(c, '.' | '!' | '?') {
            let mut j = k + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | ']'
                )
            {
                j += 1;
            }
            let followed_by_space = j >= chars.len() || chars[j].1.is_whitespace();
            if followed_by_space && j < chars.len() && boundary_ok(s, seg_start, i, c, &chars, j) {
                end_at = Some(j);
            }
        }
        if let Some(j) = end_at {
            let e = if j < chars.len() { chars[j].0 } else { s.len() };
            out.push(base + seg_start..base + e);
            seg_start = e;
            k = j;
            continue;
        }
        k += 1;
    }
    if seg_start < s.len() {
        out.push(base + seg_start..base + s.len());
    }
}

/// Decides whether the terminal `c` at byte `i` (next non-punct char index `j`) ends
/// the sentence that began at `seg_start`.
fn boundary_ok(
    s: &str,
    seg_start: usize,
    i: usize,
    c: char,
    chars: &[(usize, char)],
    j: usize,
) -> bool {
    // The next word after the whitespace.
    let mut n = j;
    while n < chars.len() && chars[n].1.is_whitespace() {
        n += 1;
    }
    if n >= chars.len() {
        return true;
    }
    let next_c = chars[n].1;
    let next_word: String = chars[n..]
        .iter()
        .map(|x| x.1)
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    if c != '.' {
        return !next_c.is_lowercase();
    }
    // The word before the dot (letters, digits and inner dots).
    let before = s.get(..i).unwrap_or_default();
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, ch)| ch.is_alphanumeric() || *ch == '.')
        .last()
        .map(|(p, _)| p)
        .unwrap_or(i);
    let word = before.get(word_start..).unwrap_or_default().to_lowercase();
    if next_c.is_lowercase() || next_c == ',' || next_c == ';' {
        return false;
    }
    // Clause numbers at the start of a segment: "1.", "3.2.", "a."
    let seg_prefix = s.get(seg_start..word_start).unwrap_or_default().trim();
    if seg_prefix.is_empty()
        && !word.is_empty()
        && (word.bytes().all(|b| b.is_ascii_digit() || b == b'.') || word.len() == 1)
    {
        return false;
    }
    if word.is_empty() {
        return true;
    }
    if ABBREV_NEVER.contains(&word.as_str()) {
        return false;
    }
    let is_initials =
        word.len() <= 3 && word.chars().all(|c| c.is_alphabetic()) && word.chars().count() == 1;
    let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
    if ABBREV_MAYBE.contains(&word.as_str()) || dotted || is_initials {
        return OPENERS.contains(&next_word.as_str());
    }
    true
}

/// Cuts a range longer than [`MAX_SEGMENT`] at a space or comma near the limit.
fn cap(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut start = r.start;
    while r.end - start > MAX_SEGMENT {
        let window = crate::text::head(text.get(start..).unwrap_or_default(), MAX_SEGMENT);
        let limit = start + window.len();
        let cut = window
            .rfind([',', ';', '，', '、'])
            .map(|p| p + 1)
            .filter(|&p| p > MAX_SEGMENT / 2)
            .or_else(|| {
                window
                    .rfind(char::is_whitespace)
                    .filter(|&p| p > MAX_SEGMENT / 2)
            })
            .map(|p| start + p)
            .unwrap_or(limit);
        let cut = (cut..=limit)
            .find(|&p| text.is_char_boundary(p))
            .unwrap_or(limit);
        out.push(start..cut);
        start = cut;
    }
    out.push(start..r.end);
}

/// Trims whitespace from both ends of a range; `None` when nothing is left.
fn trim(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = text.get(r.clone())?;
    let t = s.trim_start();
    let start = r.start + (s.len() - t.len());
    let t = t.trim_end();
    if t.is_empty() {
        None
    } else {
        Some(start..start + t.len())
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    fn parts(t: &str) -> Vec<&str> {
        split(t)
            .into_iter()
            .map(|r| t.get(r).unwrap_or_default())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        let t = "We use tools, e.g. cookies, i.e. small files. Acme Inc. is based in the U.S. and Canada. We share data.";
        assert_eq!(
            parts(t),
            vec![
                "We use tools, e.g. cookies, i.e. small files.",
                "Acme Inc. is based in the U.S. and Canada.",
                "We share data."
            ]
        );
    }

    #[test]
    fn headings_bullets_and_numbers() {
        let t = "Cookies\nWe use cookies.\n\n1. Collection\n3.2 We collect data.\n(a) your name;\n• your email\nsoft wrapped line\ncontinues here.";
        assert_eq!(
            parts(t),
            vec![
                "Cookies",
                "We use cookies.",
                "1. Collection",
                "3.2 We collect data.",
                "(a) your name;",
                "• your email\nsoft wrapped line\ncontinues here."
            ]
        );
    }

    #[test]
    fn cjk_punctuation_and_cap() {
        let t = "我们使用Cookie。我们不会出售您的信息！真的吗？是的；好";
        assert_eq!(
            parts(t),
            vec![
                "我们使用Cookie。",
                "我们不会出售您的信息！",
                "真的吗？",
                "是的；",
                "好"
            ]
        );
        let long = "word ".repeat(600);
        let p = split(&long);
        assert!(p.len() >= 3);
        assert!(p.iter().all(|r| r.len() <= super::MAX_SEGMENT));
    }

    #[test]
    fn etc_before_opener_splits() {
        let t = "We use pixels, tags, etc. We also use cookies.";
        assert_eq!(
            parts(t),
            vec!["We use pixels, tags, etc.", "We also use cookies."]
        );
    }
}
