//! Sessions against the real server, once an invitation is redeemed: the cookie, sign-out and
//! revocation, forged cookies, limits on guessing, cross-site posts, a second device's one-time
//! code, and what a closed agenda shows strangers.

use crate::common::people::{rand_suffix, session_cookie, token_of};
use crate::common::{DAY_ONE_MORNING, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use server::config::AgendaVisibility;

#[tokio::test]
async fn sign_out_and_revocation_take_effect_at_once() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let cookie = app
        .register(&app.invitation_link("delegate", "d@icmpd.org", &[]).await)
        .await;
    let res = app.post_form("/auth/sign-out", Some(&cookie), "").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        app.role_of(Some(&cookie)).await,
        None,
        "a replayed cookie after sign-out is refused"
    );

    let other = app
        .register(&app.invitation_link("delegate", "e@icmpd.org", &[]).await)
        .await;
    let id = app.person_id(&organiser, "e@icmpd.org").await;
    let res = app
        .post_form(
            &format!("/organiser/people/{id}/sign-out"),
            Some(&organiser),
            "",
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.role_of(Some(&other)).await, None);
}

#[tokio::test]
async fn forged_cookies_are_anonymous() {
    let app = spawn_app().await;
    let cookie = app
        .register(&app.invitation_link("delegate", "f@icmpd.org", &[]).await)
        .await;
    let token = cookie.trim_start_matches("dc_session=");
    let parts: Vec<&str> = token.split('.').collect();
    let none = format!(
        "dc_session=eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.",
        parts[1]
    );
    let tampered = format!("dc_session={}.{}.{}x", parts[0], parts[1], parts[2]);
    for forged in [none, tampered] {
        assert_eq!(app.role_of(Some(&forged)).await, None);
    }
    assert_eq!(app.role_of(Some(&cookie)).await.as_deref(), Some("invitee"));
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_lax() {
    let app = spawn_app().await;
    let link = app.invitation_link("organiser", "o@icmpd.org", &[]).await;
    let res = app
        .post_form(&format!("/invite/{}", token_of(&link)), None, "")
        .await;
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/")
    );
    assert!(
        !cookie.contains("Secure"),
        "plain-http loopback is the one place Secure is relaxed"
    );
}

#[tokio::test]
async fn failed_redemptions_are_limited_per_ip_with_retry_after() {
    let app = spawn_app().await;
    for i in 0..5 {
        assert_eq!(
            app.get_as(&format!("/invite/guess-{i}"), None)
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
    }
    let res = app.get_as("/invite/guess-6", None).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));

    for _ in 0..5 {
        app.post_form("/signin", None, "code=00000000").await;
    }
    let res = app.post_form("/signin", None, "code=00000001").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    assert!(res.text().await.unwrap().contains("Too many attempts"));
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let host = app.address.trim_start_matches("http://").to_string();
    let attempt = |origin: Option<&str>, site: Option<&str>| {
        let mut req = app.form_request(
            "/organiser/invite",
            Some(&organiser),
            &format!("name=X&email=x{}@icmpd.org", rand_suffix()),
        );
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        if let Some(s) = site {
            req = req.header("sec-fetch-site", s);
        }
        req.send()
    };
    assert_eq!(
        attempt(Some("https://evil.example"), None)
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        attempt(None, Some("cross-site")).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        attempt(None, Some("same-site")).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let ok = attempt(Some(&format!("http://{host}")), Some("same-origin"))
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(
        ok.text().await.unwrap().contains("/invite/"),
        "the new link is shown once"
    );
}

#[tokio::test]
async fn a_second_device_signs_in_with_a_one_time_code() {
    let app = spawn_app().await;
    let first = app
        .register(&app.invitation_link("delegate", "g@icmpd.org", &[]).await)
        .await;
    let html = app
        .post_form("/me/device-code", Some(&first), "")
        .await
        .text()
        .await
        .unwrap();
    let code: String = html
        .split("class=\"device-code\"><bdi dir=\"ltr\">")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| *c != '<')
        .filter(|c| !c.is_whitespace())
        .collect();
    // Ten digits since the security review (shown as two groups of five).
    assert!(
        code.len() == 10 && code.chars().all(|c| c.is_ascii_digit()),
        "{code}"
    );
    assert!(html.contains("<svg"), "a QR code");
    let res = app
        .post_form("/signin", None, &format!("code={code}"))
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let second = session_cookie(&res);
    assert_ne!(second, first);
    assert_eq!(app.role_of(Some(&second)).await.as_deref(), Some("invitee"));
    assert_eq!(
        app.post_form("/signin", None, &format!("code={code}"))
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "once only"
    );
}

#[tokio::test]
async fn a_delegates_only_agenda_is_closed_to_strangers() {
    let app = spawn_app_with(DAY_ONE_MORNING, None, AgendaVisibility::Delegates).await;
    assert_eq!(
        app.get_as("/api/v1/agenda", None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let page = app.get_as("/", None).await;
    assert_eq!(page.status(), StatusCode::UNAUTHORIZED);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Sign in to see the agenda")
    );
    let about = app.get_as("/about", None).await;
    let status = about.status();
    assert_eq!(status, StatusCode::OK, "{}", about.text().await.unwrap());
    let organiser = app.organiser().await;
    assert_eq!(
        app.get_as("/api/v1/agenda", Some(&organiser))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get_as("/", Some(&organiser)).await.status(),
        StatusCode::OK
    );
}
