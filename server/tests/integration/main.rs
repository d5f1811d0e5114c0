//! The integration tests: one test binary (linked once, and a helper no test uses is a
//! warning), each module starting the real server through `common::TestApp`.
//! `tests/architecture.rs` stays a binary of its own: it only reads the source.

mod common;

mod access_matrix;
mod api;
mod bookmarks;
mod calendar;
mod documents;
mod documents_serving;
mod door;
mod editor;
mod editor_conflicts;
mod editor_forms;
mod entry_keys;
mod entry_pass;
mod export;
mod hardening_csv;
mod hardening_http;
mod hardening_times;
mod hardening_visibility;
mod html_errors;
mod import_api;
mod import_files;
mod import_page;
mod import_reimport;
mod import_round_trip;
mod invitations;
mod mail;
mod mail_faults;
mod mail_reminders;
mod openapi;
mod page_addresses;
mod pages;
mod push_delivery;
mod push_subscriptions;
mod pwa;
mod session_edits;
mod sign_in;
mod sign_in_mail;
mod store;
