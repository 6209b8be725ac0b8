//! Adblock Plus filter lists in (EasyPrivacy, EasyList, user lists), a
//! per-request verdict out: which filter of which list matched. One Brave
//! `adblock` engine holds every list; it is built once per run and cached on
//! disk, serialised, keyed by a hash of the lists' text.
#![deny(clippy::string_slice)]

use crate::error::{Error, Result};
use crate::hash::fnv1a;
use crate::model::{Category, ResourceType};
use adblock::lists::{FilterParseError, FilterSet, ParseOptions, RuleTypes};
use adblock::request::Request as AbRequest;
use adblock::Engine;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::OnceLock;

/// Where a list came from (decides precedence and the `rule` column prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// `--lists FILE`.
    User,
    /// `trackaudit lists update` cache.
    Downloaded,
}

/// A list to load.
#[derive(Debug, Clone)]
pub struct ListSource {
    /// Short name (`easyprivacy`, a file name ...).
    pub name: String,
    pub text: String,
    pub origin: Origin,
}

/// What was loaded from one list.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListInfo {
    pub name: String,
    /// `! Title:` header.
    pub title: String,
    /// `! Version:` header.
    pub version: String,
    /// Network rules loaded.
    pub rules: usize,
    /// Lines skipped as malformed.
    pub malformed: usize,
    /// First malformed lines (line number, text), for warnings.
    pub malformed_examples: Vec<(usize, String)>,
    pub origin: Origin,
}

impl ListInfo {
    /// The category a match of this list implies when nothing else is known:
    /// ad lists → advertising, privacy lists → analytics.
    pub fn category_hint(&self) -> Option<Category> {
        let t = format!("{} {}", self.title, self.name).to_ascii_lowercase();
        if t.contains("privacy") || t.contains("tracking") {
            Some(Category::Analytics)
        } else if t.contains("easylist") || t.contains(" ad") || t.contains("ads") {
            Some(Category::Advertising)
        } else {
            None
        }
    }
}

/// A filter that matched a request.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleMatch {
    /// Index into [`RuleEngine::lists`].
    pub list: usize,
    /// The filter's text.
    pub filter: String,
    /// True when an exception (`@@`) rule overrode a blocking rule.
    pub exception: bool,
}

/// Every loaded list in one adblock engine.
pub struct RuleEngine {
    engine: Engine,
    /// Loaded lists, in precedence order.
    pub lists: Vec<ListInfo>,
    texts: Vec<String>,
    /// Hash of each list line → the first list holding it.
    attribution: OnceLock<HashMap<u64, usize>>,
    /// Whether the engine came from the on-disk cache.
    pub from_cache: bool,
}

/// Bump when the cache layout changes.
const CACHE_FORMAT: &str = "trackaudit-engine-2 adblock-0.10 unoptimised";

fn parse_opts() -> ParseOptions {
    ParseOptions {
        rule_types: RuleTypes::NetworkOnly,
        ..ParseOptions::default()
    }
}

fn header(text: &str, key: &str) -> String {
    text.lines()
        .take(40)
        .find_map(|l| {
            l.strip_prefix('!')
                .map(str::trim)
                .and_then(|l| l.strip_prefix(key))
        })
        .map(|v| v.trim_start_matches(':').trim().to_string())
        .unwrap_or_default()
}

