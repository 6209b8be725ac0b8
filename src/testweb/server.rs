//! A whole multi-host web served from one loopback port: requests in (origin
//! form with a Host header, absolute form when used as an HTTP proxy, or
//! https through a proxy `CONNECT` tunnel), responses from a [`Handler`] out.
//! It serves the demo, the tests and the benchmark, including hostile answers
//! (hangs, garbage, huge bodies, gzip bombs).
//!
//! Tunnelled https uses one self-signed certificate (for `localhost`,
//! `*.test` and `*.example`, private key committed: loopback tests only), so
//! clients need `--insecure`.

use bytes::Bytes;
use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Largest request head accepted.
const MAX_HEAD: usize = 64 * 1024;
/// Most requests kept in the log.
const MAX_LOG: usize = 100_000;

/// A request as the handler sees it.
#[derive(Debug, Clone, Default)]
pub struct WebRequest {
    /// HTTP method (`GET`, `POST` ...).
    pub method: String,
    /// `http`, or `https` when it came through a `CONNECT` tunnel.
    pub scheme: String,
    /// Host name, lowercase, without port.
    pub host: String,
    /// Path without the query.
    pub path: String,
    /// Query string without `?` (empty when none).
    pub query: String,
    /// Header names lowercase.
    pub headers: Vec<(String, String)>,
}

impl WebRequest {
    /// The first header of that (lowercase) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A cookie sent with the request.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.header("cookie")?
            .split(';')
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

/// What to send back.
#[derive(Debug, Clone)]
pub enum Body {
    /// A body with a Content-Length.
    Bytes(Bytes),
    /// Never answer (the connection stays open until the server stops).
    Hang,
    /// Write these raw bytes instead of an HTTP response, then close.
    Raw(Bytes),
    /// A body of this many zero bytes, streamed.
    Zeros(u64),
    /// The head at once, the body (with a Content-Length) after a pause.
    Delayed(Bytes, Duration),
}

/// A response: status, headers (written verbatim, so invalid ones can be
/// served on purpose) and body.
#[derive(Debug, Clone)]
pub struct WebResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers, in order.
    pub headers: Vec<(String, String)>,
    /// Response body.
    pub body: Body,
}

impl WebResponse {
    /// A response with a body and content type.
    pub fn new(status: u16, content_type: &str, body: impl Into<Bytes>) -> WebResponse {
        WebResponse {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Bytes(body.into()),
        }
    }

    /// `200 text/html; charset=utf-8`.
    pub fn html(body: impl Into<String>) -> WebResponse {
        WebResponse::new(200, "text/html; charset=utf-8", body.into())
    }

    /// A 1×1 transparent GIF.
    pub fn pixel() -> WebResponse {
        WebResponse::new(
            200,
            "image/gif",
            Bytes::from_static(crate::crawl::pixel::PIXEL_GIF),
        )
    }

    /// A `302` to `location`.
    pub fn redirect(location: &str) -> WebResponse {
        WebResponse {
            status: 302,
            headers: vec![("Location".into(), location.into())],
            body: Body::Bytes(Bytes::new()),
        }
    }

