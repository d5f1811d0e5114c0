//! Who sent a request: the session cookie verified and looked up, as a `Viewer` in the
//! request's extensions for every handler and page.

use super::{SESSION_COOKIE, SessionId};
use crate::clock::Clock;
use crate::error::Result;
use crate::state::AppState;
use crate::store::Store;
use app::access::PersonId;
use app::access::{Role, Viewer};
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use axum::middleware::Next;
use axum::response::Response;

/// Resolves the viewer from the session cookie and hands it to handlers and pages.
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let viewer = match session_cookie(request.headers())
        .and_then(|t| state.auth.keys.verify(&t, state.clock.now()))
    {
        Some(claims) => match resolve(
            &state.store,
            &claims.jti,
            &PersonId(claims.sub.clone()),
            &state.clock,
        )
        .await
        {
            Ok(Some(viewer)) => {
                request.extensions_mut().insert(SessionId(claims.jti));
                viewer
            }
            Ok(None) => Viewer::anonymous(),
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                Viewer::anonymous()
            }
        },
        None => Viewer::anonymous(),
    };
    request.extensions_mut().insert(viewer);
    next.run(request).await
}

async fn resolve(
    store: &Store,
    jti: &str,
    person_id: &PersonId,
    clock: &Clock,
) -> Result<Option<Viewer>> {
    let Some((role, status, name)) = store.session_person(jti, person_id, clock.now()).await?
    else {
        return Ok(None);
    };
    let role = role.effective(status);
    if role == Role::Anonymous {
        return Ok(None);
    }
    Ok(Some(Viewer {
        role,
        person_id: Some(person_id.clone()),
        name: Some(name),
        closed_sessions: store.closed_sessions_of(person_id).await?,
    }))
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(SESSION_COOKIE)
                .and_then(|rest| rest.strip_prefix('='))
        })
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}
