//! What organisers do to a person: confirm, decline, revoke, sign out of every device, delete.
//! The API (`/api/v1/people/{id}/…`) and the organiser page's forms both come here.

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::StatusChange;
use app::access::PersonId;
use app::access::Status;

/// What an organiser can do to a person, as the routes name it and the API answers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewAction {
    Confirm,
    Decline,
    Revoke,
    /// Sign out of every device.
    SignOut,
    Delete,
}

impl ReviewAction {
    pub fn parse(slug: &str) -> Option<Self> {
        Some(match slug {
            "confirm" => ReviewAction::Confirm,
            "decline" => ReviewAction::Decline,
            "revoke" => ReviewAction::Revoke,
            "sign-out" => ReviewAction::SignOut,
            "delete" => ReviewAction::Delete,
            _ => return None,
        })
    }
}

/// Applies `action` to the person `id` of this event; 404 when there is no such person. A
/// confirmation or a decline is mailed to the person (with mail configured), in the same
/// transaction as the change; doing again what is done already changes and mails nothing.
pub async fn apply_review(state: &AppState, id: &PersonId, action: ReviewAction) -> Result<()> {
    let now = state.clock.now();
    let slug = state.agenda.slug();
    let status = |status| async move {
        let mail = crate::journey::status_mail(state, id, status).await?;
        let change = state
            .store
            .set_status(slug, id, status, mail.as_ref(), now)
            .await?;
        if change == StatusChange::Changed && mail.is_some() {
            state.mail.wake();
        }
        Ok::<_, Error>(change != StatusChange::NotFound)
    };
    let found = match action {
        ReviewAction::Confirm => status(Status::Confirmed).await?,
        ReviewAction::Decline => status(Status::Declined).await?,
        ReviewAction::Revoke => status(Status::Revoked).await?,
        ReviewAction::SignOut => {
            let in_event = state.store.people(slug).await?.iter().any(|p| &p.id == id);
            in_event
                && state
                    .store
                    .revoke_sessions_of(id, now)
                    .await
                    .map(|_| true)?
        }
        ReviewAction::Delete => state.store.delete_person(slug, id).await?,
    };
    if found { Ok(()) } else { Err(Error::NotFound) }
}

#[cfg(test)]
mod tests {
    use super::ReviewAction;

    #[test]
    fn actions_are_answered_as_the_routes_name_them() {
        use ReviewAction::*;
        for action in [Confirm, Decline, Revoke, SignOut, Delete] {
            let name = serde_json::to_value(action).unwrap();
            assert_eq!(ReviewAction::parse(name.as_str().unwrap()), Some(action));
        }
    }
}