    /// An empty response with `status`.
    pub fn status(status: u16) -> WebResponse {
        WebResponse::new(status, "text/plain", format!("{status}"))
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> WebResponse {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a raw `Set-Cookie` header.
    pub fn cookie(self, raw: &str) -> WebResponse {
        self.header("Set-Cookie", raw)
    }
}

/// Computes the response to a request.
pub type Handler = Arc<dyn Fn(&WebRequest) -> WebResponse + Send + Sync>;

/// A static web: responses by host and path, with an optional fallback.
#[derive(Clone, Default)]
pub struct Web {
    routes: HashMap<(String, String), WebResponse>,
    fallback: Option<Handler>,
}

impl Web {
    /// An empty web (every request is a 404).
    pub fn new() -> Web {
        Web::default()
    }

    /// Serves `resp` at `host` + `path` (query ignored).
    pub fn route(&mut self, host: &str, path: &str, resp: WebResponse) -> &mut Web {
        self.routes
            .insert((host.to_ascii_lowercase(), path.to_string()), resp);
        self
    }

    /// Serves an HTML page.
    pub fn page(&mut self, host: &str, path: &str, html: &str) -> &mut Web {
        self.route(host, path, WebResponse::html(html))
    }

    /// Answers requests no route matches.
    pub fn fallback(
        &mut self,
        f: impl Fn(&WebRequest) -> WebResponse + Send + Sync + 'static,
    ) -> &mut Web {
        self.fallback = Some(Arc::new(f));
        self
    }

    /// Turns the web into a handler.
    pub fn handler(self) -> Handler {
        Arc::new(move |req: &WebRequest| {
            if let Some(r) = self.routes.get(&(req.host.clone(), req.path.clone())) {
                return r.clone();
            }
            match &self.fallback {
                Some(f) => f(req),
                None => WebResponse::status(404),
            }
        })
    }
}

/// A running server on a loopback port; stops when dropped.
pub struct WebServer {
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    served: Arc<AtomicU64>,
    log: Option<Arc<Mutex<Vec<WebRequest>>>>,
}

impl WebServer {
    /// Starts serving `handler` on `127.0.0.1:port` (0 = any free port),
    /// keeping a log of requests when `log` is true.
    pub async fn start(handler: Handler, port: u16, log: bool) -> io::Result<WebServer> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let (shutdown, rx) = watch::channel(false);
        let served = Arc::new(AtomicU64::new(0));
        let log = log.then(|| Arc::new(Mutex::new(Vec::new())));
        let (served2, log2) = (served.clone(), log.clone());
        tokio::spawn(async move {
            let mut rx_accept = rx.clone();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        let _ = stream.set_nodelay(true);
                        let (h, s, l, r) = (handler.clone(), served2.clone(), log2.clone(), rx.clone());
                        tokio::spawn(async move {
                            let mut r2 = r.clone();
                            tokio::select! {
                                _ = serve_plain(stream, h, s, l) => {}
                                _ = r2.wait_for(|v| *v) => {}
                            }
                        });
                    }
                    _ = rx_accept.wait_for(|v| *v) => break,
                }
            }
        });
        Ok(WebServer {
            addr,
            shutdown,
            served,
            log,
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, for `--proxy`.
    pub fn proxy_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests answered so far.
    pub fn served(&self) -> u64 {
        self.served.load(Ordering::Relaxed)
    }

    /// The requests logged so far (empty unless started with `log`).
    pub fn log(&self) -> Vec<WebRequest> {
        self.log
            .as_ref()
            .map(|l| l.lock().unwrap_or_else(|p| p.into_inner()).clone())
            .unwrap_or_default()
    }
}

impl Drop for WebServer {
    fn drop(&mut self) {
        self.shutdown.send_replace(true);
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// The tunnel's TLS server configuration (built once).
fn tls_acceptor() -> Option<tokio_rustls::TlsAcceptor> {
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    use tokio_rustls::rustls::{crypto::ring, ServerConfig};
    static ACCEPTOR: OnceLock<Option<tokio_rustls::TlsAcceptor>> = OnceLock::new();
    ACCEPTOR
        .get_or_init(|| {
            let cert = CertificateDer::from(include_bytes!("server-cert.der").to_vec());
            let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
                include_bytes!("server-key.der").to_vec(),
            ));
            let mut cfg = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
                .with_safe_default_protocol_versions()
                .ok()?
                .with_no_client_auth()
                .with_single_cert(vec![cert], key)
                .ok()?;
            cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
            Some(tokio_rustls::TlsAcceptor::from(Arc::new(cfg)))
        })
        .clone()
}

/// Serves plain HTTP on a connection, and https in it when the client asks
/// for a `CONNECT` tunnel.
async fn serve_plain(
    mut stream: TcpStream,
    handler: Handler,
    served: Arc<AtomicU64>,
    log: Option<Arc<Mutex<Vec<WebRequest>>>>,
) {
    let end = serve_conn(&mut stream, &handler, &served, &log, false).await;
    if end == End::Tunnel {
        serve_tunnel(stream, &handler, &served, &log).await;
    }
}

/// Answers `CONNECT`, then serves https (TLS, then HTTP/1.1) in the tunnel.
async fn serve_tunnel(
    mut stream: TcpStream,
    handler: &Handler,
    served: &AtomicU64,
    log: &Option<Arc<Mutex<Vec<WebRequest>>>>,
) {
    let Some(acceptor) = tls_acceptor() else {
        let _ = stream
            .write_all(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .await;
        return;
    };
    if stream
        .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        .await
        .is_err()
    {
        return;
    }
    let accept = tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream));
    if let Ok(Ok(mut tls)) = accept.await {
        serve_conn(&mut tls, handler, served, log, true).await;
    }
}

/// How a connection's HTTP exchange ended.
#[derive(PartialEq)]
enum End {
    Closed,
    /// The client asked for a `CONNECT` tunnel, not yet answered.
    Tunnel,
}

