//! What each page loads before it renders, one loader per page of `app::routes::Page`: an
//! invitation, the viewer's stars, My schedule's feed and changes, the organiser's people and
//! interest. A loader that fails, or a page the viewer may not open, shows an error page with
//! its status (`PageError`), never the page with empty data.

use crate::access::{Organiser, viewer_in};
use crate::auth::rate_limit::client_address;
use crate::auth::tokens;
use crate::error::Result;
use crate::state::AppState;
use crate::web::router_path;
use app::access::PersonId;
use app::access::{
    ChangeLog, ChangeLogVersion, ConsoleView, InviteView, InvitedRole, LinkProblem, MyBookmarks,
    OrganiserView, ScheduleChange, ScheduleChanges, Status, Viewer,
};
use app::routes::{Page, PageError};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Extensions, Method};
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;

/// Loads what a GET of a page needs before the page renders.
pub async fn load_page_data(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    // The path as the pages' router will read it, so each page gets its own loader however
    // its address is spelled.
    let page = Page::of(&router_path(request.uri())).filter(|_| reads);
    if let Some(page) = page {
        let ip = client_ip(&state, &request);
        let viewer = viewer_in(request.extensions());
        let taking = *request.method() == Method::GET;
        let data = request.extensions_mut();
        let loaded = load(&state, page, &viewer, &ip, taking, data).await;
        if let Err(e) = loaded {
            let error = PageError::for_status(e.status().as_u16());
            if error.is_none_or(|e| e.status() >= 500) {
                tracing::error!(error = %e, "a page's data could not be loaded");
            }
            request
                .extensions_mut()
                .insert(error.unwrap_or(PageError::Unavailable(500)));
        }
    }
    next.run(request).await
}

/// Every page decides here what it loads (the match is exhaustive: a new page must say).
/// `taking`: a GET, which may take what is shown once (My schedule's changes); a HEAD may not.
async fn load(
    state: &AppState,
    page: Page,
    viewer: &Viewer,
    ip: &str,
    taking: bool,
    data: &mut Extensions,
) -> Result<()> {
    match page {
        Page::Invite { token } => {
            data.insert(invite_view(state, ip, &token).await);
        }
        Page::Agenda => {
            if let Some(person) = &viewer.person_id {
                data.insert(MyBookmarks(state.store.bookmarks(person).await?.sessions));
            }
        }
        Page::Session { .. } => {
            if let Some(person) = &viewer.person_id {
                data.insert(MyBookmarks(state.store.bookmarks(person).await?.sessions));
            }
            data.insert(crate::documents::visible_to(state, viewer).await?);
        }
        Page::Schedule => {
            if let Some(person) = &viewer.person_id {
                data.insert(MyBookmarks(state.store.bookmarks(person).await?.sessions));
                data.insert(crate::documents::visible_to(state, viewer).await?);
                data.insert(crate::calendar_feed::feed_of(state, person).await?);
                if taking {
                    let changes = schedule_changes(state, viewer, person).await?;
                    data.insert(ScheduleChanges(changes));
                }
            }
        }
        Page::Organiser => {
            Organiser::check(viewer.clone())?;
            data.insert(organiser_view(state).await?);
        }
        Page::Console => {
            Organiser::check(viewer.clone())?;
            data.insert(ConsoleView::default());
            let interest = state.store.bookmark_counts(state.agenda.slug()).await?;
            data.insert(app::editing::Interest(interest));
        }
        Page::ChangeLog => {
            Organiser::check(viewer.clone())?;
            data.insert(change_log(state).await?);
        }
        Page::Import => {
            Organiser::check(viewer.clone())?;
            data.insert(app::programme_import::ImportView::default());
        }
        Page::Documents => {
            Organiser::check(viewer.clone())?;
            data.insert(super::documents::documents_view(state).await?);
        }
        Page::About => {
            data.insert(crate::documents::visible_to(state, viewer).await?);
        }
        Page::SessionEditor { id } => {
            Organiser::check(viewer.clone())?;
            data.insert(super::editor::session_editor(state, id).await?);
        }
        Page::RoomEditor { id } => {
            Organiser::check(viewer.clone())?;
            data.insert(super::editor::room_editor(state, id).await?);
        }
        Page::SignIn => {
            data.insert(app::access::SignInOptions {
                by_mail: state.mail.enabled(),
                ..Default::default()
            });
        }
        Page::SignInLink { token } => {
            let hash = tokens::hash_token(&token);
            let live = state
                .store
                .sign_in_link_live(&hash, state.clock.now())
                .await?;
            data.insert(match live {
                true => app::access::SignInLinkView::Live,
                false => app::access::SignInLinkView::Invalid,
            });
        }
        Page::Me => {
            if let (Some(person), true) = (
                &viewer.person_id,
                viewer.role >= app::access::Role::Delegate,
            ) {
                if let Some(pass) = entry_pass_view(state, person).await? {
                    data.insert(pass);
                }
            }
        }
        Page::Door => {
            crate::access::DoorStaff::check(viewer.clone())?;
        }
        Page::Arrivals => {
            Organiser::check(viewer.clone())?;
            data.insert(state.store.arrivals(state.agenda.slug()).await?);
        }
        Page::Rooms | Page::Offline => {}
    }
    Ok(())
}

