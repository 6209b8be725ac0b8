//! A button's or banner's text in, what it means out: the words of consent
//! banners in 29 languages (accept all, reject all, open the settings, save
//! the selection) and of the notices themselves (cookies, consent, privacy).
//! The lists are the team's own; the matching is whole words for alphabetic
//! scripts and substrings for Chinese, Japanese and Korean.

/// What a control's text means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// Accept all.
    Accept,
    /// Reject all (or only what is necessary).
    Reject,
    /// Open the settings layer.
    Settings,
    /// Save the selection made in the settings layer.
    Save,
}

/// One language's phrases.
pub struct Words {
    /// ISO 639-1 code.
    pub lang: &'static str,
    /// Labels meaning accept all.
    pub accept: &'static [&'static str],
    /// Labels meaning reject all or necessary only.
    pub reject: &'static [&'static str],
    /// Labels opening the settings.
    pub settings: &'static [&'static str],
    /// Labels saving a selection.
    pub save: &'static [&'static str],
}

/// Longest control text read as a button label (longer is prose).
pub const MAX_LABEL: usize = 60;

/// Every language's phrases (lower case; [`fold`]ed before use).
#[rustfmt::skip]
pub static WORDS: &[Words] = &[
    Words {
        lang: "en",
        accept: &["accept all", "accept", "allow all", "allow", "agree", "i agree", "agree and close", "accept cookies", "allow cookies", "got it", "ok", "okay", "accept and continue", "i accept", "yes", "consent"],
        reject: &["reject all", "reject", "decline", "deny", "refuse", "disagree", "decline all", "deny all", "refuse all", "reject cookies", "necessary only", "only necessary", "essential only", "only essential", "accept necessary", "necessary cookies only", "continue without accepting", "do not accept", "no thanks", "no, thanks", "do not consent", "i do not agree", "reject non-essential", "strictly necessary only"],
        settings: &["settings", "cookie settings", "preferences", "manage", "manage options", "manage preferences", "manage cookies", "customize", "customise", "more options", "options", "configure"],
        save: &["save", "save settings", "save preferences", "save and exit", "save & exit", "confirm my choices", "confirm choices", "confirm selection", "allow selection", "accept selected", "accept selection", "save choices", "save my choices"],
    },
    Words {
        lang: "de",
        accept: &["alle akzeptieren", "akzeptieren", "alle annehmen", "annehmen", "zustimmen", "allen zustimmen", "alle zulassen", "zulassen", "alle erlauben", "erlauben", "einverstanden", "ich stimme zu", "akzeptieren und schließen", "verstanden", "alles klar"],
        reject: &["alle ablehnen", "ablehnen", "nur notwendige", "nur essenzielle", "nur erforderliche", "nur technisch notwendige", "nicht zustimmen", "verweigern", "alle verweigern", "ohne zustimmung fortfahren", "weiter ohne einwilligung", "nicht einverstanden", "nein danke"],
        settings: &["einstellungen", "cookie-einstellungen", "anpassen", "optionen", "mehr optionen", "verwalten", "individuelle einstellungen", "details anzeigen"],
        save: &["auswahl speichern", "speichern", "auswahl erlauben", "auswahl bestätigen", "einstellungen speichern", "auswahl akzeptieren", "auswahl zulassen"],
    },
    Words {
        lang: "fr",
        accept: &["tout accepter", "accepter", "accepter tout", "j'accepte", "accepter et fermer", "autoriser", "tout autoriser", "d'accord", "ok pour moi", "accepter et continuer", "oui"],
        reject: &["tout refuser", "refuser", "refuser tout", "je refuse", "continuer sans accepter", "rejeter", "tout rejeter", "uniquement nécessaires", "nécessaires uniquement", "uniquement les cookies nécessaires", "non merci", "je n'accepte pas"],
        settings: &["paramètres", "personnaliser", "gérer", "gérer les options", "préférences", "plus d'options", "paramétrer"],
        save: &["enregistrer", "enregistrer mes choix", "valider", "valider mes choix", "confirmer mes choix", "sauvegarder", "accepter la sélection"],
    },
    Words {
        lang: "es",
        accept: &["aceptar todo", "aceptar todas", "aceptar", "acepto", "aceptar y cerrar", "permitir todo", "permitir todas", "de acuerdo", "estoy de acuerdo", "aceptar cookies", "entendido", "aceptar y continuar"],
        reject: &["rechazar todo", "rechazar todas", "rechazar", "denegar", "no aceptar", "no acepto", "solo necesarias", "sólo necesarias", "solo las necesarias", "continuar sin aceptar", "rechazar cookies"],
        settings: &["configuración", "configurar", "personalizar", "preferencias", "gestionar", "más opciones", "ajustes", "opciones"],
        save: &["guardar", "guardar configuración", "guardar preferencias", "confirmar selección", "aceptar selección", "guardar y salir"],
    },
    Words {
        lang: "it",
        accept: &["accetta tutto", "accetta tutti", "accetta", "accetto", "accetta e chiudi", "consenti tutto", "consenti", "acconsento", "ok, ho capito", "ho capito", "va bene"],
        reject: &["rifiuta tutto", "rifiuta tutti", "rifiuta", "rifiuto", "nega", "continua senza accettare", "solo necessari", "solo i necessari", "non accetto"],
        settings: &["impostazioni", "personalizza", "gestisci", "preferenze", "più opzioni", "opzioni", "gestisci le opzioni"],
        save: &["salva", "salva e chiudi", "salva le preferenze", "conferma la selezione", "conferma le scelte", "accetta selezionati"],
    },
    Words {
        lang: "pt",
        accept: &["aceitar tudo", "aceitar todos", "aceitar", "aceito", "concordo", "permitir todos", "permitir tudo", "aceitar e fechar", "aceitar cookies", "entendi", "ok, entendi"],
        reject: &["rejeitar tudo", "rejeitar todos", "rejeitar", "recusar", "recusar tudo", "recusar todos", "não aceito", "não aceitar", "apenas necessários", "somente necessários", "continuar sem aceitar", "não concordo"],
        settings: &["configurações", "definições", "personalizar", "gerir", "gerenciar", "preferências", "mais opções"],
        save: &["guardar", "salvar", "salvar preferências", "guardar preferências", "confirmar escolhas", "confirmar seleção", "permitir seleção"],
    },
    Words {
        lang: "nl",
        accept: &["alles accepteren", "accepteren", "alle cookies accepteren", "akkoord", "ik ga akkoord", "alles toestaan", "toestaan", "accepteer", "accepteer alles", "oké"],
        reject: &["alles weigeren", "weigeren", "weiger", "alle weigeren", "afwijzen", "alles afwijzen", "niet akkoord", "alleen noodzakelijke", "alleen functionele", "alleen essentiële", "nee, bedankt"],
        settings: &["instellingen", "aanpassen", "voorkeuren", "beheren", "meer opties", "cookie-instellingen"],
        save: &["opslaan", "voorkeuren opslaan", "keuze opslaan", "selectie toestaan", "bevestig keuze", "keuze bevestigen"],
    },
    Words {
        lang: "pl",
        accept: &["akceptuję", "akceptuj", "akceptuj wszystko", "akceptuj wszystkie", "zaakceptuj wszystkie", "zaakceptuj", "zgadzam się", "zgoda", "zezwól na wszystkie", "przejdź do serwisu", "rozumiem"],
        reject: &["odrzuć wszystkie", "odrzuć", "odrzucam", "nie zgadzam się", "tylko niezbędne", "odmów", "odmawiam"],
        settings: &["ustawienia", "dostosuj", "zarządzaj", "preferencje", "więcej opcji"],
        save: &["zapisz", "zapisz ustawienia", "zapisz wybór", "potwierdź wybór", "zezwól na wybór"],
    },
    Words {
        lang: "sv",
        accept: &["acceptera alla", "acceptera", "godkänn alla", "godkänn", "tillåt alla", "tillåt", "jag godkänner", "jag förstår", "okej"],
        reject: &["avvisa alla", "avvisa", "neka", "neka alla", "avböj", "avböj alla", "endast nödvändiga", "bara nödvändiga", "nej tack"],
        settings: &["inställningar", "anpassa", "hantera", "preferenser", "fler alternativ"],
        save: &["spara", "spara inställningar", "spara val", "bekräfta val", "tillåt urval"],
    },
    Words {
        lang: "da",
        accept: &["accepter alle", "accepter", "accepter alt", "tillad alle", "tillad", "jeg accepterer", "forstået", "godkend alle", "godkend"],
        reject: &["afvis alle", "afvis", "afslå", "kun nødvendige", "nej tak", "afvis alt", "afslå alle"],
        settings: &["indstillinger", "tilpas", "administrer", "præferencer", "flere muligheder"],
        save: &["gem", "gem indstillinger", "gem valg", "tillad valgte", "bekræft valg"],
    },
    Words {
        lang: "no",
        accept: &["godta alle", "godta", "aksepter alle", "aksepter", "tillat alle", "tillat", "jeg godtar", "forstått"],
        reject: &["avvis alle", "avvis", "avslå", "avslå alle", "kun nødvendige", "bare nødvendige", "nei takk"],
        settings: &["innstillinger", "tilpass", "administrer", "preferanser", "flere valg"],
        save: &["lagre", "lagre innstillinger", "lagre valg", "bekreft valg", "tillat utvalgte"],
    },
    Words {
        lang: "fi",
        accept: &["hyväksy kaikki", "hyväksy", "hyväksyn", "salli kaikki", "salli", "selvä", "sallin"],
        reject: &["hylkää kaikki", "hylkää", "kieltäydy", "vain välttämättömät", "en hyväksy", "estä kaikki", "kiellä kaikki"],
        settings: &["asetukset", "evästeasetukset", "mukauta", "hallinnoi", "lisää vaihtoehtoja"],
        save: &["tallenna", "tallenna asetukset", "tallenna valinnat", "vahvista valinnat", "salli valitut"],
    },
    Words {
        lang: "cs",
        accept: &["přijmout vše", "přijmout", "přijmout všechny", "souhlasím", "povolit vše", "povolit všechny", "povolit", "rozumím", "souhlas", "přijímám"],
        reject: &["odmítnout vše", "odmítnout", "odmítnout všechny", "nesouhlasím", "pouze nezbytné", "jen nezbytné", "zamítnout"],
        settings: &["nastavení", "přizpůsobit", "spravovat", "předvolby", "další možnosti"],
        save: &["uložit", "uložit nastavení", "uložit volbu", "potvrdit výběr", "povolit výběr"],
    },
    Words {
        lang: "sk",
        accept: &["prijať všetko", "prijať", "prijať všetky", "súhlasím", "povoliť všetko", "povoliť všetky", "povoliť", "rozumiem", "prijímam"],
        reject: &["odmietnuť všetko", "odmietnuť", "odmietnuť všetky", "nesúhlasím", "iba nevyhnutné", "len nevyhnutné", "zamietnuť"],
        settings: &["nastavenia", "prispôsobiť", "spravovať", "predvoľby", "ďalšie možnosti"],
        save: &["uložiť", "uložiť nastavenia", "uložiť výber", "potvrdiť výber", "povoliť výber"],
    },
    Words {
        lang: "hu",
        accept: &["összes elfogadása", "elfogadom", "elfogadás", "mindet elfogadom", "mindent elfogadok", "elfogad", "engedélyezem", "összes engedélyezése", "rendben", "egyetértek"],
        reject: &["összes elutasítása", "elutasítom", "elutasítás", "mindet elutasítom", "elutasít", "csak a szükségesek", "csak szükséges", "nem fogadom el", "nem értek egyet"],
        settings: &["beállítások", "testreszabás", "kezelés", "további lehetőségek", "sütibeállítások"],
        save: &["mentés", "beállítások mentése", "kiválasztottak engedélyezése", "választás megerősítése", "kiválasztás mentése"],
    },
    Words {
        lang: "ro",
        accept: &["acceptă tot", "accept tot", "acceptă toate", "accept", "acceptă", "sunt de acord", "de acord", "permite toate", "permite tot", "am înțeles", "accept toate"],
        reject: &["respinge tot", "respinge toate", "respinge", "refuz", "refuză tot", "refuză", "nu sunt de acord", "doar necesare", "numai necesare", "continuă fără acceptare", "nu accept"],
        settings: &["setări", "personalizează", "gestionează", "preferințe", "mai multe opțiuni"],
        save: &["salvează", "salvează setările", "salvează preferințele", "confirmă selecția", "permite selecția"],
    },
    Words {
        lang: "bg",
        accept: &["приемам", "приеми всички", "приемам всички", "приеми", "съгласен съм", "съгласна съм", "разреши всички", "разрешаване на всички", "добре", "разбрах"],
        reject: &["отхвърли всички", "отхвърлям", "отхвърли", "откажи", "отказвам", "не приемам", "само необходимите", "само задължителните", "отказ"],
        settings: &["настройки", "персонализирай", "управление", "предпочитания", "още опции"],
        save: &["запази", "запази настройките", "запазване", "потвърди избора", "разреши избраните"],
    },
    Words {
        lang: "el",
        accept: &["αποδοχή όλων", "αποδοχή", "αποδέχομαι", "αποδέχομαι όλα", "συμφωνώ", "επιτρέψτε όλα", "να επιτρέπονται όλα", "εντάξει", "το κατάλαβα"],
        reject: &["απόρριψη όλων", "απόρριψη", "απορρίπτω", "απορρίψτε", "δεν συμφωνώ", "μόνο τα απαραίτητα", "άρνηση", "αρνούμαι", "δεν αποδέχομαι"],
        settings: &["ρυθμίσεις", "προσαρμογή", "διαχείριση", "προτιμήσεις", "περισσότερες επιλογές"],
        save: &["αποθήκευση", "αποθήκευση ρυθμίσεων", "αποθήκευση επιλογών", "επιβεβαίωση επιλογών"],
    },
    Words {
        lang: "hr",
        accept: &["prihvati sve", "prihvaćam", "prihvati", "slažem se", "dopusti sve", "dopusti", "u redu", "razumijem", "prihvaćam sve"],
        reject: &["odbij sve", "odbij", "odbijam", "ne slažem se", "samo nužni", "samo neophodni", "samo nužne", "odbaci"],
        settings: &["postavke", "prilagodi", "upravljaj", "postavke kolačića", "više opcija"],
        save: &["spremi", "spremi postavke", "spremi odabir", "potvrdi odabir", "dopusti odabir"],
    },
    Words {
        lang: "sl",
        accept: &["sprejmi vse", "sprejmi", "sprejmem", "strinjam se", "dovoli vse", "dovoli", "v redu", "razumem"],
        reject: &["zavrni vse", "zavrni", "zavračam", "ne strinjam se", "samo nujni", "samo nujne", "samo potrebni", "odkloni"],
        settings: &["nastavitve", "prilagodi", "upravljaj", "možnosti", "več možnosti"],
        save: &["shrani", "shrani nastavitve", "shrani izbiro", "potrdi izbiro", "dovoli izbrane"],
    },
    Words {
        lang: "et",
        accept: &["nõustu kõigiga", "nõustun", "nõustu", "luba kõik", "aktsepteeri kõik", "aktsepteeri", "sain aru", "nõustun kõigiga"],
        reject: &["keeldu kõigist", "keeldu", "keeldun", "keela kõik", "ainult vajalikud", "ainult hädavajalikud", "lükka tagasi", "ei nõustu"],
        settings: &["seaded", "kohanda", "halda", "eelistused", "rohkem valikuid"],
        save: &["salvesta", "salvesta seaded", "salvesta valik", "kinnita valik", "luba valitud"],
    },
    Words {
        lang: "lv",
        accept: &["pieņemt visus", "pieņemt", "piekrītu", "atļaut visus", "atļaut", "apstiprināt visus", "sapratu", "labi", "pieņemt visas"],
        reject: &["noraidīt visus", "noraidīt", "noraidu", "nepiekrītu", "tikai nepieciešamās", "tikai nepieciešamos", "atteikties", "liegt"],
        settings: &["iestatījumi", "pielāgot", "pārvaldīt", "vairāk iespēju"],
        save: &["saglabāt", "saglabāt iestatījumus", "saglabāt izvēli", "apstiprināt izvēli", "atļaut izvēlētos"],
    },
    Words {
        lang: "lt",
        accept: &["priimti visus", "priimti", "sutinku", "leisti visus", "leisti", "patvirtinti visus", "gerai", "supratau", "sutinku su visais"],
        reject: &["atmesti visus", "atmesti", "atsisakyti", "nesutinku", "tik būtini", "tik būtinus", "tik būtinieji", "atmesti viską"],
        settings: &["nustatymai", "tinkinti", "valdyti", "parinktys", "daugiau parinkčių"],
        save: &["išsaugoti", "išsaugoti nustatymus", "išsaugoti pasirinkimą", "patvirtinti pasirinkimą", "leisti pasirinktus"],
    },
    Words {
        lang: "tr",
        accept: &["tümünü kabul et", "kabul et", "kabul ediyorum", "hepsini kabul et", "tümüne izin ver", "izin ver", "onaylıyorum", "anladım", "tamam", "kabul"],
        reject: &["tümünü reddet", "reddet", "reddediyorum", "hepsini reddet", "kabul etmiyorum", "sadece gerekli", "yalnızca gerekli", "yalnızca zorunlu", "sadece zorunlu", "izin verme"],
        settings: &["ayarlar", "çerez ayarları", "özelleştir", "yönet", "tercihler", "daha fazla seçenek"],
        save: &["kaydet", "ayarları kaydet", "seçimi kaydet", "tercihleri kaydet", "seçimi onayla", "seçime izin ver"],
    },
    Words {
        lang: "ru",
        accept: &["принять все", "принять всё", "принять", "принимаю", "согласен", "согласна", "я согласен", "разрешить все", "разрешить", "хорошо", "понятно", "ок"],
        reject: &["отклонить все", "отклонить всё", "отклонить", "отказаться", "отказ", "не согласен", "только необходимые", "запретить все", "отвергнуть"],
        settings: &["настройки", "настроить", "управление", "параметры", "предпочтения", "больше опций"],
        save: &["сохранить", "сохранить настройки", "сохранить выбор", "подтвердить выбор", "разрешить выбранные"],
    },
    Words {
        lang: "uk",
        accept: &["прийняти все", "прийняти всі", "прийняти", "приймаю", "погоджуюсь", "згоден", "згодна", "дозволити все", "дозволити всі", "дозволити", "зрозуміло", "добре"],
        reject: &["відхилити все", "відхилити всі", "відхилити", "відмовитися", "не погоджуюсь", "лише необхідні", "тільки необхідні", "заборонити всі", "відмовляюсь"],
        settings: &["налаштування", "налаштувати", "керувати", "параметри", "вподобання", "більше опцій"],
        save: &["зберегти", "зберегти налаштування", "зберегти вибір", "підтвердити вибір", "дозволити вибрані"],
    },
    Words {
        lang: "ja",
        accept: &["すべて受け入れる", "全て受け入れる", "すべて同意する", "同意する", "同意します", "同意", "受け入れる", "すべて許可", "許可する", "承諾", "了解"],
        reject: &["すべて拒否", "全て拒否", "拒否する", "拒否", "同意しない", "同意しません", "必要なcookieのみ", "必須のみ", "必要なもののみ"],
        settings: &["設定", "cookie設定", "詳細設定", "カスタマイズ", "管理", "オプション"],
        save: &["保存", "設定を保存", "選択を保存", "選択を確認", "選択を許可"],
    },
    Words {
        lang: "zh",
        accept: &["全部接受", "接受全部", "接受所有", "接受", "同意", "我同意", "全部同意", "允许所有", "允许全部", "允许", "允許所有", "允許", "好的", "知道了", "同意并继续"],
        reject: &["全部拒绝", "拒绝所有", "拒绝", "不同意", "仅必要", "仅限必要", "仅接受必要", "只接受必要", "拒絕", "全部拒絕", "拒絕所有", "僅必要", "僅接受必要", "不接受"],
        settings: &["设置", "设定", "管理", "自定义", "偏好设置", "更多选项", "設定", "設置", "自訂", "偏好設定"],
        save: &["保存", "保存设置", "保存选择", "确认选择", "儲存", "儲存設定", "確認選擇", "允许所选", "允許所選"],
    },
    Words {
        lang: "ko",
        accept: &["모두 수락", "모두 동의", "수락", "동의", "동의합니다", "모두 허용", "허용", "확인", "전체 동의", "전체 수락", "수락합니다"],
        reject: &["모두 거부", "거부", "거절", "동의하지 않음", "동의 안 함", "필수만", "필수 쿠키만", "전체 거부", "거부합니다"],
        settings: &["설정", "쿠키 설정", "사용자 지정", "관리", "환경설정", "옵션 더보기"],
        save: &["저장", "설정 저장", "선택 저장", "선택 확인", "선택 허용"],
    },
];

