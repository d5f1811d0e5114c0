//! The invitation-only journey against the real server: links, form, review, roles, and the
//! organiser's side of it (the people list, export and deletion, CSV invitations, the CLI).
//! Sessions, once a link is redeemed, are in `sign_in.rs`.

use crate::common::people::token_of;
use crate::common::{spawn_app, spawn_app_with};
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
    assert!(String::from_utf8_lossy(&bad.stderr).contains("none of delegate, door, organiser"));
}
