//! `/organiser`: invitations (one or from CSV), registrations to review, export. Organisers only:
//! nobody else ever sees another participant's data.

use crate::access::{
    InvitedRole, OrganiserView, PersonSummary, SMALLEST_SHOWN_COUNT, Status, shown_count,
};
use crate::context::{set_status, use_lang, use_request_data, use_snapshot};
use crate::domain::venue_time::{VenueTime, event_days, weekday_and_day};
use crate::i18n::Lang;
use crate::model::{Agenda, Event};
use crate::pages::not_found::page_error;
use crate::pages::organiser_mail::{deadline_section, lang_select, person_mail};
use crate::routes::PageError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OrganiserPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.access();
    // The server loads this for organisers only and refuses everyone else before rendering;
    // without it the page shows an error, never an empty console.
    let Some(data) = use_request_data::<OrganiserView>() else {
        let role = crate::context::use_viewer().role;
        return page_error(PageError::organiser_data_missing(role));
    };
    if data.error.is_some() {
        set_status(422);
    }
    let agenda = use_snapshot().agenda;
    let closed_boxes = agenda
        .sessions
        .iter()
        .filter(|x| x.closed)
        .map(|x| view! { <label class="check"><input type="checkbox" name="closed_sessions" value=x.id.clone()/>{x.title.get(lang).to_string()}</label> })
        .collect_view();
    let created = (!data.created.is_empty()).then(|| {
        let rows = data
            .created
            .iter()
            .map(|(email, link)| view! { <li><bdi>{email.clone()}</bdi><input class="link" type="text" readonly value=link.clone()/></li> })
            .collect_view();
        view! { <section class="notice created-links"><p>{a.created_links}</p><ul class="plain">{rows}</ul></section> }
    });
    let people = data
        .people
        .iter()
        .map(|p| person_card(p, &data, &agenda.event, lang))
        .collect_view();
    view! {
        <Title text=a.organiser_title/>
        <h1>{a.organiser_title}</h1>
        <p><a class="button secondary" href="/organiser/programme">{lang.console().title}</a></p>
        <p><a class="button secondary" href="/organiser/documents">{lang.documents().org_title}</a></p>
        <p><a class="button secondary" href="/organiser/arrivals">{lang.door().arrivals_title}</a>" "
            <a class="button secondary" href="/door">{lang.door().title}</a></p>
        {data.error.clone().map(|e| view! { <p class="form-errors" role="alert">{e}</p> })}
        {data.notice.clone().map(|n| view! { <p class="notice saved" role="status">{n}</p> })}
        {created}
        {deadline_section(&data, &agenda.event, lang)}
        <details class="notice" open=data.people.is_empty()>
            <summary>{a.invite_heading}</summary>
            <form method="post" action="/organiser/invite" class="stack">
                <label class="field"><span>{a.field_name}" *"</span><input type="text" name="name" required maxlength="200"/></label>
                <label class="field"><span>{a.field_email}" *"</span><input type="email" name="email" required/></label>
                <label class="field"><span>{a.field_organisation}</span><input type="text" name="organisation"/></label>
                <label class="field"><span>{a.field_country}</span><input type="text" name="country"/></label>
                <label class="field"><span>{a.field_role}</span>
                    <select name="role">
                        <option value=InvitedRole::Delegate.slug()>{a.role_delegate}</option>
                        <option value=InvitedRole::Door.slug()>{lang.door().role_door}</option>
                        <option value=InvitedRole::Organiser.slug()>{a.role_organiser}</option>
                    </select>
                </label>
                {lang_select(lang)}
                <fieldset class="field"><legend>{lang.strings().closed_session}</legend>{closed_boxes}</fieldset>
                <button type="submit" class="button">{a.invite_button}</button>
            </form>
        </details>
        <details class="notice">
            <summary>{a.csv_heading}</summary>
            <form method="post" action="/organiser/invite-csv" class="stack">
                <p class="muted">{a.csv_help}</p>
                <textarea name="csv" rows="6" required>"name,email,organisation,country,role,closed_sessions\n"</textarea>
                <button type="submit" class="button">{a.csv_button}</button>
            </form>
        </details>
        {interest_chart(&agenda, &data.interest, lang)}
        <h2>{a.people_heading}</h2>
        <p><a href="/api/v1/people.csv" download="registrations.csv">{a.export_csv}</a></p>
        {data.people.is_empty().then(|| view! { <p class="empty">{a.no_people}</p> })}
        <ul class="cards people">{people}</ul>
    }
    .into_any()
}

