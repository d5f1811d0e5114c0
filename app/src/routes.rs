//! The pages, written once. The app's router (`app.rs`) mounts these paths, and the server
//! decides what each page loads with [`Page::of`], which matches a path with the router's own
//! segment matching: a page added here must be given a loader (the server's `match` is
//! exhaustive), and a path cannot mean one page to the router and another to the loader.

use leptos_router::{ParamSegment, PossibleRouteMatch, StaticSegment};

type Static = StaticSegment<&'static str>;

pub const AGENDA: () = ();
pub const SESSION: (Static, ParamSegment) = (StaticSegment("sessions"), ParamSegment("id"));
pub const ROOMS: (Static,) = (StaticSegment("rooms"),);
pub const SCHEDULE: (Static,) = (StaticSegment("schedule"),);
pub const ABOUT: (Static,) = (StaticSegment("about"),);
pub const OFFLINE: (Static,) = (StaticSegment("offline"),);
pub const INVITE: (Static, ParamSegment) = (StaticSegment("invite"), ParamSegment("token"));
pub const ME: (Static,) = (StaticSegment("me"),);
pub const DOOR: (Static,) = (StaticSegment("door"),);
pub const SIGN_IN: (Static,) = (StaticSegment("signin"),);
pub const SIGN_IN_LINK: (Static, ParamSegment) = (StaticSegment("signin"), ParamSegment("token"));
pub const ORGANISER: (Static,) = (StaticSegment("organiser"),);
pub const CONSOLE: (Static, Static) = (StaticSegment("organiser"), StaticSegment("programme"));
pub const CHANGE_LOG: (Static, Static) = (StaticSegment("organiser"), StaticSegment("changes"));
pub const IMPORT: (Static, Static) = (StaticSegment("organiser"), StaticSegment("import"));
pub const DOCUMENTS: (Static, Static) = (StaticSegment("organiser"), StaticSegment("documents"));
pub const ARRIVALS: (Static, Static) = (StaticSegment("organiser"), StaticSegment("arrivals"));
pub const NEW_SESSION: (Static, Static, Static) = (
    StaticSegment("organiser"),
    StaticSegment("programme"),
    StaticSegment("new"),
);
pub const EDIT_SESSION: (Static, Static, Static, ParamSegment) = (
    StaticSegment("organiser"),
    StaticSegment("programme"),
    StaticSegment("sessions"),
    ParamSegment("id"),
);
pub const NEW_ROOM: (Static, Static, Static) = (
    StaticSegment("organiser"),
    StaticSegment("programme"),
    StaticSegment("new-room"),
);
pub const EDIT_ROOM: (Static, Static, Static, ParamSegment) = (
    StaticSegment("organiser"),
    StaticSegment("programme"),
    StaticSegment("rooms"),
    ParamSegment("id"),
);

/// A page of the app, with what its path carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Agenda,
    Session {
        id: String,
    },
    Rooms,
    Schedule,
    About,
    Offline,
    Invite {
        token: String,
    },
    Me,
    /// Door staff's scanner.
    Door,
    SignIn,
    /// A sign-in link sent by mail.
    SignInLink {
        token: String,
    },
    Organiser,
    Console,
    ChangeLog,
    Import,
    Documents,
    /// Who came: arrivals per door, who is expected, scans let in offline and refused later.
    Arrivals,
    /// The programme editor's session form; `None` creates one.
    SessionEditor {
        id: Option<String>,
    },
    RoomEditor {
        id: Option<String>,
    },
}

impl Page {
    /// The page the router shows at `path`; `None` where it shows "not found".
    pub fn of(path: &str) -> Option<Page> {
        if matches!(path, "" | "/") {
            return Some(Page::Agenda);
        }
        if let Some([id]) = whole(&SESSION, path).as_deref() {
            return Some(Page::Session { id: id.clone() });
        }
        if let Some([token]) = whole(&INVITE, path).as_deref() {
            let token = token.clone();
            return Some(Page::Invite { token });
        }
        if let Some([token]) = whole(&SIGN_IN_LINK, path).as_deref() {
            let token = token.clone();
            return Some(Page::SignInLink { token });
        }
        if let Some([id]) = whole(&EDIT_SESSION, path).as_deref() {
            let id = Some(id.clone());
            return Some(Page::SessionEditor { id });
        }
        if let Some([id]) = whole(&EDIT_ROOM, path).as_deref() {
            let id = Some(id.clone());
            return Some(Page::RoomEditor { id });
        }
        let fixed: [(&dyn PossibleRouteMatch, Page); 15] = [
            (&ROOMS, Page::Rooms),
            (&SCHEDULE, Page::Schedule),
            (&ABOUT, Page::About),
            (&OFFLINE, Page::Offline),
            (&ME, Page::Me),
            (&DOOR, Page::Door),
            (&SIGN_IN, Page::SignIn),
            (&ORGANISER, Page::Organiser),
            (&CONSOLE, Page::Console),
            (&CHANGE_LOG, Page::ChangeLog),
            (&IMPORT, Page::Import),
            (&DOCUMENTS, Page::Documents),
            (&ARRIVALS, Page::Arrivals),
            (&NEW_SESSION, Page::SessionEditor { id: None }),
            (&NEW_ROOM, Page::RoomEditor { id: None }),
        ];
        fixed
            .into_iter()
            .find(|(route, _)| whole(*route, path).is_some())
            .map(|(_, page)| page)
    }

