//! Who is looking, and the data of the access journey (invitation, registration, review),
//! shared by the server and the pages.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Anonymous,
    /// Invited, registered or not, and not yet confirmed.
    Invitee,
    Delegate,
    /// A confirmed participant who also checks passes at the door (`/door`).
    Door,
    Organiser,
}

impl Role {
    /// Door staff and organisers: may scan passes and hold the offline roster.
    pub fn checks_passes(self) -> bool {
        self >= Role::Door
    }
}

/// A person's id: opaque, random, never their name or e-mail. A type of its own so that a
/// person's id and a session's cannot be swapped in a call (`set_bookmark(person, session)`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(transparent))]
#[serde(transparent)]
pub struct PersonId(pub String);

impl PersonId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PersonId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The person behind a request, resolved from the session cookie on every request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub role: Role,
    pub person_id: Option<PersonId>,
    pub name: Option<String>,
    /// Closed side events this person was invited to.
    pub closed_sessions: Vec<String>,
}

impl Viewer {
    pub fn anonymous() -> Self {
        Viewer {
            role: Role::Anonymous,
            person_id: None,
            name: None,
            closed_sessions: Vec::new(),
        }
    }

    pub fn may_see_closed(&self, session_id: &str) -> bool {
        self.role == Role::Organiser || self.closed_sessions.iter().any(|s| s == session_id)
    }
}

/// What an invitation makes a person once confirmed; stored with them. (`Role` is what a
/// viewer may do right now, which also depends on their status.)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitedRole {
    #[default]
    Delegate,
    /// Door staff: a participant who also checks entry passes.
    Door,
    Organiser,
}

impl InvitedRole {
    pub fn slug(self) -> &'static str {
        match self {
            InvitedRole::Delegate => "delegate",
            InvitedRole::Door => "door",
            InvitedRole::Organiser => "organiser",
        }
    }

    /// A role as organisers type it in a form or a CSV column (any case, spaces around).
    pub fn parse(text: &str) -> Option<InvitedRole> {
        Self::from_slug(&text.trim().to_ascii_lowercase())
    }

    /// A role exactly as it is stored: anything else in the database is corrupt.
    pub fn from_slug(slug: &str) -> Option<InvitedRole> {
        [
            InvitedRole::Delegate,
            InvitedRole::Door,
            InvitedRole::Organiser,
        ]
        .into_iter()
        .find(|r| r.slug() == slug)
    }

    /// The role this person has now: only a confirmed person has their invited role.
    pub fn effective(self, status: Status) -> Role {
        match (self, status) {
            (InvitedRole::Organiser, Status::Confirmed) => Role::Organiser,
            (InvitedRole::Delegate, Status::Confirmed) => Role::Delegate,
            (InvitedRole::Door, Status::Confirmed) => Role::Door,
            (_, Status::Invited | Status::Registered) => Role::Invitee,
            (_, Status::Declined | Status::Revoked) => Role::Anonymous,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Invited,
    Registered,
    Confirmed,
    Declined,
    Revoked,
}

impl Status {
    pub fn slug(self) -> &'static str {
        match self {
            Status::Invited => "invited",
            Status::Registered => "registered",
            Status::Confirmed => "confirmed",
            Status::Declined => "declined",
            Status::Revoked => "revoked",
        }
    }

    pub fn parse(slug: &str) -> Option<Status> {
        [
            Status::Invited,
            Status::Registered,
            Status::Confirmed,
            Status::Declined,
            Status::Revoked,
        ]
        .into_iter()
        .find(|s| s.slug() == slug)
    }
}

/// What the registration form collects, once every field parsed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Registration {
    pub full_name: String,
    pub organisation: String,
    pub country: String,
    pub title: String,
    pub preferred_language: Lang,
    pub interpretation_needs: Vec<Lang>,
    pub accessibility_needs: String,
    pub side_events: Vec<String>,
    pub consent: bool,
}

/// Why a form field was refused; the page words it in the reader's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    Required,
    TooLong,
    Invalid,
    ConsentRequired,
}

pub type FieldErrors = Vec<(String, FieldProblem)>;

/// The form as typed, kept so that nothing is lost when it comes back with errors.
pub type FormValues = Vec<(String, String)>;

pub fn form_value<'a>(values: &'a FormValues, name: &str) -> &'a str {
    values
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

pub fn form_values<'a>(
    values: &'a FormValues,
    name: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    values
        .iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

const SHORT: usize = 200;
const LONG: usize = 2000;

