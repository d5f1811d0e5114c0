//! The access journey's rules, shared by the API, the organiser's forms and the CLI.

use crate::auth::{Auth, tokens};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::mail::Mail;
use crate::mail::compose::{Letter, Recipient};
use crate::store::{Invitation, NewInvitation, PendingInvitation, Store};
use app::access::PersonId;
use app::access::{InvitedRole, Role, Viewer};
use app::i18n::Lang;
use app::model::Agenda;
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Invited {
    pub person_id: PersonId,
    pub email: String,
    pub link: String,
}

/// Allows `viewer` if their role is `at_least`: 401 for strangers, 403 for the rest.
pub fn require(viewer: &Viewer, at_least: Role) -> Result<()> {
    match viewer.role {
        r if r >= at_least => Ok(()),
        Role::Anonymous => Err(Error::Unauthorized),
        _ => Err(Error::Forbidden),
    }
}

/// The signed-in person behind `viewer` (any role from invitee up): 401 otherwise.
pub fn require_person(viewer: &Viewer) -> Result<&PersonId> {
    require(viewer, Role::Invitee)?;
    viewer.person_id.as_ref().ok_or(Error::Unauthorized)
}

/// The signed-in person behind a request (any role from invitee up); 401 otherwise. As an
/// extractor it runs before a handler reads the body, so a stranger learns nothing from how a
/// request would have been validated. Its error is JSON under `/api/v1` and a page in the
/// reader's language for the forms (`html::errors_as_pages`) and pages (`html::loaders`).
pub struct SignedIn {
    pub viewer: Viewer,
    pub person_id: PersonId,
}

impl SignedIn {
    pub fn check(viewer: Viewer) -> Result<Self> {
        let person_id = require_person(&viewer)?.clone();
        Ok(SignedIn { viewer, person_id })
    }
}

/// An organiser's request; 401 for strangers, 403 for everyone else, before the body is read.
pub struct Organiser(pub Viewer);

impl Organiser {
    pub fn check(viewer: Viewer) -> Result<Self> {
        require(&viewer, Role::Organiser)?;
        Ok(Organiser(viewer))
    }
}

/// Door staff's or an organiser's request (scanning passes, the offline roster); 401 for
/// strangers, 403 for everyone else, before the body is read.
pub struct DoorStaff(pub Viewer);

impl DoorStaff {
    pub fn check(viewer: Viewer) -> Result<Self> {
        require(&viewer, Role::Door)?;
        Ok(DoorStaff(viewer))
    }
}