    /// The tab or menu entry a page belongs to, for `aria-current`.
    pub fn section(&self) -> &'static str {
        match self {
            Page::Agenda | Page::Session { .. } | Page::Offline => "agenda",
            Page::Rooms => "rooms",
            Page::Schedule => "schedule",
            Page::About => "about",
            Page::Invite { .. } => "invite",
            Page::Me => "me",
            Page::Door => "door",
            Page::SignIn | Page::SignInLink { .. } => "signin",
            Page::Organiser
            | Page::Console
            | Page::ChangeLog
            | Page::Import
            | Page::Documents
            | Page::Arrivals
            | Page::SessionEditor { .. }
            | Page::RoomEditor { .. } => "organiser",
        }
    }
}

/// The parameters of `route` when it matches all of `path` (one trailing `/` allowed, as the
/// router allows it). `path` is the path as the router reads it: see the server's
/// `web::router_path`.
fn whole(route: &dyn PossibleRouteMatch, path: &str) -> Option<Vec<String>> {
    let matched = route.test(path)?;
    matches!(matched.remaining(), "" | "/")
        .then(|| matched.params().into_iter().map(|(_, v)| v).collect())
}

/// Why the server shows an error instead of the page asked for: the page, a form's answer or
/// a loader that failed. The layout renders it in the reader's language, with its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageError {
    /// 401: the page or form needs a signed-in person.
    SignInFirst,
    /// 403: signed in, but the page or form is for organisers.
    OrganisersOnly,
    /// 404: nothing here (an unknown person or session in a form's address).
    NotFound,
    /// 400, 409, 413, 422: the form could not be used as sent.
    Rejected(u16),
    /// 429: too many attempts.
    TooManyAttempts,
    /// 5xx: the page's data could not be loaded; nothing is shown rather than an empty page.
    Unavailable(u16),
}

impl PageError {
    /// An organiser page rendered without its data: the server refuses everyone else before
    /// rendering, so this is the refusal when the loader did not run for this spelling of the
    /// address, and only for an organiser a failure.
    pub fn organiser_data_missing(role: crate::access::Role) -> PageError {
        match role {
            crate::access::Role::Anonymous => PageError::SignInFirst,
            crate::access::Role::Organiser => PageError::Unavailable(500),
            _ => PageError::OrganisersOnly,
        }
    }

    /// The error page for a response status, for the answers of forms.
    pub fn for_status(status: u16) -> Option<PageError> {
        match status {
            401 => Some(PageError::SignInFirst),
            403 => Some(PageError::OrganisersOnly),
            404 => Some(PageError::NotFound),
            429 => Some(PageError::TooManyAttempts),
            400..=499 => Some(PageError::Rejected(status)),
            500..=599 => Some(PageError::Unavailable(status)),
            _ => None,
        }
    }

    pub fn status(self) -> u16 {
        match self {
            PageError::SignInFirst => 401,
            PageError::OrganisersOnly => 403,
            PageError::NotFound => 404,
            PageError::TooManyAttempts => 429,
            PageError::Rejected(status) | PageError::Unavailable(status) => status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_the_pages_the_router_shows() {
        let session = Page::Session {
            id: "d1-opening".into(),
        };
        for (path, page) in [
            ("/", Some(Page::Agenda)),
            ("", Some(Page::Agenda)),
            ("/sessions/d1-opening", Some(session.clone())),
            ("/sessions/d1-opening/", Some(session)),
            ("/sessions", None),
            ("/sessions/a/b", None),
            (
                "/invite/abc",
                Some(Page::Invite {
                    token: "abc".into(),
                }),
            ),
            ("/schedule", Some(Page::Schedule)),
            ("/organiser", Some(Page::Organiser)),
            ("/organiser/programme", Some(Page::Console)),
            ("/organiser/changes", Some(Page::ChangeLog)),
            ("/organiser/documents", Some(Page::Documents)),
            ("/organiser/arrivals", Some(Page::Arrivals)),
            ("/door", Some(Page::Door)),
            ("/organiser/import", Some(Page::Import)),
            (
                "/organiser/programme/new",
                Some(Page::SessionEditor { id: None }),
            ),
            (
                "/organiser/programme/sessions/d1-opening",
                Some(Page::SessionEditor {
                    id: Some("d1-opening".into()),
                }),
            ),
            (
                "/organiser/programme/rooms/elissa",
                Some(Page::RoomEditor {
                    id: Some("elissa".into()),
                }),
            ),
            (
                "/organiser/programme/new-room",
                Some(Page::RoomEditor { id: None }),
            ),
            ("/organiser/programme/sessions", None),
            ("/organiser/invite", None),
            ("/schedule//", None),
            ("/organiser//", None),
            ("/schedule/", Some(Page::Schedule)),
            ("/rooms/x", None),
            ("/roomsx", None),
            ("/me", Some(Page::Me)),
            ("/signin", Some(Page::SignIn)),
            (
                "/signin/abc",
                Some(Page::SignInLink {
                    token: "abc".into(),
                }),
            ),
        ] {
            assert_eq!(Page::of(path), page, "{path}");
        }
    }

    #[test]
    fn statuses_map_to_error_pages_and_back() {
        for status in [401, 403, 404, 400, 413, 422, 429, 500, 503] {
            assert_eq!(PageError::for_status(status).unwrap().status(), status);
        }
        assert_eq!(PageError::for_status(303), None);
    }
}
