//! The only components that ship to the browser. Everything else renders on the server.

pub mod bookmark_star;
pub mod device_schedule;
pub mod live_filter;
