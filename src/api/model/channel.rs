//! A Misskey channel: a topic room with a timeline of its own, followed or favourited.

/// A channel as the list of channels shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub id: String,
    pub name: String,
    pub description: String,
    pub following: bool,
    pub favourite: bool,
    pub notes: Option<u64>,
    /// How many have posted in it.
    pub users: Option<u64>,
    /// Read only: no more notes go in.
    pub archived: bool,
}

impl Channel {
    /// What a post and a draft keep of it.
    pub fn tag(&self) -> ChannelTag {
        ChannelTag {
            id: self.id.clone(),
            name: self.name.clone(),
        }
    }
}

/// The channel a note was posted in (or is to be), by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ChannelTag {
    pub id: String,
    pub name: String,
}

/// Which channels to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelSet {
    Followed,
    Favourites,
    /// Those the server features (the busiest lately).
    Featured,
    /// Those the user made.
    Owned,
    /// Those whose name or description holds the words.
    Search(String),
}

impl ChannelSet {
    /// The sets a key steps through, in order (a search is reached by typing).
    pub const BROWSED: [ChannelSet; 4] = [
        ChannelSet::Followed,
        ChannelSet::Favourites,
        ChannelSet::Featured,
        ChannelSet::Owned,
    ];
}
