//! The programme exported for other tools: frab `schedule.xml` that the published c3voc XSD
//! accepts (checked by Python's `xmlschema`, an independent validator and parser), as the
//! reader may see it, in their language, revalidated by ETag.

use crate::common::{TestApp, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Validates `xml` against the c3voc XSD and returns its events as the validator decodes them:
/// `[{"guid", "slug", "title", "room", "persons": [..]}]`.
fn validated_events(xml: &str) -> Vec<Value> {
    let xsd = repo().join("../shared/c3voc-schemas/schedule.xml.xsd");
    assert!(xsd.exists(), "the c3voc XSD is read from {}", xsd.display());
    let python = repo().join("target/fuzz/venv/bin/python");
    assert!(
        python.exists(),
        "xmlschema is installed by scripts/setup.sh"
    );
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), xml).unwrap();
    let script = r#"
import json, sys, xmlschema
schema = xmlschema.XMLSchema(sys.argv[1])
errors = [str(e) for e in schema.iter_errors(sys.argv[2])]
if errors:
    print("\n".join(errors[:5]), file=sys.stderr)
    sys.exit(1)
doc = schema.to_dict(sys.argv[2])
events = []
for day in doc.get("day", []):
    for room in day.get("room", []):
        for e in room.get("event", []):
            persons = (e.get("persons") or {}).get("person", [])
            events.append({"guid": e["@guid"], "slug": e.get("slug"), "title": e["title"],
                "room": room["@name"], "persons": [p if isinstance(p, str) else p["$"] for p in persons]})
print(json.dumps(events))
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&xsd)
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "schedule.xml does not validate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn export(app: &TestApp, query: &str, cookie: Option<&str>) -> reqwest::Response {
    app.request(
        Method::GET,
        &format!("/api/v1/export/schedule.xml{query}"),
        cookie,
    )
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn schedule_xml_validates_and_holds_what_the_reader_may_see() {
    let app = spawn_app().await;
    let res = export(&app, "", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let kind = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(kind.starts_with("application/xml"), "{kind}");
    let events = validated_events(&res.text().await.unwrap());
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    let visible: Vec<&Value> = agenda["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["cancelled"] != true)
        .collect();
    assert_eq!(events.len(), visible.len(), "one event per visible session");
    let slug_of = |id: &str| format!("ibmc_2024-{id}");
    assert!(
        !events.iter().any(|e| e["slug"] == slug_of("d2-side-heads")),
        "a closed side event is not exported to strangers"
    );
    for session in &visible {
        let id = session["id"].as_str().unwrap();
        let event = events.iter().find(|e| e["slug"] == slug_of(id));
        let event = event.unwrap_or_else(|| panic!("{id} exported"));
        assert_eq!(event["title"], session["title"]["en"], "{id}");
        if session["chatham_house"] == true {
            assert_eq!(
                event["persons"],
                serde_json::json!([]),
                "{id}: Chatham House"
            );
        }
    }
    let opening = events
        .iter()
        .find(|e| e["slug"] == slug_of("d1-opening"))
        .unwrap();
    assert_eq!(opening["persons"].as_array().unwrap().len(), 2);

    // The organiser's export has the closed side event; the guids are stable across exports.
    let organiser = app.organiser().await;
    let theirs = export(&app, "", Some(&organiser))
        .await
        .text()
        .await
        .unwrap();
    let theirs = validated_events(&theirs);
    assert_eq!(theirs.len(), events.len() + 1);
    let guid = |list: &[Value], id: &str| {
        list.iter()
            .find(|e| e["slug"] == slug_of(id))
            .map(|e| e["guid"].clone())
    };
    assert_eq!(guid(&theirs, "d1-opening"), guid(&events, "d1-opening"));
}

#[tokio::test]
async fn schedule_xml_speaks_the_readers_language_and_revalidates() {
    let app = spawn_app().await;
    let res = export(&app, "?lang=fr", None).await;
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    assert!(etag.ends_with("-frab-fr\""), "{etag}");
    let events = validated_events(&res.text().await.unwrap());
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    let opening = agenda["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "d1-opening")
        .unwrap();
    let exported = events
        .iter()
        .find(|e| e["slug"] == "ibmc_2024-d1-opening")
        .unwrap();
    assert_eq!(exported["title"], opening["title"]["fr"]);
    let again = app
        .request(Method::GET, "/api/v1/export/schedule.xml?lang=fr", None)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let english = app
        .request(Method::GET, "/api/v1/export/schedule.xml?lang=en", None)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        english.status(),
        StatusCode::OK,
        "another language is another file"
    );
}
