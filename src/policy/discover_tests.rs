//! Unit tests of policy discovery: links, sitemaps and texts in, expected
//! candidates and scores out.
#![deny(clippy::string_slice)]

use super::*;

fn site() -> Url {
    Url::parse("https://www.example.com/").unwrap()
}

/// A footer link found on the home page.
fn link(href: &str, text: &str) -> Link {
    Link {
        url: site().join(href).unwrap().to_string(),
        text: text.into(),
        in_chrome: true,
        page: site().to_string(),
        ..Link::default()
    }
}

/// Ranked candidate URLs, relative to the site when on it.
fn ranked(links: &[Link]) -> Vec<String> {
    let c = candidates(links, &site());
    c.into_iter()
        .map(|c| c.url.replace("https://www.example.com", ""))
        .collect()
}

/// Ranked candidates for (href, text) footer links.
fn urls(spec: &[(&str, &str)]) -> Vec<String> {
    ranked(&spec.iter().map(|(h, t)| link(h, t)).collect::<Vec<_>>())
}

#[test]
fn folding_and_normalising() {
    assert_eq!(fold("Datenschutzerklärung"), "datenschutzerklarung");
    assert_eq!(
        fold("Politique de Confidentialité"),
        "politique de confidentialite"
    );
    assert_eq!(fold("Polityka prywatności"), "polityka prywatnosci");
    assert_eq!(fold("Chính sách bảo mật"), "chinh sach bao mat");
    assert_eq!(fold("confidențialitate ŞİŢ"), "confidentialitate sit");
    assert_eq!(fold("Πολιτική Απορρήτου"), "πολιτικη απορρητου");
    assert_eq!(
        normalize("  Privacy-Policy / “Cookies”  "),
        "privacy policy cookies"
    );
    assert_eq!(normalize("隐私政策｜法律声明"), "隐私政策 法律声明");
    assert_eq!(normalize("นโยบายความเป็นส่วนตัว"), "นโยบายความเป็นส่วนตัว");
}

#[test]
fn english_footer_prefers_policy_over_settings_and_opt_out() {
    let mut links: Vec<Link> = [
        ("/terms", "Terms of Use"),
        ("/privacy-choices", "Your Privacy Choices"),
        (
            "/ccpa/opt-out",
            "Do Not Sell or Share My Personal Information",
        ),
        ("/account/privacy", "Privacy settings"),
        ("/cookies", "Cookie settings"),
        ("/legal/privacy-policy", "Privacy Policy"),
        ("https://apps.apple.com/app/id1", "Privacy on the App Store"),
        ("javascript:void(0)", "Privacy"),
        ("#privacy", "Privacy"),
        ("mailto:privacy@example.com", "privacy@example.com"),
    ]
    .iter()
    .map(|(h, t)| link(h, t))
    .collect();
    let mut blog = link("/blog/why-privacy-matters", "Why privacy matters to us");
    blog.in_chrome = false;
    links.push(blog);
    let got = ranked(&links);
    assert_eq!(got[0], "/legal/privacy-policy");
    for bad in [
        "choices",
        "opt-out",
        "account",
        "cookies",
        "apple",
        "javascript",
        "mailto",
        "#",
    ] {
        assert!(!got.iter().any(|u| u.contains(bad)), "{bad} in {got:?}");
    }
}

