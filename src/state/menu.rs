//! The menu of more actions (`,`), as helix's space menu shows what may follow a prefix key:
//! the actions the focused view offers that have no key of their own, each given a letter of
//! its name. The keymap fills up; these stay a key and a letter away, and shown.

use crate::action::Action;
use crate::config::Keymap;

#[derive(Debug, Clone)]
pub struct Menu {
    /// Each action offered with the letter that runs it: the view's own first, then those
    /// that work everywhere, in the order help lists them.
    pub entries: Vec<(char, Action)>,
}

impl Menu {
    /// The menu of `offered` (the actions to list here, in help's order) that `keymap` gives
    /// no key.
    pub fn new(offered: &[Action], keymap: &Keymap) -> Menu {
        let mut entries: Vec<(char, Action)> = Vec::new();
        for &action in offered {
            if !keymap.keys_for(action).is_empty() || matches!(action, Action::Tab(_)) {
                continue;
            }
            let taken: Vec<char> = entries.iter().map(|(letter, _)| *letter).collect();
            if let Some(letter) = letter_for(action.name(), &taken) {
                entries.push((letter, action));
            }
        }
        Menu { entries }
    }

    /// The action `letter` runs here.
    pub fn action_for(&self, letter: char) -> Option<Action> {
        self.entries
            .iter()
            .find(|(l, _)| *l == letter)
            .map(|(_, action)| *action)
    }
}

/// A letter for an action named `name` not yet `taken`: the first of its name's letters that
/// is free (so mostly its initial), else any free letter, lower case before upper.
fn letter_for(name: &str, taken: &[char]) -> Option<char> {
    let free = |c: &char| !taken.contains(c);
    name.chars()
        .filter(char::is_ascii_lowercase)
        .find(free)
        .or_else(|| ('a'..='z').chain('A'..='Z').find(free))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::ViewKind;
    use crate::state::available::actions_where;

    fn timeline_menu(keymap: &Keymap) -> Menu {
        Menu::new(&actions_where(ViewKind::Timeline, |_| true), keymap)
    }

    fn names(menu: &Menu) -> Vec<(char, &'static str)> {
        menu.entries
            .iter()
            .map(|(letter, action)| (*letter, action.name()))
            .collect()
    }

    #[test]
    fn actions_without_a_key_get_a_letter_of_their_name_and_bound_ones_stay_out() {
        let defaults = crate::config::Config::defaults().keymap;
        let menu = timeline_menu(&defaults);
        let offered = names(&menu);
        assert!(offered.contains(&('t', "translate")), "{offered:?}");
        assert!(offered.iter().any(|(_, n)| *n == "filters"), "{offered:?}");
        assert!(
            !offered.iter().any(|(_, n)| *n == "favourite"),
            "{offered:?}"
        );
        // Every letter runs one action only, and every one is found by its letter.
        for (letter, action) in &menu.entries {
            assert_eq!(menu.action_for(*letter), Some(*action));
        }
        let mut letters: Vec<char> = menu.entries.iter().map(|(l, _)| *l).collect();
        letters.sort();
        letters.dedup();
        assert_eq!(letters.len(), menu.entries.len());
        // Given a key of its own, an action leaves the menu.
        let config = "[keys]\ntranslate = [\"J\"]\n";
        let bound = crate::config::Config::parse(config, std::path::Path::new("test"))
            .unwrap()
            .keymap;
        let offered = names(&timeline_menu(&bound));
        assert!(
            !offered.iter().any(|(_, n)| *n == "translate"),
            "{offered:?}"
        );
    }

    #[test]
    fn a_taken_initial_gives_way_to_the_next_free_letter_of_the_name() {
        assert_eq!(letter_for("translate", &[]), Some('t'));
        assert_eq!(letter_for("toggle_previews", &['t']), Some('o'));
        assert_eq!(letter_for("ab", &['a', 'b']), Some('c'));
        let all: Vec<char> = ('a'..='z').chain('A'..='Z').collect();
        assert_eq!(letter_for("ab", &all), None);
    }
}
