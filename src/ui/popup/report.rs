//! A report being written: who and which posts, why, the rules broken, a comment, forwarding,
//! and what else to do about the account.

use ratatui::Frame;

use crate::action::PopupKind;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::api::ReportCategory;
use crate::state::AppState;
use crate::state::report::{AfterReport, ReportField, ReportForm};
use crate::ui::frame::{centered, frame_box};
use crate::ui::text::{truncate, wrap_plain};
use crate::ui::theme;
use crate::ui::words::Words;

/// The most rows of the comment shown (those around the cursor).
const COMMENT_ROWS: usize = 4;

fn reason(category: ReportCategory) -> &'static str {
    match category {
        ReportCategory::Spam => "spam: ads, scams, the same again and again",
        ReportCategory::Legal => "illegal: against the law where you or the server are",
        ReportCategory::Violation => "breaks the server's rules (mark which below)",
        ReportCategory::Other => "something else (say what in the comment)",
    }
}

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, form: &ReportForm) {
    let footer = super::form_footer(
        state,
        PopupKind::Report,
        ["change", "send", "cancel"],
        form.field == ReportField::Comment,
    );
    let width = usize::from(area.width.min(76).saturating_sub(2)).max(1);
    let chosen = |field: ReportField| match form.field == field && !form.sending {
        true => theme::HIGHLIGHT,
        false => Style::new(),
    };
    let mut lines = Vec::new();
    let words = Words::of(state);
    let what = match form.posts.len() {
        0 => format!("@{}", form.account.acct),
        1 => format!("@{} and the selected {}", form.account.acct, words.post()),
        n => format!("@{} and {n} {}", form.account.acct, words.posts()),
    };
    lines.push(Line::from(truncate(
        vec![
            super::form_label("Report", false),
            Span::styled(what, theme::NAME),
        ],
        width,
    )));
    let why = match form.misskey {
        // Misskey has no categories: the reason goes into the comment.
        true => format!("{} (in the comment)", reason(form.category)),
        false => reason(form.category).to_owned(),
    };
    lines.push(Line::from(truncate(
        vec![
            super::form_label("Why", form.field == ReportField::Category),
            Span::styled(why, chosen(ReportField::Category)),
        ],
        width,
    )));
    if form.chooses_rules() {
        match &form.rules {
            None => lines.push(Line::styled(
                "          Asking the server for its rules…",
                theme::DIM,
            )),
            Some(rules) if rules.is_empty() => {
                lines.push(super::form_hint("This server lists no rules.", width))
            }
            Some(rules) => {
                for (index, rule) in rules.iter().enumerate() {
                    let mark = if form.broken.contains(&index) {
                        "[x]"
                    } else {
                        "[ ]"
                    };
                    lines.push(Line::from(truncate(
                        vec![
                            Span::raw(" ".repeat(super::FORM_LABEL)),
                            Span::styled(
                                format!("{mark} {}", rule.text),
                                chosen(ReportField::Rule(index)),
                            ),
                        ],
                        width,
                    )));
                }
            }
        }
    }
    let focused = form.field == ReportField::Comment && !form.sending;
    lines.extend(super::form_text_lines(
        "Comment",
        &form.comment,
        focused,
        width,
        COMMENT_ROWS,
    ));
    if form.can_forward() {
        let host = form.account.acct.split('@').nth(1).unwrap_or_default();
        let mark = if form.forward { "[x]" } else { "[ ]" };
        lines.push(Line::from(truncate(
            vec![
                super::form_label("Forward", form.field == ReportField::Forward),
                Span::styled(
                    format!("{mark} also to the moderators of {host}"),
                    chosen(ReportField::Forward),
                ),
            ],
            width,
        )));
    }
    let then = match form.then {
        AfterReport::Nothing => "nothing more",
        AfterReport::Mute => "mute them too",
        AfterReport::Block => "block them too",
    };
    lines.push(Line::from(truncate(
        vec![
            super::form_label("Then", form.field == ReportField::Then),
            Span::styled(then, chosen(ReportField::Then)),
        ],
        width,
    )));
    match (&form.error, form.sending) {
        (_, true) => lines.push(Line::styled("Sending…", theme::DIM)),
        (Some(error), false) => lines.extend(wrap_plain(error, theme::ERROR, width)),
        (None, false) => lines.push(Line::default()),
    }
    let box_area = centered(area, lines.len() as u16 + 2);
    let inner = frame_box(frame, box_area, "Report to the moderators", footer);
    // A long list of rules keeps the focused one in view.
    let focus_row = lines.len().saturating_sub(usize::from(inner.height));
    let skip = match form.field {
        ReportField::Rule(index) => (index + 3)
            .saturating_sub(usize::from(inner.height))
            .min(focus_row),
        _ => 0,
    };
    let shown: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
