//! Paused requests in (`Fetch.requestPaused` from every page, frame and
//! worker session of a visit), a verdict out: continue, or fail with
//! `BlockedByClient` when the URL's host is a non-public address the
//! [`Guard`] refuses. Literal IP hosts are checked as they are; names are
//! resolved here (cached per host for the site) unless a proxy resolves them.
//! The refusal text is kept for the request's row.

use super::*;
use crate::crawl::netguard::{Blocked, Guard};

/// Most host verdicts cached for one site.
const MAX_CACHED_HOSTS: usize = 2000;

/// The address guard of one visit: the engine's [`Guard`], whether names
/// can be checked (not through a proxy), and the site's resolved hosts.
pub(super) struct Gate {
    guard: Arc<Guard>,
    resolve_names: bool,
    timeout: Duration,
    /// Host → refusal (`None`: may be reached).
    cache: Mutex<HashMap<String, Option<Blocked>>>,
}

impl Gate {
    pub(super) fn new(guard: Arc<Guard>, resolve_names: bool, timeout: Duration) -> Gate {
        Gate {
            guard,
            resolve_names,
            timeout,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Why `url` may not be requested, or `None`.
    pub(super) async fn refusal(&self, url: &str) -> Option<Blocked> {
        let url = Url::parse(url).ok()?;
        let host = url.host()?;
        if let Err(b) = self.guard.check_host(&host) {
            return Some(b);
        }
        let url::Host::Domain(name) = host else {
            return None;
        };
        if !self.resolve_names {
            return None;
        }
        let name = name.to_ascii_lowercase();
        if let Some(v) = self
            .cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&name)
        {
            return v.clone();
        }
        let port = url.port_or_known_default().unwrap_or(80);
        let lookup = tokio::net::lookup_host((name.as_str(), port));
        let verdict = match tokio::time::timeout(self.timeout, lookup).await {
            // Unresolvable here: Chromium will fail it the same way.
            Ok(Err(_)) | Err(_) => return None,
            // Any refused answer refuses the host: Chromium resolves on its
            // own and may pick that one.
            Ok(Ok(mut addrs)) => addrs
                .by_ref()
                .take(64)
                .find_map(|a| self.guard.check_ip(&name, a.ip()).err()),
        };
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() < MAX_CACHED_HOSTS {
            cache.insert(name, verdict.clone());
        }
        verdict
    }
}

/// The `Fetch.enable` patterns of the requests to check. When names are
/// resolved here, every request; through a proxy (which resolves names) only
/// literal IP hosts can be checked, and only those pause: Chromium
/// serializes an IPv4 host in dotted decimal (`0x7f.1` is `127.0.0.1`), so it
/// starts with a digit, and an IPv6 host with `[`, after `//` or a userinfo
/// `@`. A pattern matching more (a path holding `@1`) only costs a pause.
pub(super) fn patterns(resolve_names: bool) -> Value {
    let pattern = |p: String| json!({ "urlPattern": p, "requestStage": "Request" });
    if resolve_names {
        return json!([pattern("*".into())]);
    }
    let heads = ('0'..='9').chain(std::iter::once('['));
    let all: Vec<Value> = heads
        .flat_map(|c| [pattern(format!("*://{c}*")), pattern(format!("*://*@{c}*"))])
        .collect();
    Value::Array(all)
}

/// Answers one `Fetch.requestPaused` event: records a refusal in the site's
/// log (before failing the request, so the `Network.loadingFailed` that
/// follows finds it) and continues or fails the request.
pub(super) async fn answer_paused(
    cdp: Arc<Cdp>,
    gate: Arc<Gate>,
    log: Arc<Mutex<SiteLog>>,
    session: Option<String>,
    params: Value,
    t: Duration,
) {
    let Some(id) = params["requestId"].as_str() else {
        return;
    };
    let url = params["request"]["url"].as_str().unwrap_or_default();
    let (method, args) = match gate.refusal(url).await {
        None => ("Fetch.continueRequest", json!({ "requestId": id })),
        Some(b) => {
            // Documents carry their loader id as network id; others their request id.
            let net_id = params["networkId"].as_str().unwrap_or_default().to_string();
            log.lock()
                .unwrap_or_else(|p| p.into_inner())
                .note_blocked(net_id, b.to_string());
            (
                "Fetch.failRequest",
                json!({ "requestId": id, "errorReason": "BlockedByClient" }),
            )
        }
    };
    let _ = cdp.call(session.as_deref(), method, args, t).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn literal_addresses_always_names_only_without_a_proxy() {
        let t = Duration::from_secs(5);
        let direct = Gate::new(Arc::new(Guard::new(false)), true, t);
        let why = |b: Option<Blocked>| b.map(|b| b.to_string()).unwrap_or_default();
        assert_eq!(
            why(direct.refusal("http://169.254.169.254/latest/").await),
            "blocked: link-local address 169.254.169.254 (use --allow-private)"
        );
        assert_eq!(
            why(direct.refusal("https://[fd00::1]:8443/x").await),
            "blocked: private address fd00::1 (use --allow-private)"
        );
        assert!(why(direct.refusal("http://localhost:9/").await).starts_with("blocked: loopback"));
        // Cached under the lowercase host, and the cached verdict is the answer.
        let cached = direct.cache.lock().unwrap().get("localhost").cloned();
        assert!(matches!(cached, Some(Some(_))), "{cached:?}");
        assert!(direct.refusal("http://LOCALHOST/other").await.is_some());
        assert_eq!(direct.refusal("http://8.8.8.8/").await, None);
        assert_eq!(direct.refusal("not a url").await, None);
        assert_eq!(direct.refusal("data:text/plain,x").await, None);

        // Through a proxy names are not resolved here; literals still are checked.
        let proxied = Gate::new(Arc::new(Guard::new(false)), false, t);
        assert_eq!(proxied.refusal("http://localhost/").await, None);
        assert!(proxied.refusal("http://10.0.0.1/").await.is_some());

        // Allowed hosts and --allow-private pass.
        let guard = Arc::new(Guard::new(false));
        guard.allow_host("localhost");
        guard.allow_host("10.0.0.1");
        let allowed = Gate::new(guard, true, t);
        assert_eq!(allowed.refusal("http://localhost/").await, None);
        assert_eq!(allowed.refusal("http://10.0.0.1/").await, None);
        assert!(allowed.refusal("http://10.0.0.2/").await.is_some());
        let open = Gate::new(Arc::new(Guard::new(true)), true, t);
        assert_eq!(open.refusal("http://127.0.0.1/").await, None);
        assert_eq!(open.refusal("http://localhost/").await, None);
    }

    #[test]
    fn patterns_pause_everything_or_only_literal_addresses() {
        assert_eq!(
            patterns(true),
            json!([{ "urlPattern": "*", "requestStage": "Request" }])
        );
        let p = patterns(false);
        let list: Vec<&str> = p
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["urlPattern"].as_str().unwrap())
            .collect();
        assert_eq!(list.len(), 22);
        for want in [
            "*://1*", "*://*@1*", "*://[*", "*://*@[*", "*://0*", "*://9*",
        ] {
            assert!(list.contains(&want), "{want}: {list:?}");
        }
    }
}
