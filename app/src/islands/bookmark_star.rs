//! The star on every agenda item and session page: one tap adds the session to "My schedule".
//!
//! Signed in, each change is queued on the device with a client-generated operation id and
//! sent; a change made offline stays queued (the star shows it as pending) and is replayed when
//! the connection returns. The server applies each operation id once, so replays are safe.
//! Signed out, bookmarks live on the device and are merged into the account at sign-in.

use crate::i18n::Lang;
use leptos::prelude::*;

#[island]
pub fn BookmarkStar(session: String, on: bool, signed_in: bool, lang: Lang) -> impl IntoView {
    let state = RwSignal::new(on);
    let pending = RwSignal::new(false);
    let clash = RwSignal::new(String::new());
    // Set once hydrated: tests (and styles) can tell a live star from server HTML.
    let ready = RwSignal::new(false);
    let strings = lang.star();
    #[cfg(feature = "hydrate")]
    {
        let session = session.clone();
        Effect::new(move |_| {
            client::init(&session, signed_in, state, pending, clash, strings.overlaps);
            ready.set(true);
        });
    }
    let toggle = {
        let session = session.clone();
        move |_| {
            let now_on = !state.get_untracked();
            state.set(now_on);
            #[cfg(feature = "hydrate")]
            client::change(&session, now_on, signed_in, pending, clash);
            #[cfg(not(feature = "hydrate"))]
            let _ = (&session, signed_in, &pending, &clash);
        }
    };
    view! {
        <div class="star-box">
            <button
                type="button"
                class="star"
                data-star=session
                aria-pressed=move || state.get().to_string()
                data-pending=move || pending.get().then_some("true")
                data-ready=move || ready.get().then_some("true")
                aria-label=move || if state.get() { strings.remove } else { strings.add }
                title=move || if state.get() { strings.remove } else { strings.add }
                on:click=toggle
            >
                <svg viewBox="0 0 24 24" aria-hidden="true" width="26" height="26">
                    <path d="M12 2.8l2.8 5.9 6.4.8-4.7 4.5 1.2 6.4L12 17.3l-5.7 3.1 1.2-6.4-4.7-4.5 6.4-.8z"/>
                </svg>
            </button>
            <p class="clash" role="status" hidden=move || clash.get().is_empty()>{move || clash.get()}</p>
        </div>
    }
}

/// The stars kept on this device while signed out.
#[cfg(feature = "hydrate")]
pub fn device_bookmarks() -> Vec<String> {
    client::read(client::LOCAL)
}

#[cfg(feature = "hydrate")]
mod client {
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use serde::{Deserialize, Serialize};
    use std::cell::Cell;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    const QUEUE: &str = "dc-bookmark-queue";
    pub const LOCAL: &str = "dc-local-bookmarks";
    const SYNCED: &str = "dc-bookmark-synced";

    #[derive(Clone, Serialize, Deserialize)]
    struct Op {
        op: String,
        session: String,
        on: bool,
    }

    #[derive(Deserialize)]
    struct Answer {
        #[serde(default)]
        clashes: Vec<Clash>,
    }

    #[derive(Deserialize)]
    struct Clash {
        title: String,
    }

