//! Word lists of the claim extractor and the token matcher that runs them: in goes
//! one sentence, out come its lowercased tokens and every concept hit (concept,
//! token span). English first; German, French, Spanish, Chinese and a little
//! Japanese/Korean for the core concepts.
//!
//! Pattern syntax: words separated by spaces, matched on whole tokens; a trailing
//! `*` makes a word a prefix; `_` matches any single token. Han, Kana and Hangul
//! characters are one token each, so `第三方` is the three-token phrase 第 三 方.
#![deny(clippy::string_slice)]

use std::collections::HashMap;
use std::sync::OnceLock;

/// Concepts the claim rules ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub(crate) enum C {
    Neg,
    NegFalse,
    Hedge,
    CookieTech,
    Beacon,
    Third,
    ShareVerb,
    SellVerb,
    InfoObj,
    UseVerb,
    Dnt,
    Gpc,
    Respond,
    OptOut,
    Browser,
    BrowserAction,
    Consent,
    Children,
    ChildrenFalse,
    Merger,
    Legal,
    PolicyDoc,
    Change,
    Retain,
    RetainFalse,
    Security,
    SecurityWeak,
    SecurityFalse,
    Intl,
    Analytics,
    Ads,
    AdsStrong,
    AdsContext,
    RetainWeak,
    Duration,
    Replay,
    TpCookie,
    TpActor,
    Track,
    ExcCue,
    ExcAffiliates,
    ExcProviders,
    ExcLegal,
    ExcConsent,
    ExcAggregate,
    You,
    Only,
    Qualifier,
    SitePlace,
    Definition,
    LegalVerb,
    BrowserFalse,
    Fingerprint,
}

/// Number of concepts (at most 64: token membership is a 64-bit mask).
pub(crate) const N_CONCEPTS: usize = C::Fingerprint as usize + 1;
const _: () = assert!(N_CONCEPTS <= 64);

