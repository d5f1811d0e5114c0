//! The programme editor's pages and forms: a session created in French and Arabic that
//! delegates read in their language, a refused form that comes back in the organiser's language
//! with what was typed, the room form, and the day plan's seats against interest with its
//! one-click move.

use crate::common::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::Value;

fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

const NEW_SESSION: &[(&str, &str)] = &[
    ("title.en", "Regional cooperation"),
    ("title.fr", "Coopération régionale"),
    ("title.ar", "التعاون الإقليمي"),
    ("title.ru", ""),
    ("description.en", "Who works with whom."),
    ("kind", "side_event"),
    ("theme", "governance"),
    ("room_id", "sidi-bou-said"),
    ("start", "2024-11-28T16:30"),
    ("end", "2024-11-28T17:30"),
    ("floor_language", "fr"),
    ("interpretation", "ar"),
    ("channel.ar", "3"),
    ("chatham_house", "true"),
    ("moderators", "Sami Ben Ali"),
];

async fn page(app: &TestApp, path: &str, cookie: Option<&str>, lang: &str) -> (StatusCode, String) {
    let res = app
        .request(Method::GET, path, cookie)
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

#[tokio::test]
async fn a_session_written_in_french_and_arabic_reaches_delegates_in_their_language() {
    let app = crate::common::spawn_app().await;
    let organiser = app.organiser().await;
    let delegate = app.signed_in("delegate", "d@icmpd.org").await;
    let to = saved(
        &app,
        "/organiser/programme/new",
        Some(&organiser),
        &form(NEW_SESSION),
    )
    .await;
    assert_eq!(
        to,
        "/organiser/programme?day=2024-11-28#session-regional-cooperation"
    );
    let path = "/sessions/regional-cooperation";
    let (status, fr) = page(&app, path, Some(&delegate), "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(fr.contains("Coopération régionale"));
    let (_, ar) = page(&app, path, Some(&delegate), "ar").await;
    assert!(ar.contains("التعاون الإقليمي"));
    assert!(!ar.contains("Sami Ben Ali"), "Chatham House: nobody named");
    // Russian was left empty: a Russian reader gets the English title.
    let (_, ru) = page(&app, path, Some(&delegate), "ru").await;
    assert!(ru.contains("Regional cooperation"));
    let (_, day) = page(&app, "/?day=2024-11-28", None, "fr").await;
    assert!(
        day.contains("Coopération régionale"),
        "on the agenda, for everyone"
    );

    // The editor shows it again: the missing language said as such, Arabic right to left.
    let (status, editor) = page(
        &app,
        "/organiser/programme/sessions/regional-cooperation",
        Some(&organiser),
        "en",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        editor.contains(r#"data-missing="title.ru""#),
        "Russian is missing"
    );
    assert!(editor.contains(r#"data-missing="description.fr""#));
    assert!(!editor.contains(r#"data-missing="title.fr""#));
    assert!(
        editor.contains(r#"name="title.ar" value="التعاون الإقليمي" dir="rtl""#),
        "{editor}"
    );
    assert!(editor.contains("Times in venue time"));
}

#[tokio::test]
async fn a_refused_form_comes_back_in_the_organisers_language_with_what_was_typed() {
    let app = crate::common::spawn_app().await;
    let organiser = app.organiser().await;
    let mut typed: Vec<(&str, &str)> = NEW_SESSION.to_vec();
    typed[0] = ("title.en", "");
    typed[8] = ("start", "2024-11-28T17:30");
    typed[9] = ("end", "2024-11-28T16:30");
    typed.push(("room_id", "attic"));
    typed.remove(7);
    for (lang, required, before, banner) in [
        (
            "fr",
            "Obligatoire.",
            "Doit être après le début.",
            "Certains champs sont à corriger",
        ),
        (
            "ar",
            "حقل إلزامي.",
            "يجب أن يكون بعد البداية.",
            "بعض الحقول تحتاج إلى تصحيح",
        ),
        (
            "ru",
            "Обязательное поле.",
            "Должно быть позже начала.",
            "Некоторые поля нужно исправить",
        ),
    ] {
        let res = app
            .form_request("/organiser/programme/new", Some(&organiser), &form(&typed))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        for said in [required, before, banner, lang_unknown(lang)] {
            assert!(html.contains(said), "{lang}: {said}");
        }
        for kept in [
            "Coopération régionale",
            "التعاون الإقليمي",
            "2024-11-28T17:30",
            "Sami Ben Ali",
            "Who works with whom.",
        ] {
            assert!(html.contains(kept), "{lang}: {kept} lost");
        }
    }
    // Nothing was stored.
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    assert!(
        agenda["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["title"]["fr"] != "Coopération régionale")
    );
    // A time that is not one is named too.
    let mut bad_time = NEW_SESSION.to_vec();
    bad_time[8] = ("start", "tomorrow at nine");
    let res = app
        .form_request(
            "/organiser/programme/new",
            Some(&organiser),
            &form(&bad_time),
        )
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Saisissez une date et une heure") && html.contains("tomorrow at nine"));
}

fn lang_unknown(lang: &str) -> &'static str {
    match lang {
        "fr" => "Ne fait pas partie des choix proposés.",
        "ar" => "ليست من الخيارات المتاحة.",
        _ => "Нет среди предложенных вариантов.",
    }
}

#[tokio::test]
async fn the_room_form_edits_a_room_and_keeps_what_was_typed_when_refused() {
    let app = crate::common::spawn_app().await;
    let organiser = app.organiser().await;
    let (status, html) = page(
        &app,
        "/organiser/programme/rooms/hannibal",
        Some(&organiser),
        "en",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"value="Hannibal Room""#));
    let room = [
        ("name.en", "Hannibal Hall"),
        ("name.fr", "Salle Hannibal"),
        ("name.ar", "قاعة حنبعل"),
        ("floor.en", "First floor"),
        ("capacity", "many"),
        ("directions.en", "Up the stairs."),
    ];
    let res = app
        .form_request(
            "/organiser/programme/rooms/hannibal",
            Some(&organiser),
            &form(&room),
        )
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Valeur non valide.") && html.contains(r#"value="many""#));
    assert!(html.contains("قاعة حنبعل"));
    let mut room = room.to_vec();
    room[4] = ("capacity", "90");
    saved(
        &app,
        "/organiser/programme/rooms/hannibal",
        Some(&organiser),
        &form(&room),
    )
    .await;
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    let hannibal = agenda["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "hannibal")
        .unwrap()
        .clone();
    assert_eq!(
        (
            hannibal["capacity"].as_u64(),
            hannibal["name"]["en"].as_str()
        ),
        (Some(90), Some("Hannibal Hall"))
    );
    let to = saved(
        &app,
        "/organiser/programme/new-room",
        Some(&organiser),
        "name.en=Dido+Room&capacity=40",
    )
    .await;
    assert_eq!(to, "/organiser/programme#room-dido-room");
}

#[tokio::test]
async fn the_day_plan_says_where_bookmarks_outgrow_a_room_and_moves_it_in_one_click() {
    let app = crate::common::spawn_app().await;
    let organiser = app.organiser().await;
    // Hannibal shrinks to 5 seats; 5 delegates bookmarked the session held there.
    let shrink = "name.en=Hannibal+Room&capacity=5";
    saved(
        &app,
        "/organiser/programme/rooms/hannibal",
        Some(&organiser),
        shrink,
    )
    .await;
    for n in 0..5 {
        let fan = app
            .signed_in("delegate", &format!("fan{n}@icmpd.org"))
            .await;
        let res = app
            .request(
                Method::PUT,
                "/api/v1/me/bookmarks/d1-side-tourism",
                Some(&fan),
            )
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
    }
    let (status, plan) = page(
        &app,
        "/organiser/programme?day=2024-11-27",
        Some(&organiser),
        "en",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        plan.contains("Hannibal Room: 5 seats, 5 bookmarked"),
        "{plan}"
    );
    // The smallest free room that holds them: Sidi Bou Said (Elissa is taken at that time).
    assert!(plan.contains(r#"data-suggested="sidi-bou-said""#));
    assert!(plan.contains("Move to Sidi Bou Said Room (50 seats)"));
    let (_, fr) = page(
        &app,
        "/organiser/programme?day=2024-11-27",
        Some(&organiser),
        "fr",
    )
    .await;
    assert!(fr.contains("5 places, 5 favoris"));
    // The move goes through the ordinary change path: the change log says so.
    let moved = "room_id=sidi-bou-said&start=2024-11-27T14:30&end=2024-11-27T16:00";
    saved(
        &app,
        "/organiser/sessions/d1-side-tourism",
        Some(&organiser),
        moved,
    )
    .await;
    let (_, plan) = page(
        &app,
        "/organiser/programme?day=2024-11-27",
        Some(&organiser),
        "en",
    )
    .await;
    assert!(
        !plan.contains("Hannibal Room: 5 seats"),
        "moved: no longer crowded"
    );
    let (_, log) = page(&app, "/organiser/changes", Some(&organiser), "en").await;
    assert!(log.contains("Hannibal Room → Sidi Bou Said Room"), "{log}");
}

#[tokio::test]
async fn the_day_plan_marks_overlaps_in_a_room_and_sessions_without_one() {
    let app = crate::common::spawn_app().await;
    let organiser = app.organiser().await;
    let overlap = "room_id=carthage&start=2024-11-28T09:30&end=2024-11-28T10:30";
    saved(
        &app,
        "/organiser/sessions/d2-side-rights",
        Some(&organiser),
        overlap,
    )
    .await;
    let roomless = "room_id=&start=2024-11-28T10:45&end=2024-11-28T12:15";
    saved(
        &app,
        "/organiser/sessions/d2-side-narratives",
        Some(&organiser),
        roomless,
    )
    .await;
    let (_, plan) = page(
        &app,
        "/organiser/programme?day=2024-11-28",
        Some(&organiser),
        "en",
    )
    .await;
    // The timeline marks the cell the two share; the list marks each of them.
    assert!(tag_with(&plan, r#"class="grid-block overlap""#).contains("rowspan"));
    let list = &plan[plan.find("day-list").unwrap()..];
    for id in ["d2-side-rights", "d2-communication"] {
        let tag = tag_with(list, &format!(r#"data-session="{id}""#));
        assert!(tag.contains("overlap"), "{id} marked: {tag}");
    }
    let tag = tag_with(list, r#"data-session="d2-side-narratives""#);
    assert!(!tag.contains("overlap"), "{tag}");
    assert!(plan.contains(r#"id="room-none""#) && plan.contains("Without a room"));
    assert!(plan.contains(r#"aria-current="date" "#) || plan.contains(r#"aria-current="date">"#));
    assert!(plan.contains("day-grid"), "the timeline for wide screens");
}

/// Posts a form that must be accepted (303); where it leads.
async fn saved(app: &TestApp, path: &str, cookie: Option<&str>, body: &str) -> String {
    let res = app.post_form(path, cookie, body).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
    res.headers()["location"].to_str().unwrap().to_string()
}

/// The whole opening tag that carries `attribute`.
fn tag_with<'a>(html: &'a str, attribute: &str) -> &'a str {
    let at = html.find(attribute).unwrap();
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}
