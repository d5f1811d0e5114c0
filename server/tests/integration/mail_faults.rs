//! What the SMTP server does wrong: a temporary refusal (451) is retried and the mail arrives
//! once; a permanent one (550) is recorded and shown to organisers; a mail server killed
//! mid-batch and started again gets every mail exactly once.

use crate::common::smtp_sink::{SmtpSink, spawn_mailing};
use crate::mail::{BEFORE_DEADLINE, act, invite, invite_now, settled_mails};
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::collections::HashSet;

#[tokio::test]
async fn a_temporary_refusal_is_retried_and_the_mail_arrives_once() {
    let sink = SmtpSink::start(&["--tempfail", "2"]);
    let app = spawn_mailing(BEFORE_DEADLINE, &sink, None).await;
    let organiser = app.organiser().await;
    invite(
        &app,
        &organiser,
        json!({"name": "Amina", "email": "amina@example.org"}),
    )
    .await;
    let mails = settled_mails(&app, &organiser, "amina@example.org", 1).await;
    assert_eq!(mails[0]["status"], "sent");
    assert_eq!(mails[0]["attempts"], 3, "two 451s, then accepted");
    assert_eq!(mails[0]["last_error"], json!(null));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(sink.messages().len(), 1, "one copy");
}

#[tokio::test]
async fn a_permanent_refusal_is_recorded_and_shown_to_organisers() {
    let sink = SmtpSink::start(&["--reject", "nobody@"]);
    let app = spawn_mailing(BEFORE_DEADLINE, &sink, None).await;
    let organiser = app.organiser().await;
    invite(
        &app,
        &organiser,
        json!({"name": "Nobody", "email": "nobody@example.org"}),
    )
    .await;
    invite(
        &app,
        &organiser,
        json!({"name": "Somebody", "email": "somebody@example.org"}),
    )
    .await;
    let failed = settled_mails(&app, &organiser, "nobody@example.org", 1).await;
    assert_eq!(failed[0]["status"], "failed");
    assert_eq!(failed[0]["attempts"], 1, "a 5xx is not retried");
    let error = failed[0]["last_error"].as_str().unwrap();
    assert!(error.contains("550"), "{error}");
    let sent = settled_mails(&app, &organiser, "somebody@example.org", 1).await;
    assert_eq!(sent[0]["status"], "sent");
    let received = sink.messages();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].recipients, ["somebody@example.org"]);
    // The console shows it next to the person, with a button to send it again.
    let page = app
        .get_as("/organiser", Some(&organiser))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"data-kind="invitation" data-status="failed""#),
        "{page}"
    );
    assert!(page.contains("mailbox unavailable"));
    assert!(page.contains("action-resend"));
    // Sent again once the address is fixed on the mail server's side: a new attempt.
    let id = crate::mail::person(&app, &organiser, "nobody@example.org").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let res = act(&app, &organiser, &id, "resend").await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let mails = settled_mails(&app, &organiser, "nobody@example.org", 2).await;
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[0]["status"], "failed", "the sink still refuses it");
}

#[tokio::test]
async fn a_mail_server_killed_mid_batch_gets_every_mail_exactly_once() {
    let mut sink = SmtpSink::start(&["--delay-ms", "20", "--crash-after", "7"]);
    let app = spawn_mailing(BEFORE_DEADLINE, &sink, None).await;
    let organiser = app.organiser().await;
    let rows: String = (0..30)
        .map(|i| format!("Person {i},p{i}@example.org,Org,Tunisia\n"))
        .collect();
    let res = app
        .request(Method::POST, "/api/v1/invitations.csv", Some(&organiser))
        .header("content-type", "text/csv")
        .body(format!("name,email,organisation,country\n{rows}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    eprintln!(
        "DEBUG {}",
        crate::mail::person(&app, &organiser, "p0@example.org").await
    );
    // It dies as the eighth arrives, with others in flight on their connections.
    assert!(
        sink.exited_within(30),
        "the mail server crashed mid-batch: {} received",
        sink.messages().len()
    );
    assert_eq!(sink.messages().len(), 7);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    sink.restart(&[]);
    let mails = sink.wait_for(30, 60).await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let mails = if mails.len() >= 30 {
        sink.messages()
    } else {
        mails
    };
    assert_eq!(mails.len(), 30, "every mail, none twice");
    let ids: HashSet<&str> = mails.iter().map(|m| m.message_id.as_str()).collect();
    let to: HashSet<&str> = mails.iter().map(|m| m.recipients[0].as_str()).collect();
    assert_eq!((ids.len(), to.len()), (30, 30));
}

#[tokio::test]
async fn mails_still_waiting_when_a_person_is_revoked_are_never_sent() {
    let mut sink = SmtpSink::start(&[]);
    sink.kill();
    let app = spawn_mailing(BEFORE_DEADLINE, &sink, None).await;
    let organiser = app.organiser().await;
    let invited = invite_now(
        &app,
        &organiser,
        json!({"name": "Gone", "email": "gone@example.org"}),
    )
    .await;
    invite_now(
        &app,
        &organiser,
        json!({"name": "Stays", "email": "stays@example.org"}),
    )
    .await;
    // The mail server is down: both invitations wait, retried.
    let waiting =
        crate::mail::person(&app, &organiser, "gone@example.org").await["mails"][0].clone();
    assert!(
        waiting["status"] == "pending" || waiting["status"] == "sending",
        "{waiting}"
    );
    let id = invited["person_id"].as_str().unwrap();
    let res = act(&app, &organiser, &id, "revoke").await;
    assert_eq!(res.status(), StatusCode::OK);
    sink.restart(&[]);
    let sent = settled_mails(&app, &organiser, "stays@example.org", 1).await;
    assert_eq!(sent[0]["status"], "sent");
    let gone = settled_mails(&app, &organiser, "gone@example.org", 1).await;
    assert_eq!(gone[0]["status"], "failed");
    assert!(
        gone[0]["last_error"].as_str().unwrap().contains("not sent"),
        "{}",
        gone[0]
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let received = sink.messages();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].recipients, ["stays@example.org"]);
}
