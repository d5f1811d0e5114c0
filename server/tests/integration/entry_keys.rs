//! Rotating the keys entry passes are signed with (`server entry-keys`), and the migration that
//! added the door role keeping every person and what hangs on them.

use crate::common::{DAY_ONE_MORNING, TestApp, spawn_app, spawn_app_with};
use crate::mail::act;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server::config::AgendaVisibility;

fn entry_keys(database_url: &str, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("entry-keys")
        .args(args)
        .env("DATABASE_URL", database_url)
        .output()
        .expect("the server binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn restart(app: TestApp) -> (TestApp, tempfile::TempDir) {
    let (url, dir) = app.stop_keeping_database().await;
    let app = spawn_app_with(DAY_ONE_MORNING, Some(url), AgendaVisibility::Public).await;
    (app, dir)
}

async fn verdict(app: &TestApp, organiser: &str, pass: &str, nonce: &str) -> String {
    let (status, body) = TestApp::status_and_json(
        app.request(Method::POST, "/api/v1/checkins", Some(organiser))
            .json(&json!([{"pass": pass, "scanned_at": "2024-11-27T09:00:00+01:00", "door": "main", "device": "d", "nonce": nonce}])),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body[0]["result"].as_str().unwrap().to_string()
}

async fn pass(app: &TestApp, cookie: &str) -> String {
    let body: Value = app
        .get_as("/api/v1/me/entry-pass", Some(cookie))
        .await
        .json()
        .await
        .unwrap();
    body["pass"].as_str().unwrap().to_string()
}

fn kid_of(pass: &str) -> String {
    jsonwebtoken::decode_header(pass).unwrap().kid.unwrap()
}

#[tokio::test]
async fn a_rotated_key_signs_new_passes_and_a_removed_one_refuses_its_passes() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let delegate = app.signed_in("delegate", "rotate@icmpd.org").await;
    let id = app.person_id(&organiser, "rotate@icmpd.org").await;
    act(&app, &organiser, &id, "confirm").await;
    let old = pass(&app, &delegate).await;
    let old_kid = kid_of(&old);

    let (ok, listed, err) = entry_keys(&app.database_url, &["rotate"]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2, "{listed}");
    assert_eq!(lines[0], old_kid);
    assert!(lines[1].ends_with(" (signs)"));
    let new_kid = lines[1].trim_end_matches(" (signs)").to_string();

    let (app, _dir) = restart(app).await;
    let jwks: Value = app.get("/api/v1/entry/jwks").await.json().await.unwrap();
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids, [old_kid.as_str(), new_kid.as_str()]);
    let new = pass(&app, &delegate).await;
    assert_eq!(kid_of(&new), new_kid, "the new key signs");
    assert_eq!(
        verdict(&app, &organiser, &old, "rotate-0001").await,
        "admitted",
        "old passes stay valid"
    );
    assert_eq!(
        verdict(&app, &organiser, &new, "rotate-0002").await,
        "already_admitted"
    );

    // The old key removed (leaked): its passes are invalid from the next start; the last key
    // cannot be removed.
    let (ok, listed, err) = entry_keys(&app.database_url, &["remove", &old_kid]);
    assert!(ok, "{err}");
    assert_eq!(listed.trim(), format!("{new_kid} (signs)"));
    let (ok, _, err) = entry_keys(&app.database_url, &["remove", &new_kid]);
    assert!(!ok && err.contains("the only one left"), "{err}");
    let (ok, _, err) = entry_keys(&app.database_url, &["remove", "no-such-key"]);
    assert!(!ok && err.contains("not a key"), "{err}");
    let (app, _dir2) = restart(app).await;
    assert_eq!(
        verdict(&app, &organiser, &old, "rotate-0003").await,
        "invalid"
    );
    assert_eq!(
        verdict(&app, &organiser, &new, "rotate-0004").await,
        "already_admitted"
    );
}

#[tokio::test]
async fn the_door_role_migration_keeps_people_and_everything_that_refers_to_them() {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    use std::str::FromStr;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/old.db", dir.path().display());
    let options = SqliteConnectOptions::from_str(&url)
        .unwrap()
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    // The database as the release before the door role left it: migrations up to 0012.
    let mut before = sqlx::migrate!("./migrations");
    let last_before = before
        .migrations
        .iter()
        .position(|m| m.version == 13)
        .expect("0013");
    before.migrations = std::borrow::Cow::Owned(before.migrations[..last_before].to_vec());
    before.run(&pool).await.unwrap();
    for sql in [
        "INSERT INTO events (slug, name, short_name, venue, city, timezone, start_date, end_date, languages,
                             contact_email, updated_at)
         VALUES ('e', '{}', '{}', '{}', '{}', 'Africa/Tunis', '2024-11-27', '2024-11-28', '[]', 'x@icmpd.org', 't')",
        "INSERT INTO people (id, event_slug, role, status, name, email, organisation, country, created_at, updated_at, lang)
         VALUES ('p1', 'e', 'delegate', 'confirmed', 'Amina', 'a@icmpd.org', 'ICMPD', 'TN', 't', 't', 'fr')",
        "INSERT INTO entry_passes (person_id, pass_id, version, updated_at) VALUES ('p1', 'pass-1', 3, 't')",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    pool.close().await;

    server::store::Store::connect(&url).await.expect("migrates");
    let options = SqliteConnectOptions::from_str(&url)
        .unwrap()
        .foreign_keys(true);
    let pool = &SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    let person: (String, String, String) =
        sqlx::query_as("SELECT name, lang, role FROM people WHERE id = 'p1'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(person, ("Amina".into(), "fr".into(), "delegate".into()));
    let version: i64 =
        sqlx::query_scalar("SELECT version FROM entry_passes WHERE person_id = 'p1'")
            .fetch_one(pool)
            .await
            .expect("the pass survived the rebuild of people");
    assert_eq!(version, 3);
    sqlx::query("UPDATE people SET role = 'door' WHERE id = 'p1'")
        .execute(pool)
        .await
        .expect("door is a role now");
    assert!(
        sqlx::query("UPDATE people SET role = 'king' WHERE id = 'p1'")
            .execute(pool)
            .await
            .is_err()
    );
    let problems: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(pool)
        .await
        .unwrap();
    assert!(problems.is_empty());
    // Foreign keys are enforced again: deleting the person takes the pass with them.
    sqlx::query("DELETE FROM people WHERE id = 'p1'")
        .execute(pool)
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM entry_passes")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}
