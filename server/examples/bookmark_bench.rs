//! Bookmark writes under load, and durability across `kill -9`.
//!
//! Starts the release server on a fresh SQLite file, signs in 50 delegates, and sends 500
//! bookmark writes a second for 30 s (each delegate 10/s, one at a time so that the order of
//! acknowledgements is the order of application). Halfway through it kills the server with
//! SIGKILL and starts it again. Then it prints p50/p99 latency of the acknowledged writes and
//! how many acknowledged writes the restarted server lost (target: 0).
//!
//! Run: `cargo leptos build --release && cargo run --release -p server --example bookmark_bench`

// The tests' helpers, for signing delegates in. The server is not a `TestApp` here but a child
// process, so that it can be killed with SIGKILL.
#[allow(dead_code)] // the tests use the rest
#[path = "../tests/integration/common/mod.rs"]
mod common;

use common::people::{REGISTRATION, redeem_at};
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PEOPLE: usize = 50;
const PER_PERSON_PER_SECOND: u64 = 10;
const SECONDS: u64 = 30;
const PORT: u16 = 3341;
const SESSIONS: [&str; 6] = [
    "d1-opening",
    "d1-governance",
    "d1-side-digital",
    "d1-side-tourism",
    "d2-side-rights",
    "d2-closing",
];

fn server(db: &str) -> Child {
    Command::new("target/release/server")
        .env("DATABASE_URL", db)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{PORT}"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .expect("target/release/server runs (build it first)")
}

async fn wait_healthy(client: &reqwest::Client) {
    for _ in 0..200 {
        if client
            .get(format!("http://127.0.0.1:{PORT}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("server did not come up");
}

#[derive(Default)]
struct Tally {
    latencies_ms: Vec<f64>,
    failed: usize,
    /// (person, session) → last acknowledged state; `None` while a failed write leaves it unknown.
    acked: HashMap<(usize, &'static str), Option<bool>>,
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/bench.db", dir.path().display());
    let client = common::client();
    let mut child = server(&db);
    wait_healthy(&client).await;

    let mut cookies = Vec::new();
    for i in 0..PEOPLE {
        let out = Command::new("target/release/server")
            .args([
                "invite",
                "--name",
                "Bench",
                "--email",
                &format!("bench{i}@icmpd.org"),
            ])
            .env("DATABASE_URL", &db)
            .output()
            .unwrap();
        let link = String::from_utf8(out.stdout).unwrap().trim().to_string();
        let address = format!("http://127.0.0.1:{PORT}");
        cookies.push(redeem_at(&client, &address, &link, REGISTRATION).await);
    }

    let tally = Arc::new(Mutex::new(Tally::default()));
    let start = Instant::now();
    let mut workers = Vec::new();
    for (person, cookie) in cookies.iter().cloned().enumerate() {
        let (client, tally) = (client.clone(), tally.clone());
        workers.push(tokio::spawn(async move {
            let mut tick =
                tokio::time::interval(Duration::from_millis(1000 / PER_PERSON_PER_SECOND));
            let mut n = 0u64;
            while start.elapsed() < Duration::from_secs(SECONDS) {
                tick.tick().await;
                n += 1;
                let session =
                    SESSIONS[((person as u64 * 7 + n * 13) % SESSIONS.len() as u64) as usize];
                let on = (n / 3 + person as u64) % 2 == 0;
                let url = format!("http://127.0.0.1:{PORT}/api/v1/me/bookmarks/{session}");
                let request = if on {
                    client.put(url)
                } else {
                    client.delete(url)
                };
                let sent = Instant::now();
                let result = request
                    .header("cookie", &cookie)
                    .header("op-id", format!("{person}-{n}"))
                    .send()
                    .await;
                let mut t = tally.lock().unwrap();
                match result {
                    Ok(r) if r.status().is_success() => {
                        t.latencies_ms.push(sent.elapsed().as_secs_f64() * 1000.0);
                        t.acked.insert((person, session), Some(on));
                    }
                    other => {
                        if t.failed < 3 {
                            eprintln!("failed write: {:?}", other.map(|r| r.status()));
                        }
                        t.failed += 1;
                        t.acked.insert((person, session), None);
                    }
                }
            }
        }));
    }

    tokio::time::sleep(Duration::from_secs(SECONDS / 2)).await;
    child.kill().unwrap(); // SIGKILL: no shutdown, no flush
    child.wait().unwrap();
    let killed_at = start.elapsed();
    child = server(&db);
    wait_healthy(&client).await;
    let back_after = start.elapsed() - killed_at;
    for w in workers {
        w.await.unwrap();
    }

    let tally = Arc::try_unwrap(tally).ok().unwrap().into_inner().unwrap();
    let mut missing = 0;
    let mut checked = 0;
    for (person, cookie) in cookies.iter().enumerate() {
        let state: serde_json::Value = client
            .get(format!("http://127.0.0.1:{PORT}/api/v1/me/bookmarks"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let stored: Vec<&str> = state["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s.as_str())
            .collect();
        for session in SESSIONS {
            if let Some(Some(on)) = tally.acked.get(&(person, session)) {
                checked += 1;
                if stored.contains(&session) != *on {
                    missing += 1;
                }
            }
        }
    }
    let _ = child.kill();
    let mut l = tally.latencies_ms.clone();
    l.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| l[((l.len() as f64 * p) as usize).min(l.len() - 1)];
    println!(
        "bookmark writes: {} acknowledged, {} failed (server down for {:.2} s after kill -9 at {:.1} s)",
        l.len(),
        tally.failed,
        back_after.as_secs_f64(),
        killed_at.as_secs_f64()
    );
    println!(
        "rate: {:.0} acknowledged writes/s over {SECONDS} s",
        l.len() as f64 / SECONDS as f64
    );
    println!(
        "latency of acknowledged writes: p50 {:.2} ms, p99 {:.2} ms",
        pct(0.50),
        pct(0.99)
    );
    println!("acknowledged final states checked after restart: {checked}; missing: {missing}");
}