impl Registration {
    /// Parses the submitted form; `side_events` must be among `offered`.
    pub fn parse(values: &FormValues, offered: &[String]) -> Result<Registration, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut text = |name: &str, required: bool, max: usize| {
            let v = form_value(values, name).trim().to_string();
            if required && v.is_empty() {
                errors.push((name.into(), FieldProblem::Required));
            } else if v.chars().count() > max {
                errors.push((name.into(), FieldProblem::TooLong));
            }
            v
        };
        let full_name = text("full_name", true, SHORT);
        let organisation = text("organisation", true, SHORT);
        let country = text("country", true, SHORT);
        let title = text("title", false, SHORT);
        let accessibility_needs = text("accessibility_needs", false, LONG);
        let preferred_language = match form_value(values, "preferred_language") {
            "" => {
                errors.push(("preferred_language".into(), FieldProblem::Required));
                None
            }
            code => Lang::parse(code).or_else(|| {
                errors.push(("preferred_language".into(), FieldProblem::Invalid));
                None
            }),
        };
        let mut interpretation_needs = Vec::new();
        for code in form_values(values, "interpretation_needs") {
            match Lang::parse(code) {
                Some(l) if !interpretation_needs.contains(&l) => interpretation_needs.push(l),
                Some(_) => {}
                None => errors.push(("interpretation_needs".into(), FieldProblem::Invalid)),
            }
        }
        let mut side_events = Vec::new();
        for id in form_values(values, "side_events") {
            if offered.iter().any(|o| o == id) {
                if !side_events.iter().any(|s| s == id) {
                    side_events.push(id.to_string());
                }
            } else {
                errors.push(("side_events".into(), FieldProblem::Invalid));
            }
        }
        let consent = form_value(values, "consent") == "yes";
        if !consent {
            errors.push(("consent".into(), FieldProblem::ConsentRequired));
        }
        match (errors.is_empty(), preferred_language) {
            (true, Some(preferred_language)) => Ok(Registration {
                full_name,
                organisation,
                country,
                title,
                preferred_language,
                interpretation_needs,
                accessibility_needs,
                side_events,
                consent,
            }),
            _ => Err(errors),
        }
    }
}

/// A person as organisers review them. Never shown to anyone else (Chatham House).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PersonSummary {
    pub id: PersonId,
    pub role: InvitedRole,
    pub status: Status,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub country: String,
    pub registration: Option<Registration>,
    pub closed_sessions: Vec<String>,
    pub created_at: String,
    /// The language mails go out in: chosen at invitation, then the registration's preferred one.
    pub lang: Lang,
    /// An organiser's extension of the registration deadline for this person.
    pub registration_until: Option<chrono::DateTime<chrono::Utc>>,
    /// What was mailed to them, newest first.
    pub mails: Vec<crate::mail::MailRecord>,
}

/// Why an invitation link no longer opens the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkProblem {
    Unknown,
    Expired,
    Used,
    Revoked,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invited_roles_parse_leniently_from_people_and_exactly_from_storage() {
        assert_eq!(
            InvitedRole::parse(" Organiser "),
            Some(InvitedRole::Organiser)
        );
        assert_eq!(InvitedRole::parse("king"), None);
        assert_eq!(InvitedRole::from_slug("Organiser"), None);
        assert_eq!(
            InvitedRole::from_slug("delegate"),
            Some(InvitedRole::Delegate)
        );
        let organiser = InvitedRole::Organiser;
        assert_eq!(organiser.effective(Status::Confirmed), Role::Organiser);
        assert_eq!(organiser.effective(Status::Registered), Role::Invitee);
        assert_eq!(organiser.effective(Status::Revoked), Role::Anonymous);
        assert_eq!(
            InvitedRole::Delegate.effective(Status::Confirmed),
            Role::Delegate
        );
        let door = InvitedRole::parse("DOOR").unwrap();
        assert_eq!(door.effective(Status::Confirmed), Role::Door);
        assert_eq!(door.effective(Status::Invited), Role::Invitee);
        // Door staff see what participants see and check passes; only organisers organise.
        assert!(Role::Door > Role::Delegate && Role::Door < Role::Organiser);
        assert!(Role::Door.checks_passes() && Role::Organiser.checks_passes());
        assert!(!Role::Delegate.checks_passes());
    }

    fn values(pairs: &[(&str, &str)]) -> FormValues {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn complete() -> FormValues {
        values(&[
            ("full_name", " Amina Ben Salah "),
            ("organisation", "Garde nationale"),
            ("country", "Tunisia"),
            ("preferred_language", "fr"),
            ("interpretation_needs", "ar"),
            ("interpretation_needs", "ar"),
            ("side_events", "d1-side-digital"),
            ("consent", "yes"),
        ])
    }

    #[test]
    fn a_complete_form_parses_trimmed_and_deduplicated() {
        let r = Registration::parse(&complete(), &["d1-side-digital".into()]).unwrap();
        assert_eq!(r.full_name, "Amina Ben Salah");
        assert_eq!(r.preferred_language, Lang::Fr);
        assert_eq!(r.interpretation_needs, [Lang::Ar]);
        assert_eq!(r.side_events, ["d1-side-digital"]);
    }

    #[test]
    fn every_problem_is_reported_against_its_field() {
        let mut v = values(&[
            ("full_name", "  "),
            ("organisation", &"x".repeat(201)),
            ("preferred_language", "de"),
        ]);
        v.push(("side_events".into(), "not-offered".into()));
        let errors = Registration::parse(&v, &[]).unwrap_err();
        assert!(errors.contains(&("full_name".into(), FieldProblem::Required)));
        assert!(errors.contains(&("organisation".into(), FieldProblem::TooLong)));
        assert!(errors.contains(&("country".into(), FieldProblem::Required)));
        assert!(errors.contains(&("preferred_language".into(), FieldProblem::Invalid)));
        assert!(errors.contains(&("side_events".into(), FieldProblem::Invalid)));
        assert!(errors.contains(&("consent".into(), FieldProblem::ConsentRequired)));
    }

    #[test]
    fn closed_sessions_are_visible_to_their_invitees_and_organisers_only() {
        let mut v = Viewer::anonymous();
        assert!(!v.may_see_closed("heads"));
        v.closed_sessions = vec!["heads".into()];
        assert!(v.may_see_closed("heads") && !v.may_see_closed("other"));
        let organiser = Viewer {
            role: Role::Organiser,
            ..Viewer::anonymous()
        };
        assert!(organiser.may_see_closed("anything"));
    }
}

