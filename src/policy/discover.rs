//! Policy discovery: in go the links collected from crawled pages (or a sitemap, or
//! a page's text), out come ranked privacy/cookie-policy candidate URLs, fallback
//! paths to probe, and a score saying how much a text reads like a privacy policy.
//!
//! Everything here is a pure function over strings: no network, no parsing of HTML.
//! Matching works on a normalised form of the text (lower case, Latin accents
//! folded, punctuation turned into spaces), so "Datenschutzerklärung",
//! "datenschutzerklarung" and `/datenschutz-erklaerung` all meet the same terms.
#![deny(clippy::string_slice)]

use super::discover_words::{CONCEPTS, VOICE};
use crate::model::Link;
use std::collections::HashMap;
use std::sync::OnceLock;
use url::Url;

/// What a candidate link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// A privacy policy / notice / statement (possibly covering cookies too).
    Privacy,
    /// A separate cookie policy / notice.
    Cookie,
}

/// A link ranked as a possible policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Absolute URL without fragment.
    pub url: String,
    /// Higher is more likely; only positive scores are returned.
    pub score: i32,
    /// Privacy policy or cookie policy.
    pub kind: PolicyKind,
}

/// Paths to try when no link qualifies, most likely first.
#[rustfmt::skip]
pub const FALLBACK_PATHS: &[&str] = &[
    "/privacy", "/privacy-policy", "/privacy-notice", "/privacypolicy", "/privacy_policy",
    "/privacy/", "/privacy-policy/", "/legal/privacy", "/legal/privacy-policy", "/policies/privacy",
    "/about/privacy", "/privacy-statement", "/data-protection", "/datenschutz",
    "/datenschutzerklaerung", "/datenschutzerklarung", "/politique-de-confidentialite",
    "/confidentialite", "/privacidad", "/politica-de-privacidad", "/politica-de-privacidade",
    "/privacidade", "/informativa-privacy", "/privacybeleid", "/privacyverklaring",
    "/polityka-prywatnosci", "/integritetspolicy", "/privacy.html", "/privacy-policy.html",
    "/privacy.php", "/privacy.htm", "/privacy.txt", "/cookie-policy", "/cookies",
    "/cookie-policy.html",
];

// ---------------------------------------------------------------------------
// Vocabulary for links. Weights are for anchor text; titles count 70 %, URL
// path/query tokens 50 %; only the strongest term found counts. The tables are
// normalised at first use, so they are written with accents.

/// Names of a privacy policy (weight 100 in anchor text).
#[rustfmt::skip]
const PRIVACY_STRONG: &[&str] = &[
    "privacy policy", "privacy notice", "privacy statement", "privacy and cookie", "privacy cookie",
    "privacy & cookies", "data protection policy",
    "datenschutzerklärung", "datenschutzerklaerung", "datenschutzhinweis", "datenschutzrichtlinie",
    "datenschutzbestimmung", "datenschutzinformation",
    "politique de confidentialité", "politique confidentialité", "charte de confidentialité",
    "déclaration de confidentialité",
    "política de privacidad", "aviso de privacidad", "aviso de privacidade",
    "política de privacidade", "política de protección de datos", "política de privadesa",
    "informativa privacy", "informativa sulla privacy", "informativa sul trattamento",
    "privacybeleid", "privacyverklaring", "privacyreglement",
    "polityka prywatności",
    "integritetspolicy", "privatlivspolitik", "persondatapolitik", "personvernerklæring",
    "tietosuojaseloste", "tietosuojakäytäntö",
    "zásady ochrany osobních údajů", "ochrana osobních údajů", "ochrana osobných údajov",
    "adatvédelmi tájékoztató", "adatvédelmi nyilatkozat", "politica de confidențialitate",
    "varstvo osebnih podatkov", "politika privatnosti", "privatumo politika", "privātuma politika",
    "privaatsuspoliitika", "политика за поверителност", "zaštita privatnosti",
    "πολιτική απορρήτου",
    "политика конфиденциальности", "политика обработки персональных данных",
    "політика конфіденційності",
    "gizlilik politikası", "gizlilik sözleşmesi", "gizlilik bildirimi", "aydınlatma metni",
    "kişisel verilerin korunması",
    "سياسة الخصوصية", "מדיניות פרטיות", "מדיניות הפרטיות",
    "隐私政策", "隐私权政策", "隐私声明", "隱私權政策", "隱私政策", "隱私權聲明",
    "プライバシーポリシー", "個人情報保護方針", "個人情報の取り扱い", "個人情報の取扱い",
    "개인정보처리방침", "개인정보 처리방침", "개인정보취급방침", "개인정보보호정책", "개인정보 보호정책",
    "chính sách bảo mật", "chính sách quyền riêng tư", "นโยบายความเป็นส่วนตัว", "kebijakan privasi",
    "pemberitahuan privasi", "dasar privasi", "गोपनीयता नीति", "निजता नीति",
];

