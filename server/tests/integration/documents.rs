//! Documents (issue 12), uploading: one file per language read back as sent, the reader's
//! language or a labelled fallback, types sniffed, sizes limited, organisers only, a language's
//! file replaced or removed, and the organiser's form. Serving is in `documents_serving.rs`.

use crate::common::documents::{PDF, PNG, Part, zip_of};
use crate::common::{DAY_ONE_MORNING, spawn_app, spawn_app_configured};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use server::config::{AgendaVisibility, PushConfig};

#[tokio::test]
async fn each_language_is_uploaded_and_read_back_as_sent() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let english = "Concept note of the 7th conference\n".repeat(3);
    let (status, body) = app
        .upload(
            &organiser,
            &[
                Part::Text("session_id", "d1-opening"),
                Part::Text("title_en", "Concept note"),
                Part::Text("title_fr", "Note conceptuelle"),
                Part::File(
                    "file_en",
                    "concept-note.txt",
                    "text/plain",
                    english.as_bytes(),
                ),
                Part::File("file_fr", "note-conceptuelle.pdf", "application/pdf", PDF),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["id"].as_str().unwrap();
    assert_eq!(body["session_id"], "d1-opening");
    let langs: Vec<&str> = body["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["lang"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["en", "fr"]);

    let en = app.get(&format!("/documents/{id}/en")).await;
    assert_eq!(en.status(), StatusCode::OK);
    assert_eq!(en.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(en.headers()["x-content-type-options"], "nosniff");
    assert!(
        en.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline;")
    );
    assert_eq!(en.text().await.unwrap(), english);
    let fr = app.get(&format!("/documents/{id}/fr")).await;
    assert_eq!(fr.headers()["content-type"], "application/pdf");
    assert_eq!(fr.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(
        app.get(&format!("/documents/{id}/ru")).await.status(),
        StatusCode::NOT_FOUND
    );

    // The session page lists it in the reader's language, and the API lists it for everyone.
    let page = app
        .get("/sessions/d1-opening?lang=fr")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Note conceptuelle") && page.contains(&format!("/documents/{id}/fr")),
        "{page}"
    );
    let listed: Value = app.get("/api/v1/documents").await.json().await.unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_reader_without_their_language_gets_english_then_any_labelled() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let english = app
        .uploaded(
            &organiser,
            "d1-opening",
            Part::File("file_en", "a.txt", "text/plain", b"English"),
        )
        .await;
    let arabic = app
        .uploaded(
            &organiser,
            "",
            Part::File("file_ar", "b.txt", "text/plain", "عربي".as_bytes()),
        )
        .await;
    let page = app
        .get("/sessions/d1-opening?lang=ru")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("/documents/{english}/en")) && page.contains("на английском"),
        "{page}"
    );
    // An event document (About) in Arabic only: an English reader gets it, labelled.
    let about = app.get("/about?lang=en").await.text().await.unwrap();
    assert!(
        about.contains(&format!("/documents/{arabic}/ar")) && about.contains("in Arabic"),
        "{about}"
    );
    let own = app
        .get("/sessions/d1-opening?lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !own.contains("in English"),
        "no label for the reader's own language"
    );
}

#[tokio::test]
async fn types_are_sniffed_and_must_agree_with_the_name_and_declared_type() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let html = b"<!DOCTYPE html><script>alert(document.cookie)</script>";
    let docx = zip_of(&["[Content_Types].xml", "word/document.xml"]);
    for (file, want, says) in [
        (
            Part::File("file_en", "slides.pdf", "application/pdf", PNG),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "PNG",
        ),
        (
            Part::File("file_en", "notes.txt", "text/plain", html),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not accepted",
        ),
        (
            Part::File("file_en", "page.html", "text/html", html),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not accepted",
        ),
        (
            Part::File("file_en", "note.pdf", "image/png", PDF),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "PDF",
        ),
        (
            Part::File(
                "file_en",
                "tool.exe",
                "application/octet-stream",
                b"MZ\x90\0\x03",
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not accepted",
        ),
        (
            Part::File("file_en", "report.docx", "application/octet-stream", &docx),
            StatusCode::CREATED,
            "",
        ),
        (
            Part::File("file_en", "slide.png", "image/png", PNG),
            StatusCode::CREATED,
            "",
        ),
    ] {
        let (status, body) = app
            .upload(&organiser, &[Part::Text("title_en", "T"), file])
            .await;
        assert_eq!(status, want, "{body}");
        assert!(body.to_string().contains(says), "{body}");
    }
    // In the organiser's language.
    let res = app
        .send_multipart(
            Method::POST,
            "/api/v1/documents?lang=fr",
            Some(&organiser),
            &[
                Part::Text("title_en", "T"),
                Part::File("file_en", "slides.pdf", "application/pdf", PNG),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let message = res.json::<Value>().await.unwrap()["error"]["message"].to_string();
    assert!(message.contains("mais son contenu est PNG"), "{message}");
}

#[tokio::test]
async fn files_over_the_configured_limit_get_a_readable_413() {
    let app = spawn_app_configured(
        DAY_ONE_MORNING,
        None,
        AgendaVisibility::Public,
        PushConfig::default(),
        |c| {
            c.max_document_bytes = 1000;
        },
    )
    .await;
    let organiser = app.organiser().await;
    let big = vec![b'a'; 1500];
    // A body far over every file's limit together is still answered, not cut off.
    let huge = vec![b'a'; 6 * 1024 * 1024];
    for (name, bytes, want, says) in [
        (
            "big.txt",
            &big[..],
            StatusCode::PAYLOAD_TOO_LARGE,
            "big.txt is larger than 1.0\u{a0}KB",
        ),
        (
            "huge.txt",
            &huge[..],
            StatusCode::PAYLOAD_TOO_LARGE,
            "The upload is too large",
        ),
        ("ok.txt", &big[..900], StatusCode::CREATED, "ok.txt"),
    ] {
        let file = Part::File("file_en", name, "text/plain", bytes);
        let (status, body) = app
            .upload(&organiser, &[Part::Text("title_en", "T"), file])
            .await;
        assert_eq!(status, want, "{name}: {body}");
        assert!(body.to_string().contains(says), "{name}: {body}");
    }
}

#[tokio::test]
async fn uploads_are_for_organisers_only() {
    let app = spawn_app().await;
    let delegate = app.signed_in("delegate", "d@icmpd.org").await;
    let form = [
        Part::Text("title_en", "T"),
        Part::File("file_en", "a.txt", "text/plain", b"a"),
    ];
    for (cookie, want) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some(delegate.as_str()), StatusCode::FORBIDDEN),
    ] {
        let res = app
            .send_multipart(Method::POST, "/api/v1/documents", cookie, &form)
            .await;
        assert_eq!(res.status(), want);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
    }
}

#[tokio::test]
async fn language_files_are_replaced_and_removed_but_never_the_last() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let id = app
        .uploaded(
            &organiser,
            "",
            Part::File("file_en", "a.txt", "text/plain", b"en"),
        )
        .await;
    let put = app
        .send_multipart(
            Method::PUT,
            &format!("/api/v1/documents/{id}/files/ar"),
            Some(&organiser),
            &[Part::File("file", "b.txt", "text/plain", "ar".as_bytes())],
        )
        .await;
    assert_eq!(put.status(), StatusCode::NO_CONTENT);
    let remove = |lang: &'static str| {
        app.request(
            Method::DELETE,
            &format!("/api/v1/documents/{id}/files/{lang}"),
            Some(&organiser),
        )
        .send()
    };
    assert_eq!(remove("en").await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(remove("ar").await.unwrap().status(), StatusCode::CONFLICT);
    assert_eq!(remove("xx").await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/documents/{id}/ar")).await.status(),
        StatusCode::OK
    );
    let delete = app
        .request(
            Method::DELETE,
            &format!("/api/v1/documents/{id}"),
            Some(&organiser),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&format!("/documents/{id}/ar")).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_organiser_form_shows_field_errors_in_their_language_keeping_what_was_typed() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let res = app
        .send_multipart(
            Method::POST,
            "/organiser/documents?lang=fr",
            Some(&organiser),
            &[
                Part::Text("session_id", "d1-opening"),
                Part::Text("title_en", "Amman recommendations"),
                Part::Text("title_fr", "Recommandations d’Amman"),
                Part::File("file_en", "rec.pdf", "application/pdf", PNG),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let page = res.text().await.unwrap();
    assert!(page.contains("mais son contenu est PNG"), "{page}");
    assert!(
        page.contains("value=\"Recommandations d’Amman\""),
        "typed title kept"
    );
    let ok = app
        .send_multipart(
            Method::POST,
            "/organiser/documents",
            Some(&organiser),
            &[
                Part::Text("session_id", ""),
                Part::Text("title_en", "Concept note"),
                Part::File("file_en", "c.pdf", "application/pdf", PDF),
            ],
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let page = app
        .get_as("/organiser/documents", Some(&organiser))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Concept note") && page.contains("c.pdf"),
        "{page}"
    );
}
