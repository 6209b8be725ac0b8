//! URL lists in, [`Target`]s out: plain text (one URL or bare domain a line, `#`
//! comments), CSV (a `url` or `domain` column, or header-less Tranco `rank,domain`)
//! and stdin (`-`). Bad lines become [`Warning`]s naming file and line (or an
//! error with `strict`); duplicates are dropped.
#![deny(clippy::string_slice)]

use crate::error::{Error, Result};
use std::collections::HashSet;
use std::io::Read;
use url::Url;

/// Longest line accepted from a list; longer ones are bad lines.
const MAX_LINE: usize = 4096;

/// One site to audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Normalised URL (`https://www.example.com/`): the `site` column.
    pub url: Url,
    /// True when the list gave a bare domain: if https fails to connect or
    /// handshake, the crawler tries `http://` and records it.
    pub bare: bool,
    /// Where it came from, `file:line`.
    pub origin: String,
}

/// A line that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The list file (`-` for stdin).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Targets read from one or more lists.
#[derive(Debug, Default)]
pub struct TargetList {
    /// Unique targets in input order.
    pub targets: Vec<Target>,
    /// Bad lines.
    pub warnings: Vec<Warning>,
    /// Lines that repeated an earlier target.
    pub duplicates: usize,
}

impl TargetList {
    /// Reads every list in `paths` (`-` = stdin). With `strict`, the first bad
    /// line is an error.
    pub fn read(paths: &[String], strict: bool) -> Result<TargetList> {
        let mut list = TargetList::default();
        let mut seen = HashSet::new();
        for path in paths {
            let text = if path == "-" {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .map_err(|e| Error::io("-", e))?;
                s
            } else {
                let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                String::from_utf8_lossy(&bytes).into_owned()
            };
            list.add_text(path, &text, strict, &mut seen)?;
        }
        Ok(list)
    }

    /// Parses one list's text; `name` is used in warnings and to detect CSV.
    pub fn parse(name: &str, text: &str, strict: bool) -> Result<TargetList> {
        let mut list = TargetList::default();
        list.add_text(name, text, strict, &mut HashSet::new())?;
        Ok(list)
    }

    fn add_text(
        &mut self,
        name: &str,
        text: &str,
        strict: bool,
        seen: &mut HashSet<String>,
    ) -> Result<()> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if name.to_ascii_lowercase().ends_with(".csv") || looks_like_csv(text) {
            return self.add_csv(name, text, strict, seen);
        }
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            // Allow trailing comments after whitespace: "example.com  # shop".
            let entry = match line.find(" #") {
                Some(p) => line.get(..p).unwrap_or(line).trim(),
                None => line,
            };
            self.add_entry(name, i + 1, entry, strict, seen)?;
        }
        Ok(())
    }

    /// A CSV list: the `url`/`domain`/... column named by a header, else the
    /// domain of header-less Tranco `rank,domain`, else the first cell. Quoted
    /// cells may span lines; the warning names the line the record starts on.
    fn add_csv(
        &mut self,
        name: &str,
        text: &str,
        strict: bool,
        seen: &mut HashSet<String>,
    ) -> Result<()> {
        let mut column: Option<usize> = None;
        for (lineno, cells) in csv_records(text) {
            let idx = match column {
                Some(idx) => idx,
                None => {
                    if let Some(idx) = header_column(&cells) {
                        column = Some(idx);
                        continue;
                    }
                    let idx = usize::from(is_tranco(&cells));
                    *column.insert(idx)
                }
            };
            let entry = cells.get(idx).map_or("", String::as_str);
            self.add_entry(name, lineno, entry, strict, seen)?;
        }
        Ok(())
    }

    /// Adds one entry read from line `lineno`, or its warning (error with `strict`).
    fn add_entry(
        &mut self,
        name: &str,
        lineno: usize,
        entry: &str,
        strict: bool,
        seen: &mut HashSet<String>,
    ) -> Result<()> {
        match parse_target(entry) {
            Ok((url, bare)) => {
                if seen.insert(url.as_str().to_string()) {
                    self.targets.push(Target {
                        url,
                        bare,
                        origin: format!("{name}:{lineno}"),
                    });
                } else {
                    self.duplicates += 1;
                }
            }
            Err(e) if strict => {
                return Err(Error::BadTarget {
                    file: name.to_string(),
                    line: lineno,
                    message: e.to_string(),
                })
            }
            Err(e) => self.warnings.push(Warning {
                file: name.to_string(),
                line: lineno,
                message: e.to_string(),
            }),
        }
        Ok(())
    }
}

/// The records of a CSV text (flexible: rows may differ in length), each with
/// the 1-based line it starts on and its cells trimmed. Blank records and `#`
/// comment lines (indented ones too) are left out.
fn csv_records(text: &str) -> impl Iterator<Item = (usize, Vec<String>)> + '_ {
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    // Byte records: the text is already UTF-8 and reading a slice cannot fail,
    // so the iterator ends only at the end of the text.
    reader
        .into_byte_records()
        .map_while(std::result::Result::ok)
        .filter_map(|rec| {
            let line = rec.position().map_or(0, |p| p.line());
            let cells: Vec<String> = rec
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            let blank = cells.iter().all(String::is_empty);
            let comment = cells.first().is_some_and(|c| c.starts_with('#'));
            (!blank && !comment).then(|| (usize::try_from(line).unwrap_or(usize::MAX), cells))
        })
}

/// Whether the first record of `text` makes it a CSV list: a header naming the
/// URL column, or Tranco's `rank,domain`.
fn looks_like_csv(text: &str) -> bool {
    csv_records(text)
        .next()
        .is_some_and(|(_, cells)| header_column(&cells).is_some() || is_tranco(&cells))
}