/// "Privacy", "data protection" and kin (weight 70).
#[rustfmt::skip]
const PRIVACY_MEDIUM: &[&str] = &[
    "data privacy", "privacy center", "privacy centre", "data protection", "privacy", "datenschutz",
    "protection des données", "confidentialité", "vie privée", "protección de datos",
    "proteção de dados", "privacidad", "privacidade", "privadesa", "gegevensbescherming",
    "prywatność", "integritetsskydd", "dataskydd", "privatlivs", "personvern", "tietosuoja",
    "ochrana soukromí", "ochrana súkromia", "adatvédelm", "adatvédelem", "confidențialitate",
    "protecția datelor", "privaatsus", "απόρρητ", "конфиденциальност", "конфіденційн", "gizlilik",
    "الخصوصية", "פרטיות", "个人信息保护", "隐私", "隱私權", "隱私", "個人資料保護", "隐私保护", "個人情報保護", "プライバシー", "개인정보",
    "quyền riêng tư", "ความเป็นส่วนตัว", "privasi", "गोपनीयता",
];

/// Related terms: personal data, privacy laws (weight 45).
#[rustfmt::skip]
const PRIVACY_WEAK: &[&str] = &[
    "personal data", "gdpr", "dsgvo", "données personnelles", "rgpd", "lgpd",
    "trattamento dei dati", "ochrona danych", "personuppgifter", "προσωπικά δεδομένα",
    "персональных данных", "персональних даних", "kvkk", "خصوصية", "個人情報", "bảo mật thông tin",
];

/// Names of a cookie policy (weight 90).
#[rustfmt::skip]
const COOKIE_STRONG: &[&str] = &[
    "cookie policy", "cookies policy", "cookie notice", "cookie statement", "use of cookies",
    "cookie richtlinie", "cookie hinweis", "cookie erklärung", "politique cookies",
    "politique de cookies", "politique relative aux cookies", "politica de cookies",
    "política de cookies", "informativa cookie", "cookiebeleid", "cookieverklaring",
    "polityka cookies", "cookiepolicy", "cookiepolitik", "evästekäytäntö",
    "политика использования файлов cookie", "クッキーポリシー", "쿠키 정책", "cookie政策",
];

/// The word "cookie(s)" alone (weight 45).
#[rustfmt::skip]
const COOKIE_WEAK: &[&str] = &[
    "evästeet", "cookie", "クッキー", "쿠키", "cookies",
];

