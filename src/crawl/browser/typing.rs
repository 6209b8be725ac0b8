//! The typing probes: a settled landing page in, key events out. The probe
//! email, text and password are typed into the visible text fields of every
//! frame (same- and cross-origin) and open shadow root, with real key
//! events, never submitted; then what the typing triggers is let reach the
//! network, so key loggers' requests are recorded (and found by
//! `classify::payload`).

use super::site::SiteRun;
use super::*;
use crate::model::{PROBE_EMAIL, PROBE_PASSWORD, PROBE_TEXT};

/// Most form fields typed into per page.
const MAX_FIELDS: usize = 10;
/// Time for typing key by key; later fields get the text in one insert.
const TYPING_BUDGET: Duration = Duration::from_secs(3);
/// Longest wait for the network after typing ...
const TYPED_SETTLE: Duration = Duration::from_secs(2);
/// ... and the shortest.
const TYPED_GRACE: Duration = Duration::from_millis(250);

/// Lists a frame's visible fields to type into, in its document and in the
/// open shadow roots within it (bounded), keeping them in the (isolated)
/// world's `__trackauditFields`; returns each field's kind, and whether the
/// document has inline handlers of typing events. A frame too small to show
/// anything has no fields.
const FIELDS_JS: &str = r#"(() => {
  const kinds = [], fields = [];
  globalThis.__trackauditFields = fields;
  if (innerWidth < 2 || innerHeight < 2) return { kinds, inline: false };
  const text = ['', 'text', 'email', 'password', 'search', 'tel', 'url'];
  let budget = 20000;
  const walk = (root, depth) => {
    for (const e of root.querySelectorAll('input, textarea')) {
      if (fields.length >= MAXFIELDS || --budget < 0) return;
      const type = (e.getAttribute('type') || '').toLowerCase();
      if (e.tagName === 'INPUT' && !text.includes(type)) continue;
      if (e.disabled || e.readOnly) continue;
      const r = e.getBoundingClientRect(), st = getComputedStyle(e);
      if (r.width < 2 || r.height < 2 || st.visibility === 'hidden' || st.display === 'none' || Number(st.opacity) === 0) continue;
      const hint = [e.name, e.id, e.getAttribute('autocomplete'), e.getAttribute('placeholder')].join(' ').toLowerCase();
      kinds.push(type === 'password' ? 'password' : (type === 'email' || hint.includes('mail')) ? 'email' : 'text');
      fields.push(e);
    }
    if (depth >= 4) return;
    for (const h of root.querySelectorAll('*')) {
      if (fields.length >= MAXFIELDS || --budget < 0) return;
      if (h.shadowRoot) walk(h.shadowRoot, depth + 1);
    }
  };
  walk(document, 0);
  const inline = !!document.querySelector(INLINE);
  return { kinds, inline };
})()"#;

/// Focuses field INDEX (in its shadow root too); whether it has the focus,
/// and whether its frame has the page's focus.
const FOCUS_JS: &str = r#"(() => {
  const e = (globalThis.__trackauditFields || [])[INDEX];
  if (!e || !e.isConnected) return [false, false];
  if (e.getRootNode().activeElement !== e) {
    try { e.scrollIntoView({ block: 'center' }); } catch (x) {}
    e.focus();
  }
  return [e.getRootNode().activeElement === e, document.hasFocus()];
})()"#;

/// Leaves the focused field (change and blur listeners), never submitting.
const BLUR_JS: &str = "(() => { let a = document.activeElement; \
while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; \
if (a && a.blur) a.blur(); return true; })()";

/// Events typing fires (inline handlers of them make the page one that
/// may react to typing).
const TYPING_EVENTS: [&str; 10] = [
    "keydown",
    "keyup",
    "keypress",
    "input",
    "beforeinput",
    "change",
    "blur",
    "focusout",
    "focus",
    "paste",
];

/// Most frames searched for fields.
const MAX_TYPING_FRAMES: usize = 12;

/// A field to type into: its frame's isolated world, its index there, its kind.
struct Field {
    ctx: i64,
    index: usize,
    main: bool,
    kind: String,
}

