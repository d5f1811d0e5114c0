#![recursion_limit = "512"]
//! Delegate Companion UI: Leptos in islands mode. Pages render on the server; only the
//! interactive islands ship to the browser as WebAssembly.
//!
//! Types the JSON API serves derive `utoipa::ToSchema` for its OpenAPI document only with the
//! `ssr` feature: the browser bundle carries no schema code.

pub mod access;
pub mod app;
mod components;
pub mod context;
pub mod documents;
pub mod domain;
pub mod door;
pub mod editing;
pub mod i18n;
mod islands;
pub mod mail;
pub mod model;
mod pages;
pub mod programme_import;
pub mod routes;
pub mod shell;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}
