//! `[theme]`: colours by role.

use std::collections::BTreeMap;

use ratatui::style::Color;

use super::Problems;

/// The colour roles a `[theme]` can change, with the colour each stands for by default: every
/// style of `ui::theme` is made of these (and white and black, which a theme leaves alone).
pub const THEME_ROLES: &[(&str, ratatui::style::Color)] = {
    use ratatui::style::Color;
    &[
        ("accent", Color::Cyan),
        ("attention", Color::Yellow),
        ("positive", Color::Green),
        ("tag", Color::Magenta),
        ("error", Color::Red),
        ("dim", Color::DarkGray),
        ("status", Color::Gray),
    ]
};

/// Each role the user recoloured: its default colour and the chosen one.
pub(super) fn read(
    user: &BTreeMap<String, String>,
    problems: &mut Problems,
) -> Vec<(Color, Color)> {
    let mut palette = Vec::new();
    for (role, chosen) in user {
        let default = THEME_ROLES.iter().find(|(name, _)| name == role);
        match (default, chosen.trim().parse::<Color>()) {
            (None, _) => {
                let roles: Vec<&str> = THEME_ROLES.iter().map(|(n, _)| *n).collect();
                problems.at(
                    "theme",
                    role,
                    format!("not a colour role; the roles are {}", roles.join(", ")),
                )
            }
            (Some(_), Err(_)) => problems.at(
                "theme",
                role,
                format!(
                    "`{chosen}` is not a colour: use a name (\"blue\", \"light-red\", \"default\"…), an index (\"208\") or \"#rrggbb\""
                ),
            ),
            (Some((_, from)), Ok(to)) => palette.push((*from, to)),
        }
    }
    palette
}
