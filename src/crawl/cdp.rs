//! A DevTools-protocol client over a hand-written WebSocket: a `ws://` URL in,
//! a [`Cdp`] connection out that sends commands (with a timeout each) and routes
//! events by session id into bounded channels. One browser-level socket carries
//! every page session ("flattened" sessions), so one reader task serves all.

use bytes::{Buf, BytesMut};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};

/// Largest WebSocket message accepted (a page's HTML travels in one).
const MAX_MESSAGE: usize = 64 * 1024 * 1024;
/// Events buffered per routed session before new ones are dropped (and counted).
pub const EVENT_BUFFER: usize = 8192;

/// Why a command failed.
#[derive(Debug, Clone, PartialEq)]
pub enum CdpError {
    /// The browser connection is gone (the browser exited or crashed).
    Closed,
    /// No answer within the time allowed.
    Timeout(String),
    /// The browser answered with an error.
    Protocol(String),
    /// The socket failed.
    Io(String),
}

impl fmt::Display for CdpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CdpError::Closed => {
                f.write_str("browser connection closed (browser exited or crashed)")
            }
            CdpError::Timeout(m) => write!(f, "no answer from the browser to {m}"),
            CdpError::Protocol(m) => write!(f, "browser error: {m}"),
            CdpError::Io(m) => write!(f, "browser connection: {m}"),
        }
    }
}

/// A protocol event: its session (`None` for the browser session), method and params.
#[derive(Debug, Clone)]
pub struct Event {
    pub session: Option<String>,
    pub method: String,
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
    writer: tokio::sync::Mutex<WsWriter>,
    next_id: AtomicU64,
    pending: Mutex<Pending>,
    routes: Mutex<HashMap<String, Route>>,
    closed: AtomicBool,
}

impl Cdp {
    /// Connects to a `ws://host:port/path` DevTools endpoint.
    pub async fn connect(ws_url: &str, timeout: Duration) -> Result<Arc<Cdp>, CdpError> {
        let (reader, writer) = tokio::time::timeout(timeout, ws_connect(ws_url))
            .await
            .map_err(|_| CdpError::Timeout("the WebSocket handshake".into()))??;
        let cdp = Arc::new(Cdp {
            writer: tokio::sync::Mutex::new(writer),
            next_id: AtomicU64::new(1),
            pending: Mutex::new(HashMap::new()),
            routes: Mutex::new(HashMap::new()),
            closed: AtomicBool::new(false),
        });
        let weak = Arc::downgrade(&cdp);
        tokio::spawn(read_loop(reader, weak));
        Ok(cdp)
    }

