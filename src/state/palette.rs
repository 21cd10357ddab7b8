//! The command line (`:`): every action the focused view offers, found by typing part of its
//! name or of what it does, run with Enter. Actions with no key of their own are reached here.

use super::Editor;
use super::cursor;
use crate::action::{Action, ViewKind};

#[derive(Debug, Clone)]
pub struct Palette {
    pub input: Editor,
    /// The view it was opened over, which says what each action does there.
    pub context: ViewKind,
    /// What it offers: the focused view's actions, then those that work everywhere.
    offered: Vec<Action>,
    /// The row under the cursor among [`Palette::matches`].
    pub selected: usize,
}

impl Palette {
    /// The command line over `context`, offering `actions` (those to list there).
    pub fn new(context: ViewKind, actions: &[Action]) -> Palette {
        // The tab numbers are keys, not names worth typing; the palette is open already.
        let offered = actions
            .iter()
            .copied()
            .filter(|action| !matches!(action, Action::Tab(_) | Action::Palette))
            .collect();
        Palette {
            input: Editor::one_line(""),
            context,
            offered,
            selected: 0,
        }
    }

    /// The offered actions that match what is typed, best first: the name it is, names that
    /// start with it, names that hold it, names that hold its letters in order, then
    /// descriptions that hold it (as typed, without regard to case; `_` and spaces count as
    /// nothing).
    pub fn matches(&self) -> Vec<Action> {
        let typed: String = self
            .input
            .text()
            .to_lowercase()
            .chars()
            .filter(|c| !matches!(c, '_' | ' '))
            .collect();
        let mut ranked: Vec<(u8, Action)> = self
            .offered
            .iter()
            .filter_map(|&action| Some((rank(self.context, action, &typed)?, action)))
            .collect();
        ranked.sort_by_key(|(rank, _)| *rank);
        ranked.into_iter().map(|(_, action)| action).collect()
    }

    /// Whether `action` is among those offered here.
    pub fn offers(&self, action: Action) -> bool {
        self.offered.contains(&action)
    }

    /// The action under the cursor, if anything matches.
    pub fn chosen(&self) -> Option<Action> {
        let matches = self.matches();
        matches
            .get(self.selected.min(matches.len().saturating_sub(1)))
            .copied()
    }

    /// Moves the cursor `by` rows, within the matches.
    pub fn step(&mut self, action: Action) {
        let count = self.matches().len();
        self.selected = cursor::moved(self.selected, action, count, cursor::PAGE);
    }

    /// Puts the chosen action's name in the field (Tab, as in a shell).
    pub fn complete(&mut self) {
        if let Some(action) = self.chosen() {
            self.input.set_text(action.name());
            self.selected = 0;
        }
    }
}

/// How well `typed` (lower case, without `_`) matches `action`, described as it works in
/// `context`; `None` when it does not.
fn rank(context: ViewKind, action: Action, typed: &str) -> Option<u8> {
    if typed.is_empty() {
        return Some(0);
    }
    let name: String = action.name().chars().filter(|c| *c != '_').collect();
    if name == typed {
        return Some(0);
    }
    if name.starts_with(typed) {
        return Some(1);
    }
    if name.contains(typed) {
        return Some(2);
    }
    let mut letters = name.chars();
    if typed.chars().all(|c| letters.any(|n| n == c)) {
        return Some(3);
    }
    // Both families' words match (`renote` finds boost on Mastodon too).
    let description: String = context
        .describe(action)
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, ' ' | '{' | '|' | '}'))
        .collect();
    description.contains(typed).then_some(4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::available::actions_where;

    fn palette_over(context: ViewKind) -> Palette {
        Palette::new(context, &actions_where(context, |_| true))
    }

    fn typed(text: &str) -> Vec<&'static str> {
        let mut palette = palette_over(ViewKind::Timeline);
        palette.input.set_text(text);
        palette.matches().into_iter().map(Action::name).collect()
    }

    #[test]
    fn names_that_start_with_what_is_typed_come_first_then_those_that_hold_it() {
        let found = typed("tra");
        assert_eq!(found.first(), Some(&"translate"), "{found:?}");
        let found = typed("fav");
        assert_eq!(
            &found[..3],
            ["favourite", "favourited_by", "favourites"],
            "{found:?}"
        );
        // Letters in order: "mt" finds mute_thread.
        assert!(typed("mthr").contains(&"mute_thread"));
        // A word of what it does.
        assert!(typed("language").contains(&"translate"));
        // What it does in this view: Space (toggle) pages down in a timeline.
        assert!(typed("screendown").contains(&"toggle"));
        assert!(typed("zzzz").is_empty());
    }

    #[test]
    fn a_name_typed_in_full_comes_first_even_where_longer_names_start_with_it() {
        // Offered longer name first, as a view's table may list them.
        let mut palette = Palette::new(ViewKind::Timeline, &[Action::Clips, Action::Clip]);
        palette.input.set_text("clip");
        assert_eq!(palette.matches(), [Action::Clip, Action::Clips]);
    }

    #[test]
    fn it_offers_the_views_own_actions_and_those_everywhere_but_not_itself() {
        let all = typed("");
        assert!(all.contains(&"translate") && all.contains(&"quit"));
        assert!(!all.contains(&"command") && !all.iter().any(|n| n.starts_with("tab_")));
        let compose = palette_over(ViewKind::Compose);
        assert!(!compose.matches().contains(&Action::Translate));
    }
}
