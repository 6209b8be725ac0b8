//! Addresses in, a verdict out: whether the HTTP engine may connect to an IP
//! address a site pointed it at. Loopback, private (RFC 1918, IPv6 ULA),
//! link-local (cloud metadata at 169.254.169.254), unspecified, shared
//! (CGNAT), reserved, multicast and broadcast addresses are refused unless
//! the target list names that host or `--allow-private` is given. Used on
//! literal IP hosts before sending and on every DNS answer ([`GuardedResolver`]).

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, RwLock};

/// Most allowed target hosts remembered (one per target, bounded anyway).
const MAX_ALLOWED: usize = 100_000;

/// Why an address is not public, or `None` for a public (globally routed) one.
pub fn non_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => non_public_v4(v4),
        IpAddr::V6(v6) => non_public_v6(v6),
    }
}

fn non_public_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, _, _] = ip.octets();
    if ip.is_broadcast() {
        Some("broadcast")
    } else if a == 0 {
        // 0.0.0.0/8 "this network": connecting to it reaches the local host.
        Some("unspecified")
    } else if a == 127 {
        Some("loopback")
    } else if a == 10 || (a == 172 && (16..32).contains(&b)) || (a == 192 && b == 168) {
        Some("private")
    } else if a == 169 && b == 254 {
        Some("link-local")
    } else if a == 100 && (64..128).contains(&b) {
        // RFC 6598 shared address space: inside a carrier or VPN, never public.
        Some("shared (CGNAT)")
    } else if (224..240).contains(&a) {
        Some("multicast")
    } else if a >= 240 {
        Some("reserved")
    } else {
        None
    }
}

fn non_public_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let seg = ip.segments();
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    // IPv4-mapped (::ffff:a.b.c.d) and the NAT64 well-known prefix
    // (64:ff9b::/96) carry an IPv4 address: judge that.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return non_public_v4(v4);
    }
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [_, _, _, _, _, _, hi, lo] = seg;
        return non_public_v4(Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo)));
    }
    match seg[0] {
        s if s & 0xfe00 == 0xfc00 => Some("private"),
        s if s & 0xffc0 == 0xfe80 => Some("link-local"),
        // fec0::/10, deprecated site-local: private in practice.
        s if s & 0xffc0 == 0xfec0 => Some("private"),
        s if s & 0xff00 == 0xff00 => Some("multicast"),
        _ => None,
    }
}

/// A refused address: the message of the request row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    /// The refused address.
    pub ip: IpAddr,
    /// Which kind of address it is (loopback, private, link-local ...).
    pub kind: &'static str,
}

impl std::fmt::Display for Blocked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "blocked: {} address {} (use --allow-private)",
            self.kind, self.ip
        )
    }
}

impl std::error::Error for Blocked {}

/// Which non-public addresses may be reached: all with `--allow-private`,
/// else only hosts and addresses the target list itself names.
#[derive(Debug, Default)]
pub struct Guard {
    allow_private: bool,
    allowed: RwLock<HashSet<String>>,
}

impl Guard {
    /// The guard of an engine built from `cfg`: `--allow-private` as set, and the
    /// proxy and `--resolve` hosts allowed (the user chose them).
    pub fn for_config(cfg: &super::CrawlConfig) -> Guard {
        let guard = Guard::new(cfg.allow_private);
        if let Some(host) = cfg
            .proxy
            .as_deref()
            .and_then(|p| url::Url::parse(p).ok())
            .and_then(|u| u.host_str().map(str::to_owned))
        {
            guard.allow_host(&host);
        }
        for (host, _) in &cfg.resolve {
            guard.allow_host(host);
        }
        guard
    }

    /// A guard; with `allow_private` every address passes.
    pub fn new(allow_private: bool) -> Guard {
        Guard {
            allow_private,
            allowed: RwLock::default(),
        }
    }

