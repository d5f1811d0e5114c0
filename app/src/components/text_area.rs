//! `<textarea>` with its text escaped. The view layer writes a textarea's children raw (as it does
//! for `<script>` and `<style>`), so typed text such as `</textarea><img …>` would end the element
//! and become markup. A textarea's content is read with character references decoded, so the
//! escaped text shows exactly as typed. Use this for every textarea that shows what someone typed.

use leptos::prelude::*;

#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    rows: u32,
    maxlength: u32,
    #[prop(into)] value: String,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <textarea name=name rows=rows maxlength=maxlength required=required>{escape_text(&value)}</textarea>
    }
}

/// Text as character data: `&`, `<` and `>` as references.
pub fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape_text;

    #[test]
    fn markup_in_typed_text_stays_text() {
        assert_eq!(
            escape_text("</textarea><img src=x onerror=alert(1)> & more"),
            "&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt; &amp; more"
        );
        assert_eq!(escape_text("Доступ — عربي"), "Доступ — عربي");
    }
}
