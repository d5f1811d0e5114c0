//! `/door`: door staff's scanner. The page is only a frame: `door.js` runs the camera, checks
//! each pass offline against the roster it keeps (keys and passes from
//! `GET /api/v1/entry/roster`), shows the verdict over the whole screen, queues the scans and
//! sends them when the network answers. Its words come from here, as JSON, in the staff
//! member's language; the page is kept offline for staff by the service worker's bundle.

use crate::context::{use_build, use_lang, use_snapshot, use_viewer};
use crate::i18n::fill;
use crate::pages::not_found::page_error;
use crate::routes::PageError;
use leptos::prelude::*;
use leptos_meta::Title;

/// What `door.js` reads from the page.
#[derive(serde::Serialize)]
struct DoorScript<'a> {
    lang: &'static str,
    /// The venue's IANA zone: times at the door are venue times.
    time_zone: &'a str,
    zone: String,
    /// Where this build's scripts are (the QR decoder is loaded from there).
    root: String,
    strings: &'static crate::i18n::door::DoorStrings,
}

#[component]
pub fn DoorPage() -> impl IntoView {
    let lang = use_lang();
    let d = lang.door();
    let viewer = use_viewer();
    // The server refuses others before rendering; the offline bundle renders only for staff.
    if !viewer.role.checks_passes() {
        let refusal = match viewer.role {
            crate::access::Role::Anonymous => PageError::SignInFirst,
            _ => PageError::OrganisersOnly,
        };
        return page_error(refusal).into_any();
    }
    let event = use_snapshot().agenda.event.clone();
    let zone = fill(
        lang.strings().times_in_zone,
        &[
            ("city", event.city.get(lang)),
            (
                "offset",
                &crate::domain::venue_time::VenueTime::of(&event).offset_label(event.start_date),
            ),
        ],
    );
    let root = use_build().root();
    let data = DoorScript {
        lang: lang.code(),
        time_zone: &event.timezone,
        zone,
        root: root.clone(),
        strings: d,
    };
    // Inside <script> no `<` may reach the HTML parser (`</script`, `<!--`): JSON reads
    // `\u003c` as `<`.
    let json = serde_json::to_string(&data)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c");
    let script = format!("{root}/door.js");
    view! {
        <Title text=d.title/>
        <section class="door" data-door-page="">
            <h1>{d.title}</h1>
            <p class="muted">{d.intro}</p>
            <p class="door-status" role="status" aria-live="polite">
                <span data-roster>{d.roster_none}</span>" · "<span data-queue>{d.queue_empty}</span>
            </p>
            <p class="door-network notice" data-network hidden>{d.offline}</p>
            <p class="form-errors" data-unsupported hidden>{d.unsupported}</p>
            <div class="door-controls">
                <label>{d.door_label}" "
                    <input type="text" name="door" value="main" maxlength="100" autocomplete="off" data-door-name/>
                </label>
                <button type="button" class="button" data-camera>{d.start}</button>
                <button type="button" class="button secondary" data-sync>{d.sync_now}</button>
            </div>
            <p class="muted" data-camera-help>{d.camera_help}</p>
            <div class="door-camera">
                <video data-video muted playsinline hidden></video>
            </div>
            <section class="door-lookup" aria-labelledby="door-lookup-title">
                <h2 id="door-lookup-title">{d.lookup_title}</h2>
                <p class="muted">{d.lookup_help}</p>
                <label>{d.lookup_label}" "
                    <input type="search" autocomplete="off" data-lookup/>
                </label>
                <ul class="door-matches" data-matches></ul>
            </section>
            <div class="verdict" data-verdict hidden role="alert" tabindex="-1">
                <p class="verdict-word" data-verdict-word></p>
                <p class="verdict-name" data-verdict-name></p>
                <p class="verdict-organisation" data-verdict-organisation></p>
                <p class="verdict-detail" data-verdict-detail></p>
                <button type="button" class="button" data-next>{d.next}</button>
            </div>
        </section>
        <script type="application/json" id="door-data" inner_html=json></script>
        <script type="module" src=script></script>
    }
    .into_any()
}
