//! `/invite/{token}`: the registration form for invitees, one button for organisers, or a page
//! saying why the link no longer works.

use crate::access::{
    FieldErrors, FieldProblem, FormValues, InviteView, LinkProblem, form_value, form_values,
};
use crate::components::text_area::TextArea;
use crate::context::{
    set_header, set_status, use_lang, use_path_and_query, use_request_data, use_snapshot,
};
use crate::i18n::Lang;
use crate::model::Kind;
use crate::pages::not_found::ErrorMessage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn InvitePage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.access();
    let action = use_path_and_query().0;
    match use_request_data::<InviteView>().unwrap_or(InviteView::Problem(LinkProblem::Unknown)) {
        InviteView::Problem(problem) => {
            let (status, body) = match problem {
                LinkProblem::Unknown => (404, a.link_unknown),
                LinkProblem::Expired => (410, a.link_expired),
                LinkProblem::Used => (410, a.link_used),
                LinkProblem::Revoked => (410, a.link_revoked),
            };
            set_status(status);
            view! { <ErrorMessage title=a.link_problem_title body=body.to_string()/> }.into_any()
        }
        InviteView::Closed { deadline } => {
            set_status(410);
            let event = use_snapshot().agenda.event.clone();
            let m = lang.mail();
            let body = m
                .closed_body
                .replace(
                    "{deadline}",
                    &crate::domain::venue_time::venue_date_time(&event, deadline, lang),
                )
                .replace("{contact}", &event.contact_email);
            view! { <ErrorMessage title=m.closed_title body=body/> }.into_any()
        }
        InviteView::TooManyAttempts(wait) => {
            set_status(429);
            set_header("retry-after", wait.to_string());
            view! { <ErrorMessage title=a.link_problem_title body=a.too_many_attempts.to_string()/> }.into_any()
        }
        InviteView::OrganiserConfirm { name } => view! {
            <Title text=a.sign_in/>
            <section class="form-page">
                <h1>{a.sign_in}</h1>
                <p>{a.organiser_welcome}" "<strong>{name}</strong></p>
                <form method="post" action=action>
                    <button type="submit" class="button">{a.sign_in_this_device}</button>
                </form>
            </section>
        }
        .into_any(),
        InviteView::Register {
            name,
            email,
            values,
            errors,
            deadline,
            ..
        } => {
            if !errors.is_empty() {
                set_status(422);
            }
            let closes = deadline.map(|at| {
                let event = &use_snapshot().agenda.event;
                let when = crate::domain::venue_time::venue_date_time(event, at, lang);
                lang.mail().deadline_is.replace("{deadline}", &when)
            });
            let form = registration_form(lang, &action, &name, &email, &values, &errors);
            view! { {closes.map(|c| view! { <p class="notice deadline-now">{c}</p> })}{form} }
                .into_any()
        }
    }
}

fn registration_form(
    lang: Lang,
    action: &str,
    name: &str,
    email: &str,
    values: &FormValues,
    errors: &FieldErrors,
) -> impl IntoView + use<> {
    let a = lang.access();
    let s = lang.strings();
    let agenda = use_snapshot().agenda;
    let text = |field: &'static str,
                label: &'static str,
                autocomplete: &'static str,
                required: bool| {
        let error = error_text(errors, field, lang);
        view! {
            <label class="field" class:invalid=error.is_some()>
                <span>{label}{required.then_some(" *")}</span>
                <input type="text" name=field value=form_value(values, field).to_string() autocomplete=autocomplete
                    required=required maxlength="200" aria-invalid=error.is_some().then_some("true")
                    aria-describedby=format!("{field}-error")/>
                {error.map(|e| view! { <span class="field-error" id=format!("{field}-error")>{e}</span> })}
            </label>
        }
    };
    let preferred = form_value(values, "preferred_language").to_string();
    let language_options = Lang::ALL
        .into_iter()
        .map(|l| view! { <option value=l.code() selected=preferred == l.code()>{l.endonym()}</option> })
        .collect_view();
    let chosen_interp: Vec<String> = form_values(values, "interpretation_needs")
        .map(String::from)
        .collect();
    let interp_boxes = Lang::ALL
        .into_iter()
        .map(|l| {
            let checked = chosen_interp.iter().any(|c| c == l.code());
            view! { <label class="check"><input type="checkbox" name="interpretation_needs" value=l.code() checked=checked/>{s.lang_name(l)}</label> }
        })
        .collect_view();
    let chosen_side: Vec<String> = form_values(values, "side_events")
        .map(String::from)
        .collect();
    let side_boxes = agenda
        .sessions
        .iter()
        .filter(|x| x.kind == Kind::SideEvent && !x.closed)
        .map(|x| {
            let checked = chosen_side.iter().any(|c| *c == x.id);
            view! { <label class="check"><input type="checkbox" name="side_events" value=x.id.clone() checked=checked/>{x.title.get(lang).to_string()}</label> }
        })
        .collect_view();
    let group_error = |field| {
        error_text(errors, field, lang).map(|e| view! { <span class="field-error">{e}</span> })
    };
    view! {
        <Title text=a.register_title/>
        <section class="form-page">
            <h1>{a.register_title}</h1>
            <p>{a.register_intro}</p>
            <p class="muted"><bdi>{name.to_string()}</bdi>" · "<bdi>{email.to_string()}</bdi></p>
            {(!errors.is_empty()).then(|| view! { <p class="form-errors" role="alert">{a.form_has_errors}</p> })}
            <form method="post" action=action.to_string() class="stack" novalidate>
                {text("full_name", a.field_full_name, "name", true)}
                {text("organisation", a.field_organisation, "organization", true)}
                {text("country", a.field_country, "country-name", true)}
                {text("title", a.field_title, "organization-title", false)}
                <label class="field" class:invalid=error_text(errors, "preferred_language", lang).is_some()>
                    <span>{a.field_preferred_language}" *"</span>
                    <select name="preferred_language"><option value="">{a.choose}</option>{language_options}</select>
                    {group_error("preferred_language")}
                </label>
                <fieldset class="field">
                    <legend>{a.field_interpretation}</legend>
                    {interp_boxes}
                    {group_error("interpretation_needs")}
                </fieldset>
                <label class="field">
                    <span>{a.field_accessibility}</span>
                    <TextArea name="accessibility_needs" maxlength=2000 rows=3 value=form_value(values, "accessibility_needs").to_string()/>
                    {group_error("accessibility_needs")}
                </label>
                <fieldset class="field">
                    <legend>{a.field_side_events}</legend>
                    {side_boxes}
                    {group_error("side_events")}
                </fieldset>
                <label class="check consent" class:invalid=error_text(errors, "consent", lang).is_some()>
                    <input type="checkbox" name="consent" value="yes" checked=form_value(values, "consent") == "yes"/>
                    {a.field_consent}
                </label>
                {group_error("consent")}
                <button type="submit" class="button">{a.send_registration}</button>
            </form>
        </section>
    }
}

/// The message for the first problem with `field`, in the reader's language.
fn error_text(errors: &FieldErrors, field: &str, lang: Lang) -> Option<&'static str> {
    let a = lang.access();
    errors
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, problem)| match problem {
            FieldProblem::Required => a.err_required,
            FieldProblem::TooLong => a.err_too_long,
            FieldProblem::Invalid => a.err_invalid,
            FieldProblem::ConsentRequired => a.err_consent,
        })
}
