//! The programme console's day plan: one day at a time (day tabs), sessions per room as a
//! timeline grid on a wide screen and a list on a phone, overlaps in one room marked, sessions
//! without a room in their own column, and where bookmarks approach a room's seats, a free
//! larger room with a one-click move (the console's ordinary move form).

use crate::access::shown_count;
use crate::domain::planning::{SeatHint, overlapping_in_rooms, seat_hints};
use crate::domain::venue_time::{VenueTime, event_days, weekday_and_day};
use crate::i18n::{Lang, fill};
use crate::model::{Agenda, Room, Session};
use chrono::{DateTime, NaiveDate, Timelike, Utc};
use leptos::prelude::*;
use std::collections::HashSet;

/// Grid rows are this many minutes.
const ROW_MINUTES: i64 = 5;

/// The day shown: `?day=` when it is one of the event's, else today's when the event is on,
/// else the first day.
pub fn chosen_day(agenda: &Agenda, query: Option<&str>, now: DateTime<Utc>) -> NaiveDate {
    let days = event_days(&agenda.event);
    let asked = query
        .unwrap_or("")
        .split('&')
        .find_map(|p| p.strip_prefix("day="))
        .and_then(|d| d.parse::<NaiveDate>().ok());
    let today = VenueTime::of(&agenda.event).date(now);
    [asked, Some(today)]
        .into_iter()
        .flatten()
        .find(|d| days.contains(d))
        .or(days.first().copied())
        .unwrap_or(today)
}

