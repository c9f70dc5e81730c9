//! journeymap: journey maps, content maps, gaps, calendars and KPIs for digital strategists,
//! kept in one JSON workspace file.

pub mod app;
pub mod cli;
pub mod config;
pub mod export;
pub mod import;
pub mod inventory;
pub(crate) mod memory;
pub mod model;
pub mod storage;
pub mod text;
pub mod tui;
pub mod ui;
