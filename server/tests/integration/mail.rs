//! Mail through a real SMTP server (aiosmtpd, `common::smtp_sink`), read back with an
//! independent MIME parser: the invitation in the invitee's language with its deadline and
//! single-use link, "registration received", the confirmation with the programme as a calendar
//! (no secret link in it), the decline, resend, and what organisers see.

use crate::common::smtp_sink::{MAIL_FROM, SmtpSink, path_of, spawn_mailing};
use crate::common::{TestApp, spawn_app_at};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Three weeks before the conference, a week before the deadline used here.
pub const BEFORE_DEADLINE: &str = "2024-11-06T10:00:00+01:00";
pub const DEADLINE: &str = "2024-11-20T23:59:00+01:00";

pub async fn set_deadline(app: &TestApp, organiser: &str, deadline: Value) -> Value {
    let res = app
        .request(Method::PATCH, "/api/v1/event", Some(organiser))
        .json(&json!({ "registration_deadline": deadline }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

/// An organiser's step on a person through the API (`confirm`, `decline`, `revoke`, `resend`).
pub async fn act(app: &TestApp, organiser: &str, id: &str, action: &str) -> reqwest::Response {
    let path = format!("/api/v1/people/{id}/{action}");
    app.request(Method::POST, &path, Some(organiser))
        .send()
        .await
        .unwrap()
}

/// Invites, and waits until the invitation mail (if mail is on) was sent or refused: a link
/// used while its mail still waits cancels the mail.
pub async fn invite(app: &TestApp, organiser: &str, body: Value) -> Value {
    let invited = invite_now(app, organiser, body).await;
    let email = invited["email"].as_str().unwrap().to_string();
    for _ in 0..200 {
        let mails = person(app, organiser, &email).await["mails"].clone();
        let settled = |m: &Value| m["status"] == "sent" || m["status"] == "failed";
        if mails.as_array().unwrap().iter().all(settled) {
            return invited;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the invitation to {email} was never sent");
}

/// Invites without waiting for the mail.
pub async fn invite_now(app: &TestApp, organiser: &str, body: Value) -> Value {
    let res = app
        .request(Method::POST, "/api/v1/invitations", Some(organiser))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

pub async fn person(app: &TestApp, organiser: &str, email: &str) -> Value {
    let people: Value = app
        .get_as("/api/v1/people", Some(organiser))
        .await
        .json()
        .await
        .unwrap();
    people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == email)
        .cloned()
        .expect("listed")
}

/// Waits until the person's mails are all sent or failed, and returns them (newest first).
pub async fn settled_mails(
    app: &TestApp,
    organiser: &str,
    email: &str,
    count: usize,
) -> Vec<Value> {
    for _ in 0..100 {
        let mails = person(app, organiser, email).await["mails"]
            .as_array()
            .unwrap()
            .clone();
        if mails.len() >= count
            && mails
                .iter()
                .all(|m| m["status"] == "sent" || m["status"] == "failed")
        {
            return mails;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "{email}'s mails did not settle: {}",
        person(app, organiser, email).await
    );
}

#[tokio::test]
async fn an_arabic_invitation_arrives_whole_and_its_link_opens_the_form_once() {
    let sink = SmtpSink::start(&[]);
    let app = spawn_mailing(BEFORE_DEADLINE, &sink, None).await;
    let organiser = app.organiser().await;
    let settings = set_deadline(&app, &organiser, json!(DEADLINE)).await;
    assert_eq!(settings["registration_deadline"], "2024-11-20T22:59:00Z");
    assert_eq!(settings["registration_reminders"], json!(["7d", "1d"]));
    assert_eq!(
        app.get("/api/v1/event")
            .await
            .json::<Value>()
            .await
            .unwrap(),
        settings
    );

    invite(
        &app,
        &organiser,
        json!({"name": "أمينة بن صالح", "email": "amina@example.org", "lang": "ar"}),
    )
    .await;
    let mails = sink.wait_for(1, 20).await;
    assert_eq!(mails.len(), 1, "one invitation");
    let mail = &mails[0];
    assert_eq!(mail.recipients, ["amina@example.org"]);
    assert!(mail.subject.starts_with("دعوة:"), "{}", mail.subject);
    // The subject and the name travel encoded (RFC 2047), the parser decodes them.
    let raw_subject = &mail.header["subject"];
    assert!(
        raw_subject.to_lowercase().contains("=?utf-8?"),
        "{raw_subject}"
    );
    assert!(
        mail.to.contains("أمينة بن صالح") && mail.to.contains("amina@example.org"),
        "{}",
        mail.to
    );
    assert_eq!(mail.header["auto-submitted"], "auto-generated");
    assert_eq!(mail.header["content-language"], "ar");
    assert!(mail.header["from"].contains("ibmc@icmpd.org") && MAIL_FROM.contains("ibmc@icmpd.org"));
    assert!(mail.header.contains_key("date"));
    assert!(
        mail.message_id.ends_with("@127.0.0.1"),
        "{}",
        mail.message_id
    );
    assert!(mail.raw.to_lowercase().contains("multipart/alternative"));
    // Both parts, Arabic, right to left in HTML; the deadline in venue time.
    assert!(
        mail.html.contains(r#"<html lang="ar" dir="rtl">"#),
        "{}",
        mail.html
    );
    assert!(mail.html.contains("text-align:right"));
    for part in [&mail.text, &mail.html] {
        assert!(part.contains("20 نوفمبر 2024، الساعة 23:59"), "{part}");
        assert!(
            part.contains("23:59") && part.contains("UTC+01:00"),
            "{part}"
        );
        assert!(part.contains("/invite/"), "{part}");
    }
    let link = mail.link("http://127.0.0.1:3000/invite/");
    assert!(link.ends_with("?lang=ar"), "{link}");
    assert!(mail.html.contains(&link.replace('&', "&amp;")));

    // The link opens the form in Arabic, registers once, and is used up.
    let form = app.get_as(&path_of(&link), None).await;
    assert_eq!(form.status(), StatusCode::OK);
    let page = form.text().await.unwrap();
    assert!(page.contains(r#"lang="ar""#) && page.contains(r#"dir="rtl""#));
    assert!(
        page.contains("يُغلق التسجيل في 20 نوفمبر 2024، الساعة 23:59"),
        "the deadline above the form"
    );
    let post = app
        .post_form(
            &path_of(&link).replace("?lang=ar", ""),
            None,
            "full_name=Amina&organisation=Garde&country=Tunisia&preferred_language=fr&consent=yes",
        )
        .await;
    assert_eq!(post.status(), StatusCode::SEE_OTHER);
    let again = app
        .post_form(
            &path_of(&link).replace("?lang=ar", ""),
            None,
            "full_name=Amina",
        )
        .await;
    assert_eq!(again.status(), StatusCode::GONE);

    // "Registration received" follows, in the preferred language she chose (French).
    let mails = sink.wait_for(2, 20).await;
    assert_eq!(mails.len(), 2);
    assert!(
        mails[1].subject.starts_with("Inscription reçue"),
        "{}",
        mails[1].subject
    );
    assert_eq!(mails[1].header["content-language"], "fr");
    assert!(mails[1].html.contains(r#"dir="ltr""#));
    let sent = settled_mails(&app, &organiser, "amina@example.org", 2).await;
    let kinds: Vec<&str> = sent.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["received", "invitation"]);
    assert!(
        sent.iter()
            .all(|m| m["status"] == "sent" && m["attempts"] == 1)
    );
}

#[tokio::test]
async fn a_confirmation_carries_the_programme_without_a_secret_a_decline_says_so_and_resend_repeats()
 {
    let sink = SmtpSink::start(&[]);
    let app = spawn_mailing(BEFORE_DEADLINE, &sink, None).await;
    let organiser = app.organiser().await;
    let invited = invite(
        &app,
        &organiser,
        json!({"name": "Ivan Petrov", "email": "ivan@example.org", "lang": "ru"}),
    )
    .await;
    let link = invited["link"].as_str().unwrap();
    let cookie = app.redeem(link, "full_name=Ivan+Petrov&organisation=FBS&country=Kazakhstan&preferred_language=ru&consent=yes").await;
    let id = invited["person_id"].as_str().unwrap();
    let res = act(&app, &organiser, &id, "confirm").await;
    assert_eq!(res.status(), StatusCode::OK);
    let mails = sink.wait_for(3, 20).await;
    assert_eq!(mails.len(), 3, "invitation, received, confirmed");
    // Mails go out a few at a time: the order they arrive in is not the order written.
    let confirmed = mails
        .iter()
        .find(|m| m.subject.starts_with("Регистрация подтверждена"))
        .expect("the confirmation, in Russian");
    assert!(confirmed.raw.to_lowercase().contains("multipart/mixed"));
    assert!(
        confirmed.text.contains("http://127.0.0.1:3000/?lang=ru"),
        "{}",
        confirmed.text
    );
    assert!(confirmed.text.contains("«Добавить на главный экран»"));
    let [(name, content_type, calendar), (png_name, png_type, _)] =
        confirmed.attachments.as_slice()
    else {
        panic!("two attachments: {:?}", confirmed.attachments);
    };
    // The entry pass as a PNG, read back by an independent QR decoder: the same pass the app
    // shows on /me, and the text says where to find it.
    assert!(
        png_name.ends_with(".png") && png_type == "image/png",
        "{png_name}"
    );
    assert!(confirmed.text.contains("Ваш пропуск приложен к письму"));
    let (_, png) = &confirmed.attachment_bytes[1];
    let from_mail = decode_qr_png(png);
    let pass: Value = app
        .get_as("/api/v1/me/entry-pass", Some(&cookie))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(from_mail, pass["pass"].as_str().unwrap());
    assert!(
        name.ends_with(".ics") && content_type == "text/calendar",
        "{name} {content_type}"
    );
    // An independent iCalendar parser reads every session of the public programme.
    let parsed: icalendar::Calendar = calendar.parse().expect("the attachment parses");
    let events = parsed
        .components
        .iter()
        .filter(|c| c.as_event().is_some())
        .count();
    let public: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    let shown = public["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["cancelled"] != true)
        .count();
    assert_eq!(events, shown);
    // No secret: no feed address, no invitation or sign-in link, nothing of the person.
    for secret in [
        "/calendar/",
        "/invite/",
        "/signin/",
        "ivan@example.org",
        "Ivan Petrov",
    ] {
        assert!(!calendar.contains(secret), "{secret} in the calendar");
    }

    let res = act(&app, &organiser, &id, "decline").await;
    assert_eq!(res.status(), StatusCode::OK);
    let mails = sink.wait_for(4, 20).await;
    assert!(
        mails[3].subject.starts_with("Ваша регистрация"),
        "{}",
        mails[3].subject
    );
    assert!(mails[3].text.contains("Ivan Petrov"));
    // Declining twice mails once.
    act(&app, &organiser, &id, "decline").await;
    let res = act(&app, &organiser, &id, "resend").await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(res.json::<Value>().await.unwrap()["resent"], "declined");
    let mails = sink.wait_for(5, 20).await;
    assert_eq!(mails.len(), 5);
    assert_eq!(mails[4].subject, mails[3].subject);
    assert_ne!(mails[4].message_id, mails[3].message_id);
    let sent = settled_mails(&app, &organiser, "ivan@example.org", 5).await;
    assert_eq!(sent.len(), 5);

    // Revoked: nothing to resend. Unknown person: 404. Delegates: 403.
    act(&app, &organiser, &id, "revoke").await;
    let res = act(&app, &organiser, &id, "resend").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = app
        .request(
            Method::POST,
            "/api/v1/people/nobody/resend",
            Some(&organiser),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_invitee_resent_gets_a_new_link_and_both_work_until_one_is_used() {
    let sink = SmtpSink::start(&[]);
    let app = spawn_mailing(BEFORE_DEADLINE, &sink, None).await;
    let organiser = app.organiser().await;
    let invited = invite(
        &app,
        &organiser,
        json!({"name": "Marie Dupont", "email": "marie@example.org", "lang": "fr"}),
    )
    .await;
    let id = invited["person_id"].as_str().unwrap();
    let res = act(&app, &organiser, &id, "resend").await;
    assert_eq!(res.json::<Value>().await.unwrap()["resent"], "invitation");
    let mails = sink.wait_for(2, 20).await;
    let (first, second) = (
        mails[0].link("http://127.0.0.1:3000/invite/"),
        mails[1].link("http://127.0.0.1:3000/invite/"),
    );
    assert_ne!(first, second);
    assert!(
        mails[1].subject.starts_with("Invitation"),
        "{}",
        mails[1].subject
    );
    for link in [&first, &second] {
        assert_eq!(
            app.get_as(&path_of(link), None).await.status(),
            StatusCode::OK
        );
    }
    app.redeem(
        &path_of(&second).replace("?lang=fr", ""),
        crate::common::people::REGISTRATION,
    )
    .await;
    let used = app.get_as(&path_of(&first), None).await;
    assert_eq!(
        used.status(),
        StatusCode::GONE,
        "the other link is spent with the registration"
    );
}

#[tokio::test]
async fn without_smtp_nothing_is_mailed_and_organisers_are_told() {
    let app = spawn_app_at(BEFORE_DEADLINE).await;
    let organiser = app.organiser().await;
    let invited = invite(
        &app,
        &organiser,
        json!({"name": "A", "email": "a@example.org"}),
    )
    .await;
    assert!(invited["link"].as_str().unwrap().contains("/invite/"));
    assert_eq!(
        person(&app, &organiser, "a@example.org").await["mails"],
        json!([])
    );
    let page = app
        .get_as("/organiser", Some(&organiser))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Mail is not being sent"),
        "the console says so"
    );
    let id = invited["person_id"].as_str().unwrap();
    let res = act(&app, &organiser, &id, "resend").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("COMPANION_SMTP_URL"));
    // An invitation language that is not a working language is refused, naming it.
    let res = app
        .request(Method::POST, "/api/v1/invitations", Some(&organiser))
        .json(&json!({"name": "B", "email": "b@example.org", "lang": "de"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains(r#"lang \"de\""#));
}

#[tokio::test]
async fn the_programme_file_sets_the_deadline_and_a_file_without_one_keeps_it() {
    let app = spawn_app_at(BEFORE_DEADLINE).await;
    let organiser = app.organiser().await;
    let mut file: Value = serde_json::from_str(server::programme::DEMO).unwrap();
    file["event"]["registration_deadline"] = json!("2024-11-20T23:59");
    let (status, preview) = app
        .post_import(Some(&organiser), "", &file.to_string())
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let event: Value = app.get("/api/v1/event").await.json().await.unwrap();
    assert_eq!(
        event["registration_deadline"], "2024-11-20T22:59:00Z",
        "venue time read in Tunis"
    );
    // The same file again changes nothing; without the field, the deadline stays.
    let (_, again) = app
        .post_import(Some(&organiser), "?dry_run=true", &file.to_string())
        .await;
    assert_eq!(again["preview"]["other"], json!([]), "{again}");
    file["event"]["registration_deadline"] = json!("2024-11-22T12:00:00+01:00");
    let (_, moved) = app
        .post_import(Some(&organiser), "?dry_run=true", &file.to_string())
        .await;
    assert_eq!(
        moved["preview"]["other"][0]["field"], "registration_deadline",
        "{moved}"
    );
    file["event"]
        .as_object_mut()
        .unwrap()
        .remove("registration_deadline");
    app.post_import(Some(&organiser), "", &file.to_string())
        .await;
    let event: Value = app.get("/api/v1/event").await.json().await.unwrap();
    assert_eq!(event["registration_deadline"], "2024-11-20T22:59:00Z");
    file["event"]["registration_deadline"] = json!("next Friday");
    let (status, refused) = app
        .post_import(Some(&organiser), "", &file.to_string())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.to_string().contains("event.registration_deadline"),
        "{refused}"
    );
}

/// The text of the QR code in a greyscale PNG (as `qr_png` writes it: filter 0 on every row),
/// decoded by rqrr, not by the code that made it.
fn decode_qr_png(png: &[u8]) -> String {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let (mut at, mut size, mut idat) = (8, (0usize, 0usize), Vec::new());
    while at < png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind = &png[at + 4..at + 8];
        let data = &png[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => {
                let side =
                    |i: usize| u32::from_be_bytes(data[i..i + 4].try_into().unwrap()) as usize;
                size = (side(0), side(4));
                assert_eq!(&data[8..10], &[8, 0], "8-bit greyscale");
            }
            b"IDAT" => idat.extend_from_slice(data),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&idat[..]), &mut raw).unwrap();
    let (w, h) = size;
    assert_eq!(raw.len(), (w + 1) * h);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        let row = y * (w + 1);
        assert_eq!(raw[row], 0, "filter 0");
        raw[row + 1 + x]
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("the QR code decodes").1
}
