use crate::common::fresh_store;
use chrono::{TimeZone, Utc};
use server::programme::{DEMO, parse};
use server::store::SessionPatch;

fn at(hour: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 11, 20, hour, 0, 0).unwrap()
}

#[tokio::test]
async fn importing_the_same_programme_twice_changes_nothing() {
    let (store, _dir) = fresh_store().await;
    let demo = parse(DEMO).unwrap();
    assert_eq!(store.import_programme(&demo, at(8)).await.unwrap(), 1);
    assert_eq!(store.import_programme(&demo, at(9)).await.unwrap(), 1);
    let agenda = store.load_agenda("ibmc-2024").await.unwrap().unwrap();
    assert_eq!(agenda.version, 1);
    assert_eq!(agenda.updated_at, at(8));
    assert_eq!(agenda.sessions, demo.sessions);
    assert_eq!(agenda.rooms, demo.rooms);
}

#[tokio::test]
async fn every_change_bumps_the_version_and_logs_old_and_new_values() {
    let (store, _dir) = fresh_store().await;
    store
        .import_programme(&parse(DEMO).unwrap(), at(8))
        .await
        .unwrap();
    let patch = SessionPatch {
        room: Some(Some("hannibal".into())),
        cancelled: Some(false),
        ..Default::default()
    };
    let (session, version) = store
        .update_session("ibmc-2024", "d1-side-digital", &patch, at(10))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((session.room.as_deref(), version), (Some("hannibal"), 2));

    let changes = store.changes_since("ibmc-2024", 1).await.unwrap();
    assert_eq!(changes.len(), 1, "only the room changed: {changes:?}");
    assert_eq!(changes[0].field, "room");
    assert_eq!(changes[0].old_value.as_deref(), Some("\"elissa\""));
    assert_eq!(changes[0].new_value.as_deref(), Some("\"hannibal\""));
    assert_eq!(changes[0].changed_at, "2024-11-20T10:00:00Z");

    // The same change again is no change.
    let (_, version) = store
        .update_session("ibmc-2024", "d1-side-digital", &patch, at(11))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(version, 2);
    let agenda = store.load_agenda("ibmc-2024").await.unwrap().unwrap();
    assert_eq!((agenda.version, agenda.updated_at), (2, at(10)));
}

#[tokio::test]
async fn unknown_sessions_and_rooms_are_refused() {
    let (store, _dir) = fresh_store().await;
    store
        .import_programme(&parse(DEMO).unwrap(), at(8))
        .await
        .unwrap();
    assert!(
        store
            .update_session("ibmc-2024", "nope", &SessionPatch::default(), at(9))
            .await
            .unwrap()
            .is_none()
    );
    let bad_room = SessionPatch {
        room: Some(Some("attic".into())),
        ..Default::default()
    };
    let err = store
        .update_session("ibmc-2024", "d1-opening", &bad_room, at(9))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    assert_eq!(
        store.agenda_version("ibmc-2024").await.unwrap(),
        Some(1),
        "a refused change leaves no trace"
    );
}

#[tokio::test]
async fn a_reimport_cancels_sessions_dropped_from_the_programme() {
    let (store, _dir) = fresh_store().await;
    let mut programme = parse(DEMO).unwrap();
    store.import_programme(&programme, at(8)).await.unwrap();
    programme.sessions.retain(|s| s.id != "d1-dinner");
    programme
        .sessions
        .iter_mut()
        .find(|s| s.id == "d1-opening")
        .unwrap()
        .title
        .en = "Official opening".into();
    assert_eq!(store.import_programme(&programme, at(9)).await.unwrap(), 2);
    let agenda = store.load_agenda("ibmc-2024").await.unwrap().unwrap();
    assert!(agenda.session("d1-dinner").unwrap().cancelled);
    assert_eq!(
        agenda.session("d1-opening").unwrap().title.en,
        "Official opening"
    );
    let fields: Vec<_> = store
        .changes_since("ibmc-2024", 1)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.session_id, c.field))
        .collect();
    assert_eq!(
        fields,
        [
            ("d1-dinner".to_string(), "cancelled".to_string()),
            ("d1-opening".into(), "title".into())
        ]
    );
}

