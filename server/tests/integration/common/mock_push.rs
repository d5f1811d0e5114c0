//! The push side: a server that may push to the mock push service (which checks VAPID and
//! decrypts every message as a browser would), delegates with subscribed devices, and session
//! changes whose notifications are followed until they settle.

use super::{DAY_ONE_MORNING, TestApp, spawn_app_pushing};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server::config::{AgendaVisibility, PushConfig};
use server::push::mock::{MockPush, MockSubscription, Received};
use std::time::Duration;

/// A server that may push to the given loopback hosts (a mock push service), with a short
/// coalescing window so tests wait little.
pub fn push_config(insecure_hosts: &str, coalesce_ms: u64) -> PushConfig {
    PushConfig {
        push_allow_insecure_hosts: insecure_hosts.into(),
        push_coalesce_ms: coalesce_ms,
        vapid_subject: Some("mailto:ops@icmpd.org".into()),
        ..PushConfig::default()
    }
}

/// A server on day one that pushes to `mock`, coalescing changes for `coalesce_ms`.
pub async fn spawn_app_pushing_to(mock: &MockPush, coalesce_ms: u64) -> TestApp {
    spawn_app_pushing(
        DAY_ONE_MORNING,
        None,
        AgendaVisibility::Public,
        push_config(mock.host(), coalesce_ms),
    )
    .await
}

/// The id the mock push service gives a subscription (the end of its endpoint).
pub fn subscription_id(sub: &MockSubscription) -> String {
    sub.endpoint.rsplit('/').next().unwrap().to_string()
}

/// A received message's decrypted payload, as JSON.
pub fn payload(r: &Received) -> Value {
    serde_json::from_str(&r.payload).unwrap()
}

impl TestApp {
    /// A delegate with `devices` subscribed devices (each in `lang`) and these bookmarks.
    pub async fn subscribed_delegate(
        &self,
        mock: &MockPush,
        email: &str,
        lang: &str,
        devices: usize,
        bookmarks: &[&str],
    ) -> (String, Vec<MockSubscription>) {
        let me = self.signed_in("delegate", email).await;
        for session in bookmarks {
            let path = format!("/api/v1/me/bookmarks/{session}");
            let (status, _) = self.call(Method::PUT, &path, Some(&me), Value::Null).await;
            assert!(status.is_success(), "bookmark {session}: {status}");
        }
        let mut subs = Vec::new();
        for _ in 0..devices {
            let sub = mock.subscribe();
            let body = json!({ "endpoint": sub.endpoint, "keys": sub.keys, "lang": lang });
            let (status, v) = self
                .call(
                    Method::POST,
                    "/api/v1/me/push-subscriptions",
                    Some(&me),
                    body,
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{v}");
            subs.push(sub);
        }
        (me, subs)
    }

    /// Moves a session as the organiser; the change, with its notification's id.
    pub async fn move_session(&self, organiser: &str, session: &str, change: Value) -> Value {
        let (status, v) = self.patch_session(organiser, session, change).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        v
    }

    /// Moves a session as the organiser and waits until its notification has settled.
    pub async fn move_and_settle(
        &self,
        organiser: &str,
        session: &str,
        change: Value,
        total: u64,
    ) -> Value {
        let changed = self.move_session(organiser, session, change).await;
        self.settled(organiser, changed["notification"].as_str().unwrap(), total)
            .await
    }

    /// A notification's progress once `total` devices are settled (or the last seen, after 30 s).
    pub async fn settled(&self, organiser: &str, id: &str, total: u64) -> Value {
        let mut progress = Value::Null;
        for _ in 0..300 {
            let path = format!("/api/v1/notifications/{id}");
            progress = self
                .call(Method::GET, &path, Some(organiser), Value::Null)
                .await
                .1;
            if progress["total"] == total && progress["pending"] == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        progress
    }
}
