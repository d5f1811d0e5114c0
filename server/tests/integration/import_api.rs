//! `POST /api/v1/import` and `server import` against the running demo: a preview that changes
//! nothing, then one transaction, one version, missing sessions cancelled (never deleted),
//! closed side events kept closed, bookmarkers told; a bad file changes nothing.

use crate::common::{TestApp, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::Value;

async fn agenda(app: &TestApp, cookie: &str) -> Value {
    app.call(Method::GET, "/api/v1/agenda", Some(cookie), Value::Null)
        .await
        .1
}

fn session<'a>(agenda: &'a Value, id: &str) -> &'a Value {
    agenda["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no session {id}"))
}

/// The organiser's own frab export with one session moved to 16:00–17:00, one gone, one new.
async fn edited_export(app: &TestApp, organiser: &str, moved: &str, gone: &str) -> String {
    let xml = app
        .request(Method::GET, "/api/v1/export/schedule.xml", Some(organiser))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let event_of = |id: &str| {
        doc.descendants()
            .find(|n| {
                n.has_tag_name("event")
                    && n.children().any(|c| {
                        c.has_tag_name("url")
                            && c.text().unwrap_or("").ends_with(&format!("/sessions/{id}"))
                    })
            })
            .unwrap_or_else(|| panic!("{id} is exported"))
            .range()
    };
    let (moved_at, gone_at) = (event_of(moved), event_of(gone));
    let mut moved_xml = xml[moved_at.clone()].to_string();
    let date_start = moved_xml.find("<date>").unwrap();
    let date_end = moved_xml.find("</date>").unwrap() + "</date>".len();
    moved_xml.replace_range(
        date_start..date_end,
        "<date>2024-11-27T16:00:00+01:00</date>",
    );
    let duration_start = moved_xml.find("<duration>").unwrap();
    moved_xml.replace_range(
        duration_start..duration_start + "<duration>00:00</duration>".len(),
        "<duration>01:00</duration>",
    );
    let added = "<event guid=\"00000000-0000-4000-8000-00000000abcd\" id=\"9999\"><room>Press corner</room><title>Press point</title><type>other</type><date>2024-11-28T13:00:00+01:00</date><start>13:00</start><duration>00:20</duration><abstract/><track>Other</track></event>";
    let mut out = String::new();
    let (first, second) = if moved_at.start < gone_at.start {
        (&moved_at, &gone_at)
    } else {
        (&gone_at, &moved_at)
    };
    let replacement = |r: &std::ops::Range<usize>| {
        if *r == moved_at {
            moved_xml.clone()
        } else {
            added.to_string()
        }
    };
    out.push_str(&xml[..first.start]);
    out.push_str(&replacement(first));
    out.push_str(&xml[first.end..second.start]);
    out.push_str(&replacement(second));
    out.push_str(&xml[second.end..]);
    out
}

