//! Behaviour that is not a request, as the browser sees it: the page
//! instrumentation's reports in ([`SCRIPT`], spliced into the hook script),
//! `Behaviour` rows out (canvas / WebGL / audio / font fingerprinting with
//! each script's navigator and screen reads, session recording); request
//! bodies kept (bounded) so typed text and tracker payloads can be found in
//! them, after the wait for what the typing probes ([`super::typing`])
//! triggered.

use super::log::SiteLog;
use super::site::SiteRun;
use super::*;
use crate::model::{Behaviour, BehaviourKind, ConsentState};
use std::collections::BTreeSet;

/// The instrumentation, run inside the hook script's closure.
const SCRIPT: &str = include_str!("behave.js");
/// Longest request body start kept.
const MAX_POST: usize = 8 * 1024;
/// Most request bodies fetched afterwards (`Network.getRequestPostData`).
const MAX_POST_FETCHES: usize = 40;
/// Most scripts whose behaviour is tracked per site.
const MAX_SCRIPTS: usize = 300;
/// Most distinct facts kept per script and kind.
const MAX_FACTS: usize = 16;
/// Longest `detail` cell.
const MAX_DETAIL: usize = 400;
/// Distinct font families one script must measure to count as enumerating fonts.
const FONT_FAMILIES: u64 = 20;
/// The instrumentation for the hook script (empty when switched off).
pub(super) fn script(instrument: bool) -> &'static str {
    if instrument {
        SCRIPT
    } else {
        ""
    }
}

/// What one script did on one page in one consent state.
#[derive(Debug, Default)]
struct Script {
    canvas: Vec<String>,
    /// It also called save/restore or addEventListener on a canvas (an
    /// interactive drawing, not a fingerprint).
    canvas_excluded: bool,
    webgl: BTreeSet<String>,
    audio: BTreeSet<String>,
    fonts: u64,
    font_sample: String,
    nav: u64,
    nav_props: String,
    mutations: bool,
    listens: BTreeSet<String>,
    sends: BTreeSet<String>,
}

type Key = (String, ConsentState, String);

/// The instrumentation's reports of one site, by page, state and script.
#[derive(Debug, Default)]
pub(super) struct Observed {
    scripts: Vec<(Key, Script)>,
    index: HashMap<Key, usize>,
    /// Requests whose body Chromium did not include in the event.
    pub(super) pending_post: Vec<String>,
    /// When the typing probes ended, if what they trigger is still to be
    /// waited for.
    pub(super) typed_at: Option<Instant>,
    /// The next page settling runs the typing probes ...
    pub(super) type_due: bool,
    /// ... and they ran in this visit.
    pub(super) typed: bool,
    /// A script or inline handler listens for events that typing fires.
    pub(super) typing_listeners: bool,
}

fn add(set: &mut BTreeSet<String>, s: String) {
    if set.len() < MAX_FACTS {
        set.insert(bounded(&s, 120));
    }
}

impl Observed {
    /// One `{k: 'b'}` report of the hook script.
    pub(super) fn report(&mut self, v: &Value, page_url: &str, consent: ConsentState) {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default();
        if s("t") == "keys" {
            self.typing_listeners = true;
            return;
        }
        let by = bounded(s("by"), 2048);
        let key = (page_url.to_string(), consent, by);
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None if self.scripts.len() >= MAX_SCRIPTS => return,
            None => {
                self.index.insert(key.clone(), self.scripts.len());
                self.scripts.push((key, Script::default()));
                self.scripts.len() - 1
            }
        };
        let sc = &mut self.scripts[i].1;
        let n = v.get("n").and_then(Value::as_u64).unwrap_or(0);
        let d = bounded(s("d"), 300);
        match s("t") {
            "canvas" if sc.canvas.len() < 4 => sc.canvas.push(d),
            "canvas_x" => sc.canvas_excluded = true,
            "webgl" => add(&mut sc.webgl, d),
            "audio" => add(&mut sc.audio, d),
            "font" if n >= sc.fonts => {
                sc.fonts = n;
                sc.font_sample = d;
            }
            "nav" if n >= sc.nav => {
                sc.nav = n;
                sc.nav_props = d;
            }
            "rec" => {
                let w = s("w");
                if w == "mutations" {
                    sc.mutations = true;
                } else if let Some(t) = w.strip_prefix("listen:") {
                    add(&mut sc.listens, t.to_string());
                } else if let Some(t) = w.strip_prefix("send:") {
                    add(&mut sc.sends, t.to_string());
                }
            }
            _ => {}
        }
    }

    /// The behaviour rows: one per script and technique.
    pub(super) fn rows(&self) -> Vec<Behaviour> {
        let mut out = Vec::new();
        for ((page_url, consent, by), sc) in &self.scripts {
            let row = |kind, detail: String| Behaviour {
                page_url: page_url.clone(),
                kind: Some(kind),
                script_url: by.clone(),
                detail: bounded(&detail, MAX_DETAIL),
                consent_state: *consent,
                ..Behaviour::default()
            };
            let nav = match sc.nav {
                0 => String::new(),
                n if n > 64 => format!("; at least {n} navigator/screen reads ({})", sc.nav_props),
                n => format!("; {n} navigator/screen reads ({})", sc.nav_props),
            };
            let join = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
            if !sc.canvas.is_empty() && !sc.canvas_excluded {
                out.push(row(
                    BehaviourKind::CanvasFingerprint,
                    format!("{}{nav}", sc.canvas.join("; ")),
                ));
            }
            if !sc.webgl.is_empty() {
                out.push(row(
                    BehaviourKind::WebglFingerprint,
                    format!("{}{nav}", join(&sc.webgl)),
                ));
            }
            if !sc.audio.is_empty() {
                out.push(row(
                    BehaviourKind::AudioFingerprint,
                    format!("{}{nav}", join(&sc.audio)),
                ));
            }
            if sc.fonts >= FONT_FAMILIES {
                out.push(row(
                    BehaviourKind::FontFingerprint,
                    format!(
                        "text measured in {} font families ({}, ...){nav}",
                        sc.fonts, sc.font_sample
                    ),
                ));
            }
            if sc.mutations && !sc.listens.is_empty() && !sc.sends.is_empty() {
                out.push(row(
                    BehaviourKind::SessionRecording,
                    format!(
                        "observes DOM mutations of the whole document; listens for {} on the document/window; sends data with {}",
                        join(&sc.listens),
                        join(&sc.sends)
                    ),
                ));
            }
        }
        out
    }
}

