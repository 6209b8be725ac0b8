//! Classified requests in, behaviours out: tracker payloads decoded into
//! readable events (`pixel_event`: the Meta pixel's event and advanced-matching
//! fields, Google Analytics hits, Google Ads / Floodlight conversions and
//! remarketing flags), and requests that carry what the browser engine typed
//! into a form (`key_logging`: the probe text plain, URL- or base64-encoded,
//! or as its MD5, SHA-1 or SHA-256), marked `pii` when the typed email reaches
//! a third party.

use crate::model::{
    Behaviour, BehaviourKind, Party, Request, PROBE_EMAIL, PROBE_PASSWORD, PROBE_TEXT,
};
use base64::Engine as _;
use md5::Digest as _;
use url::Url;

/// Longest `detail` cell.
const MAX_DETAIL: usize = 400;
/// Most events decoded from one request body (GA4 batches hits, one a line).
const MAX_BATCH: usize = 20;

/// The behaviours a visit's requests show (in request order).
pub fn behaviours(requests: &[Request]) -> Vec<Behaviour> {
    static PROBES: std::sync::OnceLock<Probes> = std::sync::OnceLock::new();
    let probes = PROBES.get_or_init(Probes::new);
    let mut out = Vec::new();
    for r in requests {
        out.extend(pixel_events(r));
        if let Some(b) = probes.leak(r) {
            out.push(b);
        }
    }
    out
}