/// (policy link text, other footer links); the policy must be the only candidate.
#[rustfmt::skip]
const FOOTERS: &[(&str, &[&str])] = &[
    ("Datenschutz", &["Impressum", "AGB", "Cookie-Einstellungen", "Datenschutzeinstellungen"]),
    ("Datenschutzerklärung", &["Impressum", "Kontakt", "Karriere"]),
    ("Politique de confidentialité", &["Mentions légales", "CGU", "Gérer les cookies"]),
    ("Política de privacidad", &["Aviso legal", "Términos y condiciones", "Configuración de cookies"]),
    ("Política de Privacidade", &["Termos de uso", "Fale conosco"]),
    ("Informativa sulla privacy", &["Note legali", "Impostazioni cookie"]),
    ("Privacyverklaring", &["Algemene voorwaarden", "Disclaimer"]),
    ("Polityka prywatności", &["Regulamin", "Kontakt"]),
    ("Integritetspolicy", &["Villkor", "Om oss"]),
    ("Tietosuojaseloste", &["Käyttöehdot"]),
    ("Ochrana osobních údajů", &["Obchodní podmínky"]),
    ("Adatvédelmi tájékoztató", &["ÁSZF", "Impresszum"]),
    ("Politica de confidențialitate", &["Termeni și condiții"]),
    ("Πολιτική Απορρήτου", &["Όροι Χρήσης"]),
    ("Политика конфиденциальности", &["Пользовательское соглашение", "Контакты"]),
    ("Політика конфіденційності", &["Умови використання"]),
    ("Gizlilik Politikası", &["Kullanım Koşulları", "Çerez Ayarları"]),
    ("سياسة الخصوصية", &["الشروط والأحكام", "اتصل بنا"]),
    ("מדיניות פרטיות", &["תנאי שימוש"]),
    ("隐私政策", &["法律声明", "用户协议", "关于我们"]),
    ("隱私權政策", &["服務條款", "聯絡我們"]),
    ("個人情報保護方針", &["利用規約", "会社概要", "特定商取引法に基づく表記"]),
    ("プライバシーポリシー", &["利用規約", "お問い合わせ"]),
    ("개인정보처리방침", &["이용약관", "회사소개"]),
    ("Chính sách bảo mật", &["Điều khoản sử dụng"]),
    ("นโยบายความเป็นส่วนตัว", &["ข้อกำหนดการใช้งาน"]),
    ("Kebijakan Privasi", &["Syarat dan Ketentuan"]),
    ("गोपनीयता नीति", &["नियम और शर्तें"]),
];

#[test]
fn footers_in_many_languages() {
    for (policy, others) in FOOTERS {
        let mut links: Vec<Link> = others.iter().map(|t| link("/page/x", t)).collect();
        for (i, l) in links.iter_mut().enumerate() {
            l.url = format!("https://www.example.com/page/{i}");
        }
        links.insert(others.len() / 2, link("/page/p", policy));
        assert_eq!(ranked(&links), ["/page/p"], "{policy}");
    }
}

#[test]
fn url_tokens_and_title_count_when_text_is_vague() {
    let got = urls(&[("/legal", "Legal"), ("/legal/privacy_notice.pdf", "Read")]);
    assert_eq!(got, ["/legal/privacy_notice.pdf"]);
    let mut titled = link("/x?id=3", "");
    titled.title = "Datenschutzhinweise".into();
    assert_eq!(ranked(&[titled]), ["/x?id=3"]);
}

#[test]
fn rel_privacy_policy_wins() {
    let mut legal = link("/legal/p", "Legal");
    legal.rel = "noopener privacy-policy".into();
    legal.in_chrome = false;
    assert_eq!(
        ranked(&[link("/privacy", "Privacy Policy"), legal])[0],
        "/legal/p"
    );
}

#[test]
fn cookie_policy_kind_and_dedup() {
    let mut body = link("/privacy", "Privacy");
    body.in_chrome = false;
    let links = [
        link("/privacy#top", "Privacy Notice"),
        body,
        link("/cookie-policy", "Cookie Policy"),
        link("/cookies", "Cookie settings"),
    ];
    let got: Vec<(String, PolicyKind)> = candidates(&links, &site())
        .into_iter()
        .map(|c| (c.url.replace("https://www.example.com", ""), c.kind))
        .collect();
    let want = [
        ("/privacy", PolicyKind::Privacy),
        ("/cookie-policy", PolicyKind::Cookie),
    ];
    assert_eq!(got, want.map(|(u, k)| (u.to_string(), k)));
    let both = candidates(&[link("/pc", "Privacy & Cookie Policy")], &site());
    assert_eq!(both[0].kind, PolicyKind::Privacy);
}

