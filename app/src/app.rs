use crate::components::layout::Layout;
use crate::pages::{
    about::AboutPage,
    agenda::AgendaPage,
    arrivals::ArrivalsPage,
    changes::ChangeLogPage,
    console::ConsolePage,
    documents::DocumentsPage,
    door::DoorPage,
    import::ImportPage,
    invite::InvitePage,
    me::MePage,
    not_found::NotFound,
    offline::OfflinePage,
    organiser::OrganiserPage,
    rooms::RoomsPage,
    schedule::SchedulePage,
    session::SessionPage,
    signin::{SignInLinkPage, SignInPage},
};
use crate::pages::{room_editor::RoomEditorPage, session_editor::SessionEditorPage};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
// The paths are written once, in `routes`, where the server also reads them.
use crate::routes::*;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=AGENDA view=AgendaPage/>
                    <Route path=SESSION view=SessionPage/>
                    <Route path=ROOMS view=RoomsPage/>
                    <Route path=SCHEDULE view=SchedulePage/>
                    <Route path=ABOUT view=AboutPage/>
                    <Route path=OFFLINE view=OfflinePage/>
                    <Route path=INVITE view=InvitePage/>
                    <Route path=ME view=MePage/>
                    <Route path=DOOR view=DoorPage/>
                    <Route path=SIGN_IN view=SignInPage/>
                    <Route path=SIGN_IN_LINK view=SignInLinkPage/>
                    <Route path=ORGANISER view=OrganiserPage/>
                    <Route path=CONSOLE view=ConsolePage/>
                    <Route path=CHANGE_LOG view=ChangeLogPage/>
                    <Route path=IMPORT view=ImportPage/>
                    <Route path=DOCUMENTS view=DocumentsPage/>
                    <Route path=ARRIVALS view=ArrivalsPage/>
                    <Route path=NEW_SESSION view=SessionEditorPage/>
                    <Route path=EDIT_SESSION view=SessionEditorPage/>
                    <Route path=NEW_ROOM view=RoomEditorPage/>
                    <Route path=EDIT_ROOM view=RoomEditorPage/>
                </Routes>
            </Layout>
        </Router>
    }
}
