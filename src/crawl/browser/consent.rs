//! A settled landing page and a consent state in, a [`ConsentOutcome`] out:
//! finds the site's consent banner (the built-in rules of
//! [`super::consent_rules`], then a generic dialog whose text and buttons read
//! as a consent notice in [`super::consent_words`]' languages) in every frame
//! and open shadow root, asks the page's TCF and GPP APIs, and in states
//! `accept` / `reject` clicks the control with real mouse events (through the
//! settings layer when the first has no reject). Everything the page shows is
//! hostile: the DOM walk, the texts, the waits and the TC string are bounded.

use super::consent_rules::{split, OwnedRule, RuleSet};
use super::consent_words::{is_notice, meaning, Meaning};
use super::site::SiteRun;
use super::*;
use crate::model::{ConsentAction, ConsentOutcome, ConsentState};

/// How long the engine looks for a banner after the page settled (CMPs load late).
const BANNER_WAIT: Duration = Duration::from_secs(4);
/// Longest wait for the network after a click.
const CLICK_SETTLE: Duration = Duration::from_millis(3000);
/// Longest wait for a settings layer to show its controls.
const LAYER_WAIT: Duration = Duration::from_millis(2500);
/// Longest wait for the TCF API's `useractioncomplete` after the click.
const TCF_WAIT_MS: u64 = 2000;
/// Between two scans of the page.
const SCAN_EVERY: Duration = Duration::from_millis(250);
/// Scans in a row showing the same incomplete banner before it is taken as it is.
const STABLE_SCANS: u32 = 4;
/// Frames scanned for a banner.
const MAX_SCAN_FRAMES: usize = 30;
/// Event name of the marker put into the event stream at the click.
pub(super) const MARK: &str = "trackaudit.consentClick";

const SCAN_JS: &str = include_str!("consent.js");
const API_JS: &str = include_str!("consent_api.js");

/// The registered names of common TCF CMP ids.
const CMP_NAMES: &[(u32, &str)] = &[
    (5, "Usercentrics"),
    (6, "Sourcepoint"),
    (7, "Didomi"),
    (10, "Quantcast Choice"),
    (21, "TrustArc"),
    (28, "OneTrust"),
    (31, "consentmanager"),
    (123, "iubenda"),
    (134, "Cookiebot"),
    (300, "Google"),
];

/// A CMP's name from its TCF id (`cmp N` when unknown).
pub(super) fn cmp_name(id: u32) -> String {
    CMP_NAMES
        .iter()
        .find(|(i, _)| *i == id)
        .map_or_else(|| format!("cmp {id}"), |(_, n)| n.to_string())
}

/// A visible element a scan kept: its frame's context, its key, its text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Control {
    ctx: i64,
    key: String,
    text: String,
}

/// One frame's scan.
#[derive(Debug, Default)]
pub(super) struct FrameScan {
    ctx: i64,
    /// Visible matches of each selector of [`selectors`] (key, text).
    sels: Vec<Vec<(String, String)>>,
    /// Dialogs and fixed boxes with their text and controls (key, text).
    boxes: Vec<(String, Vec<(String, String)>)>,
    truncated: bool,
}

/// A banner found by a scan.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Banner {
    /// `rule:NAME` or `generic`.
    method: String,
    cmp: String,
    /// The rule that found it (None for the generic fallback).
    rule: Option<usize>,
    accept: Option<Control>,
    reject: Option<Control>,
    settings: Option<Control>,
}

impl FrameScan {
    fn from_value(ctx: i64, v: &Value) -> FrameScan {
        let pairs = |a: &Value| -> Vec<(String, String)> {
            a.as_array()
                .into_iter()
                .flatten()
                .take(50)
                .map(|h| {
                    let s = |k: &str| h[k].as_str().unwrap_or_default().to_string();
                    (s("k"), bounded(&s("t"), 200))
                })
                .collect()
        };
        FrameScan {
            ctx,
            sels: v["sels"]
                .as_array()
                .into_iter()
                .flatten()
                .map(pairs)
                .collect(),
            boxes: v["boxes"]
                .as_array()
                .into_iter()
                .flatten()
                .take(20)
                .map(|b| {
                    (
                        bounded(b["text"].as_str().unwrap_or_default(), 3000),
                        pairs(&b["btns"]),
                    )
                })
                .collect(),
            truncated: v["truncated"].as_bool().unwrap_or(false),
        }
    }

