//! Entry passes: what a confirmed participant's QR holds, checked with an independent JWS
//! implementation (`jsonwebtoken`, not the code that signs) against the published keys; who may
//! have one; versions that revocation and re-issuing bump; keys that survive a restart.

use crate::common::{TestApp, spawn_app};
use crate::mail::act;
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// Verifies `pass` against the server's JWKS with jsonwebtoken; the claims, or the error.
async fn verify(app: &TestApp, pass: &str) -> Result<Value, jsonwebtoken::errors::Error> {
    let jwks: Value = app.get("/api/v1/entry/jwks").await.json().await.unwrap();
    let header = jsonwebtoken::decode_header(pass)?;
    let kid = header.kid.clone().expect("a kid");
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .expect("the pass's key is published");
    assert_eq!(
        (key["kty"].as_str(), key["crv"].as_str()),
        (Some("OKP"), Some("Ed25519"))
    );
    let decoding = jsonwebtoken::DecodingKey::from_ed_components(key["x"].as_str().unwrap())?;
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.set_audience(&["entry"]);
    // The event's days are in 2024; the clock that judges them is the door's, not this test's.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.set_required_spec_claims(&["aud", "exp", "nbf", "sub", "iss"]);
    Ok(jsonwebtoken::decode::<Value>(pass, &decoding, &validation)?.claims)
}

async fn my_pass(app: &TestApp, cookie: &str) -> (StatusCode, Value) {
    let res = app.get_as("/api/v1/me/entry-pass", Some(cookie)).await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_confirmed_participant_gets_a_signed_pass_that_names_nobody() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let delegate = app.signed_in("delegate", "amina@icmpd.org").await;
    let id = app.person_id(&organiser, "amina@icmpd.org").await;
    // Registered but not confirmed: no pass.
    assert_eq!(my_pass(&app, &delegate).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/api/v1/me/entry-pass").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        act(&app, &organiser, &id, "confirm").await.status(),
        StatusCode::OK
    );

    let (status, pass) = my_pass(&app, &delegate).await;
    assert_eq!(status, StatusCode::OK, "{pass}");
    let jws = pass["pass"].as_str().unwrap();
    assert_eq!(jws.split('.').count(), 3, "compact JWS");
    let header = jsonwebtoken::decode_header(jws).unwrap();
    assert_eq!(header.alg, jsonwebtoken::Algorithm::EdDSA);
    let claims = verify(&app, jws)
        .await
        .expect("verifies against the published key");
    assert_eq!(claims["iss"], "http://127.0.0.1:3000");
    assert_eq!(claims["aud"], "entry");
    assert_eq!(claims["event"], "ibmc-2024");
    assert_eq!(claims["ver"], 1);
    // The event's days in Tunis: from midnight on the 27th to midnight after the 28th.
    assert_eq!(claims["nbf"], 1_732_662_000, "2024-11-26T23:00:00Z");
    assert_eq!(claims["exp"], 1_732_834_800, "2024-11-28T23:00:00Z");
    assert_eq!(pass["valid_from"], "2024-11-26T23:00:00Z");
    let sub = claims["sub"].as_str().unwrap();
    for personal in ["amina", "icmpd", &id] {
        assert!(
            !sub.contains(personal) && !jws.contains(personal),
            "{personal} in the pass"
        );
    }
    // Asked again: the same pass id and version.
    let (_, again) = my_pass(&app, &delegate).await;
    assert_eq!(
        verify(&app, again["pass"].as_str().unwrap()).await.unwrap()["sub"],
        sub
    );

    // A changed claim or signature does not verify.
    let parts: Vec<&str> = jws.split('.').collect();
    let mut forged = claims.clone();
    forged["ver"] = 99.into();
    let body = base64_url(&forged.to_string());
    assert!(
        verify(&app, &format!("{}.{body}.{}", parts[0], parts[2]))
            .await
            .is_err()
    );
}

fn base64_url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

#[tokio::test]
async fn revoking_and_reissuing_bump_the_version_and_keys_outlive_a_restart() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let delegate = app.signed_in("delegate", "ivan@icmpd.org").await;
    let id = app.person_id(&organiser, "ivan@icmpd.org").await;
    act(&app, &organiser, &id, "confirm").await;
    let first = my_pass(&app, &delegate).await.1;
    assert_eq!(first["version"], 1);

    // Revoked (signed out everywhere), then confirmed again: a new version.
    act(&app, &organiser, &id, "revoke").await;
    act(&app, &organiser, &id, "confirm").await;
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
    assert_eq!(
        res.json::<Value>().await.unwrap()["version"],
        3,
        "revoked once, re-issued once"
    );
    let res = app
        .request(
            Method::POST,
            "/api/v1/people/nobody/reissue-pass",
            Some(&organiser),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let jwks: Value = app.get("/api/v1/entry/jwks").await.json().await.unwrap();
    let (url, _dir) = app.stop_keeping_database().await;
    let again = crate::common::spawn_app_with(
        crate::common::DAY_ONE_MORNING,
        Some(url),
        server::config::AgendaVisibility::Public,
    )
    .await;
    let after: Value = again.get("/api/v1/entry/jwks").await.json().await.unwrap();
    assert_eq!(after, jwks, "the same keys after a restart");
    assert!(
        verify(&again, first["pass"].as_str().unwrap())
            .await
            .is_ok(),
        "old passes still verify"
    );
}

