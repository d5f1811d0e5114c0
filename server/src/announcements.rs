//! Announcements: an organiser's message in any of the four languages, checked and queued for
//! its audience. The API (`POST /api/v1/announcements`) and the console's form both come here.

use crate::error::{Error, Result};
use crate::push::messages::announcement_texts;
use crate::state::AppState;
use crate::store::AnnouncementAudience;
use app::i18n::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;

/// An organiser's message: the texts they wrote (any of the four languages) and who gets it:
/// `everyone`, `session:<id>` (its bookmarkers) or `lang:<code>` (devices reading that language).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct AnnouncementRequest {
    /// The message by language code (`en`, `fr`, `ar`, `ru`), at most 500 characters each; at
    /// least one not empty. Missing languages are filled in from the others.
    #[schema(example = json!({"en": "The plenary resumes at 14:30."}))]
    pub texts: BTreeMap<String, String>,
    /// `everyone`, `session:<id>` or `lang:<code>`.
    #[schema(example = "everyone")]
    pub audience: String,
}

/// Checks and queues an announcement; the form on the organiser page comes here too.
pub async fn announce(state: &AppState, request: &AnnouncementRequest) -> Result<(String, u64)> {
    let mut written = BTreeMap::new();
    for (code, text) in &request.texts {
        let lang = Lang::parse(code).ok_or_else(|| {
            Error::Unprocessable(format!("texts: {code} is not a working language"))
        })?;
        let text = text.trim();
        if text.chars().count() > 500 {
            return Err(Error::Unprocessable(format!(
                "texts.{code}: at most 500 characters"
            )));
        }
        if !text.is_empty() {
            written.insert(lang, text.to_string());
        }
    }
    let texts = announcement_texts(&written).ok_or_else(|| {
        Error::Unprocessable("texts: write the message in at least one language".into())
    })?;
    let audience = audience(state, &request.audience)?;
    let id = crate::auth::tokens::new_id();
    let texts = serde_json::to_string(&texts).map_err(|e| Error::Internal(e.to_string()))?;
    let devices = state
        .store
        .create_announcement(
            &id,
            state.agenda.slug(),
            &texts,
            &audience,
            state.clock.wall(),
        )
        .await?;
    state.push.wake();
    Ok((id, devices))
}

fn audience(state: &AppState, text: &str) -> Result<AnnouncementAudience> {
    if text == "everyone" {
        return Ok(AnnouncementAudience::Everyone);
    }
    if let Some(session) = text.strip_prefix("session:") {
        let known = state.agenda.current().full.session(session).is_some();
        return match known {
            true => Ok(AnnouncementAudience::SessionBookmarkers(
                session.to_string(),
            )),
            false => Err(Error::Unprocessable(format!(
                "audience: no session {session}"
            ))),
        };
    }
    if let Some(lang) = text.strip_prefix("lang:").and_then(Lang::parse) {
        return Ok(AnnouncementAudience::Language(lang));
    }
    Err(Error::Unprocessable(
        "audience: everyone, session:<id> or lang:<en|fr|ar|ru>".into(),
    ))
}
