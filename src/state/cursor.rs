//! The one cursor of every list that is not a list of posts (lists, members, accounts, the
//! lists of an account, pickers, a poll's options, the command line's matches): how a key
//! moves it and which rows show it. Lists of posts scroll by rows with [`super::scroll`].

use crate::action::Action;

/// Rows a page key moves where the list does not know its height.
pub const PAGE: usize = 10;

/// Whether `action` moves a cursor (see [`moved`]).
pub fn is_move(action: Action) -> bool {
    matches!(
        action,
        Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
    )
}

/// Where `action` takes a cursor at `selected` in a list of `len` rows, `page` rows at a time
/// for the page keys; it stays within the list, and where it is for a key that does not move.
pub fn moved(selected: usize, action: Action, len: usize, page: usize) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::Down => (selected + 1).min(last),
        Action::Up => selected.min(last).saturating_sub(1),
        Action::PageDown => (selected + page).min(last),
        Action::PageUp => selected.min(last).saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        _ => selected,
    }
}

/// A key on a popup listing `items` (filters, antennas, clips, scheduled posts): a move key
/// moves `selected` within them; answers the item selected after it (none while they load).
pub fn choose<T: Clone>(items: Option<&[T]>, selected: &mut usize, action: Action) -> Option<T> {
    let items = items.unwrap_or_default();
    if is_move(action) {
        *selected = moved(*selected, action, items.len(), PAGE);
    }
    items.get(*selected).cloned()
}

/// The first row to draw so that the row at `selected` shows within `rows` rows.
pub fn first_shown(selected: usize, rows: usize) -> usize {
    selected.saturating_sub(rows.saturating_sub(1))
}

/// The item after `current` in `items` (`forward`) or the one before, round: how Tab and
/// Shift-Tab move through a form's fields.
pub fn round<T: PartialEq + Copy>(items: &[T], current: T, forward: bool) -> T {
    let at = items.iter().position(|f| *f == current).unwrap_or(0);
    let len = items.len().max(1);
    let next = match forward {
        true => (at + 1) % len,
        false => (at + len - 1) % len,
    };
    items.get(next).copied().unwrap_or(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_stays_within_the_list() {
        assert_eq!(moved(0, Action::Up, 3, PAGE), 0);
        assert_eq!(moved(2, Action::Down, 3, PAGE), 2);
        assert_eq!(moved(1, Action::PageDown, 30, PAGE), 11);
        assert_eq!(moved(5, Action::PageDown, 8, PAGE), 7);
        assert_eq!(moved(5, Action::PageUp, 8, PAGE), 0);
        assert_eq!(moved(5, Action::Bottom, 8, PAGE), 7);
        assert_eq!(moved(5, Action::Top, 8, PAGE), 0);
        assert_eq!(moved(0, Action::Down, 0, PAGE), 0);
        // A list that shrank under the cursor: up goes to the row above its last.
        assert_eq!(moved(9, Action::Up, 3, PAGE), 1);
        assert_eq!(moved(4, Action::Confirm, 8, PAGE), 4);
        assert!(!is_move(Action::Confirm));
    }

    #[test]
    fn a_list_popup_moves_then_answers_the_item_selected() {
        let mut selected = 0;
        let items = ["a", "b", "c"];
        assert_eq!(
            choose(Some(&items[..]), &mut selected, Action::Down),
            Some("b")
        );
        assert_eq!(
            choose(Some(&items[..]), &mut selected, Action::Confirm),
            Some("b")
        );
        assert_eq!(
            choose(Some(&items[..]), &mut selected, Action::Bottom),
            Some("c")
        );
        assert_eq!(choose::<&str>(None, &mut selected, Action::Confirm), None);
    }

    #[test]
    fn the_selected_row_is_always_drawn() {
        assert_eq!(first_shown(0, 5), 0);
        assert_eq!(first_shown(4, 5), 0);
        assert_eq!(first_shown(7, 5), 3);
        assert_eq!(first_shown(7, 0), 7);
    }

    #[test]
    fn tab_goes_round_the_fields() {
        let fields = [1, 2, 3];
        assert_eq!(round(&fields, 3, true), 1);
        assert_eq!(round(&fields, 1, false), 3);
        assert_eq!(round(&fields, 2, true), 3);
        assert_eq!(round(&[] as &[u8], 7, true), 7);
    }
}
