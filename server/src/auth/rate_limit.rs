//! At most 5 failed attempts a minute per key (an IP address, a token); then 429 with Retry-After.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct FailureLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl FailureLimiter {
    /// `Err(seconds)` to wait when `key` has used up its failures in the last minute.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let Some(times) = map.get_mut(key) else {
            return Ok(());
        };
        times.retain(|t| now.duration_since(*t) < WINDOW);
        if times.len() < MAX_FAILURES {
            return Ok(());
        }
        let oldest = times.iter().min().copied().unwrap_or(now);
        Err((WINDOW.saturating_sub(now.duration_since(oldest)))
            .as_secs()
            .max(1))
    }

    pub fn record_failure(&self, key: &str) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Keep memory bounded under a flood of distinct keys.
        if map.len() > 10_000 {
            map.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < WINDOW));
        }
        map.entry(key.to_string()).or_default().push(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_then_refusal_with_a_wait() {
        let limiter = FailureLimiter::default();
        for _ in 0..MAX_FAILURES {
            assert!(limiter.check("ip:1").is_ok());
            limiter.record_failure("ip:1");
        }
        let wait = limiter.check("ip:1").unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(limiter.check("ip:2").is_ok(), "other keys are unaffected");
    }
}
