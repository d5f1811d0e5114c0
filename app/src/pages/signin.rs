//! `/signin`: a second device signs in with the one-time code shown on the first.

use crate::access::SignInProblem;
use crate::context::{set_header, set_status, use_lang, use_request_data};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let a = lang.access();
    let prefilled: String = use_query_map()
        .get_untracked()
        .get("code")
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .take(10)
        .collect();
    let problem = use_request_data::<SignInProblem>().map(|p| match p {
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
    view! {
        <Title text=a.signin_title/>
        <section class="form-page">
            <h1>{a.signin_title}</h1>
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
        </section>
    }
}
