pub mod badges;
pub mod layout;
pub mod session_card;
pub mod pwa_bar;
pub mod push_panel;
