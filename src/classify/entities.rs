//! Entity data in (the built-in `data/trackers.toml`, third-party-web JSON,
//! Disconnect `services.json`, DuckDuckGo `tds.json`), host → company and
//! category out, by longest matching domain suffix. Also the names (company
//! and product aliases) a privacy policy may use for each company.
#![deny(clippy::string_slice)]

use crate::error::{Error, Result};
use crate::model::Category;
use serde::Deserialize;
use std::collections::HashMap;

/// The built-in knowledge, written by the team.
pub const BUILTIN_TRACKERS: &str = include_str!("../../data/trackers.toml");

/// What is known about one domain.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Canonical company name.
    pub company: String,
    /// The category of the company's tracking domains.
    pub category: Category,
}

/// Domain → entity, with longest-suffix lookup.
#[derive(Debug, Default, Clone)]
pub struct EntityMap {
    /// Which source this map came from (`builtin`, a file name ...).
    pub source: String,
    domains: HashMap<String, Entity>,
    /// Names a policy may use: (alias as written, canonical company).
    pub aliases: Vec<(String, String)>,
    /// Lines or entries skipped as malformed.
    pub skipped: usize,
}

impl EntityMap {
    /// The entity for `host` (the host itself or its nearest listed parent).
    pub fn lookup(&self, host: &str) -> Option<(&str, &Entity)> {
        let mut h = host.trim_end_matches('.');
        loop {
            if let Some((k, e)) = self.domains.get_key_value(h) {
                return Some((k.as_str(), e));
            }
            match h.find('.') {
                Some(i) => h = h.get(i + 1..)?,
                None => return None,
            }
        }
    }

    /// Number of domains known.
    pub fn len(&self) -> usize {
        self.domains.len()
    }

    /// Whether no domain is known.
    pub fn is_empty(&self) -> bool {
        self.domains.is_empty()
    }

    /// Every company name known.
    pub fn companies(&self) -> impl Iterator<Item = &str> {
        self.domains.values().map(|e| e.company.as_str())
    }

    fn insert(&mut self, domain: &str, company: &str, category: Category) {
        let d = domain
            .trim()
            .trim_start_matches("*.")
            .trim_start_matches('.')
            .to_ascii_lowercase();
        if d.is_empty() || d.contains('/') || d.contains(' ') {
            self.skipped += 1;
            return;
        }
        self.domains.entry(d).or_insert_with(|| Entity {
            company: company.to_string(),
            category,
        });
    }

    /// The built-in knowledge.
    pub fn builtin() -> EntityMap {
        EntityMap::from_trackers_toml("builtin", BUILTIN_TRACKERS)
            .expect("built-in trackers.toml is valid (tested)")
    }

    /// Parses the `trackers.toml` format.
    pub fn from_trackers_toml(source: &str, text: &str) -> Result<EntityMap> {
        #[derive(Deserialize)]
        struct File {
            company: Vec<Company>,
        }
        #[derive(Deserialize)]
        struct Company {
            name: String,
            #[serde(default)]
            aliases: Vec<String>,
            #[serde(default)]
            domains: HashMap<String, String>,
        }
        let f: File = toml::from_str(text).map_err(|e| Error::Data {
            name: source.into(),
            message: e.to_string(),
        })?;
        let mut map = EntityMap {
            source: source.into(),
            ..EntityMap::default()
        };
        for c in f.company {
            for (d, cat) in &c.domains {
                let category = Category::parse(cat).ok_or_else(|| Error::Data {
                    name: source.into(),
                    message: format!("{}: unknown category {cat:?} for {d}", c.name),
                })?;
                map.insert(d, &c.name, category);
            }
            map.aliases.push((c.name.clone(), c.name.clone()));
            for a in c.aliases {
                map.aliases.push((a, c.name.clone()));
            }
        }
        Ok(map)
    }

