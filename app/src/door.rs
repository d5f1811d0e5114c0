//! The door: what organisers see of arrivals (shared by the server, which loads it, and the
//! page that draws it). Who came is seen by organisers only; door staff see one verdict at a
//! time and the roster on their device, never this.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A pass's verdict at the door and in the server's answer to a sync.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Admitted,
    AlreadyAdmitted,
    Revoked,
    Invalid,
    WrongEvent,
}

impl Verdict {
    pub const ALL: [Verdict; 5] = [
        Verdict::Admitted,
        Verdict::AlreadyAdmitted,
        Verdict::Revoked,
        Verdict::Invalid,
        Verdict::WrongEvent,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Verdict::Admitted => "admitted",
            Verdict::AlreadyAdmitted => "already_admitted",
            Verdict::Revoked => "revoked",
            Verdict::Invalid => "invalid",
            Verdict::WrongEvent => "wrong_event",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.slug() == slug)
    }
}

/// A participant's first admission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrival {
    pub at: DateTime<Utc>,
    pub door: String,
}

/// Someone confirmed who has not been admitted yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expected {
    pub name: String,
    pub organisation: String,
}

/// A scan a device showed as admitted while offline that the server refused on sync: a
/// second admission of the same pass (two devices), or a pass revoked after the device's last
/// roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetInOffline {
    pub name: Option<String>,
    pub at: DateTime<Utc>,
    pub door: String,
    pub device: String,
    pub server_verdict: Verdict,
    /// For a second admission: the first.
    pub first: Option<Arrival>,
}

/// `/organiser/arrivals`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrivalsView {
    /// Every first admission, in time order.
    pub arrivals: Vec<Arrival>,
    /// How many participants are confirmed.
    pub confirmed: usize,
    /// Confirmed and not yet admitted, by name.
    pub expected: Vec<Expected>,
    pub let_in_offline: Vec<LetInOffline>,
}

/// Arrivals counted per slot of `slot_minutes` from the first arrival's slot: for each door
/// (sorted), the counts per slot, and the slots' starts.
pub fn arrivals_per_slot(
    arrivals: &[Arrival],
    slot_minutes: i64,
) -> (Vec<DateTime<Utc>>, Vec<(String, Vec<usize>)>) {
    let slot = chrono::Duration::minutes(slot_minutes.max(1));
    let Some(first) = arrivals.iter().map(|a| a.at).min() else {
        return (Vec::new(), Vec::new());
    };
    let seconds = slot.num_seconds();
    let start = DateTime::<Utc>::from_timestamp(
        first.timestamp() - first.timestamp().rem_euclid(seconds),
        0,
    )
    .unwrap_or(first);
    let index = |at: DateTime<Utc>| ((at - start).num_seconds() / seconds) as usize;
    let last = arrivals.iter().map(|a| index(a.at)).max().unwrap_or(0);
    let slots = (0..=last).map(|i| start + slot * i as i32).collect();
    let mut doors: Vec<(String, Vec<usize>)> = Vec::new();
    for arrival in arrivals {
        let at = match doors.iter().position(|(d, _)| *d == arrival.door) {
            Some(at) => at,
            None => {
                doors.push((arrival.door.clone(), vec![0; last + 1]));
                doors.len() - 1
            }
        };
        doors[at].1[index(arrival.at)] += 1;
    }
    doors.sort_by(|a, b| a.0.cmp(&b.0));
    (slots, doors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_round_trip_their_slugs() {
        for v in Verdict::ALL {
            assert_eq!(Verdict::from_slug(v.slug()), Some(v));
        }
        assert_eq!(Verdict::from_slug("ADMIT"), None);
    }

    #[test]
    fn arrivals_are_counted_per_door_and_slot() {
        let at = |h: u32, m: u32| Arrival {
            at: chrono::TimeZone::with_ymd_and_hms(&Utc, 2024, 11, 27, h, m, 0).unwrap(),
            door: String::new(),
        };
        let arrivals = vec![
            Arrival {
                door: "main".into(),
                ..at(7, 31)
            },
            Arrival {
                door: "main".into(),
                ..at(7, 44)
            },
            Arrival {
                door: "side".into(),
                ..at(7, 46)
            },
            Arrival {
                door: "main".into(),
                ..at(8, 20)
            },
        ];
        let (slots, doors) = arrivals_per_slot(&arrivals, 15);
        assert_eq!(slots.len(), 4);
        assert_eq!(slots[0], at(7, 30).at);
        assert_eq!(
            doors,
            vec![
                ("main".into(), vec![2, 0, 0, 1]),
                ("side".into(), vec![0, 1, 0, 0])
            ]
        );
        assert_eq!(arrivals_per_slot(&[], 15), (vec![], vec![]));
    }
}
