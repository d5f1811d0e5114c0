//! Our own exports imported back: the served event is recognised (sessions, rooms, themes),
//! what a format cannot carry is kept, and a public export (without the closed side events)
//! keeps them rather than cancelling them.

use crate::common::spawn_app;
use reqwest::{Method, StatusCode};

/// Each export of the served programme, imported back into it, changes nothing: the importer
/// recognises its own sessions, rooms and themes, and keeps what a format cannot carry.
#[tokio::test]
async fn re_importing_an_export_changes_nothing() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    for format in ["xml", "json", "ics"] {
        let path = format!("/api/v1/export/schedule.{format}");
        let file = app
            .request(Method::GET, &path, Some(&organiser))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let (status, body) = app
            .post_import(Some(&organiser), "?dry_run=true", &file)
            .await;
        assert_eq!(status, StatusCode::OK, "{format}: {body}");
        let p = &body["preview"];
        for list in [
            "added",
            "changed",
            "cancelled",
            "rooms_added",
            "themes_added",
        ] {
            assert_eq!(p[list], serde_json::json!([]), "{format}: {list} in {p}");
        }
    }
}

/// A public export (which leaves closed side events out) imported by an organiser keeps the
/// closed side events instead of cancelling them; a change deep in a long text is shown.
#[tokio::test]
async fn a_public_export_keeps_closed_side_events_and_long_texts_are_compared_whole() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let public = app
        .request(Method::GET, "/api/v1/export/schedule.xml", None)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !public.contains("/sessions/d2-side-heads<"),
        "the closed side event is not public"
    );
    // A typo fixed at the end of the first long description.
    let at = public.find("<abstract>").unwrap() + "<abstract>".len();
    let end = at + public[at..].find("</abstract>").unwrap();
    assert!(public[at..end].chars().count() > 80, "a long description");
    let edited = format!(
        "{}{} (revised){}",
        &public[..at],
        &public[at..end],
        &public[end..]
    );
    let (status, body) = app
        .post_import(Some(&organiser), "?dry_run=true", &edited)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let p = &body["preview"];
    assert_eq!(p["cancelled"], serde_json::json!([]), "{p}");
    assert!(
        p["notes"]
            .to_string()
            .contains("closed side events not in the file are kept"),
        "{p}"
    );
    let changed = p["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{p}");
    assert_eq!(changed[0]["fields"][0]["field"], "description");
}