/// Who sent the request, as `auth::authenticate` resolved it.
pub fn viewer_in(extensions: &axum::http::Extensions) -> Viewer {
    extensions
        .get::<Viewer>()
        .cloned()
        .unwrap_or_else(Viewer::anonymous)
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for SignedIn {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self> {
        SignedIn::check(viewer_in(&parts.extensions))
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Organiser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self> {
        Organiser::check(viewer_in(&parts.extensions))
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for DoorStaff {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self> {
        DoorStaff::check(viewer_in(&parts.extensions))
    }
}

/// What inviting needs: the database, the links' key and address, mail, the clock.
#[derive(Clone, Copy)]
pub struct Inviter<'a> {
    pub store: &'a Store,
    pub auth: &'a Auth,
    pub mail: &'a Mail,
    pub clock: &'a Clock,
}

impl<'a> Inviter<'a> {
    pub fn of(state: &'a crate::state::AppState) -> Self {
        Inviter {
            store: &state.store,
            auth: &state.auth,
            mail: &state.mail,
            clock: &state.clock,
        }
    }
}

/// Checks an invitation, stores the person with their invitation mail (when mail is sent) and
/// returns the link (shown once, never stored).
pub async fn invite(inviter: Inviter<'_>, agenda: &Agenda, new: NewInvitation) -> Result<Invited> {
    let store = inviter.store;
    let new = checked(agenda, new).map_err(|problems| Error::Unprocessable(problems.join("; ")))?;
    if store
        .invited_emails(&agenda.event.slug)
        .await?
        .contains(&new.email)
    {
        return Err(Error::Conflict(format!("{} is already invited", new.email)));
    }
    let mut invited = store_all(inviter, agenda, vec![new]).await?;
    invited
        .pop()
        .ok_or_else(|| Error::Internal("no invitation stored".into()))
}

/// The longest name, organisation and country accepted, in characters.
const MAX_TEXT: usize = 200;

/// An invitation as it will be stored (trimmed, lower-case e-mail, a known role), or every
/// problem.
fn checked(
    agenda: &Agenda,
    mut new: NewInvitation,
) -> std::result::Result<Invitation, Vec<String>> {
    new.name = new.name.trim().to_string();
    new.email = new.email.trim().to_lowercase();
    new.organisation = new.organisation.trim().to_string();
    new.country = new.country.trim().to_string();
    let role = match new.role.as_deref() {
        None => Some(InvitedRole::default()),
        Some(text) => InvitedRole::parse(text),
    };
    // `s1;s1` is one invitation to s1.
    new.closed_sessions.sort();
    new.closed_sessions.dedup();
    let lang = match new.lang.as_deref().map(str::trim) {
        None | Some("") => Some(Lang::En),
        Some(code) => Lang::parse(code),
    };
    let mut problems = Vec::new();
    if lang.is_none() {
        let code = new.lang.as_deref().unwrap_or_default();
        problems.push(format!("lang {code:?} is none of en, fr, ar, ru"));
    }
    if new.name.is_empty() || new.name.chars().count() > MAX_TEXT {
        problems.push(format!("name is required (at most {MAX_TEXT} characters)"));
    }
    for (field, value) in [
        ("organisation", &new.organisation),
        ("country", &new.country),
    ] {
        if value.chars().count() > MAX_TEXT {
            problems.push(format!("{field}: at most {MAX_TEXT} characters"));
        }
    }
    if !is_email(&new.email) || new.email.parse::<lettre::Address>().is_err() {
        problems.push(format!("{:?} is not an e-mail address", new.email));
    }
    if role.is_none() {
        let text = new
            .role
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_lowercase();
        problems.push(format!(
            "role {text:?} is none of delegate, door, organiser"
        ));
    }
    if new.closed_sessions.len() > agenda.sessions.len() {
        problems.push("closed_sessions: more sessions than the event has".into());
    } else {
        for id in &new.closed_sessions {
            if !agenda.session(id).is_some_and(|s| s.closed) {
                problems.push(format!("{id:?} is not a closed side event"));
            }
        }
    }
    match (role, lang) {
        (Some(role), Some(lang)) if problems.is_empty() => Ok(Invitation {
            role,
            lang,
            name: new.name,
            email: new.email,
            organisation: new.organisation,
            country: new.country,
            closed_sessions: new.closed_sessions,
        }),
        _ => Err(problems),
    }
}

/// Stores checked invitations together, with their mails (all or none), and returns their links.
async fn store_all(
    inviter: Inviter<'_>,
    agenda: &Agenda,
    invitations: Vec<Invitation>,
) -> Result<Vec<Invited>> {
    let Inviter {
        store,
        auth,
        mail,
        clock,
    } = inviter;
    let now = clock.now();
    let deadline = store.registration_deadline(&agenda.event.slug).await?;
    let mut links = Vec::with_capacity(invitations.len());
    let mut mails = Vec::new();
    let mut pending = Vec::with_capacity(invitations.len());
    for invitation in invitations {
        let token = tokens::new_token();
        let person_id = PersonId(tokens::new_id());
        let to = Recipient {
            person_id: Some(person_id.clone()),
            name: invitation.name.clone(),
            email: invitation.email.clone(),
            lang: invitation.lang,
        };
        let letter = Letter::Invitation {
            link: mail.link(&format!("/invite/{token}"), invitation.lang),
            deadline,
            organiser: invitation.role == InvitedRole::Organiser,
        };
        mails.extend(mail.compose(&agenda.event, &to, &letter, clock.wall()));
        links.push(auth.invitation_link(&token));
        pending.push(PendingInvitation {
            person_id,
            invitation,
            token_hash: tokens::hash_token(&token),
        });
    }
    store
        .create_invitations(
            &agenda.event.slug,
            &pending,
            &mails,
            now,
            now + auth.invitation_ttl,
        )
        .await?;
    if !mails.is_empty() {
        mail.wake();
    }
    Ok(pending
        .into_iter()
        .zip(links)
        .map(|(p, link)| Invited {
            person_id: p.person_id,
            email: p.invitation.email,
            link,
        })
        .collect())
}

/// Invitations from CSV (`name,email,organisation,country[,role][,closed_sessions][,lang]`,
/// header row required): every row is checked, then all are stored in one transaction, or none.
pub async fn invite_csv(inviter: Inviter<'_>, agenda: &Agenda, text: &str) -> Result<Vec<Invited>> {
    let store = inviter.store;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::Unprocessable(format!("CSV header: {e}")))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(name), Some(email)) = (column("name"), column("email")) else {
        return Err(Error::Unprocessable(
            "the CSV needs at least the columns name and email".into(),
        ));
    };
    let (organisation, country, role, closed, lang) = (
        column("organisation"),
        column("country"),
        column("role"),
        column("closed_sessions"),
        column("lang"),
    );
    let mut rows = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| Error::Unprocessable(format!("CSV line {}: {e}", line + 2)))?;
        if rows.len() == MAX_CSV_ROWS {
            return Err(Error::Unprocessable(format!(
                "at most {MAX_CSV_ROWS} rows per file"
            )));
        }
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").to_string();
        rows.push(NewInvitation {
            name: get(Some(name)),
            email: get(Some(email)),
            organisation: get(organisation),
            country: get(country),
            role: Some(get(role)).filter(|r| !r.is_empty()),
            lang: Some(get(lang)).filter(|l| !l.is_empty()),
            closed_sessions: get(closed)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        });
    }
    if rows.is_empty() {
        return Err(Error::Unprocessable("the CSV has no rows".into()));
    }
    let mut known = store.invited_emails(&agenda.event.slug).await?;
    let mut problems = Vec::new();
    let mut accepted = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let line = i + 2;
        match checked(agenda, row) {
            Err(found) => problems.extend(found.into_iter().map(|p| format!("line {line}: {p}"))),
            Ok(row) if !known.insert(row.email.clone()) => {
                problems.push(format!("line {line}: {} is already invited", row.email))
            }
            Ok(row) => accepted.push(row),
        }
    }
    if !problems.is_empty() {
        // A long file's problems, shortened: the first twenty and how many more.
        let more = problems.len().saturating_sub(20);
        problems.truncate(20);
        if more > 0 {
            problems.push(format!("and {more} more"));
        }
        return Err(Error::Unprocessable(problems.join("; ")));
    }
    store_all(inviter, agenda, accepted).await
}

