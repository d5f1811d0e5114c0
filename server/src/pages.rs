//! The server side of the access pages: what `/invite/{token}` and `/organiser` show (loaded
//! before the page renders) and the forms they post. A form with errors is rendered again from
//! what was typed, so nothing is lost.

use crate::access::{invite, invite_csv, require, require_person};
use crate::auth::rate_limit::client_address;
use crate::auth::{SessionId, tokens, with_cookie};
use crate::error::{Error, Result};
use crate::review::{ReviewAction, apply_review};
use crate::state::AppState;
use crate::store::{DeviceCodeOutcome, NewInvitation};
use app::access::{
    DeviceCodeView, FormValues, InviteView, LinkProblem, MyBookmarks, OrganiserView, Registration,
    Role, ScheduleChange, ScheduleChanges, SignInProblem, Status, Viewer, form_value, form_values,
};
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::header::LOCATION;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use std::net::SocketAddr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/invite/{token}", post(submit_invitation))
        .route("/auth/sign-out", post(sign_out))
        .route("/signin", post(sign_in_with_code))
        .route("/me/device-code", post(show_device_code))
        .route("/schedule/calendar-feed", post(change_calendar_feed))
        .route("/organiser/invite", post(organiser_invite))
        .route("/organiser/invite-csv", post(organiser_invite_csv))
        .route("/organiser/people/{id}/{action}", post(organiser_review))
}

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

async fn organiser_view(state: &AppState) -> Result<OrganiserView> {
    let slug = state.agenda.slug();
    Ok(OrganiserView {
        people: state.store.people(slug).await?,
        interest: state.store.bookmark_counts(slug).await?,
        ..Default::default()
    })
}

/// Who sent the request, as `auth::authenticate` resolved it.
fn viewer_of(request: &Request) -> Viewer {
    request
        .extensions()
        .get::<Viewer>()
        .cloned()
        .unwrap_or_else(Viewer::anonymous)
}

/// The client's address for sign-in limits (see `auth::rate_limit::client_address`).
fn client_ip(state: &AppState, request: &Request) -> String {
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
async fn invite_view(state: &AppState, ip: &str, token: &str) -> InviteView {
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

/// Renders the page at `path` (the form's own page when `None`), as a GET, with `data` for the
/// page to show.
pub(crate) async fn render_at<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    parts: &axum::http::request::Parts,
    path: Option<&'static str>,
    data: T,
) -> Response {
    let uri = match path {
        Some(path) => axum::http::Uri::from_static(path),
        None => parts.uri.clone(),
    };
    let mut extensions = parts.extensions.clone();
    extensions.insert(data);
    render_page(state, uri, parts.headers.clone(), extensions).await
}

/// Renders the page at `uri` as a GET with these headers and request data, as the Leptos
/// routes would: for a form shown again, and for the pages stored for offline use.
pub(crate) async fn render_page(
    state: &AppState,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    extensions: axum::http::Extensions,
) -> Response {
    let mut request = Request::new(Body::empty());
    *request.uri_mut() = uri;
    *request.headers_mut() = headers;
    *request.extensions_mut() = extensions;
    (state.render)(request).await
}

pub(crate) async fn read_form(body: Body) -> Result<FormValues> {
    let bytes = to_bytes(body, 256 * 1024).await.map_err(|_| {
        Error::BadRequest("the form could not be read (too large, or too slow)".into())
    })?;
    serde_urlencoded::from_bytes(&bytes).map_err(|_| Error::BadRequest("malformed form".into()))
}

pub(crate) fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_string())]).into_response()
}

