//! List management through both backends against the local demo server: every operation, the
//! errors a user meets (each said in a sentence), and paging through long member lists.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use skua::api::detect::Flavor;
use skua::api::{Account, ApiError, Backend, ListSettings, Lists, RepliesPolicy};
use skua::demo::{DemoServer, Fault};

const FLAVORS: [Flavor; 2] = [Flavor::Mastodon, Flavor::Misskey];

async fn start(flavor: Flavor) -> (DemoServer, Arc<dyn Backend>) {
    let server = DemoServer::start_as(common::fixed_data(), flavor)
        .await
        .unwrap();
    let backend: Arc<dyn Backend> = match flavor {
        Flavor::Mastodon => Arc::new(common::client(&server, Duration::from_secs(10), 20)),
        Flavor::Misskey => Arc::new(common::misskey_client(&server, Duration::from_secs(10), 20)),
    };
    (server, backend)
}

async fn account(backend: &dyn Backend, acct: &str) -> Account {
    backend.lookup_account(acct).await.unwrap()
}

fn server_list(server: &DemoServer, id: &str) -> Option<(String, Vec<String>)> {
    server.with_data(|d| {
        d.lists
            .iter()
            .find(|l| l.id == id)
            .map(|l| (l.title.clone(), l.members.clone()))
    })
}

#[tokio::test]
async fn create_rename_change_options_and_delete_on_both() {
    for flavor in FLAVORS {
        let (server, backend) = start(flavor).await;
        let created = backend
            .create_list("Birders", &ListSettings::default())
            .await
            .unwrap();
        assert_eq!(created.title, "Birders");
        assert_eq!(server_list(&server, &created.id).unwrap().0, "Birders");
        let listed = backend.lists().await.unwrap();
        assert!(listed.iter().any(|l| l.id == created.id), "{flavor:?}");

        // Each family has its own options; the other family's are absent, not faked.
        let mut settings = created.settings;
        match flavor {
            Flavor::Mastodon => {
                assert_eq!(settings.public, None);
                settings.replies_policy = Some(RepliesPolicy::None);
                settings.exclusive = Some(true);
            }
            Flavor::Misskey => {
                assert_eq!((settings.replies_policy, settings.exclusive), (None, None));
                assert_eq!(settings.public, Some(false));
                settings.public = Some(true);
            }
        }
        let renamed = backend
            .update_list(&created.id, "Bird watchers", &settings)
            .await
            .unwrap();
        assert_eq!(renamed.title, "Bird watchers");
        assert_eq!(renamed.settings, settings, "{flavor:?}");
        let stored = server.with_data(|d| {
            let l = d.lists.iter().find(|l| l.id == created.id).unwrap().clone();
            (l.title, l.replies_policy, l.exclusive, l.public)
        });
        match flavor {
            Flavor::Mastodon => assert_eq!(
                stored,
                (
                    "Bird watchers".into(),
                    Some("none".into()),
                    Some(true),
                    false
                )
            ),
            Flavor::Misskey => assert_eq!(stored.0, "Bird watchers"),
        }
        if flavor == Flavor::Misskey {
            assert!(stored.3);
        }

        // Misskey answers 204 with no body here; that is a success, not a decode error.
        backend.delete_list(&created.id).await.unwrap();
        assert!(server_list(&server, &created.id).is_none());
        let again = backend.delete_list(&created.id).await.unwrap_err();
        assert_eq!(
            again,
            ApiError::NotFound("that list does not exist (any more)".into()),
            "{flavor:?}"
        );
    }
}

#[tokio::test]
async fn members_are_added_removed_and_found_per_account_on_both() {
    for flavor in FLAVORS {
        let (server, backend) = start(flavor).await;
        let alice = account(backend.as_ref(), "@alice").await;
        let news = "4";
        backend.add_to_list(news, &alice).await.unwrap();
        assert!(server_list(&server, news).unwrap().1.contains(&alice.id));
        let mut of_alice = backend.lists_of(&alice).await.unwrap();
        of_alice.sort();
        assert_eq!(of_alice, vec!["1", "4"], "{flavor:?}");
        let members = backend.list_members(news, None).await.unwrap();
        assert!(members.accounts.iter().any(|a| a.acct == "alice"));
        assert_eq!(members.accounts.len(), 3);

        let again = backend.add_to_list(news, &alice).await.unwrap_err();
        let ApiError::Invalid(message) = again else {
            panic!("{flavor:?}: {again:?}")
        };
        assert!(message.contains("already"), "{message}");

        let bob = account(backend.as_ref(), "bob").await;
        backend
            .remove_from_list("1", &[alice.clone(), bob.clone()])
            .await
            .unwrap();
        let left = server_list(&server, "1").unwrap().1;
        assert!(!left.contains(&alice.id) && !left.contains(&bob.id));
        assert_eq!(left.len(), 3);

        let missing = backend.add_to_list("999", &alice).await.unwrap_err();
        assert_eq!(
            missing,
            ApiError::NotFound("that list does not exist (any more)".into()),
            "{flavor:?}"
        );
    }
}

