//! Lists of people: who follows an account and whom it follows, who boosted or favourited a
//! post, the user's mutes, blocks, blocked domains and follow requests.

use super::{Account, Relate, Relationship};

/// Whose people a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Crowd {
    Followers(Account),
    Following(Account),
    /// Who boosted (Misskey: renoted or quoted) a post.
    BoostedBy(String),
    /// Who favourited a post (Misskey: who reacted, with the reaction).
    FavouritedBy(String),
    Muted,
    Blocked,
    /// Domains the user blocked (Misskey: servers the user muted).
    BlockedDomains,
    /// Accounts asking to follow the user.
    RequestsReceived,
    /// Accounts the user asked to follow, not yet approved.
    RequestsSent,
}

impl Crowd {
    /// The list beside this one, as Tab goes through them (`forward`) or back: followers and
    /// following, who boosted and who favourited, mutes, blocks and blocked domains, requests
    /// received and sent.
    pub fn beside(&self, forward: bool) -> Crowd {
        let ring: Vec<Crowd> = match self {
            Crowd::Followers(a) | Crowd::Following(a) => {
                vec![Crowd::Followers(a.clone()), Crowd::Following(a.clone())]
            }
            Crowd::BoostedBy(p) | Crowd::FavouritedBy(p) => {
                vec![Crowd::BoostedBy(p.clone()), Crowd::FavouritedBy(p.clone())]
            }
            Crowd::Muted | Crowd::Blocked | Crowd::BlockedDomains => {
                vec![Crowd::Muted, Crowd::Blocked, Crowd::BlockedDomains]
            }
            Crowd::RequestsReceived | Crowd::RequestsSent => {
                vec![Crowd::RequestsReceived, Crowd::RequestsSent]
            }
        };
        let at = ring.iter().position(|c| c == self).unwrap_or(0);
        let next = match forward {
            true => (at + 1) % ring.len(),
            false => (at + ring.len() - 1) % ring.len(),
        };
        ring[next].clone()
    }
}

/// One account in a list of people, with what the row shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub account: Account,
    /// The start of their bio, as one line of plain text (empty where the server sent none).
    pub bio: String,
    /// How the user relates to them, where the server said.
    pub relationship: Option<Relationship>,
    /// The reaction they left (who reacted to a Misskey note).
    pub reaction: Option<String>,
}

/// A row of a list of people: an account, or (blocked domains) a domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Someone {
    Person(Person),
    Domain(String),
}

/// One page of a list of people, with an opaque cursor for the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeoplePage {
    pub rows: Vec<Someone>,
    pub next: Option<String>,
    /// Rows the server sent that could not be read (left out, logged).
    pub unreadable: usize,
}

/// Characters of a bio a row keeps: more than any row shows.
const BIO_CHARS: usize = 200;

impl Person {
    /// The start of a bio, on one line.
    pub fn bio_line(bio: &super::RichText) -> String {
        let plain = bio.to_plain();
        let words: Vec<&str> = plain.split_whitespace().collect();
        words.join(" ").chars().take(BIO_CHARS).collect()
    }
}

impl Relationship {
    /// The relationship once `change` is done, to show before the server answers.
    pub fn after(mut self, change: Relate) -> Relationship {
        match change {
            Relate::Follow(follow) => {
                self.following = follow;
                self.requested = false;
            }
            Relate::Mute(mute) => self.muting = mute.is_some(),
            Relate::Block(block) => {
                self.blocking = block;
                if block {
                    self.following = false;
                    self.followed_by = false;
                }
            }
            Relate::Boosts(show) => self.showing_boosts = show,
        }
        self
    }
}