#[test]
fn other_domains_rank_lower() {
    let mut links = vec![
        link("https://www.parentgroup.com/privacy", "Privacy Policy"),
        link("https://legal.example.com/privacy", "Privacy"),
        link("https://policies.google.com/privacy", "Privacy Policy"),
    ];
    links[2].in_chrome = false;
    let got = ranked(&links);
    let want = [
        "https://legal.example.com/privacy",
        "https://www.parentgroup.com/privacy",
    ];
    assert_eq!(got[..2], want);
    assert!(got.len() == 2 || got[2].contains("google"));
}

#[test]
fn titles_naming_a_policy() {
    for t in [
        "Privacy Policy | Example Corp, makers of fine widgets",
        "Privacy",
        "Datenschutz",
        "隐私政策",
        "Политика конфиденциальности — Пример",
        "Terms and Privacy",
    ] {
        assert_eq!(names_policy(t), Some(PolicyKind::Privacy), "{t}");
    }
    assert_eq!(
        names_policy("Cookie Policy – Example"),
        Some(PolicyKind::Cookie)
    );
    for t in [
        "Privacy settings",
        "Five privacy tips for parents | Example blog",
        "Home",
        "",
        "Why we care about privacy at Example and what it means",
    ] {
        assert_eq!(names_policy(t), None, "{t}");
    }
}

#[test]
fn fallback_paths() {
    assert_eq!(FALLBACK_PATHS[0], "/privacy");
    let want = "/privacy-policy /privacy-notice /legal/privacy /policies/privacy /datenschutz \
        /datenschutzerklaerung /politique-de-confidentialite /privacidad /politica-de-privacidad \
        /privacy.html /privacy.php /cookie-policy /cookies";
    for p in want.split_whitespace() {
        assert!(FALLBACK_PATHS.contains(&p), "{p}");
    }
    assert!(FALLBACK_PATHS.iter().all(|p| p.starts_with('/')));
}

#[test]
fn sitemaps() {
    let urls = [
        "https://example.com/",
        "https://example.com/blog/privacy-tips",
        " https://example.com/cookie-policy ",
        "<![CDATA[https://example.com/legal/privacy-policy?lang=en&amp;v=2]]>",
        "https://example.com/products/widget",
        "https://example.com/account/privacy-settings",
    ];
    let body: String = urls
        .iter()
        .map(|u| format!("<url>\n <loc>{u}</loc></url>"))
        .collect();
    let set = format!("<?xml version=\"1.0\"?><urlset xmlns=\"x\">{body}</urlset>");
    let (found, nested) = from_sitemap(&set);
    assert!(nested.is_empty());
    let want = [
        "https://example.com/legal/privacy-policy?lang=en&v=2",
        "https://example.com/cookie-policy",
    ];
    assert_eq!(found[..2], want);
    assert!(
        !found
            .iter()
            .any(|u| u.contains("settings") || u.contains("widget")),
        "{found:?}"
    );
    let index = "<sitemapindex><sitemap><loc>https://example.com/post-sitemap.xml</loc></sitemap>\
        <sitemap><loc>https://example.com/page-sitemap.xml</loc></sitemap></sitemapindex>";
    let (found, nested) = from_sitemap(index);
    assert!(found.is_empty());
    assert_eq!(
        nested,
        [
            "https://example.com/page-sitemap.xml",
            "https://example.com/post-sitemap.xml"
        ]
    );
    assert_eq!(from_sitemap("not xml <loc>"), (vec![], vec![]));
}

