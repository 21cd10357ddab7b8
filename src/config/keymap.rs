//! Keys → actions. Built from the `[keys]` table (defaults from the embedded example config,
//! overridden per action by the user's file).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;

/// A key with its modifiers, normalized so that `G` and `shift-g` are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    /// A plain character: where text is being written, it is typed rather than acted on.
    pub fn is_typed(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
    }

    pub fn from_event(event: &KeyEvent) -> Key {
        let code = match event.code {
            // Terminals report Shift-Tab as BackTab, sometimes with SHIFT set too.
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            code => code,
        };
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parses `j`, `G`, `?`, `ctrl-c`, `alt-x`, `enter`, `shift-tab`, `pagedown`, `f5`, `space`...
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-") {
                ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-") {
                alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("shift-") {
                shift = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if shift { c.to_ascii_uppercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" if shift => KeyCode::BackTab,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "space" => KeyCode::Char(' '),
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" => KeyCode::PageUp,
                "pagedown" => KeyCode::PageDown,
                f if f.starts_with('f')
                    && f[1..].parse::<u8>().is_ok_and(|n| (1..=24).contains(&n)) =>
                {
                    KeyCode::F(f[1..].parse().unwrap_or(1))
                }
                _ => return Err(format!("`{text}` is not a key skua knows")),
            },
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    bindings: HashMap<Key, Action>,
    /// Each action's keys in the order the config lists them, for help and hints.
    keys: BTreeMap<Action, Vec<Key>>,
}

impl Keymap {
    /// Builds the keymap: `defaults` first, then `overrides` replace the keys of the actions
    /// they name. Errors name the action (the config key) at fault.
    pub fn build(
        defaults: &BTreeMap<String, Vec<String>>,
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> Result<Keymap, Vec<(String, String)>> {
        let mut mistakes = Vec::new();
        let mut by_action: BTreeMap<Action, Vec<Key>> = BTreeMap::new();
        let mut overridden_keys: Vec<(Key, Action)> = Vec::new();
        for (layer, is_override) in [(defaults, false), (overrides, true)] {
            for (name, keys) in layer {
                let Some(action) = Action::from_name(name) else {
                    mistakes.push((
                        name.clone(),
                        format!("`{name}` is not an action skua knows"),
                    ));
                    continue;
                };
                let keys: Vec<Key> = match keys.iter().map(|k| Key::parse(k)).collect() {
                    Ok(keys) => keys,
                    Err(e) => {
                        mistakes.push((name.clone(), e));
                        continue;
                    }
                };
                if is_override {
                    overridden_keys.extend(keys.iter().map(|k| (*k, action)));
                }
                by_action.insert(action, keys);
            }
        }
        let mut bindings = HashMap::new();
        // The user's own bindings win over defaults that used the same key; two of the
        // user's own on one key would leave one action unreachable.
        for (key, action) in &overridden_keys {
            match bindings.insert(*key, *action) {
                Some(other) if other != *action => mistakes.push((
                    action.name().to_owned(),
                    format!(
                        "key `{key}` is bound to both `{}` and `{}`; each key does one thing",
                        other.name(),
                        action.name()
                    ),
                )),
                _ => {}
            }
        }
        for (action, keys) in &by_action {
            for key in keys {
                match bindings.get(key) {
                    Some(bound)
                        if bound != action && !overridden_keys.iter().any(|(k, _)| k == key) =>
                    {
                        mistakes.push((
                            action.name().to_owned(),
                            format!(
                                "key `{key}` is bound to both `{}` and `{}`",
                                bound.name(),
                                action.name()
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        bindings.insert(*key, *action);
                    }
                }
            }
        }
        let mut keys: BTreeMap<Action, Vec<Key>> = BTreeMap::new();
        for (action, action_keys) in &by_action {
            let bound = action_keys
                .iter()
                .filter(|k| bindings.get(*k) == Some(action));
            keys.insert(*action, bound.copied().collect());
        }
        if keys.get(&Action::Quit).is_none_or(Vec::is_empty) {
            mistakes.push((
                Action::Quit.name().to_owned(),
                "no key is left to quit skua; bind `quit` to one".to_owned(),
            ));
        }
        if mistakes.is_empty() {
            Ok(Keymap { bindings, keys })
        } else {
            Err(mistakes)
        }
    }

    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        self.bindings.get(&Key::from_event(event)).copied()
    }

    /// The keys bound to an action, in a stable order.
    pub fn keys_for(&self, action: Action) -> &[Key] {
        self.keys.get(&action).map_or(&[], Vec::as_slice)
    }

    /// A short label for the first key of an action, e.g. `?` or `Ctrl-c`.
    pub fn label(&self, action: Action) -> String {
        self.keys_for(action)
            .first()
            .map_or_else(|| format!("<{}>", action.name()), Key::to_string)
    }

    /// The first key for `action` that is not a plain character: where typing filters a
    /// list, a letter would be typed rather than act.
    pub fn label_unless_typed(&self, action: Action) -> String {
        self.keys_for(action)
            .iter()
            .find(|key| !key.is_typed())
            .map_or_else(|| format!("<{}>", action.name()), Key::to_string)
    }

    /// Help rows for `actions` with only their keys that are not typed as text: what works
    /// while writing.
    pub fn help_rows_unless_typed(
        &self,
        actions: &[Action],
        describe: impl Fn(Action) -> &'static str,
    ) -> Vec<(String, &'static str)> {
        let untyped: Vec<Action> = actions
            .iter()
            .copied()
            .filter(|action| self.keys_for(*action).iter().any(|key| !key.is_typed()))
            .collect();
        self.help_rows_where(&untyped, describe, |key| !key.is_typed())
    }

    /// Help rows for `actions` (keys, what they do), in the order given: an action with no key
    /// shows how to run it by name (`:translate`); the tab number keys share one row, so help
    /// fits a small terminal.
    pub fn help_rows(&self, actions: &[Action]) -> Vec<(String, &'static str)> {
        self.help_rows_saying(actions, Action::description)
    }

    /// Help rows whose descriptions come from `describe` (a view where keys mean something
    /// of their own).
    pub fn help_rows_saying(
        &self,
        actions: &[Action],
        describe: impl Fn(Action) -> &'static str,
    ) -> Vec<(String, &'static str)> {
        self.help_rows_where(actions, describe, |_| true)
    }

    /// Help rows naming only the keys `shown` keeps.
    fn help_rows_where(
        &self,
        actions: &[Action],
        describe: impl Fn(Action) -> &'static str,
        shown: impl Fn(&Key) -> bool,
    ) -> Vec<(String, &'static str)> {
        let mut rows: Vec<(String, &'static str)> = Vec::new();
        // What has no key comes after what has one: the keys to press first, then the
        // commands reached by name.
        let mut named: Vec<(String, &'static str)> = Vec::new();
        let mut tab_row: Option<usize> = None;
        let wanted = actions.iter().flat_map(|action| match action {
            Action::Tab(_) => (1..=9).map(Action::Tab).collect(),
            other => vec![*other],
        });
        for action in wanted {
            let description = describe(action);
            let action = &action;
            let keys: Vec<&Key> = self.keys_for(*action).iter().filter(|k| shown(k)).collect();
            let keys = match keys.is_empty() {
                // Reached by name on the command line.
                true if !matches!(action, Action::Tab(_)) => {
                    named.push((format!(":{}", action.name()), description));
                    continue;
                }
                true => continue,
                false => keys
                    .iter()
                    .map(|key| key.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            match (action, tab_row) {
                (Action::Tab(_), Some(row)) => {
                    rows[row].0.push(' ');
                    rows[row].0.push_str(&keys);
                }
                (Action::Tab(_), None) => {
                    tab_row = Some(rows.len());
                    rows.push((keys, "go to a tab by its number"));
                }
                _ => rows.push((keys, description)),
            }
        }
        rows.extend(named);
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(entries: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        entries
            .iter()
            .map(|(a, keys)| (a.to_string(), keys.iter().map(|k| k.to_string()).collect()))
            .collect()
    }

    #[test]
    fn parses_keys() {
        assert_eq!(Key::parse("G").unwrap().code, KeyCode::Char('G'));
        assert_eq!(Key::parse("shift-g").unwrap().code, KeyCode::Char('G'));
        assert!(Key::parse("ctrl-c").unwrap().ctrl);
        assert_eq!(Key::parse("shift-tab").unwrap().code, KeyCode::BackTab);
        assert_eq!(Key::parse("pagedown").unwrap().code, KeyCode::PageDown);
        assert!(Key::parse("hyper-q").is_err());
    }

    #[test]
    fn overrides_replace_and_win() {
        let defaults = table(&[
            ("down", &["j", "down"]),
            ("refresh", &["r"]),
            ("quit", &["q"]),
        ]);
        let map = Keymap::build(&defaults, &table(&[("down", &["r"])])).unwrap();
        let r = KeyEvent::from(KeyCode::Char('r'));
        assert_eq!(map.action(&r), Some(Action::Down));
        assert_eq!(map.action(&KeyEvent::from(KeyCode::Char('j'))), None);
    }

    #[test]
    fn conflicting_defaults_and_unknown_actions_are_errors() {
        let clash = table(&[("down", &["j"]), ("up", &["j"])]);
        assert!(Keymap::build(&clash, &BTreeMap::new()).is_err());
        let unknown = table(&[("fly", &["f"]), ("quit", &["q"])]);
        assert_eq!(
            Keymap::build(&unknown, &BTreeMap::new()).unwrap_err()[0].0,
            "fly"
        );
    }

    #[test]
    fn one_key_for_two_of_the_users_actions_or_no_quit_key_are_errors() {
        let defaults = table(&[("down", &["j"]), ("up", &["k"]), ("quit", &["q"])]);
        let both = table(&[("down", &["x"]), ("up", &["x"])]);
        let mistakes = Keymap::build(&defaults, &both).unwrap_err();
        assert!(
            mistakes[0].1.contains("key `x` is bound to both"),
            "{mistakes:?}"
        );
        let no_quit = table(&[("quit", &[])]);
        let mistakes = Keymap::build(&defaults, &no_quit).unwrap_err();
        assert!(
            mistakes[0].1.contains("no key is left to quit"),
            "{mistakes:?}"
        );
    }

    #[test]
    fn help_has_one_row_for_the_numbered_tabs() {
        let defaults = table(&[("tab_1", &["1"]), ("tab_2", &["2"]), ("quit", &["q"])]);
        let map = Keymap::build(&defaults, &BTreeMap::new()).unwrap();
        let rows = map.help_rows(crate::action::EVERYWHERE);
        let numbered: Vec<_> = rows
            .iter()
            .filter(|(keys, _)| keys.starts_with('1'))
            .collect();
        assert_eq!(numbered.len(), 1, "{rows:?}");
        assert_eq!(numbered[0].0, "1 2");
        // An action with no key is shown with its name, to run on the command line.
        assert!(rows.iter().any(|(keys, _)| keys == ":help"), "{rows:?}");
    }
}