/// The word lists, one entry per concept.
#[rustfmt::skip]
const LEXICON: &[(C, &[&str])] = &[
    (C::Neg, &[
        "not", "never", "no", "none", "nothing", "neither", "nor", "cannot", "t", "unable", "zero",
        "nobody", "no one",
        "incapable", "niet", "geen", "nooit", "noch", "nada", "ni", "没", "无 法", "从 未", "并 不",
        "nicht", "nie", "niemals", "kein*", "weder", "ne", "n", "pas", "jamais", "aucun*", "nunca", "jamás",
        "ningún", "ninguna", "ninguno", "不", "绝 不", "决 不", "从 不", "未", "없",
        "않",
    ]),
    (C::NegFalse, &[
        "do not track", "not limited", "not only", "or not", "whether not", "no later than", "no longer", "not be able",
        "no matter", "no charge", "no cost", "not just", "不 限 于", "不 仅", "不 得 不",
        "do not sell my", "do not sell or share my", "dnt",
    ]),
    (C::Hedge, &[
        "may", "might", "could", "from time to time", "occasionally", "sometimes",
        "at times", "periodically", "reserve the right", "generally", "typically", "usually",
        "normally", "können", "kann", "gegebenenfalls", "ggf", "pouvons", "peut", "pourrons",
        "pourrions", "podemos", "puede", "podremos", "podríamos", "可 能", "或 许", "有 时",
    ]),
    (C::CookieTech, &[
        "cookie*", "tracking technolog*", "tracking tool*", "tracking device*",
        "similar technolog*", "these technologies", "such technologies", "other technologies",
        "local storage", "web storage", "html5", "local shared object*", "lso", "lsos",
        "flash cookie*", "browser storage", "témoin*", "tracker*",
        "クッキー", "쿠 키", "куки", "本 地 存 储", "跟 踪 技 术", "追 踪 技 术",
    ]),
    (C::Beacon, &[
        "web beacon*", "beacon*", "pixel tag*", "pixel*", "píxel*", "zählpixel*", "baliza*", "clear gif*", "clear gifs", "web bug*",
        "spotlight tag*", "action tag*", "tracer tag*", "page tag*", "1x1", "gif", "gifs",
        "embedded scripts", "invisible image*", "transparent image*", "invisible graphic*",
        "transparent graphic*", "single pixel", "spacer gif*", "网 络 信 标", "像 素", "ウ ェ ブ ビ ー コ ン",
    ]),
    (C::Third, &[
        "third part*", "thirdpart*", "3rd part*", "advertiser*", "ad network*", "advertising network*",
        "advertising compan*", "advertising partner*", "partner*", "vendor*",
        "service provider*", "other compan*", "any compan*", "outside compan*",
        "outside part*", "outside", "unaffiliated", "non affiliated", "nonaffiliated",
        "others", "anyone", "anybody", "any other party", "any other person*", "any other compan*",
        "any other entit*", "any other organi*", "any other individual*", "any other business*",
        "external", "marketers", "sponsors",
        "companies", "organizations", "organisations", "entities", "entity", "individuals",
        "persons", "person", "the public", "public authorit*", "public bod*", "public health",
        "officials", "authorities", "franchisee*", "lawyers", "attorneys", "auditors",
        "accountants", "insurers", "advisers", "advisors", "consultants", "business", "businesses", "parties", "affiliates", "affiliated", "subsidiaries", "agents",
        "contractors", "supplier*", "prestataire*", "proveedores", "dienstverleners", "dienstleister*",
        "服 务 商", "服 务 提 供 商", "corporate family", "members of our group", "group compan*", "family of companies", "courier*", "carrier*", "organiser*", "organizer*", "venue*", "broker*",
        "data broker*", "research firm*", "firms", "payment provider*", "hosting provider*",
        "email provider*", "payment processor*", "processors", "llc", "inc", "ltd", "gmbh", "corporation", "plc", "dritte*", "dritten", "tiers", "tierces", "terceros", "terceras", "derden",
        "derde partij*", "werbepartner*", "geschäftspartner*", "kooperationspartner*",
        "partenaire*", "socios", "socio", "empresas asociadas", "anunciantes", "annonceurs",
        "adverteerders",
        "第 三 方", "他 人", "合 作 伙 伴", "第 三 者", "제 3 자", "третьим",
    ]),
    (C::ShareVerb, &[
        "share", "shares", "shared", "sharing", "disclose", "discloses", "disclosed",
        "disclosing", "provide", "provides", "provided", "providing", "give", "gives",
        "given", "giving", "transfer", "transfers", "transferred", "transferring", "release",
        "releases", "released", "distribute", "distributes", "distributed", "make available",
        "made available", "pass on", "passed on", "passes on", "passing on", "pass", "passes", "passed",
        "hand over", "hands over", "handed over", "handing over", "reveal", "reveals", "revealed",
        "exchange", "exchanged", "furnish", "furnished", "supply", "supplied", "transmit", "transmits",
        "transmitted", "transmitting", "send", "sends", "sending", "sent", "forward", "forwards",
        "forwarded", "forwarding", "weitergeb*",
        "weitergegeben", "weiter", "weitergabe", "übermittlung", "teilen", "übermitteln", "übermittelt",
        "offenlegen", "übertragen", "partag*", "communiqu*", "transmet*", "transmis",
        "transmise", "transmises", "cédé", "cédés", "cédée", "divulg*", "cédons", "céder", "cédées", "compart*", "comunicad*", "comunicar*", "cede*", "ceder", "cedid*",
        "transferimos", "comunicamos", "proporcionamos", "facilitamos", "delen", "deelt",
        "gedeeld", "verstrekken", "verstrekt", "doorgeven", "doorgegeven", "共 享", "分 享",
        "提 供", "披 露", "转 让", "透 露", "共 有", "開 示",
    ]),
    (C::SellVerb, &[
        "sell", "sells", "sold", "selling", "rent", "rents", "rented", "renting", "lease",
        "leases", "leased", "leasing", "trade", "trades", "traded", "barter*", "monetiz*", "monetis*", "for sale", "verkauf*",
        "verkaufen", "datenverkauf*", "datenhandel", "vermiet*", "vendemos", "vender*", "venden", "vende", "vendid*", "vendons", "vendr*",
        "vendu", "vendus", "vendue", "vendues", "vendent", "venta",
        "louons", "alquil*", "verkop*", "verkocht", "verhuur*",
        "出 售", "出 租", "买 卖", "销 售",
        "售 卖", "販 売",
    ]),
    (C::InfoObj, &[
        "information", "info", "data", "details", "email", "e mail", "address*", "name*",
        "list*", "profile", "profiles", "it", "them", "any", "personal", "pii", "contact",
        "files", "photos", "pictures", "documents", "messages", "uploads", "recordings",
        "identifier", "identifiers", "location", "id", "ids", "records", "stuff", "daten", "données", "nutzungsdaten", "kontaktdaten",
        "bestelldaten", "kundendaten", "bestandsdaten", "standortdaten", "zahlungsdaten",
        "nutzerdaten",
        "datos", "informations", "información", "gegevens", "persoonsgegevens", "informatie",
        "信 息", "资 料", "数 据", "情 報",
    ]),
    (C::UseVerb, &[
        "use", "uses", "used", "using", "set", "sets", "place", "places", "placed", "employ",
        "employs", "store", "stores", "deploy", "embed", "embeds", "rely", "relies", "depend", "depends", "utilize*", "utilise*", "collect", "serve", "distribute",
        "verwenden", "verwendet", "nutzen", "nutzt", "benutzt", "benutzen", "einsetzt", "setzen", "setzt", "einsetzen", "utilisons",
        "gebruiken", "gebruikt", "plaatsen",
        "utilise", "usamos", "utilizamos", "utiliza", "instala", "instalamos", "instalan",
        "emplea", "empleamos", "déposons", "dépose", "installons", "installe", "plaatst",
        "zet", "zetten", "使 用", "利 用", "采 用",
    ]),
    (C::Dnt, &[
        "do not track", "dnt", "donottrack", "tracking protection", "not to be tracked", "请 勿 追 踪", "请 勿 跟 踪",
        "不 要 追 踪", "禁 止 跟 踪", "禁 止 追 踪",
    ]),
    (C::Gpc, &["global privacy control", "gpc", "sec gpc", "opt out preference signal*"]),
    (C::Respond, &[
        "respond*", "honor*", "honour*", "recogni*", "support*", "comply", "complies",
        "obey*", "act on", "act upon", "treat*", "process", "alter", "change our", "change system", "change the way", "change how",
        "change its", "change anything", "do anything differently", "do anything different",
        "take action", "take any action", "accommodat*", "acknowledg*", "read", "react", "ignore*", "follow",
        "berücksichtig*", "respect*", "in response to", "reagier*", "unterstütz*", "beacht*",
        "befolg*", "respektier*", "répond*", "prenons en compte", "prendre en compte", "en compte", "tient compte", "tenons compte", "tient pas compte",
        "tenons pas compte", "tient aucun compte", "tenons aucun compte",
        "respeta*", "atend*", "reageren", "reageert", "respecteren", "respecteert",
        "honoreren", "ondersteunen", "ondersteunt", "响 应", "回 应", "支 持", "遵 守",
        "尊 重", "遵 循",
    ]),
    (C::OptOut, &[
        "opt out", "optout", "opting out", "opted out", "unsubscrib*", "choose not to receive", "opt not to",
        "remove you from", "remove your name", "aboutads*", "networkadvertising*",
        "youradchoices", "adchoices", "ad choices", "do not sell my", "do not sell or share my", "withdraw your consent",
        "withdraw consent", "stop receiving", "stop seeing", "no longer wish to", "no longer want to",
        "decline to receive", "opt outs", "prefer not to", "prefer that we not",
        "request that we not", "ask us not to", "ask us to stop", "tell us to stop",
        "do not wish to receive", "do not want to receive", "don t want to receive",
        "don t wish to receive", "remove yourself", "right to object", "do not object",
        "opportunity to object", "be withheld", "withhold", "stop collecting",
        "change your preferences", "update your preferences", "email preferences",
        "communication preferences", "widersprechen", "widerspruch", "abmelden",
        "abbestellen", "afmelden", "uitschrijven", "retirer votre consentement", "désabonner", "désinscri*", "vous opposer", "darse de baja",
        "oponerse", "退 订", "取 消 订 阅", "拒 绝 接 收",
    ]),
    (C::Browser, &[
        "browser*", "web browser*", "internet options", "device settings", "settings of your",
        "mobile device*", "your device", "software settings", "privacy settings", "gps",
        "location services", "tools menu", "help menu", "toolbar", "navigateur*", "navegador*",
        "浏 览 器", "ブ ラ ウ ザ",
    ]),
    (C::BrowserAction, &[
        "refus*", "reject*", "block*", "disabl*", "deactivat*", "delet*", "remov*", "declin*",
        "turn off", "turned off", "accept*", "notif*", "warn*", "alert*", "manage", "managing",
        "control", "controlling", "controls", "clear", "clearing", "eras*", "set", "setting*",
        "adjust*", "configur*", "prevent*", "modif*", "chang*", "option*", "preferences", "enable",
        "deaktivier*", "ablehnen", "désactiv*", "refuser", "bloquear", "desactivar", "rechazar",
        "einstellen", "abgelehnt", "blockieren", "löschen", "bloquer", "configurer", "paramétrer",
        "configurar", "weigeren", "blokkeren", "instellen",
        "拒 绝", "禁 用", "删 除", "设 置",
    ]),
    (C::BrowserFalse, &[
        "browser type*", "type of browser", "browser language*", "browser version*",
        "types of browser*", "browser and operating", "browser s type",
    ]),
    (C::Consent, &[
        "consent*", "permission", "opt in", "opt ins", "einwillig*",
        "zustimmung", "consentement", "consentimiento", "同 意", "授 权",
    ]),
    (C::Children, &[
        "child*", "kid", "kids", "minor", "minors", "under 13", "under the age", "under age",
        "underage", "coppa", "teen*", "juvenile*", "parental", "parent or guardian", "kinder*",
        "minderjährig*", "enfant*", "mineur*", "niño*", "menores", "儿 童", "未 成 年",
        "子 ど も", "아 동",
    ]),
    (C::ChildrenFalse, &[
        "minor change*", "minor modification*", "minor update*", "minor revision*",
        "minor edit*", "minor amendment*",
    ]),
    (C::Merger, &[
        "merger*", "merge with", "merged with", "merges with", "is merged", "be merged", "merge",
        "transferred assets", "business assets", "our assets", "its assets", "various assets",
        "certain assets", "the assets", "among the assets", "part of the assets", "buy or sell",
        "sell or buy", "change our ownership", "change in ownership", "new owner*", "acquisition*", "acquired by",
        "is acquired", "be acquired", "are acquired", "bankrupt*", "insolven*",
        "reorganization*", "reorganisation*", "change of control", "change in control",
        "divestiture*", "business transfer*", "successor*", "asset sale", "sale of all",
        "sale of substantially", "sale of the company", "sale of our business",
        "sale of our company", "sale or transfer of", "sale of assets", "sale of our assets",
        "sale of the business", "sale of some or all", "sale of a portion",
        "sale of any part", "corporate transaction*", "change of ownership",
        "transfer of ownership", "sell the assets", "sells all", "assets of the company",
        "fusion*", "übernahme", "unternehmensverkauf", "adquisición", "fusión", "合 并",
        "收 购", "重 组", "破 产",
    ]),
    (C::Legal, &[
        "required by law", "required to by law", "required to do so by law", "law so requires", "requires by law", "require by law",
        "law requires", "permitted by law", "law enforcement", "subpoena*", "court order*",
        "legal process*", "judicial", "police", "legal obligation*", "legal requirement*",
        "legally required", "comply with the law", "comply with applicable",
        "comply with any", "comply with laws", "comply with all", "comply with a",
        "comply with legal", "comply with law", "applicable law*", "government* agenc*",
        "government* authorit*", "government* request*", "governmental*",
        "public authorit*", "regulatory authorit*", "regulator*", "national security",
        "protect the rights", "protect our rights", "lawful request*", "search warrant*",
        "warrant", "warrants", "legal proceedings", "legal claims", "legal rights",
        "court", "courts", "law", "laws", "conform with the law", "conform to the law",
        "conform to legal", "conform to the edicts", "by a court", "ordered by", "litigation", "gesetzlich*", "behörde*", "requis par la loi",
        "autorités", "obligation légale", "requerido por ley", "autoridades", "法 律",
        "司 法", "政 府",
    ]),
    (C::LegalVerb, &[
        "disclos*", "share", "shares", "shared", "sharing", "release", "released", "releasing",
        "respond to", "cooperat*", "provide information", "provide your", "provide personal",
        "provide such", "provide it", "provide data", "transfer", "transferred", "access preserve",
        "preserve", "weitergeb*", "übermitt*", "communiqu*", "divulg*", "comunica*", "cede*",
        "披 露", "提 供", "共 享",
    ]),
    (C::PolicyDoc, &[
        "privacy policy", "privacy policies", "this policy", "our policy", "the policy",
        "privacy statement", "privacy notice", "this statement", "this notice",
        "privacy agreement", "privacy treaty", "policy", "policies", "statement",
        "terms", "datenschutzerklärung", "datenschutzhinweise", "politique de confidentialité",
        "política de privacidad", "隐 私 政 策", "本 政 策", "隐 私 声 明",
    ]),
    (C::Change, &[
        "chang*", "modif*", "amend*", "revis*", "update", "updates", "updating", "alter", "alters",
        "altered", "altering", "änder*", "aktualisier*", "mettre à jour", "modifi*", "actualiz*",
        "更 新", "修 改", "修 订", "变 更",
    ]),
    (C::Retain, &[
        "retain*", "retention", "for as long as", "as long as necessary", "as long as needed",
        "as long as required", "as long as your", "as long as it is", "as long as we need",
        "period of time", "periods of time", "purge*", "no longer need*", "no longer necessary", "no longer than",
        "backup*", "back up", "residual", "aufbewahr*", "speicherdauer",
        "durée de conservation", "conservons", "conservées", "conservamos", "plazo de conservación",
        "保 存 期", "保 留", "存 储 期",
    ]),
    (C::RetainWeak, &[
        "store", "stores", "stored", "keep", "keeps", "kept", "delet*", "destroy*", "archiv*", "remov*", "eras*",
        "maintain*", "save", "saved", "log", "logs", "speicher*", "gespeichert", "conserv*",
        "保 存", "存 储", "删 除",
    ]),
    (C::Duration, &[
        "days", "day", "months", "month", "years", "year", "after", "until", "longer",
        "period", "permanently", "thereafter", "indefinitely",
        "tage", "monate", "jahre", "jours", "mois", "ans", "días", "meses", "años", "天", "月", "年",
    ]),
    (C::RetainFalse, &[
        "and retention", "or retention", "retention of personal", "retention of your",
        "retained to", "we have retained", "retain control", "retaining the right", "retains the right",
        "retain a", "retain the services", "retain their services", "responsible for the retention", "collection retention", "retain ownership",
        "retains ownership", "retain all right*", "retains all right*", "retain title", "retain third", "retain other", "retain outside", "retain the right",
        "retain service", "retain companies", "retained by", "keep you", "keep track",
        "keeps track", "kept track", "store front*", "our store*", "the store", "in store",
        "stores near", "retail store*", "keep in mind", "keep up",
    ]),
    (C::Security, &[
        "encrypt*", "ssl", "tls", "secure socket*", "firewall*", "safeguard*",
        "privacy seal", "truste", "certification seal", "security measure", "site security",
        "network security", "computer security", "virus protection", "phishing", "secured",
        "keep it confidential", "kept confidential", "secure and confidential",
        "confidential and secure", "security breach*",
        "data breach*", 
        "unauthorized access", "unauthorised access", "unauthorized use", "unauthorized disclosure",
        "security measures", "security procedures", "security technolog*", "security safeguards",
        "security precautions", "security controls", "security practices", "security policies",
        "security standards", "reasonable security", "appropriate security", 
        "adequate security", "reasonable measures", "appropriate measures", 
        "reasonable precautions", "secure server*", "secure environment",
        "secure facilit*", "secure location*", "secure network*", "securely", "physical electronic",
        "technical and organizational", "technical and organisational", "guarantee the security",
        "ensure the security", "guarantee security", "perfectly secure",
        "completely secure", "100 secure", "no method of", "no data transmission", 
        "restrict access", "restricts access", "restricted access", "limit access", "limits access",
        "restrict their access", "restricts their access", "limit their access",
        "limits their access", "unauthorized attempt*",
        "guarantee its safety", "guarantee the safety",
        "limited access", "sicherheitsmaßnahmen",
        // Limits on who may use the data (OPP-115's "data access limitation").
        "required to protect", "obligated to protect",
        "obliged to protect", "contractually obligated", "contractually required",
        "contractually bound", "confidentiality agreement*", "confidentiality obligation*",
        "obligations of confidentiality", "duty of confidentiality",
        "maintain the confidentiality",
        "verschlüssel*", "chiffr*", "mesures de sécurité", "medidas de seguridad", "cifrado",
        "安 全 措 施", "安 全 技 术", "加 密", "安 全 保 护", "保 护 您 的",
    ]),
    (C::SecurityWeak, &[
        "protect your personal", "protect your information", "protect your data",
        "protect the personal", "protect the information", "protect personal information",
        "protect information", "protect the confidentiality", "protect the security",
        "protect our users", "protect user", "security of your", "security of the",
        "security of personal", "security of any", "security of such", "security of our",
        "security of this", "security of that",
    ]),
    (C::SecurityFalse, &[
        "social security", "national security", "security number*", "security purposes",
        "security code",
    ]),
    (C::Intl, &[
        "other countries", "another country", "other country", "outside your country",
        "outside of your country", "outside the country", "outside the european",
        "outside of the european", "outside the eea", "international transfer*",
        "transferred internationally", "cross border", "privacy shield", "safe harbor",
        "standard contractual clauses", "country or region", "countries or regions",
        "processed in the united states", "stored in the united states",
        "transferred to the united states", "transfer it to any other country",
        "jurisdictions other than", "drittländer*", "drittstaat*", "pays tiers",
        "terceros países", "跨 境", "境 外", "出 境",
    ]),
    (C::Analytics, &[
        "analytic*", "analys*", "analyz*", "analyse*", "statistic*", "measurement*",
        "measure the", "measure how", "measure site", "measure traffic", "measure usage",
        "measure the effectiveness", "measure our", "understand how", "understand the way",
        "understand our", "understand your", "better understand", "usage pattern*", "track usage",
        "traffic analys*", "traffic statistic*", "monitor traffic", "monitor network traffic", "trends",
        "improv*", "popular", "effectiveness", "research purposes", "market research",
        "for research", "develop new", "auswert*", "statistik*",
        "reichweitenmessung", "webanalys*", "webanalyt*", "webstatisti*", "mesure d audience", "statistiques", "análisis", "analítica",
        "statistieken",
        "page views", "pageviews", "audience size", "size of our audience", "usage report*",
        "traffic report*", "visitor report*", "site traffic", "website traffic",
        "traffic to our", "site interaction", "how users interact", "how visitors interact",
        "how people interact", "how you interact with our", "how the app is used",
        "how our app is used", "how the service is used", "performance cookie*",
        "most visited", "how many people", "how many visitors", "how many users",
        "visitor numbers", "visitor statistic*", "evaluate the use", "evaluate your use",
        "evaluating the use", "evaluate the usage", "evaluation of the use", "website activity",
        "site activity", "number of visitors", "number of visits", "count visit*",
        "counting visit*", "visitor count*", "how visitors use", "how users use",
        "how you use our", "how you use the", "how our website is used",
        "how our site is used", "how the website is used", "how the site is used",
        "how our services are used", "how our service is used", "audience measurement",
        "estadístic*", "analytisch*", "analytiqu*", "analític*", "statistisch*",
        "statistiqu*", "分 析", "统 计",
        // Analytics products whose names carry no word of the concept.
        "metrica", "metrika", "tongji", "appsflyer", "flurry", "localytics", "cnzz", "clicky",
        "gosquared", "snowplow", "parse ly", "statcounter", "count our visitors",
        "count visitors", "count the visitors", "count the number", "app usage", "product usage",
    ]),
    (C::Ads, &[
        "advertis*", "ads", "ad", "advert", "adverts", "interest based", "targeted ad*", "targeted marketing", "retarget*",
        "remarketing", "behavioral ad*", "behavioural ad*", "behavioral target*", "behaviorally target*", "adchoices", "werbung", "werbe*",
        "publicité", "publicités", "publicitaire*", "advertentie*", "reclame*", "publicidad", "publicitari*", "广 告", "広 告", "광 고",
    ]),
    (C::AdsStrong, &[
        "interest based", "targeted ad*", "targeted marketing", "retarget*", "remarketing",
        "behavioral ad*", "behavioural ad*", "behavioral target*", "behaviorally target*", "personalized ads", "personalised ads", "tailored advertis*",
        "relevant advertis*", "relevant ads", "tailored ads", "personalized advertis*",
        "personalised advertis*", "customized ads", "customised ads", "ad personali*",
        "ads personali*", "advertising personali*", "sponsored content", "sponsored ads",
        "sponsored post*", "sponsored listing*", "promoted content", "publicités ciblées",
        "publicité ciblée", "publicidad personalizada", "personalisierte werbung",
    ]),
    (C::AdsContext, &[
        "serve", "serving", "served", "deliver*", "show", "showing", "display*", "present",
        "provide", "providing", "target*", "tailor*", "personaliz*", "personalis*", "customiz*",
        "customis*", "relevant", "for", "purposes", "purpose", "network*", "partner*",
        "compan*", "cookie*", "services", "provider*", "agents", "agencies", "vendors",
        "server*", "technolog*", "campaign*", "effectiveness", "metrics", "id", "identifier*",
        "revenue", "supported", "sell", "selling", "interests", "choices", "industry", "directed",
        "share", "shared", "disclose", "future", "inform", "better", "our", "advertise",
        "run", "runs", "allow", "allows", "include", "includes", "contain", "contains",
    ]),
    (C::Replay, &[
        "session replay*", "session recording*", "record your session*", "mouse movement*",
        "keystroke*", "heatmap*", "heat map*", "record your clicks", "screen recording*",
    ]),
    (C::TpCookie, &[
        "third party cookie*", "third party tracking", "third party advertising cookie*",
        "cookie tiers", "cookies tiers", "cookies van derden", "cookies de terceros",
        "third party analytics", "third party web beacon*", "third party pixel*",
        "cookies of third parties", "cookies from third parties", "cookies set by third",
        "cookies placed by third", "cookies served by third", "social media features",
        "social media widgets", "social plugins", "social media plugins", "like button",
        "share button*", "sharing tools", "social plug ins", "social media plug ins",
        "cookies von drittanbietern", "drittanbieter*", "cookies tiers", "cookies de terceros",
        "第 三 方 cookie",
    ]),
    (C::TpActor, &[
        "third part*", "thirdpart*", "3rd part*", "advertiser*", "ad network*", "advertising network*",
        "advertising compan*", "advertising partner*", "advertising service*", "ad server*",
        "ad serving", "partners", "vendors", "service providers", "provider", "content provider*",
        "analytics provider*",
        "analytics service*", "analytics compan*", "analytics tool*", "networks",
        "external provider*", "external service*", "other providers", "external compan*",
        "social network*", "social media platform*", "social media compan*",
        "they", "these companies", "these third", "such third", "these providers",
        "other companies", "other domains", "external domains", "external provider*",
        "google", "facebook", "drittanbieter*", "tiers", "terceros",
        "derde partij*", "derden", "dritte", "dritten", "partenaires", "socios", "第 三 方",
    ]),
    (C::Track, &[
        "collect*", "track*", "gather*", "record*", "monitor*", "measure*", "recogni*",
        "place", "placed", "set", "serve", "over time", "across different", "across websites",
        "other websites", "other web sites", "other sites", "erfass*", "collect",
        "放 置", "设 置", "收 集",
    ]),
    (C::ExcCue, &[
        "except", "excepting", "unless", "other than", "without", "excluding", "exclusive of",
        "apart from", "save for", "only", "but", "however", "beyond", "outside of",
        "außer", "ausgenommen", "es sei denn", "sauf", "excepto", "salvo", "除 非", "除",
        "未 经",
    ]),
    (C::ExcAffiliates, &[
        "affiliat*", "subsidiar*", "parent company", "parent compan*", "group compan*",
        "family of companies", "sister compan*", "associated business*",
        "associated compan*", "related compan*", "related enterprise*",
        "enterprises related", "companies related", "our group", "corporate family",
        "within the", "konzern*", "verbundene*", "filiales", "afiliad*", "关 联", "子 公 司",
    ]),
    (C::ExcProviders, &[
        "service provider*", "vendor*", "contractor*", "agents", "solution provider*",
        "on our behalf", "outsourc*", "processor*", "suppliers", "companies that help",
        "companies that assist", "companies who help", "companies who assist",
        "perform services", "perform functions", "dienstleister*", "auftragsverarbeit*",
        "prestataire*", "sous traitant*", "proveedores", "encargados", "服 务 提 供",
        "服 务 商", "供 应 商",
    ]),
    (C::ExcLegal, &[
        "required by law", "law requires", "required to by law", "permitted by law",
        "law enforcement", "legal process*", "subpoena*", "court order*", "comply with",
        "legal obligation*", "legal requirement*", "legally required", "applicable law*",
        "government*", "judicial", "authorities", "as required", "by law", "the law",
        "gesetzlich*", "la loi", "la ley", "obligación legal", "obligation légale",
        "obligations légales", "por ley", "exigido", "requis", "法 律", "司 法",
    ]),
    (C::ExcConsent, &[
        "your consent", "your permission", "your express*", "your prior", "you consent",
        "you agree", "you authorize", "you authorise", "your authoriz*", "your own will",
        "you opt in", "you have opted in", "your approval", "your explicit",
        "you request", "you direct", "at your request", "you ask", "you instruct",
        "your instruction*", "your request", "you give us permission",
        "consent of", "prior consent", "express consent", "explicit consent", "written consent",
        "with consent", "without consent", "prior permission", "written permission",
        "ihre einwilligung", "votre consentement", "su consentimiento", "einwillig*",
        "eingewilligt", "zustimmung", "consentement", "consentimiento", "autorización", "您 的 同 意",
        "你 的 同 意", "您 同 意", "您 的 授 权",
    ]),
    (C::ExcAggregate, &[
        "aggregat*", "anonym*", "de identified", "deidentified", "non personal",
        "non personally", "statistical", "not personally identifiable",
        "does not identify you", "anonymisiert*", "agrégé*", "anonymis*", "agregad*",
        "匿 名", "汇 总",
    ]),
    (C::You, &["you", "users", "user", "visitors", "customers", "sie", "vous", "usted", "您", "你"]),
    (C::Only, &["only", "solely", "exclusively", "nur", "uniquement", "solo", "únicamente", "仅", "只"]),
    (C::Qualifier, &[
        "to", "for", "that", "which", "in order", "unless", "except", "without", "beyond",
        "other than", "when", "if", "about", "from", "persistent", "session", "advertising",
    ]),
    (C::SitePlace, &[
        "on this", "on our", "on your", "in your", "in this", "in our", "at all", "on the", "on any", "by this",
        "auf", "sur", "en", "的",
    ]),
    (C::Fingerprint, &[
        "fingerprint*", "device fingerprint*", "browser fingerprint*", "canvas fingerprint*",
        "digital fingerprint*", "device graph*", "fingerabdr*", "empreinte*", "huella* digital*",
        "vingerafdruk*", "指 纹",
    ]),
    (C::Definition, &[
        "cookies are", "a cookie is", "cookie is a", "cookies is", "is a cookie",
        "what are cookies", "what is a cookie", "are small", "is a small", "refers to",
        "is an electronic", "are electronic", "is a tiny", "are tiny", "also known as",
        "also called", "sind kleine", "sont de petits", "son pequeños", "is a technique",
        "is a method", "is the practice", "is the collection", "is the process", "is a type of",
        "are cookies set by", "is a way", "are a way", "is een techniek", "est une technique",
        "es una técnica", "ist eine technik", "ist ein verfahren", "qu est ce qu", "qu est ce que",
    ]),
];

