//! Translating a post into the reader's language with the server's translator (Mastodon 4.0+
//! where the admin set one up, Misskey with a translator), shown under the original until the
//! reader asks for the original alone again.

use async_trait::async_trait;

use super::land;
use crate::api::{ApiError, Post, Translation};
use crate::app::App;
use crate::fetcher::{Call, Landed, Net};

#[derive(Debug)]
pub struct Translate {
    post: Post,
    language: String,
}

#[async_trait]
impl Call for Translate {
    type Output = Translation;
    const RETRIED: bool = true;

    async fn fetch(&self, net: &Net<'_>) -> Result<Translation, ApiError> {
        net.backend.translate(&self.post, &self.language).await
    }

    fn arrived(self: Box<Self>, result: Result<Translation, ApiError>) -> Landed {
        let id = self.post.id;
        let written = self.post.content.to_plain();
        land(move |app| match result {
            // A translator handed a text already in the reader's language gives it back.
            Ok(translation) if translation.content.to_plain().trim() == written.trim() => {
                let language = translation.from.unwrap_or_else(|| "your language".into());
                app.say(
                    format!("nothing to translate: the translator reads it as {language}"),
                    false,
                );
            }
            Ok(translation) => {
                app.say(
                    match &translation.from {
                        Some(from) => format!("translated from {from}"),
                        None => "translated".to_owned(),
                    },
                    false,
                );
                app.state.posts.set_translation(&id, Some(translation));
            }
            Err(error) => app.say(format!("could not translate: {error}"), true),
        })
    }
}

impl App {
    /// Translates the selected post, or shows it as written again.
    pub(in crate::app) fn translate(&mut self) {
        let Some(post) = self.selected_post().cloned() else {
            return self.say_in_words("select a post to translate", false);
        };
        if post.translation.is_some() {
            self.state.posts.set_translation(&post.id, None);
            return self.say("shown as written", false);
        }
        // Misskey answers an empty 204 for a note without text, as it does without a translator.
        if post.content.to_plain().trim().is_empty() {
            return self.say_in_words("this post has no text to translate", false);
        }
        let language = self.translate_into.clone().unwrap_or_else(reader_language);
        if let Some(written) = post
            .language
            .as_deref()
            .filter(|l| same_language(l, &language))
        {
            // Mastodon refuses to translate into the language a post is in.
            let from = match self.translate_into {
                Some(_) => "[general] translate_into",
                None => "the locale",
            };
            return self.say(
                format!(
                    "this {} is in {written}, your language already (from {from})",
                    self.words().post()
                ),
                false,
            );
        }
        let Some(rules) = self.rules_or_ask(crate::action::Action::Translate, "it translates")
        else {
            return;
        };
        if !rules.can_translate {
            return self.say("this server has no translator set up", false);
        }
        self.say("translating…", false);
        self.call(Translate { post, language });
    }
}

/// Whether two language tags name one language: `en` and `en-GB`, `pt_BR` and `PT`.
fn same_language(tag: &str, other: &str) -> bool {
    language_of(tag).is_some_and(|primary| Some(primary) == language_of(other))
}

/// The reader's language where the config names none, from the locale (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`): `de` of `de_AT.UTF-8`; English where the locale names none.
fn reader_language() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .and_then(|locale| language_of(&locale))
        .unwrap_or_else(|| "en".to_owned())
}

fn language_of(locale: &str) -> Option<String> {
    let language = locale
        .split(['_', '-', '.', '@'])
        .next()?
        .to_ascii_lowercase();
    let is_code =
        (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_lowercase());
    is_code.then_some(language)
}

#[cfg(test)]
mod tests {
    use super::{language_of, same_language};

    #[test]
    fn the_language_is_read_from_the_locale() {
        assert_eq!(language_of("de_AT.UTF-8").as_deref(), Some("de"));
        assert_eq!(language_of("ja_JP").as_deref(), Some("ja"));
        assert_eq!(language_of("fr").as_deref(), Some("fr"));
        assert_eq!(language_of("C.UTF-8"), None);
        assert_eq!(language_of("POSIX"), None);
    }

    #[test]
    fn a_tag_names_the_same_language_whatever_its_region() {
        assert!(same_language("en", "en"));
        assert!(same_language("en-GB", "en"));
        assert!(same_language("PT_br", "pt"));
        assert!(same_language("pt", "pt-BR"));
        assert!(!same_language("ja", "en"));
        assert!(!same_language("", "en"));
    }
}
