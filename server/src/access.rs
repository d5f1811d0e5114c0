//! The access journey's rules, shared by the API, the organiser's forms and the CLI.

use crate::auth::{Auth, tokens};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::{NewInvitation, Store};
use app::access::{Role, Viewer};
use app::model::Agenda;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Invited {
    pub person_id: String,
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
pub fn require_person(viewer: &Viewer) -> Result<&str> {
    require(viewer, Role::Invitee)?;
    viewer.person_id.as_deref().ok_or(Error::Unauthorized)
}

/// Checks an invitation, stores the person and returns the link (shown once, never stored).
pub async fn invite(
    store: &Store,
    auth: &Auth,
    clock: &Clock,
    agenda: &Agenda,
    mut new: NewInvitation,
) -> Result<Invited> {
    new.name = new.name.trim().to_string();
    new.email = new.email.trim().to_lowercase();
    let role = new
        .role
        .get_or_insert_with(|| "delegate".into())
        .trim()
        .to_lowercase();
    let mut problems = Vec::new();
    if new.name.is_empty() || new.name.chars().count() > 200 {
        problems.push("name is required (at most 200 characters)".to_string());
    }
    if !is_email(&new.email) {
        problems.push(format!("{:?} is not an e-mail address", new.email));
    }
    if !matches!(role.as_str(), "delegate" | "organiser") {
        problems.push(format!("role {role:?} is neither delegate nor organiser"));
    }
    for id in &new.closed_sessions {
        if !agenda.session(id).is_some_and(|s| s.closed) {
            problems.push(format!("{id:?} is not a closed side event"));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Unprocessable(problems.join("; ")));
    }
    new.role = Some(role);
    if store
        .people(&agenda.event.slug)
        .await?
        .iter()
        .any(|p| p.email == new.email)
    {
        return Err(Error::Conflict(format!("{} is already invited", new.email)));
    }
    let token = tokens::new_token();
    let person_id = tokens::new_id();
    let now = clock.now();
    store
        .create_invitation(
            &agenda.event.slug,
            &person_id,
            &new,
            &tokens::hash_token(&token),
            now,
            now + auth.invitation_ttl,
        )
        .await?;
    Ok(Invited {
        person_id,
        email: new.email,
        link: auth.invitation_link(&token),
    })
}

/// Invitations from CSV (`name,email,organisation,country[,role][,closed_sessions]`, header
/// row required): every row is checked before any is stored.
pub async fn invite_csv(
    store: &Store,
    auth: &Auth,
    clock: &Clock,
    agenda: &Agenda,
    text: &str,
) -> Result<Vec<Invited>> {
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
    let (organisation, country, role, closed) = (
        column("organisation"),
        column("country"),
        column("role"),
        column("closed_sessions"),
    );
    let mut rows = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| Error::Unprocessable(format!("CSV line {}: {e}", line + 2)))?;
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").to_string();
        rows.push(NewInvitation {
            name: get(Some(name)),
            email: get(Some(email)),
            organisation: get(organisation),
            country: get(country),
            role: Some(get(role)).filter(|r| !r.is_empty()),
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
    if rows.len() > 5000 {
        return Err(Error::Unprocessable("at most 5000 rows per file".into()));
    }
    let known: Vec<String> = store
        .people(&agenda.event.slug)
        .await?
        .into_iter()
        .map(|p| p.email)
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let email = row.email.trim().to_lowercase();
        if row.name.trim().is_empty() || !is_email(&email) {
            problems.push(format!(
                "line {}: a name and an e-mail address are required",
                i + 2
            ));
        } else if known.contains(&email) || !seen.insert(email.clone()) {
            problems.push(format!("line {}: {email} is already invited", i + 2));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Unprocessable(problems.join("; ")));
    }
    let mut invited = Vec::with_capacity(rows.len());
    for row in rows {
        invited.push(invite(store, auth, clock, agenda, row).await?);
    }
    Ok(invited)
}

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
    }

    #[test]
    fn e_mail_addresses_need_a_local_part_and_a_dotted_domain() {
        assert!(is_email("a.b@icmpd.org"));
        for bad in ["", "a@", "@x.org", "a@localhost", "a b@x.org", "a@.org"] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