    thread_local! {
        static STARTED: Cell<bool> = const { Cell::new(false) };
        static SENDING: Cell<bool> = const { Cell::new(false) };
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn read<T: for<'de> Deserialize<'de> + Default>(key: &str) -> T {
        storage()
            .and_then(|s| s.get_item(key).ok().flatten())
            .and_then(|v| serde_json::from_str(&v).ok())
            .unwrap_or_default()
    }

    fn write<T: Serialize>(key: &str, value: &T) {
        if let (Some(s), Ok(v)) = (storage(), serde_json::to_string(value)) {
            let _ = s.set_item(key, &v);
        }
    }

    pub fn init(
        session: &str,
        signed_in: bool,
        state: RwSignal<bool>,
        pending: RwSignal<bool>,
        clash: RwSignal<String>,
        overlaps: &'static str,
    ) {
        if !signed_in {
            let local: Vec<String> = read(LOCAL);
            state.set(local.iter().any(|s| s == session));
            return;
        }
        // A change still queued on this device wins over the page's (older) server state.
        if let Some(op) = read::<Vec<Op>>(QUEUE)
            .into_iter()
            .rev()
            .find(|o| o.session == session)
        {
            state.set(op.on);
            pending.set(true);
        }
        listen_for_sync(session.to_string(), pending, clash, overlaps);
        if !STARTED.replace(true) {
            merge_device_bookmarks();
            if let Some(window) = web_sys::window() {
                let replay = Closure::<dyn Fn()>::new(|| spawn_local(send_queue()));
                let _ = window
                    .add_event_listener_with_callback("online", replay.as_ref().unchecked_ref());
                replay.forget();
            }
            spawn_local(send_queue());
        }
    }

    /// Bookmarks made while signed out join the account.
    fn merge_device_bookmarks() {
        let local: Vec<String> = read(LOCAL);
        if local.is_empty() {
            return;
        }
        let mut queue: Vec<Op> = read(QUEUE);
        queue.extend(local.into_iter().map(|session| Op {
            op: new_op_id(),
            session,
            on: true,
        }));
        write(QUEUE, &queue);
        if let Some(s) = storage() {
            let _ = s.remove_item(LOCAL);
        }
    }

    pub fn change(
        session: &str,
        on: bool,
        signed_in: bool,
        pending: RwSignal<bool>,
        clash: RwSignal<String>,
    ) {
        clash.set(String::new());
        if !signed_in {
            let mut local: Vec<String> = read(LOCAL);
            local.retain(|s| s != session);
            if on {
                local.push(session.to_string());
            }
            write(LOCAL, &local);
            return;
        }
        let mut queue: Vec<Op> = read(QUEUE);
        queue.push(Op {
            op: new_op_id(),
            session: session.to_string(),
            on,
        });
        write(QUEUE, &queue);
        pending.set(true);
        spawn_local(send_queue());
    }

    fn new_op_id() -> String {
        web_sys::window()
            .and_then(|w| w.crypto().ok())
            .map(|c| c.random_uuid())
            .unwrap_or_else(|| format!("{}-{}", js_sys::Date::now(), js_sys::Math::random()))
    }

    /// Sends queued operations in order; stops at the first network failure (offline) and
    /// leaves the rest for the next `online` event or page load.
    async fn send_queue() {
        if SENDING.replace(true) {
            return;
        }
        loop {
            let queue: Vec<Op> = read(QUEUE);
            let Some(op) = queue.first().cloned() else {
                break;
            };
            let Some(answer) = send(&op).await else { break };
            let mut queue: Vec<Op> = read(QUEUE);
            queue.retain(|o| o.op != op.op);
            write(QUEUE, &queue);
            let still_queued = queue.iter().any(|o| o.session == op.session);
            announce(&op.session, still_queued, answer);
        }
        SENDING.set(false);
    }

    /// `None` when the request could not be made (offline); a refusal (404, 401) drops the op.
    async fn send(op: &Op) -> Option<Vec<String>> {
        let window = web_sys::window()?;
        let init = web_sys::RequestInit::new();
        init.set_method(if op.on { "PUT" } else { "DELETE" });
        let headers = web_sys::Headers::new().ok()?;
        headers.set("Op-Id", &op.op).ok()?;
        init.set_headers(&headers);
        let url = format!("/api/v1/me/bookmarks/{}", op.session);
        let request = web_sys::Request::new_with_str_and_init(&url, &init).ok()?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !response.ok() {
            return Some(Vec::new());
        }
        let text = JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()
            .unwrap_or_default();
        let answer: Answer = serde_json::from_str(&text).unwrap_or(Answer {
            clashes: Vec::new(),
        });
        Some(answer.clashes.into_iter().map(|c| c.title).collect())
    }

    /// Tells the star(s) of `session` that the server has its latest change.
    fn announce(session: &str, still_queued: bool, clashes: Vec<String>) {
        let detail =
            serde_json::json!({ "session": session, "pending": still_queued, "clashes": clashes });
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&JsValue::from_str(&detail.to_string()));
        if let (Some(window), Ok(event)) = (
            web_sys::window(),
            web_sys::CustomEvent::new_with_event_init_dict(SYNCED, &init),
        ) {
            let _ = window.dispatch_event(&event);
        }
    }

    fn listen_for_sync(
        session: String,
        pending: RwSignal<bool>,
        clash: RwSignal<String>,
        overlaps: &'static str,
    ) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let handler =
            Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
                let Some(text) = event.detail().as_string() else {
                    return;
                };
                let Ok(detail) = serde_json::from_str::<serde_json::Value>(&text) else {
                    return;
                };
                if detail["session"] != session.as_str() {
                    return;
                }
                pending.set(detail["pending"].as_bool().unwrap_or(false));
                let titles: Vec<&str> = detail["clashes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t.as_str())
                    .collect();
                clash.set(if titles.is_empty() {
                    String::new()
                } else {
                    format!("{overlaps}: {}", titles.join(", "))
                });
            });
        let _ = window.add_event_listener_with_callback(SYNCED, handler.as_ref().unchecked_ref());
        handler.forget();
    }
}