/// Signs that a link is about privacy but is not the policy, with the penalty of
/// each group; within a group one match counts, groups add up.
#[rustfmt::skip]
const PENALTIES: &[(i32, &[&str])] = &[
    // Settings, choices, opt-out pages.
    (-150, &[
        "settings", "preferences", "preference center", "privacy choices", "your choices", "manage",
        "opt out", "optout", "do not sell", "do not share", "dont sell", "limit the use", "consent",
        "einstellungen", "paramètres", "gérer", "configuración", "preferencias", "impostazioni",
        "instellingen", "ustawienia", "inställningar", "indstillinger", "innstillinger",
        "asetukset", "nastavení", "beállítások", "setări", "ρυθμίσεις", "настройки", "налаштування",
        "ayarları", "ayarlar", "إعدادات", "הגדרות", "设置", "設定", "설정", "cài đặt", "การตั้งค่า",
        "pengaturan",
    ]),
    // Account and login.
    (-70, &[
        "login", "log in", "sign in", "signin", "sign up", "signup", "register", "account",
        "anmelden", "konto", "connexion", "mon compte", "iniciar sesión", "mi cuenta", "accedi",
        "inloggen", "zaloguj", "logga in", "войти", "личный кабинет", "giriş yap", "登录", "ログイン",
        "로그인", "dashboard", "profile",
    ]),
    // Content about privacy: blog posts, news, help articles.
    (-50, &[
        "blog", "news", "article", "press", "stories", "insights", "magazine", "podcast", "webinar",
        "events", "whitepaper", "case study", "forum", "community", "faq", "help", "support",
        "read more", "tips",
    ]),
    // Supplementary notices and archives: real policies, but not the main one.
    (-35, &[
        "california", "ccpa", "children", "kids", "employee", "applicant", "candidate", "recruit",
        "careers", "jobs", "vendor", "supplier", "health data", "archive", "archived", "previous",
        "prior version", "old version", "shield", "request", "portal", "report",
    ]),
    // Other legal pages mentioned alongside.
    (-10, &[
        "terms", "conditions", "agb", "impressum", "imprint", "legal notice", "mentions légales",
    ]),
];

/// Hosts whose links are never a site's policy (app stores, share intents).
#[rustfmt::skip]
const NEVER_HOSTS: &[&str] = &[
    "apps.apple.com", "itunes.apple.com", "play.google.com", "chrome.google.com",
    "chromewebstore.google.com", "appgallery.huawei.com", "microsoft.com/store",
    "facebook.com/sharer", "twitter.com/intent", "x.com/intent", "linkedin.com/share",
    "pinterest.com/pin/create", "reddit.com/submit", "wa.me", "t.me/share",
];

/// Platforms whose own policies are often linked from third-party widgets
/// (reCAPTCHA notices, "Google Privacy Policy"); they are not the site's policy.
#[rustfmt::skip]
const PLATFORMS: &[&str] = &[
    "google.com", "youtube.com", "facebook.com", "meta.com", "instagram.com", "twitter.com",
    "x.com", "linkedin.com", "microsoft.com", "apple.com", "amazon.com", "tiktok.com",
    "pinterest.com", "hcaptcha.com", "cloudflare.com", "paypal.com", "stripe.com", "adobe.com",
    "vimeo.com", "automattic.com", "wordpress.com", "wordpress.org", "shopify.com",
    "squarespace.com", "wix.com", "hubspot.com", "mailchimp.com", "intuit.com", "zendesk.com",
    "salesforce.com", "yandex.ru", "baidu.com", "vk.com",
];

struct Vocab {
    privacy: Vec<(String, i32)>,
    cookie: Vec<(String, i32)>,
    penalties: Vec<(i32, Vec<String>)>,
}

fn vocab() -> &'static Vocab {
    static V: OnceLock<Vocab> = OnceLock::new();
    V.get_or_init(|| {
        let tiers = |t: &[(&[&str], i32)]| -> Vec<(String, i32)> {
            let each = |(terms, w): &(&[&str], i32)| {
                terms
                    .iter()
                    .map(|s| (normalize(s).replace(' ', ""), *w))
                    .collect::<Vec<_>>()
            };
            t.iter().flat_map(each).collect()
        };
        Vocab {
            privacy: tiers(&[
                (PRIVACY_STRONG, 100),
                (PRIVACY_MEDIUM, 70),
                (PRIVACY_WEAK, 45),
            ]),
            cookie: tiers(&[(COOKIE_STRONG, 90), (COOKIE_WEAK, 45)]),
            penalties: PENALTIES
                .iter()
                .map(|(w, g)| (*w, g.iter().map(|s| normalize(s)).collect()))
                .collect(),
        }
    })
}

