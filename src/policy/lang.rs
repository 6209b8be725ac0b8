//! Language guess for policy text: in goes text, out comes an ISO 639-1 code
//! ("en", "de", "zh", ...) or "und". Scripts decide for Han/Kana/Hangul/Cyrillic and
//! other non-Latin alphabets; stop-word counts decide among Latin-script languages.
//! Only the first ~20 KB are looked at.
#![deny(clippy::string_slice)]

/// How much of the text is sampled, in bytes.
const SAMPLE: usize = 20_000;

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
            "der", "die", "und", "das", "nicht", "ist", "wir", "sie", "ihre", "mit", "von", "zu",
            "den", "des", "für", "auf", "ihnen", "werden", "oder", "eine",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "et", "des", "est", "vous", "nous", "pas", "pour", "une", "du",
            "dans", "sur", "vos", "votre", "aux", "qui", "sont", "ou",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "y", "que", "para", "sus", "con", "por", "una", "del", "nosotros",
            "su", "usted", "es", "como", "al", "datos", "o",
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
            "ons", "deze", "worden", "gegevens", "je", "naar",
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
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = text.get(..end).unwrap_or_default();
    let (mut han, mut kana, mut hangul, mut cyr, mut latin) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut arabic, mut greek, mut thai, mut hebrew, mut deva) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut ukr = 0usize;
    for c in sample.chars() {
        match c as u32 {
            0x3040..=0x30FF => kana += 1,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => han += 1,
            0xAC00..=0xD7AF | 0x1100..=0x11FF => hangul += 1,
            0x0400..=0x04FF => {
                cyr += 1;
                if matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є') {
                    ukr += 1;
                }
            }
            0x0600..=0x06FF => arabic += 1,
            0x0370..=0x03FF => greek += 1,
            0x0E00..=0x0E7F => thai += 1,
            0x0590..=0x05FF => hebrew += 1,
            0x0900..=0x097F => deva += 1,
            _ if c.is_alphabetic() => latin += 1,
            _ => {}
        }
    }
    // CJK characters carry about a word each; weigh them against Latin letters / 4.
    let cjk = han + kana + hangul;
    let others = [
        (cyr, "ru"),
        (arabic, "ar"),
        (greek, "el"),
        (thai, "th"),
        (hebrew, "he"),
        (deva, "hi"),
    ];
    let best_other = others
        .iter()
        .max_by_key(|x| x.0)
        .copied()
        .unwrap_or((0, "und"));
    if cjk * 4 >= latin && cjk >= best_other.0 && cjk >= 10 {
        if kana * 10 >= cjk && kana >= 5 {
            return "ja";
        }
        if hangul >= han && hangul >= kana {
            return "ko";
        }
        return "zh";
    }
    if best_other.0 > latin && best_other.0 >= 20 {
        if best_other.1 == "ru" && ukr * 50 >= cyr && ukr >= 3 {
            return "uk";
        }
        return best_other.1;
    }
    latin_language(sample)
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
}
