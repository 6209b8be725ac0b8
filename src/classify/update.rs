//! Upstream list sources in, a local cache of current lists out
//! (`trackaudit lists update` / `lists show`): conditional downloads
//! (ETag / If-Modified-Since), and a cached list is replaced only after the
//! new one parses.
#![deny(clippy::string_slice)]

use super::cookies::CookieTable;
use super::entities::EntityMap;
use super::rules::{ListSource, Origin, RuleEngine};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Duration;

/// What a source holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Adblock Plus filter list.
    FilterList,
    /// third-party-web entity JSON.
    Entities,
    /// Open Cookie Database CSV.
    CookieDb,
    /// Consent-O-Matic consent-manager rules (JSON), used with `--consent`.
    ConsentRules,
}

/// The cached Consent-O-Matic rule list's file name.
pub const CONSENT_RULES_FILE: &str = "consent-o-matic-rules.json";

/// An upstream list.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    /// Short name (`easyprivacy`, `entities` ...).
    pub name: &'static str,
    /// File name in the cache directory.
    pub file: &'static str,
    /// Where upstream publishes it.
    pub url: &'static str,
    /// What kind of data it holds.
    pub kind: Kind,
    /// The licence it is published under.
    pub license: &'static str,
}

/// The lists `trackaudit lists update` maintains.
pub const SOURCES: &[Source] = &[
    Source {
        name: "easyprivacy",
        file: "easyprivacy.txt",
        url: "https://easylist.to/easylist/easyprivacy.txt",
        kind: Kind::FilterList,
        license: "GPL-3.0-only OR CC-BY-SA-3.0",
    },
    Source {
        name: "easylist",
        file: "easylist.txt",
        url: "https://easylist.to/easylist/easylist.txt",
        kind: Kind::FilterList,
        license: "GPL-3.0-only OR CC-BY-SA-3.0",
    },
    Source {
        name: "open-cookie-database",
        file: "open-cookie-database.csv",
        url: "https://raw.githubusercontent.com/jkwakman/Open-Cookie-Database/master/open-cookie-database.csv",
        kind: Kind::CookieDb,
        license: "Apache-2.0",
    },
    Source {
        name: "third-party-web",
        file: "third-party-web-entities.json",
        url: "https://raw.githubusercontent.com/patrickhulce/third-party-web/master/dist/entities.json",
        kind: Kind::Entities,
        license: "MIT",
    },
    Source {
        name: "consent-o-matic",
        file: CONSENT_RULES_FILE,
        url: "https://raw.githubusercontent.com/cavi-au/Consent-O-Matic/master/Rules.json",
        kind: Kind::ConsentRules,
        license: "MIT",
    },
];

/// Largest list accepted.
const MAX_LIST_BYTES: usize = 64 * 1024 * 1024;

/// What is recorded next to a cached list (`<file>.meta.json`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Meta {
    /// The URL it was downloaded from.
    pub url: String,
    /// The `ETag` upstream sent, for a conditional request.
    pub etag: String,
    /// The `Last-Modified` upstream sent, for a conditional request.
    pub last_modified: String,
    /// When the content last changed here (RFC 3339).
    pub fetched: String,
    /// When upstream was last asked (RFC 3339).
    pub checked: String,
    /// `! Version:` of a filter list, else empty.
    pub version: String,
    /// Rules, entities or cookie names parsed.
    pub entries: usize,
    /// Size of the cached file.
    pub bytes: usize,
}

/// Outcome of updating one source.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Downloaded, validated and stored.
    Updated,
    /// Upstream answered 304: the cached copy is current.
    NotModified,
    /// The download or validation failed (why); the cached copy is kept.
    Failed(String),
}

/// Result of updating one source.
#[derive(Debug, Clone)]
pub struct Updated {
    /// The source's short name.
    pub name: &'static str,
    /// What happened.
    pub outcome: Outcome,
    /// What is recorded for the cached copy now, if there is one.
    pub meta: Option<Meta>,
}

fn meta_path(dir: &Path, src: &Source) -> std::path::PathBuf {
    dir.join(format!("{}.meta.json", src.file))
}

/// Reads the recorded metadata of a cached list.
pub fn read_meta(dir: &Path, src: &Source) -> Option<Meta> {
    serde_json::from_slice(&std::fs::read(meta_path(dir, src)).ok()?).ok()
}

