//! The integration tests: one test binary (linked once, and a helper no test uses is a
//! warning), each module starting the real server through `common::TestApp`.
//! `tests/architecture.rs` stays a binary of its own: it only reads the source.

mod common;

mod access;
mod access_matrix;
mod api;
mod bookmarks;
mod calendar;
mod hardening_data;
mod hardening_http;
mod pages;
mod push;
mod pwa;
mod store;
