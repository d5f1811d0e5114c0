//! Text as other tools write it, made fit for the programme: markup removed (its text kept),
//! ids made into slugs, overlong fields shortened.

/// The longest title and description kept from a file, in characters.
pub const MAX_TITLE: usize = 300;
pub const MAX_DESCRIPTION: usize = 20_000;

/// Tags of the HTML that conference tools put in descriptions; anything else after `<` (an
/// autolink `<https://…>`, "growth <5%") is text.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "body",
    "br",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "ins",
    "li",
    "link",
    "meta",
    "object",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "script",
    "small",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "title",
    "tr",
    "u",
    "ul",
];

/// The tag at the start of `text` (just after `<`): its lowercased name, whether it closes,
/// and its length up to and including `>`; `None` when it is not a known tag or a comment.
fn tag_at(text: &str) -> Option<(String, bool, usize)> {
    let end = text.find('>')? + 1;
    if text.starts_with("!--") {
        return Some(("!--".into(), false, text.find("-->").map_or(end, |e| e + 3)));
    }
    let closing = text.starts_with('/');
    let name: String = text[usize::from(closing)..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    TAGS.contains(&name.as_str())
        .then_some((name, closing, end))
}

/// Whether a text holds markup: a known tag or a comment.
pub fn has_markup(text: &str) -> bool {
    text.match_indices('<')
        .any(|(at, _)| tag_at(&text[at + 1..]).is_some())
}

/// The text of an HTML fragment: tags dropped (never interpreted), the content of `script` and
/// `style` dropped with them, paragraphs and line breaks kept as new lines, entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..open]));
        let after = &rest[open + 1..];
        let Some((name, closing, length)) = tag_at(after) else {
            out.push('<');
            rest = after;
            continue;
        };
        rest = &after[length.min(after.len())..];
        if !closing && matches!(name.as_str(), "script" | "style") {
            rest = match find_ignoring_case(rest, &format!("</{name}")) {
                Some(at) => rest[at..].find('>').map_or("", |g| &rest[at + g + 1..]),
                None => "",
            };
            continue;
        }
        if matches!(
            name.as_str(),
            "br" | "p"
                | "div"
                | "li"
                | "ul"
                | "ol"
                | "tr"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
        ) {
            out.push('\n');
        }
    }
    out.push_str(&decode_entities(rest));
    tidy(&out)
}

/// Where `needle` (ASCII) starts in `text`, ignoring ASCII case, without copying `text`.
fn find_ignoring_case(text: &str, needle: &str) -> Option<usize> {
    let (text, needle) = (text.as_bytes(), needle.as_bytes());
    text.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Control characters and bidirectional overrides removed (they can reorder what an organiser
/// reads, or reach a terminal); new lines kept where `lines` says so.
pub fn clean(text: &str, lines: bool) -> String {
    text.chars()
        .filter(|c| {
            let control = c.is_control() && !(lines && *c == '\n');
            let bidi = matches!(*c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            !control && !bidi
        })
        .collect()
}

/// Spaces collapsed within lines, one line per paragraph, no empty lines.
fn tidy(text: &str) -> String {
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // An entity name is short: look for its `;` only that far (not to the end of the text).
        let entity = after.as_bytes()[..after.len().min(12)]
            .iter()
            .position(|b| *b == b';')
            .and_then(|end| entity(&after[..end]).map(|c| (c, end)));
        match entity {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        _ => return None,
    })
}

/// An id for the programme (`a–z`, `0–9`, `-`, `_`, at most 64) made from any text; empty when
/// nothing of it is usable.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 64 {
            break;
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// A room's, track's or person's name as a file gives it: cleaned and at most 200 characters.
pub fn short_name(text: &str) -> String {
    shorten(&clean(text.trim(), false), 200).0
}

/// `text` cut to `max` characters (on a character boundary), and whether it was cut.
pub fn shorten(text: &str, max: usize) -> (String, bool) {
    match text.char_indices().nth(max) {
        Some((at, _)) => (format!("{}…", text[..at].trim_end()), true),
        None => (text.to_string(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_dropped_and_its_text_kept() {
        let html = "<p>Border <b>management</b> &amp; AI</p><script>alert('x')</script>\
                    <ul><li>one</li><li>two &lt;3&gt;</li></ul><img src=x onerror=alert(1)>Done";
        assert_eq!(
            html_to_text(html),
            "Border management & AI\none\ntwo <3>\nDone"
        );
        assert!(has_markup(html));
        assert!(!has_markup("3 < 4 and 5 > 2"));
        assert_eq!(
            html_to_text("<p>See <https://x.org> for growth <5% and >2%</p>"),
            "See <https://x.org> for growth <5% and >2%"
        );
        assert_eq!(html_to_text("a<SCRIPT>x</ScRiPt>b<!-- c -->d"), "abd");
        assert_eq!(clean("a\u{202e}b\u{1b}[31mc\nd", true), "ab[31mc\nd");
        assert_eq!(html_to_text("a < b"), "a < b");
        assert_eq!(
            html_to_text("caf&#233; &#x41; &bogus; &"),
            "café A &bogus; &"
        );
    }

    #[test]
    fn slugs_and_shortening() {
        assert_eq!(
            slugify("Salle Hannibal (2nd floor)"),
            "salle-hannibal-2nd-floor"
        );
        assert_eq!(slugify("  العربية "), "");
        assert_eq!(slugify("d1_opening"), "d1_opening");
        assert!(slugify(&"x".repeat(100)).len() <= 64);
        assert_eq!(shorten("abcdef", 3), ("abc…".to_string(), true));
        assert_eq!(shorten("ab", 3), ("ab".to_string(), false));
    }
}
