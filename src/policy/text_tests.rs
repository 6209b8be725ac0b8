//! Unit tests of policy text extraction: pages in, main text, statuses and
//! notes out.
#![deny(clippy::string_slice)]

use super::*;

/// Policy-like body paragraphs (own sample text).
const BODY: &str = r#"
<h1>Privacy   Policy</h1>
<p>Last updated: 2 May 2024. This policy explains how Example Ltd collects, uses and shares
your personal information when you use our website.</p>
<h2>Information we collect</h2>
<ul><li>Contact details such as your name and email address</li>
<li>Device information, your IP address and browser type</li><li>Cookies &amp; web beacons</li></ul>
<h2>How we share it</h2>
<p>We do not sell your personal data. We share it with service providers that process it on
our behalf and with third parties when the law requires it.<br>We retain data for two years.</p>
<table><tr><th>Cookie</th><th>Purpose</th></tr><tr><td>_sid</td><td>Session&nbsp;login</td></tr></table>
<h2>Your rights</h2>
<p>Under the GDPR you may access, correct or delete your data, withdraw consent and opt out of
marketing. Our services are not directed to children. We use security measures to protect your
information. The controller is Example Ltd; contact us at privacy@example.com.</p>"#;

fn page(main: &str) -> String {
    format!(
        r#"<!doctype html><html><head><title>Privacy Policy | Example</title>
<style>body {{ color: red }}</style><script>var tracking = "Menu script";</script></head>
<body><div id="onetrust-banner-sdk"><p>We use cookies. Accept all?</p></div>
<header><a href="/">Home</a><nav><ul><li>Products</li><li>Pricing</li></ul></nav></header>
<div class="breadcrumbs">Home › Legal</div>
{main}
<aside>Related: Terms of Service</aside>
<div class="site-footer"><a href="/imprint">Imprint</a> © 2024 Example</div>
<footer><p>Follow us on Twitter</p></footer></body></html>"#
    )
}

fn lines(e: &Extracted) -> Vec<&str> {
    e.text.lines().collect()
}

#[test]
fn keeps_main_text_as_lines_and_drops_chrome() {
    let e = extract(&page(&format!("<main>{BODY}</main>")));
    assert_eq!(e.status, TextStatus::Ok, "{}", e.message);
    assert_eq!(e.title, "Privacy Policy | Example");
    let l = lines(&e);
    assert_eq!(l[0], "Privacy Policy");
    assert_eq!(l[1], "");
    for want in [
        "Information we collect",
        "Contact details such as your name and email address",
        "Device information, your IP address and browser type",
        "Cookies & web beacons",
        "How we share it",
        "We retain data for two years.",
        "_sid",
        "Session login",
        "Your rights",
    ] {
        assert!(l.contains(&want), "{want:?} missing in {l:#?}");
    }
    assert!(e
        .text
        .contains("collects, uses and shares your personal information when"));
    for gone in [
        "Accept all",
        "Products",
        "Home",
        "Related",
        "Imprint",
        "Twitter",
        "Menu script",
        "color",
    ] {
        assert!(!e.text.contains(gone), "{gone:?} kept");
    }
    assert!(!e.text.contains("\n\n\n") && !e.text.contains("  ") && !e.text.starts_with('\n'));
    assert!(e.text.lines().all(|l| l == l.trim()));
    // Headings and list items are separated from their neighbours by line breaks.
    let h = e.text.find("Information we collect").unwrap();
    assert!(e.text.get(..h).is_some_and(|t| t.ends_with("\n\n")));
}

#[test]
fn without_main_the_body_is_used_and_cookie_sections_survive() {
    let body = format!(
        "<div class=\"content\"><section id=\"cookies\">{BODY}</section></div>\
         <section id=\"social-media\"><h3>Social media</h3><div class=\"elementor-widget \
         elementor-widget-text-editor\"><p>Buttons load no data.</p></div></section>"
    );
    let e = extract(&page(&body));
    assert_eq!(e.status, TextStatus::Ok, "{}", e.message);
    assert!(e.text.contains("Information we collect\n"));
    assert!(
        e.text.ends_with("Social media\n\nButtons load no data."),
        "{}",
        e.text
    );
    assert!(!e.text.contains("Pricing") && !e.text.contains("Accept all"));
    // An article holding the policy is preferred over a body with a long sidebar.
    let side = "<div>Unrelated teaser text about our shop and products. </div>".repeat(5);
    let e = extract(&page(&format!("{side}<article>{BODY}</article>")));
    assert!(
        !e.text.contains("teaser") && e.message.contains("<article>"),
        "{}",
        e.message
    );
    // A small <main> (a heading only) does not win over the body.
    let e = extract(&page(&format!(
        "<main><h1>Legal</h1></main><div>{BODY}</div>"
    )));
    assert!(e.text.contains("Your rights"));
}

