//! Push notifications end to end against the real server and a mock push service that checks
//! VAPID and decrypts every message as a browser would: who hears of a change and in which
//! language, coalescing, failing push services, reminders, and announcements.

use crate::common::mock_push::{payload, push_config, spawn_app_pushing_to, subscription_id};
use crate::common::{TestApp, spawn_app_pushing};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server::config::AgendaVisibility;
use server::push::mock::{Faults, MockPush};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

#[tokio::test]
async fn a_room_change_reaches_exactly_the_bookmarkers_devices_in_their_language() {
    let mock = MockPush::start(0, Faults::default()).await.unwrap();
    let app = spawn_app_pushing_to(&mock, 300).await;
    let organiser = app.signed_in("organiser", "org@icmpd.org").await;
    let (_, amira) = app
        .subscribed_delegate(&mock, "amira@icmpd.org", "fr", 2, &["d1-side-digital"])
        .await;
    let (_, karim) = app
        .subscribed_delegate(
            &mock,
            "karim@icmpd.org",
            "ar",
            1,
            &["d1-side-digital", "d1-side-tourism"],
        )
        .await;
    let (_, olga) = app
        .subscribed_delegate(&mock, "olga@icmpd.org", "ru", 1, &["d1-side-tourism"])
        .await;
    let (quiet, muted) = app
        .subscribed_delegate(&mock, "quiet@icmpd.org", "en", 1, &["d1-side-digital"])
        .await;
    let body = json!({ "endpoint": muted[0].endpoint, "keys": muted[0].keys, "lang": "en",
                       "preferences": { "changes": false, "announcements": true, "reminder_minutes": 0 } });
    let (status, _) = app
        .call(
            Method::POST,
            "/api/v1/me/push-subscriptions",
            Some(&quiet),
            body,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the same endpoint again updates it");

    let changed = app
        .move_session(
            &organiser,
            "d1-side-digital",
            json!({ "room_id": "hannibal" }),
        )
        .await;
    assert_eq!(changed["session"]["room"], "hannibal");
    let notification = changed["notification"].as_str().unwrap().to_string();

    assert!(
        mock.wait_for(3, Duration::from_secs(10)).await,
        "three devices notified"
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    let received = mock.received();
    let to: HashSet<String> = received.iter().map(|r| r.subscription.clone()).collect();
    let expected: HashSet<String> = amira.iter().chain(&karim).map(subscription_id).collect();
    assert_eq!(
        to, expected,
        "exactly the bookmarkers' devices that want changes"
    );
    assert_eq!(received.len(), 3, "one message each");
    assert!(!to.contains(&subscription_id(&olga[0])) && !to.contains(&subscription_id(&muted[0])));

    let by_sub: HashMap<String, Value> = received
        .iter()
        .map(|r| (r.subscription.clone(), payload(r)))
        .collect();
    let fr = &by_sub[&subscription_id(&amira[0])];
    assert_eq!(
        fr["title"],
        "Changement de salle : Événement parallèle — Numérique et IA dans la gestion des frontières : les recommandations d’Amman"
    );
    assert!(
        fr["body"].as_str().unwrap().starts_with(
            "Désormais Salle Hannibal (au lieu de Salle Elissa), mercredi 27, 14:30–16:00"
        ),
        "{fr}"
    );
    let ar = &by_sub[&subscription_id(&karim[0])];
    assert!(
        ar["body"].as_str().unwrap().contains("قاعة حنبعل")
            && ar["body"].as_str().unwrap().contains("قاعة عليسة"),
        "{ar}"
    );
    assert_eq!(ar["tag"], "session-d1-side-digital");
    assert_eq!(ar["url"], "/sessions/d1-side-digital");
    let topics: HashSet<_> = received.iter().map(|r| r.topic.clone().unwrap()).collect();
    assert_eq!(topics.len(), 1, "one Topic per session");
    assert!(received.iter().all(|r| r.ttl.unwrap() >= 3600));

    let (status, progress) = app
        .call(
            Method::GET,
            &format!("/api/v1/notifications/{notification}"),
            Some(&organiser),
            Value::Null,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            progress["total"].as_i64(),
            progress["sent"].as_i64(),
            progress["pending"].as_i64()
        ),
        (Some(3), Some(3), Some(0))
    );
    assert!(mock.rejected().is_empty(), "{:?}", mock.rejected());
}

#[tokio::test]
async fn edits_within_the_window_make_one_notification_and_a_later_one_replaces_it_by_topic_and_tag()
 {
    let mock = MockPush::start(0, Faults::default()).await.unwrap();
    let app = spawn_app_pushing_to(&mock, 1500).await;
    let organiser = app.signed_in("organiser", "org@icmpd.org").await;
    let (_, phone) = app
        .subscribed_delegate(&mock, "lina@icmpd.org", "en", 1, &["d1-side-tourism"])
        .await;

    app.move_session(
        &organiser,
        "d1-side-tourism",
        json!({ "room_id": "carthage" }),
    )
    .await;
    app.move_session(
        &organiser,
        "d1-side-tourism",
        json!({ "room_id": "sidi-bou-said" }),
    )
    .await;
    app.move_session(
        &organiser,
        "d1-side-tourism",
        json!({ "start": "2024-11-27T13:45:00Z", "end": "2024-11-27T15:15:00Z" }),
    )
    .await;
    assert!(mock.wait_for(1, Duration::from_secs(10)).await);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let first = mock.received();
    assert_eq!(first.len(), 1, "three edits, one notification");
    let text = payload(&first[0]);
    assert_eq!(
        text["title"],
        "Room and time changed: Side event — Tourism-friendly border management"
    );
    assert_eq!(
        text["body"],
        "Now Wednesday 27, 14:45–16:15 (Tunis), Sidi Bou Said Room (was Wednesday 27, 14:30–16:00 (Tunis), Hannibal Room)"
    );

    // A correction later: a second message, same Topic in transit and tag on screen.
    app.move_session(
        &organiser,
        "d1-side-tourism",
        json!({ "room_id": "hannibal" }),
    )
    .await;
    assert!(mock.wait_for(2, Duration::from_secs(10)).await);
    let second = &mock.received()[1];
    assert_eq!(second.subscription, subscription_id(&phone[0]));
    assert_eq!(second.topic, first[0].topic);
    assert_eq!(payload(second)["tag"], text["tag"]);
    assert_eq!(
        payload(second)["body"]
            .as_str()
            .unwrap()
            .split(" (was ")
            .next()
            .unwrap(),
        "Now Hannibal Room"
    );

    // Moved and moved back within the window: nothing to say.
    app.move_session(&organiser, "d1-side-tourism", json!({ "cancelled": true }))
        .await;
    app.move_session(&organiser, "d1-side-tourism", json!({ "cancelled": false }))
        .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(mock.received_count(), 2);
}

#[tokio::test]
async fn with_failures_gone_devices_are_deleted_and_every_other_device_is_served_exactly_once() {
    let faults = Faults {
        gone: 0.05,
        too_many: 0.02,
        unavailable: 0.01,
        seed: 7,
        ..Faults::default()
    };
    let mock = MockPush::start(0, faults).await.unwrap();
    let app = spawn_app_pushing_to(&mock, 100).await;
    let organiser = app.signed_in("organiser", "org@icmpd.org").await;
    let mut subs = Vec::new();
    for i in 0..30 {
        let (_, s) = app
            .subscribed_delegate(
                &mock,
                &format!("d{i}@icmpd.org"),
                "en",
                10,
                &["d1-governance"],
            )
            .await;
        subs.extend(s);
    }
    let progress = app
        .move_and_settle(
            &organiser,
            "d1-governance",
            json!({ "room_id": "elissa" }),
            300,
        )
        .await;
    assert_eq!(progress["total"], 300, "{progress}");
    assert_eq!(progress["pending"], 0, "all settled: {progress}");
    let gone = mock.gone();
    assert!(!gone.is_empty(), "the fault mix produced 410s");
    assert!(mock.requests() > 300, "429 and 503 were retried");
    let mut served: HashMap<String, usize> = HashMap::new();
    for r in mock.received() {
        *served.entry(r.subscription).or_default() += 1;
    }
    for sub in &subs {
        let id = subscription_id(sub);
        if gone.contains(&id) {
            assert!(!served.contains_key(&id));
        } else {
            assert_eq!(served.get(&id), Some(&1), "device {id} served once");
        }
    }
    assert_eq!(
        progress["sent"].as_u64().unwrap() as usize,
        subs.len() - gone.len()
    );
    assert_eq!(progress["failed"].as_u64().unwrap() as usize, gone.len());
    let endpoints: Vec<String> = sqlx_endpoints(&app).await;
    for sub in &subs {
        assert_eq!(
            endpoints.contains(&sub.endpoint),
            !gone.contains(&subscription_id(sub)),
            "410 deletes the subscription"
        );
    }
}

async fn sqlx_endpoints(app: &TestApp) -> Vec<String> {
    let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
    sqlx::query_scalar("SELECT endpoint FROM push_subscriptions")
        .fetch_all(&pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reminder_is_sent_once_even_across_a_restart() {
    let mock = MockPush::start(0, Faults::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}/companion.db", dir.path().display());
    // 14:22 in Tunis: the digital side event starts in 8 minutes.
    let at = "2024-11-27T14:22:00+01:00";
    let config = || push_config(mock.host(), 100);
    let app = spawn_app_pushing(
        at,
        Some(database.clone()),
        AgendaVisibility::Public,
        config(),
    )
    .await;
    let (me, subs) = app
        .subscribed_delegate(&mock, "rem@icmpd.org", "ru", 1, &["d1-side-digital"])
        .await;
    assert!(
        mock.wait_for(1, Duration::from_secs(10)).await,
        "the 10-minute reminder"
    );
    let text = payload(&mock.received()[0]);
    assert_eq!(
        text["title"],
        "Через 10 мин: Параллельное мероприятие — Цифровизация и ИИ в управлении границами: рекомендации Аммана"
    );
    let _ = (me, subs);
    app.stop().await;

    let again = spawn_app_pushing(at, Some(database), AgendaVisibility::Public, config()).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(mock.received_count(), 1, "not again after the restart");
    drop(again);
}

#[tokio::test]
async fn announcements_reach_their_audience_in_each_language() {
    let mock = MockPush::start(0, Faults::default()).await.unwrap();
    let app = spawn_app_pushing_to(&mock, 100).await;
    let organiser = app.signed_in("organiser", "org@icmpd.org").await;
    let (_, fr) = app
        .subscribed_delegate(&mock, "fr@icmpd.org", "fr", 1, &[])
        .await;
    let (_, ar) = app
        .subscribed_delegate(&mock, "ar@icmpd.org", "ar", 1, &["d2-side-rights"])
        .await;
    let body = json!({ "texts": { "en": "Buses leave at 18:00.", "ar": "تغادر الحافلات في 18:00." }, "audience": "everyone" });
    let (status, v) = app
        .call(
            Method::POST,
            "/api/v1/announcements",
            Some(&organiser),
            body,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["devices"], 2);
    assert!(mock.wait_for(2, Duration::from_secs(10)).await);
    let by_sub: HashMap<String, Value> = mock
        .received()
        .iter()
        .map(|r| (r.subscription.clone(), payload(r)))
        .collect();
    assert_eq!(
        by_sub[&subscription_id(&ar[0])]["body"],
        "تغادر الحافلات في 18:00."
    );
    assert_eq!(by_sub[&subscription_id(&ar[0])]["title"], "من المنظمين");
    assert_eq!(
        by_sub[&subscription_id(&fr[0])]["body"],
        "Buses leave at 18:00.",
        "no French text: the English one"
    );

    let to_arabic = json!({ "texts": { "ar": "…" }, "audience": "lang:ar" });
    let (_, v) = app
        .call(
            Method::POST,
            "/api/v1/announcements",
            Some(&organiser),
            to_arabic,
        )
        .await;
    assert_eq!(v["devices"], 1);
    let to_session =
        json!({ "texts": { "en": "Room is full" }, "audience": "session:d2-side-rights" });
    let (_, v) = app
        .call(
            Method::POST,
            "/api/v1/announcements",
            Some(&organiser),
            to_session,
        )
        .await;
    assert_eq!(v["devices"], 1);
    for (bad, why) in [
        (
            json!({ "texts": {}, "audience": "everyone" }),
            "at least one language",
        ),
        (
            json!({ "texts": { "de": "Hallo" }, "audience": "everyone" }),
            "not a working language",
        ),
        (
            json!({ "texts": { "en": "x" }, "audience": "session:nope" }),
            "no session",
        ),
        (
            json!({ "texts": { "en": "x" }, "audience": "vips" }),
            "audience",
        ),
    ] {
        let (status, v) = app
            .call(Method::POST, "/api/v1/announcements", Some(&organiser), bad)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(v["error"]["message"].as_str().unwrap().contains(why), "{v}");
    }
    let (status, _) = app
        .call(
            Method::POST,
            "/api/v1/announcements",
            Some(&app.signed_in("delegate", "x@icmpd.org").await),
            json!({}),
        )
        .await;
    assert!(status == StatusCode::FORBIDDEN || status == StatusCode::UNPROCESSABLE_ENTITY);
}
