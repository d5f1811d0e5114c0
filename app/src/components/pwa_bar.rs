//! The quiet notes of the installed app: offline (and since when the programme is as shown),
//! a changed programme, a new version, and how to install. The server renders them hidden in
//! the reader's language; `pwa.js` shows the ones that apply.

use crate::context::{use_lang, use_snapshot};
use crate::domain::venue_time::{VenueTime, day_and_clock};
use crate::i18n::fill;
use leptos::prelude::*;

#[component]
pub fn PwaBar() -> impl IntoView {
    let lang = use_lang();
    let p = lang.pwa();
    let agenda = use_snapshot().agenda;
    let venue = VenueTime::of(&agenda.event);
    let as_of = fill(
        p.offline_as_of,
        &[("time", &day_and_clock(&venue, agenda.updated_at, lang))],
    );
    view! {
        <div class="pwa-bar" id="pwa-bar">
            <p id="pwa-offline" class="pwa-note offline" role="status" hidden>{as_of}</p>
            <p id="pwa-changed" class="pwa-note" role="status" hidden>
                <span>{p.programme_changed}</span>
                <button type="button" class="button" data-pwa="refresh">{p.refresh}</button>
            </p>
            <p id="pwa-update" class="pwa-note" role="status" hidden>
                <span>{p.new_version}</span>
                <button type="button" class="button" data-pwa="update">{p.reload}</button>
            </p>
            <p id="pwa-install" class="pwa-note" hidden>
                <button type="button" class="button" data-pwa="install">{p.install}</button>
                <button type="button" class="dismiss" data-pwa="dismiss" aria-label=p.dismiss title=p.dismiss>"×"</button>
            </p>
            <p id="pwa-ios" class="pwa-note" hidden>
                <span>{p.ios_install}</span>
                <button type="button" class="dismiss" data-pwa="dismiss" aria-label=p.dismiss title=p.dismiss>"×"</button>
            </p>
        </div>
    }
}