/// One compiled pattern: its words (text, is-prefix; empty text = any token).
struct Pat {
    concept: C,
    words: Vec<(String, bool)>,
}

/// Patterns indexed by their first word.
struct Matcher {
    pats: Vec<Pat>,
    exact: HashMap<String, Vec<usize>>,
    /// Prefix patterns, keyed by the first character of their first word.
    prefix: HashMap<char, Vec<(String, usize)>>,
}

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = Matcher {
            pats: Vec::new(),
            exact: HashMap::new(),
            prefix: HashMap::new(),
        };
        for (concept, list) in LEXICON {
            for p in *list {
                let words = compile(p);
                if words.is_empty() {
                    continue;
                }
                let id = m.pats.len();
                let (first, is_prefix) = words[0].clone();
                if is_prefix {
                    let c = first.chars().next().unwrap_or(' ');
                    m.prefix.entry(c).or_default().push((first, id));
                } else {
                    m.exact.entry(first).or_default().push(id);
                }
                m.pats.push(Pat {
                    concept: *concept,
                    words,
                });
            }
        }
        m
    })
}

/// Splits a pattern into token words the same way sentences are tokenised.
pub(crate) fn compile(p: &str) -> Vec<(String, bool)> {
    let lower = lower_same_len(p);
    let mut out = Vec::new();
    for w in lower.split(' ').filter(|w| !w.is_empty()) {
        let (w, pre) = match w.strip_suffix('*') {
            Some(s) => (s, true),
            None => (w, false),
        };
        if w == "_" {
            out.push((String::new(), false));
            continue;
        }
        let t = tokenize(w);
        let n = t.spans.len();
        for (i, &(s, e)) in t.spans.iter().enumerate() {
            let Some(w) = t.lower.get(s..e) else { continue };
            out.push((w.to_string(), pre && i + 1 == n));
        }
    }
    out
}

