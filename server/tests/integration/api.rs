use crate::common::spawn_app;
use chrono::Utc;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use server::store::SessionPatch;

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn agenda_serves_the_demo_programme_with_event_rooms_and_sessions() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/agenda").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/json");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let agenda: Value = res.json().await.unwrap();
    assert_eq!(agenda["event"]["slug"], "ibmc-2024");
    assert_eq!(agenda["event"]["timezone"], "Africa/Tunis");
    assert_eq!(agenda["event"]["demo"], true);
    assert_eq!(agenda["version"], 1);
    assert_eq!(agenda["rooms"].as_array().unwrap().len(), 5);
    let sessions = agenda["sessions"].as_array().unwrap();
    assert!(sessions.len() >= 15);
    // Stored in UTC: 09:30 in Tunis is 08:30Z.
    let opening = sessions.iter().find(|s| s["id"] == "d1-opening").unwrap();
    assert_eq!(opening["start"], "2024-11-27T08:30:00Z");
}

#[tokio::test]
async fn chatham_house_sessions_name_nobody() {
    let app = spawn_app().await;
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    for session in agenda["sessions"].as_array().unwrap() {
        let named = !session["moderators"].as_array().unwrap().is_empty();
        if session["chatham_house"] == true {
            assert!(
                !named,
                "{} names people under the Chatham House rule",
                session["id"]
            );
        }
    }
    let opening = agenda["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "d1-opening")
        .unwrap();
    assert_eq!(opening["chatham_house"], false);
    assert!(
        !opening["moderators"].as_array().unwrap().is_empty(),
        "on-the-record sessions keep their moderators"
    );
}

#[tokio::test]
async fn etag_revalidation_returns_304_until_the_agenda_changes() {
    let app = spawn_app().await;
    let first = app.get("/api/v1/agenda").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    assert!(etag.contains("-v1"));

    let again = app.get_with("/api/v1/agenda", "if-none-match", &etag).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.unwrap().is_empty());

    let patch = SessionPatch {
        room: Some(Some("hannibal".into())),
        ..Default::default()
    };
    let (_, version) = app
        .store
        .update_session("ibmc-2024", "d1-side-digital", &patch, Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(version, 2);
    app.wait_for_version(2).await;

    let changed = app.get_with("/api/v1/agenda", "if-none-match", &etag).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
    let agenda: Value = changed.json().await.unwrap();
    let moved = agenda["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "d1-side-digital")
        .unwrap();
    assert_eq!(moved["room"], "hannibal");
}

#[tokio::test]
async fn unknown_api_paths_and_methods_get_json_errors_not_500s() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/nothing-here").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["status"], 404);

    let res = app
        .request(Method::POST, "/api/v1/agenda", None)
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;
    for encoding in ["br", "gzip"] {
        let res = app
            .get_with("/api/v1/agenda", "accept-encoding", encoding)
            .await;
        assert_eq!(res.headers()["content-encoding"], encoding);
        let res = app.get_with("/", "accept-encoding", encoding).await;
        assert_eq!(res.headers()["content-encoding"], encoding);
    }
}
