//! The OpenAPI document at `/api/v1/openapi.json` held to what the server really serves.
//!
//! Two lists are compared, neither read from the other:
//! - what the router serves: `server::served_routes()`, recorded by the very calls that add the
//!   routes (`api::ApiRoutes`; an area cannot add a route to the API any other way);
//! - what the document says, fetched from the running server.
//!
//! A route added to the router without a `#[utoipa::path]` listed in `api/openapi.rs` is in the
//! first list and not the second, and fails the first test; a documented operation that is not
//! served fails it the other way. The second test asks the running server each documented
//! operation anonymously, so the document's security and routing are checked against
//! behaviour, not against either list.

use crate::common::spawn_app;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every (METHOD, path) of the document with its operation.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let paths = doc["paths"].as_object().expect("paths");
    let mut found = Vec::new();
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("path item") {
            if METHODS.contains(&method.as_str()) {
                found.push((method.to_uppercase(), path.clone(), operation.clone()));
            }
        }
    }
    found
}

async fn document(app: &crate::common::TestApp) -> Value {
    let res = app.get("/api/v1/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/json");
    res.json().await.expect("the document is JSON")
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_has_every_route_the_router_serves() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let version = doc["openapi"].as_str().unwrap_or_default();
    assert!(version.starts_with("3.1"), "openapi {version:?}");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));

    let served_list = server::served_routes();
    let served: BTreeSet<(String, String)> = served_list.iter().cloned().collect();
    assert_eq!(served.len(), served_list.len(), "a route added twice");
    assert!(served.len() > 20, "the router's list is suspiciously short");
    let documented: BTreeSet<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect();
    let undocumented: Vec<_> = served.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "served but not in the OpenAPI document (give the handler a #[utoipa::path] and list \
         it in server/src/api/openapi.rs): {undocumented:?}"
    );
    let not_served: Vec<_> = documented.difference(&served).collect();
    assert!(
        not_served.is_empty(),
        "documented but not served: {not_served:?}"
    );
}

#[tokio::test]
async fn every_documented_operation_is_routed_and_guarded_as_documented() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    for (method, path, operation) in operations(&doc) {
        // Any value will do for a path parameter: anonymous requests to guarded routes are
        // refused before it is looked at, and the others may answer 404 for it.
        let has_params = path.contains('{');
        let url: String = path
            .split('/')
            .map(|part| if part.starts_with('{') { "x" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let res = app
            .client
            .request(method.clone(), format!("{}{url}", app.address))
            .send()
            .await
            .unwrap();
        let status = res.status();
        let seen = format!("{method} {path}: {status}");
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{seen}");
        assert!(!status.is_server_error(), "{seen}");
        if !has_params {
            assert_ne!(status, StatusCode::NOT_FOUND, "not routed: {seen}");
        }
        // Signing in is required unless one of the requirements is empty (`{}`: optional).
        let requirements = operation["security"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let optional = requirements.iter().any(|r| r == &serde_json::json!({}));
        if !requirements.is_empty() && !optional {
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{seen}");
        }
        if status.is_client_error() {
            let code = status.as_u16().to_string();
            assert!(
                operation["responses"].get(&code).is_some(),
                "{seen}, a status the document does not list"
            );
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"]["status"], status.as_u16(), "{seen}");
        }
    }
}

#[tokio::test]
async fn error_responses_refer_to_the_one_error_shape() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let responses = doc["components"]["responses"].as_object().unwrap();
    assert!(responses.len() >= 8);
    for (name, response) in responses {
        assert_eq!(
            response["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody",
            "{name}"
        );
    }
    let scheme = &doc["components"]["securitySchemes"]["session_cookie"];
    assert_eq!(scheme["in"], "cookie");
    assert_eq!(scheme["name"], server::auth::SESSION_COOKIE);
    for (method, path, operation) in operations(&doc) {
        for (code, response) in operation["responses"].as_object().unwrap() {
            if code.starts_with('4') {
                let reference = response["$ref"].as_str().unwrap_or_default();
                assert!(
                    reference.starts_with("#/components/responses/"),
                    "{method} {path} {code}: errors use the shared responses"
                );
            }
        }
    }
}
