pub mod badges;
pub mod documents;
pub mod layout;
pub mod push_panel;
pub mod pwa_bar;
pub mod session_card;
pub mod text_area;
