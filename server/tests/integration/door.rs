//! The door: the door-staff role, the roster staff devices keep offline, look-up by name,
//! scans a device let in offline that the server refuses on sync, the organisers' arrivals and
//! attendance export, and rotating the keys passes are signed with.

use crate::common::{TestApp, spawn_app};
use crate::entry_pass::{check_in, results_of};
use crate::mail::act;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn pass_of(app: &TestApp, cookie: &str) -> String {
    let pass: Value = app
        .get_as("/api/v1/me/entry-pass", Some(cookie))
        .await
        .json()
        .await
        .unwrap();
    pass["pass"].as_str().expect("a pass").to_string()
}

/// A confirmed person signed in with `role`; their cookie and id.
async fn confirmed(app: &TestApp, organiser: &str, role: &str, email: &str) -> (String, String) {
    let cookie = app.signed_in(role, email).await;
    let id = app.person_id(organiser, email).await;
    assert_eq!(
        act(app, organiser, &id, "confirm").await.status(),
        StatusCode::OK
    );
    (cookie, id)
}

fn sub_of(pass: &str) -> String {
    use base64::Engine;
    let body = pass.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(body)
            .unwrap(),
    )
    .unwrap();
    claims["sub"].as_str().unwrap().to_string()
}

const MORNING: &str = "2024-11-27T08:30:00+01:00";

