//! Starts the real server on a random port with a fresh SQLite database.

use server::config::{Config, PushConfig};
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
    spawn_app_with(now, None, server::config::AgendaVisibility::Public).await
}

/// A server on `database_url` (a fresh one when `None`) with its clock at `now`.
pub async fn spawn_app_with(
    now: &str,
    database_url: Option<String>,
    agenda_visibility: server::config::AgendaVisibility,
) -> TestApp {
    spawn_app_pushing(now, database_url, agenda_visibility, PushConfig::default()).await
}

/// A server that may push to the given loopback hosts (a mock push service), with a short
/// coalescing window so tests wait little.
pub fn push_config(insecure_hosts: &str, coalesce_ms: u64) -> PushConfig {
    PushConfig {
        push_allow_insecure_hosts: insecure_hosts.into(),
        push_coalesce_ms: coalesce_ms,
        vapid_subject: Some("mailto:ops@icmpd.org".into()),
        ..PushConfig::default()
    }
}

pub async fn spawn_app_pushing(
    now: &str,
    database_url: Option<String>,
    agenda_visibility: server::config::AgendaVisibility,
    push: PushConfig,
) -> TestApp {
    spawn_app_configured(now, database_url, agenda_visibility, push, |_| {}).await
}

/// A server whose configuration `tweak` may change before it starts.
pub async fn spawn_app_configured(
    now: &str,
    database_url: Option<String>,
    agenda_visibility: server::config::AgendaVisibility,
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
        push,
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
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        store,
        database_url,
        config,
        server,
        _dir: dir,
    }
}

/// A complete registration form, English as the preferred language.
pub const REGISTRATION: &str =
    "full_name=X&organisation=Y&country=Z&preferred_language=en&consent=yes";

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

    /// An invitation link made the way `server invite` makes one.
    pub async fn invitation_link(&self, role: &str, email: &str, closed: &[&str]) -> String {
        let auth = server::auth::Auth::load(&self.store, &self.config)
            .await
            .unwrap();
        let agenda = self.store.load_agenda("ibmc-2024").await.unwrap().unwrap();
        let new = server::store::NewInvitation {
            role: Some(role.into()),
            name: format!("Name of {email}"),
            email: email.into(),
            organisation: "Org".into(),
            country: "Tunisia".into(),
            closed_sessions: closed.iter().map(|s| s.to_string()).collect(),
        };
        server::access::invite(&self.store, &auth, &self.config.clock(), &agenda, new)
            .await
            .unwrap()
            .link
    }

    /// Opens an invitation link and submits `form` (empty for an organiser's one button);
    /// returns the new session's `dc_session=…` cookie.
    pub async fn redeem(&self, link: &str, form: &str) -> String {
        let token = link.rsplit('/').next().unwrap();
        let res = self
            .client
            .post(format!("{}/invite/{token}", self.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            reqwest::StatusCode::SEE_OTHER,
            "redeeming {link}"
        );
        res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string()
    }

    /// A new person of `role`, signed in (delegates registered, not yet confirmed).
    pub async fn signed_in(&self, role: &str, email: &str) -> String {
        let form = if role == "organiser" {
            ""
        } else {
            REGISTRATION
        };
        self.redeem(&self.invitation_link(role, email, &[]).await, form)
            .await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request")
    }

    /// A request to `path`, with the session cookie when one is given.
    pub fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        cookie: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let request = self
            .client
            .request(method, format!("{}{path}", self.address));
        match cookie {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        }
    }

    /// A request's answer as text (a page, a calendar).
    pub async fn text_of(request: reqwest::RequestBuilder) -> String {
        request.send().await.unwrap().text().await.unwrap()
    }

    /// A JSON request (`body` as JSON, `Value::Null` for none): the status and the JSON answer.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        cookie: Option<&str>,
        body: serde_json::Value,
    ) -> (reqwest::StatusCode, serde_json::Value) {
        let res = self
            .request(method, path, cookie)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    pub async fn get_with(&self, path: &str, header: &str, value: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .header(header, value)
            .send()
            .await
            .expect("request")
    }

    /// Waits (bounded) until the server publishes agenda `version`; changes from another
    /// connection are picked up by the poller.
    pub async fn wait_for_version(&self, version: i64) {
        for _ in 0..50 {
            let agenda: serde_json::Value = self.get("/api/v1/agenda").await.json().await.unwrap();
            if agenda["version"] == version {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the server never published agenda version {version}");
    }
}
