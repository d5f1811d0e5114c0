//! The server's VAPID identity (RFC 8292): a P-256 key from configuration, or generated on
//! first run and kept in the database. One signature per push-service origin is reused until it
//! nears expiry: signing per message would cost an ECDSA signature each.

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::Store;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use web_push::{PartialVapidSignatureBuilder, SubscriptionInfo, VapidSignatureBuilder};

/// How long a signature is valid (the push services accept up to 24 h).
const LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// A signature is renewed when less than this is left.
const RENEW_BEFORE: Duration = Duration::from_secs(3600);

pub struct Vapid {
    builder: PartialVapidSignatureBuilder,
    public_key: String,
    subject: String,
    cache: Mutex<HashMap<String, (String, Instant)>>,
    signatures: AtomicU64,
    /// Where a signature's expiry comes from (the wall clock).
    clock: Clock,
}

impl Vapid {
    /// The clock signature lifetimes are counted on (the system's by default).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub async fn load(store: &Store, configured: Option<&str>, subject: String) -> Result<Vapid> {
        let private = match configured {
            Some(key) => key.to_string(),
            None => {
                store
                    .secret("vapid_private_key", generate_private_key)
                    .await?
            }
        };
        let private = scalar_of_32_bytes(&private)?;
        let builder = VapidSignatureBuilder::from_base64_no_sub(&private).map_err(|e| {
            Error::Config(format!(
                "COMPANION_VAPID_PRIVATE_KEY is not a base64url P-256 key: {e}"
            ))
        })?;
        let public_key = URL_SAFE_NO_PAD.encode(builder.get_public_key());
        if !(subject.starts_with("mailto:") || subject.starts_with("https://")) {
            return Err(Error::Config(format!(
                "the VAPID subject must be a mailto: or https: address, not {subject:?}"
            )));
        }
        Ok(Vapid {
            builder,
            public_key,
            subject,
            cache: Mutex::new(HashMap::new()),
            signatures: AtomicU64::new(0),
            clock: Clock::System,
        })
    }

    /// What browsers subscribe with (`applicationServerKey`), base64url.
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// How many signatures were made since start (the benchmark prints it).
    pub fn signatures_made(&self) -> u64 {
        self.signatures.load(Ordering::Relaxed)
    }

    /// The `Authorization` header for a push service origin (`https://host`).
    pub fn authorization(&self, origin: &str) -> Result<String> {
        let now = Instant::now();
        if let Ok(cache) = self.cache.lock() {
            if let Some((header, expires)) = cache.get(origin) {
                if *expires > now + RENEW_BEFORE {
                    return Ok(header.clone());
                }
            }
        }
        let info = SubscriptionInfo::new(origin, "", "");
        let mut builder = self.builder.clone().add_sub_info(&info);
        builder.add_claim("sub", self.subject.as_str());
        // The audience is the origin with its port (the library would drop a non-default one).
        builder.add_claim("aud", origin);
        let exp = self.clock.wall() + LIFETIME;
        builder.add_claim("exp", exp.timestamp());
        let signature = builder
            .build()
            .map_err(|e| Error::Internal(format!("VAPID signature for {origin}: {e}")))?;
        self.signatures.fetch_add(1, Ordering::Relaxed);
        let header = format!(
            "vapid t={}, k={}",
            signature.auth_t,
            URL_SAFE_NO_PAD.encode(&signature.auth_k)
        );
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(origin.to_string(), (header.clone(), now + LIFETIME));
        }
        Ok(header)
    }
}

/// The key as 32 big-endian bytes: OpenSSL writes a scalar with leading zero bytes shorter
/// (one key in 256 is 31 bytes), and the signing library panics on anything but 32.
fn scalar_of_32_bytes(key: &str) -> Result<String> {
    let bad = |why: &str| Error::Config(format!("COMPANION_VAPID_PRIVATE_KEY: {why}"));
    let raw = URL_SAFE_NO_PAD
        .decode(key.trim().trim_end_matches('='))
        .map_err(|_| bad("not base64url"))?;
    if raw.is_empty() || raw.len() > 32 {
        return Err(bad("a P-256 private key is 32 bytes"));
    }
    let mut scalar = [0u8; 32];
    scalar[32 - raw.len()..].copy_from_slice(&raw);
    Ok(URL_SAFE_NO_PAD.encode(scalar))
}

fn generate_private_key() -> String {
    match ece::generate_keypair_and_auth_secret().and_then(|(pair, _)| pair.raw_components()) {
        Ok(components) => URL_SAFE_NO_PAD.encode(components.private_key()),
        Err(e) => {
            // Without a key nothing can be signed; start-up reports it below as a config error.
            tracing::error!(error = %e, "could not generate a VAPID key");
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_signature_per_origin_until_it_nears_expiry() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/v.db", dir.path().display()))
            .await
            .unwrap();
        let vapid = Vapid::load(&store, None, "mailto:ops@icmpd.org".into())
            .await
            .unwrap();
        let a = vapid.authorization("https://fcm.googleapis.com").unwrap();
        let b = vapid.authorization("https://fcm.googleapis.com").unwrap();
        let c = vapid.authorization("https://web.push.apple.com").unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(vapid.signatures_made(), 2);
        assert!(a.starts_with("vapid t=") && a.contains(&format!("k={}", vapid.public_key())));
        // The key is kept: a restart signs with the same identity.
        let again = Vapid::load(&store, None, "mailto:ops@icmpd.org".into())
            .await
            .unwrap();
        assert_eq!(again.public_key(), vapid.public_key());
        assert!(
            Vapid::load(&store, None, "ops@icmpd.org".into())
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn short_keys_are_padded_and_wrong_ones_refused_without_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}/v.db", dir.path().display()))
            .await
            .unwrap();
        let subject = || "mailto:ops@icmpd.org".to_string();
        // A valid scalar with a leading zero byte, as OpenSSL writes it: 31 bytes.
        let mut short = [7u8; 31];
        short[0] = 1;
        let padded = Vapid::load(&store, Some(&URL_SAFE_NO_PAD.encode(short)), subject()).await;
        let mut full = [0u8; 32];
        full[1..].copy_from_slice(&short);
        let same = Vapid::load(&store, Some(&URL_SAFE_NO_PAD.encode(full)), subject()).await;
        assert_eq!(padded.unwrap().public_key(), same.unwrap().public_key());
        for bad in [
            URL_SAFE_NO_PAD.encode([1u8; 33]),
            String::new(),
            "not base64!".into(),
        ] {
            assert!(
                Vapid::load(&store, Some(&bad), subject()).await.is_err(),
                "{bad}"
            );
        }
    }
}
