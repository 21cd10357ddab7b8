//! A Misskey antenna: a saved search the server runs on every note it sees, feeding a
//! timeline of its own.

/// Whose notes an antenna looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AntennaSource {
    /// Every note the server knows.
    All,
    /// Notes of those the user follows.
    Home,
    /// Notes of these accounts (`user@host`, or `user` on this server).
    Users(Vec<String>),
    /// Notes of the members of one of the user's lists (by id).
    List(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Antenna {
    /// Empty for one not yet made.
    pub id: String,
    pub name: String,
    pub source: AntennaSource,
    /// Lines any of which matches; the words of a line must all occur.
    pub keywords: Vec<Vec<String>>,
    /// Lines any of which keeps a note out.
    pub excludes: Vec<Vec<String>>,
    pub case_sensitive: bool,
    pub with_replies: bool,
    /// Only notes with files.
    pub with_file: bool,
    /// Only notes from this server.
    pub local_only: bool,
    pub exclude_bots: bool,
}

impl Antenna {
    /// Keyword lines as typed: lines apart with `,`, words of a line with spaces.
    pub fn lines_of(text: &str) -> Vec<Vec<String>> {
        text.split(',')
            .map(|line| {
                line.split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .filter(|words| !words.is_empty())
            .collect()
    }

    /// Keyword lines written back as typed (see [`Antenna::lines_of`]).
    pub fn text_of(lines: &[Vec<String>]) -> String {
        lines
            .iter()
            .map(|words| words.join(" "))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_lines_are_typed_with_commas_between_and_spaces_within() {
        let lines = Antenna::lines_of(" rust  cargo, zig ,, ");
        assert_eq!(lines, [vec!["rust", "cargo"], vec!["zig"]]);
        assert_eq!(Antenna::text_of(&lines), "rust cargo, zig");
    }
}
