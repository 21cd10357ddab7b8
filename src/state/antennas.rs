//! A Misskey antenna being made or changed: its fields in the order Tab visits them, and the
//! antenna they make (or why they make none).

use crate::api::{Antenna, AntennaSource, List};

use super::Editor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AntennaField {
    Name,
    Source,
    /// The accounts, with [`AntennaSource::Users`].
    Users,
    /// The list, with [`AntennaSource::List`].
    List,
    Keywords,
    Excludes,
    CaseSensitive,
    WithReplies,
    WithFile,
    LocalOnly,
    ExcludeBots,
}

/// Whose notes, as the form chooses among them (Space goes to the next).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    All,
    Home,
    Users,
    List,
}

#[derive(Debug, Clone)]
pub struct AntennaForm {
    /// The antenna's id; empty for a new one.
    pub id: String,
    pub name: Editor,
    pub source: SourceKind,
    /// `@user@host` and `@user`, with spaces or commas between.
    pub users: Editor,
    /// The list chosen (by id).
    pub list: Option<String>,
    /// Lines apart with `,`, words of a line with spaces (see [`Antenna::lines_of`]).
    pub keywords: Editor,
    pub excludes: Editor,
    pub case_sensitive: bool,
    pub with_replies: bool,
    pub with_file: bool,
    pub local_only: bool,
    pub exclude_bots: bool,
    pub field: AntennaField,
    pub error: Option<String>,
    pub saving: bool,
}

impl AntennaForm {
    /// A new antenna, its keywords prefilled (a tab's hashtag, say).
    pub fn new(keywords: &str) -> AntennaForm {
        AntennaForm::editing(&Antenna {
            id: String::new(),
            name: keywords.trim().to_owned(),
            source: AntennaSource::All,
            keywords: Antenna::lines_of(keywords),
            excludes: Vec::new(),
            case_sensitive: false,
            with_replies: false,
            with_file: false,
            local_only: false,
            exclude_bots: false,
        })
    }

    pub fn editing(antenna: &Antenna) -> AntennaForm {
        let (source, users, list) = match &antenna.source {
            AntennaSource::All => (SourceKind::All, String::new(), None),
            AntennaSource::Home => (SourceKind::Home, String::new(), None),
            AntennaSource::Users(users) => (
                SourceKind::Users,
                users
                    .iter()
                    .map(|u| format!("@{u}"))
                    .collect::<Vec<_>>()
                    .join(" "),
                None,
            ),
            AntennaSource::List(list) => (SourceKind::List, String::new(), Some(list.clone())),
        };
        AntennaForm {
            id: antenna.id.clone(),
            name: Editor::one_line(&antenna.name),
            source,
            users: Editor::one_line(&users),
            list,
            keywords: Editor::one_line(&Antenna::text_of(&antenna.keywords)),
            excludes: Editor::one_line(&Antenna::text_of(&antenna.excludes)),
            case_sensitive: antenna.case_sensitive,
            with_replies: antenna.with_replies,
            with_file: antenna.with_file,
            local_only: antenna.local_only,
            exclude_bots: antenna.exclude_bots,
            field: AntennaField::Name,
            error: None,
            saving: false,
        }
    }

    /// The fields in the order Tab visits them (the accounts or the list where chosen).
    pub fn order(&self) -> Vec<AntennaField> {
        let mut order = vec![AntennaField::Name, AntennaField::Source];
        match self.source {
            SourceKind::Users => order.push(AntennaField::Users),
            SourceKind::List => order.push(AntennaField::List),
            SourceKind::All | SourceKind::Home => {}
        }
        order.extend([
            AntennaField::Keywords,
            AntennaField::Excludes,
            AntennaField::CaseSensitive,
            AntennaField::WithReplies,
            AntennaField::WithFile,
            AntennaField::LocalOnly,
            AntennaField::ExcludeBots,
        ]);
        order
    }

