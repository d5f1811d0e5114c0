//! Entry passes: a compact JWS (RFC 7515) signed with Ed25519 (`alg` `EdDSA`, RFC 8037) that the
//! door verifies offline against the published keys (`GET /api/v1/entry/jwks`). The claims name
//! an opaque pass id and its version, never the person: the name at the door comes from the
//! roster synced to staff devices.

use crate::error::{Error, Result};
use crate::store::{Store, StoredPass};
use app::model::Event;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey};
use rand::RngCore;
use serde::Serialize;

/// The audience of every pass.
pub const AUDIENCE: &str = "entry";

/// The keys passes are signed with: the newest signs, all are published.
pub struct EntryKeys {
    keys: Vec<(String, SigningKey)>,
}

/// What a pass says.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct PassClaims {
    pub iss: String,
    pub aud: String,
    pub event: String,
    pub sub: String,
    pub ver: i64,
    pub nbf: i64,
    pub exp: i64,
}

/// A signed pass and when it is valid.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EntryPass {
    /// The compact JWS the QR code holds.
    pub pass: String,
    pub version: i64,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
}

/// One public key, as JWKS (RFC 7517) writes an Ed25519 key (RFC 8037).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Jwk {
    pub kty: &'static str,
    pub crv: &'static str,
    /// The public key, base64url.
    pub x: String,
    pub kid: String,
    pub alg: &'static str,
    #[serde(rename = "use")]
    pub usage: &'static str,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

impl EntryKeys {
    /// Loads the stored keys, making the first one when there is none.
    pub async fn load(store: &Store, now: DateTime<Utc>) -> Result<Self> {
        let mut keys = Vec::new();
        for (kid, seed) in store.entry_keys(new_key, now).await? {
            let bytes: [u8; 32] = URL_SAFE_NO_PAD
                .decode(&seed)
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| Error::Corrupt(format!("entry_keys {kid}: not a 32-byte key")))?;
            keys.push((kid, SigningKey::from_bytes(&bytes)));
        }
        Ok(EntryKeys { keys })
    }

    pub fn jwks(&self) -> Jwks {
        Jwks {
            keys: self
                .keys
                .iter()
                .map(|(kid, key)| Jwk {
                    kty: "OKP",
                    crv: "Ed25519",
                    x: URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes()),
                    kid: kid.clone(),
                    alg: "EdDSA",
                    usage: "sig",
                })
                .collect(),
        }
    }

    /// A person's signed pass, made on their first ask.
    pub async fn pass_of(
        &self,
        store: &Store,
        person: &app::access::PersonId,
        event: &Event,
        issuer: &str,
        now: DateTime<Utc>,
    ) -> Result<EntryPass> {
        let new_id = crate::auth::tokens::new_id();
        let stored = store.entry_pass(person, &new_id, now).await?;
        self.sign(event, issuer, &stored)
    }

    /// The pass for `stored`, valid over the event's days in venue time.
    pub fn sign(&self, event: &Event, issuer: &str, stored: &StoredPass) -> Result<EntryPass> {
        let (kid, key) = self
            .keys
            .last()
            .ok_or_else(|| Error::Internal("no entry signing key".into()))?;
        let (valid_from, valid_until) = event_window(event);
        let claims = PassClaims {
            iss: issuer.to_string(),
            aud: AUDIENCE.into(),
            event: event.slug.clone(),
            sub: stored.pass_id.clone(),
            ver: stored.version,
            nbf: valid_from.timestamp(),
            exp: valid_until.timestamp(),
        };
        let header = serde_json::json!({"alg": "EdDSA", "kid": kid, "typ": "JWT"});
        let json = |bytes: serde_json::Result<Vec<u8>>| {
            bytes
                .map(|b| URL_SAFE_NO_PAD.encode(b))
                .map_err(|e| Error::Internal(format!("a pass's JSON: {e}")))
        };
        let input = format!(
            "{}.{}",
            json(serde_json::to_vec(&header))?,
            json(serde_json::to_vec(&claims))?
        );
        let signature = key.sign(input.as_bytes());
        Ok(EntryPass {
            pass: format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes())),
            version: stored.version,
            valid_from,
            valid_until,
        })
    }
}

/// How the roster names a pass without naming its holder: the first 16 bytes of the SHA-256 of
/// the QR's content, base64url (what `door.js` computes from a scan).
pub fn pass_hash(pass: &str) -> String {
    use sha2::{Digest, Sha256};
    URL_SAFE_NO_PAD.encode(&Sha256::digest(pass.as_bytes())[..16])
}

