//! Every route × every role, with the status each must get, and every refusal in the form its
//! caller reads (JSON under `/api/v1`, a page elsewhere). A route added without a row here is
//! not covered: add it.

use crate::common::spawn_app;
use reqwest::{Method, StatusCode};

/// A whole session, as the editor's form and API send one (what the editor rows post).
const EDITED_SESSION_FORM: &str = "title.en=Registration&kind=other&room_id=terrace&start=2024-11-27T08:30&end=2024-11-27T09:30&chatham_house=true";
const EDITED_SESSION_JSON: &str = r#"{"kind":"other","title":{"en":"Registration"},"room_id":"terrace","start":"2024-11-27T07:30:00Z","end":"2024-11-27T08:30:00Z"}"#;

#[derive(Clone, Copy, Debug)]
enum As {
    Anonymous,
    Invitee,
    Delegate,
    Organiser,
}

#[tokio::test]
async fn every_route_answers_every_role_as_specified() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "org@icmpd.org").await;
    let invitee = app.signed_in("delegate", "inv@icmpd.org").await;
    let delegate = app.signed_in("delegate", "del@icmpd.org").await;
    let delegate_id = app.person_id(&organiser, "del@icmpd.org").await;
    let confirm = app
        .request(
            Method::POST,
            &format!("/api/v1/people/{delegate_id}/confirm"),
            Some(&organiser),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(confirm.status(), StatusCode::OK);
    // A person for the state-changing organiser routes to act on, so no one above is affected.
    app.invitation_link("delegate", "target@icmpd.org", &[])
        .await;
    let target = app.person_id(&organiser, "target@icmpd.org").await;

    use As::*;
    let (ok, created, see_other, unauthorised, forbidden, not_found) = (
        StatusCode::OK,
        StatusCode::CREATED,
        StatusCode::SEE_OTHER,
        StatusCode::UNAUTHORIZED,
        StatusCode::FORBIDDEN,
        StatusCode::NOT_FOUND,
    );
    let organiser_only = [unauthorised, forbidden, forbidden];
    // A document upload (multipart): a title and one small text file.
    let upload = "--X\r\nContent-Disposition: form-data; name=\"title_en\"\r\n\r\nT\r\n--X\r\nContent-Disposition: form-data; name=\"file_en\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--X--\r\n";
    let one_file = "--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--X--\r\n";
    // (method, path, body, [anonymous, invitee, delegate, organiser])
    let rows: Vec<(Method, String, Option<String>, [StatusCode; 4])> = vec![
        (Method::GET, "/".into(), None, [ok; 4]),
        (Method::GET, "/rooms".into(), None, [ok; 4]),
        (Method::GET, "/schedule".into(), None, [ok; 4]),
        (Method::GET, "/about".into(), None, [ok; 4]),
        (Method::GET, "/sessions/d1-opening".into(), None, [ok; 4]),
        (
            Method::GET,
            "/sessions/d2-side-heads".into(),
            None,
            [not_found, not_found, not_found, ok],
        ),
        (Method::GET, "/me".into(), None, [ok; 4]),
        (Method::GET, "/signin".into(), None, [ok; 4]),
        // Mailed sign-in links: the same answer for everyone, whatever the address.
        (
            Method::POST,
            "/signin".into(),
            Some("email=someone%40icmpd.org".into()),
            [ok; 4],
        ),
        (
            Method::GET,
            "/signin/not-a-link".into(),
            None,
            [StatusCode::GONE; 4],
        ),
        (
            Method::POST,
            "/signin/not-a-link".into(),
            None,
            [StatusCode::GONE; 4],
        ),
        (Method::GET, "/api/v1/event".into(), None, [ok; 4]),
        // Entry passes: for confirmed participants (the invitee here is not confirmed yet).
        (
            Method::GET,
            "/api/v1/me/entry-pass".into(),
            None,
            [unauthorised, forbidden, ok, ok],
        ),
        (Method::GET, "/api/v1/entry/jwks".into(), None, [ok; 4]),
        // The door (door staff and organisers; door staff's own rows are in `door.rs`), who came.
        (
            Method::GET,
            "/api/v1/entry/roster".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::GET,
            "/api/v1/attendance.csv".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::GET,
            "/door".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::GET,
            "/organiser/arrivals".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            "/api/v1/checkins".into(),
            Some("[]".into()),
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            format!("/api/v1/people/{target}/reissue-pass"),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::PATCH,
            "/api/v1/event".into(),
            Some(r#"{"registration_deadline":null}"#.into()),
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            format!("/api/v1/people/{target}/extend"),
            Some(r#"{"until":"2024-12-31T23:59:00+01:00"}"#.into()),
            [unauthorised, forbidden, forbidden, StatusCode::NO_CONTENT],
        ),
        (
            Method::POST,
            format!("/organiser/people/{target}/extend"),
            Some("until=2024-12-31T23:59".into()),
            [unauthorised, forbidden, forbidden, ok],
        ),
        // Without an SMTP server there is nothing to resend: said, not pretended.
        (
            Method::POST,
            format!("/api/v1/people/{target}/resend"),
            None,
            [unauthorised, forbidden, forbidden, StatusCode::CONFLICT],
        ),
        (
            Method::POST,
            format!("/organiser/people/{target}/resend"),
            None,
            [
                unauthorised,
                forbidden,
                forbidden,
                StatusCode::UNPROCESSABLE_ENTITY,
            ],
        ),
        (
            Method::POST,
            "/organiser/deadline".into(),
            Some("deadline=2024-11-20T23:59".into()),
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::GET,
            "/organiser".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (Method::GET, "/healthz".into(), None, [ok; 4]),
        (Method::GET, "/offline".into(), None, [ok; 4]),
        (Method::GET, "/sw.js".into(), None, [ok; 4]),
        (Method::GET, "/manifest.webmanifest".into(), None, [ok; 4]),
        (
            Method::GET,
            "/offline/pages?locale=en".into(),
            None,
            [ok; 4],
        ),
        (Method::GET, "/api/v1/agenda".into(), None, [ok; 4]),
        (
            Method::GET,
            "/api/v1/export/schedule.xml".into(),
            None,
            [ok; 4],
        ),
        (
            Method::GET,
            "/api/v1/export/schedule.json".into(),
            None,
            [ok; 4],
        ),
        (
            Method::GET,
            "/api/v1/export/schedule.ics".into(),
            None,
            [ok; 4],
        ),
        (
            Method::GET,
            "/api/v1/me".into(),
            None,
            [unauthorised, ok, ok, ok],
        ),
        (
            Method::GET,
            "/api/v1/people".into(),
            None,
            [organiser_only[0], organiser_only[1], organiser_only[2], ok],
        ),
        (
            Method::GET,
            "/api/v1/people.csv".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            "/api/v1/invitations".into(),
            Some(r#"{"name":"N","email":"EMAIL"}"#.into()),
            [unauthorised, forbidden, forbidden, created],
        ),
        (
            Method::POST,
            "/api/v1/invitations.csv".into(),
            Some("name,email\nN,EMAIL\n".into()),
            [unauthorised, forbidden, forbidden, created],
        ),
        (
            Method::POST,
            format!("/api/v1/people/{target}/confirm"),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            format!("/api/v1/people/{target}/nonsense"),
            None,
            [unauthorised, forbidden, forbidden, not_found],
        ),
        (
            Method::POST,
            "/organiser/invite".into(),
            Some("name=N&email=EMAIL".into()),
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            "/organiser/invite-csv".into(),
            Some("csv=name%2Cemail%0AN%2CEMAIL".into()),
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            format!("/organiser/people/{target}/decline"),
            None,
            [unauthorised, forbidden, forbidden, see_other],
        ),
        (
            Method::POST,
            "/me/device-code".into(),
            None,
            [unauthorised, ok, ok, ok],
        ),
        (
            Method::GET,
            "/api/v1/me/bookmarks".into(),
            None,
            [unauthorised, ok, ok, ok],
        ),
        (
            Method::PUT,
            "/api/v1/me/bookmarks/d1-opening".into(),
            None,
            [unauthorised, ok, ok, ok],
        ),
        (
            Method::PUT,
            "/api/v1/me/bookmarks/d2-side-heads".into(),
            None,
            [unauthorised, not_found, not_found, ok],
        ),
        (
            Method::DELETE,
            "/api/v1/me/bookmarks/d1-opening".into(),
            None,
            [unauthorised, ok, ok, ok],
        ),
        (
            Method::GET,
            "/api/v1/me/schedule.ics".into(),
            None,
            [unauthorised, ok, ok, ok],
        ),
        (
            Method::GET,
            "/api/v1/me/calendar-feed".into(),
            None,
            [unauthorised, ok, ok, ok],
        ),
        (
            Method::POST,
            "/api/v1/me/calendar-feed".into(),
            None,
            [unauthorised, ok, ok, ok],
        ),
        (
            Method::PATCH,
            "/api/v1/me/calendar-feed".into(),
            Some(r#"{"alarm_minutes":5}"#.into()),
            [unauthorised, ok, ok, ok],
        ),
        (
            Method::GET,
            "/api/v1/sessions/d1-opening/ics".into(),
            None,
            [ok; 4],
        ),
        (
            Method::GET,
            "/api/v1/sessions/d2-side-heads/ics".into(),
            None,
            [not_found, not_found, not_found, ok],
        ),
        (
            Method::GET,
            "/calendar/unknown.ics".into(),
            None,
            [not_found; 4],
        ),
        (
            Method::POST,
            "/schedule/calendar-feed".into(),
            Some("action=alarm&alarm_minutes=10".into()),
            [unauthorised, see_other, see_other, see_other],
        ),
        (
            Method::DELETE,
            format!("/api/v1/people/{target}"),
            None,
            [unauthorised, forbidden, forbidden, StatusCode::NO_CONTENT],
        ),
        (
            Method::GET,
            "/organiser/programme".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::GET,
            "/organiser/changes".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::GET,
            "/organiser/import".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            "/organiser/import".into(),
            Some("action=preview".into()),
            // Not the multipart form a browser sends: refused as unreadable, as a page.
            [unauthorised, forbidden, forbidden, StatusCode::BAD_REQUEST],
        ),
        (
            Method::POST,
            "/organiser/sessions/d1-opening".into(),
            Some("room_id=carthage&start=2024-11-27T09:30&end=2024-11-27T10:15".into()),
            [unauthorised, forbidden, forbidden, see_other],
        ),
        (
            Method::POST,
            "/organiser/announce".into(),
            Some("text_en=Hello&audience=everyone&action=preview".into()),
            [unauthorised, forbidden, forbidden, ok],
        ),
        (Method::GET, "/api/v1/push/key".into(), None, [ok; 4]),
        (
            Method::GET,
            "/api/v1/me/push-subscriptions".into(),
            None,
            [unauthorised, ok, ok, ok],
        ),
        (
            Method::DELETE,
            "/api/v1/me/push-subscriptions".into(),
            Some(r#"{"endpoint":"https://fcm.googleapis.com/fcm/send/none"}"#.into()),
            [unauthorised, not_found, not_found, not_found],
        ),
        (
            Method::PATCH,
            "/api/v1/sessions/d1-opening".into(),
            Some(r#"{"cancelled":false}"#.into()),
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            "/api/v1/import?dry_run=true".into(),
            Some(server::programme::DEMO.into()),
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            "/api/v1/announcements".into(),
            Some(r#"{"texts":{"en":"Hello"},"audience":"everyone"}"#.into()),
            [unauthorised, forbidden, forbidden, created],
        ),
        (
            Method::GET,
            "/api/v1/notifications/unknown".into(),
            None,
            [unauthorised, forbidden, forbidden, not_found],
        ),
        (Method::GET, "/api/v1/documents".into(), None, [ok; 4]),
        (
            Method::POST,
            "/api/v1/documents".into(),
            Some(upload.into()),
            [unauthorised, forbidden, forbidden, created],
        ),
        (
            Method::DELETE,
            "/api/v1/documents/unknown".into(),
            None,
            [unauthorised, forbidden, forbidden, not_found],
        ),
        (
            Method::PUT,
            "/api/v1/documents/unknown/files/en".into(),
            Some(one_file.into()),
            [unauthorised, forbidden, forbidden, not_found],
        ),
        (
            Method::DELETE,
            "/api/v1/documents/unknown/files/en".into(),
            None,
            [unauthorised, forbidden, forbidden, not_found],
        ),
        (
            Method::GET,
            "/documents/unknown/en".into(),
            None,
            [not_found; 4],
        ),
        (
            Method::GET,
            "/organiser/documents".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            "/organiser/documents".into(),
            Some(upload.into()),
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            "/organiser/documents/unknown/delete".into(),
            None,
            [unauthorised, forbidden, forbidden, not_found],
        ),
        (
            Method::POST,
            "/organiser/documents/unknown/files/en".into(),
            Some(one_file.into()),
            [unauthorised, forbidden, forbidden, not_found],
        ),
        (
            Method::POST,
            "/organiser/documents/unknown/files/en/remove".into(),
            None,
            [unauthorised, forbidden, forbidden, not_found],
        ),
        (
            Method::GET,
            "/organiser/programme/new".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::GET,
            "/organiser/programme/sessions/d1-opening".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::GET,
            "/organiser/programme/new-room".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::GET,
            "/organiser/programme/rooms/elissa".into(),
            None,
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            "/organiser/programme/new".into(),
            Some(EDITED_SESSION_FORM.into()),
            [unauthorised, forbidden, forbidden, see_other],
        ),
        (
            Method::POST,
            "/organiser/programme/sessions/d1-registration".into(),
            Some(EDITED_SESSION_FORM.into()),
            [unauthorised, forbidden, forbidden, see_other],
        ),
        (
            Method::POST,
            "/organiser/programme/new-room".into(),
            Some("name.en=Dido+Room".into()),
            [unauthorised, forbidden, forbidden, see_other],
        ),
        (
            Method::POST,
            "/organiser/programme/rooms/elissa".into(),
            Some("name.en=Elissa+Room&capacity=120".into()),
            [unauthorised, forbidden, forbidden, see_other],
        ),
        (
            Method::POST,
            "/api/v1/sessions".into(),
            Some(EDITED_SESSION_JSON.into()),
            [unauthorised, forbidden, forbidden, created],
        ),
        (
            Method::PUT,
            "/api/v1/sessions/d1-registration".into(),
            Some(EDITED_SESSION_JSON.into()),
            [unauthorised, forbidden, forbidden, ok],
        ),
        (
            Method::POST,
            "/api/v1/rooms".into(),
            Some(r#"{"name":{"en":"Dido Room"}}"#.into()),
            [unauthorised, forbidden, forbidden, created],
        ),
        (
            Method::PUT,
            "/api/v1/rooms/elissa".into(),
            Some(r#"{"name":{"en":"Elissa Room"},"capacity":120}"#.into()),
            [unauthorised, forbidden, forbidden, ok],
        ),
        (Method::POST, "/auth/sign-out".into(), None, [see_other; 4]),
    ];
    let mut failures = Vec::new();
    for (n, (method, path, body, expected)) in rows.iter().enumerate() {
        for (who, cookie, want) in [
            (Anonymous, None, expected[0]),
            (Invitee, Some(&invitee), expected[1]),
            (Delegate, Some(&delegate), expected[2]),
            (Organiser, Some(&organiser), expected[3]),
        ] {
            let mut req = app.request(method.clone(), path, cookie.map(String::as_str));
            if let Some(body) = body {
                let body =
                    body.replace("EMAIL", &format!("row{n}-{who:?}@icmpd.org").to_lowercase());
                let kind = if body.starts_with('{') || body.starts_with('[') {
                    "application/json"
                } else if body.starts_with("--X") {
                    "multipart/form-data; boundary=X"
                } else if path.ends_with(".csv") {
                    "text/csv"
                } else {
                    "application/x-www-form-urlencoded"
                };
                req = req.header("content-type", kind).body(body);
            }
            let response = req.send().await.unwrap();
            let got = response.status();
            if got != want {
                failures.push(format!(
                    "{method} {path} as {who:?}: got {got}, want {want}"
                ));
            }
            // A refusal speaks the caller's language: JSON to programs under /api/v1, a page
            // to a person everywhere else (pages and forms alike).
            if got == unauthorised || got == forbidden {
                let kind = response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .to_string();
                let want_kind = match path.starts_with("/api/v1/") {
                    true => "application/json",
                    false => "text/html",
                };
                if !kind.starts_with(want_kind) {
                    failures.push(format!(
                        "{method} {path} as {who:?}: a {got} as {kind}, want {want_kind}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
