//! A filter being made or changed: its fields in the order Tab visits them, and the filter
//! they make (or why they make none). Mastodon filters have a title, keywords, places, an
//! action and an expiry; a Misskey muted word is its words (or expression) and whether it
//! folds or hides.

use crate::api::{Filter, FilterAction, FilterContext, Keyword, Rule, entry_regex};

use super::Editor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Title,
    Keywords,
    /// One of [`FilterContext::ALL`].
    Where(usize),
    Action,
    Expires,
}

#[derive(Debug, Clone)]
pub struct FilterForm {
    /// The filter changed; `None` for a new one.
    pub original: Option<Filter>,
    pub misskey: bool,
    /// Mastodon: the title; Misskey: the entry (words, or `/expression/`).
    pub title: Editor,
    /// Comma-separated; a `*` at the end also matches inside words.
    pub keywords: Editor,
    pub contexts: Vec<FilterContext>,
    pub action: FilterAction,
    pub expires: Editor,
    pub field: FormField,
    pub error: Option<String>,
    /// Sent; the server has not answered yet.
    pub saving: bool,
}

/// Keywords as typed: `spoiler, leak*` (a trailing `*` also matches inside words).
fn keywords_text(keywords: &[Keyword]) -> String {
    keywords
        .iter()
        .map(|k| match k.whole_word {
            true => k.text.clone(),
            false => format!("{}*", k.text),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl FilterForm {
    /// A new filter, its keywords (or words) prefilled.
    pub fn new(misskey: bool, words: &str) -> FilterForm {
        FilterForm {
            original: None,
            misskey,
            title: Editor::one_line(if misskey { words } else { "" }),
            keywords: Editor::one_line(if misskey { "" } else { words }),
            contexts: vec![
                FilterContext::Home,
                FilterContext::Notifications,
                FilterContext::Public,
                FilterContext::Thread,
            ],
            action: FilterAction::Warn,
            expires: Editor::one_line(""),
            field: FormField::Title,
            error: None,
            saving: false,
        }
    }

    /// A filter to change.
    pub fn editing(filter: &Filter, misskey: bool) -> FilterForm {
        let (title, keywords) = match &filter.rule {
            Rule::AnyKeyword(keywords) => (filter.title.clone(), keywords_text(keywords)),
            Rule::Entry(entry) => (entry.clone(), String::new()),
        };
        FilterForm {
            original: Some(filter.clone()),
            misskey,
            title: Editor::one_line(&title),
            keywords: Editor::one_line(&keywords),
            contexts: filter.contexts.clone(),
            action: filter.action,
            expires: Editor::one_line(
                &filter.expires_at.map(crate::when::show).unwrap_or_default(),
            ),
            field: FormField::Title,
            error: None,
            saving: false,
        }
    }

    /// The fields in the order Tab visits them.
    pub fn fields(&self) -> Vec<FormField> {
        if self.misskey {
            return vec![FormField::Title, FormField::Action];
        }
        let mut fields = vec![FormField::Title, FormField::Keywords];
        fields.extend((0..FilterContext::ALL.len()).map(FormField::Where));
        fields.extend([FormField::Action, FormField::Expires]);
        fields
    }

    /// Moves the focus to the next field (`forward`) or the one before, round.
    pub fn move_focus(&mut self, forward: bool) {
        self.field = super::cursor::round(&self.fields(), self.field, forward);
    }

    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match self.field {
            FormField::Title => Some(&mut self.title),
            FormField::Keywords => Some(&mut self.keywords),
            FormField::Expires => Some(&mut self.expires),
            FormField::Where(_) | FormField::Action => None,
        }
    }

    /// Space on a place puts it on or off; on the action, the next one.
    pub fn toggle(&mut self) {
        match self.field {
            FormField::Where(index) => {
                let context = FilterContext::ALL[index];
                match self.contexts.contains(&context) {
                    true => self.contexts.retain(|c| *c != context),
                    false => self.contexts.push(context),
                }
            }
            FormField::Action => {
                // Blur is kept where a filter has it; skua does not make one.
                let kept_blur = self
                    .original
                    .as_ref()
                    .is_some_and(|f| f.action == FilterAction::Blur);
                self.action = match self.action {
                    FilterAction::Warn => FilterAction::Hide,
                    FilterAction::Hide if kept_blur => FilterAction::Blur,
                    _ => FilterAction::Warn,
                };
            }
            _ => {}
        }
    }

    /// The filter the fields make, or what is wrong with them.
    pub fn filter(&self, now: &jiff::Zoned) -> Result<Filter, String> {
        let title = self.title.text().trim().to_owned();
        let original = self.original.as_ref();
        let id = original.map(|f| f.id.clone()).unwrap_or_default();
        if self.misskey {
            if title.is_empty() {
                return Err(
                    "write the words to mute (all must occur), or a /regular expression/".into(),
                );
            }
            if let Some(Err(error)) = entry_regex(&title) {
                return Err(format!("not a regular expression skua can read: {error}"));
            }
            return Ok(Filter {
                id,
                title: title.clone(),
                rule: Rule::Entry(title),
                contexts: FilterContext::ALL.to_vec(),
                action: self.action,
                expires_at: None,
                post_ids: Vec::new(),
            });
        }
        let earlier: &[Keyword] = match original.map(|f| &f.rule) {
            Some(Rule::AnyKeyword(keywords)) => keywords,
            _ => &[],
        };
        let keywords: Vec<Keyword> = self
            .keywords
            .text()
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|typed| {
                let (text, whole_word) = match typed.strip_suffix('*') {
                    Some(text) => (text.trim_end().to_owned(), false),
                    None => (typed.to_owned(), true),
                };
                // A keyword kept keeps its id: the server changes it rather than making another.
                let id = earlier
                    .iter()
                    .find(|k| k.text.eq_ignore_ascii_case(&text))
                    .and_then(|k| k.id.clone());
                Keyword {
                    id,
                    text,
                    whole_word,
                }
            })
            .collect();
        let post_ids = original.map(|f| f.post_ids.clone()).unwrap_or_default();
        if keywords.is_empty() && post_ids.is_empty() {
            return Err("write at least one keyword (commas between)".into());
        }
        if self.contexts.is_empty() {
            return Err("choose at least one place where it applies (Space)".into());
        }
        let title = match title.is_empty() {
            true => keywords.first().map(|k| k.text.clone()).unwrap_or_default(),
            false => title,
        };
        let expires = self.expires.text();
        let expires_at = match expires.trim() {
            "" | "never" => None,
            typed => Some(crate::when::ahead(typed, now, jiff::SignedDuration::ZERO)?),
        };
        let contexts = FilterContext::ALL
            .into_iter()
            .filter(|c| self.contexts.contains(c))
            .collect();
        Ok(Filter {
            id,
            title,
            rule: Rule::AnyKeyword(keywords),
            contexts,
            action: self.action,
            expires_at,
            post_ids,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> jiff::Zoned {
        "2026-12-03T10:15:00+00:00[UTC]".parse().unwrap()
    }

    #[test]
    fn keywords_are_typed_with_commas_and_a_star_matches_inside_words() {
        let mut form = FilterForm::new(false, "spoiler, leak*");
        form.expires.set_text("+1d");
        let filter = form.filter(&now()).unwrap();
        assert_eq!(filter.title, "spoiler");
        let Rule::AnyKeyword(keywords) = &filter.rule else {
            panic!("{filter:?}")
        };
        let typed: Vec<_> = keywords
            .iter()
            .map(|k| (k.text.as_str(), k.whole_word))
            .collect();
        assert_eq!(typed, [("spoiler", true), ("leak", false)]);
        assert_eq!(
            filter.expires_at,
            Some("2026-12-04T10:15:00Z".parse().unwrap())
        );
        // Shown again as typed.
        assert_eq!(
            FilterForm::editing(&filter, false).keywords.text(),
            "spoiler, leak*"
        );
    }

    #[test]
    fn what_cannot_be_saved_says_why() {
        let form = FilterForm::new(false, "");
        assert!(form.filter(&now()).unwrap_err().contains("keyword"));
        let mut form = FilterForm::new(false, "x");
        form.expires.set_text("someday");
        assert!(form.filter(&now()).unwrap_err().contains("tomorrow 9:00"));
        let mut form = FilterForm::new(true, "/unclosed(/");
        form.field = FormField::Title;
        assert!(
            form.filter(&now())
                .unwrap_err()
                .contains("regular expression")
        );
    }
}
