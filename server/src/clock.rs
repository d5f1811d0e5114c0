//! The server's idea of "now": the system clock, or a fixed instant so a demo or a test can
//! sit inside the event (`COMPANION_NOW`).

use chrono::{DateTime, Utc};

#[derive(Clone, Copy, Debug)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at,
        }
    }
}