    /// Lets requests reach `host` (a target's host name or literal address)
    /// whatever it resolves to.
    pub fn allow_host(&self, host: &str) {
        if self.allow_private {
            return;
        }
        let key = host_key(host);
        if self.is_allowed_host(&key) {
            return;
        }
        let mut set = self.allowed.write().unwrap_or_else(|p| p.into_inner());
        if set.len() < MAX_ALLOWED {
            set.insert(key);
        }
    }

    fn is_allowed_host(&self, key: &str) -> bool {
        self.allowed
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .contains(key)
    }

    /// Checks a URL host before sending: a literal IP address must be public
    /// or allowed. Names pass here; their addresses are checked on resolution.
    pub fn check_host(&self, host: &url::Host<&str>) -> Result<(), Blocked> {
        let ip = match host {
            url::Host::Domain(_) => return Ok(()),
            url::Host::Ipv4(v4) => IpAddr::V4(*v4),
            url::Host::Ipv6(v6) => IpAddr::V6(*v6),
        };
        self.check_ip(&ip.to_string(), ip)
    }

    /// Whether `host` may connect to `ip`.
    pub fn check_ip(&self, host: &str, ip: IpAddr) -> Result<(), Blocked> {
        match non_public(ip) {
            None => Ok(()),
            Some(_) if self.allow_private => Ok(()),
            Some(_) if self.is_allowed_host(&host_key(host)) => Ok(()),
            Some(kind) => Err(Blocked { ip, kind }),
        }
    }

    /// The addresses of `host` that may be used; the first refusal when none may.
    pub fn filter(&self, host: &str, addrs: Vec<SocketAddr>) -> Result<Vec<SocketAddr>, Blocked> {
        let mut first = None;
        let kept: Vec<SocketAddr> = addrs
            .into_iter()
            .filter(|a| match self.check_ip(host, a.ip()) {
                Ok(()) => true,
                Err(b) => {
                    first.get_or_insert(b);
                    false
                }
            })
            .collect();
        match first {
            Some(b) if kept.is_empty() => Err(b),
            _ => Ok(kept),
        }
    }
}

