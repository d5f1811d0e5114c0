//! Where a push message may go. The server POSTs to addresses that browsers (so, anyone) give
//! it, so an endpoint is parsed, not trusted: `https`, port 443, no userinfo, a host on the
//! push-service allowlist; and at send time every address the host resolves to must be public.
//! The only relaxation is the explicit list of loopback `host:port`s for tests and benchmarks.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The push services browsers use today (configurable).
pub const DEFAULT_PUSH_HOSTS: &str =
    "fcm.googleapis.com,updates.push.services.mozilla.com,*.push.apple.com,*.notify.windows.com";

/// What the push rules allow: the host allowlist and the explicit insecure (test) hosts.
#[derive(Clone, Debug, Default)]
pub struct PushRules {
    hosts: Vec<String>,
    insecure: Vec<String>,
}

/// A subscription endpoint that passed the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushEndpoint {
    url: String,
    /// `scheme://host[:port]`: the VAPID audience, and the key of the signature cache.
    origin: String,
    /// Allowed only through the explicit insecure list: loopback, plain http.
    insecure: bool,
}

impl PushRules {
    pub fn new(hosts: &str, insecure: &str) -> PushRules {
        let list = |s: &str| {
            s.split(',')
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect()
        };
        PushRules {
            hosts: list(hosts),
            insecure: list(insecure),
        }
    }

    /// The hosts (without port) of the explicit insecure list: the resolver lets them be loopback.
    pub fn insecure_hosts(&self) -> Vec<String> {
        self.insecure
            .iter()
            .filter_map(|h| {
                h.rsplit_once(':')
                    .map(|(host, _)| host.trim_matches(['[', ']']).to_string())
            })
            .collect()
    }

    pub fn parse(&self, endpoint: &str) -> Result<PushEndpoint, String> {
        if endpoint.len() > 2048 {
            return Err("the endpoint is too long".into());
        }
        let url =
            reqwest::Url::parse(endpoint).map_err(|_| "the endpoint is not a URL".to_string())?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err("the endpoint must not carry a user name or password".into());
        }
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_ascii_lowercase(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => format!("[{ip}]"),
            None => return Err("the endpoint has no host".into()),
        };
        let port = url.port_or_known_default().unwrap_or(0);
        let host_port = format!("{host}:{port}");
        if self.insecure.contains(&host_port) {
            let origin = format!("{}://{host_port}", url.scheme());
            return Ok(PushEndpoint {
                url: url.into(),
                origin,
                insecure: true,
            });
        }
        if url.scheme() != "https" {
            return Err("the endpoint must use https".into());
        }
        if port != 443 {
            return Err("the endpoint must use port 443".into());
        }
        if !matches!(url.host(), Some(url::Host::Domain(_))) {
            return Err("the endpoint must name a push service, not an address".into());
        }
        if !self
            .hosts
            .iter()
            .any(|allowed| host_matches(allowed, &host))
        {
            return Err(format!("{host} is not a known push service"));
        }
        let origin = format!("https://{host}");
        Ok(PushEndpoint {
            url: url.into(),
            origin,
            insecure: false,
        })
    }
}

fn host_matches(allowed: &str, host: &str) -> bool {
    match allowed.strip_prefix("*.") {
        Some(suffix) => host
            .strip_suffix(suffix)
            .is_some_and(|rest| rest.len() > 1 && rest.ends_with('.')),
        None => allowed == host,
    }
}

impl PushEndpoint {
    pub fn as_str(&self) -> &str {
        &self.url
    }
    pub fn origin(&self) -> &str {
        &self.origin
    }
    pub fn insecure(&self) -> bool {
        self.insecure
    }
}

/// Whether a push message may be sent to this address: not loopback, private, link-local,
/// CGNAT, documentation, multicast, NAT64, 6to4, unique-local or otherwise special.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            let special = v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0x64 && s[1] == 0xff9b) // NAT64 64:ff9b::/96 and 64:ff9b:1::/48
                || s[0] == 0x2002 // 6to4
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x2001 && s[1] < 0x0200) // Teredo, benchmarking, ORCHID and other IETF blocks
                || s[..6] == [0; 6]; // IPv4-compatible ::/96
            !special && v6 != Ipv6Addr::UNSPECIFIED
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // CGNAT 100.64/10
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 240) // reserved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PushRules {
        PushRules::new(DEFAULT_PUSH_HOSTS, "127.0.0.1:9999")
    }

    #[test]
    fn the_push_services_of_browsers_are_accepted() {
        for ok in [
            "https://fcm.googleapis.com/fcm/send/abc:def",
            "https://updates.push.services.mozilla.com/wpush/v2/gAAA",
            "https://web.push.apple.com/QGx",
            "https://wns2-par02p.notify.windows.com/w/?token=x",
            "https://fcm.googleapis.com:443/fcm/send/x",
        ] {
            let e = rules().parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert!(!e.insecure());
            assert!(e.origin().starts_with("https://"));
        }
    }

    #[test]
    fn everything_else_is_refused_with_a_reason() {
        for (bad, why) in [
            ("http://fcm.googleapis.com/x", "https"),
            ("https://fcm.googleapis.com:8443/x", "443"),
            ("https://user:pw@fcm.googleapis.com/x", "user name"),
            ("https://evil.example/x", "not a known push service"),
            (
                "https://push.apple.com.evil.example/x",
                "not a known push service",
            ),
            ("https://evilpush.apple.com/x", "not a known push service"),
            ("https://127.0.0.1/x", "address"),
            ("https://[::1]/x", "address"),
            ("https://127.0.0.1:9998/x", "443"),
            ("http://127.0.0.1:9998/x", "https"),
            ("not a url", "not a URL"),
            ("ftp://fcm.googleapis.com/x", "https"),
        ] {
            let err = rules().parse(bad).expect_err(bad);
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn loopback_only_through_the_explicit_list() {
        let e = rules().parse("http://127.0.0.1:9999/push/1").unwrap();
        assert!(e.insecure());
        assert_eq!(e.origin(), "http://127.0.0.1:9999");
        assert!(
            PushRules::new(DEFAULT_PUSH_HOSTS, "")
                .parse("http://127.0.0.1:9999/push/1")
                .is_err()
        );
    }

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "64:ff9b::a00:1",
            "2002:a00:1::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "::",
            "2001:db8::1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in [
            "142.250.185.74",
            "17.57.146.20",
            "100.128.0.1",
            "2a00:1450:4001:80b::200a",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }
}