    pub fn move_focus(&mut self, forward: bool) {
        self.field = super::cursor::round(&self.order(), self.field, forward);
    }

    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match self.field {
            AntennaField::Name => Some(&mut self.name),
            AntennaField::Users => Some(&mut self.users),
            AntennaField::Keywords => Some(&mut self.keywords),
            AntennaField::Excludes => Some(&mut self.excludes),
            _ => None,
        }
    }

    /// Space: the next source, the next of the user's `lists`, a switch on or off.
    pub fn toggle(&mut self, lists: &[List]) {
        match self.field {
            AntennaField::Source => {
                self.source = match self.source {
                    SourceKind::All => SourceKind::Home,
                    SourceKind::Home => SourceKind::Users,
                    SourceKind::Users => SourceKind::List,
                    SourceKind::List => SourceKind::All,
                }
            }
            AntennaField::List => {
                let at = lists
                    .iter()
                    .position(|l| Some(&l.id) == self.list.as_ref())
                    .map_or(0, |at| at + 1);
                self.list = lists.get(at % lists.len().max(1)).map(|l| l.id.clone());
            }
            AntennaField::CaseSensitive => self.case_sensitive = !self.case_sensitive,
            AntennaField::WithReplies => self.with_replies = !self.with_replies,
            AntennaField::WithFile => self.with_file = !self.with_file,
            AntennaField::LocalOnly => self.local_only = !self.local_only,
            AntennaField::ExcludeBots => self.exclude_bots = !self.exclude_bots,
            _ => {}
        }
    }

    /// The antenna the fields make, or what is missing.
    pub fn antenna(&self) -> Result<Antenna, String> {
        let name = self.name.text().trim().to_owned();
        if name.is_empty() {
            return Err("give the antenna a name".into());
        }
        let keywords = Antenna::lines_of(&self.keywords.text());
        let source = match self.source {
            SourceKind::All => AntennaSource::All,
            SourceKind::Home => AntennaSource::Home,
            SourceKind::Users => {
                let users: Vec<String> = self
                    .users
                    .text()
                    .split([' ', ','])
                    .map(|u| u.trim().trim_start_matches('@').to_owned())
                    .filter(|u| !u.is_empty())
                    .collect();
                if users.is_empty() {
                    return Err("name the accounts whose notes it catches (@user@host)".into());
                }
                AntennaSource::Users(users)
            }
            SourceKind::List => match &self.list {
                Some(list) => AntennaSource::List(list.clone()),
                None => return Err("choose the list whose notes it catches (Space)".into()),
            },
        };
        // Misskey needs words to look for, or words to leave out, whatever the source.
        let excludes = Antenna::lines_of(&self.excludes.text());
        if keywords.is_empty() && excludes.is_empty() {
            return Err(
                "give it words to catch: lines apart with commas, words of a line with spaces"
                    .into(),
            );
        }
        Ok(Antenna {
            id: self.id.clone(),
            name,
            source,
            keywords,
            excludes,
            case_sensitive: self.case_sensitive,
            with_replies: self.with_replies,
            with_file: self.with_file,
            local_only: self.local_only,
            exclude_bots: self.exclude_bots,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_antenna_round_trips_through_the_form_and_needs_what_it_needs() {
        let antenna = Antenna {
            id: "a1".into(),
            name: "Rust".into(),
            source: AntennaSource::Users(vec!["ana@x.example".into(), "bo".into()]),
            keywords: vec![vec!["rust".into(), "cargo".into()], vec!["zig".into()]],
            excludes: vec![vec!["crypto".into()]],
            case_sensitive: true,
            with_replies: false,
            with_file: true,
            local_only: false,
            exclude_bots: true,
        };
        let form = AntennaForm::editing(&antenna);
        assert_eq!(form.users.text(), "@ana@x.example @bo");
        assert_eq!(form.keywords.text(), "rust cargo, zig");
        assert_eq!(form.antenna().unwrap(), antenna);
        let mut empty = AntennaForm::new("");
        empty.name.set_text("nothing");
        assert!(empty.antenna().unwrap_err().contains("words to catch"));
        empty.keywords.set_text("news");
        empty.source = SourceKind::List;
        assert!(empty.antenna().unwrap_err().contains("choose the list"));
    }
}