    /// The first visible match of any of `list` whose text means `want` when
    /// the selector asks for it.
    fn find(&self, all: &[String], list: &[String], bare_only: bool) -> Option<Control> {
        for s in list {
            let (css, want) = split(s);
            if bare_only && want.is_some() {
                continue;
            }
            let Some(i) = all.iter().position(|c| *c == css) else {
                continue;
            };
            for (key, text) in self.sels.get(i).into_iter().flatten() {
                if want.is_none() || meaning(text) == want {
                    return Some(Control {
                        ctx: self.ctx,
                        key: key.clone(),
                        text: text.clone(),
                    });
                }
            }
        }
        None
    }
}

/// The first of `list`'s controls visible in any frame.
fn first(scans: &[FrameScan], all: &[String], list: &[String], bare_only: bool) -> Option<Control> {
    scans.iter().find_map(|f| f.find(all, list, bare_only))
}

/// What the scans show: a rule's banner (the first rule whose banner or
/// accept control is visible, preferring one whose controls were found),
/// else a generic consent dialog.
pub(super) fn decide(scans: &[FrameScan], set: &RuleSet) -> Option<Banner> {
    let mut seen: Option<Banner> = None;
    let all = &set.selectors;
    for (i, r) in set.rules.iter().enumerate() {
        let detected = first(scans, all, &r.detect, true).is_some()
            || first(scans, all, &r.accept, true).is_some();
        if !detected {
            continue;
        }
        let b = Banner {
            method: format!("rule:{}", r.name),
            cmp: r.name.to_string(),
            rule: Some(i),
            accept: first(scans, all, &r.accept, false),
            reject: first(scans, all, &r.reject, false),
            settings: first(scans, all, &r.settings, false),
        };
        if b.accept.is_some() || b.reject.is_some() {
            return Some(b);
        }
        seen.get_or_insert(b);
    }
    seen.or_else(|| generic(scans))
}

/// The fallback: a visible dialog or fixed box whose text reads as a
/// consent notice and which holds an accept or reject control.
fn generic(scans: &[FrameScan]) -> Option<Banner> {
    let mut best: Option<(u8, Banner)> = None;
    for f in scans {
        for (text, btns) in &f.boxes {
            if !is_notice(text) {
                continue;
            }
            let pick = |m: Meaning| {
                btns.iter()
                    .find(|(_, t)| meaning(t) == Some(m))
                    .map(|(k, t)| Control {
                        ctx: f.ctx,
                        key: k.clone(),
                        text: t.clone(),
                    })
            };
            let b = Banner {
                method: "generic".into(),
                cmp: "generic".into(),
                rule: None,
                accept: pick(Meaning::Accept),
                reject: pick(Meaning::Reject),
                settings: pick(Meaning::Settings),
            };
            let score = u8::from(b.accept.is_some()) * 2 + u8::from(b.reject.is_some());
            if score > 0 && best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, b));
            }
        }
    }
    best.map(|(_, b)| b)
}