/// Query-string pairs of a URL's query, or of a form-encoded body line.
fn pairs(s: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(s.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn get<'a>(p: &'a [(String, String)], key: &str) -> Option<&'a str> {
    p.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn event(r: &Request, detail: String) -> Behaviour {
    Behaviour {
        page_url: r.page_url.clone(),
        kind: Some(BehaviourKind::PixelEvent),
        script_url: r.initiator.clone(),
        company: r.company.clone(),
        detail: crate::text::bounded(&detail, MAX_DETAIL),
        sent_to: r.url.clone(),
        party: r.party,
        pii: false,
        consent_state: r.consent_state,
    }
}

/// Decoded tracker events of one request (none for other requests).
fn pixel_events(r: &Request) -> Vec<Behaviour> {
    let Ok(u) = Url::parse(&r.url) else {
        return Vec::new();
    };
    let host = u.host_str().unwrap_or_default();
    let path = u.path();
    let query = pairs(u.query().unwrap_or_default());
    let body_lines = || {
        r.post_data
            .lines()
            .take(MAX_BATCH)
            .map(pairs)
            .collect::<Vec<_>>()
    };
    let facebook = host == "facebook.com" || host.ends_with(".facebook.com");
    if facebook && (path == "/tr" || path == "/tr/") {
        return vec![event(r, meta_pixel(&query))];
    }
    let ga = host.ends_with("google-analytics.com")
        || host == "analytics.google.com"
        || host == "stats.g.doubleclick.net";
    if ga && path.ends_with("/collect") {
        // GA4 sends the shared fields in the query and one event a body line.
        let mut out = Vec::new();
        let lines = body_lines();
        if lines.is_empty() || !path.starts_with("/g/") {
            out.push(event(r, google_hit(&query, &[])));
        } else {
            for line in lines {
                out.push(event(r, google_hit(&query, &line)));
            }
        }
        return out;
    }
    if host.ends_with("doubleclick.net") || host == "www.googleadservices.com" {
        if let Some(d) = google_ads(path, &query) {
            return vec![event(r, d)];
        }
    }
    Vec::new()
}

/// The Meta pixel: `id`, `ev`, custom data `cd[...]`, advanced matching `ud[...]`.
fn meta_pixel(q: &[(String, String)]) -> String {
    let mut d = format!(
        "Meta pixel {}: {}",
        get(q, "id").unwrap_or("?"),
        get(q, "ev").unwrap_or("(no event)")
    );
    let matching: Vec<&str> = q
        .iter()
        .filter_map(|(k, _)| k.strip_prefix("ud[")?.strip_suffix(']'))
        .collect();
    if !matching.is_empty() {
        d.push_str(&format!(
            "; advanced matching: {}",
            matching
                .iter()
                .map(|f| match *f {
                    "em" => "em (hashed email)",
                    "ph" => "ph (hashed phone)",
                    "fn" => "fn (hashed first name)",
                    "ln" => "ln (hashed last name)",
                    "external_id" => "external_id",
                    other => other,
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let custom: Vec<String> = q
        .iter()
        .filter_map(|(k, v)| Some(format!("{}={v}", k.strip_prefix("cd[")?.strip_suffix(']')?)))
        .collect();
    if !custom.is_empty() {
        d.push_str(&format!("; custom data: {}", custom.join(", ")));
    }
    if get(q, "noscript").is_some() {
        d.push_str("; noscript image");
    }
    d
}

/// A Google Analytics hit (GA4 `en`, Universal `t`), its property and client id.
fn google_hit(q: &[(String, String)], line: &[(String, String)]) -> String {
    let field = |k: &str| get(line, k).or_else(|| get(q, k));
    let what = field("en")
        .map(|e| format!("event {e}"))
        .or_else(|| field("t").map(|t| format!("hit {t}")))
        .unwrap_or_else(|| "hit".into());
    let mut d = format!("Google Analytics {}: {what}", field("tid").unwrap_or("?"));
    if let Some(cid) = field("cid") {
        d.push_str(&format!("; client id {cid}"));
    }
    if let Some(uid) = field("uid") {
        d.push_str(&format!("; user id {uid}"));
    }
    let params: Vec<String> = line
        .iter()
        .chain(q.iter())
        .filter_map(|(k, v)| {
            let name = k.strip_prefix("ep.").or_else(|| k.strip_prefix("epn."))?;
            Some(format!("{name}={v}"))
        })
        .collect();
    if !params.is_empty() {
        d.push_str(&format!("; params: {}", params.join(", ")));
    }
    d
}

/// Google Ads conversions and remarketing, and Floodlight activities.
fn google_ads(path: &str, q: &[(String, String)]) -> Option<String> {
    if let Some(rest) = path.strip_prefix("/ddm/activity/") {
        // Floodlight: `;`-separated key=value pairs in the path.
        let kv: Vec<(&str, &str)> = rest.split(';').filter_map(|p| p.split_once('=')).collect();
        let field = |k: &str| kv.iter().find(|(x, _)| *x == k).map(|(_, v)| *v);
        return Some(format!(
            "Floodlight activity: advertiser {}, type {}, category {}",
            field("src").unwrap_or("?"),
            field("type").unwrap_or("?"),
            field("cat").unwrap_or("?")
        ));
    }
    let kind = if path.contains("/viewthroughconversion/") {
        "remarketing / view-through conversion"
    } else if path.contains("/conversion/") {
        "conversion"
    } else {
        return None;
    };
    let id = path
        .split('/')
        .filter(|s| !s.is_empty())
        .find(|s| s.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or("?");
    let mut d = format!("Google Ads {kind} {id}");
    let flags: Vec<String> = ["label", "rdp", "npa", "gdpr", "value", "currency_code"]
        .iter()
        .filter_map(|k| get(q, k).map(|v| format!("{k}={v}")))
        .collect();
    if !flags.is_empty() {
        d.push_str(&format!("; {}", flags.join(", ")));
    }
    Some(d)
}

/// The typed probe values in every form a key logger sends them.
struct Probes {
    /// (label, is the email, case-sensitive, needle); case-insensitive
    /// needles are in lower case.
    needles: Vec<(String, bool, bool, String)>,
}

impl Probes {
    fn new() -> Probes {
        let mut needles = Vec::new();
        for (what, value, email) in [
            ("email", PROBE_EMAIL, true),
            ("text", PROBE_TEXT, false),
            ("password", PROBE_PASSWORD, false),
        ] {
            let b64 = base64::engine::general_purpose::STANDARD;
            let forms = [
                ("plain", value.to_lowercase()),
                (
                    "url-encoded",
                    url::form_urlencoded::byte_serialize(value.as_bytes())
                        .collect::<String>()
                        .to_lowercase(),
                ),
                // JavaScript's encodeURIComponent: `%20` for a space.
                ("url-encoded", encode_uri_component(value).to_lowercase()),
                // Base64 is case-sensitive: matched as sent, so not lowered.
                ("base64", b64.encode(value)),
                ("md5", hex(&md5::Md5::digest(value.as_bytes()))),
                ("sha1", hex(&sha1::Sha1::digest(value.as_bytes()))),
                ("sha256", hex(&sha2::Sha256::digest(value.as_bytes()))),
            ];
            for (form, needle) in forms {
                if needles.iter().any(|(_, _, _, n)| *n == needle) {
                    continue;
                }
                needles.push((format!("{what} ({form})"), email, form == "base64", needle));
            }
            if email {
                // Advanced matching normalises to lower case before hashing.
                let lower = value.to_lowercase();
                needles.push((
                    "email (sha256, lower case)".into(),
                    true,
                    false,
                    hex(&sha2::Sha256::digest(lower.as_bytes())),
                ));
            }
        }
        Probes { needles }
    }

    /// A key-logging behaviour when the request carries typed text.
    fn leak(&self, r: &Request) -> Option<Behaviour> {
        let hay = format!("{}\n{}", r.url, r.post_data);
        let lower = hay.to_lowercase();
        let found: Vec<&(String, bool, bool, String)> = self
            .needles
            .iter()
            .filter(|(_, _, exact, n)| if *exact { &hay } else { &lower }.contains(n.as_str()))
            .collect();
        if found.is_empty() {
            return None;
        }
        let third = r.party == Some(Party::Third);
        let email = found.iter().any(|(_, e, _, _)| *e);
        let mut what: Vec<&str> = Vec::new();
        for (w, _, _, _) in &found {
            if !what.contains(&w.as_str()) {
                what.push(w);
            }
        }
        Some(Behaviour {
            page_url: r.page_url.clone(),
            kind: Some(BehaviourKind::KeyLogging),
            script_url: r.initiator.clone(),
            company: r.company.clone(),
            detail: crate::text::bounded(
                &format!(
                    "typed {} sent to {} ({}-party) before any submit",
                    what.join(", "),
                    r.domain,
                    if third { "third" } else { "first" }
                ),
                MAX_DETAIL,
            ),
            sent_to: r.url.clone(),
            party: r.party,
            pii: email && third,
            consent_state: r.consent_state,
        })
    }
}

/// `encodeURIComponent`: every byte but `A-Z a-z 0-9 - _ . ! ~ * ' ( )`
/// percent-encoded.
fn encode_uri_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(url: &str, body: &str, party: Party) -> Request {
        Request {
            page_url: "https://shop.example/".into(),
            url: url.into(),
            domain: Url::parse(url).unwrap().host_str().unwrap().into(),
            party: Some(party),
            post_data: body.into(),
            initiator: "https://shop.example/app.js".into(),
            ..Request::default()
        }
    }

    fn details(r: Request) -> Vec<String> {
        behaviours(&[r]).into_iter().map(|b| b.detail).collect()
    }

    #[test]
    fn meta_pixel_events_and_advanced_matching() {
        let d = details(req(
            "https://www.facebook.com/tr/?id=4242&ev=Purchase&cd[value]=9.99&cd[currency]=EUR&ud[em]=ab12&ud[ph]=cd34",
            "",
            Party::Third,
        ));
        assert_eq!(
            d,
            ["Meta pixel 4242: Purchase; advanced matching: em (hashed email), ph (hashed phone); custom data: value=9.99, currency=EUR"]
        );
        let d = details(req(
            "https://www.facebook.com/tr?id=1&ev=PageView&noscript=1",
            "",
            Party::Third,
        ));
        assert_eq!(d, ["Meta pixel 1: PageView; noscript image"]);
        // Not the pixel endpoint.
        assert!(details(req(
            "https://www.facebook.com/plugins/like.php",
            "",
            Party::Third
        ))
        .is_empty());
    }

    #[test]
    fn google_analytics_hits_ga4_batches_and_ads() {
        let d = details(req(
            "https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC123&cid=111.222",
            "en=page_view&ep.section=news\nen=scroll&epn.percent=90",
            Party::Third,
        ));
        assert_eq!(
            d,
            [
                "Google Analytics G-ABC123: event page_view; client id 111.222; params: section=news",
                "Google Analytics G-ABC123: event scroll; client id 111.222; params: percent=90",
            ]
        );
        let d = details(req(
            "https://www.google-analytics.com/collect?v=1&t=pageview&tid=UA-1-1&cid=5",
            "",
            Party::Third,
        ));
        assert_eq!(d, ["Google Analytics UA-1-1: hit pageview; client id 5"]);
        let d = details(req(
            "https://googleads.g.doubleclick.net/pagead/viewthroughconversion/987654/?label=abc&npa=1&rdp=0",
            "",
            Party::Third,
        ));
        assert_eq!(
            d,
            ["Google Ads remarketing / view-through conversion 987654; label=abc, rdp=0, npa=1"]
        );
        let d = details(req(
            "https://ad.doubleclick.net/ddm/activity/src=4242;type=visit;cat=home;ord=1",
            "",
            Party::Third,
        ));
        assert_eq!(
            d,
            ["Floodlight activity: advertiser 4242, type visit, category home"]
        );
    }

    #[test]
    fn typed_text_is_found_in_every_form_a_logger_sends_it() {
        let email_md5 = hex(&md5::Md5::digest(PROBE_EMAIL.as_bytes()));
        let b64 = base64::engine::general_purpose::STANDARD.encode(PROBE_TEXT);
        let cases = [
            (
                format!("https://rec.example/k?v={email_md5}"),
                "",
                "email (md5)",
                true,
            ),
            (
                "https://rec.example/k".to_string(),
                "{\"typed\":\"Q.PROBEWRIGHT@EXAMPLE.ORG\"}",
                "email (plain)",
                true,
            ),
            (
                format!("https://rec.example/k?d={b64}"),
                "",
                "text (base64)",
                false,
            ),
            (
                "https://rec.example/k?n=Q+Probewright".to_string(),
                "",
                "text (url-encoded)",
                false,
            ),
            // encodeURIComponent's form.
            (
                "https://rec.example/k?n=Q%20Probewright".to_string(),
                "",
                "text (url-encoded)",
                false,
            ),
        ];
        for (url, body, label, pii) in cases {
            let b = behaviours(&[req(&url, body, Party::Third)]);
            assert_eq!(b.len(), 1, "{url}");
            assert_eq!(b[0].kind, Some(BehaviourKind::KeyLogging));
            assert!(b[0].detail.contains(label), "{url}: {}", b[0].detail);
            assert_eq!(b[0].pii, pii, "{url}");
        }
        // The email sent to the site itself is key logging, but not PII to a third party.
        let own = behaviours(&[req(
            &format!("https://shop.example/save?e={}", PROBE_EMAIL),
            "",
            Party::First,
        )]);
        assert!(!own[0].pii);
        // Nothing typed in it: nothing found.
        assert!(
            behaviours(&[req("https://rec.example/k?v=hello", "a=b", Party::Third)]).is_empty()
        );
    }
}
