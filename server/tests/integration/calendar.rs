//! Calendars checked with an independent parser (the `icalendar` crate), not by string matching.

use crate::common::{TestApp, spawn_app};
use chrono::Utc;
use icalendar::parser::{Component, read_calendar, unfold};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use server::store::SessionPatch;

/// A delegate whose preferred language is French: the feed speaks it.
async fn delegate(app: &TestApp) -> String {
    let link = app.invitation_link("delegate", "cal@icmpd.org", &[]).await;
    app.redeem(
        &link,
        "full_name=D&organisation=O&country=C&preferred_language=fr&consent=yes",
    )
    .await
}

async fn fetch(app: &TestApp, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let res = app.get_as(path, cookie).await;
    let status = res.status();
    if status == StatusCode::OK {
        assert_eq!(
            res.headers()["content-type"],
            "text/calendar; charset=utf-8"
        );
    }
    (status, res.text().await.unwrap())
}

/// The VEVENTs of a calendar, parsed independently; panics on anything unparsable.
fn events(text: &str) -> Vec<Component<'static>> {
    assert!(
        text.lines().all(|l| l.len() <= 76),
        "lines fold at 75 octets"
    );
    let unfolded: &'static str = Box::leak(unfold(text).into_boxed_str());
    let calendar = read_calendar(unfolded).expect("parses");
    let version = calendar
        .properties
        .iter()
        .find(|p| p.name.as_str() == "VERSION")
        .map(|p| p.val.as_str());
    assert_eq!(version, Some("2.0"), "a VCALENDAR root");
    assert!(
        calendar
            .components
            .iter()
            .any(|c| c.name.as_str() == "VTIMEZONE")
    );
    let events: Vec<_> = calendar
        .components
        .into_iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    assert_eq!(
        events.len(),
        text.matches("BEGIN:VEVENT").count(),
        "every event parsed"
    );
    events
}

fn prop<'a>(event: &'a Component, name: &str) -> Option<&'a str> {
    event
        .properties
        .iter()
        .find(|p| p.name.as_str() == name)
        .map(|p| p.val.as_str())
}

fn tzid(event: &Component, name: &str) -> Option<String> {
    let p = event.properties.iter().find(|p| p.name.as_str() == name)?;
    p.params
        .iter()
        .find(|x| x.key.as_str() == "TZID")
        .and_then(|x| x.val.as_ref())
        .map(|v| v.as_str().to_string())
}