/// The settings layer's way out: reject all, else save (nothing selected).
fn second_layer(scans: &[FrameScan], banner: &Banner, set: &RuleSet) -> Option<(Control, bool)> {
    let rule: Option<&OwnedRule> = banner.rule.and_then(|i| set.rules.get(i));
    if let Some(r) = rule {
        let all = &set.selectors;
        if let Some(c) = first(scans, all, &r.settings_reject, false) {
            return Some((c, false));
        }
        return first(scans, all, &r.settings_save, false).map(|c| (c, true));
    }
    let find = |m: Meaning| {
        scans.iter().find_map(|f| {
            f.boxes
                .iter()
                .filter(|(text, _)| is_notice(text))
                .flat_map(|(_, b)| b.iter())
                .find(|(_, t)| meaning(t) == Some(m))
                .map(|(k, t)| Control {
                    ctx: f.ctx,
                    key: k.clone(),
                    text: t.clone(),
                })
        })
    };
    find(Meaning::Reject)
        .map(|c| (c, false))
        .or_else(|| find(Meaning::Save).map(|c| (c, true)))
}

/// A banner's method and control texts (scans' keys and contexts differ).
fn shape(b: &Banner) -> (&str, [Option<&str>; 3]) {
    fn t(c: &Option<Control>) -> Option<&str> {
        c.as_ref().map(|c| c.text.as_str())
    }
    (&b.method, [t(&b.accept), t(&b.reject), t(&b.settings)])
}

/// What the TCF / GPP APIs said.
#[derive(Debug, Default)]
struct Api {
    tcf: bool,
    cmp_id: Option<u32>,
    gdpr_applies: Option<bool>,
    tc_string: String,
    shown: bool,
}

impl Api {
    fn read(&mut self, v: &Value) {
        self.tcf |= v["tcf"].as_bool() == Some(true);
        for part in [&v["ping"], &v["data"], &v["gppPing"]] {
            if let Some(id) = part["cmpId"].as_u64().filter(|i| *i > 0 && *i < 4096) {
                self.cmp_id.get_or_insert(id as u32);
            }
            if let Some(g) = part["gdprApplies"].as_bool() {
                self.gdpr_applies = Some(g);
            }
        }
        if let Some(s) = v["data"]["tcString"].as_str().filter(|s| !s.is_empty()) {
            self.tc_string = s.chars().take(crate::crawl::tcf::MAX_TC_STRING).collect();
        }
        let shown = |s: &Value| matches!(s.as_str(), Some("visible" | "cmpuishown"));
        self.shown |= shown(&v["ping"]["displayStatus"])
            || shown(&v["data"]["eventStatus"])
            || shown(&v["gppPing"]["cmpDisplayStatus"]);
    }
}

