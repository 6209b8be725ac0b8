//! Settings in, an HTTP client out: rustls on ring with Mozilla's root
//! certificates, HTTP/1 parsing as lenient as a browser's (many and large
//! headers, invalid header lines skipped), and name resolution that refuses
//! non-public addresses ([`netguard`](crate::crawl::netguard)).

use super::*;
use crate::crawl::netguard::{Guard, GuardedResolver};

/// Most response headers accepted in one HTTP/1 response (hyper's default is
/// 100; Chromium counts none and caps the head at 256 KB, which hyper's
/// ~400 KB read buffer already covers).
pub const MAX_RESPONSE_HEADERS: usize = 4096;

/// A client builder with this crate's TLS: rustls on the `ring` provider
/// (installed as the process default once) and Mozilla's root certificates
/// compiled in, so every machine trusts the same roots. Every reqwest client
/// of the crate starts here: without the provider reqwest cannot build one.
pub fn client_builder() -> reqwest::ClientBuilder {
    // An Err means a provider is installed already, which is all we need.
    let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
    let roots = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .filter_map(|c| reqwest::Certificate::from_der(c).ok());
    reqwest::Client::builder().tls_certs_only(roots)
}

impl HttpEngine {
    /// Builds the engine (HTTP client with proxy, resolve overrides, TLS,
    /// address guard).
    pub fn new(cfg: Arc<CrawlConfig>) -> crate::Result<HttpEngine> {
        let guard = Arc::new(Guard::for_config(&cfg));
        let mut b = client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(cfg.timeout)
            .pool_idle_timeout(Duration::from_secs(2))
            .pool_max_idle_per_host(cfg.per_host.max(1))
            .user_agent(cfg.user_agent.clone())
            .http1_max_headers(MAX_RESPONSE_HEADERS)
            .http1_ignore_invalid_headers_in_responses(true)
            .http1_allow_obsolete_multiline_headers_in_responses(true)
            .http1_allow_spaces_after_header_name_in_responses(true)
            .dns_resolver(Arc::new(GuardedResolver {
                guard: guard.clone(),
            }))
            .danger_accept_invalid_certs(cfg.insecure);
        if let Some(p) = &cfg.proxy {
            let proxy = reqwest::Proxy::all(p).map_err(|e| crate::Error::InvalidOption {
                what: "proxy URL",
                message: format!("{p}: {e}"),
            })?;
            b = b.proxy(proxy);
        }
        for (host, addr) in &cfg.resolve {
            b = b.resolve(host, *addr);
        }
        let mut extra = HeaderMap::new();
        if cfg.dnt {
            extra.insert("dnt", HeaderValue::from_static("1"));
            extra.insert("sec-gpc", HeaderValue::from_static("1"));
        }
        for (k, v) in &cfg.headers {
            let name =
                HeaderName::from_bytes(k.as_bytes()).map_err(|e| crate::Error::InvalidOption {
                    what: "request header",
                    message: format!("{k}: {e}"),
                })?;
            let value = HeaderValue::from_str(v).map_err(|e| crate::Error::InvalidOption {
                what: "request header",
                message: format!("{k}: {e}"),
            })?;
            extra.insert(name, value);
        }
        Ok(HttpEngine {
            client: b.build()?,
            hosts: HostLimits::new(cfg.per_host),
            guard,
            cfg,
            extra,
        })
    }

    /// Lets site-controlled requests reach `url`'s host even when it is (or
    /// resolves to) a non-public address: the user named it as a target.
    pub fn allow_target(&self, url: &Url) {
        if let Some(h) = url.host_str() {
            self.guard.allow_host(h);
        }
    }

    /// The settings the engine was built with.
    pub fn config(&self) -> &CrawlConfig {
        &self.cfg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_with_every_proxy_kind_and_tls_setting() {
        for proxy in [
            None,
            Some("http://127.0.0.1:3128"),
            Some("https://127.0.0.1:3129"),
            Some("socks5://127.0.0.1:1080"),
            Some("socks5h://127.0.0.1:1080"),
        ] {
            for insecure in [false, true] {
                let cfg = CrawlConfig {
                    proxy: proxy.map(str::to_string),
                    insecure,
                    ..CrawlConfig::default()
                };
                if let Err(e) = HttpEngine::new(Arc::new(cfg)) {
                    panic!("{proxy:?} insecure={insecure}: {e}");
                }
            }
        }
    }
}
