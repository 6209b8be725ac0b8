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
        let csv_mode = name.to_ascii_lowercase().ends_with(".csv") || looks_like_csv(text);
        let mut column: Option<usize> = None;
        for (i, raw) in text.lines().enumerate() {
            let lineno = i + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let candidate = if csv_mode {
                let cells = split_csv_line(line);
                if column.is_none() {
                    if let Some(idx) = header_column(&cells) {
                        column = Some(idx);
                        continue;
                    }
                    // Header-less: Tranco `rank,domain`, else the first cell.
                    let tranco = cells.len() >= 2 && cells[0].trim().parse::<u64>().is_ok();
                    column = Some(usize::from(tranco));
                }
                let idx = column.unwrap_or(0);
                match cells.get(idx) {
                    Some(c) => c.trim().to_string(),
                    None => String::new(),
                }
            } else {
                // Allow trailing comments after whitespace: "example.com  # shop".
                match line.find(" #") {
                    Some(p) => line.get(..p).unwrap_or(line).trim().to_string(),
                    None => line.to_string(),
                }
            };
            match parse_target(&candidate) {
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
                Err(message) => {
                    if strict {
                        return Err(Error::BadTarget {
                            file: name.to_string(),
                            line: lineno,
                            message,
                        });
                    }
                    self.warnings.push(Warning {
                        file: name.to_string(),
                        line: lineno,
                        message,
                    });
                }
            }
        }
        Ok(())
    }
}

fn looks_like_csv(text: &str) -> bool {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    match first {
        Some(l) => {
            let cells = split_csv_line(l);
            header_column(&cells).is_some()
                || (cells.len() >= 2 && cells[0].trim().parse::<u64>().is_ok())
        }
        None => false,
    }
}

/// Index of a `url` / `domain` / `site` / `website` header cell.
fn header_column(cells: &[String]) -> Option<usize> {
    let names = ["url", "domain", "site", "website", "origin", "host"];
    for name in names {
        if let Some(i) = cells
            .iter()
            .position(|c| c.trim().trim_matches('"').eq_ignore_ascii_case(name))
        {
            return Some(i);
        }
    }
    None
}

/// Minimal CSV cell splitter with double-quote support (one line).
fn split_csv_line(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    cells.push(cur);
    cells
}

/// Turns one list entry into a normalised URL. Returns the URL and whether the
/// entry was a bare domain.
pub fn parse_target(entry: &str) -> std::result::Result<(Url, bool), String> {
    if entry.is_empty() {
        return Err("empty entry".into());
    }
    if entry.len() > MAX_LINE {
        return Err(format!("entry longer than {MAX_LINE} bytes"));
    }
    if entry.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("not a URL or domain: {:?}", shorten(entry)));
    }
    let has_scheme = entry.contains("://");
    let bare = !has_scheme;
    let url = if has_scheme {
        Url::parse(entry).map_err(|e| format!("invalid URL {:?}: {e}", shorten(entry)))?
    } else {
        Url::parse(&format!("https://{entry}"))
            .map_err(|e| format!("invalid domain {:?}: {e}", shorten(entry)))?
    };
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(format!(
                "unsupported scheme {other:?} (only http and https)"
            ))
        }
    }
    let host = url
        .host_str()
        .ok_or_else(|| format!("no host in {:?}", shorten(entry)))?;
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
            return Err(format!("invalid host name {:?}", shorten(host)));
        }
        if bare && !d.contains('.') && d != "localhost" {
            return Err(format!("not a domain (no dot): {:?}", shorten(entry)));
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("URLs with credentials are not crawled".into());
    }
    let mut url = url;
    url.set_fragment(None);
    Ok((url, bare))
}

fn shorten(s: &str) -> String {
    if s.len() <= 80 {
        s.to_string()
    } else {
        let mut end = 80;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", s.get(..end).unwrap_or_default())
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
}
