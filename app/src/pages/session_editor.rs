//! `/organiser/programme/new` and `/organiser/programme/sessions/{id}`: every field of a
//! session, titles and descriptions in the four languages (a missing one says what delegates
//! reading it see instead), times in venue time. Posted back here; a refused form comes back
//! with what was typed and each problem next to its field.

use crate::access::{FormValues, form_value, form_values};
use crate::components::text_area::escape_text;
use crate::context::{
    set_status, use_lang, use_path_and_query, use_request_data, use_snapshot, use_viewer,
};
use crate::domain::venue_time::VenueTime;
use crate::editing::{EditErrors, SessionEditorView, error_for};
use crate::i18n::{Lang, fill};
use crate::model::{Agenda, Kind};
use crate::pages::not_found::page_error;
use crate::routes::PageError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SessionEditorPage() -> impl IntoView {
    let lang = use_lang();
    let e = lang.editor();
    let Some(data) = use_request_data::<SessionEditorView>() else {
        return page_error(PageError::organiser_data_missing(use_viewer().role)).into_any();
    };
    if !data.errors.is_empty() {
        set_status(422);
    }
    let agenda = use_snapshot().agenda;
    let (heading, action) = match &data.id {
        Some(id) => (
            e.edit_session,
            format!("/organiser/programme/sessions/{id}"),
        ),
        None => (e.new_session, "/organiser/programme/new".to_string()),
    };
    let values = with_query_defaults(data.values.clone(), data.id.is_none());
    let form = Form {
        values: &values,
        errors: &data.errors,
        lang,
    };
    view! {
        <Title text=heading/>
        <p><a href="/organiser/programme">{e.back}</a></p>
        <h1>{heading}</h1>
        {(!data.errors.is_empty()).then(|| view! { <p class="form-errors" role="alert">{e.form_has_errors}</p> })}
        <p class="muted">{zone_label(&agenda, lang)}</p>
        <form method="post" action=action class="stack editor" novalidate>
            // The session as this form was filled from: a save over a newer one is refused once.
            <input type="hidden" name="based_on" value=form_value(&values, "based_on").to_string()/>
            {error_for(&data.errors, "based_on", lang).map(|message| view! { <p class="form-errors" role="alert">{message}</p> })}
            {form.texts("title", e.title, false)}
            {form.texts("description", e.description, true)}
            <div class="console-fields">
                {form.select("kind", e.kind, kinds(lang), false)}
                {form.select("theme", e.theme, themes(&agenda, lang), true)}
                {form.select("room_id", lang.strings().room, rooms(&agenda, lang), true)}
                {form.time("start", lang.console().start)}
                {form.time("end", lang.console().end)}
                {form.select("floor_language", e.floor_language, languages(lang), true)}
            </div>
            {form.channels()}
            {form.check("closed", e.closed)}
            {form.invitees(&data)}
            {form.check("chatham_house", e.chatham_house)}
            <label class="field" class:invalid=form.error("moderators").is_some()>
                <span>{e.moderators}</span>
                <textarea name="moderators" rows="3">{escape_text(form_value(&values, "moderators"))}</textarea>
                <small class="muted">{e.moderators_help}</small>
                {form.error("moderators")}
            </label>
            {form.check("cancelled", e.cancelled)}
            <button type="submit" class="button">{e.save}</button>
        </form>
    }
    .into_any()
}

/// "Times in venue time: Tunis time (UTC+01:00)".
pub(crate) fn zone_label(agenda: &Agenda, lang: Lang) -> String {
    let venue = VenueTime::of(&agenda.event);
    let zone = fill(
        lang.strings().times_in_zone,
        &[
            ("city", agenda.event.city.get(lang)),
            ("offset", &venue.offset_label(agenda.event.start_date)),
        ],
    );
    fill(lang.editor().times_in, &[("zone", &zone)])
}

/// A new session from the day plan's "+" starts in its room, on its day.
fn with_query_defaults(mut values: FormValues, new: bool) -> FormValues {
    let (_, query) = use_path_and_query();
    if !new || !form_value(&values, "start").is_empty() {
        return values;
    }
    for pair in query.as_deref().unwrap_or("").split('&') {
        match pair.split_once('=') {
            Some(("room", room)) => values.push(("room_id".into(), room.to_string())),
            Some(("day", day)) if day.len() == 10 => {
                values.push(("start".into(), format!("{day}T09:00")));
                values.push(("end".into(), format!("{day}T10:00")));
            }
            _ => {}
        }
    }
    values
}

fn kinds(lang: Lang) -> Vec<(String, String)> {
    Kind::ALL
        .into_iter()
        .map(|k| (k.slug().to_string(), k.label(lang).to_string()))
        .collect()
}

fn themes(agenda: &Agenda, lang: Lang) -> Vec<(String, String)> {
    agenda
        .themes
        .iter()
        .map(|t| (t.slug.clone(), t.name.get(lang).to_string()))
        .collect()
}

fn rooms(agenda: &Agenda, lang: Lang) -> Vec<(String, String)> {
    agenda
        .rooms
        .iter()
        .map(|r| (r.id.clone(), r.name.get(lang).to_string()))
        .collect()
}

fn languages(lang: Lang) -> Vec<(String, String)> {
    Lang::ALL
        .into_iter()
        .map(|l| {
            (
                l.code().to_string(),
                lang.strings().lang_name(l).to_string(),
            )
        })
        .collect()
}

