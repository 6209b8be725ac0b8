//! The built-in demo web in, a running loopback server and its target list out.
//! Fictional sites (`*.example`) embed trackers under their real host names;
//! the crawler reaches all of it through the server acting as an HTTP proxy, so
//! the demo works offline and no request ever leaves the machine.

use super::server::{Web, WebResponse, WebServer};
use crate::targets::TargetList;

/// The demo's target list (text format, as a user would write it).
pub const TARGETS: &str = "\
# trackaudit demo web: fictional sites with real-world tracker hosts, served on loopback
http://www.dailynews.example/
http://shop.example/
http://quiet-blog.example/
http://www.recipes.example/
http://www.cityguide.example/
http://www.travelmag.example/
http://www.fairfares.example/
http://broken.example/
http://old-portal.example/
";

/// The demo targets, parsed.
pub fn targets() -> TargetList {
    TargetList::parse("demo", TARGETS, true).expect("the demo list is valid")
}

/// Starts the demo web on a free loopback port.
pub async fn start() -> std::io::Result<WebServer> {
    WebServer::start(web().handler(), 0, false).await
}

const FOOTER: &str = r#"<footer><nav><a href="/about">About us</a> · <a href="/privacy">Privacy Policy</a> · <a href="/contact">Contact</a></nav></footer>"#;

fn page(title: &str, head: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>{head}</head><body>{body}{FOOTER}</body></html>"
    )
}

/// The demo web: every host and path it serves.
pub fn web() -> Web {
    let mut w = Web::new();
    news(&mut w);
    shop(&mut w);
    blog(&mut w);
    more_sites(&mut w);
    trackers(&mut w);
    w.route("broken.example", "/", WebResponse::status(500));
    w.route("old-portal.example", "/", WebResponse::redirect("/home"));
    w.route(
        "old-portal.example",
        "/home",
        WebResponse::redirect("http://old-portal.example/"),
    );
    w
}

fn news(w: &mut Web) {
    let h = "www.dailynews.example";
    let head = r#"<link rel="stylesheet" href="/static/site.css">
<link rel="icon" href="/favicon.ico">
<script async src="http://www.googletagmanager.com/gtag/js?id=G-DEMO1234"></script>
<script src="/static/app.js"></script>"#;
    let body = r#"<header><a href="/">The Daily News</a></header>
<main><h1>Morning edition</h1>
<article><h2><a href="/world/harbour-reopens">Harbour reopens after storm</a></h2>
<img src="/img/harbour.jpg" alt="Harbour" width="640" height="360"></article>
<article><h2><a href="/sport/final">Cup final tonight</a></h2></article>
<iframe src="http://www.youtube.com/embed/dQdemo42" width="560" height="315" title="Video"></iframe>
<img src="http://www.google-analytics.com/collect?v=2&tid=G-DEMO1234&en=page_view" width="1" height="1" alt="">
<img src="http://ad.doubleclick.net/ddm/activity/src=1;type=news;cat=home" width="1" height="1" alt="">
<img src="http://ib.adnxs.com/getuid?http%3A%2F%2Fcm.g.doubleclick.net%2Fpixel%3Fgoogle_nid%3Ddemo" style="display:none" alt="">
</main>"#;
    w.route(
        h,
        "/",
        WebResponse::html(page("The Daily News", head, body))
            .cookie("session=n3ws5e55; Path=/; HttpOnly; SameSite=Lax"),
    );
    w.route(h, "/static/site.css", WebResponse::new(200, "text/css", "@import url(\"http://fonts.googleapis.com/css2?family=Roboto\");\nbody{font-family:Roboto;background:url(/img/paper.png)}"));
    w.route(
        h,
        "/static/app.js",
        WebResponse::new(200, "text/javascript", "console.log('news');"),
    );
    w.route(
        h,
        "/favicon.ico",
        WebResponse::new(200, "image/x-icon", vec![0u8; 64]),
    );
    w.route(
        h,
        "/img/harbour.jpg",
        WebResponse::new(200, "image/jpeg", jpeg(640, 360)),
    );
    w.route(
        h,
        "/img/paper.png",
        WebResponse::new(200, "image/png", png(32, 32)),
    );
    w.page(
        h,
        "/world/harbour-reopens",
        &page(
            "Harbour reopens",
            head,
            "<h1>Harbour reopens</h1><p>Ships are back.</p>",
        ),
    );
    w.page(
        h,
        "/sport/final",
        &page("Cup final", head, "<h1>Cup final</h1>"),
    );
    w.page(h, "/privacy", &page("Privacy Policy", "", "<h1>Privacy Policy</h1><p>We use cookies and Google Analytics to understand how readers use our site.</p>"));
}