    /// Whether the connection is gone.
    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// Sends `method` with `params` on `session` (browser session when `None`)
    /// and waits up to `timeout` for the answer.
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
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = Value::String(s.to_string());
        }
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        let text = msg.to_string();
        let sent = tokio::time::timeout(timeout, async {
            self.writer
                .lock()
                .await
                .send(OP_TEXT, text.as_bytes())
                .await
        })
        .await;
        let fail = match sent {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(CdpError::Io(e.to_string())),
            Err(_) => Some(CdpError::Timeout(method.to_string())),
        };
        if let Some(e) = fail {
            self.pending.lock().unwrap().remove(&id);
            return Err(e);
        }
        match tokio::time::timeout(timeout, rx).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => Err(CdpError::Closed),
            Err(_) => {
                self.pending.lock().unwrap().remove(&id);
                Err(CdpError::Timeout(method.to_string()))
            }
        }
    }

    /// Routes `session`'s events (and those of targets auto-attached under it)
    /// into a new bounded channel. Returns the receiver and a counter of
    /// events dropped because the channel was full.
    pub fn subscribe(&self, session: &str) -> (mpsc::Receiver<Event>, Arc<AtomicU64>) {
        let (tx, rx) = mpsc::channel(EVENT_BUFFER);
        let dropped = Arc::new(AtomicU64::new(0));
        if !self.is_closed() {
            self.routes.lock().unwrap().insert(
                session.to_string(),
                Route {
                    tx,
                    dropped: dropped.clone(),
                },
            );
        }
        (rx, dropped)
    }

    /// Stops routing every session that shares `session`'s channel.
    pub fn unsubscribe(&self, session: &str) {
        let mut routes = self.routes.lock().unwrap();
        if let Some(r) = routes.remove(session) {
            routes.retain(|_, o| !o.tx.same_channel(&r.tx));
        }
    }

    fn dispatch(&self, text: &[u8]) {
        let Ok(v) = serde_json::from_slice::<Value>(text) else {
            return;
        };
        if let Some(id) = v.get("id").and_then(Value::as_u64) {
            let Some(tx) = self.pending.lock().unwrap().remove(&id) else {
                return;
            };
            let r = match v.get("error") {
                Some(e) => Err(CdpError::Protocol(
                    e.get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("unknown error")
                        .to_string(),
                )),
                None => Ok(v.get("result").cloned().unwrap_or(Value::Null)),
            };
            let _ = tx.send(r);
            return;
        }
        let Some(method) = v.get("method").and_then(Value::as_str) else {
            return;
        };
        let session = v.get("sessionId").and_then(Value::as_str);
        let params = v.get("params").cloned().unwrap_or(Value::Null);
        let route = {
            let mut routes = self.routes.lock().unwrap();
            let route = session.and_then(|s| routes.get(s).cloned());
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

    fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        for (_, tx) in self.pending.lock().unwrap().drain() {
            let _ = tx.send(Err(CdpError::Closed));
        }
        self.routes.lock().unwrap().clear();
    }
}

async fn read_loop(mut reader: WsReader, cdp: std::sync::Weak<Cdp>) {
    loop {
        let msg = reader.next_message().await;
        let Some(c) = cdp.upgrade() else { return };
        match msg {
            Ok(Frame::Text(t)) => c.dispatch(&t),
            Ok(Frame::Ping(p)) => {
                let _ = tokio::time::timeout(Duration::from_secs(5), async {
                    c.writer.lock().await.send(OP_PONG, &p).await
                })
                .await;
            }
            Ok(Frame::Close) | Err(_) => {
                c.close();
                return;
            }
        }
    }
}

// ---------------------------------------------------------------- WebSocket

const OP_CONT: u8 = 0x0;
const OP_TEXT: u8 = 0x1;
const OP_BINARY: u8 = 0x2;
const OP_CLOSE: u8 = 0x8;
const OP_PING: u8 = 0x9;
const OP_PONG: u8 = 0xA;

/// A complete incoming message.
#[derive(Debug, PartialEq)]
enum Frame {
    /// Text or binary data (DevTools speaks JSON text).
    Text(Vec<u8>),
    Ping(Vec<u8>),
    Close,
}

/// The read half of a client WebSocket.
struct WsReader {
    rd: OwnedReadHalf,
    buf: BytesMut,
    /// A fragmented message being assembled (control frames may interleave).
    partial: Option<Vec<u8>>,
}

/// The write half of a client WebSocket (frames are masked, as RFC 6455 requires).
struct WsWriter {
    wr: OwnedWriteHalf,
    mask_seed: u32,
}

