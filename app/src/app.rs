use crate::components::layout::Layout;
use crate::pages::{
    about::AboutPage, agenda::AgendaPage, console::ConsolePage, invite::InvitePage, me::MePage,
    not_found::NotFound, offline::OfflinePage, organiser::OrganiserPage, rooms::RoomsPage,
    schedule::SchedulePage, session::SessionPage, signin::SignInPage,
};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=AgendaPage/>
                    <Route path=path!("/sessions/:id") view=SessionPage/>
                    <Route path=path!("/rooms") view=RoomsPage/>
                    <Route path=path!("/schedule") view=SchedulePage/>
                    <Route path=path!("/about") view=AboutPage/>
                    <Route path=path!("/offline") view=OfflinePage/>
                    <Route path=path!("/invite/:token") view=InvitePage/>
                    <Route path=path!("/me") view=MePage/>
                    <Route path=path!("/signin") view=SignInPage/>
                    <Route path=path!("/organiser") view=OrganiserPage/>
                    <Route path=path!("/organiser/programme") view=ConsolePage/>
                </Routes>
            </Layout>
        </Router>
    }
}
