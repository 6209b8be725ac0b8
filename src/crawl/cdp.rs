//! A DevTools-protocol client over Chromium's `--remote-debugging-pipe`: a
//! `Command` in (spawned with its fd 3 reading our commands and its fd 4
//! writing answers and events, each message JSON text ended by a NUL byte), a
//! [`Cdp`] connection out that sends commands (with a timeout each) and routes
//! events by session id into bounded channels. One browser-level pipe carries
//! every page session ("flattened" sessions), so one reader task serves all.
//! No TCP port is opened: only the process holding the pipe can drive the browser.

#![deny(clippy::string_slice)]

use bytes::BytesMut;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::unix::pipe;
use tokio::sync::{mpsc, oneshot};

/// Largest message accepted from the browser (a page's HTML travels in one,
/// bounded by the crawl's body limit, JSON-escaped). A larger one is skipped,
/// failing the command it answers; it is never buffered whole.
pub const MAX_MESSAGE: usize = 64 * 1024 * 1024;
/// Events buffered per routed session before new ones are dropped (and counted).
pub const EVENT_BUFFER: usize = 8192;
/// Commands queued for the writer task before `call` waits (within its timeout).
const OUTBOX: usize = 1024;
/// File descriptors Chromium reads commands from and writes messages to.
const CHILD_IN: RawFd = 3;
const CHILD_OUT: RawFd = 4;

/// Why a command failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CdpError {
    /// The browser connection is gone (the browser exited or crashed).
    #[error("browser connection closed (browser exited or crashed)")]
    Closed,
    /// No answer within the time allowed (the method that went unanswered).
    #[error("no answer from the browser to {0}")]
    Timeout(String),
    /// The browser answered with an error (its message).
    #[error("browser error: {0}")]
    Protocol(String),
    /// The pipe failed, or the answer was too large (what happened).
    #[error("browser connection: {0}")]
    Io(String),
}

/// A protocol event: its session (`None` for the browser session), method and params.
#[derive(Debug, Clone)]
pub struct Event {
    /// The target session it came from; `None` for the browser session.
    pub session: Option<String>,
    /// Protocol method, e.g. `Network.requestWillBeSent`.
    pub method: String,
    /// The event's parameters as sent.
    pub params: Value,
}

/// Where a session's events go.
#[derive(Clone)]
struct Route {
    tx: mpsc::Sender<Event>,
    dropped: Arc<AtomicU64>,
}

type Pending = HashMap<u64, oneshot::Sender<Result<Value, CdpError>>>;

/// One DevTools connection (to the browser endpoint).
pub struct Cdp {
    /// NUL-terminated messages for the writer task, which writes each whole
    /// (a timed-out `call` never leaves half a message in the pipe).
    outbox: mpsc::Sender<Vec<u8>>,
    next_id: AtomicU64,
    pending: Mutex<Pending>,
    routes: Mutex<HashMap<String, Route>>,
    /// Browser context → the session whose route gets the targets attached
    /// at browser level in that context (shared workers).
    contexts: Mutex<HashMap<String, String>>,
    closed: AtomicBool,
}

/// A pipe whose two ends are close-on-exec and numbered above [`CHILD_OUT`],
/// so placing the child's ends on fds 3 and 4 cannot overwrite one another.
fn pipe_pair() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: `fds` is a valid array of two ints for pipe2 to fill.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pipe2 succeeded, so both are open descriptors owned by nobody else.
    let (r, w) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    Ok((above_child_fds(r)?, above_child_fds(w)?))
}

fn above_child_fds(fd: OwnedFd) -> io::Result<OwnedFd> {
    if fd.as_raw_fd() > CHILD_OUT {
        return Ok(fd);
    }
    // SAFETY: `fd` is open; F_DUPFD_CLOEXEC returns a new descriptor we own.
    let high = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, CHILD_OUT + 1) };
    if high < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `high` is a fresh descriptor owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(high) })
}

