//! "Notifications on this device": the states `notify.js` switches between, rendered by the
//! server in the reader's language (not supported, iPhone needs the Home Screen first,
//! blocked, off, on with this device's preferences).

use crate::context::use_build;
use crate::i18n::{Lang, fill};
use leptos::prelude::*;

#[component]
pub fn PushPanel(lang: Lang) -> impl IntoView {
    let p = lang.push();
    let reminders = [0, 5, 10, 15, 30]
        .into_iter()
        .map(|m| {
            let label = if m == 0 {
                p.reminder_off.to_string()
            } else {
                fill(p.minutes_before, &[("minutes", &m.to_string())])
            };
            view! { <option value=m.to_string() selected=m == 10>{label}</option> }
        })
        .collect_view();
    let script = format!("{}/notify.js", use_build().root());
    view! {
        <section class="notice push-panel" id="push-panel">
            <h2>{p.settings_title}</h2>
            <p class="muted">{p.settings_intro}</p>
            <p data-push="ios" hidden>{p.ios_first}</p>
            <p data-push="unsupported" hidden>{p.unsupported}</p>
            <p data-push="blocked" hidden>{p.blocked}</p>
            <button type="button" class="button" data-push="on" hidden>{p.turn_on}</button>
            <form data-push="settings" class="stack" hidden>
                <p>{p.on_this_device}</p>
                <label class="check"><input type="checkbox" name="changes" checked/>{p.pref_changes}</label>
                <label class="check"><input type="checkbox" name="announcements" checked/>{p.pref_announcements}</label>
                <label class="field"><span>{p.pref_reminders}</span><select name="reminder_minutes">{reminders}</select></label>
                <button type="button" class="button secondary" data-push="off">{p.turn_off}</button>
            </form>
            <p data-push="saved" role="status" hidden>{p.saved}</p>
            <p data-push="failed" role="alert" hidden>{p.failed}</p>
            <script type="module" src=script></script>
        </section>
    }
}