/// Whether `c` is written without spaces between words (Han, Kana, Hangul): each
/// such character is one token.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x20000..=0x2A6DF)
}

/// Lowercases char by char, keeping any character whose lowercase form would change
/// the byte length, so byte offsets in the result equal those in `s`.
pub(crate) fn lower_same_len(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(x), None) if x.len_utf8() == c.len_utf8() => out.push(x),
            _ => out.push(c),
        }
    }
    out
}

/// A tokenised sentence: lowercased text and token byte spans within it.
pub(crate) struct Tokens {
    pub lower: String,
    pub spans: Vec<(usize, usize)>,
    /// Whether clause punctuation (, ; : ( ) brackets, dashes) separates token i-1 from i.
    pub brk: Vec<bool>,
}

impl Tokens {
    /// Text of token `i`.
    pub fn tok(&self, i: usize) -> &str {
        let (s, e) = self.spans[i];
        self.lower.get(s..e).unwrap_or_default()
    }
}

/// Tokenises `s` into alphanumeric runs and single CJK characters.
pub(crate) fn tokenize(s: &str) -> Tokens {
    let lower = lower_same_len(s);
    let mut spans = Vec::new();
    let mut brk = Vec::new();
    let mut start: Option<usize> = None;
    let mut pending_brk = false;
    for (i, c) in lower.char_indices() {
        if is_cjk(c) {
            if let Some(s0) = start.take() {
                spans.push((s0, i));
                brk.push(pending_brk);
                pending_brk = false;
            }
            spans.push((i, i + c.len_utf8()));
            brk.push(pending_brk);
            pending_brk = false;
        } else if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else {
            if let Some(s0) = start.take() {
                spans.push((s0, i));
                brk.push(pending_brk);
                pending_brk = false;
            }
            // Clause punctuation ("、" only enumerates, so it does not break a clause).
            const CLAUSE: &str = ",;:()[]–—，：；（）.!?\"“”";
            if CLAUSE.contains(c) {
                pending_brk = true;
            }
        }
    }
    if let Some(s0) = start {
        spans.push((s0, lower.len()));
        brk.push(pending_brk);
    }
    Tokens { lower, spans, brk }
}

