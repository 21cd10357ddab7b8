//! `[layout]`: panes in columns, their sizes, and when they fold into tabs.

use serde::Deserialize;

use super::Problems;
use super::general::parse_tab;
use crate::api::TimelineKind;

/// Columns a pane needs at least before panes fold into tabs, unless the config says.
pub const FOLD_WIDTH: u16 = 60;

/// Rows a pane needs at least before panes fold into tabs, unless the config says.
pub const FOLD_HEIGHT: u16 = 16;

/// The widest a column, or tallest a pane in its column, grows relative to the others.
pub const MAX_WEIGHT: u16 = 9;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct LayoutSection {
    /// Each column: a list of tabs, or a list of panes stacked in it (lists of tabs).
    pub(super) columns: Option<Vec<toml::Value>>,
    pub(super) widths: Option<Vec<u16>>,
    pub(super) heights: Option<Vec<u16>>,
    pub(super) fold_width: Option<u16>,
    pub(super) fold_height: Option<u16>,
}

/// `[layout]`: panes in columns side by side, a column optionally stacking panes, each pane
/// with its tabs; the columns' relative widths and the panes' relative heights in their
/// columns, and the size per pane below which panes fold into tabs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Layout {
    /// The tabs of each pane, column by column, top to bottom. Empty: one pane with the
    /// `[general] tabs`.
    #[serde(alias = "columns")]
    pub panes: Vec<Vec<TimelineKind>>,
    /// How many panes each column stacks (layouts saved before rows were possible have none:
    /// one pane per column).
    #[serde(default)]
    pub rows: Vec<usize>,
    pub widths: Vec<u16>,
    /// Each pane's height relative to the others in its column, pane by pane (layouts saved
    /// before heights were possible have none: equal heights).
    #[serde(default)]
    pub heights: Vec<u16>,
    pub fold_width: u16,
    #[serde(default = "fold_height")]
    pub fold_height: u16,
    /// The tabs that leave boosts or replies out (`[general] hide_boosts`, `hide_replies`, or
    /// as the user set them since).
    #[serde(default)]
    pub quiet: Vec<(TimelineKind, crate::api::Quiet)>,
}

fn fold_height() -> u16 {
    FOLD_HEIGHT
}

impl Layout {
    /// Side by side, one pane per column, equally wide.
    pub fn columns(panes: Vec<Vec<TimelineKind>>, fold_width: u16, fold_height: u16) -> Layout {
        Layout {
            rows: vec![1; panes.len()],
            widths: vec![1; panes.len()],
            heights: vec![1; panes.len()],
            panes,
            fold_width,
            fold_height,
            quiet: Vec::new(),
        }
    }

    /// Panes per column, as long as they add up to the panes (else one per column); each
    /// column's width and each pane's height, 1 where none is known.
    pub fn shape(&self) -> (Vec<usize>, Vec<u16>, Vec<u16>) {
        let rows =
            match self.rows.iter().sum::<usize>() == self.panes.len() && !self.rows.contains(&0) {
                true => self.rows.clone(),
                false => vec![1; self.panes.len()],
            };
        let mut widths = self.widths.clone();
        widths.resize(rows.len(), 1);
        let mut heights = self.heights.clone();
        heights.resize(self.panes.len().max(1), 1);
        (rows, widths, heights)
    }
}

/// The panes of a `[layout] columns` entry: a list of tabs is one pane, a list of lists of
/// tabs stacks a pane for each.
fn column_panes(column: &toml::Value) -> Result<Vec<Vec<String>>, String> {
    let shape = "a column is a list of tabs, like [\"home\", \"#rust\"], or of panes stacked in it, \
                 like [[\"notifications\"], [\"#rust\"]]";
    let strings = |items: &[toml::Value]| -> Option<Vec<String>> {
        items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect()
    };
    let items = column.as_array().ok_or(shape)?;
    if let Some(tabs) = strings(items) {
        return Ok(vec![tabs]);
    }
    items
        .iter()
        .map(|pane| pane.as_array().and_then(|tabs| strings(tabs)))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| shape.to_owned())
}

/// The user's `[layout]` (the example sets none).
pub(super) fn read(user: &LayoutSection, problems: &mut Problems) -> Layout {
    let mut panes = Vec::new();
    let mut rows = Vec::new();
    for column in user.columns.iter().flatten() {
        let specs = match column_panes(column) {
            Ok(specs) => specs,
            Err(message) => {
                problems.at("layout", "columns", message);
                continue;
            }
        };
        let before = panes.len();
        for specs in specs {
            let mut pane = Vec::new();
            for spec in specs {
                match parse_tab(&spec) {
                    Ok(tab) => pane.push(tab),
                    Err(message) => problems.at("layout", "columns", message),
                }
            }
            match pane.is_empty() {
                true => problems.at("layout", "columns", "a pane needs at least one tab".into()),
                false => panes.push(pane),
            }
        }
        if panes.len() > before {
            rows.push(panes.len() - before);
        }
    }
    // Relative widths of the columns or heights of the panes: one each, or none (equal).
    let mut weights = |key: &str, given: &Option<Vec<u16>>, count: usize, of: &str| {
        let given = given.clone().unwrap_or_default();
        if !given.is_empty() && given.len() != count {
            problems.at(
                "layout",
                key,
                format!("{} {key} for {count} {of}", given.len()),
            );
        }
        let max = MAX_WEIGHT;
        if given.iter().any(|w| !(1..=max).contains(w)) {
            let one = key.trim_end_matches('s');
            problems.at("layout", key, format!("each {one} is 1 to {max}"));
        }
        match given.is_empty() {
            true => vec![1; count],
            false => given,
        }
    };
    let widths = weights("widths", &user.widths, rows.len(), "columns");
    let heights = weights("heights", &user.heights, panes.len(), "panes");
    let fold_width = user.fold_width.unwrap_or(FOLD_WIDTH);
    if fold_width < 20 {
        problems.at("layout", "fold_width", "must be at least 20".into());
    }
    let fold_height = user.fold_height.unwrap_or(fold_height());
    if fold_height < 6 {
        problems.at("layout", "fold_height", "must be at least 6".into());
    }
    Layout {
        widths,
        heights,
        panes,
        rows,
        fold_width,
        fold_height,
        quiet: Vec::new(),
    }
}
