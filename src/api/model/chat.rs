//! Misskey chat (2025.4 and later): conversations with a user or in a room. A message is a
//! [`Post`](super::Post) (its author, text, file and reactions); a conversation is who or
//! where it is with.

/// Who a chat is with: one user, or a room the user is in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ChatWith {
    User { id: String, acct: String },
    Room { id: String, name: String },
}
