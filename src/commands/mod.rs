//! Scriptable subcommands: they talk to a [`crate::api::Backend`] directly and print plain text
//! or JSON, with no terminal UI.

pub mod lists;
pub mod login;
pub mod man;
pub mod post;
