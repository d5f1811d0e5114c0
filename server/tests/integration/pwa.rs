//! The installable app: manifest, service worker, one build's files, and the offline bundle.

use crate::common::people::REGISTRATION;
use crate::common::{TestApp, spawn_app};
use crate::mail::act;
use chrono::Utc;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use server::store::SessionPatch;

async fn bundle(app: &TestApp, lang: &str, cookie: Option<&str>) -> Value {
    let res = app
        .get_as(&format!("/offline/pages?locale={lang}"), cookie)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn urls(bundle: &Value) -> Vec<String> {
    bundle["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["url"].as_str().unwrap().to_string())
        .collect()
}

fn page<'a>(bundle: &'a Value, url: &str) -> &'a str {
    bundle["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["url"] == url)
        .and_then(|p| p["html"].as_str())
        .unwrap_or_else(|| panic!("no {url} in the bundle"))
}

#[tokio::test]
async fn the_manifest_is_json_of_its_own_type_and_speaks_the_readers_language() {
    let app = spawn_app().await;
    let res = app.get("/manifest.webmanifest?locale=ar").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/manifest+json");
    let ar: Value = res.json().await.unwrap();
    assert_eq!(ar["dir"], "rtl");
    assert_eq!(ar["shortcuts"][0]["name"], "البرنامج");
    // Without ?lang=, the negotiated language (here the cookie) decides; the id never changes.
    let ru: Value = app
        .get_with("/manifest.webmanifest", "cookie", "lang=ru")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ru["lang"], "ru");
    assert_eq!(ru["id"], ar["id"]);
    // Every file the manifest names is there: icons, screenshots, shortcut icons.
    let shortcut_icons = ar["shortcuts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["icons"].as_array().unwrap().iter());
    let files = ar["icons"]
        .as_array()
        .unwrap()
        .iter()
        .chain(ar["screenshots"].as_array().unwrap())
        .chain(shortcut_icons);
    for file in files {
        let src = file["src"].as_str().unwrap();
        assert_eq!(app.get(src).await.status(), StatusCode::OK, "{src}");
    }
}

#[tokio::test]
async fn pages_load_only_their_own_builds_files_which_the_service_worker_keeps() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    let build = res.headers()["x-build"].to_str().unwrap().to_string();
    assert_eq!(build.len(), 16);
    assert_eq!(res.headers()["content-language"], "en");
    let html = res.text().await.unwrap();
    assert!(html.contains(&format!("data-build=\"{build}\"")));
    assert!(html.contains(&format!("/b/{build}/pkg/companion.css")));
    assert!(html.contains(&format!("/b/{build}/pwa.js")));
    assert!(html.contains("rel=\"manifest\" href=\"/manifest.webmanifest?locale=en\""));

    let sw = app.get("/sw.js").await;
    assert_eq!(sw.headers()["cache-control"], "no-cache");
    assert!(
        sw.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let sw = sw.text().await.unwrap();
    assert!(sw.contains(&format!("const BUILD = \"{build}\"")));
    let precache: Vec<String> = sw
        .lines()
        .find_map(|l| l.strip_prefix("const PRECACHE = "))
        .and_then(|l| serde_json::from_str(l.trim_end_matches(';')).ok())
        .expect("a precache list");
    assert!(precache.contains(&format!("/b/{build}/pkg/companion.wasm")));
    for url in &precache {
        let res = app.get(url).await;
        assert_eq!(res.status(), StatusCode::OK, "{url}");
        if url.starts_with("/b/") {
            assert!(
                res.headers()["cache-control"]
                    .to_str()
                    .unwrap()
                    .contains("immutable")
            );
        }
    }
    let other = app.get("/b/0000000000000000/pkg/companion.wasm").await;
    assert_eq!(
        other.status(),
        StatusCode::NOT_FOUND,
        "another build's files are gone"
    );
    let outside = app.get(&format!("/b/{build}/pkg/../../Cargo.toml")).await;
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_offline_bundle_holds_every_page_a_visitor_may_open_and_nothing_private() {
    let app = spawn_app().await;
    let anonymous = bundle(&app, "ar", None).await;
    let listed = urls(&anonymous);
    for url in [
        "/",
        "/?day=2024-11-27",
        "/?day=2024-11-28",
        "/rooms",
        "/about",
        "/schedule",
        "/offline",
    ] {
        assert!(listed.contains(&url.to_string()), "{url} missing");
    }
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    let sessions = agenda["sessions"].as_array().unwrap();
    for s in sessions {
        assert!(listed.contains(&format!("/sessions/{}", s["id"].as_str().unwrap())));
    }
    assert!(
        !listed.contains(&"/sessions/d2-side-heads".to_string()),
        "closed side event"
    );
    assert!(
        !listed.iter().any(|u| u.starts_with("/me")
            || u.starts_with("/organiser")
            || u.starts_with("/signin"))
    );
    let day_two = page(&anonymous, "/?day=2024-11-28");
    assert!(day_two.contains("dir=\"rtl\"") && day_two.contains("lang=\"ar\""));
    assert!(
        anonymous["pages"][0]["csp"]
            .as_str()
            .unwrap()
            .contains("script-src")
    );
    assert_eq!(anonymous["lang"], "ar");

    let bad = app.get_as("/offline/pages?locale=de", None).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_delegates_bundle_has_their_invitations_and_stars_but_not_their_feed_or_unseen_changes() {
    let app = spawn_app().await;
    let link = app
        .invitation_link("delegate", "offline@icmpd.org", &["d2-side-heads"])
        .await;
    let me = app.redeem(&link, REGISTRATION).await;
    let put = app
        .request(
            Method::PUT,
            "/api/v1/me/bookmarks/d1-side-digital",
            Some(&me),
        )
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success());
    let moved = SessionPatch {
        room: Some(Some("hannibal".into())),
        ..Default::default()
    };
    let (_, version) = app
        .store
        .update_session("ibmc-2024", "d1-side-digital", &moved, Utc::now())
        .await
        .unwrap()
        .unwrap();
    app.wait_for_version(version).await;

    let mine = bundle(&app, "en", Some(&me)).await;
    assert_eq!(mine["version"], version);
    assert!(urls(&mine).contains(&"/sessions/d2-side-heads".to_string()));
    let session = page(&mine, "/sessions/d1-side-digital");
    assert!(session.contains("aria-pressed=\"true\""), "the star is on");
    let schedule = page(&mine, "/schedule");
    assert!(
        schedule.contains("data-session=\"d1-side-digital\"")
            || schedule.contains("/sessions/d1-side-digital")
    );
    assert!(
        !schedule.contains("webcal://") && !schedule.contains("/calendar/"),
        "no feed address"
    );
    // Storing pages for offline use is not looking: the change is still news on /schedule.
    let html = app
        .get_as("/schedule", Some(&me))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Changed since you last looked"), "{html}");
}

#[tokio::test]
async fn an_unchanged_bundle_costs_a_304_and_a_new_agenda_version_a_new_one() {
    let app = spawn_app().await;
    let first = app.get_as("/offline/pages?locale=fr", None).await;
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(first.headers()["cache-control"], "private, no-cache");
    let again = app
        .get_with("/offline/pages?locale=fr", "if-none-match", &etag)
        .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let moved = SessionPatch {
        room: Some(Some("elissa".into())),
        ..Default::default()
    };
    let (_, version) = app
        .store
        .update_session("ibmc-2024", "d1-side-tourism", &moved, Utc::now())
        .await
        .unwrap()
        .unwrap();
    app.wait_for_version(version).await;
    let changed = app
        .get_with("/offline/pages?locale=fr", "if-none-match", &etag)
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let head = app
        .request(Method::HEAD, "/api/v1/agenda", None)
        .send()
        .await
        .unwrap();
    assert_eq!(
        head.headers()["x-agenda-version"],
        version.to_string().as_str()
    );
}

#[tokio::test]
async fn the_bundle_keeps_the_entry_pass_for_participants_and_the_door_for_door_staff() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let delegate = app.signed_in("delegate", "pass-offline@icmpd.org").await;
    let door = app.signed_in("door", "door-offline@icmpd.org").await;
    // Registered, not confirmed: /me is kept (it says so), with no pass; no door.
    let waiting = bundle(&app, "en", Some(&delegate)).await;
    assert!(urls(&waiting).contains(&"/me".to_string()));
    assert!(!page(&waiting, "/me").contains("entry-pass"));
    assert!(!urls(&waiting).contains(&"/door".to_string()));
    for email in ["pass-offline@icmpd.org", "door-offline@icmpd.org"] {
        let id = app.person_id(&organiser, email).await;
        assert_eq!(
            act(&app, &organiser, &id, "confirm").await.status(),
            StatusCode::OK
        );
    }
    let mine = bundle(&app, "fr", Some(&delegate)).await;
    let me = page(&mine, "/me");
    assert!(
        me.contains(r#"class="entry-pass""#) && me.contains("<svg"),
        "{me}"
    );
    assert!(
        !urls(&mine).contains(&"/door".to_string()),
        "a delegate has no door"
    );
    // A code for another device is never in the bundle (it exists only after a POST).
    assert!(!me.contains(r#"class="device-code""#), "no sign-in code");
    let staff = bundle(&app, "ar", Some(&door)).await;
    let door_page = page(&staff, "/door");
    assert!(door_page.contains("data-door-page") && door_page.contains("مسموح بالدخول"));
    // Re-issuing the pass changes the bundle: the stored /me shows the new QR.
    let id = app.person_id(&organiser, "pass-offline@icmpd.org").await;
    let res = app
        .request(
            Method::POST,
            &format!("/api/v1/people/{id}/reissue-pass"),
            Some(&organiser),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let after = bundle(&app, "fr", Some(&delegate)).await;
    // (Pages differ by their CSP nonce anyway: the QR itself is compared.)
    let qr = |html: &str| {
        let start = html.find("pass-qr").unwrap();
        html[start..start + html[start..].find("pass-name").unwrap()].to_string()
    };
    assert_ne!(qr(page(&after, "/me")), qr(me), "the new pass's QR");
    assert_eq!(
        qr(page(&bundle(&app, "fr", Some(&delegate)).await, "/me")),
        qr(page(&after, "/me"))
    );
    // Nobody signed in: no /me.
    assert!(!urls(&bundle(&app, "en", None).await).contains(&"/me".to_string()));
}

#[tokio::test]
async fn the_door_s_scripts_stay_off_everyone_else_s_pages_and_install() {
    let app = spawn_app().await;
    // What every phone downloads: the service worker's install list and the agenda page.
    let sw = app.get("/sw.js").await.text().await.unwrap();
    let agenda = app.get("/").await.text().await.unwrap();
    for script in ["door.js", "door-read.js", "jsqr.js"] {
        assert!(
            !sw.contains(script),
            "{script} in the service worker's install list"
        );
        assert!(!agenda.contains(script), "{script} on the agenda");
    }
    // The decoder is served (to the door page) from this build, and is jsQR.
    let build = agenda
        .split("data-build=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let decoder = app.get(&format!("/b/{build}/jsqr.js")).await;
    assert_eq!(decoder.status(), StatusCode::OK);
    assert!(decoder.text().await.unwrap().contains("jsQR"));
}
