//! `/me`: who this device is signed in as, sign-out, and a one-time code for another device.

use crate::access::{DeviceCodeView, EntryPassView, Role};
use crate::components::push_panel::PushPanel;
use crate::context::{use_lang, use_request_data, use_viewer};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MePage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.access();
    let viewer = use_viewer();
    let role = match viewer.role {
        Role::Anonymous => a.role_anonymous,
        Role::Invitee => a.role_invitee,
        Role::Delegate => a.role_delegate,
        Role::Door => lang.door().role_door,
        Role::Organiser => a.role_organiser,
    };
    let code = use_request_data::<DeviceCodeView>();
    let pass = use_request_data::<EntryPassView>().map(|p| {
        let event = crate::context::use_snapshot().agenda.event.clone();
        let day = |at: chrono::DateTime<chrono::Utc>| {
            let venue = crate::domain::venue_time::VenueTime::of(&event);
            crate::domain::venue_time::long_date(venue.date(at), lang)
        };
        let last_day = p.valid_until - chrono::Duration::seconds(1);
        let valid = a
            .pass_valid
            .replace("{from}", &day(p.valid_from))
            .replace("{until}", &day(last_day));
        view! {
            <section class="entry-pass" aria-labelledby="entry-pass-title">
                <h2 id="entry-pass-title">{a.pass_title}</h2>
                <div class="pass-qr" inner_html=p.qr_svg></div>
                <p class="pass-name"><bdi>{p.name}</bdi></p>
                <p class="pass-organisation"><bdi>{p.organisation}</bdi></p>
                <p class="muted">{valid}" · "{a.pass_help}</p>
            </section>
        }
    });
    let signed_in = viewer.role != Role::Anonymous;
    view! {
        <Title text=a.nav_me/>
        <section class="form-page">
            <h1>{a.nav_me}</h1>
            {viewer.name.map(|n| view! { <p class="person-name"><bdi>{n}</bdi></p> })}
            <p class="role" data-role=format!("{:?}", viewer.role).to_lowercase()>{role}</p>
            {(!signed_in).then(|| view! { <p><a class="button" href="/signin">{a.sign_in}</a></p> })}
            {pass}
            {signed_in.then(|| view! {
                <section class="notice">
                    <h2>{a.device_code_title}</h2>
                    {match code {
                        Some(code) => view! {
                            <p>{a.device_code_help}</p>
                            <div class="qr" inner_html=code.qr_svg></div>
                            <p class="device-code"><bdi dir="ltr">{code.code}</bdi></p>
                            <p class="muted"><bdi dir="ltr">{code.url}</bdi></p>
                        }.into_any(),
                        None => view! {
                            <form method="post" action="/me/device-code">
                                <button type="submit" class="button">{a.device_code_button}</button>
                            </form>
                        }.into_any(),
                    }}
                </section>
                <PushPanel lang/>
                <form method="post" action="/auth/sign-out">
                    <button type="submit" class="button secondary">{a.sign_out}</button>
                </form>
            })}
        </section>
    }
}