/// What `/invite/{token}` shows, decided by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InviteView {
    Problem(LinkProblem),
    /// The registration deadline (the person's own, if extended) has passed.
    Closed {
        deadline: chrono::DateTime<chrono::Utc>,
    },
    TooManyAttempts(u64),
    OrganiserConfirm {
        name: String,
    },
    Register {
        name: String,
        email: String,
        organisation: String,
        country: String,
        values: FormValues,
        errors: FieldErrors,
        /// When registration closes for this person, shown above the form.
        deadline: Option<chrono::DateTime<chrono::Utc>>,
    },
}

/// What the organiser console shows besides the people: links just created (shown once).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrganiserView {
    pub people: Vec<PersonSummary>,
    /// Bookmarks per session id, to plan rooms: shown in aggregate, small counts as "<5".
    pub interest: Vec<(String, i64)>,
    pub created: Vec<(String, String)>,
    pub error: Option<String>,
    /// Whether mails are sent (an SMTP server is configured).
    pub mail_enabled: bool,
    pub registration_deadline: Option<chrono::DateTime<chrono::Utc>>,
    /// Reminders before the deadline, in minutes, largest first.
    pub reminder_minutes: Vec<i64>,
    /// A confirmation to show once (a resend, a saved deadline).
    pub notice: Option<String>,
}

/// A one-time code (and its QR, as SVG) to sign in a second device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceCodeView {
    pub code: String,
    pub url: String,
    pub qr_svg: String,
}

/// A confirmed participant's entry pass on `/me`: the QR (SVG) and, under it, for the human at
/// the door, the name and organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryPassView {
    pub qr_svg: String,
    pub name: String,
    pub organisation: String,
    pub valid_from: chrono::DateTime<chrono::Utc>,
    /// The end (exclusive): midnight after the last day.
    pub valid_until: chrono::DateTime<chrono::Utc>,
}

/// The outcome of a sign-in attempt with a code, when it failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInProblem {
    Invalid,
    /// A real code, withdrawn because too many wrong codes were tried during its life.
    Withdrawn,
    TooManyAttempts(u64),
}

/// What `/signin` offers and, after the e-mail form, answers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignInOptions {
    /// Whether sign-in links can be mailed (an SMTP server is configured).
    pub by_mail: bool,
    /// The answer to the e-mail form: the same whether or not the address is known.
    pub mailed_to: Option<String>,
    /// Why a device code did not sign in.
    pub problem: Option<SignInProblem>,
}

/// What `/signin/{token}` shows: a button that signs this device in, or why it cannot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInLinkView {
    Live,
    /// Unknown, used, expired, or its person no longer confirmed: one answer for all.
    Invalid,
}

/// The signed-in viewer's bookmarked session ids, loaded for the pages that show stars.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MyBookmarks(pub Vec<String>);

/// One change to a bookmarked session since the person last looked, values as stored (JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleChange {
    pub session_id: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// What `/schedule` shows as "changed since you last looked".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScheduleChanges(pub Vec<ScheduleChange>);

/// The organisers' change log: every version with its changes, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeLog(pub Vec<ChangeLogVersion>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeLogVersion {
    pub version: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub changes: Vec<ScheduleChange>,
}

/// Counts below this are shown as "<5": small groups could point at individuals.
pub const SMALLEST_SHOWN_COUNT: i64 = 5;

/// A bookmark count as organisers see it.
pub fn shown_count(count: i64) -> String {
    if count < SMALLEST_SHOWN_COUNT {
        format!("<{SMALLEST_SHOWN_COUNT}")
    } else {
        count.to_string()
    }
}

/// The person's private calendar feed, as `/schedule` offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CalendarFeed {
    pub url: String,
    pub https_url: String,
    pub alarm_minutes: u32,
}

/// What the programme console shows after a form: an error, a preview, what was sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsoleView {
    pub error: Option<String>,
    /// The announcement as typed, per language code, and its audience.
    pub texts: Vec<(String, String)>,
    pub audience: String,
    /// Title and body per language, as devices will show them.
    pub preview: Vec<(crate::i18n::Lang, String, String)>,
    /// A notification to follow live.
    pub notification: Option<String>,
    pub announced_devices: Option<u64>,
}
