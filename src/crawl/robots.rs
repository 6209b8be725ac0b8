//! robots.txt text (or its fetch status) and a path in, allowed or not out
//! (RFC 9309): the groups for our product token (else `*`), longest matching rule
//! wins, `Allow` wins a tie, `*` and `$` wildcards; a 4xx robots.txt allows all,
//! a 5xx one disallows all. Only consulted with `--respect-robots`.
//!
//! Product tokens match case-insensitively on the whole token (RFC 9309 §2.2.1):
//! a `User-agent` value's token is its leading run of letters, `-` and `_`, so
//! `TrackAudit/1.0` names us, `track` or `trackaudit-extra` does not, and an empty
//! value names nobody.
#![deny(clippy::string_slice)]

/// The product token matched against `User-agent` lines.
pub const AGENT: &str = "trackaudit";

/// Largest robots.txt read (RFC 9309 asks parsers to handle at least 500 KiB).
pub const MAX_ROBOTS: usize = 512 * 1024;

/// Parsed rules for one user agent.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Robots {
    /// (allow, pattern)
    rules: Vec<(bool, String)>,
}

impl Robots {
    /// What a fetched robots.txt means (RFC 9309 §2.3.1), from the status of the
    /// final response (after redirects) and its body: 2xx: the rules in `body`;
    /// 4xx ("unavailable"): allow all; 5xx ("unreachable"): disallow all; any other
    /// status (a redirect left unfollowed): allow all.
    pub fn from_status(status: u16, body: &str, agent: &str) -> Robots {
        match status {
            200..=299 => Robots::parse(body, agent),
            500..=599 => Robots::disallow_all(),
            _ => Robots::default(),
        }
    }

    /// Rules that disallow every path (an unreachable robots.txt).
    pub fn disallow_all() -> Robots {
        // The empty pattern matches every path.
        Robots {
            rules: vec![(false, String::new())],
        }
    }

    /// Rules of the groups that apply to `agent` (case-insensitive match of the
    /// whole product token), else of the `*` groups; no matching group allows
    /// all. Reads at most [`MAX_ROBOTS`] bytes (a line cut there is dropped).
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = product_token(agent).to_ascii_lowercase();
        let text = cut(text, MAX_ROBOTS);
        let (mut specific, mut star) = (Vec::new(), Vec::new());
        let mut found_specific = false;
        let (mut group_agents, mut in_rules) = (Vec::<String>::new(), false);
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        group_agents.clear();
                        in_rules = false;
                    }
                    group_agents.push(if value.starts_with('*') {
                        "*".to_string()
                    } else {
                        product_token(value).to_ascii_lowercase()
                    });
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    if value.is_empty() {
                        continue;
                    }
                    let rule = (key == "allow", value.to_string());
                    if group_agents
                        .iter()
                        .any(|a| a != "*" && !a.is_empty() && *a == agent)
                    {
                        found_specific = true;
                        specific.push(rule.clone());
                    }
                    if group_agents.iter().any(|a| a == "*") {
                        star.push(rule);
                    }
                }
                _ => {}
            }
        }
        Robots {
            rules: if found_specific { specific } else { star },
        }
    }

    /// Whether `path` (with query) may be fetched.
    pub fn allowed(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pat) in &self.rules {
            if matches(pat, path) {
                let len = pat.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// The product token at the start of a `User-agent` value or of our agent
/// string: letters, `-` and `_` (RFC 9309 §2.2.1); empty when there are none.
fn product_token(v: &str) -> &str {
    let end = v
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '-' || c == '_'))
        .unwrap_or(v.len());
    v.get(..end).unwrap_or_default()
}

/// The first `max` bytes of `s`, without the line cut there.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let head = crate::text::head(s, max);
    match head.rfind('\n') {
        Some(nl) => head.get(..nl).unwrap_or_default(),
        None => "",
    }
}

