//! The server's idea of "now": the system clock, or a fixed instant so a demo or a test can
//! sit inside the event (`COMPANION_NOW`).

use chrono::{DateTime, Utc};

#[derive(Clone, Copy, Debug)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// The conference clock: everything about the programme (what is on now, what is next,
    /// which invitations have expired, reminders).
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at,
        }
    }

    /// The wall clock, for what the outside world times: when a record was written, signature
    /// lifetimes, retry times. Always the system's, even when the conference clock is fixed;
    /// the one place besides `now` that reads it, so a test can move it here.
    pub fn wall(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
