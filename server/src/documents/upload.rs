//! Reading an upload: the body within a limit (the rest drained, so the client reads a 413
//! rather than a reset connection), its multipart fields, and each file checked — size from
//! configuration, type sniffed and agreeing with its name and declared type — with messages in
//! the uploader's language.

use super::sniff::{Kind, sniff};
use crate::store::NewFile;
use app::documents::human_size;
use app::i18n::{Lang, fill};
use app::model::Localized;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode};
use futures::StreamExt;
use sha2::{Digest, Sha256};

/// Room for the form's other fields and the multipart framing around the files.
const FRAMING: usize = 1024 * 1024;
/// How much of an oversized body is read and dropped before answering, so the answer reaches
/// a client that is still sending; past it the connection is closed.
const DRAIN: usize = 64 * 1024 * 1024;
/// Longest title in any language, in characters.
pub const MAX_TITLE: usize = 300;
/// Longest stored file name, in characters.
const MAX_FILENAME: usize = 150;

/// Something wrong with an upload: the field it concerns, its status and what to do about it.
#[derive(Debug)]
pub struct Problem {
    pub field: String,
    pub status: StatusCode,
    pub message: String,
}

impl Problem {
    fn new(field: &str, status: StatusCode, message: String) -> Self {
        Problem {
            field: field.into(),
            status,
            message,
        }
    }
}

/// One file part as sent.
pub struct Part {
    pub filename: String,
    pub declared: String,
    pub bytes: Bytes,
}

/// The fields of an upload form: texts by name, files by name (`file_en`, `file`).
#[derive(Default)]
pub struct Fields {
    pub texts: Vec<(String, String)>,
    pub files: Vec<(String, Part)>,
}

impl Fields {
    pub fn text(&self, name: &str) -> &str {
        self.texts
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.trim())
    }

    pub fn file(&self, name: &str) -> Option<&Part> {
        self.files
            .iter()
            .find(|(n, p)| n == name && !(p.bytes.is_empty() && p.filename.is_empty()))
            .map(|(_, p)| p)
    }

    /// The titles typed (`title_en` …), English required.
    pub fn titles(&self, lang: Lang) -> Result<Localized, Problem> {
        let text = |l: Lang| self.text(&format!("title_{}", l.code())).to_string();
        let other = |l: Lang| Some(text(l)).filter(|t| !t.is_empty());
        let title = Localized {
            en: text(Lang::En),
            fr: other(Lang::Fr),
            ar: other(Lang::Ar),
            ru: other(Lang::Ru),
        };
        let too_long = Lang::ALL
            .iter()
            .any(|&l| title.get(l).chars().count() > MAX_TITLE);
        if title.en.is_empty() || too_long {
            let message = lang.documents().err_title.to_string();
            return Err(Problem::new(
                "title_en",
                StatusCode::UNPROCESSABLE_ENTITY,
                message,
            ));
        }
        Ok(title)
    }
}

