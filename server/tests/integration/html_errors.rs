//! The HTML side answers errors as pages: a form or page refused by the access extractors, a
//! form that could not be used, and a page whose data could not be loaded each get a page in
//! the reader's language with the error's status; never JSON, never a page with empty data.

use crate::common::spawn_app;
use reqwest::{Method, StatusCode};

/// The error page's heading in each language, as `app::i18n::errors` words it.
const SIGN_IN: [(&str, &str); 4] = [
    ("en", "Please sign in"),
    ("fr", "Veuillez vous connecter"),
    ("ar", "يرجى تسجيل الدخول"),
    ("ru", "Требуется вход"),
];
const ORGANISERS: [(&str, &str); 4] = [
    ("en", "For organisers only"),
    ("fr", "Réservé aux organisateurs"),
    ("ar", "للمنظمين فقط"),
    ("ru", "Только для организаторов"),
];

/// Asserts an answer is an HTML page in `lang` with `status` and `heading`.
async fn assert_page(
    what: &str,
    response: reqwest::Response,
    status: StatusCode,
    lang: &str,
    heading: &str,
) {
    assert_eq!(response.status(), status, "{what}");
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(kind.starts_with("text/html"), "{what}: {kind}");
    let page = response.text().await.unwrap();
    assert!(
        page.contains(&format!("<html lang=\"{lang}\"")),
        "{what}: not in {lang}"
    );
    assert!(
        page.contains(&format!("<h1>{heading}</h1>")),
        "{what}: no heading {heading:?}"
    );
    assert!(!page.contains("\"error\""), "{what}: JSON in the page");
}

#[tokio::test]
async fn refused_forms_and_pages_answer_a_page_in_the_readers_language() {
    let app = spawn_app().await;
    let invitee = app.signed_in("delegate", "inv@icmpd.org").await;
    let organiser_only: [(Method, &str, &str); 7] = [
        (Method::GET, "/organiser", ""),
        (Method::GET, "/organiser/programme", ""),
        (
            Method::POST,
            "/organiser/invite",
            "name=N&email=n%40icmpd.org",
        ),
        (
            Method::POST,
            "/organiser/invite-csv",
            "csv=name%2Cemail%0AN%2Cn%40icmpd.org",
        ),
        (Method::POST, "/organiser/people/someone/decline", ""),
        (
            Method::POST,
            "/organiser/sessions/d1-opening",
            "room_id=carthage&start=2024-11-27T09%3A30&end=2024-11-27T10%3A15",
        ),
        (
            Method::POST,
            "/organiser/announce",
            "text_en=Hello&audience=everyone",
        ),
    ];
    let signed_in_only: [(Method, &str, &str); 2] = [
        (Method::POST, "/me/device-code", ""),
        (Method::POST, "/schedule/calendar-feed", "action=rotate"),
    ];
    for ((lang, sign_in), (_, organisers)) in SIGN_IN.into_iter().zip(ORGANISERS) {
        for (method, path, body) in organiser_only.iter().chain(&signed_in_only) {
            let form = |cookie: Option<&str>| {
                app.request(method.clone(), path, cookie)
                    .header("accept-language", lang)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body.to_string())
            };
            let what = format!("{method} {path} in {lang}");
            let signed_out = form(None).send().await.unwrap();
            assert_page(&what, signed_out, StatusCode::UNAUTHORIZED, lang, sign_in).await;
            if organiser_only.iter().any(|(_, p, _)| p == path) {
                let refused = form(Some(&invitee)).send().await.unwrap();
                assert_page(&what, refused, StatusCode::FORBIDDEN, lang, organisers).await;
            }
        }
    }
    // The same refusal under /api/v1 stays JSON, for programs.
    let (status, body) = app
        .call(
            Method::GET,
            "/api/v1/people",
            Some(&invitee),
            serde_json::Value::Null,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["status"], 403);
}

#[tokio::test]
async fn a_form_that_cannot_be_used_answers_a_page_with_its_status() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "org@icmpd.org").await;
    let delegate = app.signed_in("delegate", "del@icmpd.org").await;
    let bad_minutes = app
        .request(Method::POST, "/schedule/calendar-feed", Some(&delegate))
        .header("accept-language", "fr")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("action=alarm&alarm_minutes=soon")
        .send()
        .await
        .unwrap();
    let heading = "Cette action n’a pas pu être effectuée";
    assert_page(
        "bad minutes",
        bad_minutes,
        StatusCode::BAD_REQUEST,
        "fr",
        heading,
    )
    .await;
    let unknown_action = app
        .request(
            Method::POST,
            "/organiser/people/someone/nonsense",
            Some(&organiser),
        )
        .header("accept-language", "ru")
        .send()
        .await
        .unwrap();
    let heading = "Страница не найдена";
    assert_page(
        "unknown action",
        unknown_action,
        StatusCode::NOT_FOUND,
        "ru",
        heading,
    )
    .await;
}

#[tokio::test]
async fn a_page_whose_data_cannot_be_loaded_shows_an_error_not_empty_data() {
    let app = spawn_app().await;
    let delegate = app.signed_in("delegate", "del@icmpd.org").await;
    let schedule = app.request(Method::GET, "/schedule", Some(&delegate));
    assert_eq!(schedule.send().await.unwrap().status(), StatusCode::OK);
    // The loader of My schedule reads the calendar feed: take its table away underneath.
    let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
    sqlx::query("DROP TABLE calendar_feeds")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let schedule = app
        .request(Method::GET, "/schedule", Some(&delegate))
        .header("accept-language", "ar")
        .send()
        .await
        .unwrap();
    let heading = "غير متاح حاليًا";
    assert_page(
        "schedule",
        schedule,
        StatusCode::INTERNAL_SERVER_ERROR,
        "ar",
        heading,
    )
    .await;
    // Pages that load nothing from the broken table still work.
    let agenda = app.request(Method::GET, "/", Some(&delegate));
    assert_eq!(agenda.send().await.unwrap().status(), StatusCode::OK);
}
