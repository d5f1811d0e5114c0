pub mod about;
pub mod agenda;
pub mod not_found;
pub mod rooms;
pub mod session;
