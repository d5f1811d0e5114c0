//! What the programme editor's forms carry between the server and the pages: the values as
//! typed (so nothing is lost when a form comes back), the problems per field, worded in the
//! organiser's language by the page, and the id a new session or room gets from its title.

use crate::access::FormValues;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Why a field of the editor was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditProblem {
    Required,
    TooLong,
    Invalid,
    /// A room, theme or person that is not in this event.
    Unknown,
    /// Not a date and time (or one the venue's clocks skip).
    Time,
    EndBeforeStart,
    SessionTooLong,
    OutsideEvent,
    /// A second channel for one language.
    Duplicate,
    /// Another organiser saved this session after the form was opened.
    ChangedMeanwhile,
}

impl EditProblem {
    pub fn message(self, lang: Lang) -> &'static str {
        let e = lang.editor();
        match self {
            EditProblem::Required => e.err_required,
            EditProblem::TooLong => e.err_too_long,
            EditProblem::Invalid => e.err_invalid,
            EditProblem::Unknown => e.err_unknown,
            EditProblem::Time => e.err_time,
            EditProblem::EndBeforeStart => e.err_end_before_start,
            EditProblem::SessionTooLong => e.err_too_long_session,
            EditProblem::OutsideEvent => e.err_outside_event,
            EditProblem::Duplicate => e.err_duplicate,
            EditProblem::ChangedMeanwhile => e.err_changed_meanwhile,
        }
    }
}

/// Field (as the API names it: `title.fr`, `room_id`, `interpretation`) and its problem.
pub type EditErrors = Vec<(String, EditProblem)>;

/// The message for the first problem with `field`, in the reader's language.
pub fn error_for(errors: &EditErrors, field: &str, lang: Lang) -> Option<&'static str> {
    errors
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, p)| p.message(lang))
}

/// A person an organiser may invite to a closed session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitable {
    pub id: String,
    pub name: String,
    pub organisation: String,
}

/// The session form: `id` is `None` for a new session.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionEditorView {
    pub id: Option<String>,
    pub values: FormValues,
    pub errors: EditErrors,
    pub people: Vec<Invitable>,
}

/// The room form: `id` is `None` for a new room.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoomEditorView {
    pub id: Option<String>,
    pub values: FormValues,
    pub errors: EditErrors,
}

/// Bookmarks per session, for seats against interest on the day plan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Interest(pub Vec<(String, i64)>);

/// An id from a title: lower-case ASCII letters and digits joined by `-`, at most 48
/// characters; `fallback` when nothing of the title is left.
pub fn slug_of(title: &str, fallback: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 48 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        fallback.to_string()
    } else {
        slug.to_string()
    }
}

/// `base`, or `base-2`, `base-3`… the first that `taken` does not hold.
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_come_from_titles() {
        assert_eq!(
            slug_of("Border Data & AI: Next Steps!", "session"),
            "border-data-ai-next-steps"
        );
        assert_eq!(
            slug_of("Événement régional", "session"),
            "evenement-regional"
        );
        assert_eq!(slug_of("الافتتاح", "session"), "session");
        assert!(slug_of(&"word ".repeat(40), "s").len() <= 48);
        assert!(!slug_of(&"word ".repeat(40), "s").ends_with('-'));
    }

    #[test]
    fn ids_are_made_unique() {
        let taken = ["opening", "opening-2"];
        assert_eq!(unique_id("opening", |id| taken.contains(&id)), "opening-3");
        assert_eq!(unique_id("closing", |id| taken.contains(&id)), "closing");
    }

    #[test]
    fn problems_are_worded_in_each_language() {
        let errors = vec![("title.en".to_string(), EditProblem::Required)];
        assert_eq!(
            error_for(&errors, "title.en", Lang::Fr),
            Some("Obligatoire.")
        );
        assert_eq!(error_for(&errors, "end", Lang::Fr), None);
    }
}
