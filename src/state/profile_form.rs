//! The user's own profile being changed: name, bio, the name and value fields, whether
//! followers are approved by hand, bot, discoverable, and pictures for the avatar and header,
//! in the order Tab visits them.

use crate::api::{ProfileChange, ProfileLimits, ProfileSource};

use super::Editor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileField {
    Name,
    Bio,
    FieldName(usize),
    FieldValue(usize),
    Locked,
    Bot,
    Discoverable,
    Avatar,
    Header,
}

#[derive(Debug, Clone)]
pub struct ProfileForm {
    /// The profile as it was: a bio left unchanged is sent back exactly.
    pub original: ProfileSource,
    pub limits: ProfileLimits,
    pub name: Editor,
    /// Of several lines: Enter starts a new one.
    pub bio: Editor,
    /// Name and value of each field; one empty row after them while the server takes more.
    pub fields: Vec<(Editor, Editor)>,
    pub locked: bool,
    pub bot: bool,
    pub discoverable: bool,
    /// Paths of pictures to upload (empty: unchanged).
    pub avatar: Editor,
    pub header: Editor,
    pub field: ProfileField,
    pub error: Option<String>,
    /// Sent; the server has not answered yet.
    pub saving: bool,
}

impl ProfileForm {
    pub fn new(source: ProfileSource, limits: ProfileLimits) -> ProfileForm {
        let fields = source
            .fields
            .iter()
            .map(|(name, value)| (Editor::one_line(name), Editor::one_line(value)))
            .collect();
        let mut form = ProfileForm {
            name: Editor::one_line(&source.display_name),
            bio: Editor::many_lines(&source.bio),
            fields,
            locked: source.locked,
            bot: source.bot,
            discoverable: source.discoverable,
            avatar: Editor::one_line(""),
            header: Editor::one_line(""),
            original: source,
            limits,
            field: ProfileField::Name,
            error: None,
            saving: false,
        };
        form.keep_a_row_free();
        form
    }

    /// One empty row after the fields, where the server takes another.
    fn keep_a_row_free(&mut self) {
        let is_empty = |(name, value): &(Editor, Editor)| name.is_empty() && value.is_empty();
        while self.fields.len() > 1
            && self.fields.last().is_some_and(is_empty)
            && self.fields[self.fields.len() - 2..].iter().all(is_empty)
        {
            self.fields.pop();
        }
        if !self.fields.last().is_some_and(is_empty) && self.fields.len() < self.limits.fields {
            self.fields
                .push((Editor::one_line(""), Editor::one_line("")));
        }
    }

    /// The fields in the order Tab visits them.
    pub fn order(&self) -> Vec<ProfileField> {
        let mut order = vec![ProfileField::Name, ProfileField::Bio];
        for row in 0..self.fields.len() {
            order.extend([ProfileField::FieldName(row), ProfileField::FieldValue(row)]);
        }
        order.extend([
            ProfileField::Locked,
            ProfileField::Bot,
            ProfileField::Discoverable,
            ProfileField::Avatar,
            ProfileField::Header,
        ]);
        order
    }

    pub fn move_focus(&mut self, forward: bool) {
        self.keep_a_row_free();
        self.field = super::cursor::round(&self.order(), self.field, forward);
    }

    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match self.field {
            ProfileField::Name => Some(&mut self.name),
            ProfileField::Bio => Some(&mut self.bio),
            ProfileField::FieldName(row) => self.fields.get_mut(row).map(|(name, _)| name),
            ProfileField::FieldValue(row) => self.fields.get_mut(row).map(|(_, value)| value),
            ProfileField::Avatar => Some(&mut self.avatar),
            ProfileField::Header => Some(&mut self.header),
            ProfileField::Locked | ProfileField::Bot | ProfileField::Discoverable => None,
        }
    }

    /// On a path, whether Tab completes it rather than moving on: something is typed that
    /// names no file yet.
    pub fn completes_path(&self) -> bool {
        let typed = match self.field {
            ProfileField::Avatar => self.avatar.text(),
            ProfileField::Header => self.header.text(),
            _ => return false,
        };
        !typed.trim().is_empty() && !crate::files::expand_home(&typed).is_file()
    }

    /// The pictures chosen that are files, to preview before they are sent.
    pub fn pictures(&self) -> Vec<std::path::PathBuf> {
        [&self.avatar, &self.header]
            .into_iter()
            .map(|editor| crate::files::expand_home(editor.text().trim()))
            .filter(|path| path.is_file())
            .collect()
    }

    /// Space on a switch turns it on or off.
    pub fn toggle(&mut self) {
        match self.field {
            ProfileField::Locked => self.locked = !self.locked,
            ProfileField::Bot => self.bot = !self.bot,
            ProfileField::Discoverable => self.discoverable = !self.discoverable,
            _ => {}
        }
    }

    /// The change the form makes, or what the server would refuse, said before sending.
    pub fn change(&self) -> Result<ProfileChange, String> {
        let bio = self.bio.text();
        let bio = match crate::sanitize::text(&self.original.bio) == bio {
            true => self.original.bio.clone(),
            false => bio,
        };
        let fields = self
            .fields
            .iter()
            .map(|(name, value)| {
                (
                    name.text().trim().to_owned(),
                    value.text().trim().to_owned(),
                )
            })
            .filter(|(name, value)| !name.is_empty() || !value.is_empty())
            .collect();
        let path = |editor: &Editor| {
            let typed = editor.text();
            (!typed.trim().is_empty()).then(|| crate::files::expand_home(typed.trim()))
        };
        let change = ProfileChange {
            source: ProfileSource {
                display_name: self.name.text().trim().to_owned(),
                bio,
                fields,
                locked: self.locked,
                bot: self.bot,
                discoverable: self.discoverable,
            },
            avatar: path(&self.avatar),
            header: path(&self.header),
        };
        check(&change, &self.limits)?;
        Ok(change)
    }
}

