//! Documents attached to a session or to the event, as the pages list them: which file a reader
//! gets in their language (or which fallback, labelled), and sizes as people read them.

use crate::i18n::Lang;
use crate::model::Localized;
use serde::{Deserialize, Serialize};

/// A document and the languages it has a file in (never the bytes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DocumentInfo {
    pub id: String,
    /// `None`: a document of the event, listed on the About page.
    pub session_id: Option<String>,
    pub title: Localized,
    pub files: Vec<DocumentFile>,
}

/// One language's file of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DocumentFile {
    pub lang: Lang,
    /// The type sniffed from the bytes when it was uploaded.
    pub content_type: String,
    pub filename: String,
    /// In bytes.
    pub size: u64,
}

/// Every document this viewer may see, for the session and About pages and the offline bundle.
#[derive(Clone, Debug, Default)]
pub struct DocumentIndex(pub Vec<DocumentInfo>);

impl DocumentIndex {
    pub fn of_session<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a DocumentInfo> + 'a {
        self.0
            .iter()
            .filter(move |d| d.session_id.as_deref() == Some(id))
    }

    pub fn of_event(&self) -> impl Iterator<Item = &DocumentInfo> {
        self.0.iter().filter(|d| d.session_id.is_none())
    }
}

/// The organiser's documents page: every document, and after a post what was typed, the
/// problems by field (in the organiser's language) or what was done.
#[derive(Clone, Debug, Default)]
pub struct DocumentsView {
    pub documents: Vec<DocumentInfo>,
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
    pub values: Vec<(String, String)>,
    pub errors: Vec<(String, String)>,
    pub notice: Option<String>,
}

impl DocumentsView {
    pub fn value(&self, field: &str) -> String {
        self.values
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn errors_of(&self, field: &str) -> Vec<String> {
        self.errors
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
            .collect()
    }
}

impl DocumentInfo {
    /// The file a reader of `lang` gets: theirs, else English, else the first there is. The
    /// flag says it is a fallback, which the page labels ("in English").
    pub fn file_for(&self, lang: Lang) -> Option<(&DocumentFile, bool)> {
        let of = |l: Lang| self.files.iter().find(|f| f.lang == l);
        of(lang)
            .map(|f| (f, false))
            .or_else(|| of(Lang::En).map(|f| (f, true)))
            .or_else(|| self.files.first().map(|f| (f, true)))
    }
}

/// Where a document's file in `lang` is served.
pub fn document_url(id: &str, lang: Lang) -> String {
    format!("/documents/{id}/{}", lang.code())
}

/// A size as people read it, with the language's decimal separator: "840 KB", "2.4 MB".
pub fn human_size(bytes: u64, lang: Lang) -> String {
    let (value, unit) = match bytes {
        b if b < 1000 => return format!("{b} {}", lang.documents().bytes_unit),
        b if b < 1_000_000 => (b as f64 / 1000.0, lang.documents().kb_unit),
        b => (b as f64 / 1_000_000.0, lang.documents().mb_unit),
    };
    let text = if value < 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    let text = match lang {
        Lang::Fr | Lang::Ru => text.replace('.', ","),
        Lang::En | Lang::Ar => text,
    };
    format!("{text}\u{a0}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(langs: &[Lang]) -> DocumentInfo {
        DocumentInfo {
            id: "d".into(),
            session_id: None,
            title: Localized::default(),
            files: langs
                .iter()
                .map(|&lang| DocumentFile {
                    lang,
                    content_type: "application/pdf".into(),
                    filename: "x.pdf".into(),
                    size: 1,
                })
                .collect(),
        }
    }

    #[test]
    fn a_reader_gets_their_language_else_english_else_any() {
        let both = doc(&[Lang::Ru, Lang::En]);
        assert_eq!(
            both.file_for(Lang::Ru).map(|(f, fb)| (f.lang, fb)),
            Some((Lang::Ru, false))
        );
        assert_eq!(
            both.file_for(Lang::Fr).map(|(f, fb)| (f.lang, fb)),
            Some((Lang::En, true))
        );
        let arabic = doc(&[Lang::Ar]);
        assert_eq!(
            arabic.file_for(Lang::Fr).map(|(f, fb)| (f.lang, fb)),
            Some((Lang::Ar, true))
        );
        assert!(doc(&[]).file_for(Lang::En).is_none());
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(512, Lang::En), "512 B");
        assert_eq!(human_size(2_400_000, Lang::En), "2.4\u{a0}MB");
        assert_eq!(human_size(2_400_000, Lang::Fr), "2,4\u{a0}Mo");
        assert_eq!(human_size(840_000, Lang::En), "840\u{a0}KB");
    }
}
