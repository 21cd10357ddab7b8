//! skua: a fast, keyboard-driven terminal client for the fediverse.
//!
//! Layout: `api/` speaks to servers and defines the one model; `fetcher` runs network work off
//! the UI loop; `state/` is what the screen shows; `app` turns keys into actions and actions into
//! state changes; `ui/` draws state; `event_loop` ties input, network, ticks and signals
//! together; `demo/` is the bundled fake server.

pub mod accounts;
pub mod action;
pub mod api;
pub mod app;
pub mod browser;
pub mod cache;
pub mod clipboard;
pub mod commands;
pub mod config;
pub mod demo;
pub mod drafts;
pub mod effects;
pub mod event_loop;
pub mod external_editor;
pub mod fetcher;
pub mod files;
pub mod graphics;
pub mod input;
pub mod layouts;
pub mod live;
pub mod login;
pub mod media;
pub mod notify;
pub mod qr;
pub mod sanitize;
pub mod session;
pub mod state;
pub mod tui;
pub mod ui;
pub mod when;