impl SiteRun<'_> {
    /// Evaluates `expr` in the isolated world `ctx`; its value (Null on failure).
    async fn eval_typing(&self, ctx: i64, expr: &str) -> Value {
        self.call(
            "Runtime.evaluate",
            json!({ "expression": expr, "contextId": ctx, "returnByValue": true }),
            self.collect_step(),
        )
        .await
        .map(|v| v["result"]["value"].clone())
        .unwrap_or(Value::Null)
    }

    /// The fields to type into: every frame's (main frame first, then its
    /// frames in document order, same- and cross-origin alike), at most
    /// [`MAX_FIELDS`].
    async fn find_fields(&self) -> Vec<Field> {
        let t = self.collect_step();
        let main = self
            .log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .main_frame
            .clone();
        let frames = match self.call("Page.getFrameTree", json!({}), t).await {
            Ok(tree) => frame_ids(&tree, MAX_TYPING_FRAMES),
            Err(_) => vec![main.clone()],
        };
        let inline: Vec<String> = TYPING_EVENTS.iter().map(|e| format!("[on{e}]")).collect();
        let js = FIELDS_JS
            .replace("MAXFIELDS", &MAX_FIELDS.to_string())
            .replace(
                "INLINE",
                &serde_json::to_string(&inline.join(",")).unwrap_or_default(),
            );
        let main = &main;
        let found = futures::future::join_all(frames.iter().map(|frame| {
            let js = &js;
            async move {
                let w = self
                    .call(
                        "Page.createIsolatedWorld",
                        json!({ "frameId": frame, "worldName": "trackaudit-typing" }),
                        t,
                    )
                    .await
                    .ok()?;
                let ctx = w["executionContextId"].as_i64()?;
                let found = self.eval_typing(ctx, js).await;
                if found["inline"].as_bool() == Some(true) {
                    self.log
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .behave
                        .typing_listeners = true;
                }
                let kinds: Vec<String> = found["kinds"]
                    .as_array()?
                    .iter()
                    .filter_map(Value::as_str)
                    .take(MAX_FIELDS)
                    .map(str::to_string)
                    .collect();
                Some((ctx, frame == main, kinds))
            }
        }))
        .await;
        let mut fields = Vec::new();
        for (ctx, is_main, kinds) in found.into_iter().flatten() {
            for (index, kind) in kinds.into_iter().enumerate() {
                if fields.len() < MAX_FIELDS {
                    fields.push(Field {
                        ctx,
                        index,
                        main: is_main,
                        kind,
                    });
                }
            }
        }
        fields
    }

    /// Gives field `f` the keyboard focus: by script in its frame, or, when
    /// its frame does not get the page's focus that way, by a click at its
    /// middle. Whether it has the focus.
    async fn focus(&self, f: &Field) -> bool {
        let js = FOCUS_JS.replace("INDEX", &f.index.to_string());
        let state = |v: Value| {
            let b = |i: usize| v.get(i).and_then(Value::as_bool).unwrap_or(false);
            (b(0), b(1))
        };
        let (active, frame_focused) = state(self.eval_typing(f.ctx, &js).await);
        if active && (f.main || frame_focused) {
            return true;
        }
        if !self.click_field(f).await {
            return false;
        }
        let (active, frame_focused) = state(self.eval_typing(f.ctx, &js).await);
        active && (f.main || frame_focused)
    }

    /// Clicks the middle of field `f` (as the page's viewport sees it).
    async fn click_field(&self, f: &Field) -> bool {
        let t = self.collect_step();
        let Ok(v) = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": format!("(globalThis.__trackauditFields || [])[{}]", f.index),
                    "contextId": f.ctx }),
                t,
            )
            .await
        else {
            return false;
        };
        let Some(object) = v["result"]["objectId"].as_str() else {
            return false;
        };
        let quads = self
            .call("DOM.getContentQuads", json!({ "objectId": object }), t)
            .await;
        let _ = self
            .call("Runtime.releaseObject", json!({ "objectId": object }), t)
            .await;
        let Some(q) = quads.ok().and_then(|q| {
            let q = q["quads"].get(0)?.as_array()?.clone();
            let n: Vec<f64> = q.iter().filter_map(Value::as_f64).collect();
            (n.len() == 8).then_some(n)
        }) else {
            return false;
        };
        let (x, y) = (
            (q[0] + q[2] + q[4] + q[6]) / 4.0,
            (q[1] + q[3] + q[5] + q[7]) / 4.0,
        );
        if !(x.is_finite() && y.is_finite()) {
            return false;
        }
        for kind in ["mousePressed", "mouseReleased"] {
            let e = json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 });
            if self.call("Input.dispatchMouseEvent", e, t).await.is_err() {
                return false;
            }
        }
        true
    }

    /// Whether the next settling of a page (after its load, network idle
    /// and scroll) runs the typing probes alongside its last idle wait.
    pub(super) fn type_during_settle(&self, due: bool) {
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .behave
            .type_due = due;
    }

    /// Whether the typing probes are due now (once).
    pub(super) fn take_typing_due(&self) -> bool {
        std::mem::take(
            &mut self
                .log
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .behave
                .type_due,
        )
    }

    /// Whether the typing probes ran in this visit.
    pub(super) fn typed(&self) -> bool {
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .behave
            .typed
    }

    /// Types the probe values into the settled page's visible fields, in
    /// every frame and open shadow root (never submitting), then lets the
    /// network settle, so that key loggers send what they captured while the
    /// visit still records.
    pub(super) async fn type_probes(&self) {
        if !self.cfg().instrument || self.aborted() || self.cdp.is_closed() {
            return;
        }
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .behave
            .typed = true;
        let fields = self.find_fields().await;
        if fields.is_empty() {
            return;
        }
        let started = Instant::now();
        let mut last = None;
        for f in &fields {
            if self.aborted() || self.cdp.is_closed() || Instant::now() >= self.page_deadline {
                break;
            }
            if !self.focus(f).await {
                continue;
            }
            let value = match f.kind.as_str() {
                "email" => PROBE_EMAIL,
                "password" => PROBE_PASSWORD,
                _ => PROBE_TEXT,
            };
            let t = self.collect_step().min(Duration::from_secs(2));
            if started.elapsed() < TYPING_BUDGET {
                // Key by key, so keydown/keypress/input listeners fire for
                // every character (loggers rebuilding the text from the
                // keys see it whole); one keyUp at the end, when the field
                // holds the whole value (keyup listeners read it then).
                // Half the events of a keyUp per key, each a round trip to
                // the page's renderer. Sent at once (handled in order).
                let mut keys: Vec<Value> = value
                    .chars()
                    .map(|c| {
                        let k = c.to_string();
                        json!({ "type": "keyDown", "key": k, "text": k, "unmodifiedText": k })
                    })
                    .collect();
                if let Some(c) = value.chars().last() {
                    keys.push(json!({ "type": "keyUp", "key": c.to_string() }));
                }
                futures::future::join_all(
                    keys.into_iter()
                        .map(|e| self.call("Input.dispatchKeyEvent", e, t)),
                )
                .await;
            } else {
                let _ = self
                    .call("Input.insertText", json!({ "text": value }), t)
                    .await;
            }
            last = Some(f.ctx);
        }
        let Some(ctx) = last else {
            return;
        };
        let _ = self.eval_typing(ctx, BLUR_JS).await;
        let listened = {
            let log = self.log.lock().unwrap_or_else(|p| p.into_inner());
            log.behave.typing_listeners
        };
        if !listened {
            // No script and no inline handler listens for anything typing
            // fires: nothing can react to it, no need to wait.
            return;
        }
        if self.cfg().pages > 1 {
            // The next page would cancel what the loggers have pending.
            self.settle_typing(Instant::now()).await;
        } else {
            // The visit stays on this page: collection overlaps the wait.
            self.log
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .behave
                .typed_at = Some(Instant::now());
        }
    }

    /// Lets what the typing triggered reach the network: at least
    /// [`TYPED_GRACE`] after the typing (debounced key loggers), then network
    /// idle, within [`TYPED_SETTLE`] and the page deadline.
    pub(super) async fn settle_typing(&self, typed_at: Instant) {
        let grace = (typed_at + TYPED_GRACE).saturating_duration_since(Instant::now());
        tokio::time::sleep(grace.min(self.step())).await;
        let left = (typed_at + TYPED_SETTLE).saturating_duration_since(Instant::now());
        self.wait_until(self.step().min(left), |l| l.idle(IDLE_QUIET))
            .await;
    }
}