impl SiteRun<'_> {
    /// Time left for a consent step: `limit`, within the page deadline.
    fn within(&self, limit: Duration) -> Duration {
        limit.min(self.step())
    }

    fn stop(&self) -> bool {
        self.aborted() || self.cdp.is_closed() || self.step().is_zero()
    }

    /// Finds the banner and, in `accept` / `reject`, clicks. Returns the
    /// outcome; `self.clicked` says whether a choice was clicked.
    pub(super) async fn consent(&mut self, state: ConsentState) -> ConsentOutcome {
        let mut out = ConsentOutcome {
            state,
            method: "none".into(),
            ..ConsentOutcome::default()
        };
        let mut notes: Vec<String> = Vec::new();
        let mut banner = self.wait_banner(&mut notes).await;
        let mut api = Api::default();
        if let Some(v) = self.consent_api("ping").await {
            api.read(&v);
        }
        match &banner {
            Some(b) => {
                out.method = b.method.clone();
                if b.rule.is_some() {
                    out.cmp = b.cmp.clone();
                }
                out.banner_found = true;
                out.first_layer_reject = Some(b.reject.is_some());
            }
            None if api.tcf || api.cmp_id.is_some() => {
                out.method = "tcf".into();
                out.banner_found = api.shown;
            }
            None => {}
        }
        if state.clicks() && !self.stop() {
            let action = match banner.take() {
                None => {
                    if out.method == "tcf" {
                        notes.push(
                            "a CMP answers on the TCF API, but no banner control was found".into(),
                        );
                    }
                    ConsentAction::NotFound
                }
                Some(b) => self.choose(state, &b, &mut out, &mut notes).await,
            };
            out.action = Some(action);
            if action == ConsentAction::Clicked && api.tcf && !self.stop() {
                if let Some(v) = self.consent_api("after").await {
                    api.read(&v);
                }
            }
        } else if state.clicks() {
            out.action = Some(if banner.is_some() {
                ConsentAction::Failed
            } else {
                ConsentAction::NotFound
            });
            notes.push("the site budget or the crawl ended before the click".into());
        }
        out.cmp_id = api.cmp_id;
        out.gdpr_applies = api.gdpr_applies;
        if !api.tc_string.is_empty() {
            match crate::crawl::tcf::decode(&api.tc_string) {
                Ok(t) => {
                    out.purposes_consented = t.purposes_consent;
                    out.vendors_consented = t.vendor_consents;
                    out.cmp_id.get_or_insert(u32::from(t.cmp_id));
                }
                Err(e) => notes.push(format!("TC string: {e}")),
            }
            out.tc_string = api.tc_string;
        }
        // A rule's name, else the TCF CMP's, else `generic` for the fallback.
        if out.cmp.is_empty() {
            if let Some(id) = out.cmp_id {
                out.cmp = cmp_name(id);
            } else if out.method == "generic" {
                out.cmp = "generic".into();
            }
        }
        out.note = bounded(&notes.join("; "), 500);
        out
    }

    /// Scans until a banner shows with accept and reject (or settings)
    /// controls, or shows unchanged for a few scans, within [`BANNER_WAIT`]
    /// (the same in every state, so `first_layer_reject` agrees across them).
    async fn wait_banner(&self, notes: &mut Vec<String>) -> Option<Banner> {
        let until = Instant::now() + self.within(BANNER_WAIT);
        let mut last = None;
        let mut stable = 0;
        loop {
            let scans = self.scan().await;
            if scans.iter().any(|s| s.truncated) && !notes.iter().any(|n| n.contains("bounded")) {
                notes.push("the page is larger than the bounded banner search".into());
            }
            if let Some(b) = decide(&scans, &self.engine.consent_rules) {
                let complete = b.accept.is_some() && (b.reject.is_some() || b.settings.is_some());
                if complete {
                    return Some(b);
                }
                // A banner that stays as it is (no reject, say) is all there is.
                stable = match &last {
                    Some(l) if shape(l) == shape(&b) => stable + 1,
                    _ => 0,
                };
                if stable >= STABLE_SCANS {
                    return Some(b);
                }
                last = Some(b);
            }
            if Instant::now() + SCAN_EVERY >= until || self.stop() {
                return last;
            }
            tokio::time::sleep(SCAN_EVERY).await;
        }
    }

    /// Clicks accept, or reject on the first or the settings layer.
    async fn choose(
        &mut self,
        state: ConsentState,
        b: &Banner,
        out: &mut ConsentOutcome,
        notes: &mut Vec<String>,
    ) -> ConsentAction {
        let direct = if state == ConsentState::Accept {
            b.accept.clone()
        } else {
            b.reject.clone()
        };
        if let Some(c) = direct {
            return self.final_click(&c, 1, false, out, notes).await;
        }
        if state == ConsentState::Accept {
            notes.push("the banner shows no accept control".into());
            return ConsentAction::Failed;
        }
        let Some(settings) = &b.settings else {
            return ConsentAction::NoRejectButton;
        };
        if let Err(e) = self.click(settings).await {
            notes.push(format!("opening the settings layer: {e}"));
            return ConsentAction::Failed;
        }
        let until = Instant::now() + self.within(LAYER_WAIT);
        loop {
            tokio::time::sleep(SCAN_EVERY).await;
            let scans = self.scan().await;
            if let Some((c, save)) = second_layer(&scans, b, &self.engine.consent_rules) {
                return self.final_click(&c, 2, save, out, notes).await;
            }
            if Instant::now() >= until || self.stop() {
                notes.push(format!(
                    "opened the settings layer ({:?}); it offers no reject-all or save",
                    bounded(&settings.text, 60)
                ));
                return ConsentAction::NoRejectButton;
            }
        }
    }

    /// The choice itself: snapshot the cookies, mark the event stream, click,
    /// let the network settle.
    async fn final_click(
        &mut self,
        c: &Control,
        layers: u32,
        save: bool,
        out: &mut ConsentOutcome,
        notes: &mut Vec<String>,
    ) -> ConsentAction {
        if save {
            let js = format!(
                "(() => {{ const el = globalThis.__taReg && globalThis.__taReg.get({}); if (!el) return 0; \
let box = el; for (let i = 0; i < 25 && box.parentElement; i++) {{ box = box.parentElement; \
const r = (box.getAttribute('role') || ''); if (r === 'dialog' || box.getAttribute('aria-modal') === 'true' || \
getComputedStyle(box).position === 'fixed') break; }} let n = 0; \
for (const i of box.querySelectorAll('input[type=checkbox]:checked:not(:disabled), [role=switch][aria-checked=true]')) \
{{ if (n >= 200) break; try {{ i.click(); n++; }} catch (e) {{}} }} return n; }})()",
                serde_json::to_string(&c.key).unwrap_or_default()
            );
            let _ = self.eval_in(c.ctx, &js, true).await;
        }
        let snapshot = self.cookie_names().await;
        let state = out.state;
        // Everything routed so far happened before the click.
        if !self
            .cdp
            .mark(&self.session, MARK, json!({ "state": state.as_str() }))
        {
            notes
                .push("the event buffer was full: requests after the click are marked none".into());
        }
        self.pre_click = Some(snapshot);
        self.clicked = Some(state);
        match self.click(c).await {
            Ok(()) => {
                out.layers = layers;
                out.clicked_text = bounded(&c.text, 200);
                tokio::time::sleep(Duration::from_millis(150).min(self.step())).await;
                self.wait_until(self.within(CLICK_SETTLE), |l| l.idle(IDLE_QUIET))
                    .await;
                ConsentAction::Clicked
            }
            Err(e) => {
                self.cdp.mark(
                    &self.session,
                    MARK,
                    json!({ "state": ConsentState::None.as_str() }),
                );
                self.pre_click = None;
                self.clicked = None;
                notes.push(format!("clicking {:?}: {e}", bounded(&c.text, 60)));
                ConsentAction::Failed
            }
        }
    }

    /// A real click at the control's centre: scrolled into view, its content
    /// quad in top-page coordinates, then mouse moved, pressed, released.
    async fn click(&self, c: &Control) -> Result<(), String> {
        let t = self.collect_step().min(Duration::from_secs(3));
        let expr = format!(
            "globalThis.__taReg && globalThis.__taReg.get({})",
            serde_json::to_string(&c.key).unwrap_or_default()
        );
        let r = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": expr, "contextId": c.ctx, "returnByValue": false }),
                t,
            )
            .await
            .map_err(|e| e.to_string())?;
        let Some(oid) = r["result"]["objectId"].as_str().map(str::to_string) else {
            return Err("the control is gone".into());
        };
        let _ = self
            .call("DOM.scrollIntoViewIfNeeded", json!({ "objectId": oid }), t)
            .await;
        let q = self
            .call("DOM.getContentQuads", json!({ "objectId": oid }), t)
            .await
            .map_err(|e| e.to_string())?;
        let quad: Vec<f64> = q["quads"][0]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_f64)
            .collect();
        if quad.len() != 8 {
            return Err("the control has no box on screen".into());
        }
        let x = (quad[0] + quad[2] + quad[4] + quad[6]) / 4.0;
        let y = (quad[1] + quad[3] + quad[5] + quad[7]) / 4.0;
        if !(x.is_finite()
            && y.is_finite()
            && x >= 0.0
            && y >= 0.0
            && x < 100_000.0
            && y < 100_000.0)
        {
            return Err(format!("the control is off screen ({x:.0}, {y:.0})"));
        }
        for (kind, buttons) in [("mouseMoved", 0), ("mousePressed", 1), ("mouseReleased", 0)] {
            let mut p =
                json!({ "type": kind, "x": x, "y": y, "button": "left", "buttons": buttons });
            if kind != "mouseMoved" {
                p["clickCount"] = json!(1);
            } else {
                p["button"] = json!("none");
            }
            self.call("Input.dispatchMouseEvent", p, t)
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// Scans every frame (bounded) in an isolated world of its own.
    async fn scan(&self) -> Vec<FrameScan> {
        let mut out = Vec::new();
        let t = self.collect_step().min(Duration::from_secs(3));
        let Ok(tree) = self.call("Page.getFrameTree", json!({}), t).await else {
            return out;
        };
        let frames = frame_ids(&tree, MAX_SCAN_FRAMES);
        let args = json!({ "sels": self.engine.consent_rules.selectors }).to_string();
        let js = SCAN_JS.replace("__ARGS__", &args);
        for frame in frames {
            // Each frame's world is made once and kept while its document
            // lives; a stale one (the frame navigated) is made anew.
            let cached = self
                .worlds
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(&frame)
                .copied();
            let mut ctx = cached;
            for _ in 0..2 {
                if self.stop() {
                    return out;
                }
                let c = match ctx {
                    Some(c) => c,
                    None => {
                        let Ok(w) = self
                            .call(
                                "Page.createIsolatedWorld",
                                json!({ "frameId": frame, "worldName": "trackaudit-consent" }),
                                t,
                            )
                            .await
                        else {
                            break;
                        };
                        let Some(c) = w["executionContextId"].as_i64() else {
                            break;
                        };
                        let mut worlds = self.worlds.lock().unwrap_or_else(|p| p.into_inner());
                        if worlds.len() < 4 * MAX_SCAN_FRAMES {
                            worlds.insert(frame.clone(), c);
                        }
                        c
                    }
                };
                if let Some(v) = self.eval_in(c, &js, true).await {
                    out.push(FrameScan::from_value(c, &v));
                    break;
                }
                self.worlds
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&frame);
                if ctx.is_none() {
                    break;
                }
                ctx = None;
            }
        }
        out
    }

    /// Evaluates `js` in context `ctx`, by value; None on any failure.
    async fn eval_in(&self, ctx: i64, js: &str, by_value: bool) -> Option<Value> {
        let t = self.collect_step().min(Duration::from_secs(3));
        let r = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": js, "contextId": ctx, "returnByValue": by_value }),
                t,
            )
            .await
            .ok()?;
        r.get("exceptionDetails")
            .is_none()
            .then(|| r["result"]["value"].clone())
    }

    /// Asks the top frame's TCF and GPP APIs (`ping` or `after` the click).
    async fn consent_api(&self, mode: &str) -> Option<Value> {
        let wait = if mode == "after" { TCF_WAIT_MS } else { 0 };
        let js = API_JS
            .replace("__MODE__", &format!("{mode:?}"))
            .replace("__WAIT__", &wait.to_string());
        let t = self.within(Duration::from_millis(wait + 2500));
        let r = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": js, "returnByValue": true, "awaitPromise": true }),
                t,
            )
            .await
            .ok()?;
        Some(r["result"]["value"].clone()).filter(Value::is_object)
    }

    /// The context's cookies as (name, domain, path), just before a click.
    async fn cookie_names(&self) -> HashSet<(String, String, String)> {
        let got = self
            .cdp
            .call(
                None,
                "Storage.getCookies",
                json!({ "browserContextId": self.context }),
                self.collect_step(),
            )
            .await;
        let Ok(v) = got else {
            return HashSet::new();
        };
        v["cookies"]
            .as_array()
            .into_iter()
            .flatten()
            .take(3000)
            .map(|c| {
                let s = |k: &str| c[k].as_str().unwrap_or_default().to_string();
                (
                    bounded(&s("name"), 256),
                    s("domain"),
                    bounded(&s("path"), 256),
                )
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "consent_tests.rs"]
mod tests;
