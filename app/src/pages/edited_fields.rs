//! The change log's lines for the fields the editor sets besides room, times and cancellation
//! (those are `schedule::change_line`, shared with My schedule): "Title: old → new" in the
//! organiser's language, values read from the log's JSON.

use crate::access::ScheduleChange;
use crate::i18n::Lang;
use crate::model::{Agenda, Channel, Kind, Localized};
use leptos::prelude::*;
use serde_json::Value;

/// The field's label in the organiser's language; the field's own name when it is not known.
pub fn field_label(field: &str, lang: Lang) -> String {
    let (s, e) = (lang.strings(), lang.editor());
    match field {
        "title" => e.title,
        "description" => e.description,
        "kind" => e.kind,
        "theme" => e.theme,
        "floor_language" => e.floor_language,
        "interpretation" => e.interpretation,
        "closed" => s.closed_session,
        "chatham_house" => e.chatham_house,
        "moderators" => e.moderators,
        other => return other.to_string(),
    }
    .to_string()
}

/// A logged value as the organiser reads it.
pub fn shown_value(agenda: &Agenda, field: &str, raw: Option<&str>, lang: Lang) -> String {
    let e = lang.editor();
    let json: Value = raw
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or_default();
    let text = match field {
        "title" | "description" => serde_json::from_value::<Localized>(json)
            .map(|t| t.get(lang).to_string())
            .ok(),
        "kind" => serde_json::from_value::<Kind>(json)
            .map(|k| k.label(lang).to_string())
            .ok(),
        "theme" => json.as_str().map(|slug| {
            agenda
                .theme(slug)
                .map_or(slug.to_string(), |t| t.name.get(lang).to_string())
        }),
        "floor_language" => serde_json::from_value::<Lang>(json)
            .map(|l| lang.strings().lang_name(l).to_string())
            .ok(),
        "interpretation" => serde_json::from_value::<Vec<Channel>>(json)
            .ok()
            .map(|channels| {
                channels
                    .iter()
                    .map(|c| match c.channel {
                        Some(n) => format!("{} {n}", lang.strings().lang_name(c.language)),
                        None => lang.strings().lang_name(c.language).to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        "closed" | "chatham_house" => json
            .as_bool()
            .map(|b| (if b { e.yes } else { e.no }).to_string()),
        "moderators" => serde_json::from_value::<Vec<String>>(json)
            .map(|m| m.join(", "))
            .ok(),
        _ => json
            .as_str()
            .map(str::to_string)
            .or_else(|| Some(json.to_string())),
    };
    text.filter(|t| !t.is_empty()).unwrap_or_else(|| "—".into())
}

pub fn edited_line(agenda: &Agenda, lang: Lang, change: &ScheduleChange) -> impl IntoView + use<> {
    let title = agenda
        .session(&change.session_id)
        .map(|x| x.title.get(lang).to_string())
        .unwrap_or_else(|| change.session_id.clone());
    let what = format!(
        "{}{}{} → {}",
        field_label(&change.field, lang),
        lang.strings().colon,
        shown_value(agenda, &change.field, change.old_value.as_deref(), lang),
        shown_value(agenda, &change.field, change.new_value.as_deref(), lang),
    );
    view! {
        <li data-changed=change.session_id.clone() data-field=change.field.clone()>
            <a href=format!("/sessions/{}", change.session_id)><strong>{title}</strong></a>
            <br/>
            <bdi>{what}</bdi>
        </li>
    }
}