/// Words that make a dialog a consent notice (substrings, after [`fold`]).
#[rustfmt::skip]
pub static NOTICE: &[&str] = &[
    "cookie",
    "consent",
    "privacy",
    "tracking",
    "gdpr",
    "rgpd",
    "dsgvo",
    "datenschutz",
    "einwilligung",
    "zustimmung",
    "confidentialité",
    "consentement",
    "traceurs",
    "privacidad",
    "consentimiento",
    "consenso",
    "privacidade",
    "consentimento",
    "toestemming",
    "ciasteczk",
    "prywatnoś",
    "zgod",
    "kakor",
    "samtycke",
    "integritet",
    "samtykke",
    "personvern",
    "eväste",
    "yksityisyy",
    "souhlas",
    "súhlas",
    "süti",
    "adatvédelem",
    "hozzájárulás",
    "confidențialitate",
    "consimțământ",
    "бисквитк",
    "поверителност",
    "съгласие",
    "απόρρητ",
    "συγκατάθεσ",
    "kolačić",
    "privatnost",
    "privol",
    "piškotk",
    "zasebnost",
    "soglasje",
    "küpsis",
    "privaatsus",
    "nõusolek",
    "sīkdatn",
    "privātum",
    "piekrišan",
    "slapuk",
    "privatum",
    "sutikim",
    "çerez",
    "gizlilik",
    "куки",
    "конфиденциальност",
    "согласи",
    "конфіденційн",
    "згод",
    "クッキー",
    "プライバシー",
    "同意",
    "个人信息",
    "隐私",
    "隱私",
    "쿠키",
    "개인정보",
    "동의",
];