#[tokio::test]
async fn an_organiser_previews_then_applies_a_programme_file() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let before = agenda(&app, &organiser).await;
    let version = before["version"].as_i64().unwrap();
    let sessions = before["sessions"].as_array().unwrap();
    let closed = sessions
        .iter()
        .find(|s| s["closed"] == true)
        .expect("the demo has a closed side event")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let plenary = sessions
        .iter()
        .find(|s| s["kind"] == "plenary" && s["id"] != closed)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let gone = sessions
        .iter()
        .rev()
        .find(|s| s["kind"] == "side_event" && s["id"] != closed && s["cancelled"] == false)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let delegate = app.signed_in("delegate", "bookmarks@icmpd.org").await;
    let (status, _) = app
        .call(
            Method::PUT,
            &format!("/api/v1/me/bookmarks/{plenary}"),
            Some(&delegate),
            Value::Null,
        )
        .await;
    assert!(status.is_success(), "{status}");
    let file = edited_export(&app, &organiser, &plenary, &gone).await;

    // Delegates cannot import; nobody signed out can.
    assert_eq!(
        app.post_import(Some(&delegate), "?dry_run=true", &file)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_import(None, "?dry_run=true", &file).await.0,
        StatusCode::UNAUTHORIZED
    );

    let (status, preview) = app
        .post_import(Some(&organiser), "?dry_run=true", &file)
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["applied"], false);
    let p = &preview["preview"];
    assert_eq!(p["format"], "frab_xml");
    assert_eq!(p["based_on_version"], version);
    assert_eq!(p["added"].as_array().unwrap().len(), 1, "{p}");
    assert_eq!(p["added"][0]["title"], "Press point");
    assert_eq!(p["added"][0]["start"], "2024-11-28 13:00", "venue time");
    assert_eq!(p["rooms_added"], serde_json::json!(["Press corner"]));
    let cancelled: Vec<&str> = p["cancelled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(cancelled, [gone.as_str()]);
    let changed = p["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "only the moved session changes: {p}");
    assert_eq!(changed[0]["id"], plenary.as_str());
    let fields: Vec<&str> = changed[0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"start") && fields.contains(&"end"),
        "{fields:?}"
    );
    let start = changed[0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "start")
        .unwrap();
    assert_eq!(start["new"], "2024-11-27 16:00");
    assert!(
        p["notes"]
            .to_string()
            .contains("cannot mark a session closed")
    );
    assert_eq!(
        agenda(&app, &organiser).await["version"],
        version,
        "a preview changes nothing"
    );

    let (status, applied) = app
        .post_import(
            Some(&organiser),
            &format!("?based_on_version={version}"),
            &file,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{applied}");
    assert_eq!(applied["applied"], true);
    assert_eq!(
        applied["version"],
        version + 1,
        "one version for the whole file"
    );
    let after = agenda(&app, &organiser).await;
    assert_eq!(after["version"], version + 1);
    assert_eq!(
        session(&after, &gone)["cancelled"],
        true,
        "cancelled, not deleted"
    );
    assert_eq!(
        session(&after, &closed)["closed"],
        true,
        "the format cannot open it"
    );
    assert_eq!(session(&after, &plenary)["start"], "2024-11-27T15:00:00Z");
    assert!(
        after["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["title"]["en"] == "Press point")
    );
    // The bookmarker of the moved session is told, as after any change.
    let notification = app
        .store
        .latest_change_notification(&plenary)
        .await
        .unwrap();
    assert!(notification.is_some(), "the move is in the push outbox");
    assert!(
        app.store
            .latest_change_notification("9999")
            .await
            .unwrap()
            .is_none()
    );

    // The same preview applied again: the programme moved on, so it is refused.
    let (status, stale) = app
        .post_import(
            Some(&organiser),
            &format!("?based_on_version={version}"),
            &file,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{stale}");
    // The same file again changes nothing.
    let (status, again) = app.post_import(Some(&organiser), "", &file).await;
    assert_eq!(
        (status, &again["applied"]),
        (StatusCode::OK, &Value::Bool(false)),
        "{again}"
    );
    assert!(
        again["preview"]["changed"].as_array().unwrap().is_empty(),
        "{again}"
    );
    assert_eq!(agenda(&app, &organiser).await["version"], version + 1);
}

#[tokio::test]
async fn a_bad_file_changes_nothing_and_says_where() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let version = agenda(&app, &organiser).await["version"].clone();
    let broken = "<schedule>\n<day date=\"2024-11-27\">\n<room name=\"A\">\n<event id=\"1\" guid=\"x\"><title>T</title>\n</schedule>\n";
    let (status, body) = app.post_import(Some(&organiser), "", broken).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["status"], 422);
    assert!(
        body["problems"][0]["at"]
            .as_str()
            .unwrap()
            .starts_with("line 5"),
        "{body}"
    );
    for (query, needle) in [
        ("?format=csv", "format"),
        ("?timezone=Mars/Olympus", "timezone"),
        ("?dry_run=perhaps", "dry_run"),
    ] {
        let (status, body) = app
            .post_import(Some(&organiser), query, "<schedule/>")
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(needle),
            "{body}"
        );
    }
    // A programme file of another event is refused rather than creating an event nobody sees.
    let other =
        server::programme::DEMO.replace("\"slug\": \"ibmc-2024\"", "\"slug\": \"other-2025\"");
    let (status, body) = app.post_import(Some(&organiser), "", &other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("other-2025")
    );
    // Over the size limit: a readable 413.
    let huge = "x".repeat(server::import::MAX_FILE_BYTES + 1);
    let (status, body) = app.post_import(Some(&organiser), "", &huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(agenda(&app, &organiser).await["version"], version);
}

#[tokio::test]
async fn the_import_command_previews_with_dry_run_and_names_wrong_options() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("outlook.ics");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/import/outlook.ics"
        ),
        &file,
    )
    .unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("import")
            .arg(&file)
            .args(args)
            .env("DATABASE_URL", &app.database_url)
            .output()
            .unwrap()
    };
    let version = app.store.agenda_version("ibmc-2024").await.unwrap();
    // Into the served event: its zone places the floating times; nothing changes on a dry run.
    let out = run(&["--dry-run"]);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        printed.contains("ics file: updates event ibmc-2024"),
        "{printed}"
    );
    assert!(
        printed.contains("added: 3") && printed.contains("dry run: nothing was changed"),
        "{printed}"
    );
    assert!(
        printed.contains("cancelled (no longer in the file): "),
        "{printed}"
    );
    assert_eq!(
        app.store.agenda_version("ibmc-2024").await.unwrap(),
        version
    );
    for (args, needle) in [
        (
            &["--format", "csv"][..],
            "none of programme, frab, c3voc, ics",
        ),
        (&["--timezone", "Mars/Olympus"][..], "not an IANA time zone"),
        (&["--language", "de"][..], "none of en, fr, ar, ru"),
        (&["--format", "frab"][..], "not well-formed XML"),
    ] {
        let out = run(args);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(needle),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        app.store.agenda_version("ibmc-2024").await.unwrap(),
        version
    );
}
