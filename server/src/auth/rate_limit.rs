//! Failed sign-in attempts, counted per key (a client address, or one shared key for everyone)
//! over a minute; past the key's limit, further failures answer 429 with Retry-After.
//!
//! These limits only ever slow down *failures*: a valid invitation link or device code is looked
//! up first and always answered (behind a TLS proxy or the venue's NAT every delegate shares one
//! address, so refusing by address would lock everybody out). What stops guessing is the secret
//! itself: 256 bits for links; for device codes, ten digits and a per-code cap on the wrong codes
//! tried during its life (see `Store::redeem_device_code`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures per client address per minute.
pub const MAX_FAILURES: usize = 5;
/// Unknown invitation links per minute from everyone together.
pub const MAX_UNKNOWN_LINKS: usize = 100;
pub const WINDOW: Duration = Duration::from_secs(60);
/// Sign-in links asked for by mail: per address asked for (known or not, so the limit tells
/// nothing), and per client address (a venue's NAT shares one: generous).
pub const MAIL_LINKS_PER_ADDRESS: usize = 3;
pub const MAIL_LINKS_PER_IP: usize = 30;
pub const MAIL_LINK_WINDOW: Duration = Duration::from_secs(15 * 60);

pub struct FailureLimiter {
    max: usize,
    window: Duration,
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Default for FailureLimiter {
    fn default() -> Self {
        FailureLimiter::with_max(MAX_FAILURES)
    }
}

impl FailureLimiter {
    pub fn with_max(max: usize) -> Self {
        FailureLimiter::with_window(max, WINDOW)
    }

    /// `max` events per `window` and key.
    pub fn with_window(max: usize, window: Duration) -> Self {
        FailureLimiter {
            max,
            window,
            failures: Mutex::default(),
        }
    }

    /// `Err(seconds)` to wait when `key` has used up its failures in the last minute.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let Some(times) = map.get_mut(key) else {
            return Ok(());
        };
        times.retain(|t| now.duration_since(*t) < self.window);
        if times.len() < self.max {
            return Ok(());
        }
        let oldest = times.iter().min().copied().unwrap_or(now);
        Err((self.window.saturating_sub(now.duration_since(oldest)))
            .as_secs()
            .max(1))
    }

    pub fn record_failure(&self, key: &str) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Keep memory bounded under a flood of distinct keys.
        if map.len() > 10_000 {
            map.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < self.window));
        }
        let times = map.entry(key.to_string()).or_default();
        times.retain(|t| now.duration_since(*t) < self.window);
        times.push(now);
    }

    /// Records a failure and says whether `key` was already over its limit (`Err(wait)`).
    pub fn fail(&self, key: &str) -> Result<(), u64> {
        let over = self.check(key);
        self.record_failure(key);
        over
    }
}

/// The client's address: the connecting peer, unless that peer is a trusted proxy
/// (`COMPANION_TRUSTED_PROXIES`); then the nearest address in `X-Forwarded-For` that is not one.
/// A header from anyone else is ignored, so clients cannot pick their own address.
pub fn client_address(
    peer: Option<IpAddr>,
    forwarded_for: Option<&str>,
    trusted: &[IpAddr],
) -> Option<IpAddr> {
    // An IPv4 proxy seen through a dual-stack socket is `::ffff:a.b.c.d`: compare it as IPv4.
    let trusted: Vec<IpAddr> = trusted.iter().map(IpAddr::to_canonical).collect();
    let trusted = trusted.as_slice();
    let peer = peer?.to_canonical();
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let mut hops = forwarded_for
        .unwrap_or("")
        .split(',')
        .rev()
        .map(|hop| hop.trim().parse::<IpAddr>().map(|ip| ip.to_canonical()));
    let mut nearest = peer;
    for hop in hops.by_ref() {
        match hop {
            Ok(ip) if trusted.contains(&ip) => nearest = ip,
            Ok(ip) => return Some(ip),
            // An unparseable hop: stop at the last address we could trust.
            Err(_) => break,
        }
    }
    Some(nearest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_then_refusal_with_a_wait() {
        let limiter = FailureLimiter::default();
        for _ in 0..MAX_FAILURES {
            assert!(limiter.fail("ip:1").is_ok());
        }
        let wait = limiter.check("ip:1").unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(limiter.check("ip:2").is_ok(), "other keys are unaffected");
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxy = [ip("10.0.0.2")];
        // Not a trusted peer: the header is the client's own invention.
        assert_eq!(
            client_address(Some(ip("203.0.113.9")), Some("1.2.3.4"), &proxy),
            Some(ip("203.0.113.9"))
        );
        // Through the proxy: the address it saw, not what the client prepended.
        assert_eq!(
            client_address(Some(ip("10.0.0.2")), Some("1.2.3.4, 198.51.100.7"), &proxy),
            Some(ip("198.51.100.7"))
        );
        assert_eq!(
            client_address(Some(ip("10.0.0.2")), None, &proxy),
            Some(ip("10.0.0.2"))
        );
        assert_eq!(
            client_address(Some(ip("10.0.0.2")), Some("garbage"), &proxy),
            Some(ip("10.0.0.2"))
        );
        // The proxy through a dual-stack socket, and two header lines joined.
        assert_eq!(
            client_address(
                Some(ip("::ffff:10.0.0.2")),
                Some("1.2.3.4,198.51.100.7"),
                &proxy
            ),
            Some(ip("198.51.100.7"))
        );
    }
}
