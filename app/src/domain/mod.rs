//! Pure agenda logic: venue time, filtering, grouping. No I/O, unit-tested here.

pub mod filter;
pub mod planning;
pub mod schedule;
pub mod venue_time;