#[tokio::test]
async fn my_schedule_follows_changes_with_stable_uids_and_sequences() {
    let app = spawn_app().await;
    let me = delegate(&app).await;
    for id in ["d1-side-digital", "d1-opening"] {
        let res = app
            .request(
                Method::PUT,
                &format!("/api/v1/me/bookmarks/{id}"),
                Some(&me),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    let (status, text) = fetch(&app, "/api/v1/me/schedule.ics", Some(&me)).await;
    assert_eq!(status, StatusCode::OK);
    let list = events(&text);
    assert_eq!(list.len(), 2);
    let digital = list
        .iter()
        .find(|e| prop(e, "UID") == Some("d1-side-digital@ibmc-2024.delegate-companion"))
        .unwrap();
    assert_eq!(prop(digital, "DTSTART"), Some("20241127T143000"));
    assert_eq!(tzid(digital, "DTSTART").as_deref(), Some("Africa/Tunis"));
    assert_eq!(prop(digital, "SEQUENCE"), Some("0"));
    assert_eq!(prop(digital, "STATUS"), Some("CONFIRMED"));
    assert!(
        prop(digital, "LOCATION")
            .unwrap()
            .starts_with("Elissa Room")
    );
    assert!(text.contains("REFRESH-INTERVAL;VALUE=DURATION:PT15M"));
    assert!(prop(digital, "LAST-MODIFIED").is_some());
    // Chatham House: nobody is named, even where the agenda lists moderators.
    assert!(!text.contains("(host)"));

    // The private feed needs no cookie and follows a room change, then a cancellation.
    let feed: Value = app
        .get_as("/api/v1/me/calendar-feed", Some(&me))
        .await
        .json()
        .await
        .unwrap();
    assert!(feed["url"].as_str().unwrap().starts_with("webcal://"));
    let feed_path = feed["https_url"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://127.0.0.1:3000")
        .to_string();
    let moved = SessionPatch {
        room: Some(Some("hannibal".into())),
        ..Default::default()
    };
    let (_, v) = app
        .store
        .update_session("ibmc-2024", "d1-side-digital", &moved, Utc::now())
        .await
        .unwrap()
        .unwrap();
    app.wait_for_version(v).await;
    let cancel = SessionPatch {
        cancelled: Some(true),
        ..Default::default()
    };
    let (_, v) = app
        .store
        .update_session("ibmc-2024", "d1-side-digital", &cancel, Utc::now())
        .await
        .unwrap()
        .unwrap();
    app.wait_for_version(v).await;
    let (status, text) = fetch(&app, &feed_path, None).await;
    assert_eq!(status, StatusCode::OK);
    let digital = events(&text)
        .into_iter()
        .find(|e| prop(e, "UID") == Some("d1-side-digital@ibmc-2024.delegate-companion"))
        .unwrap();
    assert_eq!(prop(&digital, "SEQUENCE"), Some("2"));
    assert_eq!(prop(&digital, "STATUS"), Some("CANCELLED"));
    assert!(
        prop(&digital, "LOCATION")
            .unwrap()
            .starts_with("Salle Hannibal"),
        "the feed speaks the person's language"
    );
}

#[tokio::test]
async fn the_feed_can_be_rotated_and_its_reminders_set() {
    let app = spawn_app().await;
    let me = delegate(&app).await;
    app.request(Method::PUT, "/api/v1/me/bookmarks/d1-opening", Some(&me))
        .send()
        .await
        .unwrap();
    let url = |v: &Value| {
        v["https_url"]
            .as_str()
            .unwrap()
            .trim_start_matches("http://127.0.0.1:3000")
            .to_string()
    };
    let first: Value = app
        .get_as("/api/v1/me/calendar-feed", Some(&me))
        .await
        .json()
        .await
        .unwrap();
    let (_, text) = fetch(&app, &url(&first), None).await;
    assert!(text.contains("TRIGGER:-PT15M"), "15 minutes by default");

    let set: Value = app
        .request(Method::PATCH, "/api/v1/me/calendar-feed", Some(&me))
        .json(&serde_json::json!({"alarm_minutes": 0}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(set["alarm_minutes"], 0);
    assert!(!fetch(&app, &url(&first), None).await.1.contains("VALARM"));

    let rotated: Value = app
        .request(Method::POST, "/api/v1/me/calendar-feed", Some(&me))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(rotated["url"], first["url"]);
    assert_eq!(
        fetch(&app, &url(&first), None).await.0,
        StatusCode::NOT_FOUND,
        "the old address stops working"
    );
    assert_eq!(fetch(&app, &url(&rotated), None).await.0, StatusCode::OK);
    assert_eq!(
        fetch(&app, "/calendar/nonsense.ics", None).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn one_session_can_be_added_to_a_calendar() {
    let app = spawn_app().await;
    let (status, text) = fetch(&app, "/api/v1/sessions/d2-closing/ics?lang=ar", None).await;
    assert_eq!(status, StatusCode::OK);
    let list = events(&text);
    assert_eq!(list.len(), 1);
    assert_eq!(
        prop(&list[0], "SUMMARY"),
        Some("الجلسة الختامية — الخلاصات الرئيسية والخطوات العملية")
    );
    assert_eq!(
        fetch(&app, "/api/v1/sessions/d2-side-heads/ics", None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch(&app, "/api/v1/me/schedule.ics", None).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_schedule_page_offers_the_feed_and_its_settings() {
    let app = spawn_app().await;
    let me = delegate(&app).await;
    let html = app
        .get_as("/schedule", Some(&me))
        .await
        .text()
        .await
        .unwrap();
    let feed = html
        .split("data-feed=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert!(html.contains("href=\"webcal://127.0.0.1:3000/calendar/"));
    let path = feed.trim_start_matches("http://127.0.0.1:3000").to_string();
    let post = |body: &'static str| {
        app.form_request("/schedule/calendar-feed", Some(&me), body)
            .send()
    };
    assert_eq!(
        post("action=alarm&alarm_minutes=30")
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER
    );
    app.request(Method::PUT, "/api/v1/me/bookmarks/d1-opening", Some(&me))
        .send()
        .await
        .unwrap();
    assert!(fetch(&app, &path, None).await.1.contains("TRIGGER:-PT30M"));
    assert_eq!(
        post("action=alarm&alarm_minutes=lots")
            .await
            .unwrap()
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post("action=rotate").await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(fetch(&app, &path, None).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_whole_visible_programme_is_one_calendar() {
    let app = spawn_app().await;
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    let ids: Vec<String> = agenda["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{}@ibmc-2024.delegate-companion", s["id"].as_str().unwrap()))
        .collect();
    let (status, text) = fetch(&app, "/api/v1/export/schedule.ics", None).await;
    assert_eq!(status, StatusCode::OK);
    let uids: Vec<String> = events(&text)
        .iter()
        .filter_map(|e| prop(e, "UID").map(String::from))
        .collect();
    assert_eq!(
        uids, ids,
        "every session a stranger may see, in order, nothing more"
    );
    let organiser = app.organiser().await;
    let (_, theirs) = fetch(&app, "/api/v1/export/schedule.ics", Some(&organiser)).await;
    let closed = "d2-side-heads@ibmc-2024.delegate-companion";
    assert!(
        events(&theirs)
            .iter()
            .any(|e| prop(e, "UID") == Some(closed))
    );
    let res = app.get("/api/v1/export/schedule.ics").await;
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    let again = app
        .request(Method::GET, "/api/v1/export/schedule.ics", None)
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}
