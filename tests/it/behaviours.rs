//! Behaviour that is not a request, end to end as a user runs it:
//! `trackaudit crawl --engine browser` over the behaviour fixture web
//! (canvas, WebGL, audio and font fingerprinting, on-page and off-screen;
//! key loggers, also in iframes and shadow roots; session recorders, also
//! listening through handler properties and inline attributes; each with an
//! honest twin). `behaviours.csv` has each technique's
//! row with the script behind it, and each behaviour finding fires on its
//! dishonest fixture and never on its twin. With the instrumentation
//! switched off the engine reports no behaviour and types nothing. Skipped
//! without Chromium unless `TRACKAUDIT_REQUIRE_CHROMIUM=1`.

use super::browser::{chromium, config};
use super::{bin, read_csv};
use std::collections::BTreeSet;
use std::sync::Arc;
use trackaudit::crawl::browser::BrowserEngine;
use trackaudit::crawl::{CancellationToken, CrawlConfig};
use trackaudit::model::BehaviourKind;
use trackaudit::testweb::behave::{self, FINDINGS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_behaviour_finding_fires_on_its_dishonest_fixture_and_never_on_its_twin() {
    if !chromium() {
        return;
    }
    let server = behave::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("targets.txt");
    std::fs::write(&list, behave::targets_text()).unwrap();
    let out = dir.path().join("out");
    let (proxy, out2) = (server.proxy_url(), out.clone());
    let result = tokio::task::spawn_blocking(move || {
        bin()
            .args(["crawl", "--engine", "browser", "--proxy", &proxy, "--quiet"])
            .args([
                "--concurrency",
                "4",
                "--timeout",
                "10",
                "--site-budget",
                "40",
            ])
            .arg("--out")
            .arg(&out2)
            .arg(&list)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(out.join("behaviours.csv").exists(), "{stderr}");
    let rows = read_csv(&out.join("behaviours.csv"));
    let findings = read_csv(&out.join("findings.csv"));
    let mut problems = Vec::new();
    for s in behave::sites() {
        let mine: Vec<_> = rows.iter().filter(|r| r["site"] == s.url).collect();
        let shown = || {
            mine.iter()
                .map(|r| {
                    format!(
                        "  {} {} {} -> {}",
                        r["kind"], r["script_url"], r["detail"], r["sent_to"]
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        // Every expected row, attributed to its script (key logging: to the
        // request that carried the typed text).
        for (kind, by) in &s.behaviours {
            let hit = mine.iter().any(|r| {
                r["kind"] == kind.as_str()
                    && if *kind == BehaviourKind::KeyLogging {
                        url::Url::parse(&r["sent_to"]).is_ok_and(|u| u.host_str() == Some(by))
                    } else {
                        r["script_url"] == *by
                    }
            });
            if !hit {
                problems.push(format!(
                    "{}: no {kind} row by {by}; rows:\n{}",
                    s.url,
                    shown()
                ));
            }
        }
        // No instrumented behaviour beyond what is expected.
        let expected: BTreeSet<&str> = s.behaviours.iter().map(|(k, _)| k.as_str()).collect();
        for r in &mine {
            if r["kind"] != "pixel_event" && !expected.contains(r["kind"].as_str()) {
                problems.push(format!(
                    "{}: unexpected {} by {}: {}",
                    s.url, r["kind"], r["script_url"], r["detail"]
                ));
            }
            if r["page_url"] != s.url {
                problems.push(format!("{}: page_url {}", s.url, r["page_url"]));
            }
        }
        let fired: BTreeSet<&str> = findings
            .iter()
            .filter(|f| f["site"] == s.url && FINDINGS.contains(&f["rule"].as_str()))
            .map(|f| f["rule"].as_str())
            .collect();
        let want: BTreeSet<&str> = s.findings.iter().copied().collect();
        if fired != want {
            problems.push(format!(
                "{}: findings {fired:?}, expected {want:?}; rows:\n{}",
                s.url,
                shown()
            ));
        }
    }
    assert!(problems.is_empty(), "{}\n{stderr}", problems.join("\n"));

    // The details say what was seen.
    let detail = |site: &str, kind: &str| -> String {
        rows.iter()
            .filter(|r| r["site"] == format!("http://www.{site}.test/") && r["kind"] == kind)
            .map(|r| r["detail"].clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let canvas = detail("canvas-fp", "canvas_fingerprint");
    assert!(
        canvas.starts_with("toDataURL of a 240x60 canvas"),
        "{canvas}"
    );
    assert!(
        canvas.contains("2 colours") && canvas.contains("navigator/screen reads"),
        "{canvas}"
    );
    assert!(
        canvas.contains("navigator.userAgent") && canvas.contains("screen.colorDepth"),
        "{canvas}"
    );
    let gl = detail("webgl-fp", "webgl_fingerprint");
    assert!(
        gl.contains("UNMASKED_RENDERER_WEBGL") && gl.contains("UNMASKED_VENDOR_WEBGL"),
        "{gl}"
    );
    let audio = detail("audio-fp", "audio_fingerprint");
    assert!(
        audio.contains("oscillator -> DynamicsCompressor, startRendering"),
        "{audio}"
    );
    let fonts = detail("font-fp", "font_fingerprint");
    assert!(
        fonts.starts_with("text measured in 40 font families"),
        "{fonts}"
    );
    let rec = detail("recorder", "session_recording");
    assert!(rec.contains("keydown") && rec.contains("fetch"), "{rec}");
    let md5 = detail("keylog-md5", "key_logging");
    assert!(
        md5.contains("email (md5)") && md5.contains("third-party"),
        "{md5}"
    );
    let plain = detail("keylog-plain", "key_logging");
    assert!(plain.contains("email (plain)"), "{plain}");
    let own: Vec<_> = rows
        .iter()
        .filter(|r| r["site"] == "http://www.form-honest.test/" && r["kind"] == "key_logging")
        .collect();
    assert!(!own.is_empty());
    for r in &own {
        assert_eq!((r["party"].as_str(), r["pii"].as_str()), ("first", "false"));
    }
    // Every field got its probe: the draft carries the text, email and password.
    let own = detail("form-honest", "key_logging");
    for what in ["text (", "email (", "password ("] {
        assert!(own.contains(what), "{own}");
    }
    // Fields in a cross-origin iframe got every key (the logger there
    // rebuilds the text from key events), in a same-origin iframe and in an
    // open shadow root their text.
    let framed = detail("keylog-iframe", "key_logging");
    assert!(
        framed.contains("email (base64)") && framed.contains("text (base64)"),
        "{framed}"
    );
    let same = detail("keylog-frame-same", "key_logging");
    assert!(
        same.contains("email (md5)") && same.contains("text (md5)"),
        "{same}"
    );
    let shadow = detail("keylog-shadow", "key_logging");
    assert!(
        shadow.contains("email (url-encoded)") && shadow.contains("text (url-encoded)"),
        "{shadow}"
    );
    // Listeners set as handler properties and attributes count.
    let props = detail("recorder-props", "session_recording");
    for what in ["keydown", "input", "mousemove", "click", "sendBeacon"] {
        assert!(props.contains(what), "{props}");
    }
    let inline = detail("recorder-inline", "session_recording");
    assert!(
        inline.contains("keydown") && inline.contains("input") && inline.contains("fetch"),
        "{inline}"
    );
    // Off-screen and blob read-backs.
    let off = detail("canvas-offscreen", "canvas_fingerprint");
    for what in [
        "getImageData of a 220x30 OffscreenCanvas",
        "convertToBlob of a 220x30 OffscreenCanvas",
        "toBlob of a 200x40 canvas",
    ] {
        assert!(off.contains(what), "{off}");
    }
}

/// `instrument: false`: no behaviour rows, nothing typed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instrumentation_switched_off_reports_and_types_nothing() {
    if !chromium() {
        return;
    }
    let server = behave::start().await.unwrap();
    for instrument in [true, false] {
        let cfg = CrawlConfig {
            instrument,
            ..config(&server)
        };
        let engine = BrowserEngine::new(Arc::new(cfg)).await.unwrap();
        let mut seen = Vec::new();
        for site in ["canvas-fp", "keylog-plain"] {
            let target = trackaudit::targets::Target {
                url: url::Url::parse(&format!("http://www.{site}.test/")).unwrap(),
                bare: false,
                origin: "test".into(),
            };
            let o = engine.visit(&target, CancellationToken::new()).await;
            seen.extend(o.visit.behaviours.iter().map(|b| b.kind.unwrap()));
            let typed =
                o.visit.requests.iter().any(|r| {
                    r.domain == "api.leadcapture.test" && r.post_data.contains("probewright")
                });
            assert_eq!(typed, instrument && site == "keylog-plain", "{site}");
        }
        let want: &[BehaviourKind] = if instrument {
            &[BehaviourKind::CanvasFingerprint]
        } else {
            &[]
        };
        assert_eq!(seen, want, "instrument {instrument}");
        engine.shutdown().await;
    }
}

/// A page that floods the instrumentation (300,000 navigator reads, fonts
/// and canvases by the thousand, hundreds of script URLs) still ends as a
/// normal visit within its budget, with bounded rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_flooding_the_instrumentation_is_a_normal_visit() {
    if !chromium() {
        return;
    }
    const FLOOD: &str = r#"<!doctype html><title>flood</title><body><script>
var t = 0;
for (var i = 0; i < 300000; i++) t += navigator.userAgent.length + screen.width;
var s = document.createElement('span');
document.body.appendChild(s);
for (var i = 0; i < 5000; i++) { s.style.fontFamily = 'F' + i + ', serif'; t += s.offsetWidth; }
for (var i = 0; i < 1000; i++) {
  var c = document.createElement('canvas'); c.width = 64; c.height = 64;
  var x = c.getContext('2d'); x.fillStyle = '#' + (i % 9) + '00'; x.fillText('abcdefghijk' + i, 1, 10);
  x.fillStyle = '#00' + (i % 7); x.fillText('lmnop', 1, 30);
  c.toDataURL();
}
for (var i = 0; i < 400; i++) {
  var f = new Function('x', 'return x.getImageData(0, 0, 20, 20);\n//# sourceURL=http://www.flood.test/s' + i + '-' + 'q'.repeat(3000) + '.js');
  var c = document.createElement('canvas'); c.width = 32; c.height = 32;
  var x = c.getContext('2d'); x.fillStyle = 'red'; x.fillText('0123456789ab', 1, 10); f(x);
}
fetch('http://sink.elsewhere.test/big', { method: 'POST', mode: 'no-cors', body: 'big=' + 'x'.repeat(300000) });
</script></body>"#;
    let mut web = trackaudit::testweb::Web::new();
    web.page("www.flood.test", "/", FLOOD);
    let server = trackaudit::testweb::WebServer::start(web.handler(), 0, false)
        .await
        .unwrap();
    let cfg = CrawlConfig {
        site_budget: std::time::Duration::from_secs(40),
        timeout: std::time::Duration::from_secs(10),
        ..config(&server)
    };
    let engine = BrowserEngine::new(Arc::new(cfg)).await.unwrap();
    let target = trackaudit::targets::Target {
        url: url::Url::parse("http://www.flood.test/").unwrap(),
        bare: false,
        origin: "test".into(),
    };
    let started = std::time::Instant::now();
    let o = engine.visit(&target, CancellationToken::new()).await;
    assert_eq!(o.status, trackaudit::model::SiteStatus::Ok, "{}", o.error);
    assert!(
        !o.visit.errors.iter().any(|e| e.contains("dropped")),
        "{:?}",
        o.visit.errors
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(40));
    let b = &o.visit.behaviours;
    assert!(!b.is_empty());
    // The engine keeps reports of at most 300 scripts per visit.
    let scripts: std::collections::BTreeSet<&str> =
        b.iter().map(|b| b.script_url.as_str()).collect();
    assert!(scripts.len() <= 300, "{}", scripts.len());
    assert!(b
        .iter()
        .all(|b| b.detail.len() <= 400 && b.script_url.len() <= 2048));
    assert!(b
        .iter()
        .any(|b| b.kind == Some(BehaviourKind::CanvasFingerprint)
            && b.detail.contains("navigator/screen reads")));
    // A body too large for the request event is fetched, and kept bounded.
    let big = o
        .visit
        .requests
        .iter()
        .find(|r| r.url == "http://sink.elsewhere.test/big")
        .unwrap();
    assert!(
        big.post_data.starts_with("big=xxx") && big.post_data.len() <= 8192,
        "{}",
        big.post_data.len()
    );
    engine.shutdown().await;
}

/// The typing probes and the instrumentation run in every consent visit:
/// each visit's rows say which visit they came from.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behaviours_are_observed_in_every_consent_visit() {
    if !chromium() {
        return;
    }
    let server = behave::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("targets.txt");
    std::fs::write(
        &list,
        "http://www.keylog-plain.test/\nhttp://www.canvas-fp.test/\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (proxy, out2) = (server.proxy_url(), out.clone());
    let result = tokio::task::spawn_blocking(move || {
        bin()
            .args(["crawl", "--engine", "browser", "--proxy", &proxy, "--quiet"])
            .args(["--consent", "none,reject", "--site-budget", "30"])
            .arg("--out")
            .arg(&out2)
            .arg(&list)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    let rows = read_csv(&out.join("behaviours.csv"));
    let visits = |kind: &str| -> BTreeSet<String> {
        rows.iter()
            .filter(|r| r["kind"] == kind)
            .map(|r| r["consent_visit"].clone())
            .collect()
    };
    let both: BTreeSet<String> = ["none".to_string(), "reject".to_string()].into();
    assert_eq!(visits("key_logging"), both, "{stderr}");
    assert_eq!(visits("canvas_fingerprint"), both, "{stderr}");
}
