//! `/manifest.webmanifest`: `public/manifest.webmanifest` with its words in the reader's language
//! (`?locale=`, then the negotiated one; not `?lang=`, which would also set the reader's
//! language cookie). The `id` stays the same, so it is one app in any language.

use crate::state::AppState;
use app::i18n::Lang;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

const TEMPLATE: &str = include_str!("../../../public/manifest.webmanifest");

#[derive(Deserialize)]
pub struct LangQuery {
    locale: Option<String>,
}

pub async fn web_app_manifest(
    State(state): State<AppState>,
    Extension(negotiated): Extension<Lang>,
    Query(query): Query<LangQuery>,
) -> Response {
    let lang = query
        .locale
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(negotiated);
    let event = state
        .agenda
        .current()
        .public
        .event
        .short_name
        .get(lang)
        .to_string();
    (
        [
            (CONTENT_TYPE, "application/manifest+json"),
            (CACHE_CONTROL, "no-cache"),
        ],
        localized(lang, &event).to_string(),
    )
        .into_response()
}

fn localized(lang: Lang, event: &str) -> Value {
    let mut manifest: Value = serde_json::from_str(TEMPLATE).unwrap_or_else(|_| json!({}));
    let s = lang.strings();
    let p = lang.pwa();
    manifest["name"] = json!(format!("{} · {event}", s.app_name));
    manifest["short_name"] = json!(p.short_name);
    manifest["description"] = json!(p.description);
    manifest["lang"] = json!(lang.code());
    manifest["dir"] = json!(lang.dir());
    if let Some(shortcuts) = manifest["shortcuts"].as_array_mut() {
        for shortcut in shortcuts {
            let name = match shortcut["url"].as_str() {
                Some("/schedule") => s.nav_schedule,
                _ => s.nav_agenda,
            };
            shortcut["name"] = json!(name);
            shortcut["short_name"] = json!(name);
        }
    }
    manifest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_valid_and_installable() {
        let m: Value = serde_json::from_str(TEMPLATE).expect("manifest template is JSON");
        for field in [
            "id",
            "start_url",
            "scope",
            "display",
            "theme_color",
            "background_color",
        ] {
            assert!(m[field].is_string(), "manifest lacks {field}");
        }
        let sizes: Vec<&str> = m["icons"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["sizes"].as_str())
            .collect();
        assert!(sizes.contains(&"192x192") && sizes.contains(&"512x512"));
        assert!(
            m["icons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["purpose"] == "maskable")
        );
    }

    #[test]
    fn words_follow_the_language_and_the_id_does_not() {
        let ar = localized(Lang::Ar, "IBMC");
        let en = localized(Lang::En, "IBMC");
        assert_eq!(ar["dir"], "rtl");
        assert_eq!(ar["lang"], "ar");
        assert_eq!(ar["shortcuts"][1]["name"], "برنامجي");
        assert_eq!(en["shortcuts"][1]["name"], "My schedule");
        assert_eq!(ar["id"], en["id"]);
        assert_ne!(ar["name"], en["name"]);
    }
}
