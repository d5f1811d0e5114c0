//! The access forms: registering from an invitation, signing out, a device code and signing in
//! with one.

use crate::access::SignedIn;
use crate::auth::{SessionId, tokens, with_cookie};
use crate::error::Result;
use crate::mail::compose::{Letter, Recipient};
use crate::state::AppState;
use crate::store::DeviceCodeOutcome;
use app::access::{
    DeviceCodeView, InviteView, LinkProblem, Registration, SignInOptions, SignInProblem, form_value,
};
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::post;

use super::loaders::{client_ip, invite_view};
use super::{read_form, render_at, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/invite/{token}", post(submit_invitation))
        .route("/auth/sign-out", post(sign_out))
        .route("/signin", post(sign_in_with_code))
        .route("/signin/{token}", post(sign_in_with_link))
        .route("/me/device-code", post(show_device_code))
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
            deadline,
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
                        deadline: *deadline,
                    };
                    return Ok(render_at(&state, &parts, None, view).await);
                }
            }
        }
        _ => return Ok(render_at(&state, &parts, None, view).await),
    };
    // "Registration received", to the address invited, in the language the person prefers.
    let received = match (&view, &registration) {
        (InviteView::Register { email, .. }, Some(r)) => {
            let to = Recipient {
                person_id: None,
                name: r.full_name.clone(),
                email: email.clone(),
                lang: r.preferred_language,
            };
            let event = &state.agenda.current().full.event;
            state
                .mail
                .compose(event, &to, &Letter::Received, state.clock.wall())
        }
        _ => None,
    };
    let session = state.auth.begin_session(&state.clock);
    let redeemed = state
        .store
        .redeem_invitation(
            &tokens::hash_token(&token),
            registration.as_ref(),
            received.as_ref(),
            &session.jti,
            session.now,
            session.expires,
        )
        .await?;
    if redeemed.is_some() && received.is_some() {
        state.mail.wake();
    }
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
    let ip = client_ip(&state, &request);
    let key = format!("ip:{ip}");
    let (parts, body) = request.into_parts();
    let values = read_form(body).await?;
    if values.iter().any(|(name, _)| name == "email") {
        return ask_for_link(&state, &parts, &ip, form_value(&values, "email")).await;
    }
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
    let options = SignInOptions {
        by_mail: state.mail.enabled(),
        problem: Some(problem),
        ..Default::default()
    };
    Ok(render_at(&state, &parts, None, options).await)
}

/// A sign-in link by mail for a confirmed participant. The answer is the same whether or not
/// the address is known (and after too many asks for one address, when nothing is sent);
/// only too many asks from one client address answer differently (429), which says nothing
/// about the address.
async fn ask_for_link(
    state: &AppState,
    parts: &axum::http::request::Parts,
    ip: &str,
    email: &str,
) -> Result<Response> {
    let email = email.trim().to_lowercase();
    let mut options = SignInOptions {
        by_mail: state.mail.enabled(),
        mailed_to: Some(email.chars().take(254).collect()),
        problem: None,
    };
    if let Err(wait) = state.auth.mail_links_by_ip.fail(&format!("ip:{ip}")) {
        options.mailed_to = None;
        options.problem = Some(SignInProblem::TooManyAttempts(wait));
        return Ok(render_at(state, parts, Some("/signin"), options).await);
    }
    let within_limit = state.auth.mail_links_by_address.fail(&email).is_ok();
    if options.by_mail && within_limit {
        // Looked up and written after the answer: how long the answer takes, and whether it
        // fails, must not tell a confirmed address from any other.
        let state = state.clone();
        tokio::spawn(async move {
            if let Err(e) = send_link(&state, &email).await {
                tracing::error!(error = %e, "a sign-in link could not be mailed");
            }
        });
    }
    Ok(render_at(state, parts, Some("/signin"), options).await)
}

async fn send_link(state: &AppState, email: &str) -> Result<()> {
    let slug = state.agenda.slug();
    let Some(person) = state.store.confirmed_by_email(slug, email).await? else {
        return Ok(());
    };
    let token = tokens::new_token();
    let letter = Letter::SignIn {
        link: state.mail.link(&format!("/signin/{token}"), person.lang),
        minutes: crate::mail::SIGN_IN_LINK_MINUTES,
    };
    let to = Recipient {
        person_id: Some(person.person_id.clone()),
        name: person.name.clone(),
        email: person.email.clone(),
        lang: person.lang,
    };
    let event = &state.agenda.current().full.event;
    let Some(mail) = state.mail.compose(event, &to, &letter, state.clock.wall()) else {
        return Ok(());
    };
    let now = state.clock.now();
    let expires = now + chrono::Duration::minutes(crate::mail::SIGN_IN_LINK_MINUTES);
    state
        .store
        .create_sign_in_link(
            slug,
            &person.person_id,
            &tokens::hash_token(&token),
            &mail,
            now,
            expires,
        )
        .await?;
    state.mail.wake();
    Ok(())
}

/// The button of a mailed sign-in link: signs this device in, once.
async fn sign_in_with_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: Request,
) -> Result<Response> {
    let session = state.auth.begin_session(&state.clock);
    let redeemed = state
        .store
        .redeem_sign_in_link(
            &tokens::hash_token(&token),
            &session.jti,
            session.now,
            session.expires,
        )
        .await?;
    match redeemed {
        Some(person_id) => Ok(with_cookie(
            see_other("/"),
            state.auth.session_cookie(&person_id, &session),
        )),
        None => {
            let (parts, _) = request.into_parts();
            Ok(render_at(&state, &parts, None, app::access::SignInLinkView::Invalid).await)
        }
    }
}

async fn show_device_code(
    SignedIn { person_id, .. }: SignedIn,
    State(state): State<AppState>,
    request: Request,
) -> Result<Response> {
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
