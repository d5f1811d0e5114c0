//! The invitation-only journey against the real server: links, form, review, sessions, roles.

use crate::common::people::{rand_suffix, session_cookie, token_of};
use crate::common::{DAY_ONE_MORNING, spawn_app, spawn_app_with};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use server::config::AgendaVisibility;

#[tokio::test]
async fn invitee_registers_organiser_confirms_and_the_closed_side_event_appears() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    assert_eq!(
        app.role_of(Some(&organiser)).await.as_deref(),
        Some("organiser")
    );

    let res = app
        .request(Method::POST, "/api/v1/invitations", Some(&organiser))
        .json(&json!({"name": "Amina", "email": "Amina@Example.org", "closed_sessions": ["d2-side-heads"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let invited: Value = res.json().await.unwrap();
    let link = invited["link"].as_str().unwrap().to_string();
    assert!(token_of(&link).len() >= 43, "at least 128 random bits");

    // The form opens, and comes back with every typed value when a field is wrong.
    let form = app
        .get_as(&format!("/invite/{}", token_of(&link)), None)
        .await;
    assert_eq!(form.status(), StatusCode::OK);
    let res = app
        .post_form(
            &format!("/invite/{}", token_of(&link)),
            None,
            "full_name=Amina+B&organisation=&country=Tunisia&title=Colonel",
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("value=\"Amina B\"") && html.contains("value=\"Colonel\""),
        "nothing typed is lost"
    );
    assert!(
        html.contains("Please fill this in.") && html.contains("Registration needs your consent.")
    );

    let invitee = app.register(&link).await;
    assert_eq!(
        app.role_of(Some(&invitee)).await.as_deref(),
        Some("invitee")
    );

    let people: Value = app
        .get_as("/api/v1/people", Some(&organiser))
        .await
        .json()
        .await
        .unwrap();
    let amina = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "amina@example.org")
        .unwrap()
        .clone();
    assert_eq!(amina["status"], "registered");
    assert_eq!(amina["registration"]["preferred_language"], "fr");
    let confirm = format!("/api/v1/people/{}/confirm", amina["id"].as_str().unwrap());
    let res = app
        .request(Method::POST, &confirm, Some(&organiser))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.role_of(Some(&invitee)).await.as_deref(),
        Some("delegate"),
        "the same device, now confirmed"
    );

    // The closed side event: the invited delegate sees it, an anonymous visitor gets a plain 404.
    assert_eq!(
        app.get_as("/sessions/d2-side-heads", Some(&invitee))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get_as("/sessions/d2-side-heads", None).await.status(),
        StatusCode::NOT_FOUND
    );
    let public: Value = app
        .get_as("/api/v1/agenda", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        public["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["id"] != "d2-side-heads")
    );
    let html = app
        .get_as("/?day=2024-11-28", Some(&invitee))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-session=\"d2-side-heads\""));
}

#[tokio::test]
async fn used_unknown_expired_and_withdrawn_links_say_which() {
    let app = spawn_app().await;
    let link = app.invitation_link("delegate", "once@icmpd.org", &[]).await;
    app.register(&link).await;
    let used = app
        .get_as(&format!("/invite/{}", token_of(&link)), None)
        .await;
    assert_eq!(used.status(), StatusCode::GONE);
    assert!(used.text().await.unwrap().contains("already been used"));

    let unknown = app.get_as("/invite/not-a-real-token?lang=fr", None).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(unknown.text().await.unwrap().contains("n’est pas valide"));

    let stale = app.invitation_link("delegate", "late@icmpd.org", &[]).await;
    let later = spawn_app_with(
        "2025-06-01T10:00:00+01:00",
        Some(app.database_url.clone()),
        AgendaVisibility::Public,
    )
    .await;
    let expired = later
        .get_as(&format!("/invite/{}", token_of(&stale)), None)
        .await;
    assert_eq!(expired.status(), StatusCode::GONE);
    assert!(expired.text().await.unwrap().contains("has expired"));

    let organiser = app.organiser().await;
    let withdrawn = app
        .invitation_link("delegate", "withdrawn@icmpd.org", &[])
        .await;
    let id = app.person_id(&organiser, "withdrawn@icmpd.org").await;
    app.request(
        Method::POST,
        &format!("/api/v1/people/{id}/revoke"),
        Some(&organiser),
    )
    .send()
    .await
    .unwrap();
    let res = app
        .get_as(&format!("/invite/{}", token_of(&withdrawn)), None)
        .await;
    assert!(res.text().await.unwrap().contains("has been withdrawn"));
}

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
async fn organisers_export_and_delete_personal_data() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let cookie = app
        .register(&app.invitation_link("delegate", "h@icmpd.org", &[]).await)
        .await;
    let res = app.get_as("/api/v1/people.csv", Some(&organiser)).await;
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with("name,email,organisation,country,role,status"));
    assert!(
        csv.contains("Amina Ben Salah,h@icmpd.org,Garde nationale,Tunisia,delegate,registered")
    );

    let id = app.person_id(&organiser, "h@icmpd.org").await;
    let res = app
        .request(
            Method::DELETE,
            &format!("/api/v1/people/{id}"),
            Some(&organiser),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(
        !app.get_as("/api/v1/people.csv", Some(&organiser))
            .await
            .text()
            .await
            .unwrap()
            .contains("h@icmpd.org")
    );
    assert_eq!(
        app.role_of(Some(&cookie)).await,
        None,
        "a deleted person is signed out everywhere"
    );
}

#[tokio::test]
async fn csv_invitations_are_all_checked_before_any_is_stored() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let post = |body: &'static str| {
        app.request(Method::POST, "/api/v1/invitations.csv", Some(&organiser))
            .body(body)
            .send()
    };
    let count = async || {
        app.get_as("/api/v1/people", Some(&organiser))
            .await
            .json::<Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    let before = count().await;
    let bad = post("name,email,organisation\nA,a@icmpd.org,X\nB,not-an-address,Y\n")
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("line 3"));
    assert_eq!(count().await, before, "nothing half-imported");
    let good = post(
        "name,email,organisation,country,role\nA,a@icmpd.org,X,TN,\nB,b@icmpd.org,Y,JO,organiser\n",
    )
    .await
    .unwrap();
    assert_eq!(good.status(), StatusCode::CREATED);
    assert_eq!(
        good.json::<Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
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

#[tokio::test]
async fn the_cli_prints_a_working_organiser_link() {
    let app = spawn_app().await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args([
            "invite",
            "--role",
            "organiser",
            "--name",
            "Head of Unit",
            "--email",
            "head@icmpd.org",
        ])
        .env("DATABASE_URL", &app.database_url)
        .output()
        .expect("the server binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let link = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(link.starts_with("http://127.0.0.1:3000/invite/"));
    let page = app
        .get_as(&format!("/invite/{}", token_of(&link)), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("You are invited as an organiser.") && page.contains("Head of Unit"));

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args([
            "invite",
            "--role",
            "king",
            "--name",
            "X",
            "--email",
            "x@icmpd.org",
        ])
        .env("DATABASE_URL", &app.database_url)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("neither delegate nor organiser"));
}
