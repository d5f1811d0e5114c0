//! One push message on the wire: encrypted for the device (RFC 8291, aes128gcm), signed for
//! the push service (VAPID), sent over a shared client that reuses connections, follows no
//! redirect and connects only to public addresses.

use super::endpoint::{PushRules, is_public};
use super::vapid::Vapid;
use crate::clock::Clock;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// The largest plaintext one aes128gcm record of 4096 bytes can carry.
pub const MAX_PAYLOAD: usize = 3993;

/// The Web Push headers of one message.
#[derive(Clone, Debug)]
pub struct PushHeaders {
    pub ttl: u32,
    pub urgency: &'static str,
    pub topic: Option<String>,
}

/// What became of one send.
#[derive(Debug)]
pub enum Sent {
    /// The push service answered.
    Answered {
        status: u16,
        retry_after: Option<Duration>,
    },
    /// No connection was made: the rules or the message forbid it.
    Refused(String),
    /// A connection failed or timed out.
    Unreachable(String),
}

pub struct Sender {
    client: reqwest::Client,
    rules: PushRules,
    vapid: Arc<Vapid>,
    clock: Clock,
}

impl Sender {
    pub fn new(rules: PushRules, vapid: Arc<Vapid>, concurrency: usize) -> Sender {
        let resolver = PublicOnly {
            insecure_hosts: rules.insecure_hosts(),
        };
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(resolver))
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .pool_max_idle_per_host(concurrency.max(1))
            .pool_idle_timeout(Duration::from_secs(90))
            .tcp_nodelay(true)
            .build()
            .unwrap_or_default();
        Sender {
            client,
            rules,
            vapid,
            clock: Clock::System,
        }
    }

    /// The clock a `Retry-After` date is measured against (the system's by default).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn vapid(&self) -> &Vapid {
        &self.vapid
    }

    pub async fn send(
        &self,
        endpoint: &str,
        p256dh: &str,
        auth: &str,
        payload: &[u8],
        headers: &PushHeaders,
    ) -> Sent {
        // The rules may have changed since the browser subscribed: checked again now.
        let endpoint = match self.rules.parse(endpoint) {
            Ok(e) => e,
            Err(why) => return Sent::Refused(why),
        };
        if payload.len() > MAX_PAYLOAD {
            return Sent::Refused(format!(
                "payload of {} bytes is over {MAX_PAYLOAD}",
                payload.len()
            ));
        }
        let body = match encrypt(p256dh, auth, payload) {
            Ok(body) => body,
            Err(why) => return Sent::Refused(why),
        };
        let authorization = match self.vapid.authorization(endpoint.origin()) {
            Ok(a) => a,
            Err(e) => return Sent::Refused(e.to_string()),
        };
        let mut request = self
            .client
            .post(endpoint.as_str())
            .header("TTL", headers.ttl.to_string())
            .header("Urgency", headers.urgency)
            .header("Content-Encoding", "aes128gcm")
            .header("Content-Type", "application/octet-stream")
            .header("Authorization", authorization)
            .body(body);
        if let Some(topic) = &headers.topic {
            request = request.header("Topic", topic);
        }
        match request.send().await {
            Ok(response) => Sent::Answered {
                status: response.status().as_u16(),
                retry_after: retry_after(response.headers(), self.clock.wall()),
            },
            Err(e) if is_refused_address(&e) => Sent::Refused(error_chain(&e)),
            Err(e) => Sent::Unreachable(error_chain(&e)),
        }
    }
}

/// Encrypts for the browser's keys; bad keys are the subscription's fault, not the network's.
pub fn encrypt(p256dh: &str, auth: &str, payload: &[u8]) -> Result<Vec<u8>, String> {
    let key = URL_SAFE_NO_PAD
        .decode(p256dh.trim_end_matches('='))
        .map_err(|_| "p256dh is not base64url".to_string())?;
    let secret = URL_SAFE_NO_PAD
        .decode(auth.trim_end_matches('='))
        .map_err(|_| "auth is not base64url".to_string())?;
    ece::encrypt(&key, &secret, payload).map_err(|e| format!("cannot encrypt for these keys: {e}"))
}

fn retry_after(
    headers: &reqwest::header::HeaderMap,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
    (at.with_timezone(&chrono::Utc) - now).to_std().ok()
}

const NOT_PUBLIC: &str = "resolves to a non-public address";

fn is_refused_address(e: &reqwest::Error) -> bool {
    error_chain(e).contains(NOT_PUBLIC)
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Resolves push-service hosts and refuses the lot if any address is not public, so the
/// connection can only go where the check looked (no second lookup to rebind).
struct PublicOnly {
    insecure_hosts: Vec<String>,
}

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_ascii_lowercase();
        let insecure = self.insecure_hosts.contains(&host);
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if addrs.is_empty() {
                return Err(format!("{host} does not resolve").into());
            }
            if !insecure && addrs.iter().any(|a| !is_public(a.ip())) {
                return Err(format!("{host} {NOT_PUBLIC}").into());
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}
