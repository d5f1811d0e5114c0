//! A push service for tests and benchmarks, on loopback: hands out subscriptions (with the
//! private keys a browser would keep), accepts Web Push POSTs, checks the VAPID JWT, decrypts
//! the aes128gcm body as the browser would (RFC 8291), records what arrived, and can answer
//! 410 / 429 / 503 and add latency on demand. `mock-push` runs it as a program.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ece::EcKeyComponents;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Share of requests answered with each failure, and added latency.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// Answered 410 (and the subscription is gone from then on).
    pub gone: f64,
    /// Answered 429 with `Retry-After: 1`.
    pub too_many: f64,
    /// Answered 503.
    pub unavailable: f64,
    pub latency: Duration,
    pub seed: u64,
}

/// What a browser hands the app after subscribing (`PushSubscription.toJSON()`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MockSubscription {
    pub endpoint: String,
    pub keys: SubscriptionKeys,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SubscriptionKeys {
    pub p256dh: String,
    pub auth: String,
}

/// One message as the device would see it.
#[derive(Clone, Debug, Serialize)]
pub struct Received {
    pub subscription: String,
    pub payload: String,
    pub topic: Option<String>,
    pub urgency: Option<String>,
    pub ttl: Option<u64>,
    #[serde(skip)]
    pub at: Option<Instant>,
}

#[derive(Default)]
struct Inner {
    keys: HashMap<String, (EcKeyComponents, Vec<u8>)>,
    gone: HashSet<String>,
    received: Vec<Received>,
    /// Every POST, whatever the answer.
    requests: u64,
    rejected: Vec<String>,
    /// Distinct VAPID JWTs seen: how many signatures the sender made.
    tokens: HashSet<String>,
    /// Authorization headers already verified.
    verified: HashSet<String>,
}

#[derive(Clone)]
pub struct MockPush {
    origin: String,
    faults: Faults,
    rng: Arc<Mutex<StdRng>>,
    inner: Arc<Mutex<Inner>>,
}

impl MockPush {
    /// Starts on `127.0.0.1:port` (0: any free port).
    pub async fn start(port: u16, faults: Faults) -> std::io::Result<MockPush> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let origin = format!("http://{}", listener.local_addr()?);
        let mock = MockPush {
            origin,
            rng: Arc::new(Mutex::new(StdRng::seed_from_u64(faults.seed))),
            faults,
            inner: Arc::new(Mutex::new(Inner::default())),
        };
        let app = Router::new()
            .route("/push/{id}", post(receive))
            .route("/subscribe", post(subscribe_over_http))
            .route("/messages", get(messages_over_http))
            .with_state(mock.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(mock)
    }

    /// `127.0.0.1:port`, for `COMPANION_PUSH_ALLOW_INSECURE_HOSTS`.
    pub fn host(&self) -> &str {
        self.origin.trim_start_matches("http://")
    }

