//! Secrets handed to people: invitation links, device codes, and the session JWT.

use app::access::PersonId;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// 256 random bits, URL-safe: the secret part of an invitation link.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A random identifier (128 bits, hex) for people and sessions.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

/// Lower-case hex of some bytes (ids, hashes, build names).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Digits in a device code.
pub const DEVICE_CODE_DIGITS: usize = 10;
/// Wrong codes that may be tried (anywhere) during one code's life before it is withdrawn, by
/// default (`--device-code-exposure`): at most this many guesses at each code, so at most 1 in
/// 500,000 of guessing it; and withdrawing every live code takes 33 wrong codes a second, kept up.
pub const DEVICE_CODE_EXPOSURE: i64 = 20_000;

/// Ten digits for signing in a second device: short enough to type, valid for 10 minutes.
pub fn new_device_code() -> String {
    use rand::Rng;
    format!("{:010}", rand::rng().random_range(0..10_000_000_000u64))
}

/// A device code as people read it: two groups of five.
pub fn display_device_code(code: &str) -> String {
    match code.len() {
        DEVICE_CODE_DIGITS => format!("{} {}", &code[..5], &code[5..]),
        _ => code.to_string(),
    }
}

/// What the database keeps instead of a token.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Whether `token` hashes to `stored`, in constant time.
pub fn token_matches(token: &str, stored: &str) -> bool {
    hash_token(token).as_bytes().ct_eq(stored.as_bytes()).into()
}

const LEEWAY_SECONDS: i64 = 30;
pub const AUDIENCE: &str = "delegate-companion";
pub const ISSUER: &str = "delegate-companion";

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    pub sub: String,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
    pub aud: String,
    pub iss: String,
}

