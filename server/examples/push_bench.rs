//! Push fan-out and latency, against the in-process mock push service (which checks VAPID and
//! decrypts every message, as a browser would), all on this machine's cores.
//!
//! 1. Fan-out: 10,000 devices bookmarked one session; an organiser moves it (PATCH); time until
//!    the mock has received and decrypted all 10,000 (coalescing window 0). Printed beside the
//!    crypto-only floor: encrypting the same 10,000 payloads without sending.
//! 2. Latency: 100 sessions with 100 devices each, one change every 100 ms with the default
//!    5 s coalescing window; p50 / p95 from each change to each of its messages arriving.
//!
//! Run: `cargo run --release -p server --example push_bench`

// The tests' helpers; this benchmark starts a server with them and signs in an organiser.
#[allow(dead_code)] // the tests use the rest
#[path = "../tests/integration/common/mod.rs"]
mod common;

use chrono::Utc;
use common::mock_push::push_config;
use common::{TestApp, spawn_app_configured};
use server::config::AgendaVisibility;
use server::push::mock::{Faults, MockPush};
use server::store::Store;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const FANOUT: usize = 10_000;
const SESSIONS: usize = 100;
const PER_SESSION: usize = 100;

#[tokio::main]
async fn main() {
    fanout().await;
    latency().await;
}

struct Running {
    app: TestApp,
    organiser: String,
    _dir: tempfile::TempDir,
}

async fn start(
    mock: &MockPush,
    coalesce_ms: u64,
    programme: Option<server::programme::Programme>,
) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}/bench.db", dir.path().display());
    let store = Store::connect(&database_url).await.unwrap();
    let slug = match &programme {
        Some(p) => {
            store.import_programme(p, Utc::now()).await.unwrap();
            Some(p.event.slug.clone())
        }
        None => None,
    };
    let app = spawn_app_configured(
        "2024-11-27T08:00:00+01:00",
        Some(database_url),
        AgendaVisibility::Public,
        push_config(mock.host(), coalesce_ms),
        |config| {
            config.event = slug;
            config.demo = programme.is_none();
            config.agenda_poll_ms = 1000;
        },
    )
    .await;
    let organiser = app.signed_in("organiser", "bench@icmpd.org").await;
    Running {
        app,
        organiser,
        _dir: dir,
    }
}

