//! "Last updated" dates in policy sentences: in goes one sentence, out comes the
//! date it gives for the policy's last update or effective date, as "YYYY-MM-DD"
//! (or "YYYY-MM" without a day). Reads "January 5, 2024", "17th Nov 2020",
//! "2020-11-17", "05.01.2024", "11/17/2020", "2020年11月17日" and German, French and
//! Spanish month names, after a cue ("last updated", "effective", "Stand:",
//! "更新日期" ...) or when the sentence is nothing but a date.
#![deny(clippy::string_slice)]

/// Phrases that announce the policy's date (matched on the lowercased sentence).
const CUES: &[&str] = &[
    "last updated",
    "last update",
    "last modified",
    "last revised",
    "last amended",
    "last changed",
    "updated",
    "update",
    "revised",
    "revision",
    "effective",
    "dated",
    "date:",
    "as of",
    "version",
    "stand",
    "zuletzt",
    "aktualisiert",
    "gültig ab",
    "letzte änderung",
    "mise à jour",
    "mis à jour",
    "en vigueur",
    "actualizado",
    "actualización",
    "vigente",
    "vigor",
    "更新",
    "生效",
    "发布",
    "修订",
    "最終更新",
    "改定",
    "制定",
    "施行",
    "시행",
    "개정",
    "업데이트",
];

/// Month names (lowercase) with their number; English entries also match by their
/// first three letters.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("sept", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
];

#[derive(Debug, Clone, PartialEq)]
enum T {
    Num(u32, usize),
    Word(String),
    Sym(char),
}

/// The policy date a sentence states, if any.
pub(crate) fn last_updated(sentence: &str, lang: &str) -> Option<String> {
    if !sentence.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let lower = super::lexicon::lower_same_len(sentence);
    let cue_pos = CUES.iter().filter_map(|c| find_word(&lower, c)).min();
    let toks = lex(sentence);
    let (date, used) = first_date(&toks, lang, cue_pos.map(|p| byte_to_tok(sentence, p)))?;
    if cue_pos.is_some() {
        return Some(date);
    }
    // No cue: accept a sentence that is only a date (e.g. a signature line).
    let words = toks
        .iter()
        .filter(|t| matches!(t, T::Word(_) | T::Num(..)))
        .count();
    (words <= used + 1).then_some(date)
}

/// First occurrence of `cue` in `s` not preceded by a letter (so "stand" does not
/// match inside "understand").
fn find_word(s: &str, cue: &str) -> Option<usize> {
    s.match_indices(cue).map(|(p, _)| p).find(|&p| {
        let before = s.get(..p).and_then(|b| b.chars().next_back());
        !before.is_some_and(|c| c.is_alphabetic() && !super::lexicon::is_cjk(c))
    })
}

/// Number of tokens before byte offset `p` (the cue) in `s`.
fn byte_to_tok(s: &str, p: usize) -> usize {
    lex(s.get(..p).unwrap_or(s)).len()
}

fn lex(s: &str) -> Vec<T> {
    let mut out = Vec::new();
    let mut it = s.chars().peekable();
    while let Some(&c) = it.peek() {
        if c.is_ascii_digit() {
            let mut v: u32 = 0;
            let mut n = 0;
            while let Some(&d) = it.peek() {
                if let Some(x) = d.to_digit(10).filter(|_| d.is_ascii_digit()) {
                    v = v.saturating_mul(10).saturating_add(x);
                    n += 1;
                    it.next();
                } else {
                    break;
                }
            }
            out.push(T::Num(v, n));
        } else if c.is_alphabetic() && !matches!(c, '年' | '月' | '日' | '년' | '월' | '일') {
            let mut w = String::new();
            while let Some(&d) = it.peek() {
                if d.is_alphabetic()
                    && !matches!(d, '年' | '月' | '日' | '년' | '월' | '일')
                    && !d.is_ascii_digit()
                {
                    w.extend(d.to_lowercase());
                    it.next();
                } else {
                    break;
                }
            }
            out.push(T::Word(w));
        } else {
            if !c.is_whitespace() {
                out.push(T::Sym(c));
            }
            it.next();
        }
    }
    out
}

fn month(w: &str) -> Option<u32> {
    if let Some(&(_, m)) = MONTHS.iter().find(|(n, _)| *n == w) {
        return Some(m);
    }
    if w.len() == 3 && w.is_ascii() {
        return MONTHS[..13]
            .iter()
            .find(|(n, _)| n.starts_with(w))
            .map(|&(_, m)| m);
    }
    None
}

/// Days in month `m` (1..=12) of year `y` (Gregorian leap years).
fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// "YYYY-MM-DD" (or "YYYY-MM"); `None` for a year outside 1990..=2100 or a date
/// that does not exist (2024-02-30, 2023-02-29, 2024-04-31).
fn fmt(y: u32, m: u32, d: Option<u32>) -> Option<String> {
    if !(1990..=2100).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    match d {
        Some(d) if (1..=days_in_month(y, m)).contains(&d) => Some(format!("{y:04}-{m:02}-{d:02}")),
        Some(_) => None,
        None => Some(format!("{y:04}-{m:02}")),
    }
}

fn is_ordinal(w: &str) -> bool {
    matches!(w, "st" | "nd" | "rd" | "th" | "er" | "de" | "of")
}

