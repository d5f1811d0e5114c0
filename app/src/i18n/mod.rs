//! The one catalogue of UI strings. Each language is a `Strings` value, so a
//! string missing in any language is a compile error, not a blank on screen.

mod access;
mod ar;
pub mod console;
pub mod documents;
pub mod door;
pub mod editor;
mod en;
pub mod errors;
mod fr;
pub mod import;
pub mod mail;
pub mod push;
pub mod pwa;
mod ru;

use serde::{Deserialize, Serialize};

/// A working language of the conference (and of the app).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Fr,
    Ar,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Fr, Lang::Ar, Lang::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ar => "ar",
            Lang::Ru => "ru",
        }
    }

    /// Parses a language code, accepting region subtags and any case (`fr-TN`, `AR`).
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    pub fn is_rtl(self) -> bool {
        self == Lang::Ar
    }

    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// The language's own name, shown in the language switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Ar => "العربية",
            Lang::Ru => "Русский",
        }
    }

    /// What the compact language switcher shows: short, in the language's own script.
    pub fn short_label(self) -> &'static str {
        match self {
            Lang::En => "EN",
            Lang::Fr => "FR",
            Lang::Ar => "عربي",
            Lang::Ru => "RU",
        }
    }

    pub fn access(self) -> &'static access::AccessStrings {
        match self {
            Lang::En => &access::EN,
            Lang::Fr => &access::FR,
            Lang::Ar => &access::AR,
            Lang::Ru => &access::RU,
        }
    }

    pub fn door(self) -> &'static door::DoorStrings {
        match self {
            Lang::En => &door::EN,
            Lang::Fr => &door::FR,
            Lang::Ar => &door::AR,
            Lang::Ru => &door::RU,
        }
    }

    pub fn mail(self) -> &'static mail::MailStrings {
        match self {
            Lang::En => &mail::EN,
            Lang::Fr => &mail::FR,
            Lang::Ar => &mail::AR,
            Lang::Ru => &mail::RU,
        }
    }

    pub fn pwa(self) -> &'static pwa::PwaStrings {
        match self {
            Lang::En => &pwa::EN,
            Lang::Fr => &pwa::FR,
            Lang::Ar => &pwa::AR,
            Lang::Ru => &pwa::RU,
        }
    }

    pub fn errors(self) -> &'static errors::ErrorStrings {
        match self {
            Lang::En => &errors::EN,
            Lang::Fr => &errors::FR,
            Lang::Ar => &errors::AR,
            Lang::Ru => &errors::RU,
        }
    }

    pub fn import(self) -> &'static import::ImportStrings {
        match self {
            Lang::En => &import::EN,
            Lang::Fr => &import::FR,
            Lang::Ar => &import::AR,
            Lang::Ru => &import::RU,
        }
    }

    pub fn console(self) -> &'static console::ConsoleStrings {
        match self {
            Lang::En => &console::EN,
            Lang::Fr => &console::FR,
            Lang::Ar => &console::AR,
            Lang::Ru => &console::RU,
        }
    }

    pub fn documents(self) -> &'static documents::DocumentStrings {
        match self {
            Lang::En => &documents::EN,
            Lang::Fr => &documents::FR,
            Lang::Ar => &documents::AR,
            Lang::Ru => &documents::RU,
        }
    }

    pub fn editor(self) -> &'static editor::EditorStrings {
        match self {
            Lang::En => &editor::EN,
            Lang::Fr => &editor::FR,
            Lang::Ar => &editor::AR,
            Lang::Ru => &editor::RU,
        }
    }

    pub fn push(self) -> &'static push::PushStrings {
        match self {
            Lang::En => &push::EN,
            Lang::Fr => &push::FR,
            Lang::Ar => &push::AR,
            Lang::Ru => &push::RU,
        }
    }

    /// The few strings the bookmark star needs in the browser, kept apart so the WebAssembly
    /// bundle carries only these.
    pub fn star(self) -> StarStrings {
        match self {
            Lang::En => StarStrings {
                add: "Add to my schedule",
                remove: "Remove from my schedule",
                overlaps: "Overlaps with",
            },
            Lang::Fr => StarStrings {
                add: "Ajouter à mon programme",
                remove: "Retirer de mon programme",
                overlaps: "Chevauche",
            },
            Lang::Ar => StarStrings {
                add: "أضف إلى برنامجي",
                remove: "احذف من برنامجي",
                overlaps: "يتداخل مع",
            },
            Lang::Ru => StarStrings {
                add: "Добавить в мою программу",
                remove: "Убрать из моей программы",
                overlaps: "Пересекается с",
            },
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &en::STRINGS,
            Lang::Fr => &fr::STRINGS,
            Lang::Ar => &ar::STRINGS,
            Lang::Ru => &ru::STRINGS,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::parse) else {
                continue;
            };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }
}

pub struct StarStrings {
    pub add: &'static str,
    pub remove: &'static str,
    pub overlaps: &'static str,
}