    /// Loads an entity file in any supported format, detected from its shape:
    /// third-party-web (a JSON array of `{name, company, category, domains}`),
    /// Disconnect `services.json` (`{"categories": ...}`) or DuckDuckGo
    /// `tds.json` (`{"trackers": ..., "entities": ...}`), or our TOML.
    pub fn from_file_text(source: &str, text: &str) -> Result<EntityMap> {
        let trimmed = text.trim_start();
        if !trimmed.starts_with('[') && !trimmed.starts_with('{') {
            return EntityMap::from_trackers_toml(source, text);
        }
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Data {
            name: source.into(),
            message: format!("not valid JSON: {e}"),
        })?;
        let mut map = EntityMap {
            source: source.into(),
            ..EntityMap::default()
        };
        if let Some(arr) = v.as_array() {
            third_party_web(&mut map, arr);
        } else if v.get("categories").is_some() {
            disconnect(&mut map, &v["categories"]);
        } else if v.get("trackers").is_some() || v.get("entities").is_some() {
            tds(&mut map, &v);
        } else {
            return Err(Error::Data {
                name: source.into(),
                message: "unknown entity format (expected third-party-web, Disconnect services.json or DuckDuckGo tds.json)"
                    .into(),
            });
        }
        Ok(map)
    }
}

/// third-party-web category → ours.
fn tpw_category(c: &str) -> Category {
    match c {
        "ad" => Category::Advertising,
        "analytics" => Category::Analytics,
        "social" => Category::Social,
        "video" => Category::Video,
        "cdn" => Category::Cdn,
        "tag-manager" => Category::TagManager,
        "consent-provider" => Category::Consent,
        "customer-success" => Category::CustomerSupport,
        "marketing" => Category::Advertising,
        _ => Category::Other,
    }
}

fn third_party_web(map: &mut EntityMap, arr: &[serde_json::Value]) {
    for e in arr {
        let (Some(name), Some(domains)) = (e["name"].as_str(), e["domains"].as_array()) else {
            map.skipped += 1;
            continue;
        };
        let company = e["company"].as_str().unwrap_or(name);
        let category = tpw_category(e["category"].as_str().unwrap_or("other"));
        for d in domains.iter().filter_map(|d| d.as_str()) {
            map.insert(d, company, category);
        }
        map.aliases.push((name.to_string(), company.to_string()));
    }
}

/// Disconnect category → ours.
fn disconnect_category(c: &str) -> Category {
    match c.to_ascii_lowercase().as_str() {
        "advertising" | "email" | "emailaggressive" => Category::Advertising,
        "analytics" => Category::Analytics,
        "social" => Category::Social,
        "fingerprintinginvasive" | "fingerprintinggeneral" => Category::Fingerprinting,
        _ => Category::Other,
    }
}

fn disconnect(map: &mut EntityMap, cats: &serde_json::Value) {
    let Some(cats) = cats.as_object() else { return };
    for (cat, list) in cats {
        let category = disconnect_category(cat);
        for item in list.as_array().into_iter().flatten() {
            let Some(obj) = item.as_object() else {
                map.skipped += 1;
                continue;
            };
            for (entity, homepages) in obj {
                let Some(homepages) = homepages.as_object() else {
                    continue;
                };
                for domains in homepages.values().filter_map(|v| v.as_array()) {
                    for d in domains.iter().filter_map(|d| d.as_str()) {
                        map.insert(d, entity, category);
                    }
                }
                map.aliases.push((entity.clone(), entity.clone()));
            }
        }
    }
}

/// DuckDuckGo Tracker Radar category → ours (first that maps wins).
fn tds_category(cats: &[&str]) -> Category {
    for c in cats {
        let c = c.to_ascii_lowercase();
        let cat = if c.contains("session replay") {
            Category::SessionReplay
        } else if c.contains("advertising")
            || c.contains("ad motivated")
            || c.contains("action pixels")
            || c.contains("ad fraud")
        {
            Category::Advertising
        } else if c.contains("analytics") || c.contains("audience measurement") {
            Category::Analytics
        } else if c.starts_with("social") {
            Category::Social
        } else if c.contains("tag manager") {
            Category::TagManager
        } else if c.contains("consent") {
            Category::Consent
        } else if c == "cdn" {
            Category::Cdn
        } else if c.contains("embedded content") {
            Category::Video
        } else if c.contains("fraud") || c.contains("fingerprint") {
            Category::Fingerprinting
        } else {
            continue;
        };
        return cat;
    }
    Category::Other
}

