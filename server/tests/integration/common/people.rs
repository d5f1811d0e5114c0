//! People: invitations made as the CLI makes them, redeemed through the form, and what the
//! server says about a session cookie.

use super::TestApp;
use reqwest::{Response, StatusCode};
use serde_json::Value;

/// A complete registration form, English as the preferred language.
pub const REGISTRATION: &str =
    "full_name=X&organisation=Y&country=Z&preferred_language=en&consent=yes";

/// A registration with every kind of answer: French, Arabic interpretation, a side event.
const AMINAS_REGISTRATION: &str = "full_name=Amina+Ben+Salah&organisation=Garde+nationale&country=Tunisia&preferred_language=fr\
                    &interpretation_needs=ar&side_events=d1-side-digital&consent=yes";

/// The `dc_session=…` pair from a response's Set-Cookie.
pub fn session_cookie(res: &Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("dc_session="))
        .map(|c| c.split(';').next().unwrap().to_string())
        .expect("a session cookie")
}

/// The token an invitation link ends with.
pub fn token_of(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_string()
}

/// A few random characters, for an address no other invitation in the test uses.
pub fn rand_suffix() -> String {
    server::auth::tokens::new_id()[..8].to_string()
}

/// Opens an invitation link on the server at `address` and submits `form` (empty for an
/// organiser's one button); returns the new session's `dc_session=…` cookie. A free function
/// for servers no `TestApp` started (the bookmark benchmark's child process).
pub async fn redeem_at(client: &reqwest::Client, address: &str, link: &str, form: &str) -> String {
    let res = client
        .post(format!("{address}/invite/{}", token_of(link)))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "redeeming {link}: {}",
        res.text().await.unwrap()
    );
    session_cookie(&res)
}

impl TestApp {
    /// An invitation link made the way `server invite` makes one (for the configured event,
    /// or the first in the database).
    pub async fn invitation_link(&self, role: &str, email: &str, closed: &[&str]) -> String {
        let auth = server::auth::Auth::load(&self.store, &self.config)
            .await
            .unwrap();
        let slug = match &self.config.event {
            Some(slug) => slug.clone(),
            None => self.store.event_slugs().await.unwrap().remove(0),
        };
        let agenda = self.store.load_agenda(&slug).await.unwrap().unwrap();
        let new = server::store::NewInvitation {
            role: Some(role.into()),
            name: format!("Name of {email}"),
            email: email.into(),
            organisation: "Org".into(),
            country: "Tunisia".into(),
            closed_sessions: closed.iter().map(|s| s.to_string()).collect(),
            lang: None,
        };
        let mail =
            server::mail::Mail::configure(&Default::default(), &self.config.public_url).unwrap();
        let inviter = server::access::Inviter {
            store: &self.store,
            auth: &auth,
            mail: &mail,
            clock: &self.config.clock(),
        };
        server::access::invite(inviter, &agenda, new)
            .await
            .unwrap()
            .link
    }

    /// Opens an invitation link and submits `form` (empty for an organiser's one button);
    /// returns the new session's `dc_session=…` cookie.
    pub async fn redeem(&self, link: &str, form: &str) -> String {
        redeem_at(&self.client, &self.address, link, form).await
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

    /// A new organiser (an address of their own), signed in: the link leads to the console.
    pub async fn organiser(&self) -> String {
        let link = self
            .invitation_link("organiser", &format!("org{}@icmpd.org", rand_suffix()), &[])
            .await;
        let res = self
            .post_form(&format!("/invite/{}", token_of(&link)), None, "")
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/organiser");
        session_cookie(&res)
    }

    /// Registers through the form as Amina Ben Salah; returns the invitee's cookie.
    pub async fn register(&self, link: &str) -> String {
        self.redeem(link, AMINAS_REGISTRATION).await
    }

    /// The id organisers see for the person with this e-mail address.
    pub async fn person_id(&self, organiser: &str, email: &str) -> String {
        let people: Value = self
            .get_as("/api/v1/people", Some(organiser))
            .await
            .json()
            .await
            .unwrap();
        let person = people
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["email"] == email)
            .expect("listed");
        person["id"].as_str().unwrap().to_string()
    }

    /// The role `/api/v1/me` gives a session cookie; `None` when it is not signed in.
    pub async fn role_of(&self, cookie: Option<&str>) -> Option<String> {
        let res = self.get_as("/api/v1/me", cookie).await;
        match res.status() {
            StatusCode::OK => res.json::<Value>().await.unwrap()["role"]
                .as_str()
                .map(String::from),
            StatusCode::UNAUTHORIZED => None,
            other => panic!("/api/v1/me → {other}"),
        }
    }
}
