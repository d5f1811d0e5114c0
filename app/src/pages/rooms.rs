//! Rooms with floor, seats and directions, and what happens in each.

use crate::context::{use_lang, use_snapshot};
use crate::domain::venue_time::{VenueTime, weekday_and_day};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RoomsPage() -> impl IntoView {
    let agenda = use_snapshot().agenda;
    let lang = use_lang();
    let s = lang.strings();
    let venue = VenueTime::of(&agenda.event);
    let rooms = agenda
        .rooms
        .iter()
        .map(|room| {
            let sessions = agenda
                .sessions
                .iter()
                .filter(|x| x.room.as_ref() == Some(&room.id) && !x.cancelled)
                .map(|x| {
                    view! {
                        <li>
                            <a href=format!("/sessions/{}", x.id)>
                                {weekday_and_day(venue.date(x.start), lang)}" "
                                <bdi dir="ltr" class="time">{venue.range(x.start, x.end)}</bdi>" "
                                {x.title.get(lang).to_string()}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="room" id=format!("room-{}", room.id)>
                    <h2>{room.name.get(lang).to_string()}</h2>
                    <dl class="facts">
                        <dt>{s.floor}</dt><dd>{room.floor.get(lang).to_string()}</dd>
                        {room.capacity.map(|c| view! { <dt>{s.capacity}</dt><dd>{c}</dd> })}
                        <dt>{s.directions}</dt><dd>{room.directions.get(lang).to_string()}</dd>
                    </dl>
                    <details>
                        <summary>{s.sessions_in_room}</summary>
                        <ul class="plain">{sessions}</ul>
                    </details>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=s.rooms_title/>
        <h1>{s.rooms_title}</h1>
        <p class="venue-line">{agenda.event.venue.get(lang).to_string()}</p>
        {rooms}
    }
}