/// Opens a WebSocket to `ws://host:port/path` (the HTTP/1.1 upgrade handshake).
async fn ws_connect(url: &str) -> Result<(WsReader, WsWriter), CdpError> {
    let u = url::Url::parse(url).map_err(|e| CdpError::Io(format!("{url}: {e}")))?;
    if u.scheme() != "ws" {
        return Err(CdpError::Io(format!("{url}: only ws:// is supported")));
    }
    let host = u.host_str().unwrap_or("127.0.0.1").to_string();
    let port = u.port().unwrap_or(80);
    let stream = TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| CdpError::Io(format!("connect {host}:{port}: {e}")))?;
    let _ = stream.set_nodelay(true);
    let (rd, mut wr) = stream.into_split();
    let seed = seed();
    let key: Vec<u8> = (0..16u32)
        .map(|i| (seed.rotate_left(i * 7) ^ i.wrapping_mul(0x9E37_79B9)) as u8)
        .collect();
    let path = match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    };
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
Sec-WebSocket-Key: {}\r\nSec-WebSocket-Version: 13\r\n\r\n",
        base64_encode(&key)
    );
    wr.write_all(req.as_bytes())
        .await
        .map_err(|e| CdpError::Io(e.to_string()))?;
    let mut reader = WsReader {
        rd,
        buf: BytesMut::with_capacity(64 * 1024),
        partial: None,
    };
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut resp = httparse::Response::new(&mut headers);
        match resp.parse(&reader.buf) {
            Ok(httparse::Status::Complete(n)) => {
                if resp.code != Some(101) {
                    return Err(CdpError::Io(format!(
                        "WebSocket upgrade refused: HTTP {}",
                        resp.code.unwrap_or(0)
                    )));
                }
                reader.buf.advance(n);
                break;
            }
            Ok(httparse::Status::Partial) if reader.buf.len() < 16 * 1024 => {
                reader.fill().await?;
            }
            _ => return Err(CdpError::Io("bad WebSocket upgrade response".into())),
        }
    }
    Ok((
        reader,
        WsWriter {
            wr,
            mask_seed: seed,
        },
    ))
}

fn seed() -> u32 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    t.subsec_nanos() ^ (t.as_secs() as u32) ^ std::process::id().rotate_left(16)
}

impl WsReader {
    async fn fill(&mut self) -> Result<(), CdpError> {
        let n = self
            .rd
            .read_buf(&mut self.buf)
            .await
            .map_err(|e| CdpError::Io(e.to_string()))?;
        if n == 0 {
            return Err(CdpError::Closed);
        }
        Ok(())
    }

    async fn need(&mut self, n: usize) -> Result<(), CdpError> {
        while self.buf.len() < n {
            self.buf.reserve(n - self.buf.len());
            self.fill().await?;
        }
        Ok(())
    }

    /// Reads one frame: (fin, opcode, payload).
    async fn frame(&mut self) -> Result<(bool, u8, Vec<u8>), CdpError> {
        self.need(2).await?;
        let (b0, b1) = (self.buf[0], self.buf[1]);
        let masked = b1 & 0x80 != 0;
        let (len, head) = match b1 & 0x7F {
            126 => {
                self.need(4).await?;
                (u16::from_be_bytes([self.buf[2], self.buf[3]]) as u64, 4)
            }
            127 => {
                self.need(10).await?;
                let mut b = [0u8; 8];
                b.copy_from_slice(&self.buf[2..10]);
                (u64::from_be_bytes(b), 10)
            }
            n => (u64::from(n), 2),
        };
        if len > MAX_MESSAGE as u64 {
            return Err(CdpError::Io(format!("frame of {len} bytes is too large")));
        }
        let mask_len = if masked { 4 } else { 0 };
        let total = head + mask_len + len as usize;
        self.need(total).await?;
        let mut frame = self.buf.split_to(total);
        let mask: Option<[u8; 4]> = masked.then(|| {
            let mut m = [0u8; 4];
            m.copy_from_slice(&frame[head..head + 4]);
            m
        });
        let mut payload = frame.split_off(head + mask_len).to_vec();
        if let Some(m) = mask {
            for (i, b) in payload.iter_mut().enumerate() {
                *b ^= m[i % 4];
            }
        }
        Ok((b0 & 0x80 != 0, b0 & 0x0F, payload))
    }

    /// Reads frames until a whole message (fragments joined), a ping or a close.
    async fn next_message(&mut self) -> Result<Frame, CdpError> {
        loop {
            let (fin, op, payload) = self.frame().await?;
            match op {
                OP_PING => return Ok(Frame::Ping(payload)),
                OP_PONG => continue,
                OP_CLOSE => return Ok(Frame::Close),
                OP_TEXT | OP_BINARY => {
                    if fin {
                        return Ok(Frame::Text(payload));
                    }
                    self.partial = Some(payload);
                }
                OP_CONT => {
                    let Some(d) = self.partial.as_mut() else {
                        return Err(CdpError::Io("continuation without a start".into()));
                    };
                    if d.len() + payload.len() > MAX_MESSAGE {
                        return Err(CdpError::Io("message too large".into()));
                    }
                    d.extend_from_slice(&payload);
                    if fin {
                        return Ok(Frame::Text(self.partial.take().unwrap_or_default()));
                    }
                }
                other => return Err(CdpError::Io(format!("unknown opcode {other}"))),
            }
        }
    }
}

