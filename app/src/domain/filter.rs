//! The agenda filter: parsed from the URL query (so a filtered view can be shared), applied on
//! the server, and mirrored by the live-filter island through the `data-*` attributes below.

use crate::i18n::Lang;
use crate::model::{Agenda, Kind, Session};
use chrono::NaiveDate;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgendaFilter {
    pub day: Option<NaiveDate>,
    pub kind: Option<Kind>,
    pub theme: Option<String>,
    pub room: Option<String>,
    /// A language the delegate can follow: the floor language or an interpretation channel.
    pub language: Option<Lang>,
    /// Free-text search, already normalised.
    pub q: String,
}

/// A query parameter whose value the agenda does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    pub name: &'static str,
    pub value: String,
}

pub const MAX_QUERY_CHARS: usize = 200;

impl AgendaFilter {
    /// Reads the filter parameters; others (such as `lang`) are left to their owners.
    pub fn parse<'a>(
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
        agenda: &Agenda,
    ) -> Result<Self, FilterError> {
        let mut filter = AgendaFilter::default();
        for (name, value) in params {
            let value = value.trim();
            let err = |name| FilterError {
                name,
                value: value.chars().take(80).collect(),
            };
            if value.is_empty() {
                continue;
            }
            match name {
                "day" => {
                    let day =
                        NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| err("day"))?;
                    if day < agenda.event.start_date || day > agenda.event.end_date {
                        return Err(err("day"));
                    }
                    filter.day = Some(day);
                }
                "kind" => filter.kind = Some(Kind::parse(value).ok_or_else(|| err("kind"))?),
                "theme" => {
                    agenda.theme(value).ok_or_else(|| err("theme"))?;
                    filter.theme = Some(value.to_string());
                }
                "room" => {
                    agenda.room(value).ok_or_else(|| err("room"))?;
                    filter.room = Some(value.to_string());
                }
                "language" => {
                    filter.language = Some(Lang::parse(value).ok_or_else(|| err("language"))?)
                }
                "q" => {
                    if value.chars().count() > MAX_QUERY_CHARS {
                        return Err(err("q"));
                    }
                    filter.q = normalize(value);
                }
                _ => {}
            }
        }
        Ok(filter)
    }

    /// Whether any filter besides the day narrows the list.
    pub fn narrows(&self) -> bool {
        self.kind.is_some()
            || self.theme.is_some()
            || self.room.is_some()
            || self.language.is_some()
            || !self.q.is_empty()
    }

    /// Everything but the day, which the page applies by choosing the day's sessions.
    pub fn matches(&self, session: &Session, agenda: &Agenda, lang: Lang) -> bool {
        self.kind.is_none_or(|k| session.kind == k)
            && self
                .theme
                .as_ref()
                .is_none_or(|t| session.theme.as_ref() == Some(t))
            && self
                .room
                .as_ref()
                .is_none_or(|r| session.room.as_ref() == Some(r))
            && self.language.is_none_or(|l| session.offers(l))
            && (self.q.is_empty() || search_text(session, agenda, lang).contains(&self.q))
    }

    /// The query string for this filter on `day` (without the leading `?`).
    pub fn query_for_day(&self, day: NaiveDate) -> String {
        let mut pairs = vec![("day", day.to_string())];
        if let Some(k) = self.kind {
            pairs.push(("kind", k.slug().to_string()));
        }
        if let Some(t) = &self.theme {
            pairs.push(("theme", t.clone()));
        }
        if let Some(r) = &self.room {
            pairs.push(("room", r.clone()));
        }
        if let Some(l) = self.language {
            pairs.push(("language", l.code().to_string()));
        }
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode_query_value(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Lower-cased and with runs of white space folded: the island applies the same rule.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_normalized(&mut out, text);
    out
}

/// Appends `text` normalised, one space after what `out` already holds: one buffer for a whole
/// card's search text, which is built for every card of every agenda render.
fn push_normalized(out: &mut String, text: &str) {
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
        } else {
            out.push_str(&word.to_lowercase());
        }
    }
}

