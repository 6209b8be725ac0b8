//! Language guess for policy text: in goes text, out comes an ISO 639-1 code
//! ("en", "de", "zh", ...) or "und". Only the first ~20 KB are looked at.
//!
//! The script decides first (`whatlang`): text in Han/Kana, Hangul, Cyrillic,
//! Arabic, Greek, Thai, Hebrew or Devanagari gets whatlang's guess among the
//! languages below (it tells Japanese from Chinese by the kana share and
//! Ukrainian from Russian by trigrams). Latin-script text is decided by our
//! stop-word vote instead of whatlang's trigrams, because policy text comes
//! in short segments and whatlang is worse there: on the 3,623 English
//! segments of the evaluation corpora it named 46 French, Portuguese, Spanish
//! or German ("If you have additional questions about your options, contact
//! us." is French to it with confidence 1.0), where the vote names none, and
//! it takes about eight times as long. A vote below three stop words is "und".
#![deny(clippy::string_slice)]

use std::sync::LazyLock;
use whatlang::{Detector, Lang, Script};

/// How much of the text is sampled, in bytes.
const SAMPLE: usize = 20_000;

/// The languages guessed for non-Latin scripts, with the codes policy/ uses.
const SCRIPT_LANGS: &[(Lang, &str)] = &[
    (Lang::Cmn, "zh"),
    (Lang::Jpn, "ja"),
    (Lang::Kor, "ko"),
    (Lang::Rus, "ru"),
    (Lang::Ukr, "uk"),
    (Lang::Ara, "ar"),
    (Lang::Ell, "el"),
    (Lang::Tha, "th"),
    (Lang::Heb, "he"),
    (Lang::Hin, "hi"),
];

/// whatlang restricted to [`SCRIPT_LANGS`] (Arabic script is Arabic, not
/// Persian or Urdu; Cyrillic is Russian or Ukrainian; Devanagari is Hindi).
static DETECTOR: LazyLock<Detector> =
    LazyLock::new(|| Detector::with_allowlist(SCRIPT_LANGS.iter().map(|(l, _)| *l).collect()));

/// Stop words per Latin-script language (words distinctive enough to vote).
const STOPWORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "you", "we", "your", "is", "that", "for", "with", "our",
            "are", "this", "will", "or", "by", "not",
        ],
    ),
    (
        "de",
        &[
            "der",
            "die",
            "und",
            "das",
            "nicht",
            "ist",
            "wir",
            "sie",
            "ihre",
            "mit",
            "von",
            "zu",
            "den",
            "des",
            "für",
            "auf",
            "ihnen",
            "werden",
            "oder",
            "eine",
            "keine",
            "kein",
            "dritte",
            "dritten",
            "daten",
            "niemals",
            "personenbezogenen",
            "unsere",
        ],
    ),
    (
        "fr",
        &[
            "le",
            "la",
            "les",
            "et",
            "des",
            "est",
            "vous",
            "nous",
            "pas",
            "pour",
            "une",
            "du",
            "dans",
            "sur",
            "vos",
            "votre",
            "aux",
            "qui",
            "sont",
            "ou",
            "ne",
            "jamais",
            "aucun",
            "aucune",
            "tiers",
            "données",
            "nos",
            "notre",
            "personnelles",
        ],
    ),
    (
        "es",
        &[
            "el",
            "los",
            "las",
            "y",
            "que",
            "para",
            "sus",
            "con",
            "por",
            "una",
            "del",
            "nosotros",
            "su",
            "usted",
            "es",
            "como",
            "al",
            "datos",
            "o",
            "no",
            "se",
            "nuestro",
            "nuestros",
            "nuestra",
            "tus",
            "tu",
            "terceros",
            "nunca",
            "personales",
            "serán",
            "será",
            "sin",
            "información",
        ],
    ),
    (
        "pt",
        &[
            "os", "e", "não", "seus", "com", "uma", "dos", "das", "você", "nós", "em", "ao", "ou",
            "são", "suas", "pelo", "dados", "sua",
        ],
    ),
    (
        "it",
        &[
            "il", "di", "che", "per", "non", "sono", "dei", "delle", "gli", "nostro", "della",
            "nel", "alla", "questo", "vostri", "tuoi", "dati", "sito",
        ],
    ),
    (
        "nl",
        &[
            "het", "een", "en", "van", "wij", "uw", "niet", "dat", "voor", "met", "op", "zijn",
            "ons", "deze", "worden", "gegevens", "je", "naar", "geen", "nooit", "derden", "onze",
            "wordt",
        ],
    ),
    (
        "pl",
        &[
            "i",
            "w",
            "z",
            "na",
            "nie",
            "się",
            "do",
            "jest",
            "że",
            "dla",
            "oraz",
            "przez",
            "lub",
            "danych",
            "są",
            "jak",
            "twoje",
            "osobowych",
        ],
    ),
    (
        "sv",
        &[
            "och",
            "att",
            "det",
            "som",
            "för",
            "är",
            "vi",
            "dina",
            "inte",
            "av",
            "till",
            "om",
            "eller",
            "uppgifter",
        ],
    ),
    (
        "tr",
        &[
            "ve",
            "bir",
            "bu",
            "için",
            "ile",
            "olarak",
            "veya",
            "kişisel",
            "verileriniz",
            "gibi",
            "olan",
            "değil",
        ],
    ),
];