fn shop(w: &mut Web) {
    let h = "shop.example";
    let head = r#"<script src="http://connect.facebook.net/en_US/fbevents.js"></script>
<script src="http://static.hotjar.com/c/hotjar-3141592.js?sv=6"></script>
<link rel="stylesheet" href="http://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/css/bootstrap.min.css">"#;
    let body = r#"<main><h1>Autumn sale</h1>
<a href="/products/scarf"><img src="/img/scarf.png" alt="Scarf" width="300" height="300"></a>
<noscript><img height="1" width="1" style="display:none" src="http://www.facebook.com/tr?id=1234567890&ev=PageView&noscript=1"></noscript>
<script src="http://static.criteo.net/js/ld/publishertag.js"></script>
<img src="http://bat.bing.com/action/0?ti=5550001&evt=pageLoad" width="1" height="1" alt="">
</main>"#;
    w.route(
        h,
        "/",
        WebResponse::html(page("Example Shop", head, body))
            .cookie("cart_id=c4rt; Path=/; Max-Age=604800")
            .cookie("=broken-cookie-without-name")
            .cookie("garbage"),
    );
    w.route(
        h,
        "/img/scarf.png",
        WebResponse::new(200, "image/png", png(300, 300)),
    );
    w.page(h, "/products/scarf", &page("Scarf", head, "<h1>Scarf</h1>"));
    w.page(h, "/privacy", &page("Privacy", "", "<h1>Privacy Notice</h1><p>We do not share your personal information with third parties.</p>"));
}

fn blog(w: &mut Web) {
    let h = "quiet-blog.example";
    let body = r#"<main><h1>Notes from a quiet blog</h1><p>No tracking here.</p><img src="/me.png" alt="me" width="96" height="96"></main>"#;
    w.page(
        h,
        "/",
        &page(
            "Quiet blog",
            r#"<link rel="stylesheet" href="/style.css">"#,
            body,
        ),
    );
    w.route(
        h,
        "/style.css",
        WebResponse::new(200, "text/css", "body{max-width:40em}"),
    );
    w.route(
        h,
        "/me.png",
        WebResponse::new(200, "image/png", png(96, 96)),
    );
    w.page(
        h,
        "/privacy",
        &page(
            "Privacy",
            "",
            "<h1>Privacy</h1><p>This blog sets no cookies and uses no analytics.</p>",
        ),
    );
}

fn policy_page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>")).collect();
    page(title, "", &format!("<main><h1>{title}</h1>{body}</main>"))
}

const GA: &str =
    r#"<script async src="http://www.googletagmanager.com/gtag/js?id=G-DEMO1234"></script>"#;
const GA_PIXEL: &str = r#"<img src="http://www.google-analytics.com/collect?v=2&tid=G-DEMO1234&en=page_view" width="1" height="1" alt="">"#;
const GA_COOKIE: &str = "_ga=GA1.1.1234567.1700000000; Path=/; Max-Age=63072000; SameSite=Lax";

/// Sites that make the remaining rules fire, and one honest site.
fn more_sites(w: &mut Web) {
    // No policy anywhere: trackers, no privacy link, no common path, no sitemap.
    w.route(
        "www.recipes.example",
        "/",
        WebResponse::html(format!(
            "<!doctype html><html><head><title>Recipes</title>{GA}</head><body><h1>Soup of the day</h1>{GA_PIXEL}\
             <img src=\"http://ad.doubleclick.net/ddm/activity/src=1;type=news;cat=home\" width=\"1\" height=\"1\" alt=\"\"></body></html>"
        ))
        .cookie(GA_COOKIE),
    );
    // Denies cookies and promises to honour Do Not Track; sets cookies and loads analytics anyway.
    let h = "www.cityguide.example";
    w.route(
        h,
        "/",
        WebResponse::html(page(
            "City Guide",
            GA,
            &format!("<main><h1>What's on</h1>{GA_PIXEL}</main>"),
        ))
        .cookie(GA_COOKIE),
    );
    w.page(
        h,
        "/privacy",
        &policy_page(
            "Privacy policy",
            &[
                "We do not use cookies.",
                "We honor Do Not Track signals: when your browser sends a Do Not Track request, we do not track you.",
                "We collect your email address only when you subscribe to our newsletter.",
            ],
        ),
    );
    // Promises consent before advertising cookies and 30-day cookies; neither holds.
    let h = "www.travelmag.example";
    w.route(
        h,
        "/",
        WebResponse::html(page(
            "Travel Magazine",
            GA,
            r#"<main><h1>Ten quiet beaches</h1><img src="http://ad.doubleclick.net/ddm/activity/src=1;type=news;cat=home" width="1" height="1" alt=""></main>"#,
        ))
        .cookie(GA_COOKIE),
    );
    w.page(
        h,
        "/privacy",
        &policy_page(
            "Privacy notice",
            &[
                "We use cookies to run the site and to measure visits with analytics.",
                "We will ask for your consent before we set any advertising or analytics cookies.",
                "Cookies we set expire after at most 30 days.",
                "We use web beacons in our newsletters to see whether they were opened.",
                "Our advertising partners, including Google, may show you ads based on your interests.",
                "Third-party cookies may be set by these partners.",
            ],
        ),
    );
    // The honest site: it tracks, and its policy says so.
    let h = "www.fairfares.example";
    w.route(
        h,
        "/",
        WebResponse::html(page(
            "Fair Fares",
            GA,
            &format!("<main><h1>Cheap trains</h1>{GA_PIXEL}</main>"),
        ))
        .cookie(GA_COOKIE),
    );
    w.page(
        h,
        "/privacy",
        &policy_page(
            "Privacy Policy",
            &[
                "Last updated: 3 March 2026",
                "We use cookies and similar technologies, including web beacons (pixels), to understand how visitors use our site.",
                "We use Google Analytics, a web analytics service provided by Google, which sets cookies in your browser and receives information about your visit.",
                "You can opt out of Google Analytics by installing the Google Analytics opt-out browser add-on, and you can set your browser to refuse cookies.",
                "We do not sell your personal information.",
            ],
        ),
    );
}

