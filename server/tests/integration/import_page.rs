//! The console's import page as a browser uses it: a multipart upload shows the preview in the
//! organiser's language; "apply" sends the previewed file back and writes exactly that, or shows
//! what the file changes now if the programme moved on; a refused file lists its problems.

use crate::common::{TestApp, spawn_app};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};

const OUTLOOK: &str = include_str!("../fixtures/import/outlook.ics");

async fn post(app: &TestApp, cookie: &str, form: Form) -> (StatusCode, String) {
    let res = app
        .request(Method::POST, "/organiser/import", Some(cookie))
        .header("accept-language", "fr")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    (
        status,
        location.unwrap_or_default() + &res.text().await.unwrap(),
    )
}

fn upload(file: &str) -> Form {
    Form::new()
        .part(
            "file",
            Part::text(file.to_string()).file_name("programme.ics"),
        )
        .text("format", "")
        .text("timezone", "")
        .text("language", "en")
        .text("action", "preview")
}

/// The value of the hidden input `name` in a page.
fn hidden(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no {name}"));
    let value = &page[at..];
    let start = value.find("value=\"").unwrap() + 7;
    value[start..start + value[start..].find('"').unwrap()].to_string()
}

fn apply(page: &str) -> Form {
    [
        "file_b64",
        "format",
        "timezone",
        "language",
        "based_on_version",
    ]
    .into_iter()
    .fold(Form::new(), |form, name| {
        form.text(name, hidden(page, name))
    })
    .text("action", "apply")
}

#[tokio::test]
async fn an_organiser_uploads_sees_the_changes_in_french_and_applies_them() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let version = app
        .store
        .agenda_version("ibmc-2024")
        .await
        .unwrap()
        .unwrap();

    let (status, page) = post(&app, &organiser, upload(OUTLOOK)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("<html lang=\"fr\""));
    assert!(
        page.contains("Ce que ce fichier change dans ibmc-2024"),
        "{page}"
    );
    assert!(page.contains("Sessions ajoutées\u{a0}: 3"), "{page}");
    assert!(
        page.contains("Narratives that work, and those that don&#x27;t")
            || page.contains("Narratives that work, and those that don't")
    );
    assert!(page.contains("Appliquer ces modifications"));
    assert_eq!(
        app.store.agenda_version("ibmc-2024").await.unwrap(),
        Some(version),
        "a preview changes nothing"
    );

    let (status, location) = post(&app, &organiser, apply(&page)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    assert!(location.starts_with("/organiser/changes"));
    assert_eq!(
        app.store.agenda_version("ibmc-2024").await.unwrap(),
        Some(version + 1)
    );
    let agenda = app.store.load_agenda("ibmc-2024").await.unwrap().unwrap();
    assert!(
        agenda
            .sessions
            .iter()
            .any(|s| s.title.en == "Press briefing" && s.cancelled)
    );
    assert!(
        agenda
            .sessions
            .iter()
            .filter(|s| s.id.starts_with("d1-"))
            .all(|s| s.cancelled),
        "the file has none of them"
    );

    // The same preview applied once more: the programme moved on, so the new preview is shown.
    let (status, again) = post(&app, &organiser, apply(&page)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert!(
        again.contains("Sessions ajoutées\u{a0}: 0"),
        "what the file changes now: {again}"
    );
}

#[tokio::test]
async fn a_refused_file_lists_its_problems_and_keeps_the_choices() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let broken = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:No start\nEND:VEVENT\nEND:VCALENDAR\n";
    let form = upload(broken).text("timezone", "Africa/Tunis");
    let (status, page) = post(&app, &organiser, form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("Ce fichier ne peut pas être importé. Rien n’a été modifié.")
            || page.contains("Ce fichier ne peut pas être importé. Rien n&#x27;a"),
        "{page}"
    );
    assert!(page.contains("<code dir=\"ltr\">line 2</code>"), "{page}");
    assert!(
        page.contains("value=\"Africa/Tunis\""),
        "the typed zone is kept"
    );
    // No file chosen: said in French, nothing else happens.
    let (status, page) = post(&app, &organiser, Form::new().text("action", "preview")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Choisissez un fichier à téléverser."),
        "{page}"
    );
    // A delegate is refused with the page, before anything is read.
    let delegate = app.signed_in("delegate", "curious@icmpd.org").await;
    let (status, page) = post(&app, &delegate, upload(OUTLOOK)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("<html lang=\"fr\""));
}
