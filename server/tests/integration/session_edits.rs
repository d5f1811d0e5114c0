//! Organisers' changes to sessions through the API (`PATCH /api/v1/sessions/{id}`), the changes
//! push notifications follow (`push_delivery.rs`): who may make them, what input is refused,
//! and that the agenda shows a change at once.

use crate::common::mock_push::spawn_app_pushing_to;
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::push::mock::{Faults, MockPush};

#[tokio::test]
async fn organisers_change_sessions_with_checked_input() {
    let mock = MockPush::start(0, Faults::default()).await.unwrap();
    let app = spawn_app_pushing_to(&mock, 100).await;
    let organiser = app.signed_in("organiser", "org@icmpd.org").await;
    let delegate = app.signed_in("delegate", "d@icmpd.org").await;
    assert_eq!(
        app.patch_session(&delegate, "d1-governance", json!({ "cancelled": true }))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.patch_session("", "d1-governance", json!({ "cancelled": true }))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.patch_session(&organiser, "nope", json!({ "cancelled": true }))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    for (body, why) in [
        (json!({ "room_id": "attic" }), "no room"),
        (
            json!({ "end": "2024-11-27T08:00:00Z" }),
            "end after it starts",
        ),
        (json!({}), "nothing to change"),
    ] {
        let (status, v) = app.patch_session(&organiser, "d1-governance", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(v["error"]["message"].as_str().unwrap().contains(why), "{v}");
    }
    let (status, _) = app
        .patch_session(&organiser, "d1-governance", json!({ "start": "yesterday" }))
        .await;
    assert!(status.is_client_error());
    let (status, v) = app
        .patch_session(&organiser, "d1-governance", json!({ "cancelled": true }))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["session"]["cancelled"], true);
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    let session = agenda["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "d1-governance")
        .unwrap()
        .clone();
    assert_eq!(session["cancelled"], true, "the agenda shows it at once");
}