/// The tracker hosts, with the cookies and redirects they really use.
fn trackers(w: &mut Web) {
    let js = |s: &str| WebResponse::new(200, "application/javascript", s.to_string());
    w.route("www.googletagmanager.com", "/gtag/js", js("/* gtag */"));
    w.route("www.google-analytics.com", "/collect", WebResponse::pixel());
    w.route(
        "ad.doubleclick.net",
        "/ddm/activity/src=1;type=news;cat=home",
        WebResponse::pixel().cookie("IDE=AHWqTUkdemo; Domain=.doubleclick.net; Path=/; Max-Age=34190000; HttpOnly; SameSite=None"),
    );
    w.route(
        "ib.adnxs.com",
        "/getuid",
        WebResponse::redirect(
            "http://cm.g.doubleclick.net/pixel?google_nid=demo&google_hm=dXVpZDI",
        )
        .cookie("uuid2=8127364512; Domain=.adnxs.com; Path=/; Max-Age=7776000; SameSite=None"),
    );
    w.route(
        "cm.g.doubleclick.net",
        "/pixel",
        WebResponse::redirect("http://ib.adnxs.com/setuid?entity=demo&code=dXVpZDI"),
    );
    w.route("ib.adnxs.com", "/setuid", WebResponse::pixel());
    w.route(
        "www.youtube.com",
        "/embed/dQdemo42",
        WebResponse::html(
            r#"<!doctype html><html><head><title>Video</title><link rel="stylesheet" href="http://www.youtube.com/s/player/www-player.css">
<script src="http://www.youtube.com/s/player/base.js"></script></head>
<body><img src="http://i.ytimg.com/vi/dQdemo42/hqdefault.jpg" alt=""><script src="http://www.google.com/js/th/ad.js"></script></body></html>"#,
        )
        .cookie("YSC=yscdemo; Domain=.youtube.com; Path=/; HttpOnly; SameSite=None")
        .cookie("VISITOR_INFO1_LIVE=visdemo; Domain=.youtube.com; Path=/; Max-Age=15552000; HttpOnly; SameSite=None"),
    );
    w.route(
        "www.youtube.com",
        "/s/player/www-player.css",
        WebResponse::new(200, "text/css", ".player{}"),
    );
    w.route("www.youtube.com", "/s/player/base.js", js("/* player */"));
    w.route("www.google.com", "/js/th/ad.js", js("/* ads */"));
    w.route(
        "i.ytimg.com",
        "/vi/dQdemo42/hqdefault.jpg",
        WebResponse::new(200, "image/jpeg", jpeg(480, 360)),
    );
    w.route("fonts.googleapis.com", "/css2", WebResponse::new(200, "text/css", "@font-face{font-family:Roboto;src:url(http://fonts.gstatic.com/s/roboto/v30/roboto.woff2)}"));
    w.route(
        "fonts.gstatic.com",
        "/s/roboto/v30/roboto.woff2",
        WebResponse::new(200, "font/woff2", vec![0u8; 2048]),
    );
    w.route(
        "connect.facebook.net",
        "/en_US/fbevents.js",
        js("/* fbq */"),
    );
    w.route(
        "www.facebook.com",
        "/tr",
        WebResponse::pixel().cookie(
            "fr=0demoFR; Domain=.facebook.com; Path=/; Max-Age=7776000; HttpOnly; SameSite=None",
        ),
    );
    w.route(
        "static.hotjar.com",
        "/c/hotjar-3141592.js",
        js("/* hotjar */"),
    );
    w.route(
        "cdn.jsdelivr.net",
        "/npm/bootstrap@5.3.3/dist/css/bootstrap.min.css",
        WebResponse::new(200, "text/css", ".btn{}"),
    );
    w.route(
        "static.criteo.net",
        "/js/ld/publishertag.js",
        js("/* criteo */"),
    );
    w.route(
        "bat.bing.com",
        "/action/0",
        WebResponse::new(204, "image/gif", Vec::new())
            .cookie("MUID=1D3DEMO; Domain=.bing.com; Path=/; Max-Age=34190000; SameSite=None"),
    );
}

/// Header bytes of a PNG of the given size (enough for dimension sniffing).
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

/// Header bytes of a baseline JPEG of the given size.
pub fn jpeg(w: u16, h: u16) -> Vec<u8> {
    let mut b = vec![
        0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    ];
    b.extend_from_slice(&[0xff, 0xc0, 0x00, 0x11, 0x08]);
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xff, 0xd9]);
    b
}
