//! Security review findings about what gets stored and shown (issue 10): CSV imports and
//! exports, and field lengths.

use crate::common::{TestApp, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The registrations export, read back with a CSV parser.
async fn exported(app: &TestApp, organiser: &str) -> Vec<csv::StringRecord> {
    let res = app.get_as("/api/v1/people.csv", Some(organiser)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn exported_cells_that_a_spreadsheet_would_run_are_neutralised() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let (status, body) = app
        .call(
            Method::POST,
            "/api/v1/invitations",
            Some(&organiser),
            json!({
                "name": "=HYPERLINK(\"https://evil.example\",\"x\")", "email": "f@icmpd.org",
                "organisation": "+1+cmd|' /C calc'!A0", "country": "@SUM(1)"
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let link = body["link"].as_str().unwrap().to_string();
    app.redeem(&link, "full_name=-2%2B3&organisation=%09tab&country=%0Dcr&preferred_language=en&accessibility_needs=%3D1%2B1&consent=yes").await;
    let rows = exported(&app, &organiser).await;
    let row = rows
        .iter()
        .find(|r| &r[1] == "f@icmpd.org")
        .expect("exported");
    for cell in row.iter() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?} in {row:?}"
        );
    }
    assert!(
        row.iter().any(|c| c == "'=1+1"),
        "text kept, marked as text: {row:?}"
    );
    assert!(
        row.iter()
            .any(|c| c.starts_with("'-2+3") || c.starts_with("'=HYPERLINK")),
        "{row:?}"
    );
}

/// An organiser's CSV of invitations, sent as a file: the status and the JSON answer.
async fn import_csv(app: &TestApp, organiser: &str, csv: String) -> (StatusCode, Value) {
    let import = app
        .request(Method::POST, "/api/v1/invitations.csv", Some(organiser))
        .header("content-type", "text/csv")
        .body(csv);
    TestApp::status_and_json(import).await
}

#[tokio::test]
async fn a_csv_with_a_bad_row_stores_nothing_and_the_fixed_file_then_goes_in_whole() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let long = "x".repeat(201);
    for bad in [
        "Bad Role,b@icmpd.org,ICMPD,Austria,chair,".to_string(),
        format!("Long Org,b@icmpd.org,{long},Austria,delegate,"),
        "Not Closed,b@icmpd.org,ICMPD,Austria,delegate,d1-governance".to_string(),
    ] {
        let file = format!(
            "name,email,organisation,country,role,closed_sessions\nFirst Row,a@icmpd.org,ICMPD,Austria,delegate,\n{bad}\n"
        );
        let (status, body) = import_csv(&app, &organiser, file).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("line 3"),
            "{body}"
        );
        let rows = exported(&app, &organiser).await;
        assert!(
            rows.iter().all(|r| &r[1] != "a@icmpd.org"),
            "the good first row was not stored either"
        );
    }
    let file = "name,email,organisation,country,role,closed_sessions\nFirst Row,a@icmpd.org,ICMPD,Austria,delegate,\nSecond,b@icmpd.org,ICMPD,Austria,delegate,d2-side-heads;d2-side-heads\n";
    // (The same closed session named twice is one invitation to it.)
    let (status, body) = import_csv(&app, &organiser, file.to_string()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body.as_array().unwrap().len(), 2);
    assert!(
        body.as_array()
            .unwrap()
            .iter()
            .all(|i| i["link"].as_str().unwrap().contains("/invite/"))
    );
}

#[tokio::test]
async fn a_large_csv_import_goes_in_whole_in_one_pass() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let mut file = String::from("name,email,organisation,country\n");
    for i in 0..3000 {
        file.push_str(&format!("Person {i},p{i}@icmpd.org,Org {i},Country\n"));
    }
    let started = std::time::Instant::now();
    let (status, body) = import_csv(&app, &organiser, file.clone()).await;
    println!("3000-row CSV import: {:?}", started.elapsed());
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body.as_array().unwrap().len(), 3000);
    // Every row again: every row is named as already invited, and nothing changes.
    let (status, body) = import_csv(&app, &organiser, file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("and 2980 more"),
        "{body}"
    );
    let imported = exported(&app, &organiser).await;
    assert_eq!(
        imported.iter().filter(|r| r[1].starts_with('p')).count(),
        3000
    );
}

#[tokio::test]
async fn invitation_fields_have_length_limits_on_every_path() {
    let app = spawn_app().await;
    let organiser = app.signed_in("organiser", "o@icmpd.org").await;
    let huge = "x".repeat(1_000_000);
    for field in ["organisation", "country", "name"] {
        let mut invitation = json!({"name": "N", "email": format!("{field}@icmpd.org")});
        invitation[field] = json!(huge);
        let (status, body) = app
            .call(
                Method::POST,
                "/api/v1/invitations",
                Some(&organiser),
                invitation,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
    }
    assert!(
        exported(&app, &organiser)
            .await
            .iter()
            .all(|r| r[2].len() <= 200 && r[3].len() <= 200)
    );
}
