//! Security review findings about what gets stored and shown (issue 10): session times the
//! store could not read back, the closed agenda's side doors, CSV imports and exports, field
//! lengths, and versions that told anonymous readers about hidden edits.

use crate::common::mock_push::push_config;
use crate::common::{DAY_ONE_MORNING, TestApp, spawn_app, spawn_app_configured, spawn_app_with};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server::config::AgendaVisibility;

async fn session_start(app: &TestApp, id: &str) -> String {
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    let session = agenda["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id);
    session.expect("listed")["start"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn session_times_the_store_cannot_read_back_are_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let before = session_start(&app, "d1-governance").await;
    let refused = [
        json!({"start": "+10000-01-01T00:00:00Z", "end": "+10001-01-01T00:00:00Z"}),
        json!({"start": "-0001-11-27T09:00:00Z"}),
        // A leap second, and times months away from the event's two days.
        json!({"end": "2024-11-27T23:59:60Z"}),
        json!({"start": "2025-03-01T09:00:00Z", "end": "2025-03-01T10:00:00Z"}),
        // Starting half an hour after the last day ended, in Tunis; a 30-hour session; fractions.
        json!({"start": "2024-11-28T23:30:00Z", "end": "2024-11-29T00:30:00Z"}),
        json!({"start": "2024-11-27T08:00:00Z", "end": "2024-11-28T14:00:00Z"}),
        json!({"start": "2024-11-27T09:15:00.2Z", "end": "2024-11-27T09:15:00.7Z"}),
    ];
    for change in refused {
        let (status, body) = app
            .patch_session(&organiser, "d1-governance", change.clone())
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{change} → {body}"
        );
        assert!(
            body["error"]["message"].as_str().unwrap().contains("start")
                || body["error"]["message"].as_str().unwrap().contains("end"),
            "{body}"
        );
    }
    assert_eq!(session_start(&app, "d1-governance").await, before);
    // A closing reception may run past the last midnight.
    let reception = json!({"start": "2024-11-28T19:00:00Z", "end": "2024-11-28T23:30:00Z"});
    let (status, body) = app.patch_session(&organiser, "d2-closing", reception).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The server still edits, and starts again on the same database.
    let (status, _) = app
        .patch_session(&organiser, "d1-governance", json!({"room_id": "elissa"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (url, _kept) = app.stop_keeping_database().await;
    let again = spawn_app_with(DAY_ONE_MORNING, Some(url), AgendaVisibility::Public).await;
    assert_eq!(session_start(&again, "d1-governance").await, before);
    let agenda: Value = again.get("/api/v1/agenda").await.json().await.unwrap();
    let governance = agenda["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "d1-governance");
    assert_eq!(
        governance.unwrap()["room"],
        "elissa",
        "the same database, with the accepted edit"
    );
}

#[tokio::test]
async fn the_console_form_refuses_impossible_years_and_shows_the_form_again() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    for (start, end) in [
        ("-0001-11-27T10:00", "-0001-11-27T11:00"),
        ("+10000-11-27T10:00", "+10000-11-27T11:00"),
        ("2024-12-30T10:00", "2024-12-30T11:00"),
    ] {
        let res = app
            .request(
                Method::POST,
                "/organiser/sessions/d1-governance",
                Some(&organiser),
            )
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("room_id=carthage&start={start}&end={end}"))
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_success() || res.status().is_client_error(),
            "{start}: {}",
            res.status()
        );
        let page = res.text().await.unwrap();
        assert!(
            page.contains("class=\"form-errors\""),
            "{start}: the error is shown"
        );
        assert!(
            page.contains("start:") || page.contains("end:"),
            "{start}: and names the field"
        );
    }
    assert_eq!(
        session_start(&app, "d1-governance").await,
        "2024-11-27T09:15:00Z"
    );
}

#[tokio::test]
async fn an_unreadable_stored_session_is_left_out_and_named_not_fatal_and_an_import_repairs_it() {
    let app = spawn_app().await;
    let (url, _kept) = app.stop_keeping_database().await;
    // What an older version let through: a year the timestamp format cannot hold.
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query(
        "UPDATE sessions SET starts_at = '+10000-01-01T00:00:00Z' WHERE id = 'd1-governance'",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let app = spawn_app_with(DAY_ONE_MORNING, Some(url.clone()), AgendaVisibility::Public).await;
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    let ids: Vec<&str> = agenda["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(
        !ids.contains(&"d1-governance") && ids.contains(&"d1-opening"),
        "{ids:?}"
    );
    assert_eq!(app.get("/").await.status(), StatusCode::OK);

    // `server import` of the programme rewrites the row; the running server picks it up.
    let programme = server::programme::parse(server::programme::DEMO).unwrap();
    let version = app
        .store
        .import_programme(&programme, chrono::Utc::now())
        .await
        .unwrap();
    app.wait_for_version(version).await;
    assert_eq!(
        session_start(&app, "d1-governance").await,
        "2024-11-27T09:15:00Z"
    );
}

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
    let people: Vec<(String,)> =
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

/// The registrations export, read back with a CSV parser.
async fn exported(app: &TestApp, organiser: &str) -> Vec<csv::StringRecord> {
    let res = app.get_as("/api/v1/people.csv", Some(organiser)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn exported_cells_that_a_spreadsheet_would_run_are_neutralised() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/invitations",
            Some(&organiser),
            json!({
                "name": "=HYPERLINK(\"https://evil.example\",\"x\")", "email": "f@icmpd.org",
                "organisation": "+1+cmd|' /C calc'!A0", "country": "@SUM(1)"
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let link = body["link"].as_str().unwrap().to_string();
    app.redeem(&link, "full_name=-2%2B3&organisation=%09tab&country=%0Dcr&preferred_language=en&accessibility_needs=%3D1%2B1&consent=yes").await;
    let rows = exported(&app, &organiser).await;
    let row = rows
        .iter()
        .find(|r| &r[1] == "f@icmpd.org")
        .expect("exported");
    for cell in row.iter() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?} in {row:?}"
        );
    }
    assert!(
        row.iter().any(|c| c == "'=1+1"),
        "text kept, marked as text: {row:?}"
    );
    assert!(
        row.iter()
            .any(|c| c.starts_with("'-2+3") || c.starts_with("'=HYPERLINK")),
        "{row:?}"
    );
}

/// An organiser's CSV of invitations, sent as a file: the status and the JSON answer.
async fn import_csv(app: &TestApp, organiser: &str, csv: String) -> (StatusCode, Value) {
    let import = app
        .request(Method::POST, "/api/v1/invitations.csv", Some(organiser))
        .header("content-type", "text/csv")
        .body(csv);
    TestApp::status_and_json(import).await
}

#[tokio::test]
async fn a_csv_with_a_bad_row_stores_nothing_and_the_fixed_file_then_goes_in_whole() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let long = "x".repeat(201);
    for bad in [
        "Bad Role,b@icmpd.org,ICMPD,Austria,chair,".to_string(),
        format!("Long Org,b@icmpd.org,{long},Austria,delegate,"),
        "Not Closed,b@icmpd.org,ICMPD,Austria,delegate,d1-governance".to_string(),
    ] {
        let file = format!(
            "name,email,organisation,country,role,closed_sessions\nFirst Row,a@icmpd.org,ICMPD,Austria,delegate,\n{bad}\n"
        );
        let (status, body) = import_csv(&app, &organiser, file).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("line 3"),
            "{body}"
        );
        let rows = exported(&app, &organiser).await;
        assert!(
            rows.iter().all(|r| &r[1] != "a@icmpd.org"),
            "the good first row was not stored either"
        );
    }
    let file = "name,email,organisation,country,role,closed_sessions\nFirst Row,a@icmpd.org,ICMPD,Austria,delegate,\nSecond,b@icmpd.org,ICMPD,Austria,delegate,d2-side-heads;d2-side-heads\n";
    // (The same closed session named twice is one invitation to it.)
    let (status, body) = import_csv(&app, &organiser, file.to_string()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body.as_array().unwrap().len(), 2);
    assert!(
        body.as_array()
            .unwrap()
            .iter()
            .all(|i| i["link"].as_str().unwrap().contains("/invite/"))
    );
}

#[tokio::test]
async fn a_large_csv_import_goes_in_whole_in_one_pass() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let mut file = String::from("name,email,organisation,country\n");
    for i in 0..3000 {
        file.push_str(&format!("Person {i},p{i}@icmpd.org,Org {i},Country\n"));
    }
    let started = std::time::Instant::now();
    let (status, body) = import_csv(&app, &organiser, file.clone()).await;
    println!("3000-row CSV import: {:?}", started.elapsed());
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body.as_array().unwrap().len(), 3000);
    // Every row again: every row is named as already invited, and nothing changes.
    let (status, body) = import_csv(&app, &organiser, file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("and 2980 more"),
        "{body}"
    );
    let imported = exported(&app, &organiser).await;
    assert_eq!(
        imported.iter().filter(|r| r[1].starts_with('p')).count(),
        3000
    );
}

#[tokio::test]
async fn invitation_fields_have_length_limits_on_every_path() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let huge = "x".repeat(1_000_000);
    for field in ["organisation", "country", "name"] {
        let mut invitation = json!({"name": "N", "email": format!("{field}@icmpd.org")});
        invitation[field] = json!(huge);
        let (status, body) = app
            .call(
                Method::POST,
                "/api/v1/invitations",
                Some(&organiser),
                invitation,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
    }
    assert!(
        exported(&app, &organiser)
            .await
            .iter()
            .all(|r| r[2].len() <= 200 && r[3].len() <= 200)
    );
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
        let (id,): (String,) = sqlx::query_as("SELECT id FROM people WHERE email = $1")
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