#[tokio::test]
async fn mastodon_only_lists_followed_accounts_and_says_so() {
    let (server, backend) = start(Flavor::Mastodon).await;
    let uma = account(backend.as_ref(), "uma").await;
    let refused = backend.add_to_list("1", &uma).await.unwrap_err();
    assert_eq!(refused, ApiError::NotFollowing("uma".into()));
    assert_eq!(
        refused.to_string(),
        "you do not follow @uma, and Mastodon only puts accounts you follow on lists"
    );
    // The 404 was told apart from a missing list by asking for the relationship.
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.path == "/api/v1/accounts/relationships" && r.param("id[]") == Some(&uma.id))
    );
    backend.follow(&uma).await.unwrap();
    backend.add_to_list("1", &uma).await.unwrap();
    assert!(server_list(&server, "1").unwrap().1.contains(&uma.id));

    // Misskey has no such rule.
    let (server, backend) = start(Flavor::Misskey).await;
    let uma = account(backend.as_ref(), "uma").await;
    backend.add_to_list("1", &uma).await.unwrap();
    assert!(server_list(&server, "1").unwrap().1.contains(&uma.id));
}

fn invalid_text(error: ApiError) -> String {
    match error {
        ApiError::Invalid(message) | ApiError::Forbidden(message) | ApiError::NotFound(message) => {
            message
        }
        lacks @ ApiError::Lacks(_) => lacks.to_string(),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn server_rules_are_explained_in_a_sentence_on_both() {
    for flavor in FLAVORS {
        let (server, backend) = start(flavor).await;
        let blank = backend
            .create_list("  ", &ListSettings::default())
            .await
            .unwrap_err();
        assert!(
            invalid_text(blank).starts_with("a list needs a title"),
            "{flavor:?}"
        );

        server.with_data(|d| d.list_limit = Some(4));
        let too_many = invalid_text(
            backend
                .create_list("Fifth", &ListSettings::default())
                .await
                .unwrap_err(),
        );
        assert!(too_many.contains("maximum number of lists") || too_many.contains("as many lists"));

        server.with_data(|d| d.member_limit = Some(2));
        let hana = account(backend.as_ref(), "hana@mstdn.example.jp").await;
        let full = backend.add_to_list("4", &hana).await.unwrap_err();
        assert!(invalid_text(full).contains("members"), "{flavor:?}");
    }

    // Misskey's codes, each its own sentence.
    let (server, backend) = start(Flavor::Misskey).await;
    let ghost = Account {
        id: "nobody".into(),
        username: "ghost".into(),
        acct: "ghost".into(),
        display_name: String::new(),
        url: None,
        bot: false,
    };
    assert_eq!(
        backend.add_to_list("1", &ghost).await.unwrap_err(),
        ApiError::NotFound("that user does not exist (any more)".into())
    );
    let misskey_error = |code: &str| {
        Fault::status(
            400,
            &json!({ "error": { "code": code, "message": "x", "id": "0" } }).to_string(),
        )
    };
    let alice = account(backend.as_ref(), "alice").await;
    server.fail_times(
        "/api/users/lists/push",
        misskey_error("YOU_HAVE_BEEN_BLOCKED"),
        1,
    );
    assert_eq!(
        invalid_text(backend.add_to_list("4", &alice).await.unwrap_err()),
        "that user has blocked you, so they cannot be on your lists"
    );
    server.fail_times(
        "/api/users/lists/create",
        Fault::status(
            403,
            &json!({ "error": { "code": "PERMISSION_DENIED", "message": "Your app does not have the necessary permissions to use this endpoint.", "id": "1" } })
                .to_string(),
        ),
        1,
    );
    let denied = invalid_text(
        backend
            .create_list("Mine", &ListSettings::default())
            .await
            .unwrap_err(),
    );
    assert_eq!(
        denied,
        "your login lacks the write:account permission; skua offers to approve it"
    );

    // Mastodon's missing scope, named.
    let (server, backend) = start(Flavor::Mastodon).await;
    let alice = account(backend.as_ref(), "alice").await;
    server.fail_times(
        "/api/v1/lists/",
        Fault::status(
            403,
            r#"{"error":"This action is outside the authorized scopes"}"#,
        ),
        2,
    );
    let denied = invalid_text(backend.add_to_list("4", &alice).await.unwrap_err());
    assert!(denied.contains("write:lists"), "{denied}");
    let denied = invalid_text(
        backend
            .remove_from_list("1", &[alice])
            .await
            .unwrap_err()
            .error,
    );
    assert!(
        denied.contains("write:lists") && denied.contains("offers to approve it"),
        "{denied}"
    );
}

/// Puts `count` extra accounts on list 1.
fn crowd_list_one(server: &DemoServer, count: usize) {
    server.with_data(|d| {
        for i in 0..count {
            let id = format!("{}", 300_000 + i);
            d.accounts.push(json!({
                "id": id, "username": format!("member{i}"), "acct": format!("member{i}@many.example"),
                "display_name": format!("Member {i}"), "url": format!("https://many.example/@member{i}"),
                "bot": false, "avatar": "", "note": "", "emojis": []
            }));
            d.following.push(id.clone());
            d.lists[0].members.push(id);
        }
    });
}

#[tokio::test]
async fn paging_through_more_than_200_members_on_both() {
    for flavor in FLAVORS {
        let (server, backend) = start(flavor).await;
        crowd_list_one(&server, 250);
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let page = backend.list_members("1", cursor.as_deref()).await.unwrap();
            pages += 1;
            seen.extend(page.accounts.into_iter().map(|a| a.id));
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
            assert!(pages < 20, "paging does not end");
        }
        let total = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!((total, seen.len()), (255, 255), "{flavor:?}");
        assert!(pages >= 3, "{flavor:?}: {pages} pages");
        if flavor == Flavor::Mastodon {
            // Later pages are exactly the server's Link URLs.
            let member_requests = server.requests_to("/api/v1/lists/1/accounts");
            assert_eq!(member_requests.len(), pages);
            assert!(
                member_requests[1..]
                    .iter()
                    .all(|r| r.param("max_id").is_some())
            );
        }
    }
}

#[tokio::test]
async fn misskey_servers_without_get_memberships_page_through_the_lists_ids() {
    let (server, backend) = start(Flavor::Misskey).await;
    crowd_list_one(&server, 250);
    server.fail(
        "/api/users/lists/get-memberships",
        Fault::status(
            404,
            &json!({ "error": { "code": "NO_SUCH_ENDPOINT", "message": "No such endpoint.", "id": "0" } })
                .to_string(),
        ),
    );
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = backend.list_members("1", cursor.as_deref()).await.unwrap();
        seen.extend(page.accounts.into_iter().map(|a| a.id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let expected = server.with_data(|d| d.lists[0].members.clone());
    assert_eq!(seen, expected, "every member, in the list's order");
    let hydrations = server.requests_to("/api/users/show").len();
    assert_eq!(hydrations, 3, "100 users per call");
}

#[tokio::test]
async fn a_next_page_link_to_another_server_is_not_followed() {
    let (server, backend) = start(Flavor::Mastodon).await;
    let error = backend
        .list_members(
            "1",
            Some("http://elsewhere.example/api/v1/lists/1/accounts?max_id=5"),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, ApiError::Decode(_)), "{error:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn accounts_are_searched_and_looked_up_on_both() {
    for flavor in FLAVORS {
        let (_server, backend) = start(flavor).await;
        let found = backend.search_accounts("ali").await.unwrap();
        assert!(found.iter().any(|a| a.acct == "alice"), "{flavor:?}");
        let remote = account(backend.as_ref(), "@hana@mstdn.example.jp").await;
        assert_eq!(remote.acct, "hana@mstdn.example.jp");
        let missing = backend
            .lookup_account("@nobody@nowhere.example")
            .await
            .unwrap_err();
        assert_eq!(
            missing,
            ApiError::NotFound("no account @nobody@nowhere.example".into()),
            "{flavor:?}"
        );
        let counts = backend.member_count("1").await.unwrap();
        assert_eq!(counts, 5, "{flavor:?}");
    }
}

#[tokio::test]
async fn mastodon_member_counts_page_through_instead_of_asking_for_everyone_at_once() {
    let server = common::server().await;
    server.with_data(|d| {
        let template = d.accounts[0].clone();
        for n in 0..170 {
            let mut extra = template.clone();
            extra["id"] = json!(format!("{}", 900_000 + n));
            extra["username"] = json!(format!("extra{n}"));
            extra["acct"] = json!(format!("extra{n}"));
            d.accounts.push(extra);
            d.lists[0].members.push(format!("{}", 900_000 + n));
        }
    });
    let expected = server.with_data(|d| d.lists[0].members.len());
    let backend = common::client(&server, Duration::from_secs(5), 20);
    let id = server.with_data(|d| d.lists[0].id.clone());
    assert_eq!(backend.member_count(&id).await.unwrap(), expected);
    let asked = server.requests_to(&format!("/api/v1/lists/{id}/accounts"));
    assert_eq!(
        asked.len(),
        expected.div_ceil(80),
        "one request per page of 80"
    );
    assert!(asked.iter().all(|r| r.param("limit") != Some("0")));
}