fn tds(map: &mut EntityMap, v: &serde_json::Value) {
    for (domain, t) in v["trackers"].as_object().into_iter().flatten() {
        let owner = t["owner"]["displayName"]
            .as_str()
            .or_else(|| t["owner"]["name"].as_str());
        let Some(owner) = owner else {
            map.skipped += 1;
            continue;
        };
        let cats: Vec<&str> = t["categories"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_str())
            .collect();
        map.insert(domain, owner, tds_category(&cats));
    }
    // Domains of entities without tracker entries: company only.
    for (domain, entity) in v["domains"].as_object().into_iter().flatten() {
        if let Some(name) = entity.as_str() {
            let display = v["entities"][name]["displayName"].as_str().unwrap_or(name);
            map.insert(domain, display, Category::Other);
        }
    }
    for (name, e) in v["entities"].as_object().into_iter().flatten() {
        let display = e["displayName"].as_str().unwrap_or(name);
        map.aliases.push((display.to_string(), display.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_knowledge_loads_and_looks_up_longest_suffix() {
        let m = EntityMap::builtin();
        assert!(m.len() >= 500, "{} domains", m.len());
        let (_, ga) = m.lookup("www.google-analytics.com").unwrap();
        assert_eq!(
            (ga.company.as_str(), ga.category),
            ("Google", Category::Analytics)
        );
        let (k, bat) = m.lookup("bat.bing.com").unwrap();
        assert_eq!((k, bat.category), ("bat.bing.com", Category::Advertising));
        assert_eq!(
            m.lookup("static.hotjar.com").unwrap().1.category,
            Category::SessionReplay
        );
        assert!(m.lookup("example.com").is_none());
        assert!(m
            .aliases
            .iter()
            .any(|(a, c)| a == "YouTube" && c == "Google"));
    }

    #[test]
    fn detects_and_reads_each_format() {
        let tpw = r#"[{"name":"Acme Pixel","company":"Acme","category":"ad","domains":["*.acme-ads.test","px.acme.test"]},{"bad":1}]"#;
        let m = EntityMap::from_file_text("tpw.json", tpw).unwrap();
        assert_eq!(m.lookup("x.acme-ads.test").unwrap().1.company, "Acme");
        assert_eq!(
            m.lookup("px.acme.test").unwrap().1.category,
            Category::Advertising
        );
        assert_eq!(m.skipped, 1);
        let dis = r#"{"categories":{"Analytics":[{"Counter Inc":{"http://counter.test/":["counter.test"],"performance":"true"}}]}}"#;
        let m = EntityMap::from_file_text("services.json", dis).unwrap();
        let (_, e) = m.lookup("a.counter.test").unwrap();
        assert_eq!(
            (e.company.as_str(), e.category),
            ("Counter Inc", Category::Analytics)
        );
        let tds = r#"{"trackers":{"rec.test":{"owner":{"name":"Rec Ltd","displayName":"Rec"},"categories":["Session Replay","Analytics"]}},
            "entities":{"Rec Ltd":{"displayName":"Rec","domains":["rec.test","rec-cdn.test"]}},"domains":{"rec-cdn.test":"Rec Ltd"}}"#;
        let m = EntityMap::from_file_text("tds.json", tds).unwrap();
        assert_eq!(
            m.lookup("rec.test").unwrap().1.category,
            Category::SessionReplay
        );
        assert_eq!(m.lookup("x.rec-cdn.test").unwrap().1.company, "Rec");
        assert!(EntityMap::from_file_text("x.json", "{\"other\":1}").is_err());
        assert!(EntityMap::from_file_text("x.json", "{not json").is_err());
    }
}