// ---------------------------------------------------------------------------
// Normalisation

/// Accent folding tables: (first code point, base letter per code point; `*` keeps
/// the character). Applied after lower-casing.
#[rustfmt::skip]
const FOLD: &[(u32, &str)] = &[
    (0xe0, "aaaaaa*ceeeeiiiidnooooo*ouuuuy*y"),
    (0x100, "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"),
    (0x1a0, "oo*************uu"),
    (0x218, "sstt"),
    (0x390, "ι"),
    (0x3ac, "αεηιυ*************************ιυουω"),
    (0x1ea0, "aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy"),
];

/// Lower case with Latin (and Greek tonos) accents folded: "Übersicht" → "ubersicht".
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            _ if c.is_ascii() => out.push(c),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'þ' => out.push_str("th"),
            '\u{0300}'..='\u{036f}' => {}
            _ => {
                let u = c as u32;
                let f = FOLD.iter().find_map(|&(start, t)| {
                    let i = u.checked_sub(start)? as usize;
                    (i < t.len()).then(|| t.chars().nth(i)).flatten()
                });
                out.push(f.filter(|&f| f != '*').unwrap_or(c));
            }
        }
    }
    out
}

/// Whether a character separates words (punctuation, symbols, spaces).
fn is_separator(c: char) -> bool {
    if c.is_alphanumeric() {
        return false;
    }
    if c.is_ascii() || c.is_whitespace() {
        return true;
    }
    matches!(c as u32,
        0xa0..=0xbf | 0xd7 | 0xf7 | 0x2000..=0x206f | 0x20a0..=0x20cf | 0x2190..=0x23ff
        | 0x2500..=0x27bf | 0x3000..=0x303f | 0xfe30..=0xfe4f | 0xff00..=0xff0f
        | 0xff1a..=0xff20 | 0xff3b..=0xff40 | 0xff5b..=0xff65 | 0x060c | 0x061b | 0x061f
        | 0x066a..=0x066d | 0x05be | 0x05c0 | 0x05c3 | 0x05f3 | 0x05f4 | 0x0964 | 0x0965)
}

