//! However a page's address is spelled (dot segments, an encoded dot, a trailing slash), the
//! server reads it as the pages' router does: the page's own loader runs, the organiser gate
//! holds, and My schedule's private feed address is never cacheable. Sent over a raw socket,
//! since an HTTP client would tidy the path before sending it.

use crate::common::{TestApp, spawn_app};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The status, the headers (lower-case) and the body of one raw request.
async fn raw(app: &TestApp, request_line: &str, cookie: Option<&str>) -> (u16, String, String) {
    let host = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    let request = format!("{request_line}\r\nHost: {host}\r\n{cookie}Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_lowercase(), body.to_string())
}

#[tokio::test]
async fn every_spelling_of_an_organiser_page_is_gated_and_loaded() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let delegate = app.signed_in("delegate", "del@icmpd.org").await;
    for path in [
        "/organiser",
        "/organiser/",
        "/organiser/.",
        "/x/../organiser",
        "/%2e/organiser",
        "/rooms/../organiser/programme",
        "/organiser/programme/.",
    ] {
        let get = format!("GET {path} HTTP/1.1");
        let (status, _, page) = raw(&app, &get, None).await;
        assert_eq!(status, 401, "{path} signed out");
        assert!(page.contains("<h1>Please sign in</h1>"), "{path}");
        let (status, _, page) = raw(&app, &get, Some(&delegate)).await;
        assert_eq!(status, 403, "{path} as a delegate");
        assert!(!page.contains("del@icmpd.org"), "{path}: people's data");
        let (status, head, page) = raw(&app, &get, Some(&organiser)).await;
        assert!(
            matches!(status, 200 | 404),
            "{path} as the organiser: {status}"
        );
        assert!(
            !page.contains("Not available right now"),
            "{path}: {status}"
        );
        assert!(head.contains("cache-control: no-store"), "{path}: {head}");
    }
    // A HEAD is gated like a GET (and answers without the page).
    for (cookie, want) in [(None, 401), (Some(&delegate), 403), (Some(&organiser), 200)] {
        let (status, _, _) =
            raw(&app, "HEAD /organiser HTTP/1.1", cookie.map(String::as_str)).await;
        assert_eq!(status, want, "HEAD /organiser");
    }
}

#[tokio::test]
async fn my_schedule_is_never_cacheable_however_its_address_is_spelled() {
    let app = spawn_app().await;
    let delegate = app.signed_in("delegate", "del@icmpd.org").await;
    for path in ["/schedule", "/schedule/", "/x/../schedule"] {
        let (status, head, page) =
            raw(&app, &format!("GET {path} HTTP/1.1"), Some(&delegate)).await;
        assert!(matches!(status, 200 | 404), "{path}: {status}");
        if page.contains("webcal://") {
            assert!(head.contains("cache-control: no-store"), "{path}: {head}");
        }
    }
    let (_, _, page) = raw(&app, "GET /schedule HTTP/1.1", Some(&delegate)).await;
    assert!(
        page.contains("webcal://"),
        "the feed address is on the page"
    );
}

#[tokio::test]
async fn a_request_without_a_path_is_refused_and_the_server_goes_on() {
    let app = spawn_app().await;
    let host = app.address.trim_start_matches("http://").to_string();
    let (status, _, _) = raw(&app, &format!("CONNECT {host} HTTP/1.1"), None).await;
    assert_eq!(status, 400);
    assert_eq!(app.get("/healthz").await.status(), reqwest::StatusCode::OK);
}
