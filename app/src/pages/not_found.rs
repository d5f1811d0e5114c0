//! Error pages: readable, in the reader's language, with the right status.

use crate::context::{set_status, use_lang};
use crate::domain::filter::FilterError;
use crate::i18n::{Lang, fill};
use crate::routes::PageError;
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

/// What the server could not show (see `PageError`), with its status, in the reader's language.
pub fn page_error(error: PageError) -> AnyView {
    set_status(error.status());
    let lang = use_lang();
    let (s, e) = (lang.strings(), lang.errors());
    let (title, body) = match error {
        PageError::SignInFirst => (e.sign_in_title, e.sign_in_body),
        PageError::OrganisersOnly => (e.organisers_title, e.organisers_body),
        PageError::NotFound => (s.not_found_title, s.not_found_body),
        PageError::Rejected(_) => (e.rejected_title, e.rejected_body),
        PageError::TooManyAttempts => (e.too_many_title, e.too_many_body),
        PageError::Unavailable(_) => (e.unavailable_title, e.unavailable_body),
    };
    let sign_in = (error == PageError::SignInFirst)
        .then(|| view! { <p><a class="button" href="/signin">{e.sign_in}</a></p> });
    view! {
        <ErrorMessage title body=body.to_string()/>
        {sign_in}
    }
    .into_any()
}