#[test]
fn sitemaps_as_hand_made_and_hostile() {
    // Bare `&`, entity and character references, upper-case tags, an unmatched
    // end tag, image locations and junk between elements.
    let xml = "<urlset><url><LOC>https://a.example/privacy?x=1&y=2</LOC></url></b>junk\
        <url><loc>https://a.example/cookie&#45;policy</loc><image:image><image:loc>\
        https://a.example/privacy.png</image:loc></image:image></url>\
        <url><loc>https://a.example/privacy&amp;terms&nbsp;</loc></url></urlset>";
    let (found, _) = from_sitemap(xml);
    assert!(
        found.contains(&"https://a.example/privacy?x=1&y=2".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"https://a.example/cookie-policy".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"https://a.example/privacy&terms&nbsp;".to_string()),
        "{found:?}"
    );
    assert!(!found.iter().any(|u| u.ends_with(".png")), "{found:?}");
    // A location past the protocol's 2,048 bytes is dropped, the next one kept.
    let long = format!("https://a.example/privacy/{}", "a".repeat(3000));
    let xml =
        format!("<url><loc>{long}</loc></url><url><loc>https://a.example/privacy</loc></url>");
    assert_eq!(from_sitemap(&xml).0, ["https://a.example/privacy"]);
    // At most 50,000 locations are read.
    let many: String = (0..50_010)
        .map(|i| format!("<sitemap><loc>https://a.example/s{i}.xml</loc></sitemap>"))
        .collect();
    assert_eq!(from_sitemap(&many).1.len(), 50_000);
    // Unclosed and nested markup: linear, no panic.
    let t = std::time::Instant::now();
    for junk in [
        "<loc>".repeat(200_000),
        "<".repeat(500_000),
        "<![CDATA[".repeat(100_000),
        "&".repeat(500_000),
        "<a b='".repeat(100_000),
    ] {
        let _ = from_sitemap(&junk);
    }
    assert!(
        t.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        t.elapsed()
    );
    for cut in 0..=120 {
        let xml =
            "<urlset><url><loc><![CDATA[https://a.example/privacy]]>&amp;é</loc></url></urlset>";
        if let Some(x) = xml.get(..cut) {
            let _ = from_sitemap(x);
        }
    }
}

pub(crate) const POLICY: &str =
    "Privacy Policy. Last updated 1 March 2024. This notice explains how \
Example Ltd collects and uses your personal information when you visit our website or use our \
services. Information we collect: we collect your name, email address, IP address, browser type \
and device information. We use cookies and similar tracking technologies such as web beacons to \
remember your preferences and to measure traffic. How we use your information: we use your \
personal data to provide the service, to answer requests and, with your consent, to send \
newsletters. Sharing: we do not sell your personal information. We share it with service \
providers who process it on our behalf and with third parties where the law requires it. \
Retention: we retain personal data for as long as your account is active and then delete it. \
Your rights: under the GDPR you have the right to access, correct or delete your data and the \
right to object; you may opt out of marketing at any time. Children: our services are not \
directed to children under the age of 13. Security: we use appropriate security measures to \
protect your information. The controller is Example Ltd. Contact us at privacy@example.com if \
you have questions. We may update this policy from time to time.";

pub(crate) const NEWS: &str = "Regulator fines social network over data breach. The national \
data protection authority on Tuesday fined a large social network 12 million euros after hackers \
obtained the personal data of millions of users last year. The regulator said the company had \
collected phone numbers through a contact import feature and shared them with third parties \
without valid consent, in breach of the GDPR. It also criticised the use of tracking cookies on \
the sign-up page. A spokesperson for the company said it disagreed with the decision, that it \
takes privacy and security seriously and would appeal. Privacy campaigners welcomed the fine \
but said it was too small to change behaviour at a firm with annual revenue in the billions. \
The breach came to light when a database was offered for sale on a hacking forum in April. \
Analysts expect shares to open slightly lower on Wednesday. The company has already faced \
several investigations this year, including one into how it handles advertising aimed at \
children, and lawmakers have called for hearings. The minister said the government would \
present a new bill in the autumn.";

