//! The Delegate Companion server: configuration, router, API, database.

pub mod access;
pub mod agenda_cache;
mod announcements;
mod api;
pub mod auth;
pub mod c3voc;
pub mod calendar;
mod calendar_feed;
pub mod clock;
pub mod config;
pub mod csv_export;
pub mod documents;
mod editing;
pub mod entry;
pub mod error;
pub mod frab;
mod html;
pub mod import;
mod journey;
pub mod mail;
mod markup;
pub mod programme;
pub mod push;
pub mod pwa;
pub mod qr_png;
mod review;
pub mod routes;
mod serve;
mod session_changes;
pub mod startup;
pub mod state;
pub mod store;
mod web;

/// What `/api/v1` serves, for the test that holds the OpenAPI document to it.
pub use api::served_routes;

use std::path::Path;

/// `server import FILE`: prints what the file changes, then (unless `dry_run`) applies it.
pub async fn import_file(
    config: &config::Config,
    file: &Path,
    mut options: import::Options,
    dry_run: bool,
) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let store = store::Store::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    options.served = match &config.event {
        Some(slug) => Some(slug.clone()),
        None => store
            .event_slugs()
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .next(),
    };
    let planned = import::plan_stored(&store, bytes, options)
        .await
        .map_err(|e| e.to_string())?
        .map_err(|refused| format!("{}: {refused}", file.display()))?;
    print!("{}", import::report(&planned.preview));
    if dry_run {
        println!("dry run: nothing was changed");
        return Ok(());
    }
    if !planned.preview.changes_anything() {
        println!("nothing to change");
        return Ok(());
    }
    let version = import::apply(&store, &planned, config.clock().wall())
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "imported into {}: agenda version {version}",
        planned.programme.event.slug
    );
    Ok(())
}

/// `server invite …`: creates an invitation and prints its link, with the server's configuration.
/// `server migrate`: the database at this version's schema; prints the migration it is at.
pub async fn migrate_from_cli(config: &config::Config) -> Result<(), String> {
    let store = store::Store::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let version = store.schema_version().await.map_err(|e| e.to_string())?;
    println!("{version}");
    Ok(())
}

/// `server backup --to FILE`: a consistent copy of the database, taken while it is in use.
pub async fn backup_from_cli(config: &config::Config, to: &std::path::Path) -> Result<(), String> {
    if to.exists() {
        return Err(format!(
            "{} exists: a backup is written to a new file",
            to.display()
        ));
    }
    let path = to
        .to_str()
        .ok_or_else(|| format!("{}: not a UTF-8 path", to.display()))?;
    let store = store::Store::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    store
        .backup_to(path)
        .await
        .map_err(|e| format!("backup to {}: {e}", to.display()))?;
    println!("{}", to.display());
    Ok(())
}

/// `server entry-keys …`: prints the keys after the change, the signing one marked.
pub async fn entry_keys_from_cli(
    config: &config::Config,
    action: entry::KeyAction,
) -> Result<(), String> {
    let run = async {
        let store = store::Store::connect(&config.database_url).await?;
        entry::manage_keys(&store, action, config.clock().wall()).await
    };
    let lines = run.await.map_err(|e: error::Error| e.to_string())?;
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

pub async fn invite_from_cli(
    config: &config::Config,
    new: store::NewInvitation,
) -> Result<(), String> {
    let run = async {
        let store = store::Store::connect(&config.database_url).await?;
        let auth = auth::Auth::load(&store, config).await?;
        let slug = match &config.event {
            Some(slug) => slug.clone(),
            None => store
                .event_slugs()
                .await?
                .into_iter()
                .next()
                .ok_or(error::Error::NotFound)?,
        };
        let agenda = store
            .load_agenda(&slug)
            .await?
            .ok_or(error::Error::NotFound)?;
        let mail = mail::Mail::configure(&config.mail, &config.public_url)?;
        let clock = config.clock();
        let inviter = access::Inviter {
            store: &store,
            auth: &auth,
            mail: &mail,
            clock: &clock,
        };
        let invited = access::invite(inviter, &agenda, new).await?;
        // Sent here, so that the mail goes out whether or not a server runs; a running
        // server's sender may take it first, and the outbox's claim lets only one send it.
        let round = mail
            .send_now(
                &store,
                clock,
                &slug,
                auth.invitation_ttl,
                std::time::Duration::from_secs(60),
            )
            .await?;
        Ok::<_, error::Error>((invited, mail.enabled(), round))
    };
    let (invited, mailing, round) = run.await.map_err(|e| e.to_string())?;
    println!("{}", invited.link);
    match (mailing, round) {
        (false, _) => {
            eprintln!("no SMTP server configured (COMPANION_SMTP_URL): pass the link on by hand")
        }
        (true, r) if r.sent > 0 => eprintln!("invitation mailed to {}", invited.email),
        (true, r) if r.failed > 0 => eprintln!(
            "the SMTP server refused the invitation to {}: see the organisers' page",
            invited.email
        ),
        (true, _) => eprintln!(
            "invitation to {} queued: the server's sender will retry it",
            invited.email
        ),
    }
    Ok(())
}
