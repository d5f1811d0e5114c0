//! What a file is, from its bytes: the types documents may have, each recognised by its
//! signature (for zip containers, by the parts inside), never by the name or the uploader's
//! word, which must only agree with it.

/// The accepted kinds of document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Png,
    Jpeg,
    Text,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
}

const ALL: [Kind; 10] = [
    Kind::Pdf,
    Kind::Png,
    Kind::Jpeg,
    Kind::Text,
    Kind::Docx,
    Kind::Xlsx,
    Kind::Pptx,
    Kind::Odt,
    Kind::Ods,
    Kind::Odp,
];

impl Kind {
    /// The type served (and the one a browser should declare).
    pub fn mime(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Text => "text/plain; charset=utf-8",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Kind::Odt => "application/vnd.oasis.opendocument.text",
            Kind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Kind::Odp => "application/vnd.oasis.opendocument.presentation",
        }
    }

    /// The file name extensions that mean this kind; the first is added to a name without one.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Kind::Pdf => &["pdf"],
            Kind::Png => &["png"],
            Kind::Jpeg => &["jpg", "jpeg"],
            Kind::Text => &["txt", "text"],
            Kind::Docx => &["docx"],
            Kind::Xlsx => &["xlsx"],
            Kind::Pptx => &["pptx"],
            Kind::Odt => &["odt"],
            Kind::Ods => &["ods"],
            Kind::Odp => &["odp"],
        }
    }

    pub fn extension(self) -> &'static str {
        self.extensions()[0]
    }

    /// How messages name the kind: the format's own name, the same in every language.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF",
            Kind::Png => "PNG",
            Kind::Jpeg => "JPEG",
            Kind::Text => "plain text",
            Kind::Docx => "Word (DOCX)",
            Kind::Xlsx => "Excel (XLSX)",
            Kind::Pptx => "PowerPoint (PPTX)",
            Kind::Odt => "OpenDocument text",
            Kind::Ods => "OpenDocument spreadsheet",
            Kind::Odp => "OpenDocument presentation",
        }
    }

    /// Browsers show these themselves; the rest are saved.
    pub fn inline(self) -> bool {
        matches!(self, Kind::Pdf | Kind::Png | Kind::Jpeg | Kind::Text)
    }

    /// The kind a stored type names (the stored type is always one of ours).
    pub fn of_mime(mime: &str) -> Option<Kind> {
        ALL.into_iter().find(|k| k.mime() == mime)
    }

    /// The kind a file name's extension says, if it has a known one.
    pub fn of_extension(filename: &str) -> Option<Kind> {
        let (_, ext) = filename.rsplit_once('.')?;
        let ext = ext.to_ascii_lowercase();
        ALL.into_iter()
            .find(|k| k.extensions().contains(&ext.as_str()))
    }

    /// Whether a declared `Content-Type` agrees: the same type, or one that says nothing
    /// (browsers send `application/octet-stream` for what they do not know, and some a plain
    /// zip type for office files).
    pub fn agrees_with_declared(self, declared: &str) -> bool {
        let declared = declared
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let ours = self.mime().split(';').next().unwrap_or("");
        let zipped = !matches!(self, Kind::Pdf | Kind::Png | Kind::Jpeg | Kind::Text);
        declared.is_empty()
            || declared == ours
            || declared == "application/octet-stream"
            || (zipped
                && matches!(
                    declared.as_str(),
                    "application/zip" | "application/x-zip-compressed"
                ))
    }
}

/// What the bytes are: one of the accepted kinds, or `None` (markup, executables, anything else).
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(Kind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Kind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Kind::Jpeg);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return zipped(bytes);
    }
    plain_text(bytes).then_some(Kind::Text)
}

/// UTF-8 without control characters other than whitespace, and not markup: HTML, SVG or XML
/// served from this origin could run script in a browser that ignored `nosniff`.
fn plain_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
    {
        return false;
    }
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = text.chars().take(1024).collect::<String>().to_lowercase();
    !start.starts_with('<')
        && !["<html", "<script", "<svg", "<body", "<iframe"]
            .iter()
            .any(|t| head.contains(t))
}

