//! Text into XML or HTML: the five special characters escaped, and the control characters
//! neither can carry left out rather than breaking the document. The frab export and the
//! mails' HTML part write text with it.

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn special_characters_are_escaped_and_control_characters_dropped() {
        assert_eq!(
            super::escape("a<b>&\"c\" 'd'\u{1}\te"),
            "a&lt;b&gt;&amp;&quot;c&quot; &#39;d&#39;\te"
        );
    }
}
