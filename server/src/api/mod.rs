//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.

pub(crate) mod agenda;
mod attendance;
mod bookmarks;
pub mod calendar;
mod documents;
mod entry;
mod event;
mod export;
pub mod import;
mod me;
pub(crate) mod openapi;
pub mod people;
pub mod push;
mod rooms;
pub mod sessions;

use crate::error::Error;
use crate::state::AppState;
use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{self, MethodRouter};

/// Where the API is mounted (`routes::router`); the document's paths include it.
pub const PREFIX: &str = "/api/v1";

/// The API's routes as they are added: the router, and each route's method and path, recorded
/// by the same call that adds it. Areas add routes only through this, never to a `Router`
/// directly, so `served_routes` cannot miss a route that is served. `tests/openapi.rs` compares
/// that list with the OpenAPI document: a route added without documenting it fails the test.
pub(crate) struct ApiRoutes {
    router: Router<AppState>,
    served: Vec<(Method, &'static str)>,
}

impl ApiRoutes {
    fn new() -> Self {
        ApiRoutes {
            router: Router::new(),
            served: Vec::new(),
        }
    }

    fn add(mut self, method: Method, path: &'static str, route: MethodRouter<AppState>) -> Self {
        // axum merges the methods of one path added in several calls.
        self.router = self.router.route(path, route);
        self.served.push((method, path));
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::GET, path, routing::get(handler))
    }

    fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::POST, path, routing::post(handler))
    }

    fn put<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::PUT, path, routing::put(handler))
    }

    fn patch<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::PATCH, path, routing::patch(handler))
    }

    fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::DELETE, path, routing::delete(handler))
    }

    fn merge(mut self, other: ApiRoutes) -> Self {
        self.router = self.router.merge(other.router);
        self.served.extend(other.served);
        self
    }
}

fn routes() -> ApiRoutes {
    ApiRoutes::new()
        .merge(agenda::routes())
        .merge(attendance::routes())
        .merge(bookmarks::routes())
        .merge(calendar::routes())
        .merge(documents::routes())
        .merge(entry::routes())
        .merge(event::routes())
        .merge(export::routes())
        .merge(import::routes())
        .merge(me::routes())
        .merge(openapi::routes())
        .merge(people::routes())
        .merge(push::routes())
        .merge(rooms::routes())
        .merge(sessions::routes())
}

pub fn router() -> Router<AppState> {
    routes().router.fallback(|| async { Error::NotFound })
}

/// Every `(method, path)` the API serves, paths with `PREFIX` and `{name}` parameters as in the
/// OpenAPI document. (A `GET` route also answers `HEAD`, as axum does.)
pub fn served_routes() -> Vec<(String, String)> {
    routes()
        .served
        .into_iter()
        .map(|(method, path)| (method.to_string(), format!("{PREFIX}{path}")))
        .collect()
}