impl SiteLog {
    /// Keeps the start of a request's body on its row (a DevTools
    /// `Network.Request`), or notes that it must be fetched.
    pub(super) fn note_post_data(&mut self, id: &str, request: &Value) {
        let body = if let Some(s) = request.get("postData").and_then(Value::as_str) {
            bounded(s, MAX_POST)
        } else if let Some(entries) = request.get("postDataEntries").and_then(Value::as_array) {
            let mut bytes = Vec::new();
            for e in entries {
                if bytes.len() >= MAX_POST {
                    break;
                }
                if let Some(b) = e.get("bytes").and_then(Value::as_str) {
                    bytes.extend(base64_decode(b).unwrap_or_default());
                }
            }
            bytes.truncate(MAX_POST);
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            if request.get("hasPostData").and_then(Value::as_bool) == Some(true)
                && self.behave.pending_post.len() < MAX_SITE_REQUESTS
            {
                self.behave.pending_post.push(id.to_string());
            }
            return;
        };
        if let Some(row) = self.current(id) {
            if row.req.post_data.is_empty() {
                row.req.post_data = body;
            }
        }
    }
}

impl SiteRun<'_> {
    /// The visit's behaviour rows; first fetches the bodies Chromium left
    /// out of its events (third-party requests only, bounded).
    pub(super) async fn behaviours(&self, site_domain: &str) -> Vec<Behaviour> {
        let typed_at = self
            .log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .behave
            .typed_at
            .take();
        if let Some(at) = typed_at {
            if !self.aborted() && !self.cdp.is_closed() {
                self.settle_typing(at).await;
            }
        }
        let pending: Vec<String> = {
            let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
            log.behave
                .pending_post
                .iter()
                .filter(|id| {
                    let l = &*log;
                    l.hops
                        .get(*id)
                        .and_then(|h| h.first())
                        .and_then(|&i| l.rows.get(i))
                        .is_some_and(|r| {
                            r.req.post_data.is_empty()
                                && party_of(&r.req.domain, site_domain)
                                    == crate::model::Party::Third
                        })
                })
                .take(MAX_POST_FETCHES)
                .cloned()
                .collect()
        };
        if self.cdp.is_closed() || Instant::now() >= self.hard_deadline {
            return self
                .log
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .behave
                .rows();
        }
        // All at once: each is a round trip of up to a second.
        let t = self.collect_step().min(Duration::from_secs(1));
        let bodies = futures::future::join_all(pending.into_iter().map(|id| async move {
            let v = self
                .call("Network.getRequestPostData", json!({ "requestId": id }), t)
                .await
                .ok()?;
            Some((
                id,
                bounded(v["postData"].as_str().unwrap_or_default(), MAX_POST),
            ))
        }))
        .await;
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        for (id, body) in bodies.into_iter().flatten() {
            let first = log.hops.get(&id).and_then(|h| h.first()).copied();
            if let Some(row) = first.and_then(|i| log.rows.get_mut(i)) {
                row.req.post_data = body;
            }
        }
        log.behave.rows()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(o: &mut Observed, page: &str, v: Value) {
        o.report(&v, page, ConsentState::None);
    }

    #[test]
    fn rows_per_script_and_technique() {
        let mut o = Observed::default();
        let p = "https://news.example/";
        let fp = "https://fp.example/fp.js";
        report(
            &mut o,
            p,
            json!({"k": "b", "t": "nav", "by": fp, "n": 3, "d": "navigator.userAgent"}),
        );
        report(
            &mut o,
            p,
            json!({"k": "b", "t": "canvas", "by": fp, "d": "toDataURL of a 240x60 canvas"}),
        );
        report(
            &mut o,
            p,
            json!({"k": "b", "t": "webgl", "by": fp, "d": "getParameter(UNMASKED_RENDERER_WEBGL)"}),
        );
        report(
            &mut o,
            p,
            json!({"k": "b", "t": "font", "by": fp, "n": 20, "d": "Arial"}),
        );
        report(
            &mut o,
            p,
            json!({"k": "b", "t": "font", "by": fp, "n": 40, "d": "Arial, Verdana"}),
        );
        // A chart: canvas read back, but it also saves/restores (interactive).
        let chart = "https://cdn.example/chart.js";
        report(
            &mut o,
            p,
            json!({"k": "b", "t": "canvas", "by": chart, "d": "toDataURL"}),
        );
        report(&mut o, p, json!({"k": "b", "t": "canvas_x", "by": chart}));
        // A recorder needs all three parts; a widget with two is not one.
        let rec = "https://rec.example/r.js";
        for w in [
            "mutations",
            "listen:keydown",
            "listen:mousemove",
            "send:fetch",
        ] {
            report(&mut o, p, json!({"k": "b", "t": "rec", "by": rec, "w": w}));
        }
        let widget = "https://widget.example/w.js";
        for w in ["mutations", "send:fetch"] {
            report(
                &mut o,
                p,
                json!({"k": "b", "t": "rec", "by": widget, "w": w}),
            );
        }
        // Too few fonts.
        report(
            &mut o,
            p,
            json!({"k": "b", "t": "font", "by": widget, "n": 19, "d": "Georgia"}),
        );
        let rows = o.rows();
        let kinds: Vec<(BehaviourKind, &str)> = rows
            .iter()
            .map(|b| (b.kind.unwrap(), b.script_url.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (BehaviourKind::CanvasFingerprint, fp),
                (BehaviourKind::WebglFingerprint, fp),
                (BehaviourKind::FontFingerprint, fp),
                (BehaviourKind::SessionRecording, rec),
            ]
        );
        assert!(rows[0]
            .detail
            .ends_with("; 3 navigator/screen reads (navigator.userAgent)"));
        assert!(rows[2]
            .detail
            .starts_with("text measured in 40 font families (Arial, Verdana"));
        assert!(
            rows[3].detail.contains("keydown, mousemove"),
            "{}",
            rows[3].detail
        );
        assert!(rows.iter().all(|b| b.page_url == p));
    }

    #[test]
    fn hostile_reports_are_bounded() {
        let mut o = Observed::default();
        let long = "x".repeat(100_000);
        for i in 0..MAX_SCRIPTS + 50 {
            report(
                &mut o,
                "https://a.example/",
                json!({"k": "b", "t": "webgl", "by": format!("https://s{i}.example/{long}"), "d": long}),
            );
        }
        for i in 0..100 {
            report(
                &mut o,
                "https://a.example/",
                json!({"k": "b", "t": "webgl", "by": "s", "d": format!("{i}")}),
            );
        }
        // Wrong types are ignored, never a panic.
        report(
            &mut o,
            "https://a.example/",
            json!({"k": "b", "t": 7, "by": [], "n": "x"}),
        );
        assert_eq!(o.scripts.len(), MAX_SCRIPTS);
        let rows = o.rows();
        assert!(rows
            .iter()
            .all(|b| b.detail.len() <= MAX_DETAIL && b.script_url.len() <= 2048));
    }

    #[test]
    fn request_bodies_kept_bounded_or_marked_for_fetching() {
        let mut log = SiteLog::new();
        let req = |id: &str, request: Value| {
            json!({"requestId": id, "type": "Fetch", "frameId": "F", "documentURL": "https://a.example/",
                "initiator": {"type": "script"}, "request": request})
        };
        log.on_request(&req(
            "1",
            json!({"url": "https://t.example/c", "method": "POST", "postData": "e".repeat(20_000)}),
        ));
        log.on_request(&req(
            "2",
            json!({"url": "https://t.example/d", "method": "POST", "hasPostData": true}),
        ));
        let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, "a=1&b=2");
        log.on_request(&req(
            "3",
            json!({"url": "https://t.example/e", "method": "POST",
            "hasPostData": true, "postDataEntries": [{"bytes": b64}]}),
        ));
        assert_eq!(log.rows[0].req.post_data.len(), MAX_POST);
        assert_eq!(log.rows[1].req.post_data, "");
        assert_eq!(log.behave.pending_post, ["2"]);
        assert_eq!(log.rows[2].req.post_data, "a=1&b=2");
    }

    #[test]
    fn the_script_is_spliced_into_the_hook_only_when_on() {
        let on = hook_script(false, true);
        let off = hook_script(false, false);
        assert!(on.contains("UNMASKED_RENDERER_WEBGL") && !off.contains("UNMASKED_RENDERER_WEBGL"));
        assert!(!on.contains("__BEHAVE__"));
        // Inside the hook's closure, before its end and its source name.
        let at = on.find("getParameter(UNMASKED").unwrap();
        assert!(at < on.rfind("})();").unwrap());
        assert!(on.trim_end().ends_with("//# sourceURL=trackaudit-hook.js"));
    }
}
