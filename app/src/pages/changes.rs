//! `/organiser/changes`: every version of the programme, newest first, with what changed (old →
//! new) and when: what delegates who bookmarked those sessions were told. Organisers only; the
//! server refuses everyone else before rendering.

use crate::access::{ChangeLog, ScheduleChange};
use crate::context::{use_lang, use_request_data, use_snapshot, use_viewer};
use crate::domain::venue_time::{VenueTime, day_and_clock};
use crate::i18n::fill;
use crate::pages::edited_fields::edited_line;
use crate::pages::not_found::page_error;
use crate::pages::schedule::change_line;
use crate::routes::PageError;
use leptos::prelude::*;
use leptos_meta::Title;

/// Above this many sessions added in one version, the log gives their number, not a list.
const MANY_ADDED: usize = 5;

#[component]
pub fn ChangeLogPage() -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    let Some(ChangeLog(versions)) = use_request_data::<ChangeLog>() else {
        return page_error(PageError::organiser_data_missing(use_viewer().role)).into_any();
    };
    let agenda = use_snapshot().agenda;
    let venue = VenueTime::of(&agenda.event);
    let zone = fill(
        lang.strings().times_in_zone,
        &[
            ("city", agenda.event.city.get(lang)),
            ("offset", &venue.offset_label(agenda.event.start_date)),
        ],
    );
    let items = versions
        .iter()
        .map(|v| {
            let heading = fill(
                c.log_version,
                &[
                    ("version", &v.version.to_string()),
                    ("time", &day_and_clock(&venue, v.at, lang)),
                ],
            );
            // A version that added many sessions at once (the first publication, an import)
            // says how many rather than listing them all.
            let added = v.changes.iter().filter(|c| c.field == "created").count();
            let many = (added > MANY_ADDED).then(|| {
                let count = added.to_string();
                view! { <li>{fill(c.log_added_many, &[("count", &count)])}</li> }
            });
            let lines = v
                .changes
                .iter()
                .filter(|change| added <= MANY_ADDED || change.field != "created")
                .map(|change| match change.field.as_str() {
                    "created" => added_line(&agenda, lang, change).into_any(),
                    "room" | "start" | "end" | "cancelled" => {
                        change_line(&agenda, &venue, lang, change).into_any()
                    }
                    _ => edited_line(&agenda, lang, change).into_any(),
                })
                .collect_view();
            view! {
                <section class="slot" id=format!("version-{}", v.version)>
                    <h2>{heading}</h2>
                    <ul class="plain">{many}{lines}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=c.log_title/>
        <h1>{c.log_title}</h1>
        <p>{c.log_intro}</p>
        <p class="muted">{zone}</p>
        {versions.is_empty().then(|| view! { <p class="empty">{c.log_empty}</p> })}
        {items}
    }
    .into_any()
}

/// A session that a version added.
fn added_line(
    agenda: &crate::model::Agenda,
    lang: crate::i18n::Lang,
    change: &ScheduleChange,
) -> impl IntoView + use<> {
    let title = agenda
        .session(&change.session_id)
        .map(|x| x.title.get(lang).to_string())
        .unwrap_or_else(|| change.session_id.clone());
    view! {
        <li data-changed=change.session_id.clone()>
            <a href=format!("/sessions/{}", change.session_id)><strong>{title}</strong></a>
            <br/>
            {lang.console().log_added}
        </li>
    }
}
