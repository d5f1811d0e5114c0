//! `/organiser/programme/new-room` and `/organiser/programme/rooms/{id}`: a room's names,
//! floor and directions in the four languages, and its seats.

use crate::context::{set_status, use_lang, use_request_data, use_viewer};
use crate::editing::RoomEditorView;
use crate::pages::not_found::page_error;
use crate::pages::session_editor::Form;
use crate::routes::PageError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RoomEditorPage() -> impl IntoView {
    let lang = use_lang();
    let e = lang.editor();
    let Some(data) = use_request_data::<RoomEditorView>() else {
        return page_error(PageError::organiser_data_missing(use_viewer().role)).into_any();
    };
    if !data.errors.is_empty() {
        set_status(422);
    }
    let (heading, action) = match &data.id {
        Some(id) => (e.edit_room, format!("/organiser/programme/rooms/{id}")),
        None => (e.new_room, "/organiser/programme/new-room".to_string()),
    };
    let form = Form {
        values: &data.values,
        errors: &data.errors,
        lang,
    };
    let seats = crate::access::form_value(&data.values, "capacity").to_string();
    view! {
        <Title text=heading/>
        <p><a href="/organiser/programme">{e.back}</a></p>
        <h1>{heading}</h1>
        {(!data.errors.is_empty()).then(|| view! { <p class="form-errors" role="alert">{e.form_has_errors}</p> })}
        <form method="post" action=action class="stack editor" novalidate>
            {form.texts("name", e.room_name, false)}
            {form.texts("floor", e.floor, false)}
            <label class="field" class:invalid=form.error("capacity").is_some()>
                <span>{e.seats}</span>
                <input type="number" name="capacity" min="1" inputmode="numeric" value=seats/>
                {form.error("capacity")}
            </label>
            {form.texts("directions", e.directions, true)}
            <button type="submit" class="button">{e.save}</button>
        </form>
    }
    .into_any()
}