/// A new signing key: `(kid, base64url seed)`.
pub fn new_key() -> (String, String) {
    let mut seed = [0u8; 32];
    rand::rng().fill_bytes(&mut seed);
    let kid = crate::auth::tokens::new_id()[..16].to_string();
    (kid, URL_SAFE_NO_PAD.encode(seed))
}

/// What `server entry-keys` does.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum KeyAction {
    /// List the keys, oldest first; the last one signs.
    List,
    /// Add a key that signs every pass from the next start on; passes signed with the older
    /// keys stay valid until those are removed.
    Rotate,
    /// Remove a key: passes signed with it are refused from the next start and the next roster
    /// sync of door devices (a leaked key). The last key cannot be removed.
    Remove { kid: String },
}

/// Runs `server entry-keys …` against the database: the printed lines, or why not.
pub async fn manage_keys(
    store: &Store,
    action: KeyAction,
    now: DateTime<Utc>,
) -> Result<Vec<String>> {
    match action {
        KeyAction::List => {}
        KeyAction::Rotate => {
            let (kid, key) = new_key();
            store.add_entry_key(&kid, &key, now).await?;
        }
        KeyAction::Remove { kid } => {
            if !store.remove_entry_key(&kid).await? {
                return Err(Error::Conflict(format!(
                    "{kid:?} is not a key, or the only one left (rotate first)"
                )));
            }
        }
    }
    let keys = store.entry_keys(new_key, now).await?;
    let last = keys.len().saturating_sub(1);
    Ok(keys
        .into_iter()
        .enumerate()
        .map(|(i, (kid, _))| match i == last {
            true => format!("{kid} (signs)"),
            false => kid,
        })
        .collect())
}

/// Why a scanned pass is not let in, before the database is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a pass of ours: unreadable, a wrong signature, an unknown key.
    Invalid,
    /// Ours, but for another event or outside its days.
    WrongEvent,
}

impl EntryKeys {
    /// Checks a pass offline, as the door does: the signature against the key it names, the
    /// audience, the event and the days (`at`, when it was scanned).
    pub fn verify(
        &self,
        pass: &str,
        slug: &str,
        at: DateTime<Utc>,
    ) -> std::result::Result<PassClaims, Refusal> {
        // A QR holds a few hundred bytes; anything much longer is not a pass.
        if pass.len() > 2048 {
            return Err(Refusal::Invalid);
        }
        let mut parts = pass.split('.');
        let (Some(header), Some(body), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Refusal::Invalid);
        };
        let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).map_err(|_| Refusal::Invalid);
        let header: serde_json::Value =
            serde_json::from_slice(&decode(header)?).map_err(|_| Refusal::Invalid)?;
        if header["alg"] != "EdDSA" || header.get("crit").is_some() {
            return Err(Refusal::Invalid);
        }
        let kid = header["kid"].as_str().ok_or(Refusal::Invalid)?;
        let (_, key) = self
            .keys
            .iter()
            .find(|(k, _)| k == kid)
            .ok_or(Refusal::Invalid)?;
        let signature: [u8; 64] = decode(signature)?
            .try_into()
            .map_err(|_| Refusal::Invalid)?;
        let signed = &pass[..pass.len() - pass.rsplit('.').next().map_or(0, str::len) - 1];
        key.verifying_key()
            .verify_strict(signed.as_bytes(), &Signature::from_bytes(&signature))
            .map_err(|_| Refusal::Invalid)?;
        let claims: PassClaims =
            serde_json::from_slice(&decode(body)?).map_err(|_| Refusal::Invalid)?;
        if claims.aud != AUDIENCE {
            return Err(Refusal::Invalid);
        }
        let t = at.timestamp();
        if claims.event != slug || t < claims.nbf || t >= claims.exp {
            return Err(Refusal::WrongEvent);
        }
        Ok(claims)
    }
}

/// From the first day's midnight to the last day's end, in the venue's zone.
pub fn event_window(event: &Event) -> (DateTime<Utc>, DateTime<Utc>) {
    let tz = app::domain::venue_time::VenueTime::of(event).tz;
    let midnight = |date: NaiveDate| {
        tz.from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| {
                Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
            })
    };
    let after = event.end_date.succ_opt().unwrap_or(event.end_date);
    (midnight(event.start_date), midnight(after))
}
