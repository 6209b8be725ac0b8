//! Vocabulary of privacy policies across languages (topics and the "we / you"
//! voice): words in, used by `discover::policy_score` to tell a policy from other text.
#![deny(clippy::string_slice)]

/// Policy vocabulary by concept, across languages. Terms of fewer than five ASCII
/// letters must be whole words; others match as prefixes/substrings.
#[rustfmt::skip]
pub(super) const CONCEPTS: &[&[&str]] = &[
    // personal data
    &[
        "personal data", "personal information", "personally identifiable", "personenbezogen",
        "données personnelles", "données à caractère personnel", "datos personales",
        "dados pessoais", "dati personali", "persoonsgegevens", "dane osobowe", "danych osobowych",
        "personuppgifter", "personoplysninger", "personopplysninger", "henkilötie", "osobní údaj",
        "osobních údaj", "osobné údaj", "osobných údaj", "személyes adat",
        "date cu caracter personal", "datele personale", "προσωπικά δεδομένα", "персональн",
        "kişisel veri", "البيانات الشخصية", "معلومات شخصية", "מידע אישי", "个人信息", "個人資料", "個人情報",
        "개인정보", "thông tin cá nhân", "ข้อมูลส่วนบุคคล", "data pribadi", "informasi pribadi",
        "व्यक्तिगत जानकारी",
    ],
    // collection
    &[
        "collect", "erheb", "erhoben", "sammeln", "collecte", "recopil", "recolh", "coleta",
        "coletamos", "raccogli", "raccolta", "verzamel", "gromadz", "zbieram", "samlar in",
        "indsaml", "samler inn", "kerää", "shromažď", "zbiera", "gyűjt", "colect", "συλλέγ",
        "συλλογ", "собира", "сбор", "збира", "збір", "topla", "جمع", "אוסף", "איסוף", "收集", "収集",
        "取得", "수집", "thu thập", "เก็บรวบรวม", "mengumpulkan", "एकत्र",
    ],
    // use, processing, sharing
    &[
        "we use", "processing of", "we process", "process your", "disclose", "share your",
        "share personal", "share information", "verarbeit", "weitergabe", "traitement", "utilisons",
        "tratamiento", "utilizamos", "tratamento", "trattamento", "utilizziamo", "verwerk",
        "przetwarz", "behandl", "käsittel", "zpracov", "spracov", "kezel", "prelucr", "επεξεργασ",
        "обработк", "использ", "обробк", "işle", "معالجة", "نستخدم", "עיבוד", "משתמשים", "使用", "处理",
        "處理", "利用", "取り扱", "取扱", "처리", "이용", "xử lý", "sử dụng", "ประมวลผล", "ใช้ข้อมูล",
        "menggunakan", "memproses", "उपयोग",
    ],
    // cookies and tracking technologies
    &[
        "cookie", "web beacon", "pixel", "local storage", "tracking technolog", "クッキー", "쿠키",
        "куки", "кукі", "ملفات تعريف الارتباط", "עוגיות", "คุกกี้", "eväste",
    ],
    // third parties
    &[
        "third part", "dritte", "tiers", "terceros", "terceiros", "terzi", "derden", "trzecim",
        "trzecich", "tredje", "kolmansi", "kolmas", "třetí", "tretí", "harmadik", "terț", "τρίτ",
        "третьим", "третьи", "третьих", "третім", "треті", "üçüncü", "طرف ثالث", "أطراف ثالثة",
        "צד שלישי", "צדדים שלישיים", "第三方", "第三者", "제3자", "bên thứ ba", "บุคคลที่สาม",
        "pihak ketiga", "तृतीय पक्ष",
    ],
    // rights
    &[
        "your rights", "right to access", "right of access", "right to erasure", "rectif",
        "erasure", "betroffenenrecht", "auskunft", "widerspruch", "vos droits", "droit d",
        "derechos", "direitos", "diritti", "diritto di", "uw rechten", "recht op", "prawo do",
        "prawa", "rättigheter", "rettigheder", "rettigheter", "oikeu", "práva", "právo", "jogai",
        "jogok", "drepturi", "δικαιώματ", "права", "право на", "haklar", "حقوق", "זכויות", "权利",
        "權利", "権利", "권리", "quyền", "สิทธิ", "hak anda", "अधिकार",
    ],
    // controller and accountability
    &[
        "controller", "data protection officer", "dpo", "verantwortliche", "datenschutzbeauftragt",
        "responsable du traitement", "responsable del tratamiento", "controlador",
        "titolare del trattamento", "verwerkingsverantwoordelijke", "administrator danych",
        "personuppgiftsansvarig", "dataansvarlig", "rekisterinpitäjä", "správce", "prevádzkovateľ",
        "adatkezelő", "operatorul", "υπεύθυνος επεξεργασίας", "оператор", "veri sorumlusu",
        "المتحكم", "אחראי", "个人信息处理者", "数据控制者", "管理者", "책임자", "bên kiểm soát", "ผู้ควบคุมข้อมูล",
        "pengendali", "नियंत्रक",
    ],
    // retention and security
    &[
        "retain", "retention", "store your", "security measures", "data security", "safeguard",
        "secure your", "speicher", "aufbewahr", "sicherheit", "conserv", "sécurité", "seguridad",
        "segurança", "sicurezza", "bewaren", "beveilig", "przechowyw", "bezpiecz", "lagra",
        "opbevar", "lagre", "säilyt", "uchov", "megőrz", "biztonság", "păstr", "securitat",
        "διατήρ", "ασφάλει", "хран", "безопасн", "зберіга", "безпек", "sakla", "güvenlik",
        "الاحتفاظ", "أمن", "שמירה", "אבטחה", "保存", "保留", "安全", "보관", "보유", "보안", "lưu trữ",
        "bảo mật", "เก็บรักษา", "ความปลอดภัย", "menyimpan", "keamanan", "सुरक्षा",
    ],
    // contact and changes
    &[
        "contact us", "kontakt", "contactez", "contacto", "contato", "contatta", "ota yhteyttä",
        "kapcsolat", "επικοινων", "связат", "свяжит", "зв яж", "iletişim", "اتصل", "צור קשר", "联系",
        "聯絡", "聯繫", "お問い合わせ", "問い合わせ", "문의", "liên hệ", "ติดต่อ", "hubungi", "संपर्क",
        "changes to this", "amend this",
    ],
    // laws and regulators
    &[
        "gdpr", "dsgvo", "rgpd", "avg", "ccpa", "cpra", "lgpd", "pipeda", "pipl", "appi", "kvkk",
        "pdpa", "popia", "2016 679", "152 фз", "个人信息保护法", "個人情報保護法", "개인정보 보호법",
        "supervisory authority", "aufsichtsbehörde", "cnil", "data protection authority",
    ],
    // consent and choice
    &[
        "opt out", "unsubscribe", "consent", "einwillig", "consentement", "consentimiento",
        "consentimento", "consenso", "toestemming", "zgod", "samtycke", "samtykke", "suostum",
        "souhlas", "súhlas", "hozzájárul", "consimț", "συγκατάθεσ", "согласи", "згод", "rıza",
        "onay", "موافق", "הסכמ", "同意", "동의", "đồng ý", "ความยินยอม", "persetujuan", "सहमति",
        "withdraw",
    ],
    // children
    &[
        "children", "minors", "under the age", "kinder", "enfants", "menores", "crianças", "minori",
        "kinderen", "dzieci", "barn", "børn", "lapset", "děti", "deti", "gyermek", "copii", "παιδι",
        "детей", "дітей", "çocuk", "الأطفال", "ילדים", "儿童", "兒童", "未成年", "児童", "子ども", "아동",
        "trẻ em", "เด็ก", "anak", "बच्च",
    ],
    // privacy itself
    &[
        "privacy", "datenschutz", "confidentialité", "vie privée", "privacidad", "privacidade",
        "privacybeleid", "prywatnoś", "integritet", "privatliv", "personvern", "tietosuoja",
        "soukromí", "súkromi", "adatvédelm", "confidențialitat", "απόρρητ", "конфиденциальн",
        "конфіденційн", "gizlilik", "الخصوصية", "פרטיות", "隐私", "隱私", "プライバシー", "quyền riêng tư",
        "ความเป็นส่วนตัว", "privasi", "गोपनीयता",
    ],
    // the reader's data, the organisation's voice
    &[
        "your information", "your data", "your personal", "we collect", "we may", "we do not",
        "ihre daten", "ihrer daten", "ihre personenbezogenen", "wir ", "vos données", "nous ",
        "sus datos", "seus dados", "i tuoi dati", "suoi dati", "uw gegevens", "twoich danych",
        "twoje dane", "dina personuppgifter", "dine", "tietojasi", "vaše", "vašich", "adatait",
        "dumneavoastră", "σας", "ваши", "ваших", "ваші", "verileriniz", "بياناتك", "معلوماتك",
        "שלך", "您的", "你的", "我们", "我們", "本公司", "お客様", "当社", "귀하", "이용자", "회사는", "của bạn",
        "chúng tôi", "ของคุณ", "ท่าน", "anda", "kami", "आपकी", "आपके", "हम",
    ],
    // devices and identifiers
    &[
        "ip address", "device information", "device identifier", "browser", "gerät", "appareil",
        "navigateur", "dispositivo", "navegador", "apparaat", "urządzen", "przeglądar", "enhet",
        "enhed", "laite", "selain", "zařízen", "zariaden", "eszköz", "dispozitiv", "συσκευ",
        "устройств", "браузер", "пристр", "cihaz", "tarayıcı", "جهاز", "متصفح", "מכשיר", "דפדפן",
        "设备", "裝置", "設備", "浏览器", "端末", "ブラウザ", "기기", "브라우저", "thiết bị", "trình duyệt", "อุปกรณ์",
        "perangkat", "डिवाइस",
    ],
];

