//! `skua post`: a post from the command line or a script, with everything the compose view
//! has. A failure is one line and a non-zero exit; sending the same post again (a retried
//! script) never posts it twice.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::api::{Backend, NewPoll, NewPost, Post, Sent, Upload, Visibility};
use crate::ui::words::Label;

#[derive(clap::Args, Debug, Clone, PartialEq)]
pub struct PostArgs {
    /// The text; read from standard input when it is `-`, or absent and input is piped.
    pub text: Option<String>,
    /// Content warning shown before the text.
    #[arg(long, value_name = "TEXT")]
    pub cw: Option<String>,
    /// Who sees it (Misskey names work too: home, specified); your default if not given.
    #[arg(long, value_enum)]
    pub visibility: Option<VisibilityArg>,
    /// Two-letter language code (Mastodon); your default if not given.
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
    /// Reply to this post: its address (from any server) or its id here.
    #[arg(long, value_name = "URL|ID")]
    pub reply_to: Option<String>,
    /// A file to attach; repeat for more.
    #[arg(long, value_name = "FILE")]
    pub media: Vec<PathBuf>,
    /// A description (alt text) for each --media, in the same order.
    #[arg(long, value_name = "TEXT")]
    pub alt: Vec<String>,
    /// Mark the media as sensitive.
    #[arg(long)]
    pub sensitive: bool,
    /// A poll option; repeat for each (at least two).
    #[arg(long, value_name = "OPTION")]
    pub poll: Vec<String>,
    /// How long the poll stays open: 30m, 6h, 3d (or seconds); a day if not given.
    #[arg(long, value_name = "DURATION", requires = "poll")]
    pub poll_expires: Option<String>,
    /// Let voters choose several options.
    #[arg(long, requires = "poll")]
    pub poll_multiple: bool,
    /// Have the server send it later: +2h, tomorrow 9:00, 2026-12-24 18:00 (in $TZ).
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// Print the created post as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisibilityArg {
    Public,
    #[value(alias = "home")]
    Unlisted,
    #[value(alias = "private")]
    Followers,
    #[value(alias = "specified")]
    Direct,
}

/// `30m`, `6h`, `3d`, `90` (seconds).
fn seconds(duration: &str) -> anyhow::Result<u64> {
    let duration = duration.trim();
    let (number, unit) = match duration.char_indices().last() {
        Some((at, unit @ ('m' | 'h' | 'd' | 's'))) => (&duration[..at], unit),
        _ => (duration, 's'),
    };
    let number: u64 = number
        .parse()
        .with_context(|| format!("`{duration}` is not a duration such as 30m, 6h or 3d"))?;
    let unit = match unit {
        'm' => 60,
        'h' => 60 * 60,
        'd' => 24 * 60 * 60,
        _ => 1,
    };
    Ok(number * unit)
}

/// The text: the argument, or standard input when asked (`-`) or piped.
fn text_of(
    args: &PostArgs,
    input: &mut dyn Read,
    input_is_terminal: bool,
) -> anyhow::Result<String> {
    match args.text.as_deref() {
        Some("-") => {}
        Some(text) => return Ok(text.to_owned()),
        None if input_is_terminal => return Ok(String::new()),
        None => {}
    }
    let mut text = String::new();
    input
        .read_to_string(&mut text)
        .context("could not read the text from standard input")?;
    Ok(text.trim_end_matches('\n').to_owned())
}

