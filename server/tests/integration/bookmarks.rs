//! Bookmarks: idempotent, revision-ordered, visible only where the session is.

use crate::common::{TestApp, fresh_store, spawn_app};
use app::access::{InvitedRole, PersonId};
use chrono::Utc;
use reqwest::StatusCode;
use serde_json::Value;
use server::store::Invitation;
use std::collections::{HashMap, HashSet};

/// A bookmark request without a body, with the operation id an offline queue sends when given.
async fn call_with_op(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    cookie: Option<&str>,
    op: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = app.request(method, path, cookie);
    if let Some(op) = op {
        req = req.header("op-id", op);
    }
    TestApp::status_and_json(req).await
}

#[tokio::test]
async fn bookmarks_are_idempotent_and_revisioned() {
    use reqwest::Method;
    let app = spawn_app().await;
    let me = app.signed_in("delegate", "b@icmpd.org").await;
    let path = "/api/v1/me/bookmarks/d1-side-digital";

    let (status, first) = call_with_op(&app, Method::PUT, path, Some(&me), Some("op-1")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (first["bookmarked"].as_bool(), first["revision"].as_i64()),
        (Some(true), Some(1))
    );
    let (_, replay) = call_with_op(&app, Method::PUT, path, Some(&me), Some("op-1")).await;
    assert_eq!(
        replay, first,
        "a replayed operation is answered the same and applied once"
    );

    let (_, again) = call_with_op(&app, Method::PUT, path, Some(&me), None).await;
    assert_eq!(
        (again["bookmarked"].as_bool(), again["revision"].as_i64()),
        (Some(true), Some(2)),
        "PUT twice: still bookmarked"
    );
    let (_, list) = call_with_op(&app, Method::GET, "/api/v1/me/bookmarks", Some(&me), None).await;
    assert_eq!(list["sessions"], serde_json::json!(["d1-side-digital"]));
    // The parallel side event overlaps: a warning naming it, not a refusal.
    let (status, clash) = call_with_op(
        &app,
        Method::PUT,
        "/api/v1/me/bookmarks/d1-side-tourism?lang=fr",
        Some(&me),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(clash["clashes"][0]["id"], "d1-side-digital");
    assert!(
        clash["clashes"][0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Événement parallèle")
    );
    call_with_op(
        &app,
        Method::DELETE,
        "/api/v1/me/bookmarks/d1-side-tourism",
        Some(&me),
        None,
    )
    .await;
    assert_eq!(list["revision"], 2);

    let (status, removed) = call_with_op(&app, Method::DELETE, path, Some(&me), Some("op-2")).await;
    assert_eq!(
        (status, removed["bookmarked"].as_bool()),
        (StatusCode::OK, Some(false))
    );
    let (status, _) = call_with_op(&app, Method::DELETE, path, Some(&me), None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "DELETE of an absent bookmark is fine too"
    );
    let (_, list) = call_with_op(&app, Method::GET, "/api/v1/me/bookmarks", Some(&me), None).await;
    assert_eq!(list["sessions"], serde_json::json!([]));
}

#[tokio::test]
async fn unknown_closed_and_anonymous_bookmarks_are_refused() {
    use reqwest::Method;
    let app = spawn_app().await;
    let me = app.signed_in("delegate", "c@icmpd.org").await;
    assert_eq!(
        call_with_op(
            &app,
            Method::PUT,
            "/api/v1/me/bookmarks/nope",
            Some(&me),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call_with_op(
            &app,
            Method::PUT,
            "/api/v1/me/bookmarks/d2-side-heads",
            Some(&me),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call_with_op(
            &app,
            Method::PUT,
            "/api/v1/me/bookmarks/d1-opening",
            None,
            None
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call_with_op(&app, Method::GET, "/api/v1/me/bookmarks", None, None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let long = "x".repeat(101);
    assert_eq!(
        call_with_op(
            &app,
            Method::PUT,
            "/api/v1/me/bookmarks/d1-opening",
            Some(&me),
            Some(&long)
        )
        .await
        .0,
        StatusCode::BAD_REQUEST
    );
}

/// A tiny deterministic generator, so a failing sequence can be replayed from its seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[tokio::test]
async fn offline_queues_of_two_devices_converge_whatever_the_replay_order() {
    let (store, _dir) = fresh_store().await;
    let demo = server::programme::parse(server::programme::DEMO).unwrap();
    store.import_programme(&demo, Utc::now()).await.unwrap();
    let sessions = [
        "d1-opening",
        "d1-side-digital",
        "d1-side-tourism",
        "d2-side-rights",
    ];
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    for sequence in 0..1000 {
        let person = PersonId(format!("p{sequence}"));
        let new = Invitation {
            role: InvitedRole::Delegate,
            name: "P".into(),
            email: format!("{person}@icmpd.org"),
            organisation: String::new(),
            country: String::new(),
            closed_sessions: Vec::new(),
            lang: app::i18n::Lang::En,
        };
        let now = Utc::now();
        store
            .create_invitation(
                "ibmc-2024",
                &person,
                &new,
                &format!("h{sequence}"),
                now,
                now,
            )
            .await
            .unwrap();

        // Each device queues operations offline, with its own op ids.
        let mut queued: Vec<(String, &str, bool)> = Vec::new();
        for device in ["a", "b"] {
            for n in 0..(1 + rng.below(5)) {
                queued.push((
                    format!("{device}{n}"),
                    sessions[rng.below(sessions.len())],
                    rng.below(2) == 0,
                ));
            }
        }
        // Replays arrive shuffled, some twice (a retry after a lost response).
        let mut arrivals = queued.clone();
        for _ in 0..rng.below(4) {
            arrivals.push(queued[rng.below(queued.len())].clone());
        }
        for i in (1..arrivals.len()).rev() {
            arrivals.swap(i, rng.below(i + 1));
        }
        // The model: the first arrival of each op wins its turn; duplicates change nothing.
        let mut seen = HashSet::new();
        let mut model: HashMap<&str, bool> = HashMap::new();
        for (op, session, on) in &arrivals {
            let change = store
                .set_bookmark(&person, session, *on, Some(op), now, 1)
                .await
                .unwrap();
            if seen.insert(op.clone()) {
                model.insert(session, *on);
            } else {
                let first = queued.iter().find(|q| &q.0 == op).unwrap();
                assert_eq!(
                    (change.session_id.as_str(), change.bookmarked),
                    (first.1, first.2),
                    "seed sequence {sequence}"
                );
            }
        }
        let mut expected: Vec<&str> = model
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(s, _)| s)
            .collect();
        expected.sort();
        let state = store.bookmarks(&person).await.unwrap();
        assert_eq!(
            state.sessions, expected,
            "sequence {sequence}: {arrivals:?}"
        );
        assert_eq!(
            state.revision as usize,
            queued.len(),
            "one revision per distinct operation"
        );
    }
}

#[tokio::test]
async fn my_schedule_shows_changes_since_i_last_looked_once() {
    use reqwest::Method;
    use server::store::SessionPatch;
    let app = spawn_app().await;
    let me = app.signed_in("delegate", "seen@icmpd.org").await;
    call_with_op(
        &app,
        Method::PUT,
        "/api/v1/me/bookmarks/d1-side-digital",
        Some(&me),
        None,
    )
    .await;
    let page =
        async |me: &str| TestApp::text_of(app.request(Method::GET, "/schedule", Some(me))).await;
    assert!(!page(&me).await.contains("Changed since you last looked"));

    let moved = SessionPatch {
        room: Some(Some("hannibal".into())),
        ..Default::default()
    };
    app.store
        .update_session("ibmc-2024", "d1-side-digital", &moved, Utc::now())
        .await
        .unwrap();
    let elsewhere = SessionPatch {
        room: Some(Some("elissa".into())),
        ..Default::default()
    };
    let (_, v) = app
        .store
        .update_session("ibmc-2024", "d1-side-tourism", &elsewhere, Utc::now())
        .await
        .unwrap()
        .unwrap();
    app.wait_for_version(v).await;

    let html = page(&me).await;
    assert!(html.contains("Changed since you last looked"));
    assert!(html.contains("Room: Elissa Room → Hannibal Room"), "{html}");
    assert!(
        !html.contains("data-changed=\"d1-side-tourism\""),
        "only my sessions"
    );
    assert!(
        !page(&me).await.contains("Changed since you last looked"),
        "cleared once seen"
    );
}

#[tokio::test]
async fn organisers_see_interest_in_aggregate_with_small_counts_hidden() {
    use reqwest::Method;
    let app = spawn_app().await;
    for i in 0..6 {
        let me = app
            .signed_in("delegate", &format!("fan{i}@icmpd.org"))
            .await;
        call_with_op(
            &app,
            Method::PUT,
            "/api/v1/me/bookmarks/d1-governance",
            Some(&me),
            None,
        )
        .await;
        if i < 2 {
            call_with_op(
                &app,
                Method::PUT,
                "/api/v1/me/bookmarks/d1-side-tourism",
                Some(&me),
                None,
            )
            .await;
        }
    }
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let html = TestApp::text_of(app.request(Method::GET, "/organiser", Some(&organiser))).await;
    let row = |id: &str| {
        let start = html.find(&format!("data-interest=\"{id}\"")).unwrap();
        html[start..start + html[start..].find("</li>").unwrap()].to_string()
    };
    assert!(row("d1-governance").contains(">6</span>"));
    assert!(
        row("d1-side-tourism").contains(">&lt;5</span>"),
        "{}",
        row("d1-side-tourism")
    );
    assert!(
        row("d1-side-tourism").contains("value=\"0\""),
        "no bar that tells 2 from 4"
    );
}
