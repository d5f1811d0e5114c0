//! A mail as it goes out: plain text and HTML alternatives of the same words (Arabic right to
//! left), an optional calendar attachment, RFC 2047 subjects and names, `Message-ID`, `Date`,
//! `Auto-Submitted: auto-generated`. Built once, when the mail is written to the outbox.

use super::texts::{MailTexts, texts};
use crate::error::{Error, Result};
use crate::markup::escape;
use crate::store::OutgoingMail;
use app::access::PersonId;
use app::domain::venue_time::{long_date, venue_date_time};
use app::i18n::Lang;
use app::mail::MailKind;
use app::model::Event;
use chrono::{DateTime, Utc};
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};

/// Who a mail is for.
pub struct Recipient {
    pub person_id: Option<PersonId>,
    pub name: String,
    pub email: String,
    pub lang: Lang,
}

/// What a mail says, besides the event.
pub enum Letter {
    Invitation {
        link: String,
        deadline: Option<DateTime<Utc>>,
        organiser: bool,
    },
    Reminder {
        link: String,
        deadline: DateTime<Utc>,
    },
    Received,
    Confirmed {
        app_url: String,
        /// The programme as iCalendar, holding no secret link.
        calendar: String,
        /// The entry pass's QR code as a PNG (the pass holds no name or address).
        pass_png: Vec<u8>,
    },
    Declined,
    SignIn {
        link: String,
        minutes: i64,
    },
}

impl Letter {
    pub fn kind(&self) -> MailKind {
        match self {
            Letter::Invitation { .. } => MailKind::Invitation,
            Letter::Reminder { .. } => MailKind::Reminder,
            Letter::Received => MailKind::Received,
            Letter::Confirmed { .. } => MailKind::Confirmed,
            Letter::Declined => MailKind::Declined,
            Letter::SignIn { .. } => MailKind::SignIn,
        }
    }
}

/// The words of a mail before they become text and HTML.
struct Body {
    paragraphs: Vec<String>,
    button: Option<(String, String)>,
    /// Shown small under the button, with the link written out when there is one.
    small: Vec<String>,
    link: Option<String>,
}

/// `Auto-Submitted: auto-generated` (RFC 3834): no vacation replies, no loops.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".into())
    }
}

/// `Content-Language` (RFC 3282): the recipient's language, for clients that read it aloud.
#[derive(Clone)]
struct ContentLanguage(&'static str);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(s: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Lang::parse(s)
            .map(|l| ContentLanguage(l.code()))
            .ok_or_else(|| "not a working language".into())
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.into())
    }
}

/// The sender's side of every mail.
pub struct Composer {
    pub from: Mailbox,
    /// The host of `--public-url`, for Message-IDs.
    host: String,
}

impl Composer {
    pub fn new(from: Mailbox, public_url: &str) -> Self {
        let host = url::Url::parse(public_url)
            .ok()
            .and_then(|u| u.host_str().map(String::from))
            .unwrap_or_else(|| "delegate-companion.invalid".into());
        Composer { from, host }
    }

