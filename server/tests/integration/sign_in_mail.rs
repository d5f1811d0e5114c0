//! Signing in on a new device with a link by e-mail: the same answer for known and unknown
//! addresses, a link that works once and briefly, behind a button (so a mail scanner opening
//! it does not use it up), limited per address and per client.

use crate::common::DAY_ONE_MORNING;
use crate::common::people::session_cookie;
use crate::common::smtp_sink::{SmtpSink, path_of, spawn_mailing};
use crate::mail::{act, invite, settled_mails};
use reqwest::StatusCode;
use serde_json::json;

/// The page's answer with the address taken out, to compare answers for different addresses.
fn answer_without(page: &str, email: &str) -> String {
    let start = page.find("<main").unwrap_or(0);
    let end = page.find("</main>").unwrap_or(page.len());
    page[start..end].replace(email, "ADDRESS")
}

#[tokio::test]
async fn a_confirmed_participant_gets_a_link_that_signs_in_once_and_nobody_learns_who_is_known() {
    let sink = SmtpSink::start(&[]);
    let app = spawn_mailing(DAY_ONE_MORNING, &sink, None).await;
    let organiser = app.organiser().await;
    let invited = invite(
        &app,
        &organiser,
        json!({"name": "Amina", "email": "amina@example.org", "lang": "ar"}),
    )
    .await;
    app.redeem(
        invited["link"].as_str().unwrap(),
        "full_name=Amina&organisation=G&country=T&preferred_language=ar&consent=yes",
    )
    .await;
    let id = invited["person_id"].as_str().unwrap();
    act(&app, &organiser, &id, "confirm").await;
    settled_mails(&app, &organiser, "amina@example.org", 3).await;
    let registered = invite(
        &app,
        &organiser,
        json!({"name": "Reg", "email": "reg@example.org"}),
    )
    .await;
    app.redeem(
        registered["link"].as_str().unwrap(),
        crate::common::people::REGISTRATION,
    )
    .await;
    let before = sink.wait_for(5, 20).await.len();
    assert_eq!(before, 5);

    let page = app.get("/signin").await.text().await.unwrap();
    assert!(
        page.contains(r#"name="email""#),
        "the e-mail form is offered"
    );
    let app = &app;
    let ask = |email: &str| {
        let body = format!("email={email}");
        async move { app.post_form("/signin", None, &body).await }
    };
    let known = ask("Amina@Example.org").await;
    assert_eq!(known.status(), StatusCode::OK);
    let known = known.text().await.unwrap();
    let unknown = ask("stranger@example.org").await.text().await.unwrap();
    let not_confirmed = ask("reg@example.org").await.text().await.unwrap();
    assert!(known.contains("a sign-in link is on its way"));
    assert_eq!(
        answer_without(&known, "amina@example.org"),
        answer_without(&unknown, "stranger@example.org")
    );
    assert_eq!(
        answer_without(&known, "amina@example.org"),
        answer_without(&not_confirmed, "reg@example.org")
    );

    let mails = sink.wait_for(before + 1, 20).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        sink.messages().len(),
        before + 1,
        "only the confirmed participant gets a mail"
    );
    let mail = &mails[before];
    assert_eq!(mail.recipients, ["amina@example.org"]);
    assert!(
        mail.subject.starts_with("رابط تسجيل الدخول"),
        "{}",
        mail.subject
    );
    assert!(mail.text.contains("15"), "{}", mail.text);
    let link = mail.link("http://127.0.0.1:3000/signin/");
    let path = path_of(&link);
    // Opening it (as a mail scanner would) signs nobody in; the button does, once.
    let opened = app.get_as(&path, None).await;
    assert_eq!(opened.status(), StatusCode::OK);
    assert!(
        opened
            .headers()
            .get("set-cookie")
            .is_none_or(|c| !c.to_str().unwrap().contains("dc_session="))
    );
    let form_path = path.split('?').next().unwrap().to_string();
    let signed_in = app.post_form(&form_path, None, "").await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let cookie = session_cookie(&signed_in);
    assert_eq!(
        app.role_of(Some(&cookie)).await.as_deref(),
        Some("delegate")
    );
    assert_eq!(
        app.post_form(&form_path, None, "").await.status(),
        StatusCode::GONE
    );
    assert_eq!(app.get_as(&path, None).await.status(), StatusCode::GONE);

    // Per address: after three asks nothing more is sent, and the answer does not change.
    for _ in 0..3 {
        let again = ask("amina@example.org").await;
        assert_eq!(again.status(), StatusCode::OK);
        assert_eq!(
            answer_without(&again.text().await.unwrap(), "amina@example.org"),
            answer_without(&unknown, "stranger@example.org")
        );
    }
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(
        sink.messages().len(),
        before + 3,
        "three links in all for one address"
    );
    // Organisers sign in new devices with a code: their mailbox alone does not open the console.
    let people: serde_json::Value = app
        .get_as("/api/v1/people", Some(&organiser))
        .await
        .json()
        .await
        .unwrap();
    let organiser_email = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["role"] == "organiser")
        .map(|p| p["email"].as_str().unwrap().to_string())
        .unwrap();
    assert_eq!(ask(&organiser_email).await.status(), StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(
        sink.messages().len(),
        before + 3,
        "no link for an organiser"
    );

    // Per client: many addresses from one client are refused (429) after thirty asks.
    let mut refused = None;
    for i in 0..40 {
        let res = ask(&format!("guess{i}@example.org")).await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(i);
            break;
        }
    }
    assert!(refused.is_some_and(|i| i >= 20), "{refused:?}");
}

