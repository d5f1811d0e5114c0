//! The agenda: day tabs, filters, sessions grouped by start time, Now and Next.

use crate::access::{MyBookmarks, Role};
use crate::components::session_card::{Marker, Star, session_card};
use crate::context::{set_status, use_lang, use_request_data, use_snapshot, use_viewer};
use crate::domain::filter::AgendaFilter;
use crate::domain::schedule::{NowNext, default_day, now_and_next, slots_on};
use crate::domain::venue_time::{VenueTime, event_days, weekday_and_day};
use crate::i18n::{Lang, fill};
use crate::islands::live_filter::LiveFilter;
use crate::model::{Agenda, Kind, Session};
use crate::pages::not_found::BadFilter;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AgendaPage() -> impl IntoView {
    let snapshot = use_snapshot();
    let (agenda, now) = (snapshot.agenda, snapshot.now);
    let lang = use_lang();
    let s = lang.strings();
    let query = use_query_map().get_untracked();
    let filter =
        match AgendaFilter::parse((&query).into_iter().map(|(k, v)| (k.as_ref(), v)), &agenda) {
            Ok(filter) => filter,
            Err(error) => {
                set_status(400);
                return view! { <BadFilter error lang/> }.into_any();
            }
        };
    let day = filter.day.unwrap_or_else(|| default_day(&agenda, now));
    let venue = VenueTime::of(&agenda.event);
    let now_next = now_and_next(&agenda, now);
    let slots = slots_on(&agenda, day);
    let signed_in = use_viewer().role != Role::Anonymous;
    let mine = use_request_data::<MyBookmarks>().unwrap_or_default().0;
    let day_is_empty = slots.is_empty();
    let mut any_visible = false;
    let slot_views = slots
        .into_iter()
        .map(|slot| {
            let cards = slot
                .sessions
                .iter()
                .map(|session| {
                    let visible = filter.matches(session, &agenda, lang);
                    (session, visible)
                })
                .collect::<Vec<_>>();
            let slot_visible = cards.iter().any(|(_, v)| *v);
            any_visible |= slot_visible;
            let cards = cards
                .into_iter()
                .map(|(session, visible)| {
                    let marker = Marker::of(&now_next, session, now);
                    session_card(session, &agenda, lang, marker, visible, Star { on: mine.contains(&session.id), signed_in })
                })
                .collect_view();
            view! {
                <section class="slot" data-slot="" hidden=!slot_visible>
                    <h2 class="slot-time">
                        <time datetime=slot.start.to_rfc3339()><bdi dir="ltr">{venue.clock(slot.start)}</bdi></time>
                    </h2>
                    <ul class="cards">{cards}</ul>
                </section>
            }
        })
        .collect_view();
    let title = format!("{} · {}", s.nav_agenda, agenda.event.short_name.get(lang));
    let zone = fill(
        s.times_in_zone,
        &[
            ("city", agenda.event.city.get(lang)),
            ("offset", &venue.offset_label(day)),
        ],
    );
    view! {
        <Title text=title/>
        <section class="intro">
            <h1>{agenda.event.name.get(lang).to_string()}</h1>
            {agenda.event.demo.then(|| view! { <p class="demo-notice">{s.demo_notice}</p> })}
        </section>
        {day_tabs(&agenda, &filter, day, lang)}
        <p class="zone">{zone}</p>
        {now_next_strip(&now_next, lang, venue)}
        {filter_form(&agenda, &filter, day, lang)}
        <div class="slots">{slot_views}</div>
        <p id="no-results" class="empty" hidden=any_visible || day_is_empty>{s.no_results}</p>
        {day_is_empty.then(|| view! { <p class="empty">{s.no_sessions_day}</p> })}
    }
    .into_any()
}

fn day_tabs(
    agenda: &Agenda,
    filter: &AgendaFilter,
    day: chrono::NaiveDate,
    lang: Lang,
) -> impl IntoView + use<> {
    let tabs = event_days(&agenda.event)
        .into_iter()
        .map(|d| {
            view! {
                <a href=format!("/?{}", filter.query_for_day(d)) data-day=d.to_string()
                    aria-current=(d == day).then_some("date")>
                    {weekday_and_day(d, lang)}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="days" aria-label=lang.strings().days_label>{tabs}</nav> }
}

fn now_next_strip(now_next: &NowNext, lang: Lang, venue: VenueTime) -> impl IntoView + use<> {
    let s = lang.strings();
    let line = |label: &'static str, class: &'static str, sessions: &[&Session]| {
        (!sessions.is_empty()).then(|| {
            let links = sessions
                .iter()
                .map(|session| {
                    view! {
                        <li>
                            <a href=format!("/sessions/{}", session.id)>
                                <bdi dir="ltr" class="time">{venue.clock(session.start)}</bdi>" "
                                {session.title.get(lang).to_string()}
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! { <div class=format!("now-next-line {class}")><strong>{label}</strong><ul>{links}</ul></div> }
        })
    };
    let now = line(s.now, "now", &now_next.now);
    let next = line(s.next, "next", &now_next.next);
    (now.is_some() || next.is_some()).then(|| view! { <aside class="now-next">{now}{next}</aside> })
}

fn filter_form(
    agenda: &Agenda,
    filter: &AgendaFilter,
    day: chrono::NaiveDate,
    lang: Lang,
) -> impl IntoView + use<> {
    let s = lang.strings();
    let kinds = Kind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.slug() selected=filter.kind == Some(k)>{k.label(lang)}</option> })
        .collect_view();
    let themes = agenda
        .themes
        .iter()
        .map(|t| {
            view! { <option value=t.slug.clone() selected=filter.theme.as_ref() == Some(&t.slug)>{t.name.get(lang).to_string()}</option> }
        })
        .collect_view();
    let rooms = agenda
        .rooms
        .iter()
        .map(|r| view! { <option value=r.id.clone() selected=filter.room.as_ref() == Some(&r.id)>{r.name.get(lang).to_string()}</option> })
        .collect_view();
    let languages = agenda
        .event
        .languages
        .iter()
        .map(|l| view! { <option value=l.code() selected=filter.language == Some(*l)>{s.lang_name(*l)}</option> })
        .collect_view();
    let open_more = filter.narrows() && filter.q.is_empty();
    let q = filter.q.clone();
    let select = |name: &'static str, label: &'static str, options| {
        view! {
            <label class="field">
                <span>{label}</span>
                <select name=name><option value="">{s.any}</option>{options}</select>
            </label>
        }
    };
    view! {
        <LiveFilter>
            <form class="filters" method="get" action="/" role="search">
                <input type="hidden" name="day" value=day.to_string()/>
                <label class="field search">
                    <span class="visually-hidden">{s.search}</span>
                    <input type="search" name="q" value=q placeholder=s.search_placeholder
                        maxlength="200" autocomplete="off" enterkeyhint="search"/>
                </label>
                <details class="more-filters" open=open_more>
                    <summary>{s.filters}</summary>
                    <div class="filter-grid">
                        {select("kind", s.filter_kind, kinds.into_any())}
                        {select("theme", s.filter_theme, themes.into_any())}
                        {select("room", s.filter_room, rooms.into_any())}
                        {select("language", s.filter_language, languages.into_any())}
                    </div>
                </details>
                <div class="filter-actions">
                    <button type="submit" class="apply">{s.apply}</button>
                    <a class="clear" href=format!("/?day={day}")>{s.clear_filters}</a>
                </div>
            </form>
        </LiveFilter>
    }
}
