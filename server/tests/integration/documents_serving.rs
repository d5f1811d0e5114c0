//! Documents (issue 12), serving: single byte ranges, strong ETags, RFC 6266 names, and a closed
//! side event's documents only for those who may see it.

use crate::common::documents::{PDF, Part, zip_of};
use crate::common::spawn_app;
use reqwest::{Method, StatusCode};
use serde_json::Value;

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
