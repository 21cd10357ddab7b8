//! A Misskey clip being made or changed: its name, what it is for, and who sees it.

use crate::api::Clip;

use super::Editor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClipField {
    Name,
    Description,
    Public,
}

const ORDER: [ClipField; 3] = [ClipField::Name, ClipField::Description, ClipField::Public];

#[derive(Debug, Clone)]
pub struct ClipForm {
    /// The clip's id; empty for a new one.
    pub id: String,
    pub name: Editor,
    pub description: Editor,
    pub public: bool,
    /// A note to put in the new clip once made (by id).
    pub then_add: Option<String>,
    pub field: ClipField,
    pub error: Option<String>,
    pub saving: bool,
}

impl ClipForm {
    pub fn new(then_add: Option<String>) -> ClipForm {
        ClipForm {
            id: String::new(),
            name: Editor::one_line(""),
            description: Editor::one_line(""),
            public: false,
            then_add,
            field: ClipField::Name,
            error: None,
            saving: false,
        }
    }

    pub fn editing(clip: &Clip) -> ClipForm {
        ClipForm {
            id: clip.id.clone(),
            name: Editor::one_line(&clip.name),
            description: Editor::one_line(&clip.description),
            public: clip.public,
            ..ClipForm::new(None)
        }
    }

    pub fn move_focus(&mut self, forward: bool) {
        self.field = super::cursor::round(&ORDER, self.field, forward);
    }

    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match self.field {
            ClipField::Name => Some(&mut self.name),
            ClipField::Description => Some(&mut self.description),
            ClipField::Public => None,
        }
    }

    pub fn toggle(&mut self) {
        if self.field == ClipField::Public {
            self.public = !self.public;
        }
    }

    /// The clip the fields make, or what is missing.
    pub fn clip(&self) -> Result<Clip, String> {
        let name = self.name.text().trim().to_owned();
        if name.is_empty() {
            return Err("give the clip a name".into());
        }
        Ok(Clip {
            id: self.id.clone(),
            name,
            description: self.description.text().trim().to_owned(),
            public: self.public,
            mine: true,
            owner: String::new(),
            notes: None,
        })
    }
}
