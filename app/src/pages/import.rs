//! `/organiser/import`: upload a programme file, see what it changes (sessions added, changed
//! field by field, cancelled), then apply exactly that. Organisers only; the server refuses
//! everyone else before rendering.

use crate::context::{set_status, use_lang, use_request_data, use_viewer};
use crate::i18n::{Lang, fill};
use crate::model::Kind;
use crate::pages::not_found::page_error;
use crate::programme_import::{FieldChange, Format, ImportView, Preview, Problem, SessionLine};
use crate::routes::PageError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ImportPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.import();
    let Some(data) = use_request_data::<ImportView>() else {
        return page_error(PageError::organiser_data_missing(use_viewer().role)).into_any();
    };
    if data.error.is_some() || !data.problems.is_empty() {
        set_status(422);
    }
    let error = data
        .error
        .clone()
        .map(|e| view! { <p class="form-errors" role="alert">{e}</p> });
    let problems = (!data.problems.is_empty()).then(|| {
        view! {
            <section class="notice import-problems" role="alert">
                <h2>{t.refused}</h2>
                <p class="hint">{t.details_in_english}</p>
                {problem_list(&data.problems)}
            </section>
        }
    });
    let preview = data
        .preview
        .clone()
        .map(|p| preview_section(lang, &p, &data));
    view! {
        <Title text=t.title/>
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        {error}
        {problems}
        {preview}
        {upload_form(lang, &data)}
        <p><a class="button secondary" href="/organiser/changes">{lang.console().log_title}</a></p>
    }
    .into_any()
}

fn upload_form(lang: Lang, data: &ImportView) -> impl IntoView + use<> {
    let t = lang.import();
    let formats = Format::ALL
        .into_iter()
        .map(|f| {
            view! { <option value=f.slug() selected=data.format == f.slug()>{f.name()}</option> }
        })
        .collect_view();
    let languages = Lang::ALL
        .into_iter()
        .map(|l| {
            let chosen = data.language == l.code() || (data.language.is_empty() && l == Lang::En);
            view! { <option value=l.code() selected=chosen>{l.endonym()}</option> }
        })
        .collect_view();
    view! {
        <form class="import-form stack form-page" method="post" action="/organiser/import" enctype="multipart/form-data">
            <label class="field">{t.file}
                <input type="file" name="file" required
                    accept=".xml,.json,.ics,application/xml,text/xml,application/json,text/calendar"/>
            </label>
            <label class="field">{t.format}
                <select name="format">
                    <option value="" selected=data.format.is_empty()>{t.format_auto}</option>
                    {formats}
                </select>
            </label>
            <label class="field">{t.timezone}
                <input type="text" name="timezone" value=data.timezone.clone()
                    placeholder="Africa/Tunis" dir="ltr" autocomplete="off"/>
                <span class="hint">{t.timezone_help}</span>
            </label>
            <label class="field">{t.language}
                <select name="language">{languages}</select>
            </label>
            <button type="submit" name="action" value="preview">{t.show_changes}</button>
        </form>
    }
}

