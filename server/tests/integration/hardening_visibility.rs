//! Security review findings about what gets shown (issue 10): the closed agenda's side doors,
//! versions that told anonymous readers about hidden edits, and notifications about a closed
//! agenda.

use crate::common::mock_push::push_config;
use crate::common::{DAY_ONE_MORNING, TestApp, spawn_app, spawn_app_configured, spawn_app_with};
use app::access::PersonId;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server::config::AgendaVisibility;

#[tokio::test]
async fn invitees_of_a_closed_agenda_learn_nothing_through_bookmarks_or_calendars() {
    let app = spawn_app_with(DAY_ONE_MORNING, None, AgendaVisibility::Delegates).await;
    let invitee = app.signed_in("delegate", "d@icmpd.org").await;
    for id in ["d1-governance", "no-such-session"] {
        let (status, body) = app
            .call(
                Method::PUT,
                &format!("/api/v1/me/bookmarks/{id}"),
                Some(&invitee),
                Value::Null,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{id}: the same answer for real and made-up ids: {body}"
        );
    }
    // A bookmark made before the agenda closed (here: written directly) shows nowhere.
    let people: Vec<(PersonId,)> =
        sqlx::query_as("SELECT id FROM people WHERE email = 'd@icmpd.org'")
            .fetch_all(&sqlx::SqlitePool::connect(&app.database_url).await.unwrap())
            .await
            .unwrap();
    app.store
        .set_bookmark(
            &people[0].0,
            "d1-governance",
            true,
            None,
            chrono::Utc::now(),
            1,
        )
        .await
        .unwrap();
    let ics =
        TestApp::text_of(app.request(Method::GET, "/api/v1/me/schedule.ics", Some(&invitee))).await;
    assert!(
        ics.contains("BEGIN:VCALENDAR") && !ics.contains("BEGIN:VEVENT"),
        "{ics}"
    );
    let (_, feed) = app
        .call(
            Method::GET,
            "/api/v1/me/calendar-feed",
            Some(&invitee),
            Value::Null,
        )
        .await;
    let path = feed["https_url"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://127.0.0.1:3000")
        .to_string();
    let subscribed = app.get(&path).await.text().await.unwrap();
    assert!(
        subscribed.contains("BEGIN:VCALENDAR") && !subscribed.contains("BEGIN:VEVENT"),
        "{subscribed}"
    );
    assert!(!subscribed.contains("Governance") && !ics.contains("Governance"));

    // Confirmed, the same person sees their schedule everywhere.
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let (status, _) = app
        .call(
            Method::POST,
            &format!("/api/v1/people/{}/confirm", people[0].0),
            Some(&organiser),
            Value::Null,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let subscribed = app.get(&path).await.text().await.unwrap();
    assert!(subscribed.contains("BEGIN:VEVENT"), "{subscribed}");
    let (status, _) = app
        .call(
            Method::PUT,
            "/api/v1/me/bookmarks/d1-opening",
            Some(&invitee),
            Value::Null,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

/// The agenda as `cookie` (or an anonymous reader) gets it: ETag, version header, version field.
async fn agenda_as(app: &TestApp, cookie: Option<&str>) -> (String, String, i64) {
    let res = app.get_as("/api/v1/agenda", cookie).await;
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    let header = res.headers()["x-agenda-version"]
        .to_str()
        .unwrap()
        .to_string();
    let body: Value = res.json().await.unwrap();
    (etag, header, body["version"].as_i64().unwrap())
}

#[tokio::test]
async fn anonymous_readers_see_no_version_change_when_only_a_hidden_session_changed() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let before = agenda_as(&app, None).await;
    let organisers_before = agenda_as(&app, Some(&organiser)).await;
    let (status, _) = app
        .patch_session(&organiser, "d2-side-heads", json!({"room_id": "elissa"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        agenda_as(&app, None).await,
        before,
        "nothing anonymous readers can see moved"
    );
    assert_ne!(
        agenda_as(&app, Some(&organiser)).await.2,
        organisers_before.2
    );
    let page = app.get("/").await;
    assert_eq!(
        page.headers()["x-agenda-version"].to_str().unwrap(),
        before.1
    );

    let (status, _) = app
        .patch_session(&organiser, "d1-governance", json!({"room_id": "elissa"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let after = agenda_as(&app, None).await;
    assert_ne!(after.0, before.0);
    assert!(after.2 > before.2);
}

#[tokio::test]
async fn notifications_about_a_closed_agenda_reach_only_those_who_may_see_it() {
    use server::push::mock::{Faults, MockPush};
    let mock = MockPush::start(0, Faults::default()).await.unwrap();
    let push = push_config(mock.host(), 100);
    let app = spawn_app_configured(
        DAY_ONE_MORNING,
        None,
        AgendaVisibility::Delegates,
        push,
        |_| {},
    )
    .await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
    let mut devices = Vec::new();
    for email in ["invitee@icmpd.org", "confirmed@icmpd.org"] {
        let cookie = app.signed_in("delegate", email).await;
        let (id,): (PersonId,) = sqlx::query_as("SELECT id FROM people WHERE email = $1")
            .bind(email)
            .fetch_one(&pool)
            .await
            .unwrap();
        // Both bookmarked the side event (the invitee before the agenda was closed to them).
        app.store
            .set_bookmark(&id, "d1-side-digital", true, None, chrono::Utc::now(), 1)
            .await
            .unwrap();
        let device = mock.subscribe();
        let body = json!({"endpoint": device.endpoint, "keys": device.keys, "lang": "en"});
        let (status, _) = app
            .call(
                Method::POST,
                "/api/v1/me/push-subscriptions",
                Some(&cookie),
                body,
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        devices.push((id, device));
    }
    let confirmed = &devices[1].0;
    let (status, _) = app
        .call(
            Method::POST,
            &format!("/api/v1/people/{confirmed}/confirm"),
            Some(&organiser),
            Value::Null,
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, changed) = app
        .patch_session(
            &organiser,
            "d1-side-digital",
            json!({"room_id": "hannibal"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let id = changed["notification"].as_str().unwrap().to_string();
    let mut progress = Value::Null;
    for _ in 0..100 {
        progress = app
            .call(
                Method::GET,
                &format!("/api/v1/notifications/{id}"),
                Some(&organiser),
                Value::Null,
            )
            .await
            .1;
        if progress["collecting"] == false
            && progress["pending"] == 0
            && progress["total"].as_i64() > Some(0)
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(progress["total"], 1, "{progress}");
    let received = mock.received();
    assert_eq!(received.len(), 1);
    assert!(
        devices[1].1.endpoint.ends_with(&received[0].subscription),
        "only the confirmed delegate's device"
    );
}

/// A bookmarked session that an organiser closes (without inviting this delegate) and then
/// moves: the delegate's "changed since you last looked" says nothing of where it went.
#[tokio::test]
async fn a_session_closed_after_bookmarking_does_not_report_its_new_room() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let delegate = app.signed_in("delegate", "follower@icmpd.org").await;
    let (status, _) = app
        .call(
            Method::PUT,
            "/api/v1/me/bookmarks/d1-side-tourism",
            Some(&delegate),
            Value::Null,
        )
        .await;
    assert!(status.is_success());
    // The schedule page marks what it has shown as seen.
    let page = app
        .get_as("/schedule", Some(&delegate))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("d1-side-tourism"));
    let slug = app.store.event_slugs().await.unwrap().remove(0);
    let agenda = app.store.load_agenda(&slug).await.unwrap().unwrap();
    let mut closed = serde_json::to_value(agenda.session("d1-side-tourism").unwrap()).unwrap();
    let fields = closed.as_object_mut().unwrap();
    fields.remove("id");
    fields.remove("room");
    fields.insert("room_id".into(), json!("elissa"));
    fields.insert("closed".into(), json!(true));
    fields.insert("invitees".into(), json!([]));
    let (status, body) = app
        .call(
            Method::PUT,
            "/api/v1/sessions/d1-side-tourism",
            Some(&organiser),
            closed,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.wait_for_version(body["version"].as_i64().unwrap())
        .await;
    let page = app
        .get_as("/schedule", Some(&delegate))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("Elissa"),
        "the closed session's new room is not told: {page}"
    );
}