async fn submit_invitation(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: Request,
) -> Result<Response> {
    let ip = client_ip(&state, &request);
    let (parts, body) = request.into_parts();
    let view = invite_view(&state, &ip, &token).await;
    let registration = match &view {
        InviteView::OrganiserConfirm { .. } => None,
        InviteView::Register {
            name,
            email,
            organisation,
            country,
            ..
        } => {
            let values = read_form(body).await?;
            let agenda = state.agenda.current().full;
            let offered: Vec<String> = agenda
                .sessions
                .iter()
                .filter(|s| s.kind == app::model::Kind::SideEvent && !s.closed)
                .map(|s| s.id.clone())
                .collect();
            match Registration::parse(&values, &offered) {
                Ok(registration) => Some(registration),
                Err(errors) => {
                    let view = InviteView::Register {
                        name: name.clone(),
                        email: email.clone(),
                        organisation: organisation.clone(),
                        country: country.clone(),
                        values,
                        errors,
                    };
                    return Ok(render_at(&state, &parts, None, view).await);
                }
            }
        }
        _ => return Ok(render_at(&state, &parts, None, view).await),
    };
    let session = state.auth.begin_session(&state.clock);
    let redeemed = state
        .store
        .redeem_invitation(
            &tokens::hash_token(&token),
            registration.as_ref(),
            &session.jti,
            session.now,
            session.expires,
        )
        .await?;
    match redeemed {
        Some(person_id) => {
            let to = if registration.is_some() {
                "/me"
            } else {
                "/organiser"
            };
            Ok(with_cookie(
                see_other(to),
                state.auth.session_cookie(&person_id, &session),
            ))
        }
        None => Ok(render_at(&state, &parts, None, InviteView::Problem(LinkProblem::Used)).await),
    }
}

async fn sign_out(State(state): State<AppState>, request: Request) -> Result<Response> {
    if let Some(SessionId(jti)) = request.extensions().get::<SessionId>() {
        state.store.revoke_session(jti, state.clock.now()).await?;
    }
    Ok(with_cookie(see_other("/"), state.auth.clear_cookie()))
}

/// A device code is always checked first: the right code signs in whatever others tried. A wrong
/// one counts against the client's address (answered 429 past the limit) and against every live
/// code (each is withdrawn once too many wrong codes were tried during its life).
async fn sign_in_with_code(State(state): State<AppState>, request: Request) -> Result<Response> {
    let key = format!("ip:{}", client_ip(&state, &request));
    let (parts, body) = request.into_parts();
    let values = read_form(body).await?;
    let code: String = form_value(&values, "code")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let session = state.auth.begin_session(&state.clock);
    let outcome = match code.len() {
        tokens::DEVICE_CODE_DIGITS => {
            let hash = tokens::hash_token(&code);
            let outcome = state
                .store
                .redeem_device_code(
                    &hash,
                    state.auth.device_code_exposure,
                    &session.jti,
                    session.now,
                    session.expires,
                )
                .await?;
            if outcome == DeviceCodeOutcome::Invalid {
                state.store.count_device_code_failure().await?;
            }
            outcome
        }
        _ => DeviceCodeOutcome::Invalid,
    };
    let problem = match outcome {
        DeviceCodeOutcome::SignedIn(person_id) => {
            return Ok(with_cookie(
                see_other("/"),
                state.auth.session_cookie(&person_id, &session),
            ));
        }
        DeviceCodeOutcome::Withdrawn => SignInProblem::Withdrawn,
        DeviceCodeOutcome::Invalid => match state.auth.limiter.fail(&key) {
            Err(wait) => SignInProblem::TooManyAttempts(wait),
            Ok(()) => SignInProblem::Invalid,
        },
    };
    Ok(render_at(&state, &parts, None, problem).await)
}

