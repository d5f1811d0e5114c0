//! `/signin`: a second device signs in with the one-time code shown on the first, or a
//! confirmed participant asks for a sign-in link by e-mail; `/signin/{token}` is that link.

use crate::access::{SignInLinkView, SignInOptions, SignInProblem};
use crate::context::{set_header, set_status, use_lang, use_path_and_query, use_request_data};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// How long a mailed sign-in link works, in minutes (the server's `mail::SIGN_IN_LINK_MINUTES`).
pub const SIGN_IN_LINK_MINUTES: i64 = 15;

#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.access();
    let m = lang.mail();
    let prefilled: String = use_query_map()
        .get_untracked()
        .get("code")
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .take(10)
        .collect();
    let options = use_request_data::<SignInOptions>().unwrap_or_default();
    let problem = options.problem.map(|p| match p {
        SignInProblem::Invalid => {
            set_status(401);
            a.signin_failed
        }
        SignInProblem::Withdrawn => {
            set_status(401);
            a.signin_withdrawn
        }
        SignInProblem::TooManyAttempts(wait) => {
            set_status(429);
            set_header("retry-after", wait.to_string());
            a.too_many_attempts
        }
    });
    let mailed = options.mailed_to.clone().map(|email| {
        let text = if options.by_mail {
            m.by_mail_sent
                .replace("{email}", &email)
                .replace("{minutes}", &SIGN_IN_LINK_MINUTES.to_string())
        } else {
            m.by_mail_unavailable.to_string()
        };
        view! { <p class="notice saved" role="status">{text}</p> }
    });
    let by_mail = options.by_mail.then(|| {
        view! {
            <section class="stack signin-by-mail">
                <h2>{m.by_mail_heading}</h2>
                <p>{m.by_mail_help}</p>
                <form method="post" action="/signin" class="stack">
                    <label class="field">
                        <span>{m.by_mail_field}</span>
                        <input type="email" name="email" autocomplete="email" maxlength="254" required dir="ltr"/>
                    </label>
                    <button type="submit" class="button secondary">{m.by_mail_button}</button>
                </form>
            </section>
        }
    });
    view! {
        <Title text=a.signin_title/>
        <section class="form-page">
            <h1>{a.signin_title}</h1>
            {mailed}
            <p>{a.signin_help}</p>
            {problem.map(|p| view! { <p class="form-errors" role="alert">{p}</p> })}
            <form method="post" action="/signin" class="stack">
                <label class="field">
                    <span>{a.signin_code}</span>
                    <input type="text" name="code" value=prefilled inputmode="numeric" autocomplete="one-time-code"
                        pattern="[0-9 ]*" maxlength="16" required/>
                </label>
                <button type="submit" class="button">{a.sign_in}</button>
            </form>
            {by_mail}
        </section>
    }
}

/// A sign-in link from an e-mail: one button, so that a mail scanner opening the link does not
/// use it up; the button's form signs this device in.
#[component]
pub fn SignInLinkPage() -> impl IntoView {
    let lang = use_lang();
    let m = lang.mail();
    let action = use_path_and_query().0;
    match use_request_data::<SignInLinkView>().unwrap_or(SignInLinkView::Invalid) {
        SignInLinkView::Live => view! {
            <Title text=m.link_title/>
            <section class="form-page">
                <h1>{m.link_title}</h1>
                <p>{m.link_help}</p>
                <form method="post" action=action>
                    <button type="submit" class="button">{m.link_button}</button>
                </form>
            </section>
        }
        .into_any(),
        SignInLinkView::Invalid => {
            set_status(410);
            view! {
                <Title text=m.link_title/>
                <section class="error-page" role="alert">
                    <h1>{m.link_title}</h1>
                    <p>{m.link_invalid}</p>
                    <p><a class="button" href="/signin">{lang.access().signin_title}</a></p>
                </section>
            }
            .into_any()
        }
    }
}
