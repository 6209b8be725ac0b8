//! Observations in, classified observations out: party (eTLD+1), beacons,
//! tracker verdicts from filter lists, company and category from entity data,
//! cookie platform and purpose. Sources layer by precedence: user files, then
//! downloaded lists, then the built-in knowledge; `rule` says which decided.
#![deny(clippy::string_slice)]

pub mod cookies;
pub mod entities;
pub mod payload;
pub mod rules;
pub mod tcf_vendors;
pub mod update;

use crate::error::{Error, Result};
use crate::model::{BehaviourKind, Category, Party, ResourceType, SiteRecord};
use cookies::CookieTable;
use entities::{Entity, EntityMap};
use rules::{ListSource, Origin, RuleEngine};
use std::path::{Path, PathBuf};

/// Everything classification knows, in precedence order.
pub struct Knowledge {
    /// Filter lists (user lists first), if any were loaded.
    pub rules: Option<RuleEngine>,
    /// Entity maps, highest precedence first; the built-in map is last.
    pub entities: Vec<EntityMap>,
    /// Cookie tables, highest precedence first; the built-in table is last.
    pub cookies: Vec<CookieTable>,
    /// Problems met while loading (malformed lines, unreadable cache).
    pub warnings: Vec<String>,
}

impl std::fmt::Debug for Knowledge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Knowledge")
            .field(
                "lists",
                &self.rules.as_ref().map(|r| r.lists.len()).unwrap_or(0),
            )
            .field(
                "entities",
                &self
                    .entities
                    .iter()
                    .map(|e| e.source.as_str())
                    .collect::<Vec<_>>(),
            )
            .field(
                "cookies",
                &self
                    .cookies
                    .iter()
                    .map(|c| c.source.as_str())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// Which knowledge to load.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeOptions {
    /// `--lists FILE` (Adblock Plus syntax).
    pub lists: Vec<PathBuf>,
    /// `--entities FILE` (third-party-web, Disconnect or DuckDuckGo format).
    pub entities: Vec<PathBuf>,
    /// `--cookie-db FILE` (Open Cookie Database CSV).
    pub cookie_db: Vec<PathBuf>,
    /// Directory of `trackaudit lists update` downloads; also holds the
    /// engine cache. `None`: built-in knowledge and user files only.
    pub cache_dir: Option<PathBuf>,
}