/// What the server would refuse, said before anything is sent.
fn check(change: &ProfileChange, limits: &ProfileLimits) -> Result<(), String> {
    let chars = |text: &str| text.chars().count();
    let source = &change.source;
    if chars(&source.display_name) > limits.name_chars {
        return Err(format!(
            "the name is {} characters; this server takes {}",
            chars(&source.display_name),
            limits.name_chars
        ));
    }
    if chars(&source.bio) > limits.bio_chars {
        return Err(format!(
            "the bio is {} characters; this server takes {}",
            chars(&source.bio),
            limits.bio_chars
        ));
    }
    if source.fields.len() > limits.fields {
        return Err(format!(
            "{} fields; this server takes {}",
            source.fields.len(),
            limits.fields
        ));
    }
    for (index, (name, value)) in source.fields.iter().enumerate() {
        let at = index + 1;
        if name.trim().is_empty() {
            return Err(format!("field {at} has a value but no name"));
        }
        if chars(name) > limits.field_name_chars {
            return Err(format!(
                "the name of field {at} is {} characters; this server takes {}",
                chars(name),
                limits.field_name_chars
            ));
        }
        if chars(value) > limits.field_value_chars {
            return Err(format!(
                "the value of field {at} is {} characters; this server takes {}",
                chars(value),
                limits.field_value_chars
            ));
        }
    }
    for path in change.avatar.iter().chain(&change.header) {
        if !path.is_file() {
            return Err(format!("{} is not a file skua can read", path.display()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: ProfileLimits = ProfileLimits {
        name_chars: 30,
        bio_chars: 500,
        fields: 2,
        field_name_chars: 255,
        field_value_chars: 255,
    };

    fn source() -> ProfileSource {
        ProfileSource {
            display_name: "Ana".into(),
            bio: "first line\nsecond line".into(),
            fields: vec![("Site".into(), "https://a.example".into())],
            ..ProfileSource::default()
        }
    }

    #[test]
    fn an_unchanged_bio_of_several_lines_keeps_them_and_a_free_row_waits() {
        let form = ProfileForm::new(source(), LIMITS);
        assert_eq!(
            form.bio.text(),
            "first line\nsecond line",
            "shown with its lines"
        );
        assert_eq!(form.fields.len(), 2, "the field and a free row");
        let change = form.change().unwrap();
        assert_eq!(change.source, source(), "nothing changed");
        assert_eq!(change.avatar, None);
    }

    #[test]
    fn fields_past_the_servers_limit_are_refused_before_sending() {
        let mut form = ProfileForm::new(source(), LIMITS);
        form.fields[1].0.set_text("Pronouns");
        form.fields[1].1.set_text("they/them");
        form.move_focus(true);
        assert_eq!(form.fields.len(), 2, "no free row past the limit");
        form.fields[0].1.set_text(&"x".repeat(256));
        let refused = form.change().unwrap_err();
        assert!(
            refused.contains("value of field 1 is 256 characters"),
            "{refused}"
        );
        form.fields[0].1.set_text("ok");
        form.fields[1].0.set_text("");
        assert_eq!(
            form.change().unwrap_err(),
            "field 2 has a value but no name"
        );
    }
}
