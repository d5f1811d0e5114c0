//! An import against the database: the plan made against every stored event, then applied in
//! one transaction that refuses a programme changed since the preview.

use super::{Options, Planned, Refused, plan};
use crate::error::Result;
use crate::store::Store;
use app::model::Agenda;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The plan for `bytes`, read against what the database holds; `Ok(Err(..))` for a file that
/// cannot be imported, `Err` when the database fails.
pub async fn plan_stored(
    store: &Store,
    bytes: &[u8],
    options: &Options,
) -> Result<std::result::Result<Planned, Refused>> {
    let mut stored: HashMap<String, Agenda> = HashMap::new();
    for slug in store.event_slugs().await? {
        if let Some(agenda) = store.load_agenda(&slug).await? {
            stored.insert(slug, agenda);
        }
    }
    Ok(plan(bytes, options, |slug| stored.get(slug).cloned()))
}

/// Writes the planned programme: one version, one transaction, every change notified to the
/// bookmarkers of the sessions it moves. Refused (409) when the event changed since the plan.
pub async fn apply(store: &Store, planned: &Planned, at: DateTime<Utc>) -> Result<i64> {
    let based_on = planned.preview.based_on_version;
    store
        .import_programme_over(&planned.programme, at, Some(based_on))
        .await
}
