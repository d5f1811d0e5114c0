//! The programme editor through the JSON API (`POST`/`PUT /api/v1/sessions…`,
//! `/api/v1/rooms…`): every field written and read back through `/api/v1/agenda`, Chatham House
//! and closed sessions as delegates see them, input that is refused with the field's name, the
//! change log's lines for the new fields, and bookmarkers told of a move but not of a new title.

use crate::common::TestApp;
use crate::common::mock_push::spawn_app_pushing_to;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server::push::mock::{Faults, MockPush};

/// A session with every field set, for `PUT /api/v1/sessions/d1-side-tourism`.
fn every_field() -> Value {
    json!({
        "kind": "plenary",
        "theme": "governance",
        "title": {"en": "Tourism and borders", "fr": "Tourisme et frontières", "ar": "السياحة والحدود", "ru": "Туризм и границы"},
        "description": {"en": "What changes for visitors.", "fr": "Ce qui change pour les visiteurs."},
        "start": "2024-11-27T14:00:00Z",
        "end": "2024-11-27T15:30:00Z",
        "room_id": "elissa",
        "floor_language": "fr",
        "interpretation": [{"language": "en", "channel": 1}, {"language": "ru", "channel": 4}],
        "closed": false,
        "chatham_house": false,
        "moderators": ["Leila Trabelsi"],
        "cancelled": false
    })
}