/// The first date at or after token `from`: (date, tokens it used).
fn first_date(t: &[T], lang: &str, from: Option<usize>) -> Option<(String, usize)> {
    (from.unwrap_or(0)..t.len()).find_map(|i| date_at(t, i, lang))
}

fn num(t: &[T], i: usize) -> Option<(u32, usize)> {
    match t.get(i) {
        Some(T::Num(v, n)) => Some((*v, *n)),
        _ => None,
    }
}

fn sym(t: &[T], i: usize) -> Option<char> {
    match t.get(i) {
        Some(T::Sym(c)) => Some(*c),
        _ => None,
    }
}

fn word(t: &[T], i: usize) -> Option<&str> {
    match t.get(i) {
        Some(T::Word(w)) => Some(w.as_str()),
        _ => None,
    }
}

/// Skips ordinal suffixes, "de", "of", dots and commas from token `i`.
fn skip_fill(t: &[T], mut i: usize) -> usize {
    loop {
        match t.get(i) {
            Some(T::Word(w)) if is_ordinal(w) => i += 1,
            Some(T::Sym('.' | ',')) => i += 1,
            _ => return i,
        }
    }
}

/// Whether a day number ("29", "29th", "29 de") stands before token `i`: then
/// "Month Y" is the tail of a rejected "D Month Y", not a month on its own.
fn day_before(t: &[T], i: usize) -> bool {
    let mut k = i;
    while k > 0 {
        match &t[k - 1] {
            T::Word(w) if is_ordinal(w) => k -= 1,
            T::Sym('.' | ',') => k -= 1,
            _ => break,
        }
    }
    k > 0 && matches!(num(t, k - 1), Some((_, 1 | 2)))
}

fn date_at(t: &[T], i: usize, lang: &str) -> Option<(String, usize)> {
    // Y-M-D, Y/M/D, Y.M.D; 2020年11月17日; 2020년 11월 17일.
    if let Some((y, 4)) = num(t, i) {
        if let (Some(s1), Some((m, _))) = (sym(t, i + 1), num(t, i + 2)) {
            if matches!(s1, '-' | '/' | '.') && sym(t, i + 3) == Some(s1) {
                if let Some((d, _)) = num(t, i + 4) {
                    return fmt(y, m, Some(d)).map(|s| (s, 5));
                }
            }
            if matches!(s1, '年' | '년') && matches!(sym(t, i + 3), Some('月' | '월')) {
                if let (Some((d, _)), Some('日' | '일')) = (num(t, i + 4), sym(t, i + 5)) {
                    return fmt(y, m, Some(d)).map(|s| (s, 6));
                }
                return fmt(y, m, None).map(|s| (s, 4));
            }
        }
    }
    // D.M.Y, M/D/Y, D/M/Y.
    if let (Some((a, na)), Some(s1), Some((b, nb))) = (num(t, i), sym(t, i + 1), num(t, i + 2)) {
        if na <= 2 && nb <= 2 && matches!(s1, '.' | '/' | '-') && sym(t, i + 3) == Some(s1) {
            if let Some((y, 4)) = num(t, i + 4) {
                let (m, d) = if s1 == '.' || a > 12 || (lang != "en" && b <= 12) {
                    (b, a)
                } else {
                    (a, b)
                };
                return fmt(y, m, Some(d)).map(|s| (s, 5));
            }
        }
    }
    // Month D, Y / Month Y.
    if let Some(m) = word(t, i).and_then(month) {
        let j = skip_fill(t, i + 1);
        if let Some((d, nd)) = num(t, j) {
            if nd <= 2 {
                let k = skip_fill(t, j + 1);
                if let Some((y, 4)) = num(t, k) {
                    return fmt(y, m, Some(d)).map(|s| (s, k - i + 1));
                }
            } else if nd == 4 && !day_before(t, i) {
                return fmt(d, m, None).map(|s| (s, j - i + 1));
            }
        }
    }
    // D Month Y ("17th Nov 2020", "5. Januar 2024", "5 de enero de 2024").
    if let Some((d, nd)) = num(t, i) {
        if nd <= 2 {
            let j = skip_fill(t, i + 1);
            if let Some(m) = word(t, j).and_then(month) {
                let k = skip_fill(t, j + 1);
                if let Some((y, 4)) = num(t, k) {
                    return fmt(y, m, Some(d)).map(|s| (s, k - i + 1));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::last_updated;

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(last_updated("Last updated: 2024-02-31", "en"), None);
        assert_eq!(last_updated("Last updated: February 30, 2024", "en"), None);
        assert_eq!(last_updated("Stand: 31.04.2023", "de"), None);
        assert_eq!(last_updated("Revised 2023-02-29", "en"), None);
        assert_eq!(last_updated("更新日期：2021年6月31日", "zh"), None);
        // Leap days that exist, and month ends.
        assert_eq!(
            last_updated("Revised 2024-02-29", "en").as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            last_updated("Effective 29 February 2000", "en").as_deref(),
            Some("2000-02-29")
        );
        assert_eq!(last_updated("Effective 29 February 2100", "en"), None);
        assert_eq!(
            last_updated("Last updated: April 30, 2024", "en").as_deref(),
            Some("2024-04-30")
        );
        assert_eq!(
            last_updated("Last updated: 12/31/2020", "en").as_deref(),
            Some("2020-12-31")
        );
    }
}
