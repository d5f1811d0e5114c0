//! Two organisers on one session: a form filled before another organiser's save is refused once
//! (409), in the organiser's language, with what was typed kept and the other save intact;
//! saving that page again is a deliberate replacement.

use crate::common::{TestApp, spawn_app};
use reqwest::StatusCode;
use serde_json::json;

const SESSION: &[(&str, &str)] = &[
    ("title.en", "Regional cooperation"),
    ("description.en", "Who works with whom."),
    ("kind", "side_event"),
    ("room_id", "sidi-bou-said"),
    ("start", "2024-11-28T16:30"),
    ("end", "2024-11-28T17:30"),
    ("chatham_house", "true"),
];

/// The hidden `based_on` of an editor page.
fn based_on(page: &str) -> String {
    let at = page
        .find("name=\"based_on\"")
        .expect("the form carries what it was filled from");
    let tag_start = page[..at].rfind('<').unwrap();
    let tag = &page[tag_start..tag_start + page[tag_start..].find('>').unwrap()];
    let value = tag.split("value=\"").nth(1).unwrap();
    value[..value.find('"').unwrap()].to_string()
}

async fn post(app: &TestApp, cookie: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let body = serde_urlencoded::to_string(fields).unwrap();
    let res = app
        .form_request(
            "/organiser/programme/sessions/regional-cooperation",
            Some(cookie),
            &body,
        )
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

#[tokio::test]
async fn a_form_filled_before_another_organisers_save_does_not_silently_undo_it() {
    let app = spawn_app().await;
    let (first, second) = (app.organiser().await, app.organiser().await);
    let body = serde_urlencoded::to_string(SESSION).unwrap();
    let created = app
        .post_form("/organiser/programme/new", Some(&first), &body)
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let path = "/organiser/programme/sessions/regional-cooperation";
    let form = app.get_as(path, Some(&first)).await.text().await.unwrap();
    let filled_from = based_on(&form);

    // The second organiser moves the session meanwhile.
    let (status, _) = app
        .patch_session(
            &second,
            "regional-cooperation",
            json!({"room_id": "elissa"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // The first one fixes the title on the old form: refused once, what was typed kept.
    let mut fields = SESSION.to_vec();
    fields[0] = ("title.en", "Regional cooperation in practice");
    fields.push(("based_on", &filled_from));
    let (status, page) = post(&app, &first, &fields).await;
    assert_eq!(status, StatusCode::CONFLICT, "{page}");
    assert!(
        page.contains("Quelqu’un d’autre a enregistré cette session"),
        "{page}"
    );
    assert!(
        page.contains("Regional cooperation in practice"),
        "typed title kept"
    );
    let stored = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            let agenda = store.load_agenda("ibmc-2024").await.unwrap().unwrap();
            agenda.session("regional-cooperation").unwrap().clone()
        }
    };
    let now = stored(&app).await;
    assert_eq!(now.room.as_deref(), Some("elissa"), "the other save stands");
    assert_eq!(now.title.en, "Regional cooperation");

    // Saving the page that said so is a deliberate choice: it replaces the session.
    let refreshed = based_on(&page);
    assert_ne!(refreshed, filled_from);
    fields.pop();
    fields.push(("based_on", &refreshed));
    let (status, _) = post(&app, &first, &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let now = stored(&app).await;
    assert_eq!(now.title.en, "Regional cooperation in practice");
    assert_eq!(now.room.as_deref(), Some("sidi-bou-said"));
}