#[test]
fn roles_classes_and_titles() {
    let html = format!(
        r#"<body><div role="navigation">Skip nav</div><div class="mega-menu">Shop all</div>
<div class="cookie-consent-banner"><p>This site uses cookies.</p><button>OK</button></div>
<div class="content"><svg><title>logo</title></svg>{BODY}
<div class="cookie-table"><p>_ga: analytics cookie, 2 years</p></div>
<p>Questions<span aria-hidden="true" class="icon">→</span></p>
<div class="sr-only">Opens in a new window</div></div></body>"#
    );
    let e = extract(&html);
    assert_eq!(e.title, "Privacy Policy");
    assert!(e.text.contains("_ga: analytics cookie, 2 years"));
    assert!(
        e.text.contains("\nQuestions\n") || e.text.ends_with("\nQuestions"),
        "{}",
        e.text
    );
    for gone in [
        "Skip nav",
        "Shop all",
        "This site uses",
        "→",
        "new window",
        "logo",
    ] {
        assert!(!e.text.contains(gone), "{gone:?} kept");
    }
}

#[test]
fn page_wrapped_in_a_form_keeps_its_text() {
    let html = format!("<html><body><form id=\"aspnetForm\">{BODY}{BODY}</form></body></html>");
    let e = extract(&html);
    assert_eq!(e.status, TextStatus::Ok, "{}", e.message);
    assert!(e.text.contains("Your rights"));
}

#[test]
fn statuses() {
    let e = extract("<html><head><title>x</title></head><body>  </body></html>");
    assert_eq!(e.status, TextStatus::Empty);
    assert!(!e.message.is_empty());
    let e =
        extract("<body><h1>Privacy</h1><img src=\"policy-scan-1.png\"><img src=\"p2.png\"></body>");
    assert_eq!(e.status, TextStatus::ImageOnly, "{}", e.message);
    let login = r#"<body><h1>Welcome back</h1><form action="/login"><label>Email</label>
        <input name="email"><label>Password</label><input type="password" name="pw">
        <button>Sign in</button></form><p>Forgot your password? Create an account.</p></body>"#;
    let e = extract(login);
    assert_eq!(e.status, TextStatus::LoginWall, "{}", e.message);
    assert!(e.message.contains("sign-in"));
    let shop = "<p>Aurora Desk Lamp with five brightness levels, a flexible arm and a weighted \
        base. Free shipping on orders over $35, returns within 30 days, two-year warranty. Add \
        to cart now. Customer reviews: 4.6 out of 5 stars from 212 buyers who love its warm \
        light, sturdy build and the easy touch control. Frequently bought together with the \
        monitor stand and the desk organiser. Payment by card or bank transfer.</p>";
    let shop = format!("<title>Aurora lamp</title><main>{}</main>", shop.repeat(3));
    let e = extract(&shop);
    assert_eq!(e.status, TextStatus::NotPolicy, "{}", e.message);
    assert!(e.message.contains("score"));
    // A short page titled as a policy is still one (tiny sites, demo pages).
    let short = "<title>Privacy</title><h1>Privacy</h1><p>This blog sets no cookies.</p>";
    assert_eq!(extract(short).status, TextStatus::Ok);
    let short = "<title>Weather</title><h1>Weather</h1><p>Sunny with light winds.</p>";
    assert_eq!(extract(short).status, TextStatus::NotPolicy);
}

#[test]
fn entities_breaks_and_pre() {
    let e = extract(
        "<body><p>A&amp;B&nbsp;&eacute;t&eacute; <b>bold</b>text<br>next\u{200b} line</p>\
        <pre>one\ntwo</pre><dl><dt>Term</dt><dd>Meaning</dd></dl></body>",
    );
    assert_eq!(
        lines(&e),
        [
            "A&B été boldtext",
            "next line",
            "",
            "one",
            "two",
            "",
            "Term",
            "Meaning"
        ]
    );
}

#[test]
fn bounded_and_deeply_nested_input() {
    let deep = format!("{}{BODY}{}", "<div>".repeat(5_000), "</div>".repeat(5_000));
    assert!(extract(&deep).text.contains("Your rights"));
    let t = std::time::Instant::now();
    let deeper = format!(
        "{}{BODY}{}",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let e = extract(&deeper);
    assert!(e.text.contains("Your rights"));
    assert!(e.message.contains("flattened"), "{}", e.message);
    assert!(t.elapsed() < std::time::Duration::from_secs(10));
    let big = format!(
        "<body>{}</body>",
        "<p>privacy data words</p>".repeat(210_000)
    );
    let e = extract(&big);
    assert!(e.text.len() <= MAX_OUTPUT);
    assert!(e.message.contains("input cut"), "{}", e.message);
}

#[test]
fn plain_text() {
    let text = BODY
        .replace(['<', '>'], " ")
        .replace("\n", "\r\n")
        .replacen("h1", "\r", 1);
    let e = from_plain(&text);
    assert!(!e.text.contains('\r'));
    assert_eq!(e.text.len(), text.len() - text.matches("\r\n").count());
    assert_eq!(e.status, TextStatus::Ok, "{}", e.message);
    assert_eq!(from_plain("Title\r\nbody").title, "Title");
    assert_eq!(from_plain(" \n\n ").status, TextStatus::Empty);
    let e = from_plain(&"The match ended two all after a late goal in the rain. ".repeat(20));
    assert_eq!(e.status, TextStatus::NotPolicy);
}
