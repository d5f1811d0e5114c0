//! A list of documents as delegates see them: title, the language of the file they get (a
//! fallback labelled "in English"), type and size; and the button that keeps the documents of
//! a person's sessions for offline reading, with their total size before anything is fetched.

use crate::documents::{DocumentInfo, document_url, human_size};
use crate::i18n::{Lang, fill};
use leptos::prelude::*;

/// The documents' list, or nothing when there are none.
pub fn document_list(docs: &[&DocumentInfo], lang: Lang) -> Option<impl IntoView + use<>> {
    let d = lang.documents();
    let items: Vec<_> = docs
        .iter()
        .filter_map(|doc| {
            let (file, fallback) = doc.file_for(lang)?;
            let label = fallback.then(|| d.in_lang[Lang::ALL.iter().position(|l| *l == file.lang).unwrap_or(0)]);
            let kind = file_kind(&file.content_type);
            let size = human_size(file.size, lang);
            Some(view! {
                <li class="document" data-document=doc.id.clone()>
                    <a href=document_url(&doc.id, file.lang) hreflang=file.lang.code() type=file.content_type.clone()>
                        {doc.title.get(lang).to_string()}
                    </a>
                    <span class="meta">
                        {label.map(|l| view! { <span class="fallback" lang=lang.code()>{l}" · "</span> })}
                        <bdi dir="ltr">{kind}" · "{size}</bdi>
                    </span>
                </li>
            })
        })
        .collect();
    (!items.is_empty()).then(|| {
        view! {
            <section class="documents">
                <h2>{d.heading}</h2>
                <ul class="plain">{items}</ul>
            </section>
        }
    })
}

/// "Keep 3 documents for offline reading (2.4 MB)": the files the reader would get, listed in
/// `data-urls` for `documents.js`, which stores them where the service worker finds them.
pub fn keep_offline_button(
    docs: &[&DocumentInfo],
    lang: Lang,
    script: String,
) -> Option<impl IntoView + use<>> {
    let d = lang.documents();
    let files: Vec<_> = docs
        .iter()
        .filter_map(|doc| {
            doc.file_for(lang)
                .map(|(f, _)| (document_url(&doc.id, f.lang), f.size))
        })
        .collect();
    if files.is_empty() {
        return None;
    }
    let total: u64 = files.iter().map(|(_, size)| size).sum();
    let count = files.len().to_string();
    let template = if files.len() == 1 {
        d.keep_one
    } else {
        d.keep_many
    };
    let label = fill(
        template,
        &[("count", &count), ("size", &human_size(total, lang))],
    );
    let urls = files
        .into_iter()
        .map(|(url, _)| url)
        .collect::<Vec<_>>()
        .join(" ");
    Some(view! {
        <p class="keep-documents">
            <button type="button" class="button secondary" data-keep-documents=urls
                data-keeping=d.keeping data-kept=d.kept data-failed=d.keep_failed>{label}</button>
            <span class="muted" role="status" data-keep-status></span>
        </p>
        <script type="module" src=script></script>
    })
}

/// A file's kind as people call it.
fn file_kind(content_type: &str) -> &'static str {
    match content_type.split(';').next().unwrap_or("") {
        "application/pdf" => "PDF",
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        "text/plain" => "TXT",
        t if t.ends_with("wordprocessingml.document") => "DOCX",
        t if t.ends_with("spreadsheetml.sheet") => "XLSX",
        t if t.ends_with("presentationml.presentation") => "PPTX",
        "application/vnd.oasis.opendocument.text" => "ODT",
        "application/vnd.oasis.opendocument.spreadsheet" => "ODS",
        "application/vnd.oasis.opendocument.presentation" => "ODP",
        _ => "",
    }
}
