//! `skua lists …`: every list operation from the command line, for people and scripts.
//! Plain output by default, `--json` for scripts; a failure is one line and a non-zero exit.

use std::io::{BufRead, Write};

use anyhow::{Context, anyhow, bail};
use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::api::{Account, ApiError, Backend, List, ListSettings, RepliesPolicy};

#[derive(clap::Subcommand, Debug, Clone, PartialEq)]
pub enum ListsCommand {
    /// Show your lists with their member counts.
    Ls,
    /// Show a list and all of its members.
    Show { list: String },
    /// Create a list (asks first on a terminal when another differs only by case).
    Create {
        title: String,
        #[command(flatten)]
        options: OptionArgs,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Rename a list (asks first on a terminal when another differs only by case).
    Rename {
        list: String,
        new_title: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Change a list's options (those the server has).
    Set {
        list: String,
        #[command(flatten)]
        options: OptionArgs,
    },
    /// Delete a list (asks first on a terminal).
    Delete {
        list: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Put accounts on a list.
    Add {
        list: String,
        /// Accounts as @user@host (or @user on your server).
        #[arg(required = true, value_name = "@user@host")]
        accounts: Vec<String>,
        /// Follow accounts you do not follow yet (Mastodon only lists followed accounts).
        #[arg(long)]
        follow: bool,
    },
    /// Take accounts off a list.
    Remove {
        list: String,
        #[arg(required = true, value_name = "@user@host")]
        accounts: Vec<String>,
    },
    /// Show which of your lists an account is on.
    Of {
        #[arg(value_name = "@user@host")]
        account: String,
    },
}

/// A list's options; LIST arguments are a title or an id.
#[derive(clap::Args, Debug, Clone, Default, PartialEq)]
pub struct OptionArgs {
    /// Mastodon: which replies the list shows.
    #[arg(long, value_name = "followed|list|none", value_parser = parse_policy)]
    replies_policy: Option<RepliesPolicy>,
    /// Mastodon 4.2+: keep members' posts out of the home timeline.
    #[arg(long, value_name = "true|false")]
    exclusive: Option<bool>,
    /// Misskey: let others see the list.
    #[arg(long, value_name = "true|false")]
    public: Option<bool>,
}

impl OptionArgs {
    fn is_empty(&self) -> bool {
        *self == OptionArgs::default()
    }

    /// `settings` with the given options applied; an option the server lacks is an error.
    fn apply(
        &self,
        mut settings: ListSettings,
        server_has: &ListSettings,
    ) -> anyhow::Result<ListSettings> {
        let missing = |name: &str| anyhow!("this server's lists have no {name} option");
        if let Some(policy) = self.replies_policy {
            server_has
                .replies_policy
                .ok_or_else(|| missing("--replies-policy"))?;
            settings.replies_policy = Some(policy);
        }
        if let Some(exclusive) = self.exclusive {
            server_has.exclusive.ok_or_else(|| missing("--exclusive"))?;
            settings.exclusive = Some(exclusive);
        }
        if let Some(public) = self.public {
            server_has.public.ok_or_else(|| missing("--public"))?;
            settings.public = Some(public);
        }
        Ok(settings)
    }
}

fn parse_policy(text: &str) -> Result<RepliesPolicy, String> {
    RepliesPolicy::from_wire_name(text).ok_or_else(|| "expected followed, list or none".to_owned())
}

/// Where a yes/no answer comes from: the terminal, or nowhere (scripts must pass `--yes`).
pub type Confirmation<'a> = Option<&'a mut dyn BufRead>;

pub async fn run(
    backend: &dyn Backend,
    command: &ListsCommand,
    json: bool,
    out: &mut dyn Write,
    confirm: Confirmation<'_>,
) -> anyhow::Result<()> {
    match command {
        ListsCommand::Ls => {
            let (lists, notes) = counted(
                backend,
                backend.lists().await.context("could not load your lists")?,
            )
            .await;
            if json {
                print_json(out, &Value::Array(lists.iter().map(list_json).collect()))
            } else {
                if lists.is_empty() {
                    writeln!(
                        out,
                        "You have no lists. Create one with `skua lists create TITLE`."
                    )?;
                }
                let id_width = lists.iter().map(|l| l.id.len()).max().unwrap_or(0);
                for list in &lists {
                    writeln!(out, "{:>id_width$}  {}", list.id, describe(list))?;
                }
                for note in notes {
                    writeln!(out, "note: {}", crate::sanitize::line(&note))?;
                }
                Ok(())
            }
        }
        ListsCommand::Show { list } => {
            let list = find_list(backend, list).await?;
            let members = all_members(backend, &list).await?;
            if json {
                let mut value = list_json(&List {
                    member_count: Some(members.len()),
                    ..list
                });
                value["members"] = members.iter().map(account_json).collect();
                print_json(out, &value)
            } else {
                let list = List {
                    member_count: Some(members.len()),
                    ..list
                };
                writeln!(out, "{}  {}", list.id, describe(&list))?;
                for member in &members {
                    writeln!(out, "  @{}  {}", member.acct, member.name())?;
                }
                Ok(())
            }
        }
        ListsCommand::Create {
            title,
            options,
            yes,
        } => {
            let title = non_blank(title)?;
            if !yes {
                let lists = backend.lists().await.context("could not load your lists")?;
                confirm_similar_title(&lists, None, title, confirm, out)?;
            }
            let created = backend
                .create_list(title, &ListSettings::default())
                .await
                .with_context(|| format!("could not create “{title}”"))?;
            let created = if options.is_empty() {
                created
            } else {
                let settings = options.apply(created.settings, &created.settings)?;
                backend
                    .update_list(&created.id, &created.title, &settings)
                    .await
                    .with_context(|| format!("created “{title}” but could not set its options"))?
            };
            report(
                out,
                json,
                &created,
                &format!("Created the list “{}” (id {}).", created.title, created.id),
            )
        }
        ListsCommand::Rename {
            list,
            new_title,
            yes,
        } => {
            let new_title = non_blank(new_title)?;
            let list = find_list(backend, list).await?;
            if !yes {
                let lists = backend.lists().await.context("could not load your lists")?;
                confirm_similar_title(&lists, Some(&list.id), new_title, confirm, out)?;
            }
            let renamed = backend
                .update_list(&list.id, new_title, &list.settings)
                .await
                .with_context(|| format!("could not rename “{}”", list.title))?;
            report(
                out,
                json,
                &renamed,
                &format!("Renamed “{}” to “{}”.", list.title, renamed.title),
            )
        }
        ListsCommand::Set { list, options } => {
            if options.is_empty() {
                bail!("nothing to change: give --replies-policy, --exclusive or --public");
            }
            let list = find_list(backend, list).await?;
            let settings = options.apply(list.settings, &list.settings)?;
            let updated = backend
                .update_list(&list.id, &list.title, &settings)
                .await
                .with_context(|| format!("could not change “{}”", list.title))?;
            report(
                out,
                json,
                &updated,
                &format!("Updated “{}”: {}.", updated.title, settings_text(&updated)),
            )
        }
        ListsCommand::Delete { list, yes } => {
            let list = find_list(backend, list).await?;
            if !yes {
                let question = format!("Delete the list “{}”? It cannot be undone.", list.title);
                if !ask(confirm, out, &question, "not deleting without confirmation")? {
                    bail!("kept “{}”", list.title);
                }
            }
            backend
                .delete_list(&list.id)
                .await
                .with_context(|| format!("could not delete “{}”", list.title))?;
            if json {
                print_json(out, &json!({ "deleted": list_json(&list) }))
            } else {
                writeln!(out, "Deleted the list “{}”.", list.title).map_err(Into::into)
            }
        }
        ListsCommand::Add {
            list,
            accounts,
            follow,
        } => {
            let list = find_list(backend, list).await?;
            let mut added = Vec::new();
            let mut failures = Vec::new();
            for acct in accounts {
                match add_one(backend, &list, acct, *follow).await {
                    Ok(account) => {
                        if !json {
                            writeln!(out, "Added @{} to “{}”.", account.acct, list.title)?;
                        }
                        added.push(account);
                    }
                    Err(error) => failures.push(format!("{}: {error:#}", at(acct))),
                }
            }
            if json {
                print_json(
                    out,
                    &json!({ "list": list.id, "added": added.iter().map(account_json).collect::<Vec<_>>() }),
                )?;
            }
            finish(&list, "add", accounts.len(), failures)
        }
        ListsCommand::Remove { list, accounts } => {
            let list = find_list(backend, list).await?;
            let mut resolved = Vec::new();
            let mut failures = Vec::new();
            for acct in accounts {
                match backend.lookup_account(acct).await {
                    Ok(account) => resolved.push(account),
                    Err(error) => failures.push(format!("{}: {error}", at(acct))),
                }
            }
            if !resolved.is_empty()
                && let Err(stopped) = backend.remove_from_list(&list.id, &resolved).await
            {
                let removed = &resolved[..stopped.done];
                anyhow::bail!(
                    "could not remove {} from “{}”: {}{}",
                    resolved[stopped.done..]
                        .iter()
                        .map(|a| at(&a.acct))
                        .collect::<Vec<_>>()
                        .join(", "),
                    list.title,
                    stopped.error,
                    if removed.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " (removed: {})",
                            removed
                                .iter()
                                .map(|a| at(&a.acct))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                );
            }
            if json {
                print_json(
                    out,
                    &json!({ "list": list.id, "removed": resolved.iter().map(account_json).collect::<Vec<_>>() }),
                )?;
            } else {
                for account in &resolved {
                    writeln!(out, "Removed @{} from “{}”.", account.acct, list.title)?;
                }
            }
            finish(&list, "remove", accounts.len(), failures)
        }
        ListsCommand::Of { account } => {
            let account = backend
                .lookup_account(account)
                .await
                .with_context(|| format!("could not find {}", at(account)))?;
            let ids = backend
                .lists_of(&account)
                .await
                .context("could not load the account's lists")?;
            let lists: Vec<List> = backend
                .lists()
                .await
                .context("could not load your lists")?
                .into_iter()
                .filter(|l| ids.contains(&l.id))
                .collect();
            if json {
                print_json(out, &Value::Array(lists.iter().map(list_json).collect()))
            } else {
                if lists.is_empty() {
                    writeln!(out, "@{} is on none of your lists.", account.acct)?;
                }
                for list in &lists {
                    writeln!(out, "{}  {}", list.id, list.title)?;
                }
                Ok(())
            }
        }
    }
}

async fn add_one(
    backend: &dyn Backend,
    list: &List,
    acct: &str,
    follow: bool,
) -> anyhow::Result<Account> {
    let account = backend.lookup_account(acct).await?;
    match backend.add_to_list(&list.id, &account).await {
        Ok(()) => Ok(account),
        Err(ApiError::NotFollowing(_)) if follow => {
            backend.follow(&account).await?;
            backend.add_to_list(&list.id, &account).await?;
            Ok(account)
        }
        Err(error @ ApiError::NotFollowing(_)) => {
            Err(anyhow!("{error}; add --follow to follow them first"))
        }
        Err(error) => Err(error.into()),
    }
}

/// Succeeds when nothing failed; otherwise one line naming each failure.
fn finish(list: &List, verb: &str, asked: usize, failures: Vec<String>) -> anyhow::Result<()> {
    match failures.len() {
        0 => Ok(()),
        n if n == asked && n == 1 => Err(anyhow!("could not {verb} {}", failures[0])),
        n => Err(anyhow!(
            "could not {verb} {n} of {asked} accounts ({} “{}”): {}",
            if verb == "add" { "to" } else { "from" },
            list.title,
            failures.join("; ")
        )),
    }
}

fn at(acct: &str) -> String {
    format!("@{}", acct.trim().trim_start_matches('@'))
}

fn non_blank(title: &str) -> anyhow::Result<&str> {
    let title = title.trim();
    if title.is_empty() {
        bail!("a list needs a title");
    }
    Ok(title)
}

/// Asks a yes/no question on the terminal; with none (a script), fails with `refusal` and
/// the way to say yes.
fn ask(
    confirm: Confirmation<'_>,
    out: &mut dyn Write,
    question: &str,
    refusal: &str,
) -> anyhow::Result<bool> {
    let Some(answers) = confirm else {
        bail!("{question} {refusal}: add --yes");
    };
    write!(out, "{question} [y/N] ")?;
    out.flush()?;
    let mut answer = String::new();
    answers.read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}

/// Asks before a title that differs from another list's only by case (`renamed` is the list
/// being renamed, which may of course keep its own title).
fn confirm_similar_title(
    lists: &[List],
    renamed: Option<&str>,
    title: &str,
    confirm: Confirmation<'_>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let Some(similar) = lists
        .iter()
        .filter(|l| Some(l.id.as_str()) != renamed)
        .find(|l| l.title.to_lowercase() == title.to_lowercase())
    else {
        return Ok(());
    };
    let question = format!(
        "You have a list called “{}”. Use “{title}” anyway?",
        similar.title
    );
    if ask(
        confirm,
        out,
        &question,
        "not going ahead without confirmation",
    )? {
        Ok(())
    } else {
        bail!("nothing changed")
    }
}

/// Fills in member counts the server did not give with the lists, a few requests at a time;
/// a count that could not be had is unknown, and what stopped it is said below the lists.
async fn counted(backend: &dyn Backend, mut lists: Vec<List>) -> (Vec<List>, Vec<String>) {
    let counts: Vec<Result<usize, ApiError>> =
        futures_util::stream::iter(lists.iter().map(|l| async {
            match l.member_count {
                Some(count) => Ok(count),
                None => backend.member_count(&l.id).await,
            }
        }))
        .buffered(crate::fetcher::MEMBER_COUNTS_AT_ONCE)
        .collect()
        .await;
    let mut notes = Vec::new();
    for (list, count) in lists.iter_mut().zip(counts) {
        list.member_count = match count {
            Ok(count) => Some(count),
            Err(error) => {
                tracing::warn!(list = %list.id, %error, "could not count the members");
                notes.push(format!("{}: members not counted: {error}", list.title));
                None
            }
        };
    }
    (lists, notes)
}

/// LIST as an id, or else as a title (case-insensitive).
async fn find_list(backend: &dyn Backend, wanted: &str) -> anyhow::Result<List> {
    let lists = backend.lists().await.context("could not load your lists")?;
    if let Some(list) = lists.iter().find(|l| l.id == wanted) {
        return Ok(list.clone());
    }
    let named: Vec<&List> = lists
        .iter()
        .filter(|l| l.title.to_lowercase() == wanted.trim().to_lowercase())
        .collect();
    match named.as_slice() {
        [list] => Ok((*list).clone()),
        [] => bail!("you have no list called “{wanted}”; see `skua lists ls`"),
        several => bail!(
            "several lists are called “{wanted}”; name one by its id: {}",
            several
                .iter()
                .map(|l| l.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

async fn all_members(backend: &dyn Backend, list: &List) -> anyhow::Result<Vec<Account>> {
    let mut members = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        pages += 1;
        let page = backend
            .list_members(&list.id, cursor.as_deref())
            .await
            .with_context(|| format!("could not load the members of “{}”", list.title))?;
        members.extend(page.accounts);
        match page.next {
            Some(_) if pages >= crate::api::MAX_PAGES || members.len() >= crate::api::MAX_ITEMS => {
                let error = ApiError::Endless {
                    pages,
                    items: members.len(),
                };
                bail!(
                    "could not load all the members of “{}”: {error}",
                    list.title
                );
            }
            Some(next) if cursor.as_ref() != Some(&next) => cursor = Some(next),
            _ => return Ok(members),
        }
    }
}

fn settings_text(list: &List) -> String {
    let settings = &list.settings;
    let mut parts = Vec::new();
    if let Some(policy) = settings.replies_policy {
        parts.push(format!("replies: {}", policy.wire_name()));
    }
    if let Some(exclusive) = settings.exclusive {
        parts.push(format!(
            "exclusive: {}",
            if exclusive { "yes" } else { "no" }
        ));
    }
    if let Some(public) = settings.public {
        parts.push(format!("public: {}", if public { "yes" } else { "no" }));
    }
    parts.join(", ")
}

fn describe(list: &List) -> String {
    let members = match list.member_count {
        Some(1) => "1 member".to_owned(),
        Some(n) => format!("{n} members"),
        None => "? members".to_owned(),
    };
    let settings = settings_text(list);
    if settings.is_empty() {
        format!("{}  ({members})", list.title)
    } else {
        format!("{}  ({members}; {settings})", list.title)
    }
}

fn list_json(list: &List) -> Value {
    let settings = &list.settings;
    json!({
        "id": list.id,
        "title": list.title,
        "member_count": list.member_count,
        "replies_policy": settings.replies_policy.map(RepliesPolicy::wire_name),
        "exclusive": settings.exclusive,
        "public": settings.public,
    })
}

fn account_json(account: &Account) -> Value {
    json!({ "id": account.id, "acct": account.acct, "display_name": account.display_name })
}

fn print_json(out: &mut dyn Write, value: &Value) -> anyhow::Result<()> {
    writeln!(out, "{}", serde_json::to_string_pretty(value)?)?;
    Ok(())
}

fn report(out: &mut dyn Write, json: bool, list: &List, text: &str) -> anyhow::Result<()> {
    if json {
        print_json(out, &list_json(list))
    } else {
        writeln!(out, "{text}")?;
        Ok(())
    }
}
