//! The one text editor every field uses: a post's text (many lines), and in its one-line form
//! every prompt (a hashtag, a list title, a search, a server address...). Editing itself
//! (cursor by character, word and line, undo/redo, deleting words, wide characters by grapheme)
//! is ratatui-textarea's; this wrapper decides which keys are editing keys and keeps what
//! reaches the text printable.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{TextArea, WrapMode};
use unicode_segmentation::UnicodeSegmentation;

/// The keys the editor takes while typing, for help.
pub const EDITING_KEYS: &[(&str, &str)] = &[
    ("← →", "a character (a whole emoji or accented letter)"),
    ("Alt-b Alt-f", "a word back, forward (also Ctrl-← Ctrl-→)"),
    ("Home End", "start, end of the line (also Ctrl-a Ctrl-e)"),
    ("↑ ↓", "a line up, down (in the text)"),
    ("Backspace Del", "delete a character"),
    (
        "Ctrl-w",
        "delete the word before (also Alt-Backspace); Alt-d the next",
    ),
    (
        "Ctrl-k Ctrl-u",
        "delete to the end of the line, to its start",
    ),
    ("Ctrl-_ Ctrl-r", "undo, redo"),
    ("Ctrl-y", "put back what was deleted"),
    ("Enter", "a new line in the text; elsewhere the next field"),
];

#[derive(Debug, Clone)]
pub struct Editor {
    /// Boxed: a text area is large, and editors sit in enums (prompts, login stages).
    area: Box<TextArea<'static>>,
    one_line: bool,
}

impl Default for Editor {
    fn default() -> Self {
        Editor::one_line("")
    }
}

impl Editor {
    /// A one-line field: Enter, Tab, ↑ and ↓ are left to the keymap (confirm, complete...).
    pub fn one_line(text: &str) -> Self {
        Editor::new(&crate::sanitize::own_line(text), true)
    }

    /// A field of many lines, wrapped at word boundaries: Enter starts a new line.
    pub fn many_lines(text: &str) -> Self {
        Editor::new(&crate::sanitize::own_text(text), false)
    }

    fn new(text: &str, one_line: bool) -> Self {
        let mut area = TextArea::new(text.split('\n').map(str::to_owned).collect());
        area.set_cursor_line_style(Style::default());
        area.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
        area.set_max_histories(200);
        if !one_line {
            area.set_wrap_mode(WrapMode::WordOrGlyph);
        }
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Editor {
            area: Box::new(area),
            one_line,
        }
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.area.is_empty()
    }