/// The most rows one CSV may hold.
const MAX_CSV_ROWS: usize = 5000;

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && s.len() <= 254
        && !s.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_for_access_checks() {
        let as_role = |role| Viewer {
            role,
            ..Viewer::anonymous()
        };
        assert!(matches!(
            require(&as_role(Role::Anonymous), Role::Delegate),
            Err(Error::Unauthorized)
        ));
        assert!(matches!(
            require(&as_role(Role::Invitee), Role::Delegate),
            Err(Error::Forbidden)
        ));
        assert!(require(&as_role(Role::Delegate), Role::Delegate).is_ok());
        assert!(matches!(
            require(&as_role(Role::Delegate), Role::Organiser),
            Err(Error::Forbidden)
        ));
        assert!(require(&as_role(Role::Organiser), Role::Delegate).is_ok());
        assert!(require(&as_role(Role::Door), Role::Delegate).is_ok());
        assert!(DoorStaff::check(as_role(Role::Door)).is_ok());
        assert!(DoorStaff::check(as_role(Role::Organiser)).is_ok());
        assert!(matches!(
            DoorStaff::check(as_role(Role::Delegate)),
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            Organiser::check(as_role(Role::Door)),
            Err(Error::Forbidden)
        ));
    }

    #[test]
    fn e_mail_addresses_need_a_local_part_and_a_dotted_domain() {
        assert!(is_email("a.b@icmpd.org"));
        for bad in ["", "a@", "@x.org", "a@localhost", "a b@x.org", "a@.org"] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