/// Lower case, Turkish dotless and dotted i as `i`, Greek tonos dropped,
/// Romanian cedillas as commas, `ё` as `е`, curly apostrophes straight,
/// whitespace collapsed, surrounding punctuation trimmed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'ı' | 'İ' => 'i',
            '\u{307}' => continue, // the dot of a lower-cased İ
            'ά' => 'α',
            'έ' => 'ε',
            'ή' => 'η',
            'ί' | 'ϊ' | 'ΐ' => 'ι',
            'ό' => 'ο',
            'ύ' | 'ϋ' | 'ΰ' => 'υ',
            'ώ' => 'ω',
            'ş' => 'ș',
            'ţ' => 'ț',
            'ё' => 'е',
            '’' | 'ʼ' | '`' | '´' => '\'',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    let t = out.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    t.to_string()
}

/// Chinese, Japanese or Korean: matched as substrings (no word spaces).
fn cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0xF900..=0xFAFF)
}

/// Whether `phrase` occurs in `text` as whole words (both folded).
fn has_phrase(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !cjk(c));
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(phrase)) {
        let at = from + i;
        let end = at + phrase.len();
        let before = text.get(..at).and_then(|t| t.chars().next_back());
        let after = text.get(end..).and_then(|t| t.chars().next());
        let first = phrase.chars().next();
        let last = phrase.chars().next_back();
        let open = first.is_some_and(cjk) || !word(before);
        let close = last.is_some_and(cjk) || !word(after);
        if open && close {
            return true;
        }
        from = at + phrase.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// What a control labelled `text` means, if anything: reject first (so
/// "accept only necessary" is a reject), then save ("allow selection"),
/// accept, settings.
pub fn meaning(text: &str) -> Option<Meaning> {
    let t = fold(text);
    if t.is_empty() || t.chars().count() > MAX_LABEL {
        return None;
    }
    folded()
        .iter()
        .find(|(_, phrases)| phrases.iter().any(|p| has_phrase(&t, p)))
        .map(|(m, _)| *m)
}

/// Every language's phrases, folded once, in the order they are tried.
fn folded() -> &'static [(Meaning, Vec<String>); 4] {
    static F: std::sync::OnceLock<[(Meaning, Vec<String>); 4]> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let all = |pick: fn(&Words) -> &'static [&'static str]| -> Vec<String> {
            WORDS
                .iter()
                .flat_map(|w| pick(w).iter().map(|p| fold(p)))
                .collect()
        };
        [
            (Meaning::Reject, all(|w| w.reject)),
            (Meaning::Save, all(|w| w.save)),
            (Meaning::Accept, all(|w| w.accept)),
            (Meaning::Settings, all(|w| w.settings)),
        ]
    })
}

