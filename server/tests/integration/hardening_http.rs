//! Security review findings about the HTTP surface (issue 10): sign-in limits that locked out
//! valid secrets, device-code guessing, escaping, API errors, caching, per-person device caps
//! and slow or idle connections.

use crate::common::mock_push::push_config;
use crate::common::people::{REGISTRATION, token_of};
use crate::common::{DAY_ONE_MORNING, TestApp, spawn_app, spawn_app_configured};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server::config::{AgendaVisibility, PushConfig};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn guessing_from_a_shared_address_never_locks_out_a_valid_link() {
    let app = spawn_app().await;
    let link = app.invitation_link("delegate", "d@icmpd.org", &[]).await;
    for i in 0..8 {
        app.get(&format!("/invite/guess-{i}")).await;
    }
    assert_eq!(
        app.get("/invite/guess-9").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    let page = app.get(&format!("/invite/{}", token_of(&link))).await;
    assert_eq!(
        page.status(),
        StatusCode::OK,
        "a real link is answered whatever others tried"
    );
    let cookie = app.redeem(&link, REGISTRATION).await;
    // Opening one's own used link again is not guessing: it is answered every time.
    for _ in 0..8 {
        let used = app.get(&format!("/invite/{}", token_of(&link))).await;
        assert_ne!(used.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(used.status().is_client_error());
    }
    assert!(!cookie.is_empty());
}

/// Shows a device code on `/me` for `cookie` and reads it off the page.
async fn device_code(app: &TestApp, cookie: &str) -> String {
    let page = TestApp::text_of(app.form_request("/me/device-code", Some(cookie), "")).await;
    let start = page.find("class=\"device-code\"").expect("a code is shown");
    let digits: String = page[start..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take(11)
        .filter(char::is_ascii_digit)
        .collect();
    assert_eq!(digits.len(), 10, "ten digits, shown in two groups");
    digits
}

#[tokio::test]
async fn the_right_device_code_signs_in_after_others_failed_from_the_same_address() {
    let app = spawn_app().await;
    let first = app.signed_in("delegate", "d@icmpd.org").await;
    let code = device_code(&app, &first).await;
    for guess in 0..7 {
        app.post_form("/signin", None, &format!("code={:010}", guess))
            .await;
    }
    let res = app.post_form("/signin", None, "code=0000000009").await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "wrong codes past the limit are told to wait"
    );
    let grouped = format!("code={}+{}", &code[..5], &code[5..]);
    let res = app.post_form("/signin", None, &grouped).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "the right code is never refused"
    );
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("dc_session=")
    );
}

#[tokio::test]
async fn a_code_is_withdrawn_after_too_many_wrong_codes_from_any_number_of_addresses() {
    let app = spawn_app_configured(
        DAY_ONE_MORNING,
        None,
        AgendaVisibility::Public,
        PushConfig::default(),
        |c| {
            c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
            // The default is 20,000; a smaller cap keeps the test short, the rule is the same.
            c.device_code_exposure = 300;
        },
    )
    .await;
    let first = app.signed_in("delegate", "d@icmpd.org").await;
    let code = device_code(&app, &first).await;
    // 60 addresses behind the trusted proxy, 5 wrong codes each: no address meets its limit...
    let limit = 300;
    for n in 0..limit {
        let address = format!("198.51.{}.{}", n / 5 / 250, n / 5 % 250 + 1);
        let wrong = format!(
            "{:010}",
            (code.parse::<u64>().unwrap() + 1 + n as u64) % 10_000_000_000
        );
        let res = app
            .form_request("/signin", None, &format!("code={wrong}"))
            .header("x-forwarded-for", address)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    // ...yet the code has met its cap: it is withdrawn, and says so.
    let res = app
        .post_form("/signin", None, &format!("code={code}"))
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.text().await.unwrap().contains("withdrawn"));
    // A code shown afterwards has its own budget.
    let fresh = device_code(&app, &first).await;
    let res = app
        .post_form("/signin", None, &format!("code={fresh}"))
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn typed_text_shown_again_in_a_textarea_stays_text() {
    let app = spawn_app().await;
    let attack = "</textarea><img src=x onerror=alert(1)>";
    let link = app.invitation_link("delegate", "d@icmpd.org", &[]).await;
    // No consent: the form comes back with what was typed.
    let body = format!(
        "full_name=X&organisation=Y&country=Z&preferred_language=en&accessibility_needs={}",
        urlencode(attack)
    );
    let page =
        TestApp::text_of(app.form_request(&format!("/invite/{}", token_of(&link)), None, &body))
            .await;
    assert!(
        page.contains("&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "escaped"
    );
    assert!(!page.contains("<img src=x"));

    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let body = format!(
        "action=preview&audience=everyone&text_en={}",
        urlencode(attack)
    );
    let page =
        TestApp::text_of(app.form_request("/organiser/announce", Some(&organiser), &body)).await;
    assert!(
        page.contains("&lt;/textarea&gt;&lt;img"),
        "escaped in the console"
    );
    assert!(!page.contains("<img src=x"));
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("v", text)])
        .unwrap()
        .trim_start_matches("v=")
        .to_string()
}