/// Reads a multipart body of at most `max_file` a file for `files` files. An oversized body is
/// drained (up to `DRAIN`) and answered 413.
pub async fn read_multipart(
    headers: &HeaderMap,
    body: Body,
    max_file: u64,
    files: usize,
    lang: Lang,
) -> Result<Fields, Problem> {
    let bad = |message: &str| Problem::new("", StatusCode::BAD_REQUEST, message.into());
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Ok(boundary) = multer::parse_boundary(content_type) else {
        return Err(Problem::new(
            "",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the form as multipart/form-data".into(),
        ));
    };
    let limit = usize::try_from(max_file)
        .unwrap_or(usize::MAX)
        .saturating_mul(files)
        .saturating_add(FRAMING);
    let too_large = || {
        let limit = human_size(max_file, lang);
        let message = fill(lang.documents().err_upload_too_large, &[("limit", &limit)]);
        Problem::new("", StatusCode::PAYLOAD_TOO_LARGE, message)
    };
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|_| bad("the upload could not be read (too slow, or cut off)"))?;
        seen = seen.saturating_add(chunk.len());
        if seen <= limit {
            bytes.extend_from_slice(&chunk);
        } else if seen > limit.saturating_add(DRAIN) {
            break;
        }
    }
    if seen > limit {
        return Err(too_large());
    }
    let source = futures::stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(bytes)) });
    let mut multipart = multer::Multipart::new(source, boundary);
    let mut fields = Fields::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err(bad("malformed multipart form")),
        };
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string);
        let declared = field
            .content_type()
            .map(|m| m.to_string())
            .unwrap_or_default();
        let data = field
            .bytes()
            .await
            .map_err(|_| bad("malformed multipart form"))?;
        match filename {
            Some(filename) => fields.files.push((
                name,
                Part {
                    filename,
                    declared,
                    bytes: data,
                },
            )),
            None => {
                let text = String::from_utf8(data.to_vec())
                    .map_err(|_| bad("form fields must be UTF-8"))?;
                fields.texts.push((name, text));
            }
        }
    }
    Ok(fields)
}

/// A file checked for storing in `file_lang`, or why not (413, 415).
pub fn checked_file(
    field: &str,
    file_lang: Lang,
    part: &Part,
    max_file: u64,
    lang: Lang,
) -> Result<NewFile, Problem> {
    let d = lang.documents();
    let shown = clean_filename(&part.filename);
    let shown = if shown.is_empty() {
        field.to_string()
    } else {
        shown
    };
    if part.bytes.len() as u64 > max_file {
        let limit = human_size(max_file, lang);
        let message = fill(d.err_too_large, &[("file", &shown), ("limit", &limit)]);
        return Err(Problem::new(field, StatusCode::PAYLOAD_TOO_LARGE, message));
    }
    let unsupported = StatusCode::UNSUPPORTED_MEDIA_TYPE;
    let Some(kind) = sniff(&part.bytes) else {
        return Err(Problem::new(
            field,
            unsupported,
            fill(d.err_type, &[("file", &shown)]),
        ));
    };
    let named = Kind::of_extension(&shown);
    let declared_kind = Kind::of_mime(part.declared.split(';').next().unwrap_or("").trim())
        .or_else(|| (part.declared.starts_with("text/plain")).then_some(Kind::Text));
    let disagrees = named.is_some_and(|n| n != kind) || !kind.agrees_with_declared(&part.declared);
    if disagrees {
        let declared = named
            .or(declared_kind)
            .map_or_else(|| part.declared.clone(), |k| k.label().to_string());
        let message = fill(
            d.err_mismatch,
            &[
                ("file", &shown),
                ("declared", &declared),
                ("actual", kind.label()),
            ],
        );
        return Err(Problem::new(field, unsupported, message));
    }
    let filename = match named {
        Some(_) => shown,
        None => format!("{shown}.{}", kind.extension()),
    };
    Ok(NewFile {
        lang: file_lang,
        content_type: kind.mime().to_string(),
        filename,
        sha256: crate::auth::tokens::hex(&Sha256::digest(&part.bytes)),
        bytes: part.bytes.to_vec(),
    })
}

/// The name as stored: the last path segment, without control characters, quotes or
/// backslashes, and not too long (keeping its extension).
pub fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '\u{202e}' | '\u{202d}'))
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    if clean.chars().count() <= MAX_FILENAME {
        return clean;
    }
    let ext = clean
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| e.len() <= 8)
        .unwrap_or("");
    let stem: String = clean.chars().take(MAX_FILENAME - ext.len() - 1).collect();
    format!("{stem}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(clean_filename("C:\\Users\\x\\Note.pdf"), "Note.pdf");
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("a\"b\r\n.pdf"), "ab.pdf");
        let long = format!("{}.pdf", "я".repeat(400));
        let cleaned = clean_filename(&long);
        assert!(cleaned.ends_with(".pdf") && cleaned.chars().count() <= MAX_FILENAME);
    }
}