#[tokio::test]
async fn a_sign_in_link_is_replaced_by_the_next_dies_with_a_revocation_and_expires() {
    let sink = SmtpSink::start(&[]);
    let app = spawn_mailing(DAY_ONE_MORNING, &sink, None).await;
    let organiser = app.organiser().await;
    let invited = invite(
        &app,
        &organiser,
        json!({"name": "Ivan", "email": "ivan@example.org"}),
    )
    .await;
    app.redeem(
        invited["link"].as_str().unwrap(),
        crate::common::people::REGISTRATION,
    )
    .await;
    let id = invited["person_id"].as_str().unwrap().to_string();
    act(&app, &organiser, &id, "confirm").await;
    for _ in 0..2 {
        app.post_form("/signin", None, "email=ivan@example.org")
            .await;
    }
    let mails = sink.wait_for(5, 20).await;
    let links: Vec<String> = mails
        .iter()
        .filter(|m| m.subject.starts_with("Sign-in link"))
        .map(|m| path_of(&m.link("http://127.0.0.1:3000/signin/")))
        .collect();
    assert_eq!(links.len(), 2, "two sign-in links: {links:?}");
    // One link at a time: asking again replaced the first (mails arrive in any order).
    let mut live = Vec::new();
    for link in &links {
        match app.get_as(link, None).await.status() {
            StatusCode::OK => live.push(link.clone()),
            other => assert_eq!(other, StatusCode::GONE),
        }
    }
    let [second] = live.as_slice() else {
        panic!("exactly one live link: {live:?}");
    };
    act(&app, &organiser, &id, "revoke").await;
    assert_eq!(
        app.get_as(second, None).await.status(),
        StatusCode::GONE,
        "revoked: no link works"
    );
    act(&app, &organiser, &id, "confirm").await;
    assert_eq!(app.get_as(second, None).await.status(), StatusCode::OK);

    let (url, _dir) = app.stop_keeping_database().await;
    let later = spawn_mailing("2024-11-27T10:31:00+01:00", &sink, Some(url)).await;
    let expired = later
        .post_form(second.split('?').next().unwrap(), None, "")
        .await;
    assert_eq!(expired.status(), StatusCode::GONE);
    assert!(
        expired
            .text()
            .await
            .unwrap()
            .contains("expired or was already used")
    );
}