impl RuleEngine {
    /// Builds the engine from `sources` (precedence order), reusing a cached
    /// engine from `cache_dir` when the lists are unchanged.
    pub fn build(sources: Vec<ListSource>, cache_dir: Option<&Path>) -> Result<RuleEngine> {
        // A stable hash, so a toolchain update does not orphan the cache.
        let mut h = crate::hash::Fnv1a::default();
        CACHE_FORMAT.hash(&mut h);
        for s in &sources {
            s.name.hash(&mut h);
            s.text.hash(&mut h);
        }
        let key = format!("{:016x}", h.finish());
        if let Some(dir) = cache_dir {
            if let Some(e) = RuleEngine::from_cache(dir, &key, &sources) {
                return Ok(e);
            }
        }
        let mut set = FilterSet::new(true);
        let mut lists = Vec::new();
        for s in &sources {
            let mut info = ListInfo {
                name: s.name.clone(),
                title: header(&s.text, "Title"),
                version: header(&s.text, "Version"),
                rules: 0,
                malformed: 0,
                malformed_examples: Vec::new(),
                origin: s.origin,
            };
            for (i, line) in s.text.lines().enumerate() {
                let l = line.trim();
                if l.is_empty() || l.starts_with('!') || l.starts_with('[') {
                    continue;
                }
                match set.add_filter(l, parse_opts()) {
                    Ok(()) => info.rules += 1,
                    Err(FilterParseError::Network(_)) => {
                        info.malformed += 1;
                        if info.malformed_examples.len() < 5 {
                            info.malformed_examples
                                .push((i + 1, l.chars().take(120).collect()));
                        }
                    }
                    Err(_) => {}
                }
            }
            lists.push(info);
        }
        // No optimisation: it fuses filters into one whose text is
        // "a <+> b <+> c", which is no filter a user could look up.
        let engine = Engine::from_filter_set(set, false);
        let e = RuleEngine {
            engine,
            lists,
            texts: sources.into_iter().map(|s| s.text).collect(),
            attribution: OnceLock::new(),
            from_cache: false,
        };
        if let Some(dir) = cache_dir {
            // A cache that cannot be written only costs start-up time next run.
            let _ = e.write_cache(dir, &key);
        }
        Ok(e)
    }

    fn from_cache(dir: &Path, key: &str, sources: &[ListSource]) -> Option<RuleEngine> {
        let bin = std::fs::read(dir.join(format!("engine-{key}.bin"))).ok()?;
        let meta = std::fs::read(dir.join(format!("engine-{key}.json"))).ok()?;
        let lists: Vec<ListInfo> = serde_json::from_slice(&meta).ok()?;
        let mut engine = Engine::new(true);
        engine.deserialize(&bin).ok()?;
        Some(RuleEngine {
            engine,
            lists,
            texts: sources.iter().map(|s| s.text.clone()).collect(),
            attribution: OnceLock::new(),
            from_cache: true,
        })
    }

    fn write_cache(&self, dir: &Path, key: &str) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let bin = self.engine.serialize().map_err(|e| Error::Data {
            name: "engine cache".into(),
            message: format!("{e:?}"),
        })?;
        // Old engines are stale once the lists change.
        if let Ok(rd) = std::fs::read_dir(dir) {
            for entry in rd.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with("engine-") && !name.contains(key) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        let tmp = dir.join(format!("engine-{key}.bin.tmp"));
        std::fs::write(&tmp, bin).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, dir.join(format!("engine-{key}.bin")))
            .map_err(|e| Error::io(dir, e))?;
        let meta = serde_json::to_vec(&self.lists)?;
        std::fs::write(dir.join(format!("engine-{key}.json")), meta)
            .map_err(|e| Error::io(dir, e))?;
        Ok(())
    }

    /// Checks one request: `url` requested by a document at `source_url`.
    pub fn check(&self, url: &str, source_url: &str, kind: ResourceType) -> Option<RuleMatch> {
        let (host, source_host) = (host_of(url), host_of(source_url));
        let third = crate::domain::registrable_domain(host)
            != crate::domain::registrable_domain(source_host);
        self.check_parsed(url, host, source_host, third, kind)
    }

    /// Checks one request whose hosts and party are already known (no URL parsing).
    pub fn check_parsed(
        &self,
        url: &str,
        host: &str,
        source_host: &str,
        third_party: bool,
        kind: ResourceType,
    ) -> Option<RuleMatch> {
        let req = AbRequest::preparsed(url, host, source_host, request_type(kind), third_party);
        let r = self.engine.check_network_request(&req);
        if !r.matched {
            return r.exception.map(|f| RuleMatch {
                list: self.attribute(&f),
                filter: f,
                exception: true,
            });
        }
        let filter = r.filter.unwrap_or_default();
        Some(RuleMatch {
            list: self.attribute(&filter),
            filter,
            exception: false,
        })
    }

    /// Which list a filter came from: the first, in precedence order, that
    /// contains the line. The index of every line's hash is built on the
    /// first match, so runs that match nothing never pay for it.
    fn attribute(&self, filter: &str) -> usize {
        let index = self.attribution.get_or_init(|| {
            let mut index = HashMap::new();
            for (i, text) in self.texts.iter().enumerate() {
                for line in text.lines() {
                    index.entry(fnv1a(line.trim().as_bytes())).or_insert(i);
                }
            }
            index
        });
        index.get(&fnv1a(filter.as_bytes())).copied().unwrap_or(0)
    }
}