pub fn day_plan(
    agenda: &Agenda,
    day: NaiveDate,
    lang: Lang,
    interest: &[(String, i64)],
    quick_form: &dyn Fn(&Session) -> AnyView,
) -> impl IntoView + use<> {
    let e = lang.editor();
    let venue = VenueTime::of(&agenda.event);
    let sessions: Vec<&Session> = agenda
        .sessions
        .iter()
        .filter(|s| venue.date(s.start) == day)
        .collect();
    let overlaps = overlapping_in_rooms(sessions.iter().copied());
    let hints: Vec<SeatHint> = seat_hints(agenda, interest)
        .into_iter()
        .filter(|h| sessions.iter().any(|s| s.id == h.session))
        .collect();
    // Columns: every room, then "without a room" when a session of the day has none.
    let mut columns: Vec<Option<&Room>> = agenda.rooms.iter().map(Some).collect();
    if sessions.iter().any(|s| s.room.is_none()) {
        columns.push(None);
    }
    let tabs = event_days(&agenda.event)
        .into_iter()
        .map(|d| view! {
            <a href=format!("/organiser/programme?day={d}") data-day=d.to_string() aria-current=(d == day).then_some("date")>
                {weekday_and_day(d, lang)}
            </a>
        })
        .collect_view();
    let hint_list = (!hints.is_empty()).then(|| {
        let items = hints
            .iter()
            .filter_map(|h| {
                let session = agenda.session(&h.session)?;
                Some(seat_hint(agenda, session, h, lang))
            })
            .collect_view();
        view! { <ul class="plain seat-hints">{items}</ul> }
    });
    let grid = grid(agenda, &sessions, &columns, &overlaps, lang);
    let list = columns
        .iter()
        .map(|room| {
            let in_room: Vec<&Session> = sessions
                .iter()
                .copied()
                .filter(|s| s.room.as_deref() == room.map(|r| r.id.as_str()))
                .collect();
            let (name, edit) = match room {
                Some(r) => (
                    r.name.get(lang).to_string(),
                    Some(view! { <a class="button small secondary" href=format!("/organiser/programme/rooms/{}", r.id)>{e.edit_room}</a> }),
                ),
                None => (e.without_room.to_string(), None),
            };
            let items = in_room
                .iter()
                .map(|s| {
                    let overlap = overlaps.contains(&s.id);
                    view! {
                        <li class="plan-session" class:overlap=overlap class:cancelled=s.cancelled data-session=s.id.clone()>
                            <p><strong>{venue.range(s.start, s.end)}</strong>" "
                                <a href=format!("/organiser/programme/sessions/{}", s.id)>{s.title.get(lang).to_string()}</a>
                                {s.cancelled.then(|| view! { " " <span class="badge cancelled">{lang.strings().cancelled}</span> })}
                            </p>
                            {overlap.then(|| view! { <p class="overlap-note">{e.overlap}</p> })}
                            {quick_form(s)}
                        </li>
                    }
                })
                .collect_view();
            let id = room.map(|r| format!("room-{}", r.id)).unwrap_or_else(|| "room-none".into());
            view! {
                <section class="room-day" id=id>
                    <h3>{name}" "{edit}</h3>
                    <ul class="plain">{items}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <h2>{e.day_plan}</h2>
        <nav class="days" aria-label=lang.strings().days_label>{tabs}</nav>
        <p class="actions">
            <a class="button" href=format!("/organiser/programme/new?day={day}")>{e.new_session}</a>
            <a class="button secondary" href="/organiser/programme/new-room">{e.new_room}</a>
        </p>
        {hint_list}
        {grid}
        <div class="day-list">{list}</div>
    }
}

/// "Hannibal Room: 80 seats, 95 bookmarked", and a move to a free larger room when there is one.
fn seat_hint(
    agenda: &Agenda,
    session: &Session,
    hint: &SeatHint,
    lang: Lang,
) -> impl IntoView + use<> {
    let e = lang.editor();
    let name = |id: &str| {
        agenda
            .room(id)
            .map(|r| r.name.get(lang).to_string())
            .unwrap_or_default()
    };
    let said = fill(
        e.seats_hint,
        &[
            ("room", &name(&hint.room)),
            ("seats", &hint.seats.to_string()),
            ("count", &shown_count(hint.bookmarked)),
        ],
    );
    let over = hint.bookmarked > i64::from(hint.seats);
    let mv = hint.suggestion.as_ref().and_then(|id| {
        let room = agenda.room(id)?;
        let seats = room.capacity.unwrap_or_default().to_string();
        let label = fill(e.move_to, &[("room", &name(id)), ("seats", &seats)]);
        Some(move_form(agenda, session, id, label))
    });
    view! {
        <li class="seat-hint" class:over=over data-hint=session.id.clone()>
            <strong>{session.title.get(lang).to_string()}</strong><br/>
            <span>{said}</span>
            {mv}
        </li>
    }
}

/// One click moves the session, times kept, through the console's ordinary move form (the same
/// change path as any move: version, change log, bookmarkers told).
fn move_form(
    agenda: &Agenda,
    session: &Session,
    room: &str,
    label: String,
) -> impl IntoView + use<> {
    let venue = VenueTime::of(&agenda.event);
    let local = |t: DateTime<Utc>| format!("{}T{}", venue.date(t), venue.clock(t));
    view! {
        <form method="post" action=format!("/organiser/sessions/{}", session.id) class="seat-move" data-suggested=room.to_string()>
            <input type="hidden" name="room_id" value=room.to_string()/>
            <input type="hidden" name="start" value=local(session.start)/>
            <input type="hidden" name="end" value=local(session.end)/>
            <button type="submit" class="button small">{label}</button>
        </form>
    }
}

/// The timeline: a table with a column per room and a row per five minutes, each session a
/// cell spanning its rows. A table, because the page's CSP allows no inline style: `rowspan`
/// places a session where a style could not. Sessions that overlap in one room share one cell,
/// marked.
fn grid(
    agenda: &Agenda,
    sessions: &[&Session],
    columns: &[Option<&Room>],
    overlaps: &HashSet<String>,
    lang: Lang,
) -> impl IntoView + use<> {
    let venue = VenueTime::of(&agenda.event);
    let (Some(first), Some(last)) = (
        sessions.iter().map(|s| s.start).min(),
        sessions.iter().map(|s| s.end).max(),
    ) else {
        return None;
    };
    // From the hour of the first start, so hour labels fall on rows.
    let minute = i64::from(first.with_timezone(&venue.tz).minute());
    let origin = first - chrono::Duration::minutes(minute);
    let row = |t: DateTime<Utc>| ((t - origin).num_minutes().max(0) / ROW_MINUTES) as usize;
    let rows = row(last) + usize::from((last - origin).num_minutes() % ROW_MINUTES != 0);
    // Per column, the cells: first row, rows spanned, and the sessions shown there.
    let cells: Vec<Vec<(usize, usize, Vec<&Session>)>> = columns
        .iter()
        .map(|room| {
            let mut cells: Vec<(usize, usize, Vec<&Session>)> = Vec::new();
            let mut here: Vec<&Session> = sessions
                .iter()
                .copied()
                .filter(|s| s.room.as_deref() == room.map(|r| r.id.as_str()))
                .collect();
            here.sort_by_key(|s| (s.start, s.end));
            for s in here {
                let (from, to) = (row(s.start), row(s.end).max(row(s.start) + 1));
                match cells.last_mut() {
                    Some((start, span, shared)) if from < *start + *span => {
                        *span = (*span).max(to - *start);
                        shared.push(s);
                    }
                    _ => cells.push((from, to - from, vec![s])),
                }
            }
            cells
        })
        .collect();
    let heads = columns
        .iter()
        .map(|room| {
            let name = room
                .map(|r| r.name.get(lang).to_string())
                .unwrap_or_else(|| lang.editor().without_room.to_string());
            view! { <th scope="col">{name}</th> }
        })
        .collect_view();
    let body = (0..rows)
        .map(|r| {
            let at = origin + chrono::Duration::minutes(r as i64 * ROW_MINUTES);
            let hour = (r as i64 * ROW_MINUTES % 60 == 0).then(|| venue.clock(at));
            let tds = cells
                .iter()
                .map(|column| {
                    if let Some((_, span, shared)) = column.iter().find(|c| c.0 == r) {
                        let overlap = shared.iter().any(|s| overlaps.contains(&s.id));
                        let links = shared
                            .iter()
                            .map(|s| view! {
                                <a href=format!("/organiser/programme/sessions/{}", s.id) data-session=s.id.clone() class:cancelled=s.cancelled>
                                    <small>{venue.range(s.start, s.end)}</small>" "{s.title.get(lang).to_string()}
                                </a>
                            })
                            .collect_view();
                        Some(view! { <td class="grid-block" class:overlap=overlap rowspan=*span>{links}</td> }.into_any())
                    } else if column.iter().any(|c| c.0 < r && r < c.0 + c.1) {
                        None
                    } else {
                        Some(view! { <td></td> }.into_any())
                    }
                })
                .collect_view();
            view! { <tr><th scope="row" class="grid-hour">{hour}</th>{tds}</tr> }
        })
        .collect_view();
    Some(view! {
        <table class="day-grid">
            <thead><tr><th></th>{heads}</tr></thead>
            <tbody>{body}</tbody>
        </table>
    })
}