/// The form's typed values and problems, and the reader's language.
pub(crate) struct Form<'a> {
    pub values: &'a FormValues,
    pub errors: &'a EditErrors,
    pub lang: Lang,
}

impl Form<'_> {
    pub fn error(&self, field: &str) -> Option<impl IntoView + use<>> {
        error_for(self.errors, field, self.lang)
            .map(|e| view! { <span class="field-error">{e}</span> })
    }

    fn value(&self, name: &str) -> String {
        form_value(self.values, name).to_string()
    }

    /// One input per language, Arabic right to left; a missing translation says that
    /// delegates reading it see the English text, and shows that text.
    pub fn texts(&self, field: &str, label: &'static str, long: bool) -> impl IntoView + use<> {
        let english = self.value(&format!("{field}.en"));
        let inputs = Lang::ALL
            .into_iter()
            .map(|l| {
                let name = format!("{field}.{}", l.code());
                let value = self.value(&name);
                let missing = (l != Lang::En && value.trim().is_empty() && !english.trim().is_empty())
                    .then(|| {
                        let note = fill(self.lang.editor().missing, &[("language", self.lang.strings().lang_name(l))]);
                        view! { <small class="muted missing" data-missing=name.clone()>{note}" "<q lang="en" dir="ltr">{english.clone()}</q></small> }
                    });
                let input = match long {
                    true => view! { <textarea name=name.clone() rows="3" dir=l.dir() lang=l.code()>{escape_text(&value)}</textarea> }.into_any(),
                    false => view! { <input type="text" name=name.clone() value=value dir=l.dir() lang=l.code() maxlength="200"/> }.into_any(),
                };
                view! {
                    <label class="field" class:invalid=self.error(&name).is_some()>
                        <span>{label}" · "{l.endonym()}</span>
                        {input}
                        {missing}
                        {self.error(&name)}
                    </label>
                }
            })
            .collect_view();
        view! { <fieldset class="field"><legend>{label}</legend>{inputs}</fieldset> }
    }

    pub fn select(
        &self,
        name: &'static str,
        label: &'static str,
        options: Vec<(String, String)>,
        optional: bool,
    ) -> impl IntoView + use<> {
        let chosen = self.value(name);
        let none = optional.then(|| view! { <option value="" selected=chosen.is_empty()>{self.lang.editor().none}</option> });
        let options = options
            .into_iter()
            .map(|(value, text)| {
                let selected = value == chosen;
                view! { <option value=value selected=selected>{text}</option> }
            })
            .collect_view();
        view! {
            <label class="field" class:invalid=self.error(name).is_some()>
                <span>{label}</span>
                <select name=name>{none}{options}</select>
                {self.error(name)}
            </label>
        }
    }

    pub fn time(&self, name: &'static str, label: &'static str) -> impl IntoView + use<> {
        view! {
            <label class="field" class:invalid=self.error(name).is_some()>
                <span>{label}</span>
                <input type="datetime-local" name=name value=self.value(name)/>
                {self.error(name)}
            </label>
        }
    }

    pub fn check(&self, name: &'static str, label: &'static str) -> impl IntoView + use<> {
        let checked = self.value(name) == "true";
        view! {
            <label class="check"><input type="checkbox" name=name value="true" checked=checked/>{label}</label>
        }
    }

    /// Interpretation: a box and a channel number per language.
    fn channels(&self) -> impl IntoView + use<> {
        let e = self.lang.editor();
        let rows = Lang::ALL
            .into_iter()
            .map(|l| {
                let on = form_values(self.values, "interpretation").any(|v| v == l.code());
                let field = format!("channel.{}", l.code());
                view! {
                    <div class="channel-row">
                        <label class="check"><input type="checkbox" name="interpretation" value=l.code() checked=on/>{self.lang.strings().lang_name(l)}</label>
                        <label class="field" class:invalid=self.error(&field).is_some()>
                            <span>{e.channel_number}</span>
                            <input type="number" min="1" max="999" inputmode="numeric" name=field.clone() value=self.value(&field)/>
                            {self.error(&field)}
                        </label>
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset class="field channels"><legend>{e.interpretation}</legend>{rows}{self.error("interpretation")}</fieldset>
        }
    }

    /// Who may see the session when it is closed: people of the event, ticked when invited.
    fn invitees(&self, data: &SessionEditorView) -> impl IntoView + use<> {
        let e = self.lang.editor();
        let invited: Vec<&str> = form_values(self.values, "invitees").collect();
        let open = self.value("closed") == "true" || !invited.is_empty();
        let people = data
            .people
            .iter()
            .map(|p| {
                let checked = invited.contains(&p.id.as_str());
                view! {
                    <label class="check"><input type="checkbox" name="invitees" value=p.id.clone() checked=checked/>
                        <bdi>{p.name.clone()}</bdi>" · "<bdi class="muted">{p.organisation.clone()}</bdi></label>
                }
            })
            .collect_view();
        view! {
            <details class="field invitees" open=open>
                <summary>{e.invitees}" ("{invited.len()}")"</summary>
                <p class="muted">{e.closed_help}</p>
                {people}
                {self.error("invitees")}
            </details>
        }
    }
}
