//! The Delegate Companion server: configuration, router, API, database.

pub mod agenda_cache;
mod api;
pub mod clock;
pub mod config;
pub mod error;
pub mod programme;
pub mod startup;
pub mod store;
mod web;

use std::path::Path;

/// `server import FILE`: the organiser's import, through the same path as the demo programme.
pub async fn import_file(config: &config::Config, file: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let programme = programme::parse(&text).map_err(|e| e.to_string())?;
    let store = store::Store::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let version = store
        .import_programme(&programme, chrono::Utc::now())
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "imported {} ({} sessions); agenda version {version}",
        programme.event.slug,
        programme.sessions.len()
    );
    Ok(())
}
