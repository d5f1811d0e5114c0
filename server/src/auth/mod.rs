//! Sessions: a signed JWT in an HttpOnly cookie, backed by a server-side record so that
//! sign-out and revocation take effect at once.

pub mod csrf;
pub mod rate_limit;
pub mod tokens;
mod viewer;

pub use viewer::authenticate;

use crate::clock::Clock;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::store::Store;
use app::access::PersonId;
use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use rand::RngCore;
use rate_limit::FailureLimiter;
use std::sync::Arc;
use tokens::SessionKeys;

pub const SESSION_COOKIE: &str = "dc_session";

/// The signed-in device's session id (the JWT's `jti`), for signing out.
#[derive(Clone, Debug)]
pub struct SessionId(pub String);

pub struct PendingSession {
    pub jti: String,
    pub now: chrono::DateTime<chrono::Utc>,
    pub expires: chrono::DateTime<chrono::Utc>,
}

pub struct Auth {
    keys: SessionKeys,
    secure_cookie: bool,
    pub public_url: String,
    pub session_ttl: Duration,
    pub invitation_ttl: Duration,
    /// Failed sign-in attempts per client address.
    pub limiter: FailureLimiter,
    /// Unknown invitation links, from everyone together.
    pub unknown_links: FailureLimiter,
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Wrong codes tried anywhere before a live device code is withdrawn.
    pub device_code_exposure: i64,
    /// Sign-in links asked for by mail, per client address and per address asked for.
    pub mail_links_by_ip: FailureLimiter,
    pub mail_links_by_address: FailureLimiter,
}

impl Auth {
    pub async fn load(store: &Store, config: &Config) -> Result<Arc<Self>> {
        let secret = match &config.jwt_secret {
            Some(s) if s.len() >= 32 => s.clone(),
            Some(_) => {
                return Err(Error::Config(
                    "COMPANION_JWT_SECRET must be at least 32 characters".into(),
                ));
            }
            None => {
                store
                    .secret("jwt_secret", || {
                        let mut bytes = [0u8; 32];
                        rand::rng().fill_bytes(&mut bytes);
                        URL_SAFE_NO_PAD.encode(bytes)
                    })
                    .await?
            }
        };
        let public_url = config.public_url.trim_end_matches('/').to_string();
        Ok(Arc::new(Auth {
            keys: SessionKeys::new(secret.as_bytes()),
            secure_cookie: !is_plain_http_loopback(&public_url),
            public_url,
            session_ttl: Duration::days(30),
            invitation_ttl: Duration::days(config.invitation_days.max(1)),
            limiter: FailureLimiter::default(),
            unknown_links: FailureLimiter::with_max(rate_limit::MAX_UNKNOWN_LINKS),
            trusted_proxies: config.trusted_proxies.clone(),
            device_code_exposure: config.device_code_exposure.max(1),
            mail_links_by_ip: FailureLimiter::with_window(
                rate_limit::MAIL_LINKS_PER_IP,
                rate_limit::MAIL_LINK_WINDOW,
            ),
            mail_links_by_address: FailureLimiter::with_window(
                rate_limit::MAIL_LINKS_PER_ADDRESS,
                rate_limit::MAIL_LINK_WINDOW,
            ),
        }))
    }

    /// A device session about to be recorded: its id and lifetime.
    pub fn begin_session(&self, clock: &Clock) -> PendingSession {
        let now = clock.now();
        PendingSession {
            jti: tokens::new_id(),
            now,
            expires: now + self.session_ttl,
        }
    }

    /// The cookie for a recorded session.
    pub fn session_cookie(&self, person_id: &PersonId, session: &PendingSession) -> HeaderValue {
        let token = self
            .keys
            .issue(person_id, &session.jti, session.now, session.expires);
        self.cookie(&token, (session.expires - session.now).num_seconds())
    }

    pub fn clear_cookie(&self) -> HeaderValue {
        self.cookie("", 0)
    }

    fn cookie(&self, value: &str, max_age: i64) -> HeaderValue {
        let secure = if self.secure_cookie { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{SESSION_COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
        ))
        .unwrap_or(HeaderValue::from_static(""))
    }

    pub fn invitation_link(&self, token: &str) -> String {
        format!("{}/invite/{token}", self.public_url)
    }
}

/// `Secure` cookies are only relaxed for plain-http loopback (a developer's machine, tests).
fn is_plain_http_loopback(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host = host
        .rsplit_once(':')
        .filter(|(_, port)| port.parse::<u16>().is_ok())
        .map_or(host, |(h, _)| h);
    matches!(host, "localhost" | "[::1]")
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Appends a `Set-Cookie` header to a response.
pub fn with_cookie(mut response: Response, cookie: HeaderValue) -> Response {
    response.headers_mut().append(SET_COOKIE, cookie);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_loopback_relaxes_secure() {
        assert!(is_plain_http_loopback("http://127.0.0.1:3000"));
        assert!(is_plain_http_loopback("http://localhost"));
        assert!(!is_plain_http_loopback("https://127.0.0.1:3000"));
        assert!(!is_plain_http_loopback("http://companion.example.org"));
        assert!(!is_plain_http_loopback("http://127.evil.example"));
    }
}