    /// Writes the mail: `once_key` defaults to its own id (a mail that happens once anyway).
    pub fn compose(
        &self,
        event: &Event,
        to: &Recipient,
        letter: &Letter,
        once_key: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<OutgoingMail> {
        let t = texts(to.lang);
        let fill = |template: &str| fill(template, event, to, t);
        let (subject, body) = words(event, to, letter, t, &fill);
        // Time first, so that a person's mails sort in the order they were written.
        let id = format!(
            "{:014x}{}",
            now.timestamp_micros().max(0),
            &crate::auth::tokens::new_id()[..18]
        );
        let message_id = format!("<{id}@{}>", self.host);
        let address: lettre::Address = to
            .email
            .parse()
            .map_err(|e| Error::Unprocessable(format!("{:?} cannot be mailed: {e}", to.email)))?;
        let mailbox = Mailbox::new(Some(to.name.clone()), address);
        let alternative = MultiPart::alternative_plain_html(
            plain(&fill(t.greeting), &body, &fill(t.footer)),
            html(to.lang, &subject, &fill(t.greeting), &body, &fill(t.footer)),
        );
        let content = match letter {
            Letter::Confirmed {
                calendar, pass_png, ..
            } => MultiPart::mixed()
                .multipart(alternative)
                .singlepart(
                    Attachment::new(format!("{}-{}.ics", t.programme_file, event.slug)).body(
                        calendar.clone(),
                        ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                            .map_err(|e| Error::Internal(format!("calendar content type: {e}")))?,
                    ),
                )
                .singlepart(
                    Attachment::new(format!("{}-{}.png", t.pass_file, event.slug)).body(
                        pass_png.clone(),
                        ContentType::parse("image/png")
                            .map_err(|e| Error::Internal(format!("image content type: {e}")))?,
                    ),
                ),
            _ => alternative,
        };
        let message = lettre::Message::builder()
            .from(self.from.clone())
            .to(mailbox)
            .subject(subject.clone())
            .message_id(Some(message_id.clone()))
            .date(now.into())
            .header(AutoSubmitted)
            .header(ContentLanguage(to.lang.code()))
            .multipart(content)
            .map_err(|e| Error::Internal(format!("composing a mail: {e}")))?;
        Ok(OutgoingMail {
            once_key: once_key.unwrap_or_else(|| format!("{}:{id}", letter.kind().slug())),
            id,
            person_id: to.person_id.clone(),
            kind: letter.kind(),
            recipient: to.email.clone(),
            lang: to.lang,
            subject,
            message: message.formatted(),
            message_id,
        })
    }
}

fn event_dates(event: &Event, lang: Lang) -> String {
    let (start, end) = (
        long_date(event.start_date, lang),
        long_date(event.end_date, lang),
    );
    if start == end {
        start
    } else {
        format!("{start} – {end}")
    }
}

fn fill(template: &str, event: &Event, to: &Recipient, _: &MailTexts) -> String {
    // The name last: what a person typed as their name is never read as a placeholder.
    template
        .replace("{event}", event.name.get(to.lang))
        .replace("{dates}", &event_dates(event, to.lang))
        .replace("{venue}", event.venue.get(to.lang))
        .replace("{contact}", &event.contact_email)
        .replace("{name}", &to.name)
}

fn words(
    event: &Event,
    to: &Recipient,
    letter: &Letter,
    t: &MailTexts,
    fill: &dyn Fn(&str) -> String,
) -> (String, Body) {
    let deadline_text = |at: &DateTime<Utc>| venue_date_time(event, *at, to.lang);
    let with_link = |paragraphs: Vec<String>, label: &str, link: &str| Body {
        paragraphs,
        button: Some((label.to_string(), link.to_string())),
        small: vec![t.personal_link.to_string()],
        link: Some(link.to_string()),
    };
    match letter {
        Letter::Invitation {
            link,
            deadline,
            organiser,
        } => {
            let (intro, button) = match organiser {
                true => (t.organiser_intro, t.organiser_button),
                false => (t.invitation_intro, t.register_button),
            };
            let mut paragraphs = vec![fill(intro)];
            if let Some(at) = deadline.filter(|_| !organiser) {
                paragraphs.push(t.register_by.replace("{deadline}", &deadline_text(&at)));
            }
            (
                fill(t.invitation_subject),
                with_link(paragraphs, button, link),
            )
        }
        Letter::Reminder { link, deadline } => {
            let at = deadline_text(deadline);
            (
                fill(&t.reminder_subject.replace("{deadline}", &at)),
                with_link(
                    vec![fill(&t.reminder_intro.replace("{deadline}", &at))],
                    t.register_button,
                    link,
                ),
            )
        }
        Letter::Received => (
            fill(t.received_subject),
            Body {
                paragraphs: vec![fill(t.received_body)],
                button: None,
                small: Vec::new(),
                link: None,
            },
        ),
        Letter::Confirmed { app_url, .. } => (
            fill(t.confirmed_subject),
            Body {
                paragraphs: vec![
                    fill(t.confirmed_body),
                    t.install_help.to_string(),
                    t.sign_in_help.to_string(),
                    t.calendar_attached.to_string(),
                    t.pass_attached.to_string(),
                ],
                button: Some((t.open_app.to_string(), app_url.clone())),
                small: Vec::new(),
                link: Some(app_url.clone()),
            },
        ),
        Letter::Declined => (
            fill(t.declined_subject),
            Body {
                paragraphs: vec![fill(t.declined_body)],
                button: None,
                small: Vec::new(),
                link: None,
            },
        ),
        Letter::SignIn { link, minutes } => {
            let mut body = with_link(
                vec![fill(
                    &t.sign_in_body.replace("{minutes}", &minutes.to_string()),
                )],
                t.sign_in_button,
                link,
            );
            body.small.push(t.sign_in_ignore.to_string());
            (fill(t.sign_in_subject), body)
        }
    }
}

fn plain(greeting: &str, body: &Body, footer: &str) -> String {
    let mut out = format!("{greeting}\n\n");
    for p in &body.paragraphs {
        out.push_str(p);
        out.push_str("\n\n");
    }
    if let Some((label, link)) = &body.button {
        out.push_str(&format!("{label}:\n{link}\n\n"));
    }
    for p in &body.small {
        out.push_str(p);
        out.push_str("\n\n");
    }
    out.push_str("-- \n");
    out.push_str(footer);
    out.push('\n');
    out
}

fn html(lang: Lang, subject: &str, greeting: &str, body: &Body, footer: &str) -> String {
    let (dir, align) = if lang.is_rtl() {
        ("rtl", "right")
    } else {
        ("ltr", "left")
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title></head>\n\
         <body dir=\"{dir}\" style=\"margin:0;padding:24px 16px;background:#ffffff;color:#1b1b1b;\
         font-family:'Segoe UI',Tahoma,Arial,sans-serif;font-size:16px;line-height:1.6\">\n\
         <div style=\"max-width:560px;margin:0 auto;text-align:{align}\">\n<p>{greeting}</p>\n",
        code = lang.code(),
        title = escape(subject),
        greeting = escape(greeting),
    );
    for p in &body.paragraphs {
        out.push_str(&format!("<p>{}</p>\n", escape(p)));
    }
    if let Some((label, link)) = &body.button {
        out.push_str(&format!(
            "<p style=\"margin:28px 0\"><a href=\"{href}\" style=\"display:inline-block;padding:12px 24px;\
             background:#0b5275;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold\">{label}</a></p>\n",
            href = escape(link),
            label = escape(label),
        ));
    }
    for p in &body.small {
        out.push_str(&format!(
            "<p style=\"font-size:14px;color:#4a4a4a\">{}</p>\n",
            escape(p)
        ));
    }
    if let (Some(link), Some(_)) = (&body.link, body.small.first()) {
        // Addresses read left to right inside Arabic text.
        out.push_str(&format!(
            "<p style=\"font-size:14px;word-break:break-all\"><a dir=\"ltr\" href=\"{0}\">{0}</a></p>\n",
            escape(link)
        ));
    }
    out.push_str(&format!(
        "<hr style=\"border:0;border-top:1px solid #d0d0d0;margin:28px 0 12px\">\n\
         <p style=\"font-size:13px;color:#5a5a5a\">{}</p>\n</div>\n</body></html>\n",
        escape(footer)
    ));
    out
}