/// People, bookmarks and subscriptions straight into the database: 10,000 sign-ups through
/// the API would measure the sign-up, not the push.
async fn seed(
    database: &str,
    mock: &MockPush,
    slug: &str,
    sessions: &[String],
    per_session: usize,
) {
    let pool = sqlx::SqlitePool::connect(database).await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    let now = Utc::now().to_rfc3339();
    for (s, session) in sessions.iter().enumerate() {
        for i in 0..per_session {
            let person = format!("bench-{s}-{i}");
            let sub = mock.subscribe();
            sqlx::query(
                "INSERT INTO people (id, event_slug, role, status, name, email, organisation, country, created_at, updated_at)
                 VALUES ($1, $2, 'delegate', 'confirmed', 'Bench', $3, 'Org', 'Country', $4, $4)",
            )
            .bind(&person)
            .bind(slug)
            .bind(format!("{person}@bench.invalid"))
            .bind(&now)
            .execute(&mut *tx)
            .await
            .unwrap();
            sqlx::query("INSERT INTO bookmarks (person_id, session_id, bookmarked, revision, changed_at) VALUES ($1, $2, TRUE, 1, $3)")
                .bind(&person)
                .bind(session)
                .bind(&now)
                .execute(&mut *tx)
                .await
                .unwrap();
            let lang = ["en", "fr", "ar", "ru"][i % 4];
            sqlx::query(
                "INSERT INTO push_subscriptions (id, person_id, endpoint, p256dh, auth, lang, notify_changes,
                     notify_announcements, reminder_minutes, created_at, updated_at)
                 VALUES ($1, $1, $2, $3, $4, $5, TRUE, TRUE, 0, $6, $6)",
            )
            .bind(&person)
            .bind(&sub.endpoint)
            .bind(&sub.keys.p256dh)
            .bind(&sub.keys.auth)
            .bind(lang)
            .bind(&now)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
}

async fn patch(running: &Running, session: &str, room: &str) {
    let change = serde_json::json!({ "room_id": room });
    let (status, _) = running
        .app
        .patch_session(&running.organiser, session, change)
        .await;
    assert!(status.is_success(), "PATCH {session}: {status}");
}

async fn fanout() {
    let mock = MockPush::start(0, Faults::default()).await.unwrap();
    let running = start(&mock, 0, None).await;
    seed(
        &running.app.database_url,
        &mock,
        "ibmc-2024",
        &["d1-side-digital".to_string()],
        FANOUT,
    )
    .await;

    // The floor: the same encryption, no network, on one core and on two.
    let sub = mock.subscribe();
    let payload = br#"{"kind":"change","title":"Room changed: Side event - Digitalisation and AI in border management","body":"Now Hannibal Room (was Elissa Room), Wednesday 27, 14:30-16:00 (Tunis)","tag":"session-d1-side-digital","url":"/sessions/d1-side-digital","lang":"en"}"#;
    let t = Instant::now();
    for _ in 0..FANOUT {
        server::push::send::encrypt(&sub.keys.p256dh, &sub.keys.auth, payload).unwrap();
    }
    let floor_one = t.elapsed();
    let t = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                for _ in 0..FANOUT / 2 {
                    server::push::send::encrypt(&sub.keys.p256dh, &sub.keys.auth, payload).unwrap();
                }
            });
        }
    });
    let floor_two = t.elapsed();

    let t = Instant::now();
    patch(&running, "d1-side-digital", "hannibal").await;
    let all = mock.wait_for(FANOUT, Duration::from_secs(120)).await;
    let elapsed = t.elapsed();
    assert!(all, "only {} of {FANOUT} arrived", mock.received_count());
    println!("fan-out: {FANOUT} devices of one session");
    println!(
        "  change → all received and decrypted: {:.2} s  ({:.0} msgs/s)",
        elapsed.as_secs_f64(),
        FANOUT as f64 / elapsed.as_secs_f64()
    );
    println!("  VAPID signatures made: {}", mock.distinct_signatures());
    println!(
        "  crypto-only floor, 10,000 encryptions: {:.2} s on 1 core, {:.2} s on 2 threads",
        floor_one.as_secs_f64(),
        floor_two.as_secs_f64()
    );
    println!(
        "  ratio to the 2-thread floor: {:.1}×",
        elapsed.as_secs_f64() / floor_two.as_secs_f64()
    );
    println!(
        "  rejected by the mock (bad VAPID or undecryptable): {}",
        mock.rejected().len()
    );
}

async fn latency() {
    let mock = MockPush::start(0, Faults::default()).await.unwrap();
    let mut programme = server::programme::parse(server::programme::DEMO).unwrap();
    let template = programme
        .sessions
        .iter()
        .find(|s| s.id == "d1-side-digital")
        .unwrap()
        .clone();
    programme.event.slug = "latency".into();
    programme.sessions = (0..SESSIONS)
        .map(|i| {
            let mut s = template.clone();
            s.id = format!("lat-{i:03}");
            s
        })
        .collect();
    let running = start(&mock, 5000, Some(programme)).await;
    let ids: Vec<String> = (0..SESSIONS).map(|i| format!("lat-{i:03}")).collect();
    seed(
        &running.app.database_url,
        &mock,
        "latency",
        &ids,
        PER_SESSION,
    )
    .await;

    let mut changed_at = HashMap::new();
    for id in &ids {
        changed_at.insert(format!("/sessions/{id}"), Instant::now());
        patch(&running, id, "hannibal").await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let all = mock
        .wait_for(SESSIONS * PER_SESSION, Duration::from_secs(120))
        .await;
    assert!(all, "only {} arrived", mock.received_count());
    let mut latencies: Vec<f64> = mock
        .received()
        .iter()
        .map(|r| {
            let url = serde_json::from_str::<serde_json::Value>(&r.payload).unwrap()["url"]
                .as_str()
                .unwrap()
                .to_string();
            (r.at.unwrap() - changed_at[&url]).as_secs_f64()
        })
        .collect();
    latencies.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!("latency: {SESSIONS} changes × {PER_SESSION} devices, coalescing window 5 s");
    println!(
        "  change → message at the mock: p50 {:.2} s, p95 {:.2} s, max {:.2} s (target p95 ≤ 6 s)",
        q(0.5),
        q(0.95),
        q(1.0)
    );
    println!("  messages: {}", latencies.len());
}
