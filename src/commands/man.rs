//! `skua man [COMMAND…]`: the manual page of skua, or of one of its commands, generated from
//! the command-line definitions, so every `skua-…(1)` page one names exists.

use std::io::Write;

/// Where skua keeps its files and what it reads from the environment, for skua's own page.
const FILES_AND_ENVIRONMENT: &str = r#".SH FILES
.TP
\fI$XDG_CONFIG_HOME/skua/config.toml\fR (usually \fI~/.config/skua/config.toml\fR)
The configuration; every option is described in config.example.toml. macOS: \fI~/Library/Application Support/skua/config.toml\fR.
.TP
\fI$XDG_DATA_HOME/skua/accounts.toml\fR (usually \fI~/.local/share/skua/\fR)
The saved accounts and their tokens, readable by their owner only.
.TP
\fI$XDG_STATE_HOME/skua/\fR (usually \fI~/.local/state/skua/\fR)
The log (skua.log), drafts, reading positions and the panes left open.
.TP
\fI$XDG_CACHE_HOME/skua/\fR (usually \fI~/.cache/skua/\fR)
The newest posts of each account, shown at once at the next start. macOS: \fI~/Library/Caches/skua/\fR.
.SH ENVIRONMENT
.TP
\fBSKUA_TOKEN\fR
The access token for \-\-server or the configured server (never given on the command line).
.TP
\fBSKUA_LOG\fR
How much the log says, e.g. SKUA_LOG=debug. Tokens are never logged.
.TP
\fBVISUAL\fR, \fBEDITOR\fR
The editor a draft is handed to (then vi).
.TP
\fBNO_COLOR\fR
Set and not empty: no colours.
.TP
\fBTERM\fR, \fBTMUX\fR
What the terminal can show (hyperlinks, notifications, QR codes); inside tmux, copying needs set \-g set\-clipboard on.
.TP
\fBSSH_CONNECTION\fR, \fBDISPLAY\fR, \fBWAYLAND_DISPLAY\fR
Whether a browser can appear here; over SSH addresses are shown, copied and drawn as QR codes instead.
"#;

/// The page of `path` (no words: skua's own), whose commands' pages are `skua man` with
/// their names; or why there is no such command.
pub fn page(skua: clap::Command, path: &[String]) -> anyhow::Result<Vec<u8>> {
    let mut command = skua;
    for name in path {
        let Some(sub) = command.find_subcommand(name).cloned() else {
            let known: Vec<&str> = command
                .get_subcommands()
                .map(|s| s.get_name())
                .filter(|n| *n != "help")
                .collect();
            anyhow::bail!(
                "`{name}` is not a command here; its pages: {}",
                known.join(", ")
            );
        };
        command = sub;
    }
    // Named as its page is: `skua-lists-show(1)` is `skua man lists show`.
    let words: Vec<&str> = std::iter::once("skua")
        .chain(path.iter().map(String::as_str))
        .collect();
    // `skua help` is --help again: no page of its own to name.
    let command = command
        .disable_help_subcommand(true)
        .name(words.join("-"))
        .bin_name(words.join(" "));
    let man = clap_mangen::Man::new(command.clone());
    let mut text = Vec::new();
    man.render_title(&mut text)?;
    man.render_name_section(&mut text)?;
    man.render_synopsis_section(&mut text)?;
    man.render_description_section(&mut text)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut text)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut text)?;
        let prefix: String = path.iter().map(|word| format!("{word} ")).collect();
        writeln!(
            text,
            ".PP\nEach command's page: \\fBskua man {prefix}COMMAND\\fR."
        )?;
    }
    if path.is_empty() {
        text.extend_from_slice(FILES_AND_ENVIRONMENT.as_bytes());
        man.render_version_section(&mut text)?;
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skua() -> clap::Command {
        clap::Command::new("skua")
            .version("1.0")
            .arg(clap::Arg::new("demo").long("demo").help("the demo"))
            .subcommand(
                clap::Command::new("lists")
                    .about("curate lists")
                    .subcommand(clap::Command::new("show").about("the members of one list")),
            )
            .subcommand(clap::Command::new("login").about("log in"))
    }

    fn text(path: &[&str]) -> String {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        String::from_utf8(page(skua(), &path).unwrap()).unwrap()
    }

    #[test]
    fn every_page_named_exists_and_skuas_own_says_where_files_are() {
        let main = text(&[]);
        assert!(main.contains("skua\\-login(1)") && main.contains("skua\\-lists(1)"));
        assert!(main.contains(".SH FILES") && main.contains(".SH ENVIRONMENT"));
        assert!(main.contains("SKUA_TOKEN") && main.contains("config.toml"));
        assert!(!main.contains("skua\\-help(1)"), "{main}");
        // The pages it names: one per command, nested ones too.
        let lists = text(&["lists"]);
        assert!(lists.contains(".TH skua-lists 1"), "{lists}");
        assert!(lists.contains("skua\\-lists\\-show(1)"), "{lists}");
        assert!(lists.contains("skua man lists COMMAND"), "{lists}");
        assert!(text(&["lists", "show"]).contains("the members of one list"));
        assert!(!lists.contains(".SH FILES"));
        let wrong = page(skua(), &["nope".into()]).unwrap_err().to_string();
        assert!(wrong.contains("lists, login"), "{wrong}");
    }
}
