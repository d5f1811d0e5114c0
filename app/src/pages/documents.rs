//! `/organiser/documents`: every document with its files per language, replacing or removing a
//! language's file, deleting a document, and uploading a new one for a session or the event.
//! Field errors come back next to their field, in the organiser's language, with what was
//! typed. Organisers only; the server refuses everyone else before rendering.

use crate::context::{use_lang, use_request_data, use_snapshot, use_viewer};
use crate::documents::{DocumentsView, document_url, human_size};
use crate::i18n::{Lang, fill};
use crate::pages::not_found::page_error;
use crate::routes::PageError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let lang = use_lang();
    let d = lang.documents();
    let Some(data) = use_request_data::<DocumentsView>() else {
        return page_error(PageError::organiser_data_missing(use_viewer().role)).into_any();
    };
    let agenda = use_snapshot().agenda;
    let session_title = |id: &str| {
        agenda
            .session(id)
            .map_or_else(|| id.to_string(), |s| s.title.get(lang).to_string())
    };
    let listed = data
        .documents
        .iter()
        .map(|doc| {
            let attached = doc.session_id.as_deref().map_or_else(|| d.the_event.to_string(), session_title);
            let files = Lang::ALL
                .into_iter()
                .map(|l| {
                    let file = doc.files.iter().find(|f| f.lang == l);
                    let base = format!("/organiser/documents/{}/files/{}", doc.id, l.code());
                    let shown = file.map(|f| {
                        view! {
                            <a href=document_url(&doc.id, l)><bdi>{f.filename.clone()}</bdi></a>
                            " "<span class="muted">{human_size(f.size, lang)}</span>
                            <form method="post" action=format!("{base}/remove") class="inline">
                                <button type="submit" class="button small secondary">{d.remove_file}</button>
                            </form>
                        }
                    });
                    view! {
                        <li>
                            <strong>{l.endonym()}</strong>" "{shown}
                            <form method="post" action=base enctype="multipart/form-data" class="inline">
                                <input type="file" name="file" aria-label=fill(d.file_in, &[("language", l.endonym())])/>
                                <button type="submit" class="button small">{d.replace}</button>
                            </form>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="slot" data-document=doc.id.clone()>
                    <h2>{doc.title.get(lang).to_string()}</h2>
                    <p class="muted">{attached}</p>
                    <ul class="plain">{files}</ul>
                    <form method="post" action=format!("/organiser/documents/{}/delete", doc.id)>
                        <button type="submit" class="button small secondary">{d.delete}</button>
                    </form>
                </section>
            }
        })
        .collect_view();
    let field_errors = |field: &str| {
        data.errors_of(field)
            .into_iter()
            .map(|e| view! { <span class="field-error">{e}</span> })
            .collect_view()
    };
    let chosen = data.value("session_id");
    let sessions = agenda
        .sessions
        .iter()
        .filter(|s| s.kind != crate::model::Kind::Break)
        .map(|s| view! { <option value=s.id.clone() selected=chosen == s.id>{s.title.get(lang).to_string()}</option> })
        .collect_view();
    let fields = Lang::ALL
        .into_iter()
        .map(|l| {
            let title = format!("title_{}", l.code());
            let file = format!("file_{}", l.code());
            view! {
                <label class="field" lang=l.code() dir=l.dir()>
                    <span>{fill(d.title_in, &[("language", l.endonym())])}</span>
                    <input type="text" name=title.clone() maxlength="300" value=data.value(&title) required=l == Lang::En/>
                    {field_errors(&title)}
                </label>
                <label class="field">
                    <span>{fill(d.file_in, &[("language", l.endonym())])}</span>
                    <input type="file" name=file.clone()/>
                    {field_errors(&file)}
                </label>
            }
        })
        .collect_view();
    let general = field_errors("");
    view! {
        <Title text=d.org_title/>
        <h1>{d.org_title}</h1>
        <p class="muted">{d.org_intro}</p>
        {data.notice.clone().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {(!data.errors.is_empty()).then(|| view! { <p class="form-errors" role="alert">{lang.access().form_has_errors}</p> })}
        <p class="form-errors">{general}</p>
        <form method="post" action="/organiser/documents" enctype="multipart/form-data" class="document-upload">
            <label class="field"><span>{d.attach_to}</span>
                <select name="session_id">
                    <option value="" selected=chosen.is_empty()>{d.the_event}</option>
                    {sessions}
                </select>
                {field_errors("session_id")}
            </label>
            {fields}
            <p class="muted">{fill(d.allowed, &[("limit", &human_size(data.max_bytes, lang))])}</p>
            <button type="submit" class="button">{d.upload}</button>
        </form>
        {data.documents.is_empty().then(|| view! { <p class="empty">{d.none_yet}</p> })}
        {listed}
    }
    .into_any()
}