    /// A new subscription, as `pushManager.subscribe()` would give.
    pub fn subscribe(&self) -> MockSubscription {
        let (pair, auth) = ece::generate_keypair_and_auth_secret().expect("ECE keys");
        let components = pair.raw_components().expect("ECE key components");
        let public = pair.pub_as_raw().expect("ECE public key");
        let id = crate::auth::tokens::new_id();
        self.lock()
            .keys
            .insert(id.clone(), (components, auth.to_vec()));
        MockSubscription {
            endpoint: format!("{}/push/{id}", self.origin),
            keys: SubscriptionKeys {
                p256dh: URL_SAFE_NO_PAD.encode(public),
                auth: URL_SAFE_NO_PAD.encode(auth),
            },
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    pub fn received_count(&self) -> usize {
        self.lock().received.len()
    }

    pub fn requests(&self) -> u64 {
        self.lock().requests
    }

    /// Subscriptions the mock answered 410 for.
    pub fn gone(&self) -> HashSet<String> {
        self.lock().gone.clone()
    }

    /// How many different VAPID signatures arrived.
    pub fn distinct_signatures(&self) -> usize {
        self.lock().tokens.len()
    }

    /// Requests refused for a bad VAPID header or an undecryptable body, with why.
    pub fn rejected(&self) -> Vec<String> {
        self.lock().rejected.clone()
    }

    /// Waits until at least `n` messages arrived; false on timeout.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.received_count() >= n {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        self.received_count() >= n
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn draw(&self) -> f64 {
        self.rng
            .lock()
            .map(|mut r| r.random::<f64>())
            .unwrap_or(1.0)
    }
}

async fn receive(
    State(mock): State<MockPush>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !mock.faults.latency.is_zero() {
        tokio::time::sleep(mock.faults.latency).await;
    }
    let keys = {
        let mut inner = mock.lock();
        inner.requests += 1;
        if inner.gone.contains(&id) {
            return StatusCode::GONE.into_response();
        }
        inner.keys.get(&id).cloned()
    };
    let Some((components, auth)) = keys else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let reject = |why: String| {
        mock.lock().rejected.push(why.clone());
        (StatusCode::BAD_REQUEST, why).into_response()
    };
    // A push service checks a signature once and then knows it (until it expires).
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let known = mock.lock().verified.contains(&authorization);
    if !known {
        match check_vapid(&headers, &mock.origin) {
            Ok(token) => {
                let mut inner = mock.lock();
                inner.tokens.insert(token);
                inner.verified.insert(authorization);
            }
            Err(why) => return reject(why),
        }
    }
    if headers
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        != Some("aes128gcm")
    {
        return reject("Content-Encoding must be aes128gcm".into());
    }
    let roll = mock.draw();
    let f = &mock.faults;
    if roll < f.gone {
        mock.lock().gone.insert(id);
        return StatusCode::GONE.into_response();
    }
    if roll < f.gone + f.too_many {
        return (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")]).into_response();
    }
    if roll < f.gone + f.too_many + f.unavailable {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    // The browser's side of RFC 8291, on the pool of blocking threads: it costs an ECDH each.
    let plain = tokio::task::spawn_blocking(move || ece::decrypt(&components, &auth, &body)).await;
    let payload = match plain {
        Ok(Ok(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
        _ => return reject("the body does not decrypt with the subscription's keys".into()),
    };
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    mock.lock().received.push(Received {
        subscription: id,
        payload,
        topic: header("topic"),
        urgency: header("urgency"),
        ttl: header("ttl").and_then(|t| t.parse().ok()),
        at: Some(Instant::now()),
    });
    StatusCode::CREATED.into_response()
}

/// `Authorization: vapid t=<JWT>, k=<public key>`: an ES256 JWT signed by that key, for this
/// origin, expiring within 24 hours, with a mailto: or https: contact.
fn check_vapid(headers: &HeaderMap, origin: &str) -> Result<String, String> {
    let value = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .ok_or("no Authorization header")?;
    let rest = value
        .strip_prefix("vapid ")
        .ok_or("Authorization is not vapid")?;
    let mut token = None;
    let mut key = None;
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(t) = part.strip_prefix("t=") {
            token = Some(t);
        } else if let Some(k) = part.strip_prefix("k=") {
            key = Some(k);
        }
    }
    let (token, key) = (token.ok_or("no t=")?, key.ok_or("no k=")?);
    let point = URL_SAFE_NO_PAD
        .decode(key)
        .map_err(|_| "k is not base64url")?;
    if point.len() != 65 || point[0] != 4 {
        return Err("k is not an uncompressed P-256 point".into());
    }
    let decoding = jsonwebtoken::DecodingKey::from_ec_components(
        &URL_SAFE_NO_PAD.encode(&point[1..33]),
        &URL_SAFE_NO_PAD.encode(&point[33..]),
    )
    .map_err(|e| format!("k: {e}"))?;
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    validation.set_audience(&[origin]);
    validation.set_required_spec_claims(&["exp", "aud", "sub"]);
    let data = jsonwebtoken::decode::<serde_json::Value>(token, &decoding, &validation)
        .map_err(|e| format!("VAPID JWT: {e}"))?;
    let exp = data.claims["exp"].as_i64().unwrap_or(0);
    if exp > chrono::Utc::now().timestamp() + 24 * 3600 {
        return Err("VAPID JWT expires more than 24 h ahead".into());
    }
    let sub = data.claims["sub"].as_str().unwrap_or_default();
    if !(sub.starts_with("mailto:") || sub.starts_with("https:")) {
        return Err(format!("VAPID sub {sub:?} is not mailto: or https:"));
    }
    Ok(token.to_string())
}

async fn subscribe_over_http(State(mock): State<MockPush>) -> Response {
    (StatusCode::CREATED, axum::Json(mock.subscribe())).into_response()
}

#[derive(Deserialize)]
struct MessagesQuery {
    endpoint: Option<String>,
}

/// What arrived, optionally for one subscription (by its endpoint).
async fn messages_over_http(
    State(mock): State<MockPush>,
    Query(q): Query<MessagesQuery>,
) -> Response {
    let id = q
        .endpoint
        .as_deref()
        .and_then(|e| e.rsplit('/').next())
        .map(str::to_string);
    let list: Vec<Received> = mock
        .received()
        .into_iter()
        .filter(|r| id.as_ref().is_none_or(|id| &r.subscription == id))
        .collect();
    axum::Json(list).into_response()
}