/// Whether a dialog's text reads as a consent or cookie notice.
pub fn is_notice(text: &str) -> bool {
    let t = fold(text);
    NOTICE.iter().any(|w| t.contains(w))
}

#[cfg(test)]
mod tests {
    use super::Meaning::*;
    use super::*;

    /// Per language: an accept-all, a reject-all, a settings and a save label
    /// as a banner would spell them (capitals, punctuation, extra words).
    #[rustfmt::skip]
    const CASES: &[(&str, &str, &str, &str, &str)] = &[
        (
            "en",
            "Accept All Cookies",
            "Reject all",
            "Cookie Settings",
            "Save my choices",
        ),
        (
            "de",
            "Alle akzeptieren",
            "Nur notwendige Cookies akzeptieren",
            "Einstellungen",
            "Auswahl speichern",
        ),
        (
            "fr",
            "Tout accepter",
            "Continuer sans accepter →",
            "Personnaliser",
            "Enregistrer mes choix",
        ),
        (
            "es",
            "Aceptar todas las cookies",
            "Rechazar todo",
            "Configurar",
            "Guardar preferencias",
        ),
        (
            "it",
            "Accetta tutti",
            "Rifiuta",
            "Personalizza",
            "Salva le preferenze",
        ),
        (
            "pt",
            "Aceitar todos os cookies",
            "Não aceito",
            "Definições",
            "Confirmar escolhas",
        ),
        (
            "nl",
            "Alles accepteren",
            "Alleen noodzakelijke cookies",
            "Instellingen",
            "Voorkeuren opslaan",
        ),
        (
            "pl",
            "Akceptuję wszystkie",
            "Odrzuć wszystkie",
            "Ustawienia",
            "Zapisz wybór",
        ),
        (
            "sv",
            "Godkänn alla kakor",
            "Endast nödvändiga",
            "Anpassa",
            "Spara val",
        ),
        (
            "da",
            "Tillad alle",
            "Afvis alle",
            "Indstillinger",
            "Tillad valgte",
        ),
        (
            "no",
            "Godta alle",
            "Kun nødvendige",
            "Innstillinger",
            "Lagre valg",
        ),
        (
            "fi",
            "Hyväksy kaikki",
            "Hyväksy vain välttämättömät",
            "Evästeasetukset",
            "Tallenna valinnat",
        ),
        (
            "cs",
            "Přijmout vše",
            "Odmítnout vše",
            "Nastavení",
            "Uložit nastavení",
        ),
        (
            "sk",
            "Prijať všetko",
            "Odmietnuť všetko",
            "Nastavenia",
            "Uložiť výber",
        ),
        (
            "hu",
            "Összes elfogadása",
            "Összes elutasítása",
            "Testreszabás",
            "Kiválasztottak engedélyezése",
        ),
        (
            "ro",
            "Accept toate",
            "Respinge toate",
            "Setări",
            "Salvează preferințele",
        ),
        (
            "bg",
            "Приемам всички",
            "Отхвърли всички",
            "Настройки",
            "Запази настройките",
        ),
        (
            "el",
            "ΑΠΟΔΟΧΗ ΟΛΩΝ",
            "Απόρριψη όλων",
            "Ρυθμίσεις",
            "Αποθήκευση επιλογών",
        ),
        (
            "hr",
            "Prihvati sve",
            "Odbij sve",
            "Postavke",
            "Spremi odabir",
        ),
        (
            "sl",
            "Sprejmi vse",
            "Zavrni vse",
            "Nastavitve",
            "Shrani izbiro",
        ),
        (
            "et",
            "Nõustu kõigiga",
            "Keeldu kõigist",
            "Kohanda",
            "Salvesta valik",
        ),
        (
            "lv",
            "Pieņemt visus",
            "Noraidīt visus",
            "Pielāgot",
            "Saglabāt izvēli",
        ),
        (
            "lt",
            "Priimti visus",
            "Atmesti visus",
            "Nustatymai",
            "Išsaugoti pasirinkimą",
        ),
        (
            "tr",
            "TÜMÜNÜ KABUL ET",
            "Kabul etmiyorum",
            "Çerez ayarları",
            "SEÇİMİ KAYDET",
        ),
        (
            "ru",
            "Принять все",
            "Отклонить всё",
            "Настройки",
            "Сохранить выбор",
        ),
        (
            "uk",
            "Прийняти всі",
            "Відхилити всі",
            "Налаштування",
            "Зберегти вибір",
        ),
        (
            "ja",
            "すべて受け入れる",
            "すべて拒否する",
            "Cookie設定",
            "設定を保存",
        ),
        ("zh", "接受所有Cookie", "拒绝所有", "偏好设置", "保存设置"),
        (
            "ko",
            "모두 동의합니다",
            "동의하지 않음",
            "쿠키 설정",
            "선택 저장",
        ),
    ];

