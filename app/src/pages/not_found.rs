//! Error pages: readable, in the reader's language, with the right status.

use crate::context::{set_status, use_lang};
use crate::domain::filter::FilterError;
use crate::i18n::{Lang, fill};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let s = use_lang().strings();
    view! { <ErrorMessage title=s.not_found_title body=s.not_found_body.to_string()/> }
}

#[component]
pub fn BadFilter(error: FilterError, lang: Lang) -> impl IntoView {
    let s = lang.strings();
    let body = fill(
        s.bad_filter_body,
        &[("name", error.name), ("value", &error.value)],
    );
    view! { <ErrorMessage title=s.bad_filter_title body/> }
}

#[component]
pub fn ErrorMessage(title: &'static str, body: String) -> impl IntoView {
    let s = use_lang().strings();
    view! {
        <Title text=title/>
        <section class="error-page" role="alert">
            <h1>{title}</h1>
            <p>{body}</p>
            <p><a class="button" href="/">{s.back_to_agenda}</a></p>
        </section>
    }
}

/// The organiser pages' gate: 401 signed out, 403 for anyone but an organiser.
pub fn organisers_only() -> Option<AnyView> {
    let viewer = crate::context::use_viewer();
    if viewer.role == crate::access::Role::Organiser {
        return None;
    }
    set_status(if viewer.role == crate::access::Role::Anonymous {
        401
    } else {
        403
    });
    let a = use_lang().access();
    Some(view! { <ErrorMessage title=a.organiser_title body=a.forbidden.to_string()/> }.into_any())
}
