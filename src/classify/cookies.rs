//! Cookie knowledge in (the built-in `data/cookies.toml`, the Open Cookie
//! Database CSV), a cookie's platform, company and purpose out, matched by
//! exact name, then longest prefix, and by domain where a name is ambiguous.
//! Names match case-sensitively (`AMP_TOKEN` is Google's, `amp_*` Amplitude's).
#![deny(clippy::string_slice)]

use crate::domain::{host_within, registrable_domain};
use crate::error::{Error, Result};
use crate::model::Category;
use serde::Deserialize;
use std::collections::HashMap;

/// The built-in cookie table, written by the team.
pub const BUILTIN_COOKIES: &str = include_str!("../../data/cookies.toml");

/// What is known about a cookie name.
#[derive(Debug, Clone, PartialEq)]
pub struct CookieInfo {
    pub platform: String,
    pub company: String,
    pub purpose: Category,
    /// Only for cookies on this registrable domain (empty = any).
    pub domain: String,
    /// Typical lifetime in days, when known.
    pub retention_days: Option<f64>,
}

/// Cookie names and prefixes with what they are for.
#[derive(Debug, Default, Clone)]
pub struct CookieTable {
    /// Which source this table came from.
    pub source: String,
    exact: HashMap<String, Vec<CookieInfo>>,
    /// (prefix, info), longest prefixes first.
    prefixes: Vec<(String, CookieInfo)>,
    /// Rows skipped as malformed.
    pub skipped: usize,
}

impl CookieTable {
    /// The built-in table.
    pub fn builtin() -> CookieTable {
        CookieTable::from_toml("builtin", BUILTIN_COOKIES)
            .expect("built-in cookies.toml is valid (tested)")
    }

    /// Parses the `cookies.toml` format.
    pub fn from_toml(source: &str, text: &str) -> Result<CookieTable> {
        #[derive(Deserialize)]
        struct File {
            cookie: Vec<Row>,
        }
        #[derive(Deserialize)]
        struct Row {
            name: String,
            #[serde(default)]
            platform: String,
            #[serde(default)]
            company: String,
            purpose: String,
            #[serde(default)]
            domain: String,
            retention_days: Option<f64>,
        }
        let f: File = toml::from_str(text).map_err(|e| Error::Data {
            name: source.into(),
            message: e.to_string(),
        })?;
        let mut t = CookieTable {
            source: source.into(),
            ..CookieTable::default()
        };
        for r in f.cookie {
            let purpose = Category::parse(&r.purpose).ok_or_else(|| Error::Data {
                name: source.into(),
                message: format!("cookie {}: unknown purpose {:?}", r.name, r.purpose),
            })?;
            let info = CookieInfo {
                platform: r.platform,
                company: r.company,
                purpose,
                domain: r.domain.to_ascii_lowercase(),
                retention_days: r.retention_days,
            };
            t.add(&r.name, info);
        }
        t.finish();
        Ok(t)
    }

