//! Document uploads as tests send them: multipart forms written out by hand (so a test
//! decides every part's name, file name and declared type), small files of each kind, and an
//! office-shaped zip.

use super::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::Value;

pub const BOUNDARY: &str = "dc-test-boundary";
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
pub const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// One part of a multipart form: a text field, or a file with its name and declared type.
pub enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, &'a str, &'a [u8]),
}

pub fn multipart(parts: &[Part]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                        .as_bytes(),
                );
            }
            Part::File(name, filename, kind, bytes) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {kind}\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
                body.extend_from_slice(b"\r\n");
            }
        }
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

impl TestApp {
    pub async fn send_multipart(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        parts: &[Part<'_>],
    ) -> reqwest::Response {
        self.request(method, path, cookie)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(multipart(parts))
            .send()
            .await
            .unwrap()
    }

    /// Uploads through the API; the status and JSON answer.
    pub async fn upload(&self, cookie: &str, parts: &[Part<'_>]) -> (StatusCode, Value) {
        let res = self
            .send_multipart(Method::POST, "/api/v1/documents", Some(cookie), parts)
            .await;
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Uploads a one-file document and returns its id.
    pub async fn uploaded(&self, cookie: &str, session: &str, file: Part<'_>) -> String {
        let (status, body) = self
            .upload(
                cookie,
                &[
                    Part::Text("session_id", session),
                    Part::Text("title_en", "Concept note"),
                    file,
                ],
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["id"].as_str().unwrap().to_string()
    }
}

/// A zip with empty stored entries of these names: the shape of an office file.
pub fn zip_of(names: &[&str]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for name in names {
        let offset = out.len() as u32;
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&[
            20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ]);
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name.as_bytes());
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&[
            20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ]);
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&(names.len() as u16).to_le_bytes());
    out.extend_from_slice(&(names.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}