impl Cdp {
    /// Spawns `cmd` (which should carry `--remote-debugging-pipe`) with its fd 3
    /// reading our commands and its fd 4 writing answers and events, and
    /// connects to it. Must be called within a Tokio runtime.
    pub fn spawn(cmd: &mut std::process::Command) -> io::Result<(std::process::Child, Arc<Cdp>)> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(io::Error::other("the DevTools pipe needs a Tokio runtime"));
        }
        let (child_in, to_child) = pipe_pair()?;
        let (from_child, child_out) = pipe_pair()?;
        let (cin, cout) = (child_in.as_raw_fd(), child_out.as_raw_fd());
        // SAFETY: the closure runs in the forked child before exec and only
        // calls dup2, which is async-signal-safe. Both sources are above fd 4
        // (see `pipe_pair`) and stay open until `spawn` returns; the copies on
        // 3 and 4 lose close-on-exec, every other pipe end keeps it.
        unsafe {
            cmd.pre_exec(move || {
                if libc::dup2(cin, CHILD_IN) < 0 || libc::dup2(cout, CHILD_OUT) < 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn()?;
        // Only the child holds its ends now: its exit closes the pipe.
        drop((child_in, child_out));
        let connected = pipe::Sender::from_owned_fd(to_child)
            .and_then(|tx| Ok((tx, pipe::Receiver::from_owned_fd(from_child)?)));
        match connected {
            Ok((tx, rx)) => Ok((child, Cdp::start(tx, rx, MAX_MESSAGE))),
            Err(e) => {
                let mut child = child;
                let _ = child.kill();
                let _ = child.wait();
                Err(e)
            }
        }
    }

    /// A connection over the two pipe ends, with its reader and writer tasks.
    fn start(tx: pipe::Sender, rx: pipe::Receiver, max_message: usize) -> Arc<Cdp> {
        let (outbox, queue) = mpsc::channel(OUTBOX);
        let cdp = Arc::new(Cdp {
            outbox,
            next_id: AtomicU64::new(1),
            pending: Mutex::new(HashMap::new()),
            routes: Mutex::new(HashMap::new()),
            contexts: Mutex::new(HashMap::new()),
            closed: AtomicBool::new(false),
        });
        tokio::spawn(write_loop(tx, queue, Arc::downgrade(&cdp)));
        tokio::spawn(read_loop(rx, Arc::downgrade(&cdp), max_message));
        cdp
    }

    /// Whether the connection is gone.
    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// Sends `method` with `params` on `session` (browser session when `None`)
    /// and waits up to `timeout`, in all, for the answer.
    pub async fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value, CdpError> {
        if self.is_closed() {
            return Err(CdpError::Closed);
        }
        let deadline = tokio::time::Instant::now() + timeout;
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = Value::String(s.to_string());
        }
        // JSON text escapes NUL inside strings, so the terminator is unambiguous.
        let mut bytes = msg.to_string().into_bytes();
        bytes.push(0);
        let (tx, rx) = oneshot::channel();
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, tx);
        // `close` drains `pending` after setting `closed`: checked again here,
        // a command registered after the drain cannot wait for nothing.
        if self.is_closed() {
            self.forget(id);
            return Err(CdpError::Closed);
        }
        match tokio::time::timeout_at(deadline, self.outbox.send(bytes)).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) => {
                self.forget(id);
                return Err(CdpError::Closed);
            }
            Err(_) => {
                self.forget(id);
                return Err(CdpError::Timeout(method.to_string()));
            }
        }
        match tokio::time::timeout_at(deadline, rx).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => Err(CdpError::Closed),
            Err(_) => {
                self.forget(id);
                Err(CdpError::Timeout(method.to_string()))
            }
        }
    }

    fn forget(&self, id: u64) {
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
    }

    /// Routes `session`'s events (and those of targets auto-attached under it)
    /// into a new bounded channel. Returns the receiver and a counter of
    /// events dropped because the channel was full.
    pub fn subscribe(&self, session: &str) -> (mpsc::Receiver<Event>, Arc<AtomicU64>) {
        let (tx, rx) = mpsc::channel(EVENT_BUFFER);
        let dropped = Arc::new(AtomicU64::new(0));
        if !self.is_closed() {
            self.routes
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(
                    session.to_string(),
                    Route {
                        tx,
                        dropped: dropped.clone(),
                    },
                );
        }
        (rx, dropped)
    }

    /// Routes `session`'s events (and its auto-attached targets') into the
    /// channel of `existing` (a page the engine opened itself, e.g. a popup,
    /// reported with the page's). False when `existing` is not routed.
    pub fn share_route(&self, existing: &str, session: &str) -> bool {
        let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        let Some(r) = routes.get(existing).cloned() else {
            return false;
        };
        routes.insert(session.to_string(), r);
        true
    }

    /// Routes targets auto-attached at browser level (no session) in browser
    /// context `context` into `session`'s route.
    pub fn route_context(&self, context: &str, session: &str) {
        let mut contexts = self.contexts.lock().unwrap_or_else(|p| p.into_inner());
        contexts.insert(context.to_string(), session.to_string());
    }

    /// Puts a synthetic event into `session`'s route, behind every event
    /// routed so far: a marker in the event order (the engine marks the
    /// moment of a consent click, so what the page does afterwards is told
    /// from what it did before). False when the session is not routed or its
    /// buffer is full.
    pub fn mark(&self, session: &str, method: &str, params: Value) -> bool {
        let route = self
            .routes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(session)
            .cloned();
        route.is_some_and(|r| {
            r.tx.try_send(Event {
                session: Some(session.to_string()),
                method: method.to_string(),
                params,
            })
            .is_ok()
        })
    }

    /// Stops routing every session that shares `session`'s channel.
    pub fn unsubscribe(&self, session: &str) {
        let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(r) = routes.remove(session) {
            routes.retain(|_, o| !o.tx.same_channel(&r.tx));
        }
        let mut contexts = self.contexts.lock().unwrap_or_else(|p| p.into_inner());
        contexts.retain(|_, s| routes.contains_key(s));
    }

    fn dispatch(&self, text: &[u8]) {
        let Ok(v) = serde_json::from_slice::<Value>(text) else {
            return;
        };
        if let Some(id) = v.get("id").and_then(Value::as_u64) {
            let r = match v.get("error") {
                Some(e) => Err(CdpError::Protocol(
                    e.get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("unknown error")
                        .chars()
                        .take(1000)
                        .collect(),
                )),
                None => Ok(v.get("result").cloned().unwrap_or(Value::Null)),
            };
            self.answer(id, r);
            return;
        }
        let Some(method) = v.get("method").and_then(Value::as_str) else {
            return;
        };
        let session = v.get("sessionId").and_then(Value::as_str);
        let params = v.get("params").cloned().unwrap_or(Value::Null);
        let route = {
            let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
            let mut route = session.and_then(|s| routes.get(s).cloned());
            if session.is_none() && method == "Target.attachedToTarget" {
                // Attached at browser level: routed by its browser context.
                let ctx = params["targetInfo"]["browserContextId"].as_str();
                let contexts = self.contexts.lock().unwrap_or_else(|p| p.into_inner());
                let owner = ctx.and_then(|c| contexts.get(c));
                route = owner.and_then(|s| routes.get(s).cloned());
            }
            // A target auto-attached under a routed session shares its route,
            // registered here before any of its own events can arrive.
            if let Some(r) = &route {
                let child = params.get("sessionId").and_then(Value::as_str);
                match (method, child) {
                    ("Target.attachedToTarget", Some(c)) => {
                        routes.insert(c.to_string(), r.clone());
                    }
                    ("Target.detachedFromTarget", Some(c)) => {
                        routes.remove(c);
                    }
                    _ => {}
                }
            }
            route
        };
        if let Some(r) = route {
            let ev = Event {
                session: session.map(str::to_string),
                method: method.to_string(),
                params,
            };
            if r.tx.try_send(ev).is_err() {
                r.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    fn answer(&self, id: u64, r: Result<Value, CdpError>) {
        let tx = self
            .pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
        if let Some(tx) = tx {
            let _ = tx.send(r);
        }
    }

    /// A message over the size limit was skipped: when it was an answer (the
    /// browser writes `{"id":N,` first), its command fails; an event is lost.
    fn skipped(&self, head: &[u8], len: usize, limit: usize) {
        let id = head
            .strip_prefix(b"{\"id\":")
            .map(|rest| {
                rest.iter()
                    .take_while(|b| b.is_ascii_digit())
                    .take(18)
                    .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'))
            })
            .filter(|id| *id > 0);
        if let Some(id) = id {
            let e = CdpError::Io(format!(
                "an answer of {len} bytes is over the {limit}-byte limit"
            ));
            self.answer(id, Err(e));
        }
    }

    fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        let pending: Vec<_> = self
            .pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .drain()
            .collect();
        for (_, tx) in pending {
            let _ = tx.send(Err(CdpError::Closed));
        }
        self.routes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

/// Writes queued messages whole, in order; a write error (the browser is
/// gone: `EPIPE`) closes the connection.
async fn write_loop(mut pipe: pipe::Sender, mut queue: mpsc::Receiver<Vec<u8>>, cdp: Weak<Cdp>) {
    while let Some(msg) = queue.recv().await {
        if pipe.write_all(&msg).await.is_err() {
            if let Some(c) = cdp.upgrade() {
                c.close();
            }
            return;
        }
    }
}

/// Most bytes of a skipped message kept to tell which command it answered.
const SKIPPED_HEAD: usize = 32;

/// Splits the browser's output at NUL bytes and dispatches each message. A
/// message growing past `limit` is dropped as it streams by (only its first
/// bytes are kept); end of file or a read error closes the connection.
async fn read_loop(mut pipe: pipe::Receiver, cdp: Weak<Cdp>, limit: usize) {
    let mut buf = BytesMut::with_capacity(64 * 1024);
    // Bytes at the front of `buf` already known to hold no NUL.
    let mut scanned = 0;
    // A message over the limit being skipped: its first bytes and length so far.
    let mut skipping: Option<(Vec<u8>, usize)> = None;
    loop {
        while let Some(pos) = buf
            .get(scanned..)
            .and_then(|b| b.iter().position(|&c| c == 0))
        {
            let end = scanned + pos;
            let msg = buf.split_to(end + 1);
            scanned = 0;
            let Some(c) = cdp.upgrade() else { return };
            match skipping.take() {
                Some((head, len)) => c.skipped(&head, len + end, limit),
                None => c.dispatch(msg.get(..end).unwrap_or_default()),
            }
        }
        if let Some((_, len)) = skipping.as_mut() {
            *len += buf.len();
            buf.clear();
        } else if buf.len() > limit {
            let head = buf.get(..SKIPPED_HEAD.min(buf.len())).unwrap_or_default();
            skipping = Some((head.to_vec(), buf.len()));
            buf.clear();
        }
        scanned = buf.len();
        buf.reserve(64 * 1024);
        match pipe.read_buf(&mut buf).await {
            Ok(n) if n > 0 => {}
            _ => {
                if let Some(c) = cdp.upgrade() {
                    c.close();
                }
                return;
            }
        }
    }
}

// ---------------------------------------------------------------- base64

/// Standard base64 as DevTools sends bodies, read leniently: padding optional.
const BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

/// Decodes standard base64 (padding optional, line breaks and spaces
/// ignored); `None` on a character outside the alphabet.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let spaced = |c: char| matches!(c, '\r' | '\n' | ' ');
    if s.contains(spaced) {
        BASE64.decode(s.replace(spaced, "")).ok()
    } else {
        BASE64.decode(s).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser's side of a connection: commands in, messages out.
    struct FakeBrowser {
        commands: pipe::Receiver,
        out: pipe::Sender,
        buf: Vec<u8>,
    }

    impl FakeBrowser {
        /// Reads the next NUL-terminated command.
        async fn command(&mut self) -> Value {
            loop {
                if let Some(p) = self.buf.iter().position(|&b| b == 0) {
                    let msg: Vec<u8> = self.buf.drain(..=p).collect();
                    return serde_json::from_slice(msg.get(..p).unwrap()).unwrap();
                }
                let mut chunk = [0u8; 4096];
                let n = self.commands.read(&mut chunk).await.unwrap();
                assert!(n > 0, "connection closed");
                self.buf.extend_from_slice(chunk.get(..n).unwrap());
            }
        }

        /// Writes `bytes` in `chunk`-byte pieces with pauses, so the reader
        /// sees messages cut at arbitrary points and several in one read.
        async fn send(&mut self, bytes: &[u8], chunk: usize) {
            for c in bytes.chunks(chunk) {
                self.out.write_all(c).await.unwrap();
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
    }

    fn connect(limit: usize) -> (Arc<Cdp>, FakeBrowser) {
        let (cmd_r, cmd_w) = pipe_pair().unwrap();
        let (out_r, out_w) = pipe_pair().unwrap();
        let cdp = Cdp::start(
            pipe::Sender::from_owned_fd(cmd_w).unwrap(),
            pipe::Receiver::from_owned_fd(out_r).unwrap(),
            limit,
        );
        let fake = FakeBrowser {
            commands: pipe::Receiver::from_owned_fd(cmd_r).unwrap(),
            out: pipe::Sender::from_owned_fd(out_w).unwrap(),
            buf: Vec::new(),
        };
        (cdp, fake)
    }

    fn nul_joined(msgs: &[Value]) -> Vec<u8> {
        let mut out = Vec::new();
        for m in msgs {
            out.extend_from_slice(m.to_string().as_bytes());
            out.push(0);
        }
        out
    }

    /// Browser-level attachments reach the visit of their browser context;
    /// a shared route carries an engine-opened page's events.
    #[tokio::test]
    async fn browser_level_targets_routed_by_context_and_shared_routes() {
        let (cdp, mut fake) = connect(MAX_MESSAGE);
        let (mut events, _) = cdp.subscribe("S1");
        cdp.route_context("C1", "S1");
        assert!(cdp.share_route("S1", "POP") && !cdp.share_route("NONE", "X"));
        let a = r#"{"method":"Target.attachedToTarget","params":{"sessionId":"W2","targetInfo":{"browserContextId":"C2"}}}"#;
        let e = r#"{"method":"Network.requestWillBeSent","sessionId":"W2","params":{}}"#;
        let (a1, e1) = (a.replace("2", "1"), e.replace("2", "1"));
        let batch: Vec<Value> = [a, e, &a1, &e1, &e.replace("W2", "POP")]
            .map(|m| serde_json::from_str(m).unwrap())
            .into();
        fake.send(&nul_joined(&batch), 4096).await;
        let mut got = Vec::new();
        for _ in 0..3 {
            got.push(events.recv().await.unwrap().session.unwrap_or_default());
        }
        assert_eq!(got, ["", "W1", "POP"]);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(events.try_recv().is_err(), "nothing of context C2");
        cdp.unsubscribe("S1");
        assert!(!cdp.share_route("S1", "Y"));
        assert!(cdp.contexts.lock().unwrap().is_empty());
    }

    #[test]
    fn pipe_ends_avoid_the_child_fds() {
        for _ in 0..4 {
            let (r, w) = pipe_pair().unwrap();
            assert!(r.as_raw_fd() > CHILD_OUT && w.as_raw_fd() > CHILD_OUT);
        }
    }

    #[tokio::test]
    async fn commands_answers_and_events_over_split_and_batched_messages() {
        let (cdp, mut fake) = connect(MAX_MESSAGE);
        let (mut events, dropped) = cdp.subscribe("S1");
        let c = cdp.clone();
        let call = tokio::spawn(async move {
            c.call(
                Some("S1"),
                "Page.enable",
                json!({"x": "ü\u{0}"}),
                Duration::from_secs(10),
            )
            .await
        });
        let cmd = fake.command().await;
        assert_eq!(cmd["method"], "Page.enable");
        assert_eq!(cmd["sessionId"], "S1");
        assert_eq!(cmd["params"]["x"], "ü\u{0}");
        let id = cmd["id"].as_u64().unwrap();
        let batch = nul_joined(&[
            json!({"method": "Target.attachedToTarget", "sessionId": "S1", "params": {"sessionId": "F1"}}),
            json!({"method": "Network.requestWillBeSent", "sessionId": "F1", "params": {"u": "€"}}),
            json!({"method": "Network.requestWillBeSent", "sessionId": "OTHER", "params": {}}),
            json!({"id": id, "result": {"ok": "é"}}),
        ]);
        for chunk in [1, 7, batch.len()] {
            fake.send(&batch, chunk).await;
        }
        assert_eq!(call.await.unwrap().unwrap(), json!({"ok": "é"}));
        let a = events.recv().await.unwrap();
        assert_eq!(a.method, "Target.attachedToTarget");
        let b = events.recv().await.unwrap();
        assert_eq!(
            (b.session.as_deref(), &b.params["u"]),
            (Some("F1"), &json!("€"))
        );
        // The same three routed events again (twice), none from OTHER.
        for _ in 0..4 {
            assert!(events.recv().await.unwrap().session.as_deref() != Some("OTHER"));
        }
        assert!(events.try_recv().is_err());
        assert_eq!(dropped.load(Ordering::Relaxed), 0);
        // An error answer.
        let c = cdp.clone();
        let call = tokio::spawn(async move {
            c.call(None, "Nope.nope", json!({}), Duration::from_secs(10))
                .await
        });
        let id = fake.command().await["id"].as_u64().unwrap();
        let err =
            json!({"id": id, "error": {"code": -32601, "message": "'Nope.nope' wasn't found"}});
        fake.send(&nul_joined(&[err]), 4096).await;
        assert_eq!(
            call.await.unwrap(),
            Err(CdpError::Protocol("'Nope.nope' wasn't found".into()))
        );
    }

    #[tokio::test]
    async fn an_oversize_message_fails_its_command_and_later_ones_still_work() {
        let limit = 1024;
        let (cdp, mut fake) = connect(limit);
        let (mut events, _) = cdp.subscribe("S1");
        let (c1, c2) = (cdp.clone(), cdp.clone());
        let big = tokio::spawn(async move {
            c1.call(None, "DOM.getOuterHTML", json!({}), Duration::from_secs(10))
                .await
        });
        let id1 = fake.command().await["id"].as_u64().unwrap();
        let small = tokio::spawn(async move {
            c2.call(
                None,
                "Browser.getVersion",
                json!({}),
                Duration::from_secs(10),
            )
            .await
        });
        let id2 = fake.command().await["id"].as_u64().unwrap();
        let huge = "x".repeat(20 * limit);
        let msgs = nul_joined(&[
            json!({"method": "Network.dataReceived", "sessionId": "S1", "params": {"d": huge}}),
            json!({"id": id1, "result": {"outerHTML": huge}}),
            json!({"method": "Page.loadEventFired", "sessionId": "S1", "params": {}}),
            json!({"id": id2, "result": {"product": "HeadlessChrome/1"}}),
        ]);
        fake.send(&msgs, 700).await;
        let e = big.await.unwrap().unwrap_err();
        assert!(
            matches!(&e, CdpError::Io(m) if m.contains("over the 1024-byte limit")),
            "{e}"
        );
        assert_eq!(small.await.unwrap().unwrap()["product"], "HeadlessChrome/1");
        // The oversize event was skipped; the next one arrives intact.
        assert_eq!(events.recv().await.unwrap().method, "Page.loadEventFired");
        assert!(!cdp.is_closed());
    }

    #[tokio::test]
    async fn the_browser_going_away_fails_pending_and_later_commands() {
        let (cdp, mut fake) = connect(MAX_MESSAGE);
        let c = cdp.clone();
        let call = tokio::spawn(async move {
            c.call(None, "Page.navigate", json!({}), Duration::from_secs(30))
                .await
        });
        fake.command().await;
        // Half a message, then the browser exits.
        fake.send(b"{\"id\":1,\"res", 4096).await;
        let t = std::time::Instant::now();
        drop(fake);
        assert_eq!(call.await.unwrap(), Err(CdpError::Closed));
        assert!(t.elapsed() < Duration::from_secs(5));
        assert!(cdp.is_closed());
        assert_eq!(
            cdp.call(None, "Browser.close", json!({}), Duration::from_secs(30))
                .await,
            Err(CdpError::Closed)
        );
    }

    #[tokio::test]
    async fn no_answer_is_a_timeout() {
        let (cdp, mut fake) = connect(MAX_MESSAGE);
        let c = cdp.clone();
        let call = tokio::spawn(async move {
            c.call(None, "Page.navigate", json!({}), Duration::from_millis(200))
                .await
        });
        fake.command().await;
        assert_eq!(
            call.await.unwrap(),
            Err(CdpError::Timeout("Page.navigate".into()))
        );
        assert!(cdp.pending.lock().unwrap().is_empty());
    }

    /// A real child on fds 3 and 4: `cat` echoes each command back, which
    /// reads as an answer with no result; killing it fails the next command.
    #[tokio::test]
    async fn spawn_connects_the_child_on_fds_3_and_4() {
        let mut cmd = std::process::Command::new("sh");
        cmd.args(["-c", "exec cat <&3 >&4"])
            .stdin(std::process::Stdio::null());
        let (mut child, cdp) = Cdp::spawn(&mut cmd).unwrap();
        for _ in 0..3 {
            let r = cdp
                .call(
                    Some("S"),
                    "Echo.me",
                    json!({"a": 1}),
                    Duration::from_secs(10),
                )
                .await;
            assert_eq!(r, Ok(Value::Null));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let t = std::time::Instant::now();
        let r = cdp
            .call(None, "Echo.me", json!({}), Duration::from_secs(30))
            .await;
        assert_eq!(r, Err(CdpError::Closed));
        assert!(t.elapsed() < Duration::from_secs(5));
        let missing = Cdp::spawn(&mut std::process::Command::new("/nonexistent/chromium"));
        assert!(missing.is_err());
    }

    #[tokio::test]
    async fn skipped_answers_name_their_command_only() {
        let (cdp, _fake) = connect(16);
        let mut rxs = Vec::new();
        for id in [7u64, 8] {
            let (tx, rx) = oneshot::channel();
            cdp.pending.lock().unwrap().insert(id, tx);
            rxs.push(rx);
        }
        // An event (no leading id) and a cut-off id touch nothing.
        cdp.skipped(br#"{"method":"x","id":7"#, 99, 16);
        cdp.skipped(b"{\"id\":", 99, 16);
        cdp.skipped(b"{\"id\":99999999999999999999999", 99, 16);
        assert_eq!(cdp.pending.lock().unwrap().len(), 2);
        cdp.skipped(b"{\"id\":8,\"result\":{\"a\"", 99, 16);
        assert_eq!(cdp.pending.lock().unwrap().len(), 1);
        let r = rxs.pop().unwrap().try_recv().unwrap();
        assert!(matches!(r, Err(CdpError::Io(m)) if m.contains("99 bytes")));
    }

    #[test]
    fn base64_decoding() {
        assert_eq!(base64_decode("").unwrap(), b"");
        assert_eq!(base64_decode("Zg==").unwrap(), b"f");
        assert_eq!(base64_decode("Zm8=").unwrap(), b"fo");
        assert_eq!(base64_decode("Zm9v").unwrap(), b"foo");
        assert_eq!(base64_decode("Zm9v\r\nYmFy").unwrap(), b"foobar");
        assert_eq!(base64_decode("Zm9vYg").unwrap(), b"foob");
        assert_eq!(
            base64_decode("R0lGODlhAQABAAAAACw=").unwrap(),
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00,"
        );
        assert!(base64_decode("Zm9v!").is_none());
        assert!(base64_decode("Zm9vü").is_none());
    }
}