impl WsWriter {
    /// Sends one final, masked frame.
    async fn send(&mut self, op: u8, payload: &[u8]) -> std::io::Result<()> {
        let mut out = Vec::with_capacity(payload.len() + 14);
        out.push(0x80 | op);
        let len = payload.len();
        if len < 126 {
            out.push(0x80 | len as u8);
        } else if len <= u16::MAX as usize {
            out.push(0x80 | 126);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        } else {
            out.push(0x80 | 127);
            out.extend_from_slice(&(len as u64).to_be_bytes());
        }
        self.mask_seed = self
            .mask_seed
            .wrapping_mul(1_664_525)
            .wrapping_add(1_013_904_223);
        let mask = self.mask_seed.to_be_bytes();
        out.extend_from_slice(&mask);
        out.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.wr.write_all(&out).await
    }
}

// ---------------------------------------------------------------- base64

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64_encode(data: &[u8]) -> String {
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                s.push(B64[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

/// Decodes standard base64 (padding optional, whitespace ignored); `None` on
/// a character outside the alphabet.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\r' | b'\n' | b' ' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        for n in 0..40u8 {
            let d: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(base64_decode(&base64_encode(&d)).unwrap(), d);
        }
        assert_eq!(base64_decode("Zm9vYg").unwrap(), b"foob");
        assert!(base64_decode("Zm9v!").is_none());
    }

    /// A loopback WebSocket server speaking raw frames: unmasked, fragmented,
    /// with 16- and 64-bit lengths and a ping, then close.
    #[tokio::test]
    async fn frames_fragments_and_large_payloads() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let big = vec![b'x'; 70_000];
        let big2 = big.clone();
        let server = tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 4096];
            let mut head = Vec::new();
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = s.read(&mut buf).await.unwrap();
                head.extend_from_slice(&buf[..n]);
            }
            let mut out = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n".to_vec();
            // fragmented text "hel" + "lo", with a ping in between
            out.extend_from_slice(&[0x01, 3, b'h', b'e', b'l']);
            out.extend_from_slice(&[0x89, 1, b'p']);
            out.extend_from_slice(&[0x80, 2, b'l', b'o']);
            // 16-bit length
            out.extend_from_slice(&[0x81, 126, 0x01, 0x2C]);
            out.extend_from_slice(&[b'a'; 300]);
            // 64-bit length
            out.push(0x81);
            out.push(127);
            out.extend_from_slice(&(big2.len() as u64).to_be_bytes());
            out.extend_from_slice(&big2);
            out.extend_from_slice(&[0x88, 0]);
            s.write_all(&out).await.unwrap();
            // read the client's pong: masked, opcode 0xA
            let mut pong = [0u8; 7];
            s.read_exact(&mut pong).await.unwrap();
            assert_eq!(pong[0], 0x8A);
            assert_eq!(pong[1], 0x80 | 1);
            assert_eq!(pong[6] ^ pong[2], b'p');
        });
        let (mut r, mut w) = ws_connect(&format!("ws://{addr}/devtools/browser/x"))
            .await
            .unwrap();
        let Frame::Ping(p) = r.next_message().await.unwrap() else {
            panic!("expected the ping first (it interrupts the fragments)")
        };
        w.send(OP_PONG, &p).await.unwrap();
        assert_eq!(
            r.next_message().await.unwrap(),
            Frame::Text(b"hello".to_vec())
        );
        assert_eq!(
            r.next_message().await.unwrap(),
            Frame::Text(vec![b'a'; 300])
        );
        assert_eq!(r.next_message().await.unwrap(), Frame::Text(big));
        assert_eq!(r.next_message().await.unwrap(), Frame::Close);
        server.await.unwrap();
    }
}
