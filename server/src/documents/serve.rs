//! `GET /documents/{id}/{lang}`: one language's file, to those who may see its session, with
//! its sniffed type, `Content-Disposition` (RFC 6266, UTF-8 names), a strong ETag from its hash,
//! single byte ranges (206/416) and caching that is private for closed side events.

use super::sniff::Kind;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::still_fresh;
use app::access::Viewer;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header::{
    ACCEPT_RANGES, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_RANGE,
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, IF_RANGE, RANGE, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Marks a response the compression layer must leave alone: its length, ranges and strong
/// ETag describe these exact bytes (`routes::router` reads it).
#[derive(Clone, Copy)]
pub struct Uncompressed;

pub(super) async fn document_file(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path((id, lang)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response> {
    let published = state.agenda.current();
    if published.restricted_for(&viewer) {
        return Err(Error::Unauthorized);
    }
    let lang = super::lang_code(&lang).ok_or(Error::NotFound)?;
    let file = state
        .store
        .document_file(state.agenda.slug(), &id, lang)
        .await?
        .ok_or(Error::NotFound)?;
    // Not found, rather than forbidden, for a session this viewer may not see: the agenda's
    // rule, so a document tells nobody that a closed side event exists.
    let closed = match &file.session_id {
        Some(session) => {
            if published
                .for_viewer(&viewer)
                .agenda
                .session(session)
                .is_none()
            {
                return Err(Error::NotFound);
            }
            published.full.session(session).is_some_and(|s| s.closed)
        }
        None => false,
    };
    let private = closed || published.restricted_for(&Viewer::anonymous());
    let etag = format!("\"{}\"", &file.sha256[..32.min(file.sha256.len())]);
    let kind = Kind::of_mime(&file.content_type);
    let disposition = content_disposition(kind.is_some_and(Kind::inline), &file.filename);
    let mut out = HeaderMap::new();
    let value = |v: &str| HeaderValue::from_str(v).map_err(|e| Error::Internal(e.to_string()));
    out.insert(ETAG, value(&etag)?);
    out.insert(
        CACHE_CONTROL,
        HeaderValue::from_static(match private {
            true => "private, no-cache",
            false => "public, no-cache",
        }),
    );
    if private {
        out.insert(VARY, HeaderValue::from_static("Cookie"));
    }
    out.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    // A file served from this origin runs nothing and embeds nothing.
    out.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"),
    );
    if still_fresh(&headers, &etag) {
        return Ok(uncompressed(
            (StatusCode::NOT_MODIFIED, out).into_response(),
        ));
    }
    out.insert(CONTENT_TYPE, value(&file.content_type)?);
    out.insert(CONTENT_DISPOSITION, value(&disposition)?);
    let total = file.size;
    // `If-Range` with another tag: the file changed since the part held, so send it whole.
    let range_applies = headers
        .get(IF_RANGE)
        .is_none_or(|v| v.to_str().is_ok_and(|v| v.trim() == etag));
    let range = headers
        .get(RANGE)
        .and_then(|v| v.to_str().ok())
        .filter(|_| range_applies)
        .map(|r| byte_range(r, total));
    let response = match range {
        // The length also for HEAD, whose body is dropped.
        None | Some(Range::Ignored) => {
            out.insert(CONTENT_LENGTH, HeaderValue::from(total));
            let bytes = state.store.document_bytes(&id, lang, 0, total).await?;
            (out, bytes).into_response()
        }
        Some(Range::Unsatisfiable) => {
            out.insert(CONTENT_RANGE, value(&format!("bytes */{total}"))?);
            out.remove(CONTENT_TYPE);
            out.remove(CONTENT_DISPOSITION);
            (StatusCode::RANGE_NOT_SATISFIABLE, out).into_response()
        }
        Some(Range::Bytes(start, end)) => {
            out.insert(
                CONTENT_RANGE,
                value(&format!("bytes {start}-{end}/{total}"))?,
            );
            let part = state
                .store
                .document_bytes(&id, lang, start, end - start + 1)
                .await?;
            out.insert(CONTENT_LENGTH, HeaderValue::from(part.len()));
            (StatusCode::PARTIAL_CONTENT, out, part).into_response()
        }
    };
    Ok(uncompressed(response))
}

fn uncompressed(mut response: Response) -> Response {
    response.extensions_mut().insert(Uncompressed);
    response
}

#[derive(Debug, PartialEq, Eq)]
enum Range {
    /// First and last byte, inclusive.
    Bytes(u64, u64),
    Unsatisfiable,
    /// Not one range we serve (another unit, several ranges, malformed): the whole file.
    Ignored,
}

/// A `Range` header's single byte range (RFC 9110 §14.1.2) within `total` bytes.
fn byte_range(header: &str, total: u64) -> Range {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return Range::Ignored;
    };
    if spec.contains(',') {
        return Range::Ignored;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Range::Ignored;
    };
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    match (first.trim(), last.trim()) {
        ("", suffix) => match number(suffix) {
            Some(0) => Range::Unsatisfiable,
            Some(n) if total > 0 => Range::Bytes(total.saturating_sub(n), total - 1),
            Some(_) => Range::Unsatisfiable,
            None => Range::Ignored,
        },
        (first, last) => match (number(first), last) {
            (Some(start), _) if start >= total => Range::Unsatisfiable,
            (Some(start), "") => Range::Bytes(start, total - 1),
            (Some(start), last) => match number(last) {
                Some(end) if end >= start => Range::Bytes(start, end.min(total - 1)),
                _ => Range::Ignored,
            },
            (None, _) => Range::Ignored,
        },
    }
}

/// `inline` or `attachment` with the name twice (RFC 6266): an ASCII `filename` for old
/// clients and `filename*` in UTF-8 for everyone else, so Arabic and Russian names survive.
pub fn content_disposition(inline: bool, filename: &str) -> String {
    let kind = if inline { "inline" } else { "attachment" };
    let ascii: String = filename
        .chars()
        .map(|c| match c {
            ' '..='~' if c != '"' && c != '\\' && c != '%' => c,
            _ => '_',
        })
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            b'!' | b'#' | b'$' | b'&' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_ranges_are_read_as_rfc_9110_says() {
        assert_eq!(byte_range("bytes=0-3", 10), Range::Bytes(0, 3));
        assert_eq!(byte_range("bytes=7-", 10), Range::Bytes(7, 9));
        assert_eq!(byte_range("bytes=-4", 10), Range::Bytes(6, 9));
        assert_eq!(byte_range("bytes=-40", 10), Range::Bytes(0, 9));
        assert_eq!(byte_range("bytes=5-400", 10), Range::Bytes(5, 9));
        assert_eq!(byte_range("bytes=10-", 10), Range::Unsatisfiable);
        assert_eq!(byte_range("bytes=-0", 10), Range::Unsatisfiable);
        assert_eq!(byte_range("bytes=0-1,4-5", 10), Range::Ignored);
        assert_eq!(byte_range("items=0-1", 10), Range::Ignored);
        assert_eq!(byte_range("bytes=5-2", 10), Range::Ignored);
        assert_eq!(byte_range("bytes=x-2", 10), Range::Ignored);
    }

    #[test]
    fn names_survive_in_utf8_and_degrade_in_ascii() {
        assert_eq!(
            content_disposition(true, "Note \"1\".pdf"),
            "inline; filename=\"Note _1_.pdf\"; filename*=UTF-8''Note%20%221%22.pdf"
        );
        let russian = content_disposition(false, "Доклад.pptx");
        assert!(
            russian.starts_with("attachment; filename=\"______.pptx\"; filename*=UTF-8''%D0%94")
        );
    }
}
