//! The OpenAPI 3.1 document of `/api/v1`, served at `GET /api/v1/openapi.json`. It is assembled
//! from each handler's `#[utoipa::path]` and the `ToSchema` of the types the handlers really
//! take and return, so a changed type changes the document with it. `tests/openapi.rs` checks
//! that every route the router serves is in it.

use super::ApiRoutes;
use crate::error::ErrorBody;
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::schema::{SchemaType, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, Schema};
use utoipa::{Modify, OpenApi};

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new().get("/openapi.json", get_document)
}

const DESCRIPTION: &str = "\
The conference agenda, bookmarks, calendars and push messages of Delegate Companion, and the \
organisers' invitations, reviews and announcements.

Signing in happens in the browser (an invitation link, or a device code); the API then accepts \
the session cookie `dc_session`. Operations marked with it need a signed-in person (any role \
from invitee up, else 401); the organisers' ones answer 403 to everyone else. State-changing \
requests from another site (`Origin` or `Sec-Fetch-Site`) are refused with 403.

Every error has one JSON shape, `ErrorBody`. Request bodies are limited to 2 MB (413), a programme file to import to 16 MiB.";

#[derive(OpenApi)]
#[openapi(
    info(title = "Delegate Companion API", description = DESCRIPTION),
    paths(
        get_document,
        super::agenda::get_agenda,
        super::bookmarks::list_bookmarks,
        super::bookmarks::add_bookmark,
        super::bookmarks::remove_bookmark,
        super::calendar::download_schedule,
        super::calendar::get_feed,
        super::calendar::rotate_feed,
        super::calendar::set_feed_alarm,
        super::calendar::download_session,
        super::documents::list_documents,
        super::documents::upload_document,
        super::documents::delete_document,
        super::documents::replace_file,
        super::documents::remove_file,
        super::export::schedule_xml,
        super::export::schedule_json,
        super::export::schedule_ics,
        super::import::import_programme,
        super::me::get_me,
        super::people::create_invitation,
        super::people::create_invitations_from_csv,
        super::people::list_people,
        super::people::export_people,
        super::people::delete_person,
        super::people::review_person,
        super::people::resend_mail,
        super::people::extend_deadline,
        super::entry::my_entry_pass,
        super::entry::public_keys,
        super::entry::reissue_pass,
        super::entry::check_in,
        super::entry::roster,
        super::attendance::export_attendance,
        super::event::get_event,
        super::event::patch_event,
        super::push::get_public_key,
        super::push::list_subscriptions,
        super::push::save_subscription,
        super::push::delete_subscription,
        super::push::create_announcement,
        super::push::get_progress,
        super::sessions::change_session,
        super::sessions::create_session,
        super::sessions::replace_session,
        super::rooms::create_room,
        super::rooms::replace_room,
    ),
    components(
        schemas(ErrorBody),
        responses(
            BadRequest,
            Unauthorized,
            Forbidden,
            NotFound,
            Conflict,
            PayloadTooLarge,
            UnsupportedMediaType,
            Unprocessable
        ),
    ),
    modifiers(&SessionCookie, &HeadersNotNull),
    tags(
        (name = "agenda", description = "The programme, for everyone who may see it"),
        (name = "bookmarks", description = "A signed-in person's own schedule"),
        (name = "calendar", description = "iCalendar files and the private feed"),
        (name = "documents", description = "Documents of the event and its sessions; organisers upload them"),
        (name = "entry", description = "Entry passes: the keys the door verifies them with"),
        (name = "export", description = "The programme in other tools' formats (frab schedule.xml, c3voc schedule.json, iCalendar)"),
        (name = "me", description = "The signed-in person"),
        (name = "people", description = "Organisers: invitations, the registration deadline, review, mails, export"),
        (name = "push", description = "Push subscriptions, announcements, delivery progress"),
        (name = "sessions", description = "Organisers: changes to the programme"),
        (name = "openapi", description = "This document"),
    ),
)]
struct ApiDoc;

/// The one way the API authenticates: the session cookie set when signing in.
struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let cookie = ApiKeyValue::with_description(
            crate::auth::SESSION_COOKIE,
            "The session JWT, set (HttpOnly) by signing in with an invitation link or device code",
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(cookie)),
        );
    }
}

/// `Option<String>` is how a `params` tuple says "not required"; utoipa makes it nullable too,
/// which a header cannot be.
struct HeadersNotNull;

impl Modify for HeadersNotNull {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            let parameters = operations
                .into_iter()
                .flatten()
                .flat_map(|operation| operation.parameters.iter_mut().flatten());
            for parameter in parameters.filter(|p| p.parameter_in == ParameterIn::Header) {
                if let Some(RefOr::T(Schema::Object(schema))) = &mut parameter.schema {
                    if let SchemaType::Array(types) = &schema.schema_type {
                        let types: Vec<Type> = types
                            .iter()
                            .filter(|t| **t != Type::Null)
                            .cloned()
                            .collect();
                        if let [only] = types.as_slice() {
                            schema.schema_type = SchemaType::Type(only.clone());
                        }
                    }
                }
            }
        }
    }
}

/// Reusable error responses (`components/responses`), each the `ErrorBody` shape; operations
/// list the ones they can really return.
macro_rules! error_responses {
    ($($name:ident: $description:literal,)*) => {$(
        #[doc = $description]
        pub(super) struct $name;

        impl<'r> utoipa::ToResponse<'r> for $name {
            fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
                let json = ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build();
                let response = ResponseBuilder::new()
                    .description($description)
                    .content("application/json", json)
                    .build();
                (stringify!($name), response.into())
            }
        }
    )*};
}

error_responses! {
    BadRequest: "The request is malformed: JSON that does not parse, a body or path segment that is not UTF-8, a bad header.",
    Unauthorized: "Not signed in (no valid session cookie), or the agenda is open to confirmed delegates only.",
    Forbidden: "Refused: the route is for organisers, or a state-changing request came from another site.",
    NotFound: "No such thing, or one this person may not see.",
    Conflict: "It exists already (an invitation to the same e-mail address).",
    PayloadTooLarge: "The request body is over 2 MB (16 MiB for a programme file to import).",
    UnsupportedMediaType: "A JSON body without `Content-Type: application/json`.",
    Unprocessable: "Well-formed, but a value is refused; the message says which. A refused programme file lists every problem in `problems`, with where it is.",
}

/// The document (the route serves it from `JSON`, built once).
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

static JSON: LazyLock<Bytes> = LazyLock::new(|| {
    // Our own types only: serialising them cannot fail.
    Bytes::from(document().to_json().unwrap_or_default())
});

/// This document
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "openapi",
    responses((status = 200, description = "The OpenAPI 3.1 document", body = Object)),
)]
async fn get_document() -> Response {
    ([(CONTENT_TYPE, "application/json")], JSON.clone()).into_response()
}