/// Whether token text `t` matches pattern word `w`.
fn word_matches(t: &str, w: &(String, bool)) -> bool {
    if w.0.is_empty() {
        return true;
    }
    if w.1 {
        t.starts_with(w.0.as_str())
    } else {
        t == w.0
    }
}

/// Every concept hit in a tokenised sentence: `hits[concept]` = token spans
/// `(first, one past last)`, in text order.
pub(crate) fn find_hits(t: &Tokens) -> Vec<Vec<(usize, usize)>> {
    let m = matcher();
    let mut hits: Vec<Vec<(usize, usize)>> = vec![Vec::new(); N_CONCEPTS];
    let n = t.spans.len();
    let try_pat = |id: usize, i: usize, hits: &mut Vec<Vec<(usize, usize)>>| {
        let p = &m.pats[id];
        if i + p.words.len() > n {
            return;
        }
        for (k, w) in p.words.iter().enumerate().skip(1) {
            if !word_matches(t.tok(i + k), w) {
                return;
            }
        }
        let v = &mut hits[p.concept as usize];
        let span = (i, i + p.words.len());
        if !v.contains(&span) {
            v.push(span);
        }
    };
    for i in 0..n {
        let tok = t.tok(i);
        if let Some(ids) = m.exact.get(tok) {
            for &id in ids {
                try_pat(id, i, &mut hits);
            }
        }
        if let Some(list) = tok.chars().next().and_then(|c| m.prefix.get(&c)) {
            for (pre, id) in list {
                if tok.starts_with(pre.as_str()) {
                    try_pat(*id, i, &mut hits);
                }
            }
        }
    }
    // German and Dutch compounds end in their head noun: "Zahlungsdienstleister",
    // "Werbepartnern", "advertentiepartners", "Nutzungsdaten", "klantgegevens".
    for i in 0..n {
        let tok = t.tok(i);
        for &(head, c) in COMPOUND_HEADS {
            if tok.len() >= head.len() + 3 && tok.ends_with(head) {
                let v = &mut hits[c as usize];
                if !v.iter().any(|&(a, b)| a <= i && i < b) {
                    v.push((i, i + 1));
                }
            }
        }
    }
    for v in hits.iter_mut() {
        v.sort_unstable();
    }
    hits
}

/// Head nouns that make a German or Dutch compound a word of a concept.
const COMPOUND_HEADS: &[(&str, C)] = &[
    ("dienstleister", C::Third),
    ("dienstleistern", C::Third),
    ("dienstleister", C::ExcProviders),
    ("dienstleistern", C::ExcProviders),
    ("partnern", C::Third),
    ("partners", C::Third),
    ("anbieter", C::Third),
    ("anbietern", C::Third),
    ("leveranciers", C::Third),
    ("daten", C::InfoObj),
    ("gegevens", C::InfoObj),
];