async fn show_device_code(State(state): State<AppState>, request: Request) -> Result<Response> {
    let person_id = require_person(&viewer_of(&request))?.to_string();
    let code = tokens::new_device_code();
    let expires = state.clock.now() + chrono::Duration::minutes(10);
    state
        .store
        .create_device_code(&person_id, &tokens::hash_token(&code), expires)
        .await?;
    let url = format!("{}/signin?code={code}", state.auth.public_url);
    let code = tokens::display_device_code(&code);
    let qr_svg = qrcode::QrCode::new(url.as_bytes())
        .map(|qr| {
            qr.render::<qrcode::render::svg::Color>()
                .min_dimensions(180, 180)
                .build()
        })
        .unwrap_or_default();
    let (parts, _) = request.into_parts();
    Ok(render_at(
        &state,
        &parts,
        Some("/me"),
        DeviceCodeView { code, url, qr_svg },
    )
    .await)
}

async fn organiser_invite(State(state): State<AppState>, request: Request) -> Result<Response> {
    let (parts, body) = organiser_request(request)?;
    let values = read_form(body).await?;
    let new = NewInvitation {
        role: Some(form_value(&values, "role").to_string()).filter(|r| !r.is_empty()),
        name: form_value(&values, "name").to_string(),
        email: form_value(&values, "email").to_string(),
        organisation: form_value(&values, "organisation").to_string(),
        country: form_value(&values, "country").to_string(),
        closed_sessions: form_values(&values, "closed_sessions")
            .map(String::from)
            .collect(),
    };
    let agenda = state.agenda.current().full;
    let outcome = invite(&state.store, &state.auth, &state.clock, &agenda, new)
        .await
        .map(|i| vec![i]);
    organiser_page(&state, &parts, outcome).await
}

async fn organiser_invite_csv(State(state): State<AppState>, request: Request) -> Result<Response> {
    let (parts, body) = organiser_request(request)?;
    let values = read_form(body).await?;
    let agenda = state.agenda.current().full;
    let outcome = invite_csv(
        &state.store,
        &state.auth,
        &state.clock,
        &agenda,
        form_value(&values, "csv"),
    )
    .await;
    organiser_page(&state, &parts, outcome).await
}

/// The console again, with the new links (shown once) or what went wrong.
async fn organiser_page(
    state: &AppState,
    parts: &axum::http::request::Parts,
    outcome: Result<Vec<crate::access::Invited>>,
) -> Result<Response> {
    let mut view = organiser_view(state).await?;
    match outcome {
        Ok(invited) => view.created = invited.into_iter().map(|i| (i.email, i.link)).collect(),
        Err(e @ (Error::Unprocessable(_) | Error::Conflict(_))) => view.error = Some(e.to_string()),
        Err(e) => return Err(e),
    }
    Ok(render_at(state, parts, Some("/organiser"), view).await)
}

async fn organiser_review(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    request: Request,
) -> Result<Response> {
    let _ = organiser_request(request)?;
    let action = ReviewAction::parse(&action).ok_or(Error::NotFound)?;
    apply_review(&state, &id, action).await?;
    Ok(see_other("/organiser"))
}

pub(crate) fn organiser_request(request: Request) -> Result<(axum::http::request::Parts, Body)> {
    require(&viewer_of(&request), Role::Organiser)?;
    Ok(request.into_parts())
}

/// The schedule page's feed form: save the reminder minutes, or rotate the address.
async fn change_calendar_feed(State(state): State<AppState>, request: Request) -> Result<Response> {
    let person = require_person(&viewer_of(&request))?.to_string();
    let values = read_form(request.into_body()).await?;
    crate::api::calendar::feed_of(&state, &person).await?;
    match form_value(&values, "action") {
        "rotate" => {
            state
                .store
                .rotate_calendar_feed(&person, &tokens::new_token(), state.clock.now())
                .await?
        }
        _ => {
            let minutes: u32 = form_value(&values, "alarm_minutes")
                .parse()
                .map_err(|_| Error::BadRequest("alarm_minutes".into()))?;
            if minutes > 1440 {
                return Err(Error::Unprocessable(
                    "alarm_minutes must be between 0 and 1440".into(),
                ));
            }
            state.store.set_calendar_alarm(&person, minutes).await?;
        }
    }
    Ok(see_other("/schedule"))
}
