//! An import against the database: the plan made against every stored event, then applied in
//! one transaction that refuses a programme changed since the preview.

use super::{Options, Planned, Refused, Stored, plan};
use crate::error::{Error, Result};
use crate::store::Store;
use app::model::Agenda;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The plan for `bytes`, read against what the database holds; `Ok(Err(..))` for a file that
/// cannot be imported, `Err` when the database fails.
pub async fn plan_stored(
    store: &Store,
    bytes: Vec<u8>,
    options: Options,
) -> Result<std::result::Result<Planned, Refused>> {
    let stored = stored(store).await?;
    // Reading a large file takes CPU for a while: off the async workers, one file at a time,
    // so the server keeps answering delegates meanwhile.
    let _turn = READING
        .acquire()
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || plan(&bytes, &options, &stored))
        .await
        .map_err(|e| Error::Internal(format!("the import's reader stopped: {e}")))
}

/// One file read at a time per server.
static READING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// Every stored event's agenda.
pub async fn stored(store: &Store) -> Result<Stored> {
    let mut agendas: HashMap<String, Agenda> = HashMap::new();
    let mut deadlines = HashMap::new();
    for slug in store.event_slugs().await? {
        if let Some(deadline) = store.registration_deadline(&slug).await? {
            deadlines.insert(slug.clone(), deadline);
        }
        if let Some(agenda) = store.load_agenda(&slug).await? {
            agendas.insert(slug, agenda);
        }
    }
    Ok(Stored { agendas, deadlines })
}

/// Writes the planned programme: one version, one transaction, every change notified to the
/// bookmarkers of the sessions it moves. Refused (409) when the event changed since the plan.
pub async fn apply(store: &Store, planned: &Planned, at: DateTime<Utc>) -> Result<i64> {
    let based_on = planned.preview.based_on_version;
    store
        .import_programme_over(&planned.programme, at, Some(based_on))
        .await
}