/// An `/api/v1` answer in the documented error shape, with its status.
async fn api_error(res: reqwest::Response) -> (StatusCode, String) {
    let status = res.status();
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{status}"
    );
    let body: Value = res.json().await.expect("JSON");
    assert_eq!(body["error"]["status"], status.as_u16());
    (
        status,
        body["error"]["message"]
            .as_str()
            .expect("a message")
            .to_string(),
    )
}

#[tokio::test]
async fn every_api_error_is_json_and_strangers_hear_about_their_role_first() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let malformed = |cookie: Option<&str>| {
        app.request(Method::POST, "/api/v1/invitations", cookie)
            .header("content-type", "application/json")
            .body("{oops")
    };
    // Anonymous: 401 before the body is looked at. Before: a 400 describing the JSON.
    assert_eq!(
        api_error(malformed(None).send().await.unwrap()).await.0,
        StatusCode::UNAUTHORIZED
    );
    let delegate = app.signed_in("delegate", "d@icmpd.org").await;
    assert_eq!(
        api_error(malformed(Some(&delegate)).send().await.unwrap())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, _) = api_error(malformed(Some(&organiser)).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let wrong_type = app
        .request(Method::POST, "/api/v1/invitations", Some(&organiser))
        .body("name=x");
    assert_eq!(
        api_error(wrong_type.send().await.unwrap()).await.0,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let wrong_shape = app
        .request(Method::POST, "/api/v1/invitations", Some(&organiser))
        .json(&json!({"name": 1}));
    assert_eq!(
        api_error(wrong_shape.send().await.unwrap()).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let too_large = app
        .request(Method::POST, "/api/v1/invitations", Some(&organiser))
        .header("content-type", "application/json")
        .body(vec![b' '; 3 << 20]);
    assert_eq!(
        api_error(too_large.send().await.unwrap()).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let res = app
        .request(Method::DELETE, "/api/v1/agenda", None)
        .send()
        .await
        .unwrap();
    assert!(res.headers().contains_key("allow"));
    assert_eq!(api_error(res).await.0, StatusCode::METHOD_NOT_ALLOWED);
    for path in ["/api/v1/", "/api/v1", "/api/v1/nothing/here"] {
        assert_eq!(
            api_error(app.get(path).await).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let res = app
        .request(Method::PATCH, "/api/v1/sessions/d1-opening", None)
        .json(&json!({"start": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(api_error(res).await.0, StatusCode::UNAUTHORIZED);
}

fn cache_control(res: &reqwest::Response) -> String {
    res.headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn personal_and_secret_responses_are_never_stored() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let delegate = app.signed_in("delegate", "d@icmpd.org").await;
    let link = app.invitation_link("delegate", "e@icmpd.org", &[]).await;
    let gets = [
        ("/organiser", &organiser),
        ("/organiser/programme", &organiser),
        ("/api/v1/people", &organiser),
        ("/api/v1/people.csv", &organiser),
        ("/me", &delegate),
        ("/schedule", &delegate),
        ("/api/v1/me", &delegate),
        ("/api/v1/me/calendar-feed", &delegate),
        ("/api/v1/me/bookmarks", &delegate),
    ];
    for (path, cookie) in gets {
        let res = app
            .request(Method::GET, path, Some(cookie))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(cache_control(&res), "no-store", "{path}");
    }
    let invitation = app.get(&format!("/invite/{}", token_of(&link))).await;
    assert_eq!(cache_control(&invitation), "no-store");
    let code = app.post_form("/me/device-code", Some(&delegate), "").await;
    assert_eq!(cache_control(&code), "no-store");
    // Pages that only show a person's own stars are private; the public agenda is unchanged.
    let home = app
        .request(Method::GET, "/", Some(&delegate))
        .send()
        .await
        .unwrap();
    assert_eq!(cache_control(&home), "private, no-cache");
    assert_eq!(cache_control(&app.get("/").await), "");
}

#[tokio::test]
async fn a_person_keeps_at_most_ten_devices_the_newest() {
    let app = spawn_app_configured(
        DAY_ONE_MORNING,
        None,
        AgendaVisibility::Public,
        push_config("127.0.0.1:9", 50),
        |_| {},
    )
    .await;
    let delegate = app.signed_in("delegate", "d@icmpd.org").await;
    let keys = json!({
        "p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
        "auth": "BTBZMqHH6r4Tts7J_aSIgg"
    });
    for n in 0..12 {
        let body = json!({"endpoint": format!("http://127.0.0.1:9/push/device-{n}"), "keys": keys});
        let res = app
            .request(
                Method::POST,
                "/api/v1/me/push-subscriptions",
                Some(&delegate),
            )
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "{}",
            res.text().await.unwrap()
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let listed: Vec<Value> = app
        .request(
            Method::GET,
            "/api/v1/me/push-subscriptions",
            Some(&delegate),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let endpoints: Vec<&str> = listed
        .iter()
        .map(|s| s["endpoint"].as_str().unwrap())
        .collect();
    assert_eq!(endpoints.len(), 10, "{endpoints:?}");
    assert!(
        !endpoints
            .iter()
            .any(|e| e.ends_with("/device-0") || e.ends_with("/device-1")),
        "the oldest gave way: {endpoints:?}"
    );
    assert!(endpoints.iter().any(|e| e.ends_with("/device-11")));
}

/// Reads until the server closes the connection; how long that took, or `None` within `limit`.
async fn closed_within(stream: &mut tokio::net::TcpStream, limit: Duration) -> Option<Duration> {
    let started = std::time::Instant::now();
    let mut buf = [0u8; 4096];
    let read_until_closed = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => continue,
            }
        }
    };
    tokio::time::timeout(limit, read_until_closed)
        .await
        .ok()
        .map(|()| started.elapsed())
}

#[tokio::test]
async fn half_sent_requests_and_idle_connections_are_closed() {
    let app = spawn_app().await;
    let address = app.address.trim_start_matches("http://").to_string();
    let mut half_sent = tokio::net::TcpStream::connect(&address).await.unwrap();
    half_sent
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let mut idle = tokio::net::TcpStream::connect(&address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    // A body trickled a byte every two seconds: the whole body has 30 s, not each byte.
    let mut slow_body = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow_body
        .write_all(b"POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n")
        .await
        .unwrap();
    let trickle = async {
        let started = std::time::Instant::now();
        let mut answer = Vec::new();
        let mut buf = [0u8; 1024];
        while started.elapsed() < Duration::from_secs(50) {
            if slow_body.write_all(b"c").await.is_err() {
                break;
            }
            match tokio::time::timeout(Duration::from_secs(2), slow_body.read(&mut buf)).await {
                Ok(Ok(0)) | Ok(Err(_)) => break,
                Ok(Ok(n)) => {
                    answer.extend_from_slice(&buf[..n]);
                    break;
                }
                Err(_) => continue,
            }
        }
        (
            started.elapsed(),
            String::from_utf8_lossy(&answer).to_string(),
        )
    };
    let limit = Duration::from_secs(40);
    let (half, idle, (slow, answer)) = tokio::join!(
        closed_within(&mut half_sent, limit),
        closed_within(&mut idle, limit),
        trickle
    );
    assert!(
        answer.starts_with("HTTP/1.1 400"),
        "the slow body was cut off: {answer:?} after {slow:?}"
    );
    assert!(
        slow >= Duration::from_secs(29) && slow < Duration::from_secs(40),
        "{slow:?}"
    );
    let header_timeout = Duration::from_secs(15);
    for (what, took) in [("half-sent", half), ("idle", idle)] {
        let took =
            took.unwrap_or_else(|| panic!("the {what} connection was still open after {limit:?}"));
        assert!(
            took >= header_timeout - Duration::from_secs(1),
            "{what} closed early: {took:?}"
        );
    }
}