#[tokio::test]
async fn several_events_share_a_database_but_not_session_ids() {
    let (store, _dir) = fresh_store().await;
    let demo = parse(DEMO).unwrap();
    store.import_programme(&demo, at(8)).await.unwrap();
    let mut other = demo.clone();
    other.event.slug = "ibmc-2025".into();
    other.sessions.truncate(1);
    let err = store.import_programme(&other, at(9)).await.unwrap_err();
    assert!(err.to_string().contains("belongs to another event"));
    for s in other.sessions.iter_mut() {
        s.id = format!("2025-{}", s.id);
    }
    assert_eq!(store.import_programme(&other, at(9)).await.unwrap(), 1);
    assert_eq!(
        store.event_slugs().await.unwrap(),
        ["ibmc-2024", "ibmc-2025"]
    );
    assert_eq!(
        store
            .load_agenda("ibmc-2024")
            .await
            .unwrap()
            .unwrap()
            .version,
        1
    );
}

#[test]
fn a_database_url_this_build_cannot_open_stops_the_start_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    for (url, says) in [
        (
            "postgres://127.0.0.1/companion",
            "postgres: databases are not supported",
        ),
        (
            "mysql://root@localhost/x",
            "mysql: databases are not supported",
        ),
        ("data/companion.db", "expected sqlite://path/to/file.db"),
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .current_dir(dir.path())
            .env("DATABASE_URL", url)
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the server binary runs");
        // A server that took the URL would keep running: it gets ten seconds to refuse.
        let started = std::time::Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > std::time::Duration::from_secs(10) {
                child.kill().unwrap();
                panic!("{url}: the server started instead of refusing");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{url} started");
        assert!(
            stderr.contains("DATABASE_URL") && stderr.contains(says),
            "{url}: {stderr}"
        );
    }
    // Nothing was created where it started: no SQLite file in a folder named `postgres:`.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn migrate_brings_a_database_up_to_date_and_one_from_a_newer_server_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/deploy/companion.db", dir.path().display());
    let known = sqlx::migrate!("./migrations")
        .migrations
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap();
    let migrate = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("migrate")
            .env("DATABASE_URL", &url)
            .output()
            .expect("the server binary runs")
    };
    for _ in 0..2 {
        let out = migrate();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            known.to_string()
        );
    }
    // A newer server migrated it since (a rollback of the binary): refused, not half-used.
    {
        use sqlx::sqlite::SqlitePoolOptions;
        let pool = SqlitePoolOptions::new().connect(&url).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (9999, 'from the future', TRUE, x'00', 0)",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let expected =
        format!("migrated by a newer server (migration 9999; this one knows up to {known})");
    let out = migrate();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&expected) && stderr.contains("DATABASE_URL"),
        "{stderr}"
    );
    let refused = server::store::Store::connect(&url)
        .await
        .err()
        .expect("the start refuses");
    assert!(refused.to_string().contains(&expected), "{refused}");
}

#[tokio::test]
async fn a_backup_taken_while_the_server_runs_restores_everything() {
    let app = crate::common::spawn_app().await;
    let organiser = app.organiser().await;
    app.signed_in("delegate", "backup@icmpd.org").await;
    let copy = tempfile::tempdir().unwrap();
    let to = copy.path().join("backup.db");
    let backup = |to: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["backup", "--to", to.to_str().unwrap()])
            .env("DATABASE_URL", &app.database_url)
            .output()
            .expect("the server binary runs")
    };
    let out = backup(&to);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Never over an existing file.
    let again = backup(&to);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    // Restored: a server on the copy has the people, and the organiser's session still holds.
    let restored = crate::common::spawn_app_with(
        crate::common::DAY_ONE_MORNING,
        Some(format!("sqlite://{}", to.display())),
        server::config::AgendaVisibility::Public,
    )
    .await;
    assert_eq!(
        restored.person_id(&organiser, "backup@icmpd.org").await,
        app.person_id(&organiser, "backup@icmpd.org").await
    );
}
