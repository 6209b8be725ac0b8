//! robots.txt text and a path in, allowed or not out (RFC 9309): the group for
//! our user-agent token (else `*`), longest matching rule wins, `Allow` wins a
//! tie, `*` and `$` wildcards. Only consulted with `--respect-robots`.

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
    /// Rules of the group that applies to `agent` (case-insensitive product
    /// token match), else of the `*` group; no matching group allows all.
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        let text = &text[..floor_boundary(text, MAX_ROBOTS)];
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
                    group_agents.push(value.to_ascii_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    if value.is_empty() {
                        continue;
                    }
                    let rule = (key == "allow", value.to_string());
                    if group_agents
                        .iter()
                        .any(|a| a != "*" && agent.starts_with(a.as_str()))
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

fn floor_boundary(s: &str, max: usize) -> usize {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
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
        match path[pos..].find(part) {
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
}