/// One key per post and account: the same command run again (a retry) is the same post.
fn idempotency_key(account: &str, post: &NewPost, media: &[Upload]) -> String {
    let mut hash = Sha256::new();
    for part in [
        account,
        &post.text,
        &post.spoiler,
        post.in_reply_to.as_deref().unwrap_or_default(),
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    for upload in media {
        hash.update(upload.path.to_string_lossy().as_bytes());
        hash.update([0]);
        hash.update(upload.description.as_bytes());
        hash.update([0]);
    }
    for option in post.poll.iter().flat_map(|p| &p.options) {
        hash.update(option.as_bytes());
        hash.update([0]);
    }
    let digest = hash.finalize();
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Sends the post and prints where it is (or, with `--json`, the post).
pub async fn run(
    backend: &dyn Backend,
    account: &str,
    args: &PostArgs,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let text = text_of(args, &mut stdin.lock(), stdin.is_terminal())?;
    if text.trim().is_empty() && args.media.is_empty() && args.poll.is_empty() {
        bail!("nothing to post: give the text, or pipe it in (`-` reads it from standard input)");
    }
    if args.alt.len() > args.media.len() {
        bail!(
            "{} --alt for {} --media: each description goes with one file, in order",
            args.alt.len(),
            args.media.len()
        );
    }
    if args.poll.len() == 1 {
        bail!("a poll needs at least two --poll options");
    }
    // Read before anything is sent: a time that will not do stops here.
    let misskey = backend.flavor() == crate::api::detect::Flavor::Misskey;
    let at = match &args.at {
        Some(when) => Some(
            crate::when::ahead(
                when,
                &crate::when::now(),
                crate::when::soonest_post(misskey),
            )
            .map_err(|why| anyhow::anyhow!("not posted: --at {why}"))?,
        ),
        None => None,
    };
    let rules = backend
        .compose_rules()
        .await
        .context("could not read the server's rules for posts")?;
    let visibility = match args.visibility {
        Some(VisibilityArg::Public) => Visibility::Public,
        Some(VisibilityArg::Unlisted) => Visibility::Unlisted,
        Some(VisibilityArg::Followers) => Visibility::Private,
        Some(VisibilityArg::Direct) => Visibility::Direct,
        None => rules.default_visibility.unwrap_or(Visibility::Public),
    }
    .for_family(misskey);
    let in_reply_to = match &args.reply_to {
        Some(reply_to) => Some(post_id(backend, reply_to).await?),
        None => None,
    };
    let poll = (!args.poll.is_empty())
        .then(|| -> anyhow::Result<NewPoll> {
            Ok(NewPoll {
                options: args.poll.clone(),
                expires_in: seconds(args.poll_expires.as_deref().unwrap_or("1d"))?,
                multiple: args.poll_multiple,
                hide_totals: false,
            })
        })
        .transpose()?;
    let uploads: Vec<Upload> = args
        .media
        .iter()
        .enumerate()
        .map(|(index, path)| Upload {
            path: path.clone(),
            description: args.alt.get(index).cloned().unwrap_or_default(),
            sensitive: args.sensitive,
        })
        .collect();
    let spoiler = args.cw.clone().unwrap_or_default();
    if let Some(refusal) = rules
        .refusal(&text, &spoiler)
        .or_else(|| rules.attachments_refusal(uploads.len(), poll.as_ref()))
    {
        bail!("not posted: {refusal}");
    }
    let mut post = NewPost {
        text,
        spoiler,
        visibility,
        local_only: false,
        language: args
            .language
            .clone()
            .or(rules.default_language)
            .filter(|_| !misskey),
        sensitive: args.sensitive || (rules.default_sensitive && !uploads.is_empty()),
        in_reply_to,
        quote: None,
        channel: None,
        poll,
        media: Vec::new(),
        idempotency_key: String::new(),
        // A script may be running this again after a failure: look before posting.
        maybe_sent: true,
    };
    post.idempotency_key = idempotency_key(account, &post, &uploads);
    for upload in &uploads {
        let quiet: crate::api::Progress = Arc::new(|_, _| {});
        let id = backend
            .upload(upload, quiet)
            .await
            .with_context(|| format!("could not upload {}", upload.path.display()))?;
        post.media.push(id);
    }
    let sent = match at {
        Some(at) => backend.schedule(&post, at).await.context("not scheduled")?,
        None => Sent::Posted(Box::new(backend.post(&post).await.context("not posted")?)),
    };
    match (sent, args.json) {
        (Sent::Scheduled(scheduled), true) => {
            let json = json!({
                "id": scheduled.id,
                "scheduled_at": scheduled.at.to_string(),
                "text": scheduled.text,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?
        }
        (Sent::Scheduled(scheduled), false) => writeln!(
            out,
            "Scheduled for {} (:scheduled in skua lists it)",
            crate::when::show(scheduled.at)
        )?,
        (Sent::Posted(posted), true) => {
            writeln!(out, "{}", serde_json::to_string_pretty(&as_json(&posted))?)?
        }
        (Sent::Posted(posted), false) => {
            let now = match at {
                Some(_) => " now (the server cannot schedule posts)",
                None => "",
            };
            let place = posted.url.as_deref().unwrap_or(posted.id.as_str());
            writeln!(out, "Posted{now}: {place}")?
        }
    }
    Ok(())
}

/// The id here of a post named by its address (looked up, from any server) or its id.
async fn post_id(backend: &dyn Backend, named: &str) -> anyhow::Result<String> {
    if !named.contains("://") {
        return Ok(named.to_owned());
    }
    let found = backend
        .search(named)
        .await
        .with_context(|| format!("could not look up {named}"))?;
    match found.posts.into_iter().next() {
        Some(post) => Ok(post.id),
        None => bail!("no post found at {named}"),
    }
}

/// The created post for scripts.
fn as_json(post: &Post) -> serde_json::Value {
    json!({
        "id": post.id,
        "url": post.url,
        "created_at": post.created_at.to_string(),
        "visibility": post.visibility.label(),
        "in_reply_to": post.in_reply_to,
        "spoiler": post.spoiler,
        "text": post.content.to_plain(),
        "media": post.media.iter().map(|m| json!({
            "kind": m.kind.label(),
            "url": m.url,
            "description": m.description,
        })).collect::<Vec<_>>(),
        "author": post.author.acct,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(seconds("30m").unwrap(), 1800);
        assert_eq!(seconds("6h").unwrap(), 21_600);
        assert_eq!(seconds("3d").unwrap(), 259_200);
        assert_eq!(seconds("90").unwrap(), 90);
        assert!(seconds("soon").is_err());
    }
}
