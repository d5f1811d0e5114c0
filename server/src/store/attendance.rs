//! Who may come in and who came: the roster door devices keep offline, and the organisers'
//! arrivals (first admissions, who is still expected, scans let in offline and refused later).

use super::Store;
use super::rows::{parse_timestamp, timestamp};
use crate::error::Result;
use app::access::PersonId;
use app::door::{Arrival, ArrivalsView, Expected, LetInOffline, Verdict};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// One pass on the door's roster. Who came is not on it: door staff learn of an earlier
/// admission only by scanning that pass (`RosterAdmission`).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RosterEntry {
    /// The `sub` of the pass.
    pub pass_id: String,
    /// The current version: a pass of an older one is revoked.
    pub version: i64,
    /// `confirmed` lets in; `revoked` (declined, revoked) does not.
    pub status: String,
    /// The holder's name and organisation, for confirmed holders only.
    pub name: String,
    pub organisation: String,
}

/// A first admission: when, at which door, on which device, and whether looked up by name.
#[derive(Debug, Clone)]
pub struct Admission {
    pub at: DateTime<Utc>,
    pub door: String,
    pub device: String,
    pub manual: bool,
}

impl Store {
    /// Every pass of the event with its holder. Confirmed people who never opened their pass
    /// get one now, so that the door can find them by name (a phone that died) and their first
    /// pass is already on the roster.
    pub async fn entry_roster(
        &self,
        slug: &str,
        mut new_id: impl FnMut() -> String,
        now: DateTime<Utc>,
    ) -> Result<Vec<RosterEntry>> {
        let missing: Vec<PersonId> = sqlx::query_scalar(
            "SELECT p.id FROM people p LEFT JOIN entry_passes e ON e.person_id = p.id
             WHERE p.event_slug = $1 AND p.status = 'confirmed' AND e.person_id IS NULL",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        if !missing.is_empty() {
            let mut tx = self.begin_write().await?;
            for person in &missing {
                sqlx::query(
                    "INSERT INTO entry_passes (person_id, pass_id, version, updated_at) VALUES ($1, $2, 1, $3)
                     ON CONFLICT (person_id) DO NOTHING",
                )
                .bind(person)
                .bind(new_id())
                .bind(timestamp(now))
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        }
        let rows: Vec<(String, i64, String, String, String)> = sqlx::query_as(
            "SELECT e.pass_id, e.version, p.status, p.name, p.organisation
               FROM entry_passes e JOIN people p ON p.id = e.person_id
              WHERE p.event_slug = $1
              ORDER BY p.name, p.id",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(pass_id, version, status, name, organisation)| {
                // Whether someone declined or was uninvited is not the door's business, nor
                // who they are.
                let confirmed = status == "confirmed";
                RosterEntry {
                    pass_id,
                    version,
                    status: if confirmed { status } else { "revoked".into() },
                    name: if confirmed { name } else { String::new() },
                    organisation: if confirmed {
                        organisation
                    } else {
                        String::new()
                    },
                }
            })
            .collect())
    }

    /// The first admission of each pass now current: `(pass id, version, admission)`, for the
    /// roster to name by the pass's own QR content.
    pub async fn admitted_passes(&self, slug: &str) -> Result<Vec<(String, i64, Admission)>> {
        let first = self.first_admissions(slug).await?;
        let passes: Vec<(PersonId, String, i64)> = sqlx::query_as(
            "SELECT e.person_id, e.pass_id, e.version FROM entry_passes e
               JOIN people p ON p.id = e.person_id
              WHERE p.event_slug = $1 AND p.status = 'confirmed'",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        Ok(passes
            .into_iter()
            .filter_map(|(person, pass_id, version)| {
                first.get(&person).map(|a| (pass_id, version, a.clone()))
            })
            .collect())
    }

    /// Each admitted person's first admission (by scan time, as the check-ins decide).
    async fn first_admissions(&self, slug: &str) -> Result<HashMap<PersonId, Admission>> {
        let rows: Vec<(PersonId, String, String, String, bool)> = sqlx::query_as(
            "SELECT person_id, scanned_at, door, device, manual FROM checkins
              WHERE event_slug = $1 AND result = 'admitted' AND person_id IS NOT NULL
              ORDER BY scanned_at DESC, nonce DESC",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        let mut first = HashMap::with_capacity(rows.len());
        // Latest first, so the earliest is inserted last and stays.
        for (person, at, door, device, manual) in rows {
            let at = parse_timestamp("checkins.scanned_at", &at)?;
            first.insert(
                person,
                Admission {
                    at,
                    door,
                    device,
                    manual,
                },
            );
        }
        Ok(first)
    }

    /// The organisers' view of arrivals.
    pub async fn arrivals(&self, slug: &str) -> Result<ArrivalsView> {
        let first = self.first_admissions(slug).await?;
        let mut arrivals: Vec<Arrival> = first
            .values()
            .map(|a| Arrival {
                at: a.at,
                door: a.door.clone(),
            })
            .collect();
        arrivals.sort_by(|a, b| (a.at, &a.door).cmp(&(b.at, &b.door)));
        let confirmed: Vec<(PersonId, String, String)> = sqlx::query_as(
            "SELECT id, name, organisation FROM people
              WHERE event_slug = $1 AND status = 'confirmed' ORDER BY name, id",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        let refused: Vec<(
            Option<PersonId>,
            Option<String>,
            String,
            String,
            String,
            String,
        )> = sqlx::query_as(
            "SELECT c.person_id, p.name, c.scanned_at, c.door, c.device, c.result
                   FROM checkins c LEFT JOIN people p ON p.id = c.person_id
                  WHERE c.event_slug = $1 AND c.shown = 'admitted'
                    AND c.result IN ('already_admitted', 'revoked')
                  ORDER BY c.scanned_at, c.nonce",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        let mut let_in_offline = Vec::with_capacity(refused.len());
        for (person, name, at, door, device, result) in refused {
            let server_verdict = Verdict::from_slug(&result).ok_or_else(|| {
                crate::error::Error::Corrupt(format!("checkins.result: {result}"))
            })?;
            let first = match server_verdict {
                Verdict::AlreadyAdmitted => person.as_ref().and_then(|p| first.get(p)),
                _ => None,
            };
            let_in_offline.push(LetInOffline {
                name,
                at: parse_timestamp("checkins.scanned_at", &at)?,
                door,
                device,
                server_verdict,
                first: first.map(|a| Arrival {
                    at: a.at,
                    door: a.door.clone(),
                }),
            });
        }
        Ok(ArrivalsView {
            arrivals,
            confirmed: confirmed.len(),
            expected: confirmed
                .into_iter()
                .filter(|(id, ..)| !first.contains_key(id))
                .map(|(_, name, organisation)| Expected { name, organisation })
                .collect(),
            let_in_offline,
        })
    }

    /// Attendance for the organisers' export: every confirmed or admitted person with their
    /// first admission, by name.
    pub async fn attendance(&self, slug: &str) -> Result<Vec<Attendee>> {
        let first = self.first_admissions(slug).await?;
        let people: Vec<(PersonId, String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, name, organisation, country, role, status FROM people
              WHERE event_slug = $1 ORDER BY name, id",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        Ok(people
            .into_iter()
            .filter_map(|(id, name, organisation, country, role, status)| {
                let admitted = first.get(&id).cloned();
                (status == "confirmed" || admitted.is_some()).then_some(Attendee {
                    name,
                    organisation,
                    country,
                    role,
                    status,
                    admitted,
                })
            })
            .collect())
    }
}

/// A row of the attendance export.
#[derive(Debug, Clone)]
pub struct Attendee {
    pub name: String,
    pub organisation: String,
    pub country: String,
    pub role: String,
    pub status: String,
    pub admitted: Option<Admission>,
}
