//! Company names in policy text: in go (alias, canonical company) pairs and a
//! tokenised sentence, out come the canonical companies named in it, matched
//! case-insensitively on token boundaries (short or common-word aliases only with
//! their own capitalisation). Also holds the built-in alias list.
#![deny(clippy::string_slice)]

use super::lexicon::{compile, Tokens};
use std::collections::HashMap;

/// Built-in company aliases: (alias as written, canonical company).
pub(super) const BUILTIN_PARTIES: &[(&str, &str)] = &[
    ("Google Analytics", "Google"),
    ("Google Tag Manager", "Google"),
    ("DoubleClick", "Google"),
    ("AdSense", "Google"),
    ("AdWords", "Google"),
    ("Google Ads", "Google"),
    ("YouTube", "Google"),
    ("Firebase", "Google"),
    ("Google", "Google"),
    ("Facebook", "Meta"),
    ("Meta Pixel", "Meta"),
    ("Facebook Pixel", "Meta"),
    ("Instagram", "Meta"),
    ("WhatsApp", "Meta"),
    ("Meta Platforms", "Meta"),
    ("LinkedIn", "Microsoft"),
    ("Bing", "Microsoft"),
    ("Microsoft Clarity", "Microsoft"),
    ("Microsoft", "Microsoft"),
    ("Twitter", "X"),
    ("X Corp", "X"),
    ("TikTok", "ByteDance"),
    ("ByteDance", "ByteDance"),
    ("Pinterest", "Pinterest"),
    ("Snapchat", "Snap"),
    ("Amazon", "Amazon"),
    ("Criteo", "Criteo"),
    ("Taboola", "Taboola"),
    ("Outbrain", "Outbrain"),
    ("Adobe Analytics", "Adobe"),
    ("Omniture", "Adobe"),
    ("Adobe", "Adobe"),
    ("Hotjar", "Hotjar"),
    ("FullStory", "FullStory"),
    ("Mouseflow", "Mouseflow"),
    ("Smartlook", "Smartlook"),
    ("LogRocket", "LogRocket"),
    ("Contentsquare", "Contentsquare"),
    ("Yandex Metrica", "Yandex"),
    ("Yandex", "Yandex"),
    ("Baidu", "Baidu"),
    ("百度", "Baidu"),
    ("Tencent", "Tencent"),
    ("腾讯", "Tencent"),
    ("WeChat", "Tencent"),
    ("微信", "Tencent"),
    ("Alibaba", "Alibaba"),
    ("阿里巴巴", "Alibaba"),
    ("Umeng", "Alibaba"),
    ("友盟", "Alibaba"),
    ("CNZZ", "Alibaba"),
    ("Mixpanel", "Mixpanel"),
    ("Segment", "Twilio"),
    ("Amplitude", "Amplitude"),
    ("HubSpot", "HubSpot"),
    ("Salesforce", "Salesforce"),
    ("Stripe", "Stripe"),
    ("PayPal", "PayPal"),
    ("Cloudflare", "Cloudflare"),
    ("Akamai", "Akamai"),
    ("Zendesk", "Zendesk"),
    ("Intercom", "Intercom"),
    ("Matomo", "Matomo"),
    ("Quantcast", "Quantcast"),
    ("Comscore", "Comscore"),
    ("Nielsen", "Nielsen"),
    ("OneTrust", "OneTrust"),
    ("Cookiebot", "Cookiebot"),
    ("Vimeo", "Vimeo"),
    ("Oracle", "Oracle"),
    ("Yahoo", "Yahoo"),
    ("Naver", "Naver"),
    ("Kakao", "Kakao"),
    ("Coremetrics", "IBM"),
    ("Piwik", "Matomo"),
    ("Chartbeat", "Chartbeat"),
    ("StatCounter", "StatCounter"),
    ("Kissmetrics", "Kissmetrics"),
    ("Heap Analytics", "Heap"),
    ("Crazy Egg", "Crazy Egg"),
    ("CrazyEgg", "Crazy Egg"),
    ("etracker", "etracker"),
    ("Webtrekk", "Webtrekk"),
    ("Woopra", "Woopra"),
    ("AppNexus", "Xandr"),
    ("Plausible Analytics", "Plausible"),
    ("Plausible", "Plausible"),
    ("Fathom Analytics", "Fathom"),
    ("Pendo", "Pendo"),
    ("Lucky Orange", "Lucky Orange"),
    ("Inspectlet", "Inspectlet"),
    ("Snowplow", "Snowplow"),
    ("Parse.ly", "Parse.ly"),
    ("Similarweb", "Similarweb"),
];

