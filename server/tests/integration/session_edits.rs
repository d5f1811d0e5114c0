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

#[tokio::test]
async fn the_change_log_shows_each_version_old_to_new_for_organisers_only() {
    let app = crate::common::spawn_app().await;
    let organiser = app.organiser().await;
    let delegate = app.signed_in("delegate", "d@icmpd.org").await;
    let page = |cookie: Option<&str>, lang: &'static str| {
        app.request(reqwest::Method::GET, "/organiser/changes", cookie)
            .header("accept-language", lang)
            .send()
    };
    // The first publication: one version that added every session, said in one line.
    let first = page(Some(&organiser), "en")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(first.contains("id=\"version-1\""));
    assert!(
        first.contains("Sessions added to the programme: 20"),
        "{first}"
    );
    assert!(!first.contains("data-changed="), "not listed one by one");
    let (status, v) = app
        .patch_session(&organiser, "d1-governance", json!({ "room_id": "elissa" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, _) = app
        .patch_session(&organiser, "d1-side-digital", json!({ "cancelled": true }))
        .await;
    assert_eq!(status, StatusCode::OK);
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    let version = agenda["version"].as_i64().unwrap();
    app.wait_for_version(version).await;
    let res = page(Some(&organiser), "fr").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let log = res.text().await.unwrap();
    assert!(log.contains("<h1>Journal des modifications</h1>"));
    // Newest first: the cancellation's version above the room change's.
    let newest = log.find(&format!("id=\"version-{version}\"")).unwrap();
    let older = log
        .find(&format!("id=\"version-{}\"", version - 1))
        .unwrap();
    assert!(newest < older, "newest first");
    let room_line = &log[older..];
    let governance = room_line.find("data-changed=\"d1-governance\"").unwrap();
    let line = &room_line[governance..governance + 600];
    assert!(
        line.contains("Salle Carthage → Salle Elissa"),
        "old → new: {line}"
    );
    assert!(log[newest..older].contains("data-changed=\"d1-side-digital\""));
    assert!(log[newest..older].contains("Annulée"));
    // Nobody else reads it: a page refusal, in the reader's language.
    let refused = page(Some(&delegate), "en").await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(!refused.text().await.unwrap().contains("d1-governance"));
    assert_eq!(
        page(None, "en").await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}