/// Parses a downloaded list; returns (entries, version), or why it is unusable
/// (an [`Error::Data`] naming the source).
pub fn validate(src: &Source, text: &str) -> Result<(usize, String)> {
    let empty = |what: &str| Error::Data {
        name: src.name.into(),
        message: format!("no {what} in the download"),
    };
    match src.kind {
        Kind::FilterList => {
            let e = RuleEngine::build(
                vec![ListSource {
                    name: src.name.into(),
                    text: text.into(),
                    origin: Origin::Downloaded,
                }],
                None,
            )?;
            let l = &e.lists[0];
            if l.rules == 0 {
                return Err(empty("filter rules"));
            }
            Ok((l.rules, l.version.clone()))
        }
        Kind::Entities => {
            let m = EntityMap::from_file_text(src.name, text)?;
            if m.is_empty() {
                return Err(empty("entities"));
            }
            Ok((m.len(), String::new()))
        }
        Kind::CookieDb => {
            let t = CookieTable::from_open_cookie_database(src.name, text)?;
            if t.is_empty() {
                return Err(empty("cookies"));
            }
            Ok((t.len(), String::new()))
        }
        Kind::ConsentRules => {
            let rules = crate::crawl::browser::consent_rules::parse_consent_o_matic(text)?;
            if rules.is_empty() {
                return Err(empty("consent rules"));
            }
            Ok((rules.len(), String::new()))
        }
    }
}

/// Downloads every source (its URL, or `url_for(name)` when given) into `dir`.
/// One failing source does not stop the others.
pub async fn update(
    dir: &Path,
    client: &reqwest::Client,
    url_for: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Updated>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut out = Vec::new();
    for src in SOURCES {
        let url = url_for(src.name).unwrap_or_else(|| src.url.to_string());
        let old = read_meta(dir, src).filter(|m| m.url == url && dir.join(src.file).exists());
        let outcome = match fetch(client, &url, old.as_ref()).await {
            Err(e) => Outcome::Failed(e.to_string()),
            Ok(None) => {
                let mut m = old.clone().unwrap_or_default();
                m.checked = crate::clock::rfc3339(time::OffsetDateTime::now_utc());
                write_meta(dir, src, &m)?;
                Outcome::NotModified
            }
            Ok(Some((body, etag, last_modified))) => match validate(src, &body) {
                Err(e) => {
                    Outcome::Failed(format!("download does not parse, cached copy kept: {e}"))
                }
                Ok((entries, version)) => {
                    let now = crate::clock::rfc3339(time::OffsetDateTime::now_utc());
                    let tmp = dir.join(format!("{}.part", src.file));
                    std::fs::write(&tmp, &body).map_err(|e| Error::io(&tmp, e))?;
                    std::fs::rename(&tmp, dir.join(src.file)).map_err(|e| Error::io(dir, e))?;
                    let m = Meta {
                        url: url.clone(),
                        etag,
                        last_modified,
                        fetched: now.clone(),
                        checked: now,
                        version,
                        entries,
                        bytes: body.len(),
                    };
                    write_meta(dir, src, &m)?;
                    Outcome::Updated
                }
            },
        };
        out.push(Updated {
            name: src.name,
            outcome,
            meta: read_meta(dir, src),
        });
    }
    Ok(out)
}

fn write_meta(dir: &Path, src: &Source, m: &Meta) -> Result<()> {
    let p = meta_path(dir, src);
    std::fs::write(&p, serde_json::to_vec_pretty(m)?).map_err(|e| Error::io(&p, e))
}

/// GET with conditional headers: `Ok(None)` when not modified.
async fn fetch(
    client: &reqwest::Client,
    url: &str,
    old: Option<&Meta>,
) -> Result<Option<(String, String, String)>> {
    let failed = |message: String| Error::Download {
        url: url.to_string(),
        message,
    };
    let mut req = client.get(url);
    if let Some(m) = old {
        if !m.etag.is_empty() {
            req = req.header(reqwest::header::IF_NONE_MATCH, &m.etag);
        }
        if !m.last_modified.is_empty() {
            req = req.header(reqwest::header::IF_MODIFIED_SINCE, &m.last_modified);
        }
    }
    let mut resp = tokio::time::timeout(Duration::from_secs(60), req.send())
        .await
        .map_err(|_| failed("no response within 60 s".into()))?
        .map_err(|e| failed(e.to_string()))?;
    let status = resp.status();
    if status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(None);
    }
    if !status.is_success() {
        return Err(failed(format!("HTTP {}", status.as_u16())));
    }
    let header = |n: reqwest::header::HeaderName| {
        resp.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let (etag, last_modified) = (
        header(reqwest::header::ETAG),
        header(reqwest::header::LAST_MODIFIED),
    );
    let mut body = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(60), resp.chunk()).await {
            Ok(Ok(Some(c))) => {
                body.extend_from_slice(&c);
                if body.len() > MAX_LIST_BYTES {
                    return Err(failed(format!("larger than {MAX_LIST_BYTES} bytes")));
                }
            }
            Ok(Ok(None)) => break,
            Ok(Err(e)) => return Err(failed(e.to_string())),
            Err(_) => return Err(failed("download stalled".into())),
        }
    }
    Ok(Some((
        String::from_utf8_lossy(&body).into_owned(),
        etag,
        last_modified,
    )))
}
