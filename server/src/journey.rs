//! The mails of a person's journey: what an organiser's decision sends, a resend, a personal
//! extension of the registration deadline. The API, the organisers' forms and the CLI come here.

use crate::calendar::{CalendarContext, calendar};
use crate::error::{Error, Result};
use crate::mail::compose::{Letter, Recipient};
use crate::state::AppState;
use crate::store::{MailPerson, OutgoingMail};
use app::access::{InvitedRole, PersonId, Status};
use app::i18n::Lang;
use app::mail::MailKind;
use chrono::{DateTime, Utc};

/// The mail that tells a person their new status, when there is one and mail is sent.
pub async fn status_mail(
    state: &AppState,
    id: &PersonId,
    status: Status,
) -> Result<Option<OutgoingMail>> {
    if !state.mail.enabled() || !matches!(status, Status::Confirmed | Status::Declined) {
        return Ok(None);
    }
    let Some(person) = state.store.mail_person(state.agenda.slug(), id).await? else {
        return Ok(None);
    };
    let letter = match status {
        Status::Confirmed => confirmed_letter(state, &person).await?,
        _ => Letter::Declined,
    };
    compose(state, &person, &letter)
}

/// Sends again the mail of the step the person is at: a new registration link while invited
/// (the earlier links keep working until one is used), else what registering, a confirmation
/// or a decline sent. 409 without mail, for a revoked person, or for nothing to resend.
pub async fn resend(state: &AppState, id: &PersonId) -> Result<MailKind> {
    if !state.mail.enabled() {
        return Err(Error::Conflict(
            "no mail is sent: no SMTP server is configured (COMPANION_SMTP_URL)".into(),
        ));
    }
    let slug = state.agenda.slug();
    let person = state
        .store
        .mail_person(slug, id)
        .await?
        .ok_or(Error::NotFound)?;
    let letter = match person.status {
        Status::Invited => {
            let deadline = state.store.deadline_of(slug, id).await?;
            if deadline.is_some_and(|d| d <= state.clock.now()) {
                return Err(Error::Conflict(
                    "the registration deadline has passed: give this person more time to send a link that works".into(),
                ));
            }
            return send_new_link(state, &person)
                .await
                .map(|()| MailKind::Invitation);
        }
        Status::Registered => Letter::Received,
        Status::Confirmed => confirmed_letter(state, &person).await?,
        Status::Declined => Letter::Declined,
        Status::Revoked => {
            return Err(Error::Conflict(
                "this person's invitation was revoked: there is nothing to resend".into(),
            ));
        }
    };
    let kind = letter.kind();
    if let Some(mail) = compose(state, &person, &letter)? {
        state
            .store
            .queue_mail(slug, &mail, state.clock.now())
            .await?;
        state.mail.wake();
    }
    Ok(kind)
}

/// Lets one invitee register after the event's deadline, until `until` (`None` withdraws the
/// extension), and mails them a new link with their own deadline. 409 once they registered.
pub async fn extend(state: &AppState, id: &PersonId, until: Option<DateTime<Utc>>) -> Result<()> {
    let slug = state.agenda.slug();
    let person = state
        .store
        .mail_person(slug, id)
        .await?
        .ok_or(Error::NotFound)?;
    if person.status != Status::Invited {
        return Err(Error::Conflict(
            "only an invitee who has not registered can be given more time".into(),
        ));
    }
    if until.is_some_and(|u| u <= state.clock.now()) {
        return Err(Error::Unprocessable(
            "until: the new deadline must be later than now".into(),
        ));
    }
    state.store.set_registration_until(slug, id, until).await?;
    if state.mail.enabled() && until.is_some() {
        send_new_link(state, &person).await?;
    }
    Ok(())
}

/// A new version of a person's entry pass (a lost phone): the old QR is refused from the
/// doors' next roster on. The new version; 404 for someone not in this event.
pub async fn reissue_pass(state: &AppState, id: &PersonId) -> Result<i64> {
    let new_id = crate::auth::tokens::new_id();
    state
        .store
        .reissue_entry_pass(state.agenda.slug(), id, &new_id, state.clock.wall())
        .await?
        .ok_or(Error::NotFound)
}

/// A fresh single-use registration link and the invitation mail carrying it, together.
async fn send_new_link(state: &AppState, person: &MailPerson) -> Result<()> {
    let slug = state.agenda.slug();
    let token = crate::auth::tokens::new_token();
    let letter = Letter::Invitation {
        link: state.mail.link(&format!("/invite/{token}"), person.lang),
        deadline: state.store.deadline_of(slug, &person.person_id).await?,
        organiser: person.role == InvitedRole::Organiser,
    };
    let Some(mail) = compose(state, person, &letter)? else {
        return Ok(());
    };
    let now = state.clock.now();
    state
        .store
        .queue_link_mail(
            slug,
            &mail,
            &crate::auth::tokens::hash_token(&token),
            now,
            now + state.auth.invitation_ttl,
        )
        .await?;
    state.mail.wake();
    Ok(())
}

/// The confirmation: the app's address, the programme, and the person's entry pass (made now
/// if it was never asked for; the QR code carries no name or address).
async fn confirmed_letter(state: &AppState, person: &MailPerson) -> Result<Letter> {
    let lang = person.lang;
    let event = &state.agenda.current().full.event;
    let pass = state
        .entry
        .pass_of(
            &state.store,
            &person.person_id,
            event,
            &state.auth.public_url,
            state.clock.wall(),
        )
        .await?;
    Ok(Letter::Confirmed {
        app_url: state.mail.link("/", lang),
        calendar: programme_calendar(state, lang).await?,
        pass_png: crate::qr_png::qr_png(&pass.pass)?,
    })
}

fn compose(state: &AppState, person: &MailPerson, letter: &Letter) -> Result<Option<OutgoingMail>> {
    let to = Recipient {
        person_id: Some(person.person_id.clone()),
        name: person.name.clone(),
        email: person.email.clone(),
        lang: person.lang,
    };
    let event = &state.agenda.current().full.event;
    Ok(state.mail.compose(event, &to, letter, state.clock.wall()))
}

/// The programme everyone may see, as iCalendar: links to public session pages only, never a
/// personal feed's secret address.
pub async fn programme_calendar(state: &AppState, lang: Lang) -> Result<String> {
    let agenda = state.agenda.current().public;
    let revisions = state.store.session_revisions(&agenda.event.slug).await?;
    let sessions: Vec<_> = agenda.sessions.iter().filter(|s| !s.cancelled).collect();
    let ctx = CalendarContext {
        agenda: &agenda,
        lang,
        revisions: &revisions,
        alarm_minutes: None,
        public_url: &state.auth.public_url,
        now: state.clock.now(),
    };
    Ok(calendar(&ctx, agenda.event.short_name.get(lang), &sessions))
}