/// The voice of a policy: an organisation ("we", "the operator") addressing the
/// reader ("you", "the user"). Counted per 100 words; matched as whole words except
/// in scripts written without spaces.
#[rustfmt::skip]
pub(super) const VOICE: &[&str] = &[
    "we", "our", "us", "you", "your", "yours", "the user", "user s", "the customer", "data subject",
    "wir", "uns", "unser", "unsere", "unseren", "sie", "ihre", "ihren", "ihrer", "ihnen", "nutzer",
    "nous", "notre", "nos", "vous", "votre", "vos", "utilisateur", "nosotros", "nuestro",
    "nuestra", "nuestros", "usted", "sus", "tus", "usuario", "nós", "nosso", "nossa", "você",
    "seus", "suas", "usuário", "noi", "nostro", "nostra", "tuoi", "vostri", "utente", "wij",
    "onze", "uw", "gebruiker", "nasz", "nasze", "twoje", "twoich", "państwa", "użytkownik",
    "vi", "vores", "du", "din", "dina", "dine", "deg", "dig", "meidän", "sinun",
    "teidän", "naše", "vaše", "vás", "dumneavoastră", "utilizator", "μας", "σας",
    "χρήστη", "мы", "наш", "наши", "вы", "ваш", "ваши", "вас", "пользователь", "пользователя",
    "оператор", "ми", "ви", "ваші", "користувач", "biz", "bizim", "siz", "sizin", "kullanıcı",
    "نحن", "لدينا", "أنت", "المستخدم", "אנו", "אנחנו", "שלך", "שלנו", "המשתמש", "我们", "我們",
    "您", "你", "用户", "用戶", "当社", "弊社", "お客様", "利用者", "ユーザー", "회사", "귀하",
    "이용자", "chúng tôi", "bạn", "người dùng", "เรา", "คุณ", "ท่าน", "ผู้ใช้", "kami", "anda",
    "pengguna", "हम", "आप", "उपयोगकर्ता",
];