/// What a free-text search looks in: title, theme and room in the reader's language and English.
pub fn search_text(session: &Session, agenda: &Agenda, lang: Lang) -> String {
    let mut parts = vec![session.title.get(lang), session.title.en.as_str()];
    if let Some(theme) = session.theme.as_deref().and_then(|t| agenda.theme(t)) {
        parts.extend([theme.name.get(lang), theme.name.en.as_str()]);
    }
    if let Some(room) = session.room.as_deref().and_then(|r| agenda.room(r)) {
        parts.extend([room.name.get(lang), room.name.en.as_str()]);
    }
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for part in parts {
        push_normalized(&mut out, part);
    }
    out
}

/// The languages a session offers, space-separated, for the island's `data-languages`.
pub fn languages_attr(session: &Session) -> String {
    Lang::ALL
        .into_iter()
        .filter(|l| session.offers(*l))
        .map(Lang::code)
        .collect::<Vec<_>>()
        .join(" ")
}

fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::tests::sample_agenda;

    fn parse(q: &[(&str, &str)]) -> Result<AgendaFilter, FilterError> {
        AgendaFilter::parse(q.iter().copied(), &sample_agenda())
    }

    #[test]
    fn parses_known_values_and_ignores_foreign_parameters() {
        let f = parse(&[
            ("day", "2024-11-28"),
            ("kind", "side_event"),
            ("language", "ru"),
            ("lang", "ar"),
            ("q", "  Digital   AI "),
        ])
        .unwrap();
        assert_eq!(f.day, NaiveDate::from_ymd_opt(2024, 11, 28));
        assert_eq!(f.kind, Some(Kind::SideEvent));
        assert_eq!(f.language, Some(Lang::Ru));
        assert_eq!(f.q, "digital ai");
        assert!(f.narrows());
        assert!(
            !parse(&[("day", "2024-11-27"), ("kind", "")])
                .unwrap()
                .narrows()
        );
    }

    #[test]
    fn rejects_unknown_values_naming_the_parameter() {
        for (name, value) in [
            ("day", "2024-11-30"),
            ("day", "tomorrow"),
            ("kind", "keynote"),
            ("theme", "nope"),
            ("room", "x"),
            ("language", "de"),
        ] {
            assert_eq!(
                parse(&[(name, value)]).unwrap_err(),
                FilterError {
                    name,
                    value: value.into()
                }
            );
        }
        assert_eq!(parse(&[("q", &"x".repeat(201))]).unwrap_err().name, "q");
    }

    #[test]
    fn language_matches_floor_or_interpretation() {
        let agenda = sample_agenda();
        let side = agenda.session("side-digital").unwrap();
        let by = |l| {
            AgendaFilter {
                language: Some(l),
                ..Default::default()
            }
            .matches(side, &agenda, Lang::En)
        };
        assert!(by(Lang::En) && by(Lang::Ar));
        assert!(!by(Lang::Ru));
    }

    #[test]
    fn text_search_covers_title_theme_and_room_in_reader_and_english() {
        let agenda = sample_agenda();
        let side = agenda.session("side-digital").unwrap();
        let q = |text: &str, lang| {
            AgendaFilter {
                q: normalize(text),
                ..Default::default()
            }
            .matches(side, &agenda, lang)
        };
        assert!(q("DIGITAL", Lang::En));
        assert!(q("numérique", Lang::Fr));
        assert!(q("digital", Lang::Fr), "English stays searchable in French");
        assert!(q("salle elissa", Lang::Fr));
        assert!(!q("tourism", Lang::En));
    }

    #[test]
    fn query_round_trips_through_parse() {
        let f = parse(&[("kind", "plenary"), ("q", "rights & borders")]).unwrap();
        let day = NaiveDate::from_ymd_opt(2024, 11, 28).unwrap();
        let query = f.query_for_day(day);
        assert_eq!(query, "day=2024-11-28&kind=plenary&q=rights+%26+borders");
        let decoded: Vec<(String, String)> = query
            .split('&')
            .map(|p| p.split_once('=').unwrap())
            .map(|(k, v)| (k.to_string(), v.replace('+', " ").replace("%26", "&")))
            .collect();
        let again = AgendaFilter::parse(
            decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            &sample_agenda(),
        )
        .unwrap();
        assert_eq!(
            again,
            AgendaFilter {
                day: Some(day),
                ..f
            }
        );
    }
}