/// The host of an absolute URL, without parsing the rest (lowercase input assumed,
/// as URLs from the crawler are normalised).
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if authority.starts_with('[') {
        return authority
            .split(']')
            .next()
            .map_or(authority, |h| h.get(1..).unwrap_or(h));
    }
    authority.split(':').next().unwrap_or(authority)
}

/// Our resource type → adblock's request type.
pub fn request_type(kind: ResourceType) -> &'static str {
    match kind {
        ResourceType::Document => "document",
        ResourceType::Script => "script",
        ResourceType::Image => "image",
        ResourceType::Stylesheet => "stylesheet",
        ResourceType::Iframe => "sub_frame",
        ResourceType::Font => "font",
        ResourceType::Media => "media",
        ResourceType::Xhr | ResourceType::Fetch => "xmlhttprequest",
        ResourceType::Beacon | ResourceType::Ping => "ping",
        ResourceType::Websocket => "websocket",
        ResourceType::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(name: &str, text: &str) -> ListSource {
        ListSource {
            name: name.into(),
            text: text.into(),
            origin: Origin::User,
        }
    }

    #[test]
    fn matches_attributes_counts_malformed_and_caches() {
        let privacy = "! Title: Test Privacy\n! Version: 42\n||tracker.test^$third-party\n/pixel.gif?\n||bad.test^$unknownopt123\n@@||tracker.test/allowed.js\n";
        let ads = "! Title: Test Ads\n||ads.test^\nexample.com##.banner\n";
        let dir = tempfile::tempdir().unwrap();
        let e = RuleEngine::build(
            vec![list("privacy", privacy), list("ads", ads)],
            Some(dir.path()),
        )
        .unwrap();
        assert!(!e.from_cache);
        assert_eq!(e.lists[0].version, "42");
        assert_eq!(
            e.lists[0].malformed, 1,
            "{:?}",
            e.lists[0].malformed_examples
        );
        assert_eq!(e.lists[0].malformed_examples[0].0, 5);
        assert_eq!(e.lists[1].rules, 1, "cosmetic rules are not network rules");
        let m = e
            .check(
                "https://cdn.tracker.test/t.js",
                "https://site.example/",
                ResourceType::Script,
            )
            .unwrap();
        assert_eq!(
            (m.list, m.filter.as_str(), m.exception),
            (0, "||tracker.test^$third-party", false)
        );
        let m = e
            .check(
                "https://ads.test/a.js",
                "https://site.example/",
                ResourceType::Script,
            )
            .unwrap();
        assert_eq!(m.list, 1);
        assert_eq!(e.lists[1].category_hint(), Some(Category::Advertising));
        assert_eq!(e.lists[0].category_hint(), Some(Category::Analytics));
        let m = e
            .check(
                "https://tracker.test/allowed.js",
                "https://site.example/",
                ResourceType::Script,
            )
            .unwrap();
        assert!(m.exception);
        assert!(e
            .check(
                "https://site.example/app.js",
                "https://site.example/",
                ResourceType::Script
            )
            .is_none());
        // First-party use of a third-party-only rule does not match.
        assert!(e
            .check(
                "https://tracker.test/t.js",
                "https://tracker.test/",
                ResourceType::Script
            )
            .is_none());
        let again = RuleEngine::build(
            vec![list("privacy", privacy), list("ads", ads)],
            Some(dir.path()),
        )
        .unwrap();
        assert!(again.from_cache);
        assert_eq!(again.lists[0].malformed, 1);
        let m = again
            .check(
                "https://px.test/pixel.gif?id=1",
                "https://site.example/",
                ResourceType::Image,
            )
            .unwrap();
        assert_eq!(m.filter, "/pixel.gif?");
    }

    #[test]
    fn rule_is_one_filter_line_never_a_fused_group() {
        // adblock's optimiser fuses plain patterns with equal options into one
        // filter whose text is "a <+> b"; the `rule` column must name a line.
        let lines: Vec<String> = (0..40).map(|i| format!("/beacon/v{i}x/")).collect();
        let e = RuleEngine::build(vec![list("p", &lines.join("\n"))], None).unwrap();
        for (i, line) in lines.iter().enumerate() {
            let m = e
                .check(
                    &format!("https://t.example/beacon/v{i}x/p.gif"),
                    "https://site.example/",
                    ResourceType::Image,
                )
                .unwrap();
            assert_eq!(&m.filter, line);
        }
    }
}
