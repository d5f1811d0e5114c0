//! Security review findings about what gets stored (issue 10): session times the store could
//! not read back, refused on every path, and a row an older version let through.

use crate::common::{DAY_ONE_MORNING, TestApp, spawn_app, spawn_app_with};
use reqwest::StatusCode;
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
            .post_form(
                "/organiser/sessions/d1-governance",
                Some(&organiser),
                &format!("room_id=carthage&start={start}&end={end}"),
            )
            .await;
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
