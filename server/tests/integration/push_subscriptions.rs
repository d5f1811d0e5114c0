//! Push subscriptions against the real server and a mock push service that checks VAPID and
//! decrypts every message as a browser would: endpoints that are refused and never connected
//! to, payloads too large to send, and devices that turn notifications off.

use crate::common::mock_push::{push_config, spawn_app_pushing_to, subscription_id};
use crate::common::{DAY_ONE_MORNING, fresh_store, spawn_app_pushing};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server::config::AgendaVisibility;
use server::push::mock::{Faults, MockPush};

#[tokio::test]
async fn unsafe_endpoints_are_refused_and_never_connected_to() {
    let mock = MockPush::start(0, Faults::default()).await.unwrap();
    // "localhost" on the allowlist: it passes the name check and must fail the address check.
    let mut config = push_config(mock.host(), 100);
    config.push_hosts = format!("{},localhost", server::push::endpoint::DEFAULT_PUSH_HOSTS);
    let app = spawn_app_pushing(DAY_ONE_MORNING, None, AgendaVisibility::Public, config).await;
    let (me, _) = app
        .subscribed_delegate(&mock, "ssrf@icmpd.org", "en", 0, &["d1-governance"])
        .await;
    let keys = mock.subscribe().keys;
    let port = mock.host().rsplit(':').next().unwrap().to_string();
    for (endpoint, why) in [
        ("http://fcm.googleapis.com/fcm/send/x", "https"),
        ("https://fcm.googleapis.com:8443/fcm/send/x", "443"),
        ("https://u:p@fcm.googleapis.com/fcm/send/x", "user name"),
        ("https://push.example.org/x", "not a known push service"),
        ("https://169.254.169.254/latest", "not an address"),
        ("https://[::1]/x", "not an address"),
        ("https://100.64.0.1/x", "not an address"),
        (
            &format!(
                "http://127.0.0.1:{}/push/x",
                port.parse::<u16>().unwrap() + 1
            ),
            "https",
        ),
        (&format!("http://localhost:{port}/push/x"), "https"),
    ] {
        let body = json!({ "endpoint": endpoint, "keys": keys });
        let (status, v) = app
            .call(
                Method::POST,
                "/api/v1/me/push-subscriptions",
                Some(&me),
                body,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{endpoint}");
        assert!(
            v["error"]["message"].as_str().unwrap().contains(why),
            "{endpoint}: {v}"
        );
    }
    let bad_keys = json!({ "endpoint": "https://fcm.googleapis.com/fcm/send/x", "keys": { "p256dh": "AAAA", "auth": keys.auth } });
    let (status, v) = app
        .call(
            Method::POST,
            "/api/v1/me/push-subscriptions",
            Some(&me),
            bad_keys,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("65 bytes"),
        "{v}"
    );

    // Accepted by name, refused at send time because it resolves to loopback.
    let listener = std::net::TcpListener::bind("127.0.0.1:443").ok();
    if let Some(l) = &listener {
        l.set_nonblocking(true).unwrap();
    }
    let local = json!({ "endpoint": "https://localhost/push/x", "keys": keys });
    let (status, _) = app
        .call(
            Method::POST,
            "/api/v1/me/push-subscriptions",
            Some(&me),
            local,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let organiser = app.signed_in("organiser", "org@icmpd.org").await;
    let progress = app
        .move_and_settle(
            &organiser,
            "d1-governance",
            json!({ "room_id": "elissa" }),
            1,
        )
        .await;
    assert_eq!(progress["failed"], 1, "{progress}");
    let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
    let error: String = sqlx::query_scalar("SELECT last_error FROM push_deliveries")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(error.contains("non-public"), "{error}");
    if let Some(l) = listener {
        assert!(l.accept().is_err(), "no connection reached 127.0.0.1:443");
    }
    assert_eq!(mock.requests(), 0);
}

#[tokio::test]
async fn the_sender_refuses_oversized_payloads_before_connecting() {
    let mock = MockPush::start(0, Faults::default()).await.unwrap();
    let (store, _dir) = fresh_store().await;
    let rules = server::push::endpoint::PushRules::new("", mock.host());
    let vapid = server::push::vapid::Vapid::load(&store, None, "mailto:ops@icmpd.org".into())
        .await
        .unwrap();
    let sender = server::push::send::Sender::new(rules, std::sync::Arc::new(vapid), 4);
    let sub = mock.subscribe();
    let headers = server::push::send::PushHeaders {
        ttl: 60,
        urgency: "normal",
        topic: None,
    };
    let big = vec![b'x'; server::push::send::MAX_PAYLOAD + 1];
    let sent = sender
        .send(
            &sub.endpoint,
            &sub.keys.p256dh,
            &sub.keys.auth,
            &big,
            &headers,
        )
        .await;
    assert!(
        matches!(sent, server::push::send::Sent::Refused(ref why) if why.contains("over 3993")),
        "{sent:?}"
    );
    let fits = vec![b'x'; server::push::send::MAX_PAYLOAD];
    let sent = sender
        .send(
            &sub.endpoint,
            &sub.keys.p256dh,
            &sub.keys.auth,
            &fits,
            &headers,
        )
        .await;
    assert!(
        matches!(sent, server::push::send::Sent::Answered { status: 201, .. }),
        "{sent:?}"
    );
    assert_eq!(mock.requests(), 1);
    assert_eq!(
        mock.received()[0].payload.len(),
        server::push::send::MAX_PAYLOAD
    );
}

#[tokio::test]
async fn a_device_that_turns_notifications_off_hears_nothing_more() {
    let mock = MockPush::start(0, Faults::default()).await.unwrap();
    let app = spawn_app_pushing_to(&mock, 100).await;
    let organiser = app.signed_in("organiser", "org@icmpd.org").await;
    let (me, subs) = app
        .subscribed_delegate(&mock, "off@icmpd.org", "en", 2, &["d1-governance"])
        .await;
    let (_, mine) = app
        .call(
            Method::GET,
            "/api/v1/me/push-subscriptions",
            Some(&me),
            Value::Null,
        )
        .await;
    assert_eq!(mine.as_array().unwrap().len(), 2);
    let body = json!({ "endpoint": subs[0].endpoint });
    let (status, _) = app
        .call(
            Method::DELETE,
            "/api/v1/me/push-subscriptions",
            Some(&me),
            body.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .call(
            Method::DELETE,
            "/api/v1/me/push-subscriptions",
            Some(&me),
            body,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Someone else's device cannot be removed by guessing its address.
    let other = app.signed_in("delegate", "other@icmpd.org").await;
    let theirs = json!({ "endpoint": subs[1].endpoint });
    let (status, _) = app
        .call(
            Method::DELETE,
            "/api/v1/me/push-subscriptions",
            Some(&other),
            theirs,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let progress = app
        .move_and_settle(
            &organiser,
            "d1-governance",
            json!({ "room_id": "elissa" }),
            1,
        )
        .await;
    assert_eq!(progress["sent"], 1, "{progress}");
    let to: Vec<String> = mock
        .received()
        .iter()
        .map(|r| r.subscription.clone())
        .collect();
    assert_eq!(to, vec![subscription_id(&subs[1])]);
}