    /// Parses the Open Cookie Database CSV (`Platform, Category, Cookie / Data
    /// Key name, Domain, ..., Retention period, Data Controller, ..., Wildcard
    /// match`); malformed rows are skipped and counted.
    pub fn from_open_cookie_database(source: &str, text: &str) -> Result<CookieTable> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| Error::Data {
                name: source.into(),
                message: e.to_string(),
            })?
            .clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let (Some(platform), Some(category), Some(name)) = (
            col("Platform"),
            col("Category"),
            col("Cookie / Data Key name"),
        ) else {
            return Err(Error::Data {
                name: source.into(),
                message: "not an Open Cookie Database CSV (missing Platform, Category or Cookie / Data Key name)".into(),
            });
        };
        let (domain, retention, controller, wildcard) = (
            col("Domain"),
            col("Retention period"),
            col("Data Controller"),
            col("Wildcard match"),
        );
        let mut t = CookieTable {
            source: source.into(),
            ..CookieTable::default()
        };
        for rec in rdr.records() {
            let Ok(rec) = rec else {
                t.skipped += 1;
                continue;
            };
            let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").trim();
            let cookie = get(Some(name));
            if cookie.is_empty() {
                t.skipped += 1;
                continue;
            }
            let purpose = match get(Some(category)).to_ascii_lowercase().as_str() {
                "analytics" => Category::Analytics,
                "marketing" => Category::Advertising,
                "functional" | "security" | "necessary" => Category::Essential,
                _ => Category::Other,
            };
            let d = get(domain).trim_start_matches('.').to_ascii_lowercase();
            // Only a domain that names a host narrows the match ("(3rd party)" etc. do not).
            let d = if d.contains('.') && !d.contains(' ') {
                registrable_domain(&d)
            } else {
                String::new()
            };
            let info = CookieInfo {
                platform: get(Some(platform)).to_string(),
                company: get(controller).to_string(),
                purpose,
                domain: d,
                retention_days: parse_retention(get(retention)),
            };
            let name = if get(wildcard) == "1" {
                format!("{cookie}*")
            } else {
                cookie.to_string()
            };
            t.add(&name, info);
        }
        t.finish();
        Ok(t)
    }

    fn add(&mut self, name: &str, info: CookieInfo) {
        match name.strip_suffix('*') {
            Some(prefix) if !prefix.is_empty() => self.prefixes.push((prefix.to_string(), info)),
            _ => self.exact.entry(name.to_string()).or_default().push(info),
        }
    }

    fn finish(&mut self) {
        self.prefixes.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
    }

    /// What the cookie `name` set on `domain` is, if known. Domain-restricted
    /// entries win over unrestricted ones for the same name.
    pub fn lookup(&self, name: &str, domain: &str) -> Option<&CookieInfo> {
        let host = domain.trim_start_matches('.').to_ascii_lowercase();
        if let Some(i) = self
            .exact
            .get(name)
            .and_then(|list| pick(list.iter(), &host))
        {
            return Some(i);
        }
        pick(
            self.prefixes
                .iter()
                .filter(|(p, _)| name.starts_with(p.as_str()))
                .map(|(_, i)| i),
            &host,
        )
    }

    /// Number of names and prefixes known.
    pub fn len(&self) -> usize {
        self.exact.values().map(Vec::len).sum::<usize>() + self.prefixes.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Among entries that fit `host`, the domain-restricted one, else the first.
fn pick<'a>(cands: impl Iterator<Item = &'a CookieInfo>, host: &str) -> Option<&'a CookieInfo> {
    let fitting: Vec<&CookieInfo> = cands
        .filter(|i| i.domain.is_empty() || host_within(host, &i.domain))
        .collect();
    fitting
        .iter()
        .find(|i| !i.domain.is_empty())
        .or(fitting.first())
        .copied()
}

/// "2 years", "13 months", "30 days", "1 hour", "session" → days.
fn parse_retention(s: &str) -> Option<f64> {
    let s = s.to_ascii_lowercase();
    let mut words = s.split_whitespace();
    let n: f64 = words.next()?.parse().ok()?;
    let unit = words.next().unwrap_or("");
    let days = if unit.starts_with("year") {
        365.0
    } else if unit.starts_with("month") {
        30.0
    } else if unit.starts_with("week") {
        7.0
    } else if unit.starts_with("day") {
        1.0
    } else if unit.starts_with("hour") {
        1.0 / 24.0
    } else if unit.starts_with("minute") {
        1.0 / 1440.0
    } else {
        return None;
    };
    Some(n * days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_matches_names_prefixes_and_domains() {
        let t = CookieTable::builtin();
        assert!(t.len() >= 200, "{}", t.len());
        let ga = t.lookup("_ga", ".example.com").unwrap();
        assert_eq!(
            (ga.company.as_str(), ga.purpose),
            ("Google", Category::Analytics)
        );
        assert_eq!(
            t.lookup("_ga_ABC123", "example.com").unwrap().purpose,
            Category::Analytics
        );
        assert_eq!(
            t.lookup("Hm_lvt_0123abcd", "example.cn").unwrap().company,
            "Baidu"
        );
        let fr = t.lookup("fr", ".facebook.com").unwrap();
        assert_eq!(
            (fr.company.as_str(), fr.purpose),
            ("Meta", Category::Advertising)
        );
        assert!(
            t.lookup("fr", "shop.example").is_none(),
            "fr is ambiguous off facebook.com"
        );
        assert!(t.lookup("definitely_unknown_cookie", "x.test").is_none());
    }

    #[test]
    fn reads_open_cookie_database_rows() {
        let csv = "ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n\
            1,Acme,Marketing,acm_,acme.test,x,2 years,Acme Inc,,1\n\
            2,Acme,Analytics,acme_id,,x,30 days,Acme Inc,,0\n\
            3,,,,,,,,,\n";
        let t = CookieTable::from_open_cookie_database("ocd.csv", csv).unwrap();
        let a = t.lookup("acm_123", "px.acme.test").unwrap();
        assert_eq!(
            (a.purpose, a.retention_days),
            (Category::Advertising, Some(730.0))
        );
        assert!(t.lookup("acm_123", "other.test").is_none());
        assert_eq!(
            t.lookup("acme_id", "x.test").unwrap().retention_days,
            Some(30.0)
        );
        assert_eq!(t.skipped, 1);
        assert!(CookieTable::from_open_cookie_database("x.csv", "a,b\n1,2\n").is_err());
    }
}
