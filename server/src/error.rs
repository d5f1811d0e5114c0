//! One error type for the server. Responses say what the client can act on; internals are
//! logged, never sent.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("sign in first")]
    Unauthorized,
    #[error("not allowed for your role")]
    Forbidden,
    #[error("too many attempts; retry in {0} s")]
    TooManyRequests(u64),
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    /// 413: a body over its route's limit, said in words rather than by a dropped connection.
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    UnsupportedType(String),
    #[error(transparent)]
    Programme(#[from] crate::programme::ProgrammeError),
    #[error("configuration: {0}")]
    Config(String),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("internal: {0}")]
    Internal(String),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::Unauthorized => StatusCode::UNAUTHORIZED,
            Error::Forbidden => StatusCode::FORBIDDEN,
            Error::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Error::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::Programme(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Database(sqlx::Error::Database(e)) if violated_constraint(&**e).is_some() => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Error::Database(sqlx::Error::PoolTimedOut) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match &self {
            Error::Database(sqlx::Error::Database(e))
                if status == StatusCode::UNPROCESSABLE_ENTITY =>
            {
                constraint_message(&violated_constraint(&**e).unwrap_or_default()).to_string()
            }
            _ if status.is_server_error() => {
                tracing::error!(error = %self, "request failed");
                status.canonical_reason().unwrap_or("error").to_string()
            }
            _ => self.to_string(),
        };
        json_error(status, &message)
    }
}

/// The API's error shape, `{"error": {"status", "message"}}`: for our errors and, through
/// `web::api_errors_as_json`, for everyone else's under `/api/v1`. The OpenAPI document's
/// error responses are this type's schema.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
    /// For a refused file (an import): every problem, with where it is in the file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

pub use app::programme_import::Problem;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// What went wrong, for a person to read; never internals.
    #[schema(example = "not found")]
    pub message: String,
    /// The response's HTTP status again.
    #[schema(example = 404)]
    pub status: u16,
}

pub fn json_error(status: StatusCode, message: &str) -> Response {
    let error = ErrorDetail {
        message: message.to_string(),
        status: status.as_u16(),
    };
    let problems = Vec::new();
    (status, Json(ErrorBody { error, problems })).into_response()
}

/// The constraint a write broke: its name where the driver gives one (PostgreSQL); SQLite only
/// says it in the message (`CHECK constraint failed: sessions_end_after_start`, `UNIQUE
/// constraint failed: people.event_slug, people.email`). `None` for any other error.
fn violated_constraint(e: &dyn sqlx::error::DatabaseError) -> Option<String> {
    use sqlx::error::ErrorKind;
    if let Some(name) = e.constraint() {
        return Some(name.to_string());
    }
    match e.kind() {
        ErrorKind::UniqueViolation
        | ErrorKind::ForeignKeyViolation
        | ErrorKind::NotNullViolation
        | ErrorKind::CheckViolation => Some(
            e.message()
                .split_once("constraint failed: ")
                .map_or("", |(_, what)| what)
                .to_string(),
        ),
        _ => None,
    }
}

/// Database constraints, named in the migrations, as messages a client can act on.
fn constraint_message(constraint: &str) -> &'static str {
    match constraint {
        "people.event_slug, people.email" => "this e-mail address is already invited",
        "sessions_end_after_start" => "a session must end after it starts",
        "sessions_room_exists" => "no such room in this event",
        "sessions_theme_exists" => "no such theme in this event",
        "sessions_kind_known" => "unknown session kind",
        "people_email_unique" => "this e-mail address is already invited",
        _ => "the change conflicts with the stored agenda",
    }
}