/// Pattern match with `*` (any run) and a trailing `$` (end of path).
fn matches(pat: &str, path: &str) -> bool {
    let (pat, anchored) = match pat.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pat, false),
    };
    let parts: Vec<&str> = pat.split('*').collect();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            pos = part.len();
            continue;
        }
        match path.get(pos..).and_then(|rest| rest.find(part)) {
            Some(p) => pos += p + part.len(),
            None => return false,
        }
    }
    if anchored {
        // The last literal part must end the path.
        let last = parts.last().copied().unwrap_or("");
        return path.ends_with(last) && (parts.len() > 1 || pos == path.len());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_longest_match_and_wildcards() {
        let txt = "User-agent: *\nDisallow: /private\nAllow: /private/ok\n\nUser-agent: TrackAudit\nUser-agent: other\nDisallow: /\nAllow: /$\n";
        let r = Robots::parse(txt, AGENT);
        assert!(r.allowed("/"));
        assert!(!r.allowed("/page"));
        let star = Robots::parse(txt, "somebot");
        assert!(star.allowed("/"));
        assert!(!star.allowed("/private/x"));
        assert!(star.allowed("/private/ok/1"));
        let w = Robots::parse(
            "User-agent: *\nDisallow: /*.pdf$\nDisallow: /tmp*/x\n",
            AGENT,
        );
        assert!(!w.allowed("/doc/a.pdf"));
        assert!(w.allowed("/doc/a.pdf?x=1"));
        assert!(!w.allowed("/tmp123/x"));
        assert!(Robots::parse("garbage\n\0\u{7f}", AGENT).allowed("/"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n", AGENT).allowed("/anything"));
    }

    #[test]
    fn product_token_matches_whole_and_case_insensitive() {
        // An empty User-agent names nobody: its rules apply neither to us nor as `*`.
        let r = Robots::parse("User-agent:\nDisallow: /\n", AGENT);
        assert!(r.allowed("/page"));
        // A prefix of our token is another crawler's group; `*` applies instead.
        let txt = "User-agent: track\nDisallow: /t\n\nUser-agent: *\nDisallow: /star\n";
        let r = Robots::parse(txt, AGENT);
        assert!(r.allowed("/t"));
        assert!(!r.allowed("/star"));
        // So is a longer token that starts with ours.
        let r = Robots::parse("User-agent: trackaudit-extra\nDisallow: /\n", AGENT);
        assert!(r.allowed("/x"));
        // Case and a version suffix do not matter; the specific group replaces `*`.
        let txt = "User-agent: *\nDisallow: /star\n\nUser-agent: TRACKAUDIT/2.1 (+https://x)\nDisallow: /ours\n";
        let r = Robots::parse(txt, AGENT);
        assert!(!r.allowed("/ours"));
        assert!(r.allowed("/star"));
        // Our own agent string may carry a version too.
        assert!(!Robots::parse(txt, "TrackAudit/0.1").allowed("/ours"));
        // Two groups naming us are combined.
        let txt = "User-agent: trackaudit\nDisallow: /a\n\nUser-agent: other\nDisallow: /o\n\nUser-agent: TrackAudit\nDisallow: /b\n";
        let r = Robots::parse(txt, AGENT);
        assert!(!r.allowed("/a") && !r.allowed("/b") && r.allowed("/o"));
    }

    #[test]
    fn status_decides_unavailable_and_unreachable() {
        let body = "User-agent: *\nDisallow: /private\n";
        assert!(!Robots::from_status(200, body, AGENT).allowed("/private"));
        assert!(Robots::from_status(200, body, AGENT).allowed("/"));
        // 4xx: unavailable, crawl anything (the body is an error page, not rules).
        assert!(Robots::from_status(404, body, AGENT).allowed("/private"));
        assert!(Robots::from_status(403, "", AGENT).allowed("/"));
        // 5xx: unreachable, crawl nothing.
        for status in [500, 503, 599] {
            let r = Robots::from_status(status, "", AGENT);
            assert!(!r.allowed("/") && !r.allowed("/any?q=1"), "{status}");
        }
        assert_eq!(
            Robots::from_status(503, body, AGENT),
            Robots::disallow_all()
        );
        // A redirect left unfollowed counts as unavailable.
        assert!(Robots::from_status(301, "", AGENT).allowed("/x"));
    }

    #[test]
    fn oversized_file_drops_the_cut_line_and_survives_multibyte() {
        let mut txt = String::from("User-agent: *\nDisallow: /early\n# ");
        while txt.len() < MAX_ROBOTS - 14 {
            txt.push('\u{e9}');
        }
        while txt.len() < MAX_ROBOTS - 12 {
            txt.push('x');
        }
        txt.push('\n');
        // Cut at the limit this rule would read "Disallow: /" and deny everything.
        txt.push_str("Disallow: /private-area\n");
        assert_eq!(
            txt.find("Disallow: /private").map(|p| p + 11),
            Some(MAX_ROBOTS)
        );
        let r = Robots::parse(&txt, AGENT);
        assert!(!r.allowed("/early"));
        assert!(r.allowed("/public"));
        // The limit falling inside a multi-byte character.
        let mut txt = String::from("User-agent: *\nDisallow: /early\n# ");
        while txt.len() < MAX_ROBOTS + 10 {
            txt.push('\u{e9}');
        }
        assert!(!txt.is_char_boundary(MAX_ROBOTS));
        let r = Robots::parse(&txt, AGENT);
        assert!(!r.allowed("/early"));
        assert!(r.allowed("/public"));
        assert!(Robots::parse("Disallow: /\u{e9}*\u{20ac}$", AGENT).allowed("/"));
        let r = Robots::parse("User-agent: *\nDisallow: /\u{e9}*\u{20ac}$\n", AGENT);
        assert!(!r.allowed("/\u{e9}x\u{20ac}") && r.allowed("/\u{e9}x"));
    }
}