/// Tranco's header-less `rank,domain`.
fn is_tranco(cells: &[String]) -> bool {
    cells.len() >= 2 && cells[0].parse::<u64>().is_ok()
}

/// Index of a `url` / `domain` / `site` / `website` header cell.
fn header_column(cells: &[String]) -> Option<usize> {
    let names = ["url", "domain", "site", "website", "origin", "host"];
    names
        .iter()
        .find_map(|name| cells.iter().position(|c| c.eq_ignore_ascii_case(name)))
}

/// Turns one list entry into a normalised URL. Returns the URL and whether the
/// entry was a bare domain; an entry that is not an http(s) URL or a domain is
/// [`Error::InvalidTarget`].
pub fn parse_target(entry: &str) -> Result<(Url, bool)> {
    let bad = |message: String| Error::InvalidTarget { message };
    if entry.is_empty() {
        return Err(bad("empty entry".into()));
    }
    if entry.len() > MAX_LINE {
        return Err(bad(format!("entry longer than {MAX_LINE} bytes")));
    }
    if entry.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad(format!("not a URL or domain: {:?}", shorten(entry))));
    }
    let has_scheme = entry.contains("://");
    let bare = !has_scheme;
    let url = if has_scheme {
        Url::parse(entry).map_err(|e| bad(format!("invalid URL {:?}: {e}", shorten(entry))))?
    } else {
        Url::parse(&format!("https://{entry}"))
            .map_err(|e| bad(format!("invalid domain {:?}: {e}", shorten(entry))))?
    };
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(bad(format!(
                "unsupported scheme {other:?} (only http and https)"
            )))
        }
    }
    let host = url
        .host_str()
        .ok_or_else(|| bad(format!("no host in {:?}", shorten(entry))))?;
    if let Some(url::Host::Domain(d)) = url.host() {
        let ok_label = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        if !d.trim_end_matches('.').split('.').all(ok_label) {
            return Err(bad(format!("invalid host name {:?}", shorten(host))));
        }
        if bare && !d.contains('.') && d != "localhost" {
            return Err(bad(format!("not a domain (no dot): {:?}", shorten(entry))));
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("URLs with credentials are not crawled".into()));
    }
    let mut url = url;
    url.set_fragment(None);
    Ok((url, bare))
}

fn shorten(s: &str) -> String {
    if s.len() <= 80 {
        s.to_string()
    } else {
        format!("{}…", crate::text::head(s, 80))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_list_with_comments_bad_lines_and_duplicates() {
        let text = "# my sites\nexample.com\n\nhttps://www.Example.org/path#frag\nftp://x.org\nexample.com\nnot a url\nhttp://bücher.example/\n";
        let l = TargetList::parse("sites.txt", text, false).unwrap();
        let urls: Vec<_> = l.targets.iter().map(|t| t.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://example.com/",
                "https://www.example.org/path",
                "http://xn--bcher-kva.example/"
            ]
        );
        assert!(l.targets[0].bare && !l.targets[1].bare);
        assert_eq!(l.duplicates, 1);
        assert_eq!(l.warnings.len(), 2);
        assert_eq!(l.warnings[0].line, 5);
        assert_eq!(l.warnings[1].line, 7);
        assert!(l.warnings[0].to_string().starts_with("sites.txt:5: "));
    }

    #[test]
    fn strict_fails_on_first_bad_line() {
        let err = TargetList::parse("l.txt", "ok.com\nbad..com\n", true).unwrap_err();
        assert!(err.to_string().starts_with("l.txt:2:"), "{err}");
    }

    #[test]
    fn csv_with_header_and_tranco() {
        let l =
            TargetList::parse("a.csv", "name,url\nShop,https://shop.example/\n", false).unwrap();
        assert_eq!(l.targets[0].url.as_str(), "https://shop.example/");
        let l = TargetList::parse("top.csv", "1,google.com\n2,\"youtube.com\"\n", false).unwrap();
        assert_eq!(l.targets.len(), 2);
        assert_eq!(l.targets[1].url.as_str(), "https://youtube.com/");
        // Tranco detected without a .csv name.
        let l = TargetList::parse("-", "1,a.org\n2,b.org\n", false).unwrap();
        assert_eq!(l.targets.len(), 2);
    }

    #[test]
    fn csv_warnings_name_the_line_past_comments_blanks_and_quoted_newlines() {
        let text = "# list\nname,\"Site, full\",url\n\n  # indented\n\"A\nB\",x,bad url\n\"C\",\"y,z\",c.example\n,,\n D , , d.example \n";
        let l = TargetList::parse("s.csv", text, false).unwrap();
        let urls: Vec<_> = l.targets.iter().map(|t| t.url.as_str()).collect();
        assert_eq!(urls, ["https://c.example/", "https://d.example/"]);
        assert_eq!(l.targets[0].origin, "s.csv:7");
        assert_eq!(l.targets[1].origin, "s.csv:9");
        // A cell spanning lines 5-6: the record's first line is named.
        assert_eq!(l.warnings.len(), 1);
        assert!(
            l.warnings[0].to_string().starts_with("s.csv:5: "),
            "{}",
            l.warnings[0]
        );
        // Rows shorter than the header: an empty entry, not a crash.
        let l = TargetList::parse("s.csv", "a,b,url\nonly\n", false).unwrap();
        assert_eq!((l.targets.len(), l.warnings.len()), (0, 1));
        // An unclosed quote runs to the end: one bad record, no panic.
        let l = TargetList::parse("s.csv", "url\n\"a.example\nb.example\n", false).unwrap();
        assert_eq!((l.targets.len(), l.warnings.len()), (0, 1));
        assert_eq!(l.warnings[0].line, 2);
    }
}