/// Serves HTTP/1.1 requests on `stream` until it closes or asks for a tunnel
/// (`tls`: already inside one, where `CONNECT` is refused).
async fn serve_conn<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut S,
    handler: &Handler,
    served: &AtomicU64,
    log: &Option<Arc<Mutex<Vec<WebRequest>>>>,
    tls: bool,
) -> End {
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    loop {
        let (req, head_len, content_length, keep_alive) = loop {
            let mut headers = [httparse::EMPTY_HEADER; 64];
            let mut parsed = httparse::Request::new(&mut headers);
            match parsed.parse(&buf) {
                Ok(httparse::Status::Complete(n)) => {
                    let (mut req, len, keep) = to_request(&parsed);
                    if tls {
                        req.scheme = "https".into();
                    }
                    break (req, n, len, keep);
                }
                Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {
                    let mut chunk = [0u8; 8192];
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return End::Closed,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                _ => {
                    let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
                    return End::Closed;
                }
            }
        };
        // Discard the request body.
        let mut body_left = content_length.saturating_sub(buf.len() - head_len);
        buf.drain(..(head_len + content_length).min(buf.len()));
        while body_left > 0 {
            let mut chunk = [0u8; 8192];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return End::Closed,
                Ok(n) => body_left = body_left.saturating_sub(n),
            }
        }
        served.fetch_add(1, Ordering::Relaxed);
        if req.method == "CONNECT" {
            // Tunnels are for https on port 443, not nested, and the client
            // waits for our answer before its TLS hello.
            if !tls && req.path.ends_with(":443") && buf.is_empty() {
                return End::Tunnel;
            }
            let _ = stream.write_all(b"HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
            return End::Closed;
        }
        let resp = handler(&req);
        if let Some(log) = &log {
            let mut l = log.lock().unwrap_or_else(|p| p.into_inner());
            if l.len() < MAX_LOG {
                l.push(req);
            }
        }
        if !write_response(stream, resp, keep_alive).await || !keep_alive {
            return End::Closed;
        }
    }
}

/// Writes a response; returns false when the connection must close.
async fn write_response<S: AsyncWrite + Unpin>(
    stream: &mut S,
    resp: WebResponse,
    keep_alive: bool,
) -> bool {
    let mut head = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status)).into_bytes();
    for (k, v) in &resp.headers {
        head.extend_from_slice(k.as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(v.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    if !keep_alive {
        head.extend_from_slice(b"Connection: close\r\n");
    }
    match resp.body {
        Body::Bytes(b) => {
            head.extend_from_slice(format!("Content-Length: {}\r\n\r\n", b.len()).as_bytes());
            head.extend_from_slice(&b);
            stream.write_all(&head).await.is_ok()
        }
        Body::Delayed(b, pause) => {
            head.extend_from_slice(format!("Content-Length: {}\r\n\r\n", b.len()).as_bytes());
            if stream.write_all(&head).await.is_err() || stream.flush().await.is_err() {
                return false;
            }
            tokio::time::sleep(pause).await;
            stream.write_all(&b).await.is_ok()
        }
        Body::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            false
        }
        Body::Raw(b) => {
            let _ = stream.write_all(&b).await;
            false
        }
        Body::Zeros(n) => {
            head.extend_from_slice(format!("Content-Length: {n}\r\n\r\n").as_bytes());
            if stream.write_all(&head).await.is_err() {
                return false;
            }
            let chunk = vec![0u8; 64 * 1024];
            let mut left = n;
            while left > 0 {
                let k = left.min(chunk.len() as u64) as usize;
                if stream.write_all(&chunk[..k]).await.is_err() {
                    return false;
                }
                left -= k as u64;
            }
            true
        }
    }
}

fn to_request(p: &httparse::Request) -> (WebRequest, usize, bool) {
    let headers: Vec<(String, String)> = p
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_ascii_lowercase(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    let get = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    let target = p.path.unwrap_or("/");
    let (host, path_query) = if let Some(rest) = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    {
        match rest.find('/') {
            Some(i) => (rest[..i].to_string(), rest[i..].to_string()),
            None => (rest.to_string(), "/".to_string()),
        }
    } else {
        (
            get("host").unwrap_or_default().to_string(),
            target.to_string(),
        )
    };
    let host = strip_port(&host).to_ascii_lowercase();
    let (path, query) = match path_query.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (path_query, String::new()),
    };
    let content_length = get("content-length")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let close =
        get("connection").is_some_and(|v| v.eq_ignore_ascii_case("close")) || p.version == Some(0);
    let method = p.method.unwrap_or("GET").to_string();
    (
        WebRequest {
            method,
            scheme: "http".into(),
            host,
            path,
            query,
            headers,
        },
        content_length,
        !close,
    )
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host
            .split(']')
            .next()
            .map(|h| h.trim_start_matches('['))
            .unwrap_or(host);
    }
    host.rsplit_once(':').map_or(host, |(h, p)| {
        if p.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            host
        }
    })
}

/// A gzip stream that inflates to 64 MiB of zeros (about 64 KB on the wire).
pub fn gzip_bomb() -> Bytes {
    static BOMB: OnceLock<Bytes> = OnceLock::new();
    BOMB.get_or_init(|| {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..64 {
            enc.write_all(&zeros).expect("writing to memory");
        }
        Bytes::from(enc.finish().expect("writing to memory"))
    })
    .clone()
}
