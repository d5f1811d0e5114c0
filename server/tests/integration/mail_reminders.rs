//! The registration deadline and its reminders, driven by the conference clock
//! (`COMPANION_NOW`) across restarts on one database: exactly the invitees who have not
//! registered get each reminder once; after the deadline the form is closed (410) in the
//! invitee's language, unless an organiser gave them more time.

use crate::common::smtp_sink::{Received, SmtpSink, path_of, spawn_mailing};
use crate::mail::{DEADLINE, act, invite, set_deadline};
use reqwest::{Method, StatusCode};
use serde_json::json;

fn to<'a>(mails: &'a [Received], address: &str) -> Vec<&'a Received> {
    mails.iter().filter(|m| m.recipients == [address]).collect()
}

/// What the sink holds once nothing more arrives for a while.
async fn quiet(sink: &SmtpSink, expected: usize) -> Vec<Received> {
    let mails = sink.wait_for(expected, 20).await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let later = sink.messages();
    let subjects: Vec<_> = later
        .iter()
        .map(|m| (m.recipients[0].clone(), m.subject.clone()))
        .collect();
    assert_eq!(
        later.len(),
        mails.len(),
        "nothing more arrives: {subjects:?}"
    );
    later
}

#[tokio::test]
async fn reminders_go_once_to_exactly_the_invitees_who_have_not_registered() {
    let sink = SmtpSink::start(&[]);
    let app = spawn_mailing("2024-11-10T12:00:00+01:00", &sink, None).await;
    let organiser = app.organiser().await;
    set_deadline(&app, &organiser, json!(DEADLINE)).await;
    invite(
        &app,
        &organiser,
        json!({"name": "Anne", "email": "anne@example.org", "lang": "fr"}),
    )
    .await;
    let b = invite(
        &app,
        &organiser,
        json!({"name": "Bea", "email": "bea@example.org"}),
    )
    .await;
    let c = invite(
        &app,
        &organiser,
        json!({"name": "Cem", "email": "cem@example.org"}),
    )
    .await;
    invite(
        &app,
        &organiser,
        json!({"name": "Org", "email": "org@example.org", "role": "organiser"}),
    )
    .await;
    // The four invitations go out before anyone acts on them (a link used or withdrawn
    // while its mail still waits cancels the mail).
    quiet(&sink, 4).await;
    app.redeem(
        b["link"].as_str().unwrap(),
        crate::common::people::REGISTRATION,
    )
    .await;
    let c_id = c["person_id"].as_str().unwrap();
    act(&app, &organiser, &c_id, "revoke").await;
    let mails = quiet(&sink, 5).await;
    assert_eq!(
        mails.len(),
        5,
        "four invitations and Bea's registration received"
    );

    // Six and a half days before the deadline: the seven-day reminder, to Anne only.
    let (url, _dir) = app.stop_keeping_database().await;
    let app = spawn_mailing("2024-11-14T12:00:00+01:00", &sink, Some(url)).await;
    let mails = quiet(&sink, 6).await;
    let anne = to(&mails, "anne@example.org");
    assert_eq!(anne.len(), 2);
    assert!(anne[1].subject.starts_with("Rappel"), "{}", anne[1].subject);
    assert!(
        anne[1].text.contains("20 novembre 2024 à 23:59"),
        "{}",
        anne[1].text
    );
    let reminder_link = anne[1].link("http://127.0.0.1:3000/invite/");

    // An hour later (a restart): nothing again.
    let (url, _dir2) = app.stop_keeping_database().await;
    let app = spawn_mailing("2024-11-14T13:00:00+01:00", &sink, Some(url)).await;
    let mails = quiet(&sink, 6).await;
    let subjects: Vec<_> = mails
        .iter()
        .map(|m| (m.recipients[0].clone(), m.subject.clone()))
        .collect();
    assert_eq!(mails.len(), 6, "{subjects:?}");

    // Twelve hours before: the one-day reminder. Someone invited now gets no reminder for a
    // time that passed before they were invited.
    let (url, _dir3) = app.stop_keeping_database().await;
    let app = spawn_mailing("2024-11-20T12:00:00+01:00", &sink, Some(url)).await;
    let mails = quiet(&sink, 7).await;
    assert_eq!(to(&mails, "anne@example.org").len(), 3);
    invite(
        &app,
        &organiser,
        json!({"name": "Eli", "email": "eli@example.org"}),
    )
    .await;
    let mails = quiet(&sink, 8).await;
    assert_eq!(mails.len(), 8);
    assert_eq!(to(&mails, "eli@example.org").len(), 1);
    for nobody in ["bea@example.org", "cem@example.org", "org@example.org"] {
        assert_eq!(
            to(&mails, nobody)
                .iter()
                .filter(|m| m.subject.contains("Reminder"))
                .count(),
            0
        );
    }
    assert_eq!(
        app.get_as(&path_of(&reminder_link), None).await.status(),
        StatusCode::OK
    );

    // After the deadline: the link shows the closed page in Anne's language; no reminders.
    let (url, _dir4) = app.stop_keeping_database().await;
    let app = spawn_mailing("2024-11-21T09:00:00+01:00", &sink, Some(url)).await;
    let closed = app.get_as(&path_of(&reminder_link), None).await;
    assert_eq!(closed.status(), StatusCode::GONE);
    let page = closed.text().await.unwrap();
    assert!(page.contains("Les inscriptions sont closes"), "{page}");
    assert!(page.contains("20 novembre 2024 à 23:59"));
    let form = app
        .post_form(
            &path_of(&reminder_link).replace("?lang=fr", ""),
            None,
            crate::common::people::REGISTRATION,
        )
        .await;
    assert_eq!(
        form.status(),
        StatusCode::GONE,
        "no registering after the deadline either"
    );
    assert_eq!(quiet(&sink, 8).await.len(), 8);

    // Sending the old invitation again would mail a link that cannot be used: refused.
    let anne_id = crate::mail::person(&app, &organiser, "anne@example.org").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let res = act(&app, &organiser, &anne_id, "resend").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    // More time for Anne: a new link with her own deadline, and the form opens again.
    let res = app
        .request(
            Method::POST,
            &format!("/api/v1/people/{anne_id}/extend"),
            Some(&organiser),
        )
        .json(&json!({"until": "2024-11-25T23:59:00+01:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let past = app
        .request(
            Method::POST,
            &format!("/api/v1/people/{anne_id}/extend"),
            Some(&organiser),
        )
        .json(&json!({"until": "2024-11-21T08:00:00+01:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        past.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a deadline in the past"
    );
    let mails = quiet(&sink, 9).await;
    let anne = to(&mails, "anne@example.org");
    assert!(
        anne[3].text.contains("25 novembre 2024 à 23:59"),
        "{}",
        anne[3].text
    );
    let link = anne[3].link("http://127.0.0.1:3000/invite/");
    assert_eq!(
        app.get_as(&path_of(&link), None).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get_as(&path_of(&reminder_link), None).await.status(),
        StatusCode::OK
    );
    let bea_id = b["person_id"].as_str().unwrap();
    let res = app
        .request(
            Method::POST,
            &format!("/api/v1/people/{bea_id}/extend"),
            Some(&organiser),
        )
        .json(&json!({"until": "2024-11-25T23:59:00+01:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT, "Bea has registered");
}