/// Guesses the language of `text`.
pub fn detect(text: &str) -> &'static str {
    let sample = crate::text::head(text, SAMPLE);
    match whatlang::detect_script(sample) {
        None => "und",
        Some(Script::Latin) => latin_language(sample),
        Some(_) => DETECTOR
            .detect_lang(sample)
            .and_then(|lang| SCRIPT_LANGS.iter().find(|(l, _)| *l == lang))
            .map_or("und", |(_, code)| code),
    }
}

/// Chooses among Latin-script languages by stop-word votes.
fn latin_language(sample: &str) -> &'static str {
    let mut scores = [0usize; STOPWORDS.len()];
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        if w.len() > 12 {
            continue;
        }
        let lw = w.to_lowercase();
        for (k, (_, words)) in STOPWORDS.iter().enumerate() {
            if words.contains(&lw.as_str()) {
                scores[k] += 1;
            }
        }
    }
    let (best, score) = scores
        .iter()
        .enumerate()
        .max_by_key(|(k, s)| (**s, usize::MAX - k))
        .map(|(k, s)| (k, *s))
        .unwrap_or((0, 0));
    if score < 3 {
        "und"
    } else {
        STOPWORDS[best].0
    }
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn detects_common_languages() {
        assert_eq!(
            detect(
                "We do not share your personal information with third parties and we use cookies."
            ),
            "en"
        );
        assert_eq!(detect("Wir geben Ihre Daten nicht an Dritte weiter und verwenden Cookies für die Analyse."), "de");
        assert_eq!(
            detect(
                "Nous ne partageons pas vos données avec des tiers et nous utilisons des cookies."
            ),
            "fr"
        );
        assert_eq!(
            detect("No compartimos sus datos con terceros y usamos cookies para la publicidad."),
            "es"
        );
        assert_eq!(
            detect("我们不会与任何第三方共享您的个人信息。我们使用Cookie。"),
            "zh"
        );
        assert_eq!(detect("当社は、お客様の個人情報を第三者に提供することはありません。クッキーを使用します。"), "ja");
        assert_eq!(
            detect("회사는 이용자의 개인정보를 제3자에게 제공하지 않습니다."),
            "ko"
        );
        assert_eq!(
            detect("Мы не передаем ваши персональные данные третьим лицам без согласия."),
            "ru"
        );
        assert_eq!(
            detect("Nós não compartilhamos os seus dados com terceiros e não vendemos dados."),
            "pt"
        );
        assert_eq!(
            detect("Wij delen uw gegevens niet met derden en het is voor ons van belang."),
            "nl"
        );
        assert_eq!(detect("12345 !!!"), "und");
    }

    #[test]
    fn other_scripts_and_short_english() {
        let cases = [
            ("Ми не передаємо ваші персональні дані третім особам і не використовуємо їх для реклами.", "uk"),
            ("Δεν κοινοποιούμε τα προσωπικά σας δεδομένα σε τρίτους χωρίς τη συγκατάθεσή σας.", "el"),
            ("אנו לא משתפים את המידע האישי שלך עם צדדים שלישיים ללא הסכמתך.", "he"),
            ("نحن لا نشارك بياناتك الشخصية مع أطراف ثالثة دون موافقتك.", "ar"),
            ("हम आपकी व्यक्तिगत जानकारी तीसरे पक्ष के साथ साझा नहीं करते हैं।", "hi"),
            ("เราไม่เปิดเผยข้อมูลส่วนบุคคลของคุณแก่บุคคลที่สามโดยไม่ได้รับความยินยอม", "th"),
            // Short English that whatlang calls French: English, or too few
            // stop words to tell.
            (
                "A cookie does not identify you personally but it does identify your computer.",
                "en",
            ),
            (
                "If you have additional questions about your options, contact us.",
                "und",
            ),
            // A few CJK names in English text do not make it Chinese.
            ("We share your data with 腾讯 and 百度 only when you agree to it and the law allows.", "en"),
            ("", "und"),
        ];
        for (text, want) in cases {
            assert_eq!(detect(text), want, "{text}");
        }
        // The sample bound cuts inside a multi-byte character without panicking.
        assert_eq!(detect(&"é".repeat(30_000)), "und");
        assert_eq!(detect(&"我们".repeat(10_000)), "zh");
    }
}