fn preview_section(lang: Lang, p: &Preview, data: &ImportView) -> impl IntoView + use<> {
    let t = lang.import();
    let count = |template: &str, n: usize| fill(template, &[("count", &n.to_string())]);
    let heading = fill(t.preview_heading, &[("event", &p.event)]);
    let colon = lang.strings().colon;
    let change = move |f: &FieldChange| {
        let (old, new) = (shown(lang, &f.field, &f.old), shown(lang, &f.field, &f.new));
        view! {
            <li><span class="field-name">{t.field(&f.field)}</span>{colon}
                <del><bdi>{old}</bdi></del>" → "<ins><bdi>{new}</bdi></ins></li>
        }
    };
    let changed = p
        .changed
        .iter()
        .map(|s| {
            let fields = s.fields.iter().map(change).collect_view();
            view! { <li><bdi>{s.title.clone()}</bdi><ul>{fields}</ul></li> }
        })
        .collect_view();
    let other = (!p.other.is_empty()).then(|| {
        let items = p.other.iter().map(change).collect_view();
        view! { <h3>{t.other_changes}</h3><ul class="import-changed">{items}</ul> }
    });
    let names = |list: &[String]| list.join(", ");
    let rooms = (!p.rooms_added.is_empty())
        .then(|| view! { <p>{t.rooms_added}{colon}<bdi>{names(&p.rooms_added)}</bdi></p> });
    let themes = (!p.themes_added.is_empty())
        .then(|| view! { <p>{t.themes_added}{colon}<bdi>{names(&p.themes_added)}</bdi></p> });
    let notes = (!p.notes.is_empty()).then(|| {
        view! { <h3>{t.notes}</h3><p class="hint">{t.details_in_english}</p>{problem_list(&p.notes)} }
    });
    let apply = p.changes_anything().then(|| apply_form(lang, p, data));
    view! {
        <section class="import-preview" aria-labelledby="import-preview-heading">
            <h2 id="import-preview-heading"><bdi>{heading}</bdi></h2>
            {p.creates_event.then(|| view! { <p>{t.creates_event}</p> })}
            {(!p.changes_anything()).then(|| view! { <p class="notice">{t.nothing_changes}</p> })}
            <h3>{count(t.added, p.added.len())}</h3>
            {session_list(&p.added)}
            <h3>{count(t.changed, p.changed.len())}</h3>
            <ul class="import-changed">{changed}</ul>
            <h3>{count(t.cancelled, p.cancelled.len())}</h3>
            {session_list(&p.cancelled)}
            <p>{count(t.unchanged, p.unchanged)}</p>
            {other}
            {rooms}
            {themes}
            {notes}
            {apply}
        </section>
    }
}

/// Sends the previewed file again with the version it was compared with: the server applies it
/// only if the programme has not changed since.
fn apply_form(lang: Lang, p: &Preview, data: &ImportView) -> impl IntoView + use<> {
    let t = lang.import();
    let version = p
        .based_on_version
        .map(|v| v.to_string())
        .unwrap_or_default();
    view! {
        <form method="post" action="/organiser/import" enctype="multipart/form-data">
            <input type="hidden" name="file_b64" value=data.file.clone().unwrap_or_default()/>
            <input type="hidden" name="format" value=p.format.slug()/>
            <input type="hidden" name="timezone" value=data.timezone.clone()/>
            <input type="hidden" name="language" value=data.language.clone()/>
            <input type="hidden" name="based_on_version" value=version/>
            <p class="hint">{t.notified}</p>
            <button type="submit" name="action" value="apply">{t.apply}</button>
        </form>
    }
}

/// A value of the preview as the organiser reads it: flags, kinds and languages in their
/// language; names, times and texts as the file has them.
fn shown(lang: Lang, field: &str, value: &str) -> String {
    let t = lang.import();
    match (field, value) {
        ("cancelled" | "closed" | "chatham_house", "yes") => t.yes.into(),
        ("cancelled" | "closed" | "chatham_house", "no") => t.no.into(),
        ("kind", kind) => Kind::parse(kind).map_or(kind.into(), |k| k.label(lang).into()),
        ("floor_language", code) => Lang::parse(code).map_or(code.into(), |l| l.endonym().into()),
        (_, value) => value.into(),
    }
}

fn session_list(sessions: &[SessionLine]) -> impl IntoView + use<> {
    let items = sessions
        .iter()
        .map(|s| {
            let room = s.room.clone().map(|r| format!(" · {r}")).unwrap_or_default();
            view! { <li><time dir="ltr">{s.start.clone()}</time>" "<bdi>{s.title.clone()}{room}</bdi></li> }
        })
        .collect_view();
    view! { <ul class="import-sessions">{items}</ul> }
}

fn problem_list(problems: &[Problem]) -> impl IntoView + use<> {
    let items = problems
        .iter()
        .map(|p| {
            let at =
                p.at.clone()
                    .map(|at| view! { <code dir="ltr">{at}</code>" " });
            view! { <li>{at}<bdi>{p.message.clone()}</bdi></li> }
        })
        .collect_view();
    view! { <ul class="import-problems-list" dir="ltr">{items}</ul> }
}