    #[test]
    fn every_language_has_its_four_meanings() {
        assert!(WORDS.len() >= 25, "{} languages", WORDS.len());
        for w in WORDS {
            let case = CASES.iter().find(|c| c.0 == w.lang);
            let (lang, a, r, s, v) = case.unwrap_or_else(|| panic!("no test for {}", w.lang));
            assert_eq!(meaning(a), Some(Accept), "{lang}: {a}");
            assert_eq!(meaning(r), Some(Reject), "{lang}: {r}");
            assert_eq!(meaning(s), Some(Settings), "{lang}: {s}");
            assert_eq!(meaning(v), Some(Save), "{lang}: {v}");
        }
        let langs: std::collections::HashSet<_> = WORDS.iter().map(|w| w.lang).collect();
        assert_eq!(langs.len(), WORDS.len(), "a language twice");
    }

    #[test]
    fn words_are_not_read_inside_other_words() {
        assert_eq!(meaning("Okapi facts"), None);
        assert_eq!(meaning("Privacy policy"), None);
        assert_eq!(meaning("Nesouhlasím"), Some(Reject));
        assert_eq!(meaning("izin verme"), Some(Reject));
        assert_eq!(meaning("Accept only necessary"), Some(Reject));
        assert_eq!(meaning("Allow selection"), Some(Save));
        assert_eq!(meaning(&"accept ".repeat(20)), None, "prose, not a label");
        assert_eq!(meaning(""), None);
    }

    #[test]
    fn notices_in_many_languages() {
        assert!(is_notice("Wir verwenden Cookies und ähnliche Technologien"));
        assert!(is_notice("Nous utilisons des traceurs"));
        assert!(is_notice("Χρησιμοποιούμε cookies για το ΑΠΟΡΡΗΤΟ σας"));
        assert!(is_notice("本网站使用Cookie以改善体验"));
        assert!(is_notice("Bu sitede ÇEREZLER kullanılır"));
        assert!(!is_notice("Subscribe to our newsletter for weekly deals"));
    }

    #[test]
    fn folding() {
        assert_eq!(fold("  Tümünü\n KABUL   et! "), "tümünü kabul et");
        assert_eq!(fold("SEÇİMİ"), "seçimi");
        assert_eq!(fold("ΑΠΟΔΟΧΉ"), "αποδοχη");
        assert_eq!(fold("J’accepte"), "j'accepte");
        assert_eq!(fold("Şi ţară"), "și țară");
    }
}