fn person_card(
    p: &PersonSummary,
    data: &OrganiserView,
    event: &Event,
    lang: Lang,
) -> impl IntoView + use<> {
    let a = lang.access();
    let s = lang.strings();
    let status = a.statuses[[
        Status::Invited,
        Status::Registered,
        Status::Confirmed,
        Status::Declined,
        Status::Revoked,
    ]
    .iter()
    .position(|x| *x == p.status)
    .unwrap_or(0)];
    let role = match p.role {
        InvitedRole::Organiser => a.role_organiser,
        InvitedRole::Door => lang.door().role_door,
        InvitedRole::Delegate => a.role_delegate,
    };
    let details = p.registration.as_ref().map(|r| {
        let interp = r
            .interpretation_needs
            .iter()
            .map(|l| l.code().to_uppercase())
            .collect::<Vec<_>>()
            .join(" ");
        view! {
            <dl class="facts">
                <dt>{a.field_title}</dt><dd>{r.title.clone()}</dd>
                <dt>{a.field_preferred_language}</dt><dd>{s.lang_name(r.preferred_language)}</dd>
                <dt>{a.field_interpretation}</dt><dd>{interp}</dd>
                <dt>{a.field_accessibility}</dt><dd>{r.accessibility_needs.clone()}</dd>
                <dt>{a.field_side_events}</dt><dd>{r.side_events.join(", ")}</dd>
            </dl>
        }
    });
    let actions: Vec<(&str, &str)> = match p.status {
        Status::Invited => vec![("revoke", a.action_revoke)],
        Status::Registered => vec![("confirm", a.action_confirm), ("decline", a.action_decline)],
        Status::Confirmed => vec![
            ("revoke", a.action_revoke),
            ("sign-out", a.action_sign_out),
            ("reissue-pass", lang.door().reissue),
        ],
        Status::Declined | Status::Revoked => vec![("confirm", a.action_confirm)],
    };
    let buttons = actions
        .into_iter()
        .chain([("delete", a.action_delete)])
        .map(|(action, label)| {
            view! {
                <form method="post" action=format!("/organiser/people/{}/{action}", p.id)>
                    <button type="submit" class=format!("button small action-{action}")>{label}</button>
                </form>
            }
        })
        .collect_view();
    view! {
        <li class="card person" data-person=p.email.clone() data-status=p.status.slug()>
            <div class="card-link">
                <h3><bdi>{p.name.clone()}</bdi></h3>
                <p class="meta"><bdi>{p.email.clone()}</bdi>" · "{p.organisation.clone()}" · "{p.country.clone()}</p>
                <p class="flags"><span class="badge">{role}</span><span class="badge status">{a.status_label}{s.colon}{status}</span></p>
                {details}
                <div class="actions">{buttons}</div>
                {person_mail(p, data, event, lang)}
            </div>
        </li>
    }
}

/// Bookmarks per session, per day and room, as bars: to move a crowded session to a larger room.
fn interest_chart(
    agenda: &Agenda,
    interest: &[(String, i64)],
    lang: Lang,
) -> impl IntoView + use<> {
    let s = lang.strings();
    let venue = VenueTime::of(&agenda.event);
    let count_of = |id: &str| {
        interest
            .iter()
            .find(|(s, _)| s == id)
            .map_or(0, |(_, c)| *c)
    };
    let most = interest
        .iter()
        .map(|(_, c)| *c)
        .max()
        .unwrap_or(0)
        .max(SMALLEST_SHOWN_COUNT);
    let days = event_days(&agenda.event)
        .into_iter()
        .map(|day| {
            let rooms = agenda
                .rooms
                .iter()
                .filter_map(|room| {
                    let rows = agenda
                        .sessions
                        .iter()
                        .filter(|x| venue.date(x.start) == day && x.room.as_deref() == Some(room.id.as_str()))
                        .filter(|x| x.kind != crate::model::Kind::Break)
                        .map(|x| {
                            let count = count_of(&x.id);
                            // Small counts stay small on the chart too: no bar that tells 1 from 4.
                            let shown = if count < SMALLEST_SHOWN_COUNT { 0 } else { count };
                            view! {
                                <li data-interest=x.id.clone()>
                                    <span class="bar-label"><bdi dir="ltr">{venue.clock(x.start)}</bdi>" "{x.title.get(lang).to_string()}</span>
                                    <meter class="bar" min="0" max=most value=shown></meter>
                                    <span class="bar-count">{shown_count(count)}</span>
                                </li>
                            }
                        })
                        .collect::<Vec<_>>();
                    (!rows.is_empty()).then(|| {
                        let capacity = room.capacity.map(|c| format!(" · {} {c}", s.capacity)).unwrap_or_default();
                        view! { <h4>{room.name.get(lang).to_string()}{capacity}</h4><ul class="bars">{rows}</ul> }
                    })
                })
                .collect_view();
            view! { <h3>{weekday_and_day(day, lang)}</h3>{rooms} }
        })
        .collect_view();
    view! {
        <details class="notice interest">
            <summary>{lang.access().interest_heading}</summary>
            {days}
        </details>
    }
}
