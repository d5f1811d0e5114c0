//! One `TestApp` for the integration tests and the benchmark examples: the real server on a
//! random port with a fresh SQLite database, and the requests tests make of it. People
//! (invitations, sign-in) are in `people.rs`, the mock push service's side in `mock_push.rs`.

pub mod documents;
pub mod mock_push;
pub mod people;
pub mod smtp_sink;

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;
use server::config::{AgendaVisibility, Config, PushConfig};
use server::startup::Application;
use server::store::Store;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub store: Store,
    pub database_url: String,
    pub config: Config,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    _dir: tempfile::TempDir,
}

/// 10:15 in Tunis on day one: the opening just ended, plenary 1 is on.
pub const DAY_ONE_MORNING: &str = "2024-11-27T10:15:00+01:00";

pub async fn spawn_app() -> TestApp {
    spawn_app_at(DAY_ONE_MORNING).await
}

pub async fn spawn_app_at(now: &str) -> TestApp {
    spawn_app_with(now, None, AgendaVisibility::Public).await
}

/// A server on `database_url` (a fresh one when `None`) with its clock at `now`.
pub async fn spawn_app_with(
    now: &str,
    database_url: Option<String>,
    agenda_visibility: AgendaVisibility,
) -> TestApp {
    spawn_app_pushing(now, database_url, agenda_visibility, PushConfig::default()).await
}

pub async fn spawn_app_pushing(
    now: &str,
    database_url: Option<String>,
    agenda_visibility: AgendaVisibility,
    push: PushConfig,
) -> TestApp {
    spawn_app_configured(now, database_url, agenda_visibility, push, |_| {}).await
}

/// A server whose configuration `tweak` may change before it starts.
pub async fn spawn_app_configured(
    now: &str,
    database_url: Option<String>,
    agenda_visibility: AgendaVisibility,
    push: PushConfig,
    tweak: impl FnOnce(&mut Config),
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = database_url
        .unwrap_or_else(|| format!("sqlite://{}/nested/companion.db", dir.path().display()));
    let config = Config {
        database_url: database_url.clone(),
        site_addr: "127.0.0.1:0".parse().unwrap(),
        // The front-end build (`cargo leptos build`), so build files are served as in production.
        site_root: concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").into(),
        event: None,
        demo: true,
        now: Some(now.parse().expect("RFC 3339 time")),
        agenda_poll_ms: 100,
        public_url: "http://127.0.0.1:3000".into(),
        jwt_secret: None,
        invitation_days: 30,
        trusted_proxies: Vec::new(),
        device_code_exposure: server::auth::tokens::DEVICE_CODE_EXPOSURE,
        agenda_visibility,
        max_document_bytes: server::config::DEFAULT_MAX_DOCUMENT_BYTES,
        push,
        mail: Default::default(),
    };
    let mut config = config;
    tweak(&mut config);
    let app = Application::build(&config)
        .await
        .expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let server = tokio::spawn(app.run_until_stopped());
    let store = Store::connect(&database_url)
        .await
        .expect("second connection");
    TestApp {
        address,
        client: client(),
        store,
        database_url,
        config,
        server,
        _dir: dir,
    }
}

/// A client that follows no redirects, so each 303 and the cookie it sets can be seen.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A store on a fresh database file, without a server; the folder lives as long as the guard.
pub async fn fresh_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}/c.db", dir.path().display()))
        .await
        .unwrap();
    (store, dir)
}

impl TestApp {
    /// Stops the server (and its background workers), as a crash or restart would.
    pub async fn stop(self) {
        self.server.abort();
        let _ = self.server.await;
        // The workers stop when the last handle to the app's state goes.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    /// Stops the server as `stop` does, keeping its database: the folder that holds it lives
    /// as long as the returned guard.
    pub async fn stop_keeping_database(self) -> (String, tempfile::TempDir) {
        let TestApp {
            server,
            database_url,
            store,
            _dir,
            ..
        } = self;
        server.abort();
        let _ = server.await;
        drop(store);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        (database_url, _dir)
    }

    /// A request to `path`, with the session cookie when one is given.
    pub fn request(&self, method: Method, path: &str, cookie: Option<&str>) -> RequestBuilder {
        let request = self
            .client
            .request(method, format!("{}{path}", self.address));
        match cookie {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        }
    }

    /// A form post to `path` (as a browser sends one), with the session cookie when one is given.
    pub fn form_request(&self, path: &str, cookie: Option<&str>, body: &str) -> RequestBuilder {
        self.request(Method::POST, path, cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_string())
    }

    /// Posts a form as `form_request` makes it; the answer.
    pub async fn post_form(&self, path: &str, cookie: Option<&str>, body: &str) -> Response {
        self.form_request(path, cookie, body).send().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.get_as(path, None).await
    }

    /// A GET of `path`, signed in when a session cookie is given.
    pub async fn get_as(&self, path: &str, cookie: Option<&str>) -> Response {
        self.request(Method::GET, path, cookie)
            .send()
            .await
            .expect("request")
    }

    pub async fn get_with(&self, path: &str, header: &str, value: &str) -> Response {
        self.request(Method::GET, path, None)
            .header(header, value)
            .send()
            .await
            .expect("request")
    }

    /// A request's answer as text (a page, a calendar).
    pub async fn text_of(request: RequestBuilder) -> String {
        request.send().await.unwrap().text().await.unwrap()
    }

    /// A request's status and JSON answer (`Value::Null` when the answer is not JSON).
    pub async fn status_and_json(request: RequestBuilder) -> (StatusCode, Value) {
        let res = request.send().await.unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// A JSON request (`body` as JSON, `Value::Null` for none): the status and the JSON answer.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        body: Value,
    ) -> (StatusCode, Value) {
        Self::status_and_json(self.request(method, path, cookie).json(&body)).await
    }

    /// A programme file posted to `POST /api/v1/import{query}` as it is.
    pub async fn post_import(
        &self,
        cookie: Option<&str>,
        query: &str,
        file: &str,
    ) -> (StatusCode, Value) {
        let request = self
            .request(Method::POST, &format!("/api/v1/import{query}"), cookie)
            .header("content-type", "application/octet-stream")
            .body(file.to_string());
        Self::status_and_json(request).await
    }

    /// An organiser's change to a session through the API (`PATCH /api/v1/sessions/{id}`).
    pub async fn patch_session(
        &self,
        organiser: &str,
        id: &str,
        change: Value,
    ) -> (StatusCode, Value) {
        self.call(
            Method::PATCH,
            &format!("/api/v1/sessions/{id}"),
            Some(organiser),
            change,
        )
        .await
    }

    /// Waits (bounded) until the server publishes agenda `version`; changes from another
    /// connection are picked up by the poller.
    pub async fn wait_for_version(&self, version: i64) {
        for _ in 0..50 {
            let agenda: Value = self.get("/api/v1/agenda").await.json().await.unwrap();
            if agenda["version"] == version {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the server never published agenda version {version}");
    }
}