fn read(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

impl Knowledge {
    /// The built-in knowledge alone.
    pub fn builtin() -> Knowledge {
        Knowledge {
            rules: None,
            entities: vec![EntityMap::builtin()],
            cookies: vec![CookieTable::builtin()],
            warnings: Vec::new(),
        }
    }

    /// Loads user files, downloaded lists (from `cache_dir`) and the built-in
    /// knowledge. A user file that cannot be read is an error; malformed lines
    /// in it are warnings.
    pub fn load(opts: &KnowledgeOptions) -> Result<Knowledge> {
        let mut k = Knowledge::builtin();
        let (mut entities, mut cookies, mut sources) = (Vec::new(), Vec::new(), Vec::new());
        for p in &opts.lists {
            sources.push(ListSource {
                name: file_name(p),
                text: read(p)?,
                origin: Origin::User,
            });
        }
        for p in &opts.entities {
            entities.push(EntityMap::from_file_text(
                &format!("user:{}", file_name(p)),
                &read(p)?,
            )?);
        }
        for p in &opts.cookie_db {
            cookies.push(CookieTable::from_open_cookie_database(
                &format!("user:{}", file_name(p)),
                &read(p)?,
            )?);
        }
        if let Some(dir) = &opts.cache_dir {
            for src in update::SOURCES {
                if matches!(src.kind, update::Kind::ConsentRules) {
                    continue; // read by the binary for the browser engine
                }
                let path = dir.join(src.file);
                let Ok(text) = read(&path) else { continue };
                let loaded = match src.kind {
                    update::Kind::FilterList => {
                        sources.push(ListSource {
                            name: src.name.into(),
                            text,
                            origin: Origin::Downloaded,
                        });
                        Ok(())
                    }
                    update::Kind::Entities => {
                        EntityMap::from_file_text(&format!("downloaded:{}", src.name), &text)
                            .map(|m| entities.push(m))
                    }
                    update::Kind::CookieDb => CookieTable::from_open_cookie_database(
                        &format!("downloaded:{}", src.name),
                        &text,
                    )
                    .map(|t| cookies.push(t)),
                    update::Kind::ConsentRules => Ok(()),
                };
                if let Err(e) = loaded {
                    k.warnings
                        .push(format!("ignoring downloaded {}: {e}", path.display()));
                }
            }
        }
        for m in &entities {
            if m.skipped > 0 {
                k.warnings.push(format!(
                    "{}: {} malformed entries skipped",
                    m.source, m.skipped
                ));
            }
        }
        for c in &cookies {
            if c.skipped > 0 {
                k.warnings.push(format!(
                    "{}: {} malformed rows skipped",
                    c.source, c.skipped
                ));
            }
        }
        if !sources.is_empty() {
            let engine_cache = opts.cache_dir.as_ref().map(|d| d.join("engine"));
            let engine = RuleEngine::build(sources, engine_cache.as_deref())?;
            for l in &engine.lists {
                if l.malformed > 0 {
                    let examples: Vec<String> = l
                        .malformed_examples
                        .iter()
                        .map(|(n, t)| format!("line {n}: {t}"))
                        .collect();
                    k.warnings.push(format!(
                        "{}: {} malformed rules skipped ({})",
                        l.name,
                        l.malformed,
                        examples.join("; ")
                    ));
                }
            }
            k.rules = Some(engine);
        }
        entities.append(&mut k.entities);
        cookies.append(&mut k.cookies);
        k.entities = entities;
        k.cookies = cookies;
        Ok(k)
    }

    /// The entity for `host` from the highest-precedence source that knows it,
    /// with the source's name and the matching domain.
    pub fn entity(&self, host: &str) -> Option<(&str, &str, &Entity)> {
        self.entities
            .iter()
            .find_map(|m| m.lookup(host).map(|(k, e)| (m.source.as_str(), k, e)))
    }

    /// Company and product names a policy may use: (alias, canonical company).
    pub fn party_aliases(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = self
            .entities
            .iter()
            .flat_map(|m| m.aliases.iter().cloned())
            .collect();
        v.sort();
        v.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0));
        v
    }

    /// Fills the classification columns of one site's requests and cookies.
    pub fn classify(&self, rec: &mut SiteRecord) {
        let site_host = url::Url::parse(if rec.final_url.is_empty() {
            &rec.site
        } else {
            &rec.final_url
        })
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
        let site_company = self.entity(&site_host).map(|(_, _, e)| e.company.clone());
        for r in &mut rec.visit.requests {
            let entity = self.entity(&r.domain);
            let kind = r.resource_type.unwrap_or(ResourceType::Other);
            let source_url = if r.initiator.is_empty() {
                r.page_url.as_str()
            } else {
                r.initiator.as_str()
            };
            let matched = self
                .rules
                .as_ref()
                .and_then(|e| e.check(&r.url, source_url, kind).map(|m| (e, m)));
            if let Some((_, _, e)) = entity {
                r.company = e.company.clone();
                r.category = Some(e.category);
            }
            r.same_owner = r.party == Some(Party::Third)
                && site_company.is_some()
                && site_company.as_deref() == entity.map(|(_, _, e)| e.company.as_str());
            match matched {
                Some((engine, m)) if !m.exception => {
                    let list = &engine.lists[m.list];
                    r.tracker = Some(true);
                    r.rule = format!("{}:{}: {}", origin_label(list.origin), list.name, m.filter);
                    if r.category.is_none() {
                        r.category = list.category_hint();
                    }
                    if matches!(
                        kind,
                        ResourceType::Image | ResourceType::Ping | ResourceType::Beacon
                    ) {
                        r.beacon = true;
                    }
                }
                Some((engine, m)) => {
                    let list = &engine.lists[m.list];
                    r.tracker = Some(false);
                    r.rule = format!("{}:{}: {}", origin_label(list.origin), list.name, m.filter);
                }
                None => match entity {
                    Some((source, key, e)) => {
                        r.tracker = Some(e.category.is_tracking());
                        r.rule = format!("{source}: {key}");
                    }
                    None => r.tracker = Some(false),
                },
            }
        }
        for c in &mut rec.visit.cookies {
            let host = c.domain.trim_start_matches('.');
            if let Some(info) = self.cookies.iter().find_map(|t| t.lookup(&c.name, host)) {
                c.purpose = Some(info.purpose);
                c.company = info.company.clone();
            }
            if let Some((_, _, e)) = self.entity(host) {
                if c.company.is_empty() {
                    c.company = e.company.clone();
                }
                if c.purpose.is_none() && c.party == Some(Party::Third) {
                    c.purpose = Some(if e.category.is_tracking() {
                        e.category
                    } else {
                        Category::Other
                    });
                }
            }
        }
        // Behaviours: the company behind each instrumented script, and the
        // events decoded from the requests (replaced, so classifying twice
        // adds nothing).
        for b in &mut rec.visit.behaviours {
            if b.company.is_empty() {
                let host = url::Url::parse(&b.script_url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string));
                if let Some((_, _, e)) = host.and_then(|h| self.entity(&h)) {
                    b.company = e.company.clone();
                }
            }
        }
        rec.visit.behaviours.retain(|b| {
            !matches!(
                b.kind,
                Some(BehaviourKind::PixelEvent | BehaviourKind::KeyLogging)
            )
        });
        let decoded = payload::behaviours(&rec.visit.requests);
        rec.visit.behaviours.extend(decoded);
    }
}

fn origin_label(o: Origin) -> &'static str {
    match o {
        Origin::User => "list",
        Origin::Downloaded => "downloaded",
    }
}

/// The default directory for downloaded lists and caches:
/// `$TRACKAUDIT_CACHE`, else `$XDG_CACHE_HOME/trackaudit`, else `~/.cache/trackaudit`.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("TRACKAUDIT_CACHE") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("trackaudit"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("trackaudit"))
}
