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

/// Runs a Python `script` from the tools' venv (`scripts/setup.sh`) on a c3voc schema and a
/// document: `sys.argv[1]` the schema, `sys.argv[2]` the document. Its standard output, or a
/// failed test with what it printed.
fn check_with_python(script: &str, schema: &str, document: &str, what: &str) -> Vec<u8> {
    // `../shared/c3voc-schemas` beside the checkout (or beside one of its parents, for a clone
    // made inside another folder).
    let schema = repo()
        .ancestors()
        .map(|dir| dir.join("../shared/c3voc-schemas").join(schema))
        .find(|path| path.exists())
        .unwrap_or_else(|| repo().join("../shared/c3voc-schemas").join(schema));
    assert!(
        schema.exists(),
        "the c3voc schema is read from {}",
        schema.display()
    );
    let python = repo().join("target/fuzz/venv/bin/python");
    assert!(
        python.exists(),
        "the validators are installed by scripts/setup.sh"
    );
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), document).unwrap();
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&schema)
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{what} does not validate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Validates `xml` against the c3voc XSD (Python's `xmlschema`) and returns its events as the
/// validator decodes them: `[{"guid", "slug", "title", "room", "persons": [..]}]`.
fn validated_events(xml: &str) -> Vec<Value> {
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
    let out = check_with_python(script, "schedule.xml.xsd", xml, "schedule.xml");
    serde_json::from_slice(&out).unwrap()
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

/// Validates `json` against the c3voc schedule2 schema (with its formats: uuid, date-time),
/// by Python's `jsonschema`.
fn assert_valid_schedule_json(json: &str) {
    let script = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
checker = jsonschema.FormatChecker()  # every format it knows: uuid is newer than draft 6
assert {"date-time", "date", "uuid"} <= set(checker.checkers)
validator = jsonschema.Draft6Validator(schema, format_checker=checker)
errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(json.load(open(sys.argv[2])))]
print("\n".join(errors[:5]), file=sys.stderr)
sys.exit(1 if errors else 0)
"#;
    check_with_python(script, "schema2.json", json, "schedule.json");
}

#[tokio::test]
async fn schedule_json_validates_and_holds_what_the_reader_may_see() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    // A cancelled session stays in this format, marked as such.
    let (status, _) = app
        .call(
            Method::PATCH,
            "/api/v1/sessions/d2-side-rights",
            Some(&organiser),
            serde_json::json!({"cancelled": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let agenda: Value = app.get("/api/v1/agenda").await.json().await.unwrap();
    let version = agenda["version"].as_i64().unwrap();
    app.wait_for_version(version).await;
    let res = app
        .request(Method::GET, "/api/v1/export/schedule.json?lang=ar", None)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert_valid_schedule_json(&text);
    let doc: Value = serde_json::from_str(&text).unwrap();
    let events = doc["schedule"]["events"].as_array().unwrap();
    let sessions = agenda["sessions"].as_array().unwrap();
    assert_eq!(
        events.len(),
        sessions.len(),
        "every visible session, breaks as meta events"
    );
    let by_url = |id: &str| {
        events.iter().find(|e| {
            e["title"].is_string()
                && e.get("url")
                    .is_some_and(|u| u.as_str().unwrap().ends_with(&format!("/sessions/{id}")))
        })
    };
    assert!(
        by_url("d2-side-heads").is_none(),
        "closed side event not exported to strangers"
    );
    assert_eq!(by_url("d2-side-rights").unwrap()["state"], "CANCELED");
    let opening = by_url("d1-opening").unwrap();
    let session = sessions.iter().find(|s| s["id"] == "d1-opening").unwrap();
    assert_eq!(
        opening["title"], session["title"]["ar"],
        "titles in the reader's language"
    );
    assert_eq!(opening["participants"].as_array().unwrap().len(), 2);
    for s in sessions
        .iter()
        .filter(|s| s["chatham_house"] == true && s["kind"] != "break")
    {
        let id = s["id"].as_str().unwrap();
        let event = by_url(id).unwrap_or_else(|| panic!("{id} exported"));
        assert_eq!(
            event["participants"],
            serde_json::json!([]),
            "{id}: Chatham House"
        );
    }
    let breaks = events.iter().filter(|e| e["type"] == "BREAK").count();
    assert!(breaks > 0, "breaks are meta events");
}
