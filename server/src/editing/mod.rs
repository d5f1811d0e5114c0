//! The programme editor's rules, one path for the JSON API (`POST /api/v1/sessions`,
//! `PUT /api/v1/sessions/{id}`, `POST`/`PUT /api/v1/rooms…`) and the console's forms: what is
//! sent is parsed into a `Session` or `Room` that can be stored, or refused field by field
//! (`app::editing::EditProblem`, worded by the page in the organiser's language, and in English
//! with the field's name for the API).

pub mod form;
mod rooms;
mod sessions;

pub use rooms::{RoomInput, RoomSaved, check_room, save_room};
pub use sessions::{SessionInput, check_stored, save_session, stored_agenda};

use crate::error::Error;
use app::editing::{EditErrors, EditProblem};
use app::i18n::Lang;
use app::model::Localized;

/// Titles and names; descriptions and directions may say more.
const SHORT: usize = 200;
const LONG: usize = 4000;

/// The API's 422: every refused field with its problem, in English.
pub fn refused(errors: EditErrors) -> Error {
    let said: Vec<String> = errors
        .iter()
        .map(|(field, problem)| format!("{field}: {}", problem.message(Lang::En)))
        .collect();
    Error::Unprocessable(said.join("; "))
}

/// A text in the four languages, trimmed, blank translations dropped; English is required when
/// `required`. Problems are named `{field}.{lang}`.
fn localized(
    text: &Localized,
    field: &str,
    required: bool,
    max: usize,
    errors: &mut EditErrors,
) -> Localized {
    let mut check = |lang: Lang, value: Option<&str>| {
        let value = value.unwrap_or("").trim();
        if value.chars().count() > max {
            errors.push((format!("{field}.{}", lang.code()), EditProblem::TooLong));
        }
        value.to_string()
    };
    let en = check(Lang::En, Some(&text.en));
    let fr = check(Lang::Fr, text.fr.as_deref());
    let ar = check(Lang::Ar, text.ar.as_deref());
    let ru = check(Lang::Ru, text.ru.as_deref());
    if required && en.is_empty() {
        errors.push((format!("{field}.en"), EditProblem::Required));
    }
    let given = |v: String| Some(v).filter(|v| !v.is_empty());
    Localized {
        en,
        fr: given(fr),
        ar: given(ar),
        ru: given(ru),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_blank_translations_dropped() {
        let mut errors = EditErrors::new();
        let text = Localized {
            en: " Opening ".into(),
            fr: Some("  ".into()),
            ar: Some("الافتتاح".into()),
            ru: None,
        };
        let t = localized(&text, "title", true, SHORT, &mut errors);
        assert_eq!(
            (t.en.as_str(), t.fr, t.ar.as_deref()),
            ("Opening", None, Some("الافتتاح"))
        );
        assert!(errors.is_empty());
        localized(&Localized::default(), "title", true, SHORT, &mut errors);
        assert_eq!(
            errors,
            vec![("title.en".to_string(), EditProblem::Required)]
        );
        let long = Localized {
            en: "x".repeat(SHORT + 1),
            ..Default::default()
        };
        let mut errors = EditErrors::new();
        localized(&long, "name", false, SHORT, &mut errors);
        assert_eq!(errors, vec![("name.en".to_string(), EditProblem::TooLong)]);
    }

    #[test]
    fn the_api_names_each_refused_field() {
        let e = refused(vec![
            ("title.en".into(), EditProblem::Required),
            ("room_id".into(), EditProblem::Unknown),
        ]);
        assert_eq!(
            e.to_string(),
            "title.en: Required.; room_id: Not one of the choices offered."
        );
    }
}