/// Office files are zip archives: ODF names itself in a first, uncompressed `mimetype` entry;
/// OOXML has `[Content_Types].xml` and its main part.
fn zipped(bytes: &[u8]) -> Option<Kind> {
    // A local header is 30 bytes, then the name ("mimetype", 8 bytes), then the data.
    if bytes.get(30..38) == Some(b"mimetype".as_slice()) {
        let rest = bytes.get(38..).unwrap_or_default();
        for (kind, mime) in [
            (Kind::Odt, "application/vnd.oasis.opendocument.text"),
            (Kind::Ods, "application/vnd.oasis.opendocument.spreadsheet"),
            (Kind::Odp, "application/vnd.oasis.opendocument.presentation"),
        ] {
            // The exact type: `…text-template` and other ODF kinds are not these.
            if rest.starts_with(mime.as_bytes()) && rest.get(mime.len()).is_none_or(|b| *b != b'-')
            {
                return Some(kind);
            }
        }
        return None;
    }
    let names = central_directory_names(bytes)?;
    if !names.iter().any(|n| n == "[Content_Types].xml") {
        return None;
    }
    [
        (Kind::Docx, "word/document.xml"),
        (Kind::Xlsx, "xl/workbook.xml"),
        (Kind::Pptx, "ppt/presentation.xml"),
    ]
    .into_iter()
    .find(|(_, part)| names.iter().any(|n| n == part))
    .map(|(kind, _)| kind)
}

/// The entry names of a zip archive, from its central directory (found through the end record
/// within the last 64 KiB); `None` if the archive is not well formed.
fn central_directory_names(bytes: &[u8]) -> Option<Vec<String>> {
    let u16_at =
        |at: usize| Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?) as usize);
    let u32_at =
        |at: usize| Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize);
    let floor = bytes.len().saturating_sub(22 + 65_535);
    let end = (floor..=bytes.len().checked_sub(22)?)
        .rev()
        .find(|&at| bytes[at..].starts_with(b"PK\x05\x06"))?;
    let count = u16_at(end + 10)?;
    let mut at = u32_at(end + 16)?;
    let mut names = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        if bytes.get(at..at + 4)? != b"PK\x01\x02" {
            return None;
        }
        let (name_len, extra, comment) = (u16_at(at + 28)?, u16_at(at + 30)?, u16_at(at + 32)?);
        let name = bytes.get(at + 46..at + 46 + name_len)?;
        names.push(String::from_utf8_lossy(name).into_owned());
        at += 46 + name_len + extra + comment;
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip archive with empty, stored entries of these names.
    pub(crate) fn zip_of(names: &[&str], first_data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let data = if i == 0 { first_data } else { b"" };
            let offset = out.len() as u32;
            out.extend_from_slice(b"PK\x03\x04");
            out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
            central.extend_from_slice(b"PK\x01\x02");
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(data.len() as u32).to_le_bytes());
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let start = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
        out.extend_from_slice(&(names.len() as u16).to_le_bytes());
        out.extend_from_slice(&(names.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    #[test]
    fn signatures_decide() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(Kind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(Kind::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Kind::Jpeg));
        assert_eq!(
            sniff("Recommandations d’Amman\n".as_bytes()),
            Some(Kind::Text)
        );
        assert_eq!(sniff(b"MZ\x90\0"), None);
        assert_eq!(sniff(b"<!doctype html><p>hi"), None);
        assert_eq!(sniff(b"  <svg onload=alert(1)>"), None);
        assert_eq!(sniff(b"notes\n<script>alert(1)</script>"), None);
    }

    #[test]
    fn office_files_by_their_parts() {
        let docx = zip_of(&["[Content_Types].xml", "word/document.xml"], b"");
        assert_eq!(sniff(&docx), Some(Kind::Docx));
        let pptx = zip_of(&["[Content_Types].xml", "ppt/presentation.xml"], b"");
        assert_eq!(sniff(&pptx), Some(Kind::Pptx));
        assert_eq!(sniff(&zip_of(&["word/document.xml"], b"")), None);
        assert_eq!(sniff(&zip_of(&["a.exe"], b"")), None);
        let odt = zip_of(
            &["mimetype", "content.xml"],
            b"application/vnd.oasis.opendocument.text",
        );
        assert_eq!(sniff(&odt), Some(Kind::Odt));
        let ott = zip_of(
            &["mimetype"],
            b"application/vnd.oasis.opendocument.text-template",
        );
        assert_eq!(sniff(&ott), None);
        assert_eq!(sniff(b"PK\x03\x04 truncated"), None);
    }

    #[test]
    fn names_and_declared_types_must_agree() {
        assert_eq!(Kind::of_extension("Concept Note.PDF"), Some(Kind::Pdf));
        assert_eq!(Kind::of_extension("noext"), None);
        assert!(Kind::Pdf.agrees_with_declared("application/pdf"));
        assert!(Kind::Docx.agrees_with_declared("application/zip"));
        assert!(!Kind::Png.agrees_with_declared("application/pdf"));
        assert!(Kind::Text.agrees_with_declared("text/plain; charset=utf-8"));
    }
}
