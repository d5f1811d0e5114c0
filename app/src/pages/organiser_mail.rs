//! The organisers' console, mail side: whether mail goes out, the registration deadline, and
//! per person what was mailed, with "send again" and a personal extension.

use crate::access::{OrganiserView, PersonSummary, Status};
use crate::domain::venue_time::{VenueTime, day_and_clock, venue_date_time};
use crate::i18n::Lang;
use crate::mail::{MailRecord, MailStatus};
use crate::model::Event;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// What a `datetime-local` input shows for an instant, in venue time (as the console writes it).
fn local_input(event: &Event, at: DateTime<Utc>) -> String {
    let venue = VenueTime::of(event);
    format!("{}T{}", venue.date(at), venue.clock(at))
}

/// "7 d, 1 d" for the configured reminders.
fn reminders_text(minutes: &[i64], lang: Lang) -> String {
    let units = lang.mail().units;
    let (n_and_unit, separator): (fn(i64, usize, &[&str; 3]) -> String, _) = match lang {
        Lang::Ar => (arabic_count, "، "),
        _ => (|n, unit, units| format!("{n} {}", units[unit]), ", "),
    };
    minutes
        .iter()
        .map(|m| match *m {
            m if m % (24 * 60) == 0 => n_and_unit(m / (24 * 60), 0, &units),
            m if m % 60 == 0 => n_and_unit(m / 60, 1, &units),
            m => n_and_unit(m, 2, &units),
        })
        .collect::<Vec<_>>()
        .join(separator)
}

/// An Arabic count with its noun: one and two have their own forms, three to ten the plural,
/// eleven and more the singular in the accusative.
fn arabic_count(n: i64, unit: usize, _: &[&str; 3]) -> String {
    const FORMS: [[&str; 4]; 3] = [
        ["يوم واحد", "يومان", "أيام", "يومًا"],
        ["ساعة واحدة", "ساعتان", "ساعات", "ساعة"],
        ["دقيقة واحدة", "دقيقتان", "دقائق", "دقيقة"],
    ];
    let forms = FORMS[unit.min(2)];
    match n {
        1 => forms[0].into(),
        2 => forms[1].into(),
        3..=10 => format!("{n} {}", forms[2]),
        _ => format!("{n} {}", forms[3]),
    }
}

/// Whether mail goes out, and the deadline form.
pub fn deadline_section(data: &OrganiserView, event: &Event, lang: Lang) -> impl IntoView + use<> {
    let m = lang.mail();
    let banner = if data.mail_enabled {
        view! { <p class="mail-status on">{m.mail_on}</p> }.into_any()
    } else {
        view! { <p class="mail-status off" role="status">{m.mail_off}</p> }.into_any()
    };
    let current = match data.registration_deadline {
        Some(at) => m
            .deadline_is
            .replace("{deadline}", &venue_date_time(event, at, lang)),
        None => m.deadline_none.to_string(),
    };
    let help = if data.reminder_minutes.is_empty() {
        m.reminders_none.to_string()
    } else {
        m.deadline_help
            .replace("{reminders}", &reminders_text(&data.reminder_minutes, lang))
    };
    let value = data
        .registration_deadline
        .map(|at| local_input(event, at))
        .unwrap_or_default();
    view! {
        {banner}
        <details class="notice deadline" open=data.registration_deadline.is_none()>
            <summary>{m.deadline_heading}</summary>
            <p class="deadline-now">{current}</p>
            <form method="post" action="/organiser/deadline" class="stack">
                <label class="field"><span>{m.deadline_heading}</span>
                    <input type="datetime-local" name="deadline" value=value/>
                </label>
                <p class="muted">{help}</p>
                <button type="submit" class="button">{m.deadline_save}</button>
            </form>
        </details>
    }
}

/// The language select of the invitation form.
pub fn lang_select(lang: Lang) -> impl IntoView + use<> {
    let options = Lang::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() lang=l.code() selected=l == lang>{l.endonym()}</option> })
        .collect_view();
    view! {
        <label class="field"><span>{lang.mail().field_lang}</span>
            <select name="lang">{options}</select>
        </label>
    }
}

fn mail_line(mail: &MailRecord, venue: &VenueTime, lang: Lang) -> impl IntoView + use<> {
    let m = lang.mail();
    let status_index = match mail.status {
        MailStatus::Pending => 0,
        MailStatus::Sending => 1,
        MailStatus::Sent => 2,
        MailStatus::Failed => 3,
    };
    let when = day_and_clock(venue, mail.sent_at.unwrap_or(mail.created_at), lang);
    let retry = mail
        .next_attempt_at
        .filter(|_| mail.attempts > 0)
        .map(|at| {
            format!(
                " · {}",
                m.next_try
                    .replace("{time}", &day_and_clock(venue, at, lang))
            )
        });
    let error = mail
        .last_error
        .clone()
        .map(|e| view! { <br/><bdi class="mail-error" dir="ltr">{e}</bdi> });
    view! {
        <li class="mail" data-kind=mail.kind.slug() data-status=mail.status.slug()>
            <span>{m.kinds[mail.kind.index()]}</span>" · "
            <span class=format!("mail-state {}", mail.status.slug())>{m.statuses[status_index]}</span>" · "
            <bdi dir="ltr">{when}</bdi>" ("{mail.lang.code().to_uppercase()}")"{retry}
            {error}
        </li>
    }
}

/// A person's mails, "send again", and (for an invitee) their own deadline.
pub fn person_mail(
    p: &PersonSummary,
    data: &OrganiserView,
    event: &Event,
    lang: Lang,
) -> impl IntoView + use<> {
    let m = lang.mail();
    let venue = VenueTime::of(event);
    let lines = p
        .mails
        .iter()
        .map(|mail| mail_line(mail, &venue, lang))
        .collect_view();
    let log = (!p.mails.is_empty()).then(|| {
        view! {
            <details class="mails">
                <summary>{m.mails_heading}" ("{p.mails.len()}")"</summary>
                <ul class="plain">{lines}</ul>
            </details>
        }
    });
    let resend = (data.mail_enabled && p.status != Status::Revoked).then(|| {
        view! {
            <form method="post" action=format!("/organiser/people/{}/resend", p.id)>
                <button type="submit" class="button small secondary action-resend">{m.resend}</button>
            </form>
        }
    });
    let own = p
        .registration_until
        .map(|at| view! { <p class="meta">{m.own_deadline.replace("{deadline}", &venue_date_time(event, at, lang))}</p> });
    let extend = (p.status == Status::Invited && data.registration_deadline.is_some()).then(|| {
        let value = p.registration_until.map(|at| local_input(event, at)).unwrap_or_default();
        view! {
            <form method="post" action=format!("/organiser/people/{}/extend", p.id) class="inline-form">
                <label class="field"><span>{m.extend_label}</span>
                    <input type="datetime-local" name="until" value=value required/>
                </label>
                <button type="submit" class="button small secondary action-extend">{m.extend_button}</button>
            </form>
        }
    });
    view! { {own}{log}<div class="actions">{resend}</div>{extend} }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminder_offsets_read_naturally_in_each_language() {
        let minutes = [7 * 24 * 60, 24 * 60, 12 * 60, 30];
        assert_eq!(reminders_text(&minutes, Lang::En), "7 d, 1 d, 12 h, 30 min");
        assert_eq!(
            reminders_text(&minutes, Lang::Ar),
            "7 أيام، يوم واحد، 12 ساعة، 30 دقيقة"
        );
        assert_eq!(reminders_text(&[2 * 24 * 60], Lang::Ar), "يومان");
    }
}
