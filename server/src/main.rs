use clap::Parser;
use server::config::{Cli, Command};
use server::startup::Application;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let cli = Cli::parse();
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&cli.config).await,
        Command::Import {
            file,
            format,
            timezone,
            into_event,
            language,
            dry_run,
        } => {
            let options = server::import::Options {
                format,
                timezone,
                event: into_event,
                language,
                served: None,
            };
            server::import_file(&cli.config, &file, options, dry_run).await
        }
        Command::Migrate => server::migrate_from_cli(&cli.config).await,
        Command::Backup { to } => server::backup_from_cli(&cli.config, &to).await,
        Command::EntryKeys { action } => server::entry_keys_from_cli(&cli.config, action).await,
        Command::Invite {
            role,
            name,
            email,
            organisation,
            country,
            closed_sessions,
            lang,
        } => {
            let new = server::store::NewInvitation {
                role: Some(role.slug().into()),
                name,
                email,
                organisation,
                country,
                closed_sessions,
                lang: Some(lang.code().into()),
            };
            server::invite_from_cli(&cli.config, new).await
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: &server::config::Config) -> Result<(), String> {
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!(
        "listening on http://{}:{}",
        config.site_addr.ip(),
        app.port()
    );
    app.run_until_stopped().await.map_err(|e| e.to_string())
}
