//! The accounts screen and the login popup (address, QR code, progress).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{chunks, truncate, wrap_plain};
use super::theme;
use crate::action::{Action, PopupKind};
use crate::api::detect::Flavor;
use crate::qr;
use crate::state::{AccountsScreen, AppState, LoginFlow, LoginStage};

pub fn draw_accounts(frame: &mut Frame, area: Rect, state: &AppState, screen: &AccountsScreen) {
    let width = usize::from(area.width);
    let accounts = &state.saved_accounts;
    let mut lines = vec![Line::styled(
        format!("Accounts ({})", accounts.len()),
        theme::NAME,
    )];
    if state.current_account.is_none() {
        lines.push(Line::styled(
            format!("In use now: {} (not a saved account)", state.server_label),
            theme::DIM,
        ));
    }
    if let Some(error) = &state.accounts_error {
        for line in wrap_plain(error, theme::ERROR, width) {
            lines.push(line);
        }
    } else if accounts.is_empty() {
        lines.push(Line::styled(
            format!(
                "No saved accounts yet. Press {} to log in to one.",
                state.keymap.label(Action::New)
            ),
            theme::DIM,
        ));
    }
    for (index, account) in accounts.iter().enumerate() {
        let selected = index == screen.selected;
        let current = state.current_account.as_ref() == Some(&account.name);
        let flavor = match account.flavor {
            Flavor::Mastodon => "Mastodon",
            Flavor::Misskey => "Misskey",
        };
        let name = if account.saved {
            format!("@{}", account.name)
        } else {
            account.name.clone()
        };
        let mut spans = vec![
            Span::styled(if selected { "› " } else { "  " }, theme::SELECTED_BAR),
            Span::styled(if current { "● " } else { "  " }, theme::BOOST),
            Span::styled(name, theme::NAME),
            Span::styled(format!("  {flavor}  {}", account.server), theme::DIM),
        ];
        if !account.saved {
            spans.push(Span::styled("  (not saved)", theme::DIM));
        }
        let line = Line::from(truncate(spans, width));
        lines.push(if selected {
            line.style(theme::HIGHLIGHT)
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The login popup takes the whole terminal: at 80x24 the QR code of a login address fits
/// only beside the address, in sextants (about 21 rows).
pub fn draw_login(frame: &mut Frame, state: &AppState, flow: &LoginFlow) {
    let key = |action| super::frame::footer_key(state, PopupKind::Login, action);
    let area = frame.area();
    frame.render_widget(Clear, area);
    let footer = match &flow.stage {
        LoginStage::Server { .. } => format!(
            "{} connect · {} cancel",
            key(Action::Confirm),
            key(Action::Cancel)
        ),
        LoginStage::OAuthApprove { .. } => format!(
            "{} copy address · {} enter the code · {} cancel",
            key(Action::Copy),
            key(Action::Confirm),
            key(Action::Cancel)
        ),
        LoginStage::OAuthCode { .. } => format!(
            "{} log in · {} cancel",
            key(Action::Confirm),
            key(Action::Cancel)
        ),
        LoginStage::MiAuth { .. } => format!(
            "{} copy address · {} cancel",
            key(Action::Copy),
            key(Action::Cancel)
        ),
        LoginStage::Connecting { .. } | LoginStage::Finishing { .. } => {
            format!("{} cancel", key(Action::Cancel))
        }
    };
    let [title_area, inner, footer_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let title = match &flow.renews {
        Some(name) => format!(" Approve a permission for @{name} "),
        None => " Add an account ".to_owned(),
    };
    frame.render_widget(Line::styled(title, theme::ACTIVE_TAB), title_area);
    frame.render_widget(Line::styled(footer, theme::DIM), footer_area);

    let text = |width: usize| login_text(state, flow, width);
    let address = flow.stage.address().map(|url| url.as_str().to_owned());
    let room = (usize::from(inner.width), usize::from(inner.height));
    let placed = address
        .as_deref()
        .and_then(|address| qr::place(address, room, |width| text(width).len()));
    let text_area = match &placed {
        None => inner,
        Some((code, placement)) => {
            let size = (code[0].chars().count() as u16, code.len() as u16);
            let lines: Vec<Line> = code.iter().cloned().map(Line::raw).collect();
            let code = Paragraph::new(lines).style(theme::QR);
            match placement {
                qr::Placement::Beside => {
                    let [code_area, _, text_area] = Layout::horizontal([
                        Constraint::Length(size.0),
                        Constraint::Length(qr::GAP as u16),
                        Constraint::Min(0),
                    ])
                    .areas(inner);
                    frame.render_widget(code, code_area);
                    text_area
                }
                qr::Placement::Above => {
                    let [code_area, _, text_area] = Layout::vertical([
                        Constraint::Length(size.1),
                        Constraint::Length(1),
                        Constraint::Min(0),
                    ])
                    .areas(inner);
                    frame.render_widget(
                        code,
                        Rect {
                            width: size.0,
                            ..code_area
                        },
                    );
                    text_area
                }
            }
        }
    };
    let mut lines = text(usize::from(text_area.width));
    let needed = address
        .filter(|_| placed.is_none())
        .and_then(|address| qr::needed(&address, |width| text(width).len()));
    if let Some((columns, rows)) = needed {
        // The screen it takes: the code, the text beside it, the bars around.
        let (screen_columns, screen_rows) = state.size;
        lines.push(Line::styled(
            format!(
                "(a terminal of {}×{} shows a QR code of it)",
                columns + usize::from(screen_columns.saturating_sub(inner.width)),
                rows + usize::from(screen_rows.saturating_sub(inner.height))
            ),
            theme::DIM,
        ));
    }
    frame.render_widget(Paragraph::new(lines), text_area);
}

/// What the login popup says at a stage, at `width` columns.
fn login_text(state: &AppState, flow: &LoginFlow, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut lines: Vec<Line> = Vec::new();
    let mut say = |text: &str, style| lines.extend(wrap_plain(text, style, width));
    match &flow.stage {
        LoginStage::Server { input } => {
            say(
                "Log in to another account. Its server's address:",
                theme::STATUS,
            );
            say("(e.g. misskey.example or mastodon.example)", theme::DIM);
            lines.push(input_line(input, width));
        }
        LoginStage::Connecting { server } => {
            say(&format!("Connecting to {server}…"), theme::STATUS)
        }
        LoginStage::Finishing { server } => {
            say(&format!("Checking the code with {server}…"), theme::STATUS)
        }
        LoginStage::MiAuth { started, .. } => {
            say(
                match flow.renews {
                    Some(_) => {
                        "Approve the permission at this address, logged in as this account: scan the code with a phone, or open it on any device."
                    }
                    None => {
                        "Approve skua's access at this address: scan the code with a phone, or open it on any device."
                    }
                },
                theme::STATUS,
            );
            lines.push(Line::default());
            address_lines(&mut lines, flow, width);
            lines.push(Line::default());
            let waited = state.now.duration_since(*started).as_secs().max(0);
            lines.push(Line::styled(
                format!("Waiting for approval… {waited}s"),
                theme::DIM,
            ));
        }
        LoginStage::OAuthApprove { .. } => {
            say(
                "Let skua in at this address: scan the code with a phone, or open it on any device. Then press Enter and paste the code the server shows.",
                theme::STATUS,
            );
            lines.push(Line::default());
            address_lines(&mut lines, flow, width);
        }
        LoginStage::OAuthCode { input, .. } => {
            say("Paste the code the server showed:", theme::STATUS);
            lines.push(input_line(input, width));
            lines.push(Line::default());
            address_lines(&mut lines, flow, width);
        }
    }
    if let Some(error) = &flow.error {
        lines.push(Line::default());
        lines.extend(wrap_plain(error, theme::ERROR, width));
    }
    lines
}

fn input_line(input: &crate::state::Editor, width: usize) -> Line<'static> {
    super::text::editor_line(input, Span::styled("› ", theme::DIM), width)
}

/// The address cut into pieces, so it can be selected line by line in any terminal; where
/// the terminal takes links, each piece links to the whole address.
fn address_lines(lines: &mut Vec<Line<'static>>, flow: &LoginFlow, width: usize) {
    if let Some(url) = flow.stage.address() {
        for chunk in chunks(url.as_str(), width) {
            let chunk = super::links::mark(&chunk, url.as_str()).unwrap_or(chunk);
            lines.push(Line::styled(chunk, theme::LINK));
        }
    }
}
