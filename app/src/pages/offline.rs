//! What the service worker shows for a page that needs the network when there is none
//! (sign-in, the organiser console): readable, in the reader's language.

use crate::context::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OfflinePage() -> impl IntoView {
    let lang = use_lang();
    let p = lang.pwa();
    let s = lang.strings();
    view! {
        <Title text=p.offline_title/>
        <section class="error-page offline-page">
            <h1>{p.offline_title}</h1>
            <p>{p.offline_body}</p>
            <p><a class="button" href="/">{s.back_to_agenda}</a></p>
        </section>
    }
}