async fn session_in_agenda(app: &TestApp, cookie: Option<&str>, id: &str) -> Option<Value> {
    let agenda: Value = app
        .get_as("/api/v1/agenda", cookie)
        .await
        .json()
        .await
        .unwrap();
    agenda["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .cloned()
}

/// A stored session as the editor's input (all its fields, as `PUT` takes them).
async fn input_of(app: &TestApp, id: &str) -> Value {
    let slug = app.store.event_slugs().await.unwrap().remove(0);
    let agenda = app.store.load_agenda(&slug).await.unwrap().unwrap();
    let mut session = serde_json::to_value(agenda.session(id).unwrap()).unwrap();
    let fields = session.as_object_mut().unwrap();
    fields.remove("id");
    let room = fields.remove("room").unwrap();
    fields.insert("room_id".into(), room);
    session
}

async fn put_session(app: &TestApp, organiser: &str, id: &str, body: Value) -> (StatusCode, Value) {
    let path = format!("/api/v1/sessions/{id}");
    app.call(Method::PUT, &path, Some(organiser), body).await
}

#[tokio::test]
async fn every_field_is_written_and_read_back_through_the_agenda() {
    let app = crate::common::spawn_app().await;
    let organiser = app.organiser().await;
    let delegate = app.signed_in("delegate", "d@icmpd.org").await;
    let (status, v) = put_session(&app, &organiser, "d1-side-tourism", every_field()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let read = session_in_agenda(&app, Some(&delegate), "d1-side-tourism")
        .await
        .unwrap();
    for field in [
        "kind",
        "theme",
        "title",
        "description",
        "start",
        "end",
        "floor_language",
        "interpretation",
        "closed",
        "chatham_house",
        "moderators",
        "cancelled",
    ] {
        assert_eq!(read[field], every_field()[field], "{field}: {read}");
    }
    assert_eq!(read["room"], "elissa");

    // Under the Chatham House Rule nobody is named to delegates; organisers keep the names to edit.
    let mut chatham = every_field();
    chatham["chatham_house"] = json!(true);
    let (status, v) = put_session(&app, &organiser, "d1-side-tourism", chatham).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let read = session_in_agenda(&app, Some(&delegate), "d1-side-tourism")
        .await
        .unwrap();
    assert_eq!(read["moderators"], json!([]), "{read}");
    let page =
        TestApp::text_of(app.request(Method::GET, "/sessions/d1-side-tourism", Some(&delegate)))
            .await;
    assert!(!page.contains("Leila Trabelsi"));
    let form = TestApp::text_of(app.request(
        Method::GET,
        "/organiser/programme/sessions/d1-side-tourism",
        Some(&organiser),
    ))
    .await;
    assert!(
        form.contains("Leila Trabelsi"),
        "the editor keeps the stored names"
    );

    // Closed, with one invitee: they see it, another delegate does not.
    let invited = app.signed_in("delegate", "invited@icmpd.org").await;
    let invited_id = app.person_id(&organiser, "invited@icmpd.org").await;
    let mut closed = every_field();
    closed["closed"] = json!(true);
    closed["invitees"] = json!([invited_id]);
    let (status, v) = put_session(&app, &organiser, "d1-side-tourism", closed).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(
        session_in_agenda(&app, Some(&invited), "d1-side-tourism")
            .await
            .is_some()
    );
    assert!(
        session_in_agenda(&app, Some(&delegate), "d1-side-tourism")
            .await
            .is_none()
    );
    let other = app
        .get_as("/sessions/d1-side-tourism", Some(&delegate))
        .await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn new_sessions_get_unique_ids_from_their_english_titles() {
    let app = crate::common::spawn_app().await;
    let organiser = app.organiser().await;
    let mut body = every_field();
    body["title"] = json!({"en": "Opening", "fr": "Ouverture"});
    let (status, v) = app
        .call(
            Method::POST,
            "/api/v1/sessions",
            Some(&organiser),
            body.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["session"]["id"], "opening");
    let (_, again) = app
        .call(Method::POST, "/api/v1/sessions", Some(&organiser), body)
        .await;
    assert_eq!(again["session"]["id"], "opening-2");
    assert!(session_in_agenda(&app, None, "opening-2").await.is_some());
}

#[tokio::test]
async fn refused_input_names_the_field_and_is_never_a_server_error() {
    let app = crate::common::spawn_app().await;
    let organiser = app.organiser().await;
    let with = |field: &str, value: Value| {
        let mut body = every_field();
        body[field] = value;
        body
    };
    for (body, field) in [
        (with("title", json!({"en": " "})), "title.en"),
        (with("room_id", json!("attic")), "room_id"),
        (with("theme", json!("nope")), "theme"),
        (with("end", json!("2024-11-27T13:00:00Z")), "end"),
        (
            {
                let mut after = with("start", json!("2024-12-01T09:00:00Z"));
                after["end"] = json!("2024-12-01T10:00:00Z");
                after
            },
            "start",
        ),
        (
            with("interpretation", json!([{"language": "fr", "channel": 0}])),
            "channel.fr",
        ),
        (with("invitees", json!(["nobody"])), "invitees"),
    ] {
        let (status, v) = put_session(&app, &organiser, "d1-opening", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        let message = v["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("{field}:")),
            "{field}: {message}"
        );
    }
    // Whatever the JSON, a client error.
    for body in [
        json!(null),
        json!([]),
        json!({"title": "x"}),
        with("kind", json!("keynote")),
        with("start", json!("soon")),
        with("interpretation", json!([{"language": "de"}])),
        with("extra", json!(1)),
        with("moderators", json!("one")),
        with(
            "interpretation",
            json!([{"language": "fr", "channel": 70000}]),
        ),
    ] {
        let (status, v) = put_session(&app, &organiser, "d1-opening", body.clone()).await;
        assert!(status.is_client_error(), "{body}: {status} {v}");
        let (status, _) = app
            .call(
                Method::POST,
                "/api/v1/sessions",
                Some(&organiser),
                body.clone(),
            )
            .await;
        assert!(status.is_client_error(), "{body}: {status}");
        let (status, _) = app
            .call(Method::PUT, "/api/v1/rooms/elissa", Some(&organiser), body)
            .await;
        assert!(status.is_client_error(), "{status}");
    }
    let (status, _) = put_session(&app, &organiser, "nope", every_field()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rooms_are_added_and_edited() {
    let app = crate::common::spawn_app().await;
    let organiser = app.organiser().await;
    let room = json!({
        "name": {"en": "Dido Room", "fr": "Salle Didon", "ar": "قاعة عليسة", "ru": "Зал Дидоны"},
        "floor": {"en": "Ground floor"},
        "capacity": 60,
        "directions": {"en": "Past the terrace."}
    });
    let (status, v) = app
        .call(
            Method::POST,
            "/api/v1/rooms",
            Some(&organiser),
            room.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["room"]["id"], "dido-room");
    let (status, v) = app
        .call(
            Method::PUT,
            "/api/v1/rooms/hannibal",
            Some(&organiser),
            room,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    let rooms = agenda["rooms"].as_array().unwrap();
    let hannibal = rooms.iter().find(|r| r["id"] == "hannibal").unwrap();
    assert_eq!(hannibal["name"]["fr"], "Salle Didon");
    assert_eq!(hannibal["capacity"], 60);
    assert!(rooms.iter().any(|r| r["id"] == "dido-room"));
    let (status, v) = app
        .call(
            Method::PUT,
            "/api/v1/rooms/hannibal",
            Some(&organiser),
            json!({"name": {"en": ""}, "capacity": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        v["error"]["message"],
        "name.en: Required.; capacity: Not valid here."
    );
    let (status, _) = app
        .call(
            Method::PUT,
            "/api/v1/rooms/attic",
            Some(&organiser),
            json!({"name": {"en": "A"}}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_change_log_labels_the_edited_fields_in_the_organisers_language() {
    let app = crate::common::spawn_app().await;
    let organiser = app.organiser().await;
    let (status, v) = put_session(&app, &organiser, "d1-side-tourism", every_field()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let log = TestApp::text_of(
        app.request(Method::GET, "/organiser/changes", Some(&organiser))
            .header("accept-language", "fr"),
    )
    .await;
    for line in [
        "Titre\u{a0}: ",
        "→ Tourisme et frontières",
        "Type\u{a0}: Événement parallèle → Plénière",
        "Interprétation\u{a0}: ",
        "→ anglais 1, russe 4",
        "Règle de Chatham House\u{a0}: oui → non",
        "Modérateurs\u{a0}: — → Leila Trabelsi",
    ] {
        assert!(log.contains(line), "{line} not in the log");
    }
}

#[tokio::test]
async fn bookmarkers_hear_of_a_move_from_the_editor_but_not_of_a_new_title() {
    let mock = MockPush::start(0, Faults::default()).await.unwrap();
    let app = spawn_app_pushing_to(&mock, 100).await;
    let organiser = app.organiser().await;
    let (_, subs) = app
        .subscribed_delegate(&mock, "fan@icmpd.org", "fr", 1, &["d1-side-tourism"])
        .await;
    let mut retitled = input_of(&app, "d1-side-tourism").await;
    retitled["title"]["fr"] = json!("Un nouveau titre");
    let (status, v) = put_session(&app, &organiser, "d1-side-tourism", retitled.clone()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["notification"], Value::Null, "a new title wakes no phone");
    // Well past the coalescing window (100 ms here): nothing was sent for it.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(mock.received_count(), 0, "a new title wakes no phone");
    let mut moved = retitled.clone();
    moved["room_id"] = json!("carthage");
    let (status, v) = put_session(&app, &organiser, "d1-side-tourism", moved).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let id = v["notification"].as_str().expect("a move notifies");
    let progress = app.settled(&organiser, id, 1).await;
    assert_eq!(progress["sent"], 1, "{progress}");
    assert!(mock.wait_for(1, std::time::Duration::from_secs(10)).await);
    let received = mock.received();
    assert_eq!(received.len(), subs.len());
    let message = crate::common::mock_push::payload(&received[0]);
    assert!(
        message["title"]
            .as_str()
            .unwrap()
            .contains("Un nouveau titre"),
        "{message}"
    );
    // Retitled again after the move: still no notification named (not the move's own).
    retitled["room_id"] = json!("carthage");
    retitled["title"]["fr"] = json!("Encore un titre");
    let (status, v) = put_session(&app, &organiser, "d1-side-tourism", retitled).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["notification"], Value::Null, "{v}");
}