/// HS256 only; the key is at least 32 bytes.
#[derive(Clone)]
pub struct SessionKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl SessionKeys {
    pub fn new(secret: &[u8]) -> Self {
        SessionKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    pub fn issue(
        &self,
        person_id: &PersonId,
        jti: &str,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> String {
        let claims = Claims {
            sub: person_id.to_string(),
            jti: jti.into(),
            iat: now.timestamp(),
            exp: expires.timestamp(),
            aud: AUDIENCE.into(),
            iss: ISSUER.into(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).unwrap_or_default()
    }

    /// Verifies signature, algorithm, `exp` (30 s leeway, against the server's clock), `aud`
    /// and `iss`. Tokens whose header points at other keys (`jku`, `jwk`, `x5u`, `kid`) are
    /// refused outright: we have one key.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Option<Claims> {
        let header = decode_header(token).ok()?;
        if header.alg != Algorithm::HS256
            || header.jku.is_some()
            || header.jwk.is_some()
            || header.x5u.is_some()
            || header.kid.is_some()
        {
            return None;
        }
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked below against the server's clock, which a demo may set.
        validation.validate_exp = false;
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iat", "aud", "iss", "sub"]);
        let claims = decode::<Claims>(token, &self.decoding, &validation)
            .ok()?
            .claims;
        (claims.exp + LEEWAY_SECONDS >= now.timestamp()).then_some(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use serde_json::json;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn keys() -> SessionKeys {
        SessionKeys::new(SECRET)
    }

    impl SessionKeys {
        fn verify_now(&self, token: &str) -> Option<Claims> {
            self.verify(token, Utc::now())
        }
    }

    fn b64(value: &serde_json::Value) -> String {
        URL_SAFE_NO_PAD.encode(value.to_string())
    }

    fn claims(exp_from_now: i64) -> serde_json::Value {
        let now = Utc::now().timestamp();
        json!({"sub": "p1", "jti": "j1", "iat": now, "exp": now + exp_from_now, "aud": AUDIENCE, "iss": ISSUER})
    }

    /// Signs any header and claims with HS256 and the given key, as an attacker could.
    fn forge(header: serde_json::Value, claims: serde_json::Value, key: &[u8]) -> String {
        use hmac::{Hmac, Mac};
        let signing_input = format!("{}.{}", b64(&header), b64(&claims));
        let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
        mac.update(signing_input.as_bytes());
        format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        )
    }

    #[test]
    fn a_fresh_token_verifies() {
        let now = Utc::now();
        let token = keys().issue(&PersonId("p1".into()), "j1", now, now + Duration::days(1));
        assert_eq!(keys().verify_now(&token).unwrap().sub, "p1");
        assert_eq!(
            keys()
                .verify_now(&forge(
                    json!({"alg": "HS256", "typ": "JWT"}),
                    claims(60),
                    SECRET
                ))
                .unwrap()
                .jti,
            "j1"
        );
    }

    #[test]
    fn alg_none_is_rejected() {
        let token = format!(
            "{}.{}.",
            b64(&json!({"alg": "none", "typ": "JWT"})),
            b64(&claims(60))
        );
        assert!(keys().verify_now(&token).is_none());
    }

    #[test]
    fn hs256_signed_with_a_public_key_is_rejected() {
        // The classic RS256→HS256 confusion: an attacker signs with a public key's bytes.
        let public_key = b"-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";
        assert!(
            keys()
                .verify_now(&forge(json!({"alg": "HS256"}), claims(60), public_key))
                .is_none()
        );
        assert!(
            keys()
                .verify_now(&forge(json!({"alg": "RS256"}), claims(60), SECRET))
                .is_none()
        );
    }

    #[test]
    fn a_tampered_signature_or_payload_is_rejected() {
        let now = Utc::now();
        let token = keys().issue(&PersonId("p1".into()), "j1", now, now + Duration::days(1));
        let mut parts: Vec<String> = token.split('.').map(String::from).collect();
        let last = parts[2].pop().unwrap();
        parts[2].push(if last == 'A' { 'B' } else { 'A' });
        assert!(keys().verify_now(&parts.join(".")).is_none());
        let mut other = claims(60);
        other["sub"] = "organiser".into();
        let parts: Vec<&str> = token.split('.').collect();
        assert!(
            keys()
                .verify_now(&format!("{}.{}.{}", parts[0], b64(&other), parts[2]))
                .is_none()
        );
    }

    #[test]
    fn headers_pointing_at_other_keys_are_rejected() {
        for extra in [
            json!({"alg": "HS256", "jku": "https://evil.example/keys"}),
            json!({"alg": "HS256", "jwk": {"kty": "oct", "k": "AAAA"}}),
            json!({"alg": "HS256", "kid": "../../dev/null"}),
            json!({"alg": "HS256", "x5u": "https://evil.example/cert"}),
        ] {
            assert!(
                keys()
                    .verify_now(&forge(extra.clone(), claims(60), SECRET))
                    .is_none(),
                "{extra}"
            );
        }
    }

    #[test]
    fn expiry_beyond_the_leeway_and_missing_exp_are_rejected() {
        assert!(
            keys()
                .verify_now(&forge(json!({"alg": "HS256"}), claims(-20), SECRET))
                .is_some(),
            "within leeway"
        );
        assert!(
            keys()
                .verify_now(&forge(json!({"alg": "HS256"}), claims(-120), SECRET))
                .is_none()
        );
        let mut no_exp = claims(60);
        no_exp.as_object_mut().unwrap().remove("exp");
        assert!(
            keys()
                .verify_now(&forge(json!({"alg": "HS256"}), no_exp, SECRET))
                .is_none()
        );
    }

    #[test]
    fn wrong_or_missing_audience_is_rejected() {
        let mut wrong = claims(60);
        wrong["aud"] = "someone-else".into();
        assert!(
            keys()
                .verify_now(&forge(json!({"alg": "HS256"}), wrong, SECRET))
                .is_none()
        );
        let mut missing = claims(60);
        missing.as_object_mut().unwrap().remove("aud");
        assert!(
            keys()
                .verify_now(&forge(json!({"alg": "HS256"}), missing, SECRET))
                .is_none()
        );
    }

    #[test]
    fn tokens_are_long_random_and_compared_by_hash() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(a.len() >= 43, "256 bits in base64url");
        assert!(token_matches(&a, &hash_token(&a)));
        assert!(!token_matches(&b, &hash_token(&a)));
        assert_eq!(new_device_code().len(), DEVICE_CODE_DIGITS);
        assert_eq!(display_device_code("0123456789"), "01234 56789");
    }
}
