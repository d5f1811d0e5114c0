//! What a page needs loaded before it renders: an invitation, the viewer's stars, My
//! schedule's feed and changes, the organiser's people and interest.

use crate::auth::rate_limit::client_address;
use crate::auth::tokens;
use crate::error::Result;
use crate::state::AppState;
use app::access::{
    InviteView, LinkProblem, MyBookmarks, OrganiserView, Role, ScheduleChange, ScheduleChanges,
    Status, Viewer,
};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

use super::viewer_of;

/// Loads what a GET of an access page needs before the page renders.
pub async fn load_page_data(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::GET {
        let path = request.uri().path().to_string();
        if let Some(token) = path.strip_prefix("/invite/") {
            let ip = client_ip(&state, &request);
            let view = invite_view(&state, &ip, token).await;
            request.extensions_mut().insert(view);
        }
        if path == "/" || path == "/schedule" || path.starts_with("/sessions/") {
            let person = request
                .extensions()
                .get::<Viewer>()
                .and_then(|v| v.person_id.clone());
            if let Some(person) = person {
                match state.store.bookmarks(&person).await {
                    Ok(b) => {
                        request.extensions_mut().insert(MyBookmarks(b.sessions));
                    }
                    Err(e) => return e.into_response(),
                }
                if path == "/schedule" {
                    match crate::api::calendar::feed_of(&state, &person).await {
                        Ok(feed) => {
                            request.extensions_mut().insert(feed);
                        }
                        Err(e) => return e.into_response(),
                    }
                    let version = state.agenda.current().version;
                    // Changes name sessions, rooms and times: not for a viewer the agenda is
                    // closed to (and left unseen until it opens for them).
                    let closed = state.agenda_restricted_for(&viewer_of(&request));
                    let taken = match closed {
                        true => Ok(Vec::new()),
                        false => {
                            state
                                .store
                                .take_schedule_changes(state.agenda.slug(), &person, version)
                                .await
                        }
                    };
                    match taken {
                        Ok(changes) => {
                            let changes = changes
                                .into_iter()
                                .map(|c| ScheduleChange {
                                    session_id: c.session_id,
                                    field: c.field,
                                    old_value: c.old_value,
                                    new_value: c.new_value,
                                })
                                .collect();
                            request.extensions_mut().insert(ScheduleChanges(changes));
                        }
                        Err(e) => return e.into_response(),
                    }
                }
            }
        }
        if path == "/organiser" {
            if viewer_of(&request).role == Role::Organiser {
                match organiser_view(&state).await {
                    Ok(view) => {
                        request.extensions_mut().insert(view);
                    }
                    Err(e) => return e.into_response(),
                }
            }
        }
    }
    next.run(request).await
}

pub(super) async fn organiser_view(state: &AppState) -> Result<OrganiserView> {
    let slug = state.agenda.slug();
    Ok(OrganiserView {
        people: state.store.people(slug).await?,
        interest: state.store.bookmark_counts(slug).await?,
        ..Default::default()
    })
}

/// The client's address for sign-in limits (see `auth::rate_limit::client_address`).
pub(super) fn client_ip(state: &AppState, request: &Request) -> String {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    // Every X-Forwarded-For line, in order: some proxies add a line rather than extend one.
    let forwarded: Vec<&str> = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    client_address(
        peer,
        Some(&forwarded.join(",")),
        &state.auth.trusted_proxies,
    )
    .map(|ip| ip.to_string())
    .unwrap_or_default()
}

/// What an invitation link shows. A link that exists is always answered, whatever anyone has
/// tried before; only unknown links count as failures (per address, and for everyone together).
pub(super) async fn invite_view(state: &AppState, ip: &str, token: &str) -> InviteView {
    let hash = tokens::hash_token(token);
    let found = match state.store.find_invitation(&hash).await {
        Ok(found) => found.filter(|r| tokens::token_matches(token, &r.token_hash)),
        Err(e) => {
            tracing::error!(error = %e, "invitation look-up failed");
            None
        }
    };
    let Some(r) = found else {
        let over = [
            state.auth.limiter.fail(&format!("ip:{ip}")),
            state.auth.unknown_links.fail("links"),
        ];
        return match over.into_iter().find_map(|o| o.err()) {
            Some(wait) => InviteView::TooManyAttempts(wait),
            None => InviteView::Problem(LinkProblem::Unknown),
        };
    };
    let problem = match Status::parse(&r.status) {
        Some(Status::Revoked | Status::Declined) => Some(LinkProblem::Revoked),
        _ if r.used_at.is_some() => Some(LinkProblem::Used),
        _ if r.expires_at <= crate::store::timestamp(state.clock.now()) => {
            Some(LinkProblem::Expired)
        }
        _ => None,
    };
    match problem {
        Some(problem) => InviteView::Problem(problem),
        None if r.role == "organiser" => InviteView::OrganiserConfirm { name: r.name },
        None => InviteView::Register {
            values: vec![
                ("full_name".into(), r.name.clone()),
                ("organisation".into(), r.organisation.clone()),
                ("country".into(), r.country.clone()),
            ],
            name: r.name,
            email: r.email,
            organisation: r.organisation,
            country: r.country,
            errors: Vec::new(),
        },
    }
}