    /// Replaces the whole text (undoable), the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        self.area.select_all();
        self.area.cut();
        self.insert(text);
    }

    /// Inserts text at the cursor: typed, pasted or completed. Control characters never get
    /// in; a one-line field turns line breaks into spaces.
    pub fn insert(&mut self, text: &str) -> bool {
        let text = match self.one_line {
            true => crate::sanitize::own_line(text),
            false => crate::sanitize::own_text(text),
        };
        !text.is_empty() && self.area.insert_str(text)
    }

    /// Pasted text: in a one-line field, without the line break a copied line ends with.
    pub fn paste(&mut self, text: &str) -> bool {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        match self.one_line {
            true => self.insert(text.trim_end_matches('\n')),
            false => self.insert(&text),
        }
    }

    /// Whether `key` edits the text here; other keys go through the keymap.
    pub fn takes(&self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char(_) if !ctrl && !alt => true,
            KeyCode::Backspace | KeyCode::Delete | KeyCode::Left | KeyCode::Right => true,
            KeyCode::Home | KeyCode::End => true,
            KeyCode::Enter | KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown => {
                !self.one_line && !alt
            }
            // The shell's (readline's) editing keys: start/end of line, by character and
            // word, delete to the end (Ctrl-k) or start (Ctrl-u) of the line, delete a word,
            // undo (Ctrl-_, which terminals send as Ctrl-7), redo (Ctrl-r), put back what was
            // deleted (Ctrl-y).
            KeyCode::Char(
                'a' | 'e' | 'b' | 'f' | 'h' | 'd' | 'k' | 'w' | 'u' | 'r' | 'y' | '_' | '7',
            ) if ctrl && !alt => true,
            KeyCode::Char('n' | 'p') if ctrl && !alt => !self.one_line,
            KeyCode::Char('b' | 'f' | 'd' | 'h') if alt && !ctrl => true,
            KeyCode::Char('<' | '>') if alt && !ctrl => !self.one_line,
            _ => false,
        }
    }

    /// Edits with `key` if it is an editing key ([`Editor::takes`]); returns whether it was.
    pub fn key(&mut self, key: &KeyEvent) -> bool {
        if !self.takes(key) {
            return false;
        }
        if let KeyCode::Char(c) = key.code
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            self.insert(c.encode_utf8(&mut [0; 4]));
            return true;
        }
        let plain = key.modifiers.is_empty() || key.modifiers == KeyModifiers::SHIFT;
        match key.code {
            // By grapheme, so an emoji sequence or a letter with its accents is one step.
            KeyCode::Left if plain => {
                self.step(-1);
            }
            KeyCode::Right if plain => {
                self.step(1);
            }
            KeyCode::Backspace if plain => {
                let chars = self.step(-1);
                self.area.delete_str(chars);
            }
            KeyCode::Delete if plain => {
                let chars = self.grapheme_after();
                self.area.delete_str(chars);
            }
            KeyCode::Char('u') => {
                self.area.delete_line_by_head();
            }
            KeyCode::Char('_' | '7') => {
                self.area.undo();
            }
            _ => {
                self.area.input(*key);
                self.snap_to_grapheme();
            }
        }
        true
    }

    /// The current line's graphemes as (first char index, char count).
    fn graphemes(&self) -> Vec<(usize, usize)> {
        let (row, _) = self.cursor();
        let line = self.area.lines().get(row).map_or("", String::as_str);
        let mut at = 0;
        line.graphemes(true)
            .map(|g| {
                let chars = g.chars().count();
                at += chars;
                (at - chars, chars)
            })
            .collect()
    }

    fn grapheme_after(&self) -> usize {
        let (_, column) = self.cursor();
        self.graphemes()
            .iter()
            .find(|(start, _)| *start == column)
            .map_or(0, |(_, chars)| *chars)
    }

    /// Moves one grapheme back (-1) or forward (1), to the line before or after at its ends;
    /// returns the characters moved over (none at either end of the text).
    fn step(&mut self, direction: i8) -> usize {
        use ratatui_textarea::CursorMove;
        let (_, column) = self.cursor();
        let chars = match direction {
            -1 => self
                .graphemes()
                .iter()
                .rfind(|(start, _)| *start < column)
                .map_or(1, |(start, _)| column - start),
            _ => self.grapheme_after().max(1),
        };
        let step = if direction < 0 {
            CursorMove::Back
        } else {
            CursorMove::Forward
        };
        let mut moved = 0;
        for _ in 0..chars {
            let before = self.cursor();
            self.area.move_cursor(step);
            moved += usize::from(self.cursor() != before);
        }
        moved
    }

    /// After a move by line or word: never rest inside a grapheme.
    fn snap_to_grapheme(&mut self) {
        let (row, column) = self.cursor();
        if let Some((start, chars)) = self
            .graphemes()
            .into_iter()
            .find(|(start, chars)| *start < column && column < start + chars)
        {
            let end = u16::try_from(start + chars).unwrap_or(u16::MAX);
            let row = u16::try_from(row).unwrap_or(u16::MAX);
            self.area
                .move_cursor(ratatui_textarea::CursorMove::Jump(row, end));
        }
    }

    /// The widget to draw (it scrolls to keep the cursor in view).
    pub fn widget(&self) -> &TextArea<'static> {
        &self.area
    }

    /// Where the cursor is: (row, column in characters).
    pub fn cursor(&self) -> (usize, usize) {
        let cursor = self.area.cursor();
        (cursor.0, cursor.1)
    }

    /// The cursor's line up to the cursor.
    pub fn before_cursor(&self) -> String {
        let (row, column) = self.cursor();
        let line = self.area.lines().get(row).map_or("", String::as_str);
        line.chars().take(column).collect()
    }

    /// Replaces the `chars` characters before the cursor with `text` (a completion taken),
    /// the cursor after it.
    pub fn replace_before_cursor(&mut self, chars: usize, text: &str) {
        let chars = chars.min(self.cursor().1);
        for _ in 0..chars {
            self.area.move_cursor(ratatui_textarea::CursorMove::Back);
        }
        self.area.delete_str(chars);
        self.insert(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(editor: &mut Editor, code: KeyCode, modifiers: KeyModifiers) -> bool {
        editor.key(&KeyEvent::new(code, modifiers))
    }

    fn typed(editor: &mut Editor, text: &str) {
        for c in text.chars() {
            press(editor, KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    #[test]
    fn moves_by_word_and_line_and_deletes_words() {
        let mut editor = Editor::many_lines("");
        typed(&mut editor, "hello brave");
        press(&mut editor, KeyCode::Enter, KeyModifiers::NONE);
        typed(&mut editor, "new world");
        assert_eq!(editor.text(), "hello brave\nnew world");
        press(&mut editor, KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert_eq!(editor.text(), "hello brave\nnew ");
        press(&mut editor, KeyCode::Up, KeyModifiers::NONE);
        press(&mut editor, KeyCode::Home, KeyModifiers::NONE);
        press(&mut editor, KeyCode::Char('f'), KeyModifiers::ALT);
        typed(&mut editor, "big ");
        assert_eq!(editor.text(), "hello big brave\nnew ");
        press(&mut editor, KeyCode::End, KeyModifiers::NONE);
        press(&mut editor, KeyCode::Backspace, KeyModifiers::ALT);
        assert_eq!(editor.text(), "hello big \nnew ");
        press(&mut editor, KeyCode::Down, KeyModifiers::NONE);
        press(&mut editor, KeyCode::Home, KeyModifiers::NONE);
        press(&mut editor, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(editor.text(), "hello big new ");
        press(&mut editor, KeyCode::Char('a'), KeyModifiers::CONTROL);
        press(&mut editor, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(editor.text(), "hello big new ", "nothing before the start");
    }

    #[test]
    fn the_shells_keys_delete_to_the_start_and_undo() {
        let mut editor = Editor::one_line("draft");
        typed(&mut editor, " two");
        press(&mut editor, KeyCode::Left, KeyModifiers::NONE);
        // Ctrl-u deletes to the start of the line, as in a shell.
        press(&mut editor, KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(editor.text(), "o");
        // Ctrl-_ undoes (terminals send it as Ctrl-7; the kitty protocol as Ctrl-_).
        press(&mut editor, KeyCode::Char('7'), KeyModifiers::CONTROL);
        assert_eq!(editor.text(), "draft two");
        press(&mut editor, KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(editor.text(), "o");
        press(&mut editor, KeyCode::Char('_'), KeyModifiers::CONTROL);
        assert_eq!(editor.text(), "draft two");
        // Ctrl-j is a line feed (Enter) on many terminals: not an editing key.
        assert!(!press(
            &mut editor,
            KeyCode::Char('j'),
            KeyModifiers::CONTROL
        ));
    }

    #[test]
    fn wide_characters_and_emoji_move_as_one() {
        let mut editor = Editor::one_line("");
        typed(&mut editor, "日本");
        editor.insert("👩‍🚀");
        press(&mut editor, KeyCode::Backspace, KeyModifiers::NONE);
        press(&mut editor, KeyCode::Left, KeyModifiers::NONE);
        typed(&mut editor, "x");
        assert_eq!(editor.text(), "日x本");
    }

    #[test]
    fn one_line_fields_leave_enter_and_arrows_to_the_keymap() {
        let mut editor = Editor::one_line("");
        assert!(!press(&mut editor, KeyCode::Enter, KeyModifiers::NONE));
        assert!(!press(&mut editor, KeyCode::Down, KeyModifiers::NONE));
        assert!(!press(&mut editor, KeyCode::Tab, KeyModifiers::NONE));
        editor.insert("two\nlines\u{1b}[31m");
        assert_eq!(editor.text(), "two lines[31m");
        let mut many = Editor::many_lines("");
        assert!(press(&mut many, KeyCode::Enter, KeyModifiers::NONE));
        assert!(!press(&mut many, KeyCode::Esc, KeyModifiers::NONE));
    }
}
