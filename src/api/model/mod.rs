//! The one internal model every backend produces and the UI consumes.
//! All strings here have already passed through [`crate::sanitize`].

use jiff::Timestamp;

mod account;
mod announcement;
mod antenna;
mod channel;
mod chat;
mod clip;
mod crowd;
mod filter;
mod list;
mod own_profile;
mod post;
mod report;
mod rich_text;
mod tag;
mod timeline;

pub use account::*;
pub use announcement::*;
pub use antenna::*;
pub use channel::*;
pub use chat::*;
pub use clip::*;
pub use crowd::*;
pub use filter::*;
pub use list::*;
pub use own_profile::*;
pub use post::*;
pub use report::*;
pub use rich_text::*;
pub use tag::*;
pub use timeline::*;