/// Companies whose product is session recording.
pub(super) const REPLAY_VENDORS: &[&str] = &[
    "Hotjar",
    "FullStory",
    "Mouseflow",
    "Smartlook",
    "LogRocket",
    "Contentsquare",
];

/// Companies whose product is measuring how a site is used: naming one as used is
/// using analytics ("we use Mixpanel to see which features are popular").
pub(super) const ANALYTICS_VENDORS: &[&str] = &[
    "Matomo",
    "Mixpanel",
    "Amplitude",
    "Hotjar",
    "Comscore",
    "Nielsen",
    "Chartbeat",
    "StatCounter",
    "Kissmetrics",
    "Heap",
    "Crazy Egg",
    "etracker",
    "Webtrekk",
    "Woopra",
    "FullStory",
    "Mouseflow",
    "Smartlook",
    "Contentsquare",
    "Plausible",
    "Fathom",
    "Pendo",
    "Lucky Orange",
    "Inspectlet",
    "Snowplow",
    "Parse.ly",
    "Similarweb",
];

/// Aliases that are ordinary words too: matched only with the alias' own capitalisation.
const COMMON_WORDS: &[&str] = &[
    "segment",
    "amplitude",
    "stripe",
    "oracle",
    "intercom",
    "meta",
    "clarity",
    "plausible",
    "amazon",
    "target",
    "square",
    "apple",
    "branch",
    "adjust",
    "heap",
    "drift",
    "signal",
    "x",
];

/// One alias: its lowercased tokens, the canonical company, and the alias as
/// written when it must match with its own capitalisation.
type Alias = (Vec<String>, String, Option<String>);

/// Matches company aliases on token boundaries.
pub struct PartyMatcher {
    /// First token -> (alias tokens, canonical, case-sensitive original alias).
    by_first: HashMap<String, Vec<Alias>>,
}

impl PartyMatcher {
    pub(super) fn new(parties: &[(String, String)]) -> PartyMatcher {
        let mut by_first: HashMap<String, Vec<_>> = HashMap::new();
        for (alias, canon) in parties {
            let words: Vec<String> = compile(alias).into_iter().map(|w| w.0).collect();
            if words.is_empty() {
                continue;
            }
            let strict = (words.len() == 1
                && (alias.chars().count() <= 3 || COMMON_WORDS.contains(&words[0].as_str())))
            .then(|| alias.clone());
            by_first
                .entry(words[0].clone())
                .or_default()
                .push((words, canon.clone(), strict));
        }
        PartyMatcher { by_first }
    }

    /// Every mention of a company in a sentence: (first token, one past the last
    /// token, canonical company), in text order.
    pub(super) fn find_spans(&self, s: &str, t: &Tokens) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        for i in 0..t.spans.len() {
            let Some(cands) = self.by_first.get(t.tok(i)) else {
                continue;
            };
            for (words, canon, strict) in cands {
                if i + words.len() > t.spans.len()
                    || !words.iter().enumerate().all(|(k, w)| t.tok(i + k) == w)
                {
                    continue;
                }
                if let Some(orig) = strict {
                    let (st, en) = (t.spans[i].0, t.spans[i + words.len() - 1].1);
                    if s.get(st..en) != Some(orig.as_str()) {
                        continue;
                    }
                }
                out.push((i, i + words.len(), canon.clone()));
            }
        }
        out
    }
}
