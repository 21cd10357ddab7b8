//! The integration tests, built as one binary: one link and one copy of skua instead of one per
//! file (35 binaries of 320 MB each filled the CI machine's disk).

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/pty.rs"]
mod pty;
#[path = "../common/replay.rs"]
mod replay;

mod accounts_screens;
mod announcements;
mod antennas;
mod api;
mod bounded_work;
mod cache;
mod channels;
mod chat;
mod cli;
mod clips;
mod completion;
mod compose;
mod contracts;
mod deck;
mod explore;
mod filters;
mod graphemes;
mod graphics;
mod hostile;
mod list_screens;
mod lists;
mod live;
mod media;
mod misskey;
mod newcomer;
mod notifications;
mod own_profile;
mod people;
mod profiles;
mod quiet;
mod redirects;
mod report;
mod requests;
mod scheduled;
mod screens;
mod search;
mod server_drafts;
mod tags;
mod take_part;
mod terminal;
mod translate;