/// Every version's changes, newest first (the log keeps each change's time as text).
async fn change_log(state: &AppState) -> Result<ChangeLog> {
    let mut versions: Vec<ChangeLogVersion> = Vec::new();
    for c in state.store.changes_since(state.agenda.slug(), 0).await? {
        let at = crate::store::parse_timestamp("agenda_changes.changed_at", &c.changed_at)?;
        let version = c.version;
        let change = c.shown();
        match versions.last_mut() {
            Some(v) if v.version == version => v.changes.push(change),
            _ => versions.push(ChangeLogVersion {
                version,
                at,
                changes: vec![change],
            }),
        }
    }
    versions.reverse();
    Ok(ChangeLog(versions))
}

/// What changed in this person's sessions since they last looked (taken: shown once).
async fn schedule_changes(
    state: &AppState,
    viewer: &Viewer,
    person: &PersonId,
) -> Result<Vec<ScheduleChange>> {
    // Changes name sessions, rooms and times: not for a viewer the agenda is closed to (and
    // left unseen until it opens for them).
    if state.agenda_restricted_for(viewer) {
        return Ok(Vec::new());
    }
    let published = state.agenda.current();
    let version = published.version;
    let changes = state
        .store
        .take_schedule_changes(state.agenda.slug(), person, version)
        .await?;
    // A bookmarked session that was closed since, or whose invitation was withdrawn, is no
    // longer this viewer's to follow: its new room and times are not shown to them.
    let visible = published.for_viewer(viewer).agenda;
    Ok(changes
        .into_iter()
        .filter(|c| visible.session(&c.session_id).is_some())
        .map(crate::store::AgendaChange::shown)
        .collect())
}

pub(super) async fn organiser_view(state: &AppState) -> Result<OrganiserView> {
    let slug = state.agenda.slug();
    Ok(OrganiserView {
        people: state.store.people(slug).await?,
        interest: state.store.bookmark_counts(slug).await?,
        mail_enabled: state.mail.enabled(),
        registration_deadline: state.store.registration_deadline(slug).await?,
        reminder_minutes: state
            .mail
            .reminders
            .0
            .iter()
            .map(|d| d.num_minutes())
            .collect(),
        ..Default::default()
    })
}

/// A confirmed participant's pass as `/me` shows it: a QR large enough to scan from a cracked
/// phone at arm's length, dark on white whatever the theme.
pub(crate) async fn entry_pass_view(
    state: &AppState,
    person: &PersonId,
) -> Result<Option<app::access::EntryPassView>> {
    let Some((name, organisation)) = state.store.pass_holder(person).await? else {
        return Ok(None);
    };
    let event = &state.agenda.current().full.event;
    let pass = state
        .entry
        .pass_of(
            &state.store,
            person,
            event,
            &state.auth.public_url,
            state.clock.wall(),
        )
        .await?;
    let qr_svg =
        qrcode::QrCode::with_error_correction_level(pass.pass.as_bytes(), qrcode::EcLevel::M)
            .map(|qr| {
                qr.render::<qrcode::render::svg::Color>()
                    .min_dimensions(280, 280)
                    .dark_color(qrcode::render::svg::Color("#000000"))
                    .light_color(qrcode::render::svg::Color("#ffffff"))
                    .build()
            })
            .map_err(|e| crate::error::Error::Internal(format!("the pass's QR code: {e}")))?;
    Ok(Some(app::access::EntryPassView {
        qr_svg,
        name,
        organisation,
        valid_from: pass.valid_from,
        valid_until: pass.valid_until,
    }))
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
    let now = state.clock.now();
    let problem = match r.status {
        Status::Revoked | Status::Declined => Some(LinkProblem::Revoked),
        // Registered (or confirmed) through another of their links: this one is spent too.
        _ if r.used || r.status != Status::Invited => Some(LinkProblem::Used),
        _ if r.expires_at <= now => Some(LinkProblem::Expired),
        _ => None,
    };
    match problem {
        Some(problem) => InviteView::Problem(problem),
        // Organisers are not registering: their links are not held to the deadline.
        None if r.role != InvitedRole::Organiser && r.deadline.is_some_and(|d| d <= now) => {
            InviteView::Closed {
                deadline: r.deadline.unwrap_or(now),
            }
        }
        None if r.role == InvitedRole::Organiser => InviteView::OrganiserConfirm { name: r.name },
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
            deadline: r.deadline,
        },
    }
}
