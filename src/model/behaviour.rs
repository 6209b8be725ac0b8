//! Behaviour that is not a request (one row of `behaviours.csv`): browser
//! fingerprinting, key logging and session recording seen by the browser
//! engine's page instrumentation, and tracker payloads decoded from requests
//! (`pixel_event`), each attributed to the script or request behind it.

use super::{ConsentState, Party};
use serde::{Deserialize, Serialize};
use strum::{Display, EnumString, IntoStaticStr, VariantArray};

/// What kind of behaviour (`behaviours.csv` `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(IntoStaticStr, EnumString, Display, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum BehaviourKind {
    /// Text drawn on a canvas and read back (`toDataURL` / `getImageData`).
    CanvasFingerprint,
    /// The WebGL renderer/vendor read through `WEBGL_debug_renderer_info`, or
    /// pixels read back.
    WebglFingerprint,
    /// An audio graph rendered and its output read back.
    AudioFingerprint,
    /// Many text measurements across font families (font enumeration).
    FontFingerprint,
    /// Text typed into a form sent (plain or hashed) before submission.
    KeyLogging,
    /// DOM mutations and input events recorded and shipped.
    SessionRecording,
    /// A tracker request decoded into a readable event (Meta pixel, Google).
    PixelEvent,
}

impl BehaviourKind {
    /// The contract spelling used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether the kind is a fingerprinting technique.
    pub fn is_fingerprinting(self) -> bool {
        matches!(
            self,
            BehaviourKind::CanvasFingerprint
                | BehaviourKind::WebglFingerprint
                | BehaviourKind::AudioFingerprint
                | BehaviourKind::FontFingerprint
        )
    }
}

/// One observed behaviour.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Behaviour {
    /// The page being audited (top-level page URL).
    pub page_url: String,
    /// What was observed.
    pub kind: Option<BehaviourKind>,
    /// The script that did it (from the call stack), or for `pixel_event`
    /// the request's URL; empty when unknown.
    pub script_url: String,
    /// The company behind the script or request, when known.
    pub company: String,
    /// What exactly: the calls and values seen, or the decoded event (bounded).
    pub detail: String,
    /// Where the data went, for key logging and pixel events (a request URL).
    pub sent_to: String,
    /// For key logging and pixel events: whether the data went to the site
    /// itself or a third party (by registrable domain).
    pub party: Option<Party>,
    /// The typed email address (or a hash of it) reached a third party.
    pub pii: bool,
    /// The consent state the behaviour was observed in.
    pub consent_state: ConsentState,
}

/// What the browser engine types into a page's email fields (never submitted):
/// a request carrying it, or a hash of it, is key logging. The values are
/// short (each character is a key event, a round trip to the renderer) but
/// distinctive enough to appear in no request by chance.
pub const PROBE_EMAIL: &str = "q.probewright@example.org";
/// What it types into other text fields.
pub const PROBE_TEXT: &str = "Q Probewright";
/// What it types into password fields.
pub const PROBE_PASSWORD: &str = "Pr0be-Wr1ght!";
