//! `--engine both`: the browser's and the HTTP engine's visits of one site in,
//! their union out. Every request and cookie row says which engine saw it
//! (`engine`: http, browser or both); a row both saw is kept once.

use super::{Cookie, Request, Visit};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use strum::{Display, EnumString, IntoStaticStr, VariantArray};

/// Which engine observed a row (`engine` column, with `--engine both`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, Display, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum SeenBy {
    /// Only the HTTP engine: in the HTML or headers, but not made or kept by
    /// the browser (a `<noscript>` pixel, a cookie the browser refused).
    Http,
    /// Only the browser: made by scripts, or after the HTTP engine's view.
    Browser,
    /// Both engines.
    Both,
}

impl SeenBy {
    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A request's identity across engines: the page it was made for and its URL
/// (each redirect hop is its own row, so its URL says which hop it is).
fn request_key(r: &Request) -> (String, String, String) {
    (r.page_url.clone(), r.url.clone(), r.redirect_from.clone())
}

/// A cookie's identity across engines: name, domain (without the leading dot
/// some engines keep, in lower case) and path.
fn cookie_key(c: &Cookie) -> (String, String, String) {
    (
        c.name.clone(),
        c.domain.trim_start_matches('.').to_ascii_lowercase(),
        c.path.clone(),
    )
}

/// Folds `theirs` (the HTTP engine's rows) into `mine` (the browser's): a row
/// with the same key in both becomes `both`, the rest keep their engine.
fn fold<T, K: std::hash::Hash + Eq>(
    mine: &mut Vec<T>,
    theirs: Vec<T>,
    key: impl Fn(&T) -> K,
    engine: impl Fn(&mut T) -> &mut Option<SeenBy>,
) {
    for r in mine.iter_mut() {
        *engine(r) = Some(SeenBy::Browser);
    }
    let index: HashMap<K, usize> = mine.iter().enumerate().map(|(i, r)| (key(r), i)).collect();
    let mut added = Vec::new();
    for mut r in theirs {
        match index.get(&key(&r)) {
            Some(&i) => *engine(&mut mine[i]) = Some(SeenBy::Both),
            None => {
                *engine(&mut r) = Some(SeenBy::Http);
                added.push(r);
            }
        }
    }
    mine.extend(added);
}

impl Visit {
    /// Folds the HTTP engine's visit of the same site into this (the browser's)
    /// visit: rows both saw become `both`, rows only one saw keep their
    /// engine; HTTP-only rows follow the browser's, in their own order.
    /// Notes of the HTTP visit are kept, marked as such.
    pub fn union_with_http(&mut self, http: Visit) {
        fold(&mut self.requests, http.requests, request_key, |r| {
            &mut r.engine
        });
        fold(&mut self.cookies, http.cookies, cookie_key, |c| {
            &mut c.engine
        });
        self.errors
            .extend(http.errors.into_iter().map(|e| format!("http engine: {e}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CookieSource;

    fn req(page: &str, url: &str) -> Request {
        Request {
            page_url: page.into(),
            url: url.into(),
            ..Request::default()
        }
    }

    fn cookie(name: &str, domain: &str) -> Cookie {
        Cookie {
            name: name.into(),
            value_length: 1,
            domain: domain.into(),
            path: "/".into(),
            party: None,
            source: CookieSource::Header,
            set_by: String::new(),
            expires: String::new(),
            lifetime_days: None,
            secure: false,
            http_only: false,
            same_site: String::new(),
            company: String::new(),
            purpose: None,
            note: String::new(),
            consent_state: Default::default(),
            engine: None,
            partition_key: String::new(),
        }
    }

    #[test]
    fn union_keeps_every_row_once_and_says_who_saw_it() {
        let page = "https://shop.example/";
        let mut browser = Visit {
            requests: vec![req(page, page), req(page, "https://cdn.example/app.js")],
            cookies: vec![
                cookie("sid", ".shop.example"),
                cookie("_ga", "shop.example"),
            ],
            ..Visit::default()
        };
        let http = Visit {
            requests: vec![
                req(page, page),
                req(
                    page,
                    "https://www.facebook.com/tr?id=1&ev=PageView&noscript=1",
                ),
            ],
            cookies: vec![cookie("SID", "shop.example"), cookie("sid", "Shop.Example")],
            errors: vec!["timeout on /slow.js".into()],
            ..Visit::default()
        };
        browser.union_with_http(http);
        let seen: Vec<(&str, &str)> = browser
            .requests
            .iter()
            .map(|r| (r.url.as_str(), r.engine.unwrap().as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (page, "both"),
                ("https://cdn.example/app.js", "browser"),
                (
                    "https://www.facebook.com/tr?id=1&ev=PageView&noscript=1",
                    "http"
                ),
            ]
        );
        let cookies: Vec<(&str, &str)> = browser
            .cookies
            .iter()
            .map(|c| (c.name.as_str(), c.engine.unwrap().as_str()))
            .collect();
        // Cookie names are case-sensitive; domains are not.
        assert_eq!(
            cookies,
            [("sid", "both"), ("_ga", "browser"), ("SID", "http")]
        );
        assert_eq!(browser.errors, ["http engine: timeout on /slow.js"]);
    }
}