fn scan(pass: &str, at: &str, door: &str, device: &str, nonce: &str) -> Value {
    serde_json::json!({"pass": pass, "scanned_at": at, "door": door, "device": device, "nonce": nonce})
}

/// Sends door scans as `cookie`; the status and the verdicts.
pub(crate) async fn check_in(app: &TestApp, cookie: &str, scans: Value) -> (StatusCode, Value) {
    TestApp::status_and_json(
        app.request(Method::POST, "/api/v1/checkins", Some(cookie))
            .json(&scans),
    )
    .await
}

/// The `result` of each verdict, in order.
pub(crate) fn results_of(verdicts: &Value) -> Vec<&str> {
    verdicts
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["result"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn scans_are_judged_once_each_and_a_pass_admitted_twice_is_flagged() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let delegate = app.signed_in("delegate", "door@icmpd.org").await;
    let id = app.person_id(&organiser, "door@icmpd.org").await;
    act(&app, &organiser, &id, "confirm").await;
    let pass = my_pass(&app, &delegate).await.1["pass"]
        .as_str()
        .unwrap()
        .to_string();
    let morning = "2024-11-27T08:30:00+01:00";

    // Two doors offline: both let the pass in; the later sync hears it was admitted before.
    let (status, verdicts) = check_in(
        &app,
        &organiser,
        serde_json::json!([
            scan(&pass, morning, "main", "tablet-a", "nonce-a-0001"),
            scan(
                &pass,
                "2024-11-27T08:31:00+01:00",
                "side",
                "tablet-b",
                "nonce-b-0001"
            ),
            scan("not a pass", morning, "main", "tablet-a", "nonce-a-0002"),
            scan(
                &"x".repeat(10_000),
                morning,
                "main",
                "tablet-a",
                "nonce-a-0003"
            ),
            scan(
                &pass,
                "2024-11-20T09:00:00+01:00",
                "main",
                "tablet-a",
                "nonce-a-0004"
            ),
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{verdicts}");
    let results = results_of(&verdicts);
    assert_eq!(
        results,
        [
            "admitted",
            "already_admitted",
            "invalid",
            "invalid",
            "wrong_event"
        ]
    );
    assert_eq!(verdicts[1]["first_door"], "main");
    assert_eq!(verdicts[1]["first_admitted_at"], "2024-11-27T07:30:00Z");

    // A forged claim or an unknown key is invalid; the same nonce again answers as before.
    let parts: Vec<&str> = pass.split('.').collect();
    let header = base64_url(r#"{"alg":"EdDSA","kid":"someone-else","typ":"JWT"}"#);
    let unknown_kid = format!("{header}.{}.{}", parts[1], parts[2]);
    let (_, verdicts) = check_in(
        &app,
        &organiser,
        serde_json::json!([
            scan(&unknown_kid, morning, "main", "tablet-a", "nonce-a-0005"),
            scan(&pass, morning, "main", "tablet-a", "nonce-a-0001"),
        ]),
    )
    .await;
    assert_eq!(verdicts[0]["result"], "invalid");
    assert_eq!(verdicts[1]["result"], "admitted", "a nonce counts once");

    // Revoked: the old pass is refused from the next sync on; the replayed nonce still not.
    act(&app, &organiser, &id, "revoke").await;
    let (_, verdicts) = check_in(
        &app,
        &organiser,
        serde_json::json!([scan(
            &pass,
            "2024-11-28T08:00:00+01:00",
            "main",
            "tablet-a",
            "nonce-a-0006"
        ),]),
    )
    .await;
    assert_eq!(verdicts[0]["result"], "revoked");

    // The revoked delegate is signed out (401); a malformed batch is a 422, not a crash.
    assert_eq!(
        check_in(&app, &delegate, serde_json::json!([])).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = check_in(
        &app,
        &organiser,
        serde_json::json!([scan(&pass, morning, "main", "t", "short")]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = check_in(&app, &organiser, serde_json::json!([{"pass": pass}])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn me_shows_a_confirmed_participant_the_pass_with_name_and_organisation() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let delegate = app.signed_in("delegate", "qr@icmpd.org").await;
    let page = |cookie: String| {
        let app = &app;
        async move { app.get_as("/me", Some(&cookie)).await.text().await.unwrap() }
    };
    assert!(
        !page(delegate.clone()).await.contains("entry-pass"),
        "not before confirmation"
    );
    let id = app.person_id(&organiser, "qr@icmpd.org").await;
    act(&app, &organiser, &id, "confirm").await;
    let me = page(delegate.clone()).await;
    let start = me.find(r#"class="entry-pass""#).expect("the pass section");
    let pass = &me[start..];
    assert!(
        pass.contains("<svg") && pass.contains("#000000"),
        "a QR, dark on white"
    );
    // The registration's name and organisation under it (REGISTRATION: X of Y).
    assert!(
        pass.contains(r#"<p class="pass-name"><bdi>X</bdi></p>"#),
        "{pass}"
    );
    assert!(pass.contains(r#"<p class="pass-organisation"><bdi>Y</bdi></p>"#));
    assert!(
        pass.contains("Valid 27 November 2024 – 28 November 2024"),
        "{pass}"
    );
    let fr = app
        .get_with("/me?lang=fr", "cookie", &delegate)
        .await
        .text()
        .await
        .unwrap();
    assert!(fr.contains("Valable du 27 novembre 2024 au 28 novembre 2024"));
}
