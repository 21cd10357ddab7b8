//! What this server can do. Help, the menu of more actions and the command line list the
//! actions of the focused view that can work here: not Misskey's antennas on Mastodon, nor
//! Mastodon's hashtag follows on Misskey, nor editing on upstream Misskey or translation
//! where the server said it has no translator, nor what it answered it has not (a Mastodon
//! before 4.3 asked for its notification requests). A key bound to such an action still says
//! why it does nothing.

use super::AppState;
use crate::action::{Action, ViewKind};
use crate::api::ComposeRules;
use crate::api::detect::Flavor;

impl AppState {
    /// Whether `action` can work in `context` on this server (as far as skua knows yet).
    pub fn can_do(&self, context: ViewKind, action: Action) -> bool {
        server_can(self.flavor, self.compose_rules.as_ref(), context, action)
            && !self.beyond_server.contains(&action)
    }

    /// The actions to list in `context`: its own, then those that work everywhere, each
    /// once, that this server can do.
    pub fn actions_in(&self, context: ViewKind) -> Vec<Action> {
        actions_where(context, |action| self.can_do(context, action))
    }
}

/// The actions `context` offers (its own, then those that work everywhere), each once, that
/// `can` keeps.
pub fn actions_where(context: ViewKind, can: impl Fn(Action) -> bool) -> Vec<Action> {
    let mut actions: Vec<Action> = Vec::new();
    for action in context
        .actions()
        .chain(context.everywhere().iter().copied())
    {
        if can(action) && !actions.contains(&action) {
            actions.push(action);
        }
    }
    actions
}

/// Whether a server of `flavor` can do `action` in `context`: the features one family has and
/// the other lacks, and those of posts its version or its admins decide (`rules`, once they
/// arrived): translation, editing (and so a history of edits) and quoting. (On the lists
/// screen the edit key opens a list's options, which every server has.)
fn server_can(
    flavor: Flavor,
    rules: Option<&ComposeRules>,
    context: ViewKind,
    action: Action,
) -> bool {
    let on_posts = context.shows_posts();
    match action {
        Action::Antennas
        | Action::Channels
        | Action::Clips
        | Action::Clip
        | Action::Social
        | Action::React
        | Action::SentRequests => flavor == Flavor::Misskey,
        Action::Favourites
        | Action::FollowTag
        | Action::FollowedTags
        | Action::FeatureTag
        | Action::NotificationRequests
        | Action::NotificationPolicy => flavor == Flavor::Mastodon,
        // Until the server's rules arrive these are offered, and wait for them when used.
        Action::Translate if on_posts => rules.is_none_or(|rules| rules.can_translate),
        Action::Edit | Action::History if on_posts => rules.is_none_or(|rules| rules.can_edit),
        Action::Quote if on_posts => rules.is_none_or(|rules| rules.can_quote),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_family_is_offered_its_own_features_only() {
        let offered = |flavor| {
            actions_where(ViewKind::Timeline, |a| {
                server_can(flavor, None, ViewKind::Timeline, a)
            })
        };
        let mastodon = offered(Flavor::Mastodon);
        let misskey = offered(Flavor::Misskey);
        for misskeys in [
            Action::Antennas,
            Action::Clip,
            Action::Social,
            Action::React,
        ] {
            assert!(!mastodon.contains(&misskeys), "{misskeys:?}");
            assert!(misskey.contains(&misskeys), "{misskeys:?}");
        }
        for mastodons in [Action::FollowTag, Action::FollowedTags, Action::Favourites] {
            assert!(mastodon.contains(&mastodons), "{mastodons:?}");
            assert!(!misskey.contains(&mastodons), "{mastodons:?}");
        }
        // What both have is offered on both, once.
        for both in [Action::Favourite, Action::Translate, Action::Quit] {
            assert_eq!(mastodon.iter().filter(|a| **a == both).count(), 1);
            assert!(misskey.contains(&both));
        }
    }

    /// Whether `action` is offered in a timeline.
    fn in_timeline(flavor: Flavor, rules: Option<&ComposeRules>, action: Action) -> bool {
        server_can(flavor, rules, ViewKind::Timeline, action)
    }

    #[test]
    fn translation_is_offered_until_the_server_says_it_has_no_translator() {
        let mut rules = ComposeRules::mastodon_defaults();
        rules.can_translate = false;
        assert!(in_timeline(Flavor::Mastodon, None, Action::Translate));
        assert!(!in_timeline(
            Flavor::Mastodon,
            Some(&rules),
            Action::Translate
        ));
        rules.can_translate = true;
        assert!(in_timeline(
            Flavor::Misskey,
            Some(&rules),
            Action::Translate
        ));
    }

    #[test]
    fn editing_and_quoting_are_offered_where_the_servers_rules_allow_them() {
        let mut rules = ComposeRules::mastodon_defaults();
        for action in [Action::Edit, Action::History, Action::Quote] {
            assert!(in_timeline(Flavor::Misskey, None, action), "{action:?}");
        }
        (rules.can_edit, rules.can_quote) = (false, true);
        assert!(!in_timeline(Flavor::Misskey, Some(&rules), Action::Edit));
        assert!(!in_timeline(Flavor::Misskey, Some(&rules), Action::History));
        assert!(in_timeline(Flavor::Misskey, Some(&rules), Action::Quote));
        // The lists screen's edit key opens a list's options: not a post's edit.
        let on_lists = server_can(Flavor::Misskey, Some(&rules), ViewKind::Lists, Action::Edit);
        assert!(on_lists);
        (rules.can_edit, rules.can_quote) = (true, false);
        assert!(in_timeline(Flavor::Mastodon, Some(&rules), Action::History));
        assert!(!in_timeline(Flavor::Mastodon, Some(&rules), Action::Quote));
    }
}
