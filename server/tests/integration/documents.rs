//! Documents (issue 12): organisers upload one file per language; delegates read them in their
//! language or a labelled fallback; types are sniffed, sizes limited, files served with ranges,
//! strong ETags, RFC 6266 names and the session's visibility.

use crate::common::{DAY_ONE_MORNING, TestApp, spawn_app, spawn_app_configured};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use server::config::{AgendaVisibility, PushConfig};

const BOUNDARY: &str = "dc-test-boundary";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// One part of a multipart form: a text field, or a file with its name and declared type.
enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, &'a str, &'a [u8]),
}

fn multipart(parts: &[Part]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                        .as_bytes(),
                );
            }
            Part::File(name, filename, kind, bytes) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {kind}\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
                body.extend_from_slice(b"\r\n");
            }
        }
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

impl TestApp {
    async fn send_multipart(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        parts: &[Part<'_>],
    ) -> reqwest::Response {
        self.request(method, path, cookie)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(multipart(parts))
            .send()
            .await
            .unwrap()
    }

    /// Uploads through the API; the status and JSON answer.
    async fn upload(&self, cookie: &str, parts: &[Part<'_>]) -> (StatusCode, Value) {
        let res = self
            .send_multipart(Method::POST, "/api/v1/documents", Some(cookie), parts)
            .await;
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Uploads a one-file document and returns its id.
    async fn uploaded(&self, cookie: &str, session: &str, file: Part<'_>) -> String {
        let (status, body) = self
            .upload(
                cookie,
                &[
                    Part::Text("session_id", session),
                    Part::Text("title_en", "Concept note"),
                    file,
                ],
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["id"].as_str().unwrap().to_string()
    }
}

/// A zip with empty stored entries of these names: the shape of an office file.
fn zip_of(names: &[&str]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for name in names {
        let offset = out.len() as u32;
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&[
            20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ]);
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name.as_bytes());
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&[
            20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ]);
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&(names.len() as u16).to_le_bytes());
    out.extend_from_slice(&(names.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

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
async fn single_ranges_get_206_with_the_exact_bytes_and_others_416() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let text: String = (0..100)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let id = app
        .uploaded(
            &organiser,
            "",
            Part::File("file_en", "r.txt", "text/plain", text.as_bytes()),
        )
        .await;
    let path = format!("/documents/{id}/en");
    let whole = app.get(&path).await;
    assert_eq!(whole.headers()["accept-ranges"], "bytes");
    assert_eq!(whole.headers()["content-length"], "100");
    for (range, first, last) in [
        ("bytes=10-19", 10, 19),
        ("bytes=-5", 95, 99),
        ("bytes=90-", 90, 99),
        ("bytes=95-500", 95, 99),
    ] {
        let res = app.get_with(&path, "range", range).await;
        assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT, "{range}");
        assert_eq!(
            res.headers()["content-range"],
            format!("bytes {first}-{last}/100").as_str()
        );
        assert_eq!(res.text().await.unwrap(), text[first..=last], "{range}");
    }
    let res = app.get_with(&path, "range", "bytes=100-").await;
    assert_eq!(res.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(res.headers()["content-range"], "bytes */100");
    // Several ranges are not served as multipart: the whole file.
    assert_eq!(
        app.get_with(&path, "range", "bytes=0-1,5-6").await.status(),
        StatusCode::OK
    );
    let head = app.request(Method::HEAD, &path, None).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(head.headers()["content-length"], "100");
    assert!(head.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_strong_etag_answers_304_until_the_file_is_replaced() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let id = app
        .uploaded(
            &organiser,
            "",
            Part::File("file_en", "v1.txt", "text/plain", b"version one"),
        )
        .await;
    let path = format!("/documents/{id}/en");
    let etag = app.get(&path).await.headers()["etag"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(etag.starts_with('"'), "strong: {etag}");
    let res = app.get_with(&path, "if-none-match", &etag).await;
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(res.headers()["cache-control"], "public, no-cache");
    let replaced = app
        .send_multipart(
            Method::PUT,
            &format!("/api/v1/documents/{id}/files/en"),
            Some(&organiser),
            &[Part::File("file", "v2.txt", "text/plain", b"version two")],
        )
        .await;
    assert_eq!(replaced.status(), StatusCode::NO_CONTENT);
    let res = app.get_with(&path, "if-none-match", &etag).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_ne!(res.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(res.text().await.unwrap(), "version two");
}

#[tokio::test]
async fn non_ascii_file_names_survive_content_disposition() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let docx = zip_of(&["[Content_Types].xml", "word/document.xml"]);
    let name = "Рекомендации Амман «2024».docx";
    let id = app
        .uploaded(
            &organiser,
            "",
            Part::File(
                "file_ru",
                name,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                &docx,
            ),
        )
        .await;
    let res = app.get(&format!("/documents/{id}/ru")).await;
    let header = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(header.starts_with("attachment; filename=\""), "{header}");
    let encoded = header.split("filename*=UTF-8''").nth(1).expect("filename*");
    let decoded = percent_decode(encoded);
    assert_eq!(decoded, name);
    assert_eq!(res.bytes().await.unwrap().as_ref(), docx.as_slice());
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn closed_side_event_documents_are_not_found_for_strangers() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let id = app
        .uploaded(
            &organiser,
            "d2-side-heads",
            Part::File("file_en", "heads.pdf", "application/pdf", PDF),
        )
        .await;
    let path = format!("/documents/{id}/en");
    let delegate = app.signed_in("delegate", "stranger@icmpd.org").await;
    let invited = app
        .invitation_link("delegate", "heads@icmpd.org", &["d2-side-heads"])
        .await;
    let invitee = app.register(&invited).await;
    for (who, cookie) in [("anonymous", None), ("delegate", Some(delegate.as_str()))] {
        assert_eq!(
            app.get_as(&path, cookie).await.status(),
            StatusCode::NOT_FOUND,
            "{who}"
        );
        let listed: Value = app
            .get_as("/api/v1/documents", cookie)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(listed, Value::Array(vec![]), "{who}");
    }
    for (who, cookie) in [("invitee", &invitee), ("organiser", &organiser)] {
        let res = app.get_as(&path, Some(cookie)).await;
        assert_eq!(res.status(), StatusCode::OK, "{who}");
        assert_eq!(res.headers()["cache-control"], "private, no-cache", "{who}");
        assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
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