/// Folded text with separators turned into single spaces, trimmed.
pub(crate) fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in fold(s).chars() {
        if is_separator(c) {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Decodes `%XX` escapes (invalid UTF-8 replaced).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path and query of a URL as normalised words; query values that are
/// themselves URLs (share links, redirects) are left out.
fn url_words(u: &Url) -> String {
    let mut s = percent_decode(u.path());
    if let Some(q) = u.query() {
        for pair in q.split('&') {
            let d = percent_decode(pair);
            if !d.contains("://") {
                s.push(' ');
                s.push_str(&d);
            }
        }
    }
    normalize(&s)
}

/// Strongest weight of a term found in `spaced` (matched with spaces removed, so
/// "privacy-policy", "privacyPolicy" and "privacy policy" all match).
fn best_term(terms: &[(String, i32)], spaced: &str) -> i32 {
    if spaced.is_empty() {
        return 0;
    }
    let compact = spaced.replace(' ', "");
    terms
        .iter()
        .filter(|(t, _)| compact.contains(t.as_str()))
        .map(|(_, w)| *w)
        .max()
        .unwrap_or(0)
}

/// Whether `term` occurs in `spaced`; short ASCII terms must be whole words.
fn has_term(spaced: &str, term: &str) -> bool {
    if term.len() < 6 && term.is_ascii() {
        spaced
            .match_indices(term)
            .any(|(i, _)| word_edge(spaced, i, i + term.len()))
    } else {
        spaced.contains(term)
    }
}

fn word_edge(s: &str, start: usize, end: usize) -> bool {
    let (Some(b), Some(a)) = (s.get(..start), s.get(end..)) else {
        return false;
    };
    let before = b.chars().next_back().is_none_or(|c| c == ' ');
    let after = a.chars().next().is_none_or(|c| c == ' ');
    before && after
}

/// Sum of the penalties of the groups with a term in `spaced`.
fn penalty(spaced: &str) -> i32 {
    let groups = &vocab().penalties;
    let hit = |g: &Vec<String>| g.iter().any(|t| has_term(spaced, t));
    groups.iter().filter(|(_, g)| hit(g)).map(|(w, _)| w).sum()
}

/// Approximate registrable domain: the last two labels, three under common
/// second-level public suffixes (`co.uk`, `com.au`, ...). `www.` is ignored.
fn base_domain(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() <= 2 || host.parse::<std::net::IpAddr>().is_ok() {
        return host;
    }
    let n = labels.len();
    let sld = labels[n - 2];
    let take = if labels[n - 1].len() == 2
        && matches!(
            sld,
            "co" | "com" | "net" | "org" | "gov" | "ac" | "edu" | "ne" | "or" | "go" | "gob" | "gv"
        ) {
        3
    } else {
        2
    };
    labels[n - take.min(n)..].join(".")
}

/// Score adjustment for where the link points relative to the site.
fn site_adjustment(link: &Url, site: &Url) -> i32 {
    let lh = link.host_str().unwrap_or("").to_ascii_lowercase();
    let sh = site.host_str().unwrap_or("").to_ascii_lowercase();
    let lh = lh.strip_prefix("www.").unwrap_or(&lh);
    let sh = sh.strip_prefix("www.").unwrap_or(&sh);
    if lh == sh {
        return 25;
    }
    let (lb, sb) = (base_domain(lh), base_domain(sh));
    if lb == sb {
        return 20;
    }
    if PLATFORMS.contains(&lb.as_str()) {
        return -80;
    }
    // Sister domain of the same brand (example.de → example.com).
    let brand = |d: &str| d.split('.').next().unwrap_or("").to_string();
    if brand(&lb) == brand(&sb) {
        return 5;
    }
    -25
}

fn never_host(u: &Url) -> bool {
    let host = u.host_str().unwrap_or("").to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let hp = format!("{host}{}", u.path());
    NEVER_HOSTS
        .iter()
        .any(|n| hp.starts_with(n) || (!n.contains('/') && host.ends_with(&format!(".{n}"))))
}

/// Scores one link; `None` when it is not a candidate at all.
fn score_link(link: &Link, site: &Url) -> Option<(Url, i32, PolicyKind)> {
    let raw = link.url.trim();
    if raw.starts_with('#') {
        return None;
    }
    let mut url = Url::parse(raw).ok()?;
    if !matches!(url.scheme(), "http" | "https") || never_host(&url) {
        return None;
    }
    // An in-page anchor (`#section`) of the page the link sits on.
    if url.fragment().is_some() {
        url.set_fragment(None);
        if let Ok(mut page) = Url::parse(&link.page) {
            page.set_fragment(None);
            if page == url {
                return None;
            }
        }
    }
    let v = vocab();
    let text = normalize(&link.text);
    let title = normalize(&link.title);
    let words = url_words(&url);
    let side = |terms: &[(String, i32)]| {
        let t = best_term(terms, &text);
        let tt = best_term(terms, &title) * 7 / 10;
        t.max(tt) + best_term(terms, &words) / 2
    };
    let p = side(&v.privacy);
    let c = side(&v.cookie) * 8 / 10;
    let rel = link.rel.to_ascii_lowercase();
    let rel_privacy = rel.split_whitespace().any(|r| r == "privacy-policy");
    if p <= 0 && c <= 0 && !rel_privacy {
        return None;
    }
    let kind = if p >= c || rel_privacy {
        PolicyKind::Privacy
    } else {
        PolicyKind::Cookie
    };
    let mut score = p.max(c);
    if rel_privacy {
        score += 150;
    }
    if rel.split_whitespace().any(|r| r == "terms-of-service") {
        score -= 50;
    }
    if link.in_chrome {
        score += 15;
    }
    score += site_adjustment(&url, site);
    score += penalty(&format!("{text} | {title} | {words}"));
    if link.text.chars().count() > 80 {
        score -= 30;
    }
    (score > 0).then_some((url, score, kind))
}

/// Ranks the links of crawled pages as privacy-policy / cookie-policy candidates,
/// best first, deduplicated by URL (fragment removed), only candidates with a
/// positive score.
///
/// Anchor text weighs most, then the title attribute, then URL tokens;
/// `rel="privacy-policy"` is a strong signal; links in page chrome and on the
/// site's own domain rank higher; settings/opt-out, login, blog and store links
/// are penalised. A URL found on several pages gains a little.
pub fn candidates(links: &[Link], site: &Url) -> Vec<Candidate> {
    let mut best: HashMap<String, (i32, PolicyKind, usize)> = HashMap::new();
    for link in links {
        if let Some((url, score, kind)) = score_link(link, site) {
            let e = best.entry(url.to_string()).or_insert((score, kind, 0));
            e.2 += 1;
            if score > e.0 {
                e.0 = score;
                e.1 = kind;
            }
        }
    }
    let mut out: Vec<Candidate> = best
        .into_iter()
        .map(|(url, (score, kind, n))| Candidate {
            url,
            score: score + (3 * (n as i32 - 1)).min(12),
            kind,
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then((a.kind == PolicyKind::Cookie).cmp(&(b.kind == PolicyKind::Cookie)))
            .then(a.url.len().cmp(&b.url.len()))
            .then(a.url.cmp(&b.url))
    });
    out
}

/// Whether a page title or heading names a privacy or cookie policy: a policy's
/// name ("Privacy Policy", "Datenschutzerklärung", "Cookie Policy") anywhere, or
/// the bare word ("Privacy", "Datenschutz", "Cookies") in a title of at most four
/// words. Titles of settings, account or blog pages do not count.
pub fn names_policy(title: &str) -> Option<PolicyKind> {
    let spaced = normalize(title);
    if spaced.is_empty() || penalty(&spaced) < -20 {
        return None;
    }
    let v = vocab();
    let short = spaced.split(' ').count() <= 4;
    let (p, c) = (
        best_term(&v.privacy, &spaced),
        best_term(&v.cookie, &spaced),
    );
    if p >= 100 || (short && p >= 70) {
        Some(PolicyKind::Privacy)
    } else if c >= 90 || (short && c >= 45) {
        Some(PolicyKind::Cookie)
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// Sitemaps

/// Largest sitemap read, in bytes (the protocol allows 50 MB uncompressed).
const MAX_SITEMAP: usize = 50 * 1024 * 1024;

/// Most `<loc>` URLs read from one sitemap (the protocol's limit).
const MAX_SITEMAP_URLS: usize = 50_000;
/// Longest `<loc>` URL kept, in bytes (the protocol allows under 2,048 characters).
const MAX_LOC: usize = 2048;

/// Privacy/cookie policy URLs listed in a sitemap.xml (or sitemap index: nested
/// sitemap URLs are returned separately), ranked by URL tokens.
///
/// Returns `(policy candidates best first, nested sitemaps)`; nested sitemaps
/// that look like page/legal sitemaps come before post/product/media ones.
///
/// Read by `quick-xml`'s streaming reader (no DTD, no entity expansion), which
/// tolerates bare `&`, unmatched end tags and junk; a fatal error ends reading.
/// Bounds: [`MAX_SITEMAP`] bytes, [`MAX_SITEMAP_URLS`] URLs of [`MAX_LOC`] bytes.
pub fn from_sitemap(xml: &str) -> (Vec<String>, Vec<String>) {
    let (urls, mut nested) = sitemap_locs(crate::text::head(xml, MAX_SITEMAP));
    let v = vocab();
    let mut ranked: Vec<(i32, String)> = urls
        .into_iter()
        .filter_map(|u| {
            let parsed = Url::parse(&u).ok()?;
            let words = url_words(&parsed);
            let p = best_term(&v.privacy, &words);
            let c = best_term(&v.cookie, &words) * 8 / 10;
            if p <= 0 && c <= 0 {
                return None;
            }
            let s = p.max(c) + penalty(&words) - (words.split(' ').count() as i32);
            (s > 0).then_some((s, u))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.len().cmp(&b.1.len())));
    ranked.dedup_by(|a, b| a.1 == b.1);
    let rank_nested = |u: &String| {
        let w = Url::parse(u).map(|p| url_words(&p)).unwrap_or_default();
        if ["page", "legal", "privacy", "misc", "static", "general"]
            .iter()
            .any(|t| w.contains(t))
        {
            0
        } else if [
            "post", "product", "image", "video", "news", "blog", "tag", "categor", "author",
        ]
        .iter()
        .any(|t| w.contains(t))
        {
            2
        } else {
            1
        }
    };
    nested.sort_by_key(rank_nested);
    (ranked.into_iter().map(|(_, u)| u).collect(), nested)
}

/// The `<loc>` values of a sitemap: `(page URLs, nested sitemap URLs)`, http(s)
/// only. Locations of image/video/news/xhtml extensions are not pages.
fn sitemap_locs(xml: &str) -> (Vec<String>, Vec<String>) {
    use quick_xml::events::Event;
    use std::borrow::Cow;
    let mut reader = quick_xml::Reader::from_str(xml);
    let config = reader.config_mut();
    config.allow_dangling_amp = true;
    config.allow_unmatched_ends = true;
    config.check_end_names = false;
    let (mut urls, mut nested) = (Vec::new(), Vec::new());
    // Inside `<sitemap>`; the location being read (None outside `<loc>`) and
    // whether it outgrew MAX_LOC.
    let (mut in_sitemap, mut loc, mut too_long) = (false, None::<String>, false);
    while urls.len() + nested.len() < MAX_SITEMAP_URLS {
        let before = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(event) => event,
            // Ill-formed markup: go on past it, unless the reader is stuck.
            Err(_) if reader.buffer_position() > before => continue,
            Err(_) => break,
        };
        let piece: Cow<'_, str> = match event {
            Event::Start(e) => {
                match local(e.name()) {
                    b"sitemap" => in_sitemap = true,
                    b"url" => in_sitemap = false,
                    b"loc" => (loc, too_long) = (Some(String::new()), false),
                    _ => {}
                }
                continue;
            }
            Event::Empty(e) => {
                if matches!(local(e.name()), b"sitemap" | b"url") {
                    in_sitemap = false;
                }
                continue;
            }
            Event::End(e) => {
                match local(e.name()) {
                    b"sitemap" | b"url" => in_sitemap = false,
                    b"loc" => {
                        let v = loc.take().filter(|_| !too_long).unwrap_or_default();
                        let v = v.trim();
                        if v.starts_with("http://") || v.starts_with("https://") {
                            let list = if in_sitemap { &mut nested } else { &mut urls };
                            list.push(v.to_string());
                        }
                    }
                    _ => {}
                }
                continue;
            }
            Event::Text(t) if loc.is_some() => t.decode().unwrap_or_default(),
            // Generators escape inside CDATA too (`<![CDATA[...?a=1&amp;b=2]]>`).
            Event::CData(t) if loc.is_some() => {
                let raw = t.decode().unwrap_or_default();
                match quick_xml::escape::unescape(&raw) {
                    Ok(v) => Cow::Owned(v.into_owned()),
                    Err(_) => raw,
                }
            }
            Event::GeneralRef(r) if loc.is_some() => match r.resolve_char_ref() {
                Ok(Some(c)) => Cow::Owned(c.to_string()),
                _ => {
                    let name = r.decode().unwrap_or_default();
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(v) => Cow::Borrowed(v),
                        None => Cow::Owned(format!("&{name};")),
                    }
                }
            },
            _ => continue,
        };
        if let Some(v) = &mut loc {
            too_long |= v.len() + piece.len() > MAX_LOC;
            if !too_long {
                v.push_str(&piece);
            }
        }
    }
    (urls, nested)
}

/// An element's local name if it is `sitemap`, `url` or `loc` (any case, no
/// image/video/news/xhtml extension prefix), else empty.
fn local(name: quick_xml::name::QName<'_>) -> &'static [u8] {
    let ext = name
        .prefix()
        .is_some_and(|p| [&b"image"[..], b"video", b"news", b"xhtml"].contains(&p.into_inner()));
    let n = name.local_name().into_inner();
    ["sitemap", "url", "loc"]
        .into_iter()
        .find(|k| !ext && n.eq_ignore_ascii_case(k.as_bytes()))
        .map_or(b"", str::as_bytes)
}

// ---------------------------------------------------------------------------
// Does a text read like a policy?

/// Texts shorter than this many words (CJK: characters ÷ 1.5) score nothing.
const MIN_WORDS: f32 = 40.0;
/// Texts reach full weight from this many words on (shorter ones are scaled down).
const FULL_WORDS: f32 = 250.0;
/// Only the first this many bytes are scored (policies announce themselves early).
const SCORE_SAMPLE: usize = 100_000;
/// `is_policy` threshold on `policy_score`.
pub const POLICY_THRESHOLD: f32 = 0.5;

/// Normalised [`CONCEPTS`] and [`VOICE`].
fn concepts() -> &'static (Vec<Vec<String>>, Vec<String>) {
    static C: OnceLock<(Vec<Vec<String>>, Vec<String>)> = OnceLock::new();
    C.get_or_init(|| {
        let norm = |g: &[&str]| g.iter().map(|t| normalize(t)).collect::<Vec<_>>();
        (CONCEPTS.iter().map(|g| norm(g)).collect(), norm(VOICE))
    })
}

/// Whether a character belongs to a script written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x0e00..=0x0e7f | 0x3040..=0x30ff | 0x3400..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// How much a text reads like a privacy (or cookie) policy: 0.0..=1.0 from how
/// many policy concepts (personal data, collection, use/sharing, cookies, third
/// parties, rights, controller, retention/security, contact, laws, consent,
/// children, privacy, "your data"/"we", devices) appear and how densely, in any of
/// the supported languages. Texts under ~60 words score 0; under ~250 words the
/// score is scaled down.
pub fn policy_score(text: &str) -> f32 {
    let norm = normalize(crate::text::head(text, SCORE_SAMPLE));
    let cjk = norm.chars().filter(|&c| is_cjk(c)).count() as f32;
    let latin_words = norm
        .split(' ')
        .filter(|w| !w.is_empty() && !w.chars().all(is_cjk))
        .count() as f32;
    let words = latin_words + cjk / 1.5;
    if words < MIN_WORDS {
        return 0.0;
    }
    let padded = format!(" {norm} ");
    let count = |t: &str, whole: bool| {
        if whole {
            padded.matches(&format!(" {t} ")).count()
        } else {
            padded.matches(t).count()
        }
    };
    let (groups, voice) = concepts();
    let voice: usize = voice.iter().map(|t| count(t, !t.chars().any(is_cjk))).sum();
    let mut distinct = 0usize;
    let mut hits = 0usize;
    for group in groups {
        let n: usize = group
            .iter()
            .map(|t| count(t, t.len() < 5 && t.is_ascii()))
            .sum::<usize>()
            .min(40);
        if n > 0 {
            distinct += 1;
            hits += n;
        }
    }
    let coverage = (distinct as f32 / 10.0).min(1.0);
    let density = (hits as f32 / words * 100.0 / 6.0).min(1.0);
    let voice = (voice as f32 / words * 100.0 / 4.0).min(1.0);
    let length = (0.3 + 0.7 * words / FULL_WORDS).min(1.0);
    ((0.6 * coverage + 0.4 * density) * (0.4 + 0.6 * voice) * length).clamp(0.0, 1.0)
}

/// Whether a text reads like a privacy or cookie policy (`policy_score` at or above
/// [`POLICY_THRESHOLD`]).
pub fn is_policy(text: &str) -> bool {
    policy_score(text) >= POLICY_THRESHOLD
}

#[cfg(test)]
#[path = "discover_tests.rs"]
mod tests;
