//! The event, the Chatham House notice, languages and contact.

use crate::context::{use_lang, use_request_data, use_snapshot};
use crate::domain::venue_time::{VenueTime, day_and_clock, long_date};
use crate::i18n::fill;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AboutPage() -> impl IntoView {
    let agenda = use_snapshot().agenda;
    let lang = use_lang();
    let s = lang.strings();
    let event = &agenda.event;
    let venue = VenueTime::of(event);
    let languages = event
        .languages
        .iter()
        .map(|l| s.lang_name(*l))
        .collect::<Vec<_>>()
        .join(", ");
    let version = fill(
        s.agenda_version,
        &[
            ("version", &agenda.version.to_string()),
            ("time", &day_and_clock(&venue, agenda.updated_at, lang)),
        ],
    );
    // A programme imported from another tool's file has no contact address until one is set.
    let contact = (!event.contact_email.is_empty()).then(|| {
        let mailto = format!("mailto:{}", event.contact_email);
        view! {
            <dt>{s.contact}</dt>
            <dd><a href=mailto><bdi>{event.contact_email.clone()}</bdi></a></dd>
        }
    });
    let venue_row = (!event.venue.en.is_empty()).then(|| {
        view! {
            <dt>{s.venue}</dt>
            <dd>{event.venue.get(lang).to_string()}</dd>
        }
    });
    let documents = use_request_data::<crate::documents::DocumentIndex>().unwrap_or_default();
    let documents = crate::components::documents::document_list(
        &documents.of_event().collect::<Vec<_>>(),
        lang,
    );
    view! {
        <Title text=s.about_title/>
        <h1>{s.about_title}</h1>
        <h2 class="event-name">{event.name.get(lang).to_string()}</h2>
        {event.demo.then(|| view! { <p class="demo-notice">{s.demo_notice}</p> })}
        <dl class="facts">
            <dt>{s.dates}</dt>
            <dd>{long_date(event.start_date, lang)}" – "{long_date(event.end_date, lang)}</dd>
            {venue_row}
            <dt>{s.working_languages}</dt>
            <dd>{languages}</dd>
            {contact}
        </dl>
        {documents}
        <section class="notice chatham-notice">
            <h2>{s.chatham_house}</h2>
            <p>{s.chatham_house_notice}</p>
        </section>
        <section class="notice">
            <h2>{s.interpretation}</h2>
            <p>{s.interpretation_notice}</p>
        </section>
        <p class="agenda-version">{version}</p>
    }
}
