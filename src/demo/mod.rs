//! An in-process Mastodon- and Misskey-API server on loopback, serving bundled data. `skua --demo` connects
//! to it through the same HTTP code as a real server; tests use it as a fake server with chosen
//! data, latency and injected faults, and read back the requests it received.

mod accounts;
mod announcements;
mod antennas;
mod channels;
mod chat;
mod clips;
mod data;
mod discover;
mod filters;
mod lists;
mod media;
mod misskey;
mod notices;
mod own_profile;
mod people;
mod pictures;
mod reports;
mod requests;
mod scheduled;
mod search;
mod server;
mod social;
mod statuses;
mod streaming;
mod tags;

pub use data::DemoData;
pub use server::{DemoServer, Fault, OAUTH_CODE, RecordedRequest};

/// The access token the demo server accepts.
pub const TOKEN: &str = "demo-token";
