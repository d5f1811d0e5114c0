//! `/organiser/arrivals`: who came, for organisers only. Admissions per quarter of an hour and
//! door, who is confirmed and not yet admitted, scans a device let in offline that the server
//! refused on sync (the same pass on two devices, a pass revoked since), and the attendance
//! export. Times in venue time, labelled.

use crate::context::{use_lang, use_request_data, use_snapshot, use_viewer};
use crate::domain::venue_time::{VenueTime, day_and_clock};
use crate::door::{ArrivalsView, Verdict, arrivals_per_slot};
use crate::i18n::{Lang, fill};
use crate::pages::not_found::page_error;
use crate::routes::PageError;
use leptos::prelude::*;
use leptos_meta::Title;

/// The chart's slots, in minutes.
const SLOT_MINUTES: i64 = 15;

#[component]
pub fn ArrivalsPage() -> impl IntoView {
    let lang = use_lang();
    let d = lang.door();
    let Some(data) = use_request_data::<ArrivalsView>() else {
        return page_error(PageError::organiser_data_missing(use_viewer().role)).into_any();
    };
    let event = use_snapshot().agenda.event.clone();
    let venue = VenueTime::of(&event);
    let zone = fill(
        lang.strings().times_in_zone,
        &[
            ("city", event.city.get(lang)),
            ("offset", &venue.offset_label(event.start_date)),
        ],
    );
    let arrived = data.arrivals.len().to_string();
    let confirmed = data.confirmed.to_string();
    let expected = data
        .expected
        .iter()
        .map(|p| view! { <li><bdi>{p.name.clone()}</bdi>" · "<span class="muted"><bdi>{p.organisation.clone()}</bdi></span></li> })
        .collect_view();
    view! {
        <Title text=d.arrivals_title/>
        <h1>{d.arrivals_title}</h1>
        <p class="muted">{fill(d.arrivals_intro, &[("zone", &zone)])}</p>
        <p class="arrived-count" data-arrived=arrived.clone() data-confirmed=confirmed.clone()>
            {fill(d.arrived_of, &[("arrived", &arrived), ("confirmed", &confirmed)])}
        </p>
        <p><a class="button secondary" href="/api/v1/attendance.csv" download="attendance.csv">{d.export}</a></p>
        {chart(&data, &venue, lang)}
        <section aria-labelledby="offline-title">
            <h2 id="offline-title">{d.offline_title}</h2>
            <p class="muted">{d.offline_help}</p>
            {let_in_offline(&data, &venue, lang)}
        </section>
        <section aria-labelledby="expected-title">
            <h2 id="expected-title">{d.expected_title}" ("{data.expected.len()}")"</h2>
            {data.expected.is_empty().then(|| view! { <p class="empty">{d.expected_none}</p> })}
            <ul class="plain expected">{expected}</ul>
        </section>
    }
    .into_any()
}

/// Bars per door and quarter of an hour (meters, so a screen reader reads the numbers).
fn chart(data: &ArrivalsView, venue: &VenueTime, lang: Lang) -> impl IntoView + use<> {
    let d = lang.door();
    let (slots, doors) = arrivals_per_slot(&data.arrivals, SLOT_MINUTES);
    let most = doors
        .iter()
        .flat_map(|(_, counts)| counts.iter().copied())
        .max()
        .unwrap_or(1)
        .max(1);
    let doors = doors
        .into_iter()
        .map(|(door, counts)| {
            let rows = slots
                .iter()
                .zip(counts)
                .filter(|(_, n)| *n > 0)
                .map(|(start, n)| {
                    view! {
                        <li>
                            <span class="bar-label"><bdi>{day_and_clock(venue, *start, lang)}</bdi></span>
                            <meter class="bar" min="0" max=most value=n></meter>
                            <span class="bar-count">{n}</span>
                        </li>
                    }
                })
                .collect_view();
            view! { <h3>{d.col_door}" "<bdi>{door.clone()}</bdi></h3><ul class="bars" data-door=door>{rows}</ul> }
        })
        .collect_view();
    view! {
        <section class="notice interest arrivals-chart" aria-labelledby="chart-title">
            <h2 id="chart-title">{d.chart_caption}</h2>
            {data.arrivals.is_empty().then(|| view! { <p class="empty">{d.chart_none}</p> })}
            {doors}
        </section>
    }
}

fn let_in_offline(data: &ArrivalsView, venue: &VenueTime, lang: Lang) -> impl IntoView + use<> {
    let d = lang.door();
    if data.let_in_offline.is_empty() {
        return view! { <p class="empty">{d.offline_none}</p> }.into_any();
    }
    let rows = data
        .let_in_offline
        .iter()
        .map(|x| {
            let verdict = match x.server_verdict {
                Verdict::AlreadyAdmitted => d.already,
                Verdict::Revoked => d.revoked,
                Verdict::WrongEvent => d.wrong_event,
                Verdict::Invalid => d.invalid,
                Verdict::Admitted => d.admit,
            };
            let first = x.first.as_ref().map(|f| {
                fill(
                    d.already_detail,
                    &[
                        ("time", &day_and_clock(venue, f.at, lang)),
                        ("door", &f.door),
                    ],
                )
            });
            view! {
                <tr data-verdict=x.server_verdict.slug()>
                    <td><bdi>{x.name.clone().unwrap_or_default()}</bdi></td>
                    <td><bdi>{day_and_clock(venue, x.at, lang)}</bdi></td>
                    <td><bdi>{x.door.clone()}</bdi></td>
                    <td><bdi dir="ltr">{x.device.clone()}</bdi></td>
                    <td>{verdict}</td>
                    <td>{first}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="let-in-offline">
                <thead><tr>
                    <th scope="col">{d.col_name}</th><th scope="col">{d.col_time}</th>
                    <th scope="col">{d.col_door}</th><th scope="col">{d.col_device}</th>
                    <th scope="col">{d.col_reason}</th><th scope="col">{d.col_first}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