const PRODUCT: &str = "Aurora Desk Lamp. Add to cart. $49.99. Free shipping on orders over \
$35. In stock. Warm and cool light with five brightness levels, a flexible aluminium arm and a \
weighted base. USB-C charging port for your phone. Dimensions: 40 x 15 x 15 cm. Weight 1.2 kg. \
Customer reviews: 4.6 out of 5 stars. \"Great lamp for my home office\" - Sam. \"Bright and \
sturdy, the touch control is easy to use\" - Ana. Frequently bought together: desk organiser, \
monitor stand, LED strip. Shipping and returns: we ship within two business days; returns are \
free within 30 days. Questions about this product? Ask the community. Warranty: two years. Sign \
up for our newsletter and get 10% off your first order. Similar items you may like. Recently \
viewed. Payment methods: card, PayPal, bank transfer. Secure checkout.";

const LOGIN: &str = "Sign in to your account. Email address. Password. Remember me. Forgot \
your password? Sign in. New here? Create an account. Or continue with Google. By signing in you \
agree to our Terms and Privacy Policy.";

#[test]
fn policy_score_separates_policies_from_other_pages() {
    let p = policy_score(POLICY);
    for (name, other) in [("news", NEWS), ("product", PRODUCT), ("login", LOGIN)] {
        let o = policy_score(other);
        assert!(
            o < POLICY_THRESHOLD && o + 0.25 < p,
            "{name}: {o} vs policy {p}"
        );
        assert!(!is_policy(other), "{name}");
    }
    assert!(is_policy(POLICY), "{p}");
    assert_eq!(policy_score(""), 0.0);
    assert!(policy_score("Privacy policy. We collect personal data and cookies.") < 0.1);
    assert!((0.0..=1.0).contains(&policy_score(&POLICY.repeat(50))));
}

#[test]
fn policy_score_in_other_languages() {
    let de = "Datenschutzerklärung. Wir verarbeiten Ihre personenbezogenen Daten nur im Rahmen \
der DSGVO. Verantwortlicher ist die Beispiel GmbH. Wir erheben beim Besuch der Website Ihre \
IP-Adresse und Informationen über Ihren Browser. Wir setzen Cookies ein; Sie können Ihre \
Einwilligung jederzeit widerrufen. Eine Weitergabe an Dritte erfolgt nur an Auftragsverarbeiter. \
Die Daten werden gelöscht, sobald sie nicht mehr erforderlich sind; die Speicherdauer beträgt \
höchstens sechs Monate. Sie haben das Recht auf Auskunft, Berichtigung, Löschung und \
Widerspruch sowie ein Beschwerderecht bei der Aufsichtsbehörde. Wir treffen technische \
Sicherheitsmaßnahmen. Kontakt: datenschutz@beispiel.de. Unser Angebot richtet sich nicht an \
Kinder unter 16 Jahren.";
    let zh =
        "隐私政策。本公司非常重视您的个人信息保护。我们会收集您在使用服务时主动提供的个人信息，\
例如手机号码、设备信息和IP地址。我们使用Cookie来记住您的偏好。未经您的同意，我们不会向第三方\
共享您的个人信息，法律法规另有规定的除外。我们将在实现目的所需的期限内保存您的个人信息，并采取\
加密等安全措施。您有权访问、更正和删除您的个人信息，也可以撤回同意。我们不会收集儿童的个人信息。\
如您对本政策有任何疑问，请联系我们。本政策依据《个人信息保护法》制定，我们可能会不时更新本政策。\
我们如何使用您的个人信息：用于提供服务、保障账户安全、改进产品。我们如何处理您的个人信息：我们\
会按照本政策处理。";
    assert!(is_policy(de), "{}", policy_score(de));
    assert!(is_policy(zh), "{}", policy_score(zh));
}