/// Every string the UI shows. Templates use `{}` placeholders filled by [`fill`].
pub struct Strings {
    pub app_name: &'static str,
    pub skip_to_content: &'static str,
    pub nav_agenda: &'static str,
    pub nav_rooms: &'static str,
    pub nav_about: &'static str,
    pub nav_language: &'static str,
    pub days_label: &'static str,
    /// "{city}" and "{offset}".
    pub times_in_zone: &'static str,
    pub demo_notice: &'static str,
    pub now: &'static str,
    pub next: &'static str,
    pub kind_plenary: &'static str,
    pub kind_side_event: &'static str,
    pub kind_break: &'static str,
    pub kind_other: &'static str,
    pub filters: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub filter_kind: &'static str,
    pub filter_theme: &'static str,
    pub filter_room: &'static str,
    pub filter_language: &'static str,
    pub any: &'static str,
    pub apply: &'static str,
    pub clear_filters: &'static str,
    pub no_results: &'static str,
    pub no_sessions_day: &'static str,
    pub floor_language: &'static str,
    pub interpretation: &'static str,
    pub channel: &'static str,
    pub chatham_house: &'static str,
    pub chatham_house_notice: &'static str,
    pub closed_session: &'static str,
    pub cancelled: &'static str,
    pub room: &'static str,
    pub floor: &'static str,
    pub capacity: &'static str,
    pub directions: &'static str,
    pub when: &'static str,
    pub theme: &'static str,
    pub moderation: &'static str,
    pub back_to_agenda: &'static str,
    pub sessions_in_room: &'static str,
    pub rooms_title: &'static str,
    pub about_title: &'static str,
    pub venue: &'static str,
    pub dates: &'static str,
    pub working_languages: &'static str,
    pub interpretation_notice: &'static str,
    pub contact: &'static str,
    /// "{version}" and "{time}".
    pub agenda_version: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub session_not_found: &'static str,
    pub bad_filter_title: &'static str,
    /// "{name}" and "{value}".
    pub bad_filter_body: &'static str,
    pub nav_schedule: &'static str,
    pub schedule_empty: &'static str,
    pub schedule_signed_out: &'static str,
    /// "{minutes}".
    pub free_minutes: &'static str,
    /// "{title}".
    pub overlaps_with: &'static str,
    pub download_ics: &'static str,
    pub changed_since: &'static str,
    pub starts: &'static str,
    pub ends: &'static str,
    pub reinstated: &'static str,
    pub subscribe_calendar: &'static str,
    pub feed_help: &'static str,
    pub rotate_feed: &'static str,
    pub reminder: &'static str,
    pub no_reminder: &'static str,
    pub save: &'static str,
    /// Between a label and its value: French sets a space before the colon.
    pub colon: &'static str,
    pub lang_names: [&'static str; 4],
    /// Monday first.
    pub weekdays: [&'static str; 7],
    pub months: [&'static str; 12],
}

impl Strings {
    pub fn lang_name(&self, lang: Lang) -> &'static str {
        self.lang_names[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
    }
}

/// Fills `{name}` placeholders in a catalogue template.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_with_regions_and_case() {
        assert_eq!(Lang::parse("fr-TN"), Some(Lang::Fr));
        assert_eq!(Lang::parse("AR"), Some(Lang::Ar));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn accept_language_honours_quality() {
        assert_eq!(
            Lang::from_accept_language("de-DE,ru;q=0.5,fr;q=0.8"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("ar-TN"), Some(Lang::Ar));
        assert_eq!(Lang::from_accept_language("de, it;q=0.9"), None);
        assert_eq!(
            Lang::from_accept_language("fr;q=0, en;q=0.1"),
            Some(Lang::En)
        );
    }

    #[test]
    fn only_arabic_is_right_to_left() {
        for lang in Lang::ALL {
            assert_eq!(lang.dir() == "rtl", lang == Lang::Ar);
        }
    }

    #[test]
    fn every_catalogue_is_filled_and_keeps_placeholders() {
        for lang in Lang::ALL {
            let s = lang.strings();
            for (template, names) in [
                (s.times_in_zone, &["{city}", "{offset}"][..]),
                (s.agenda_version, &["{version}", "{time}"][..]),
                (s.bad_filter_body, &["{name}", "{value}"][..]),
                (s.free_minutes, &["{minutes}"][..]),
                (s.overlaps_with, &["{title}"][..]),
                (lang.pwa().offline_as_of, &["{time}"][..]),
                (lang.push().room_changed, &["{title}"][..]),
                (
                    lang.push().room_body,
                    &["{room}", "{old_room}", "{time}"][..],
                ),
                (
                    lang.push().time_body,
                    &["{time}", "{old_time}", "{room}"][..],
                ),
                (
                    lang.push().room_and_time_body,
                    &["{time}", "{room}", "{old_time}", "{old_room}"][..],
                ),
                (lang.push().reminder_title, &["{minutes}", "{title}"][..]),
                (lang.push().minutes_before, &["{minutes}"][..]),
                (
                    lang.console().progress,
                    &["{sent}", "{failed}", "{pending}", "{total}"][..],
                ),
                (lang.console().announcement_sent, &["{devices}"][..]),
            ] {
                for name in names {
                    assert!(
                        template.contains(name),
                        "{lang:?} lacks {name} in {template}"
                    );
                }
            }
            assert!(
                s.weekdays
                    .iter()
                    .chain(s.months.iter())
                    .all(|w| !w.is_empty())
            );
            assert!(!s.app_name.is_empty() && !s.chatham_house_notice.is_empty());
        }
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(fill("{a} → {b}", &[("a", "1"), ("b", "2")]), "1 → 2");
    }
}