/// Lowercase host without IPv6 brackets or a trailing dot.
fn host_key(host: &str) -> String {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// The system resolver with [`Guard::filter`] applied to every answer.
/// (`--resolve` overrides are applied by the client before it, so they pass.)
pub struct GuardedResolver {
    /// The guard applied to every answer.
    pub guard: Arc<Guard>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let guard = self.guard.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .take(64)
                .collect();
            let kept = guard.filter(&host, addrs)?;
            Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Option<&'static str> {
        non_public(s.parse().unwrap())
    }

    #[test]
    fn classifies_every_range() {
        let cases = [
            ("0.0.0.0", Some("unspecified")),
            ("0.1.2.3", Some("unspecified")),
            ("127.0.0.1", Some("loopback")),
            ("127.255.255.254", Some("loopback")),
            ("10.0.0.1", Some("private")),
            ("10.255.255.255", Some("private")),
            ("172.16.0.1", Some("private")),
            ("172.31.255.255", Some("private")),
            ("172.15.255.255", None),
            ("172.32.0.0", None),
            ("192.168.1.1", Some("private")),
            ("192.169.0.1", None),
            ("169.254.169.254", Some("link-local")),
            ("169.254.0.1", Some("link-local")),
            ("169.253.0.1", None),
            ("100.64.0.1", Some("shared (CGNAT)")),
            ("100.127.255.255", Some("shared (CGNAT)")),
            ("100.63.255.255", None),
            ("100.128.0.0", None),
            ("224.0.0.1", Some("multicast")),
            ("239.255.255.250", Some("multicast")),
            ("240.0.0.1", Some("reserved")),
            ("255.255.255.255", Some("broadcast")),
            ("8.8.8.8", None),
            ("93.184.216.34", None),
            ("::", Some("unspecified")),
            ("::1", Some("loopback")),
            ("fc00::1", Some("private")),
            ("fd12:3456:789a::1", Some("private")),
            ("fe80::1", Some("link-local")),
            ("febf::1", Some("link-local")),
            ("fec0::1", Some("private")),
            ("ff02::1", Some("multicast")),
            ("::ffff:10.0.0.1", Some("private")),
            ("::ffff:169.254.169.254", Some("link-local")),
            ("::ffff:8.8.8.8", None),
            ("64:ff9b::a00:1", Some("private")),
            ("64:ff9b::808:808", None),
            ("2606:4700::1111", None),
            ("2001:db8::1", None),
        ];
        for (ip, want) in cases {
            assert_eq!(kind(ip), want, "{ip}");
        }
    }

    fn sa(s: &str) -> SocketAddr {
        SocketAddr::new(s.parse().unwrap(), 80)
    }

    #[test]
    fn filter_drops_non_public_answers() {
        let g = Guard::new(false);
        // A name resolving only to a private address is refused, with the reason.
        let err = g
            .filter("intranet.example", vec![sa("10.0.0.5")])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "blocked: private address 10.0.0.5 (use --allow-private)"
        );
        // Mixed answers keep the public ones only.
        let kept = g
            .filter(
                "mixed.example",
                vec![sa("127.0.0.1"), sa("8.8.8.8"), sa("169.254.169.254")],
            )
            .unwrap();
        assert_eq!(kept, vec![sa("8.8.8.8")]);
        // An empty answer stays empty (the client reports "no address").
        assert_eq!(g.filter("none.example", vec![]).unwrap(), vec![]);
    }

    #[test]
    fn targets_and_allow_private_pass() {
        let g = Guard::new(false);
        assert!(g
            .check_ip("intranet.example", "10.1.2.3".parse().unwrap())
            .is_err());
        g.allow_host("Intranet.Example.");
        assert!(g
            .check_ip("intranet.example", "10.1.2.3".parse().unwrap())
            .is_ok());
        assert!(g.filter("intranet.example", vec![sa("10.1.2.3")]).is_ok());
        // Allowing one host does not open others.
        assert!(g
            .check_ip("other.example", "10.1.2.3".parse().unwrap())
            .is_err());
        // Literal hosts: checked before sending; a target address is allowed.
        let meta = url::Url::parse("http://169.254.169.254/latest/meta-data/").unwrap();
        assert!(g.check_host(&meta.host().unwrap()).is_err());
        let v6 = url::Url::parse("http://[fd00::1]/").unwrap();
        assert!(g.check_host(&v6.host().unwrap()).is_err());
        g.allow_host("[fd00::1]");
        assert!(g.check_host(&v6.host().unwrap()).is_ok());
        let name = url::Url::parse("http://localhost/").unwrap();
        assert!(
            g.check_host(&name.host().unwrap()).is_ok(),
            "names pass here"
        );
        let open = Guard::new(true);
        assert!(open.check_ip("x", "127.0.0.1".parse().unwrap()).is_ok());
        assert!(open.filter("x", vec![sa("10.0.0.1")]).is_ok());
    }

    #[tokio::test]
    async fn resolver_refuses_localhost() {
        use reqwest::dns::Resolve;
        let r = GuardedResolver {
            guard: Arc::new(Guard::new(false)),
        };
        let err = match r.resolve("localhost".parse().unwrap()).await {
            Ok(_) => panic!("localhost must be refused"),
            Err(e) => e.to_string(),
        };
        assert!(err.starts_with("blocked: loopback address"), "{err}");
        let allowed = GuardedResolver {
            guard: Arc::new(Guard::new(true)),
        };
        let addrs: Vec<_> = allowed
            .resolve("localhost".parse().unwrap())
            .await
            .unwrap()
            .collect();
        assert!(addrs.iter().all(|a| a.ip().is_loopback()) && !addrs.is_empty());
    }
}