#[tokio::test]
async fn door_staff_hold_the_roster_and_scan_while_delegates_cannot() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let (door, _) = confirmed(&app, &organiser, "door", "gate@icmpd.org").await;
    let (amina, _) = confirmed(&app, &organiser, "delegate", "amina@icmpd.org").await;
    // Confirmed, never opened the pass: still on the roster, to be found by name.
    let (karim, _) = confirmed(&app, &organiser, "delegate", "karim@icmpd.org").await;
    let (olga, olga_id) = confirmed(&app, &organiser, "delegate", "olga@icmpd.org").await;
    let amina_pass = pass_of(&app, &amina).await;
    let olga_pass = pass_of(&app, &olga).await;
    act(&app, &organiser, &olga_id, "revoke").await;

    // The role: shown on /me, a Door tab, the door page; the organiser pages stay closed.
    let me = app.get_as("/me", Some(&door)).await.text().await.unwrap();
    assert!(
        me.contains("Door staff") && me.contains(r#"href="/door""#),
        "{me}"
    );
    let page = app.get_as("/door", Some(&door)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(
        page.contains("Door check") && page.contains("/door.js"),
        "{page}"
    );
    assert!(page.contains(r#""time_zone":"Africa/Tunis""#));
    assert!(
        !page.contains("jsqr.js\""),
        "the decoder is loaded by door.js, only if needed"
    );
    let french = app
        .get_with("/door?lang=fr", "cookie", &door)
        .await
        .text()
        .await
        .unwrap();
    assert!(french.contains("ENTRÉE AUTORISÉE") && french.contains("DÉJÀ UTILISÉ"));
    let arabic = app
        .get_with("/door?lang=ar", "cookie", &door)
        .await
        .text()
        .await
        .unwrap();
    assert!(arabic.contains(r#"dir="rtl""#) && arabic.contains("مسموح بالدخول"));
    for (path, status) in [("/organiser", 403), ("/organiser/arrivals", 403)] {
        assert_eq!(
            app.get_as(path, Some(&door)).await.status().as_u16(),
            status,
            "{path}"
        );
    }
    assert_eq!(
        app.get_as("/door", Some(&amina)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_as("/door", None).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // The roster: staff only, never stored by a cache.
    assert_eq!(
        app.get_as("/api/v1/entry/roster", Some(&amina))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_as("/api/v1/entry/roster", None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = app.get_as("/api/v1/entry/roster", Some(&door)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let roster: Value = res.json().await.unwrap();
    let jwks: Value = app.get("/api/v1/entry/jwks").await.json().await.unwrap();
    assert_eq!(roster["keys"], jwks);
    assert_eq!(roster["event"], "ibmc-2024");
    assert_eq!(roster["issuer"], "http://127.0.0.1:3000");
    let passes = roster["passes"].as_array().unwrap();
    let find = |sub: &str| passes.iter().find(|p| p["pass_id"] == sub).cloned();
    let amina_entry = find(&sub_of(&amina_pass)).expect("Amina's pass");
    assert_eq!(amina_entry["status"], "confirmed");
    assert_eq!(amina_entry["version"], 1);
    assert_eq!(amina_entry["name"], "X", "the registration's name");
    let olga_entry = find(&sub_of(&olga_pass)).expect("Olga's pass");
    assert_eq!(
        (
            olga_entry["status"].as_str(),
            olga_entry["version"].as_i64()
        ),
        (Some("revoked"), Some(2))
    );
    // Who was uninvited is not the door's business: no name, no organisation.
    assert_eq!(
        (
            olga_entry["name"].as_str(),
            olga_entry["organisation"].as_str()
        ),
        (Some(""), Some(""))
    );
    assert_eq!(roster["admitted"], json!([]), "nobody admitted yet");
    assert!(roster["valid_until"] == "2024-11-28T23:00:00Z");
    // Every confirmed person's (the organiser's, the door's, Amina's, Karim's: made for the
    // roster where missing) and Olga's, revoked.
    assert_eq!(passes.len(), 5, "{roster}");
    // Delegates cannot send scans; door staff can, by QR and by name.
    assert_eq!(
        check_in(&app, &amina, json!([])).await.0,
        StatusCode::FORBIDDEN
    );
    // The pass made for Karim's roster entry is the one he gets when he opens it.
    let karim_pass_id = sub_of(&pass_of(&app, &karim).await);
    assert!(
        passes
            .iter()
            .any(|p| p["pass_id"] == karim_pass_id.as_str()),
        "the roster's pass is the one he gets"
    );
    let (status, verdicts) = check_in(
        &app,
        &door,
        json!([
            {"pass": amina_pass, "scanned_at": MORNING, "door": "main", "device": "tablet-a", "nonce": "door-test-0001", "shown": "admitted"},
            {"pass_id": karim_pass_id, "scanned_at": MORNING, "door": "side", "device": "tablet-b", "nonce": "door-test-0002", "shown": "admitted"},
            // Tablet B was offline and let Amina in again; Olga's old pass came before its revocation reached it.
            {"pass": amina_pass, "scanned_at": "2024-11-27T08:40:00+01:00", "door": "side", "device": "tablet-b", "nonce": "door-test-0003", "shown": "admitted"},
            {"pass": olga_pass, "scanned_at": MORNING, "door": "side", "device": "tablet-b", "nonce": "door-test-0004", "shown": "admitted"},
            {"pass_id": "nobody-at-all", "scanned_at": MORNING, "door": "side", "device": "tablet-b", "nonce": "door-test-0005"},
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{verdicts}");
    let results = results_of(&verdicts);
    assert_eq!(
        results,
        [
            "admitted",
            "admitted",
            "already_admitted",
            "revoked",
            "revoked"
        ]
    );

    // A lost phone: the organiser re-issues Amina's pass from the console; the next roster
    // has the new version, so her old QR is refused at every door from its next update.
    let amina_id = app.person_id(&organiser, "amina@icmpd.org").await;
    let path = format!("/organiser/people/{amina_id}/reissue-pass");
    assert_eq!(
        app.post_form(&path, Some(&door), "").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = app.post_form(&path, Some(&organiser), "").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Entry pass re-issued"));

    // The next roster carries the admissions, each named only by a hash of the pass's QR:
    // a device knows Amina came when her (current) pass is shown to it, and cannot list who
    // came. Checked with sha2 and base64 here, as door.js computes it in the browser.
    let roster: Value = app
        .get_as("/api/v1/entry/roster", Some(&door))
        .await
        .json()
        .await
        .unwrap();
    let amina_now = roster["passes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pass_id"] == amina_entry["pass_id"])
        .unwrap()
        .clone();
    assert_eq!(amina_now["version"], 2, "re-issued");
    assert!(amina_now.get("admitted_at").is_none());
    let current = pass_of(&app, &amina).await;
    let hash = {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(&sha2::Sha256::digest(current.as_bytes())[..16])
    };
    let admitted = roster["admitted"].as_array().unwrap();
    assert_eq!(admitted.len(), 2, "Amina and Karim: {roster}");
    let amina_admitted = admitted
        .iter()
        .find(|a| a["pass_hash"] == hash.as_str())
        .expect("Amina's admission, by her pass");
    assert_eq!(amina_admitted["at"], "2024-11-27T07:30:00Z");
    assert_eq!(amina_admitted["door"], "main");
    for a in admitted {
        let mut fields: Vec<&String> = a.as_object().unwrap().keys().collect();
        fields.sort();
        assert_eq!(
            fields,
            ["at", "door", "pass_hash"],
            "nothing that names the person"
        );
    }

    // A device whose clock runs months ahead cannot make a pass valid on a day to come: the
    // scan is judged at the server's time (day one), where her new pass was already admitted.
    let (_, verdicts) = check_in(
        &app,
        &door,
        json!([{"pass": current, "scanned_at": "2025-06-01T09:00:00+01:00", "door": "main", "device": "fast", "nonce": "door-test-0201"}]),
    )
    .await;
    assert_eq!(verdicts[0]["result"], "already_admitted");

    // Both pass and pass_id, or a verdict the API does not know: 422.
    for bad in [
        json!([{"pass": amina_pass, "pass_id": "x", "scanned_at": MORNING, "door": "main", "device": "d", "nonce": "door-test-0101"}]),
        json!([{"pass": amina_pass, "scanned_at": MORNING, "door": "main", "device": "d", "nonce": "door-test-0102", "shown": "ADMIT"}]),
        json!([{"pass_id": "", "scanned_at": MORNING, "door": "main", "device": "d", "nonce": "door-test-0103"}]),
    ] {
        assert_eq!(
            check_in(&app, &door, bad.clone()).await.0,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}"
        );
    }

    // Organisers see the arrivals, the scans let in offline and refused, and who is missing.
    let arrivals = app
        .get_as("/organiser/arrivals", Some(&organiser))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        arrivals.contains(r#"data-arrived="2" data-confirmed="4""#),
        "{arrivals}"
    );
    assert!(arrivals.contains(r#"data-door="main""#) && arrivals.contains(r#"data-door="side""#));
    let offline = &arrivals[arrivals.find("let-in-offline").expect("the table")..];
    assert!(offline.contains(r#"data-verdict="already_admitted""#) && offline.contains("tablet-b"));
    assert!(offline.contains(r#"data-verdict="revoked""#));
    assert!(offline.contains("08:30, door main"), "{offline}");
    let expected = &arrivals[arrivals.find(r#"class="plain expected""#).unwrap()..];
    assert_eq!(
        expected.matches("<li>").count(),
        2,
        "the door staff and the organiser: {expected}"
    );

    // Attendance: organisers only, one row per confirmed or admitted person, read back with
    // the csv crate.
    assert_eq!(
        app.get_as("/api/v1/attendance.csv", Some(&door))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = app.get_as("/api/v1/attendance.csv", Some(&organiser)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "name",
            "organisation",
            "country",
            "role",
            "status",
            "admitted_at",
            "door",
            "device",
            "method"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Everyone registered as X: sorted here, not by name.
    let mut admitted: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .filter(|r| !r[5].is_empty())
        .map(|r| (&r[5], &r[6], &r[7], &r[8]))
        .collect();
    admitted.sort();
    assert_eq!(
        admitted,
        [
            ("2024-11-27T08:30+01:00", "main", "tablet-a", "scan"),
            ("2024-11-27T08:30+01:00", "side", "tablet-b", "name")
        ]
    );
    assert!(
        rows.iter().all(|r| &r[4] != "revoked"),
        "Olga was never let in: not on the list"
    );
}
