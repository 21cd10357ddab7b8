//! Reporting abuse on both families: from a post (the post goes with the account), with a
//! reason, the server's rules, a comment, forwarding to a remote server, and a block in the
//! same go; the server receives exactly that. Against the local demo server.

use crate::common;

use common::Harness;
use insta::assert_snapshot;
use serde_json::{Value, json};
use skua::state::report::ReportField;

const SMALL: (u16, u16) = (80, 24);

fn reports(h: &Harness) -> Vec<Value> {
    h.server.with_data(|d| d.reports.clone())
}

#[tokio::test]
async fn a_post_is_reported_for_broken_rules_forwarded_and_its_author_blocked() {
    let mut h = Harness::start(SMALL).await;
    // A remote author's post: the report may go to their server too.
    h.select_first(|p, e| p.author.acct.contains('@') && e.boosted_by.is_none())
        .await;
    let post = h.app.selected_post().unwrap().clone();
    h.press(":report<enter>").await;
    // Why: spam, legal, then the server's rules.
    h.press("  ").await;
    assert_snapshot!("report_80x24", h.screen());
    // The second rule marked, a comment, forwarded, and blocked too.
    h.press("<tab><tab> <tab><tab>keeps posting gore<tab> <tab>  <enter>")
        .await;
    let sent = reports(&h);
    assert_eq!(sent.len(), 1, "{sent:?}");
    let report = &sent[0];
    assert_eq!(report["account_id"], post.author.id.as_str());
    assert_eq!(report["status_ids"], json!([post.id]));
    assert_eq!(report["category"], "violation");
    assert_eq!(report["rule_ids"], json!(["2"]));
    assert_eq!(report["comment"], "keeps posting gore");
    assert_eq!(report["forward"], true);
    let screen = h.screen();
    assert!(
        screen.contains(&format!(
            "@{} reported to the moderators and blocked",
            post.author.acct
        )),
        "{screen}"
    );
    let blocked = h.server.with_data(|d| d.relationship(&post.author.id));
    assert_eq!(blocked["blocking"], true);
}

#[tokio::test]
async fn a_violation_needs_a_rule_and_a_refused_report_keeps_the_form() {
    let mut h = Harness::start(SMALL).await;
    h.press(":report<enter>").await;
    h.press("  <enter>").await;
    assert!(
        h.screen().contains("mark the rules broken (Space)"),
        "{}",
        h.screen()
    );
    assert!(reports(&h).is_empty());
    h.server.fail(
        "/api/v1/reports",
        skua::demo::Fault::status(422, r#"{"error":"Validation failed: Comment is too long"}"#),
    );
    h.press("<tab> <enter>").await;
    let screen = h.screen();
    assert!(screen.contains("not reported"), "{screen}");
    assert!(screen.contains("Validation failed"), "{screen}");
    assert!(
        screen.contains("Report to the moderators"),
        "still open: {screen}"
    );
}

#[tokio::test]
async fn misskey_takes_the_reason_rules_and_posts_in_the_comment() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.select_first(|p, e| e.boosted_by.is_none() && p.url.is_some())
        .await;
    let post = h.app.selected_post().unwrap().clone();
    // Why: a broken rule, the first; then the comment, past the other two.
    h.press(":report<enter>").await;
    h.press("  <tab> <tab><tab><tab>see the post<c-s>").await;
    let sent = reports(&h);
    assert_eq!(sent.len(), 1, "{}", h.screen());
    assert_eq!(sent[0]["userId"], post.author.id.as_str());
    let comment = sent[0]["comment"].as_str().unwrap();
    assert_eq!(
        comment,
        format!(
            "[violation]\nrule: Be kind: no harassment, no hate.\npost: {}\nsee the post",
            post.url.unwrap()
        )
    );
}

/// A comment of several lines keeps them: Enter starts a line there, and the send key sends
/// from the comment as Enter does from the other fields.
#[tokio::test]
async fn a_comment_of_several_lines_is_sent_with_its_lines() {
    let mut h = Harness::start(SMALL).await;
    h.press(":report<enter>").await;
    // Why: spam, as it starts; then to the comment.
    while h.app.state.popup.as_ref().is_some_and(
        |p| matches!(p, skua::state::Popup::Report(f) if f.field != ReportField::Comment),
    ) {
        h.press("<tab>").await;
    }
    h.press("same link<enter>in every reply").await;
    let screen = h.screen();
    assert!(screen.contains("Enter new line · Ctrl-s send"), "{screen}");
    assert!(screen.contains("same link"), "{screen}");
    assert!(screen.contains("in every reply"), "{screen}");
    assert!(reports(&h).is_empty(), "Enter sent nothing");
    h.press("<c-s>").await;
    let sent = reports(&h);
    assert_eq!(sent.len(), 1, "{}", h.screen());
    assert_eq!(sent[0]["comment"], "same link\nin every reply");
}

#[tokio::test]
async fn your_own_post_is_not_reported() {
    let mut h = Harness::start(SMALL).await;
    h.press("n").await;
    h.press("mine<c-s>").await;
    let me = h.server.with_data(|d| d.me.clone());
    h.select_first(|p, _| p.author.id == me).await;
    h.press(":report<enter>").await;
    assert!(h.screen().contains("that is you"), "{}", h.screen());
}

#[tokio::test]
async fn a_misskey_login_from_before_reporting_names_the_permission_it_lacks() {
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    h.server.fail(
        "/api/users/report-abuse",
        skua::demo::Fault::status(
            403,
            r#"{"error":{"message":"Your app does not have the necessary permissions to use this endpoint.","code":"PERMISSION_DENIED","id":"1370e5b7-d4eb-4566-bb1d-7748ee6a1838","kind":"permission"}}"#,
        ),
    );
    h.press(":report<enter>").await;
    h.press("<enter>").await;
    let screen = h.screen();
    assert!(
        screen.contains("your login lacks the write:report-abuse"),
        "{screen}"
    );
    assert!(screen.contains("offers to approve it"), "{screen}");
}

#[tokio::test]
async fn a_letter_on_a_choice_never_closes_the_half_filled_form() {
    let mut h = Harness::start(SMALL).await;
    h.press(":report<enter>").await;
    h.press("<tab>something odd<tab>").await;
    // On "Then": q, n or d are not commands here.
    h.press("qnd").await;
    let screen = h.screen();
    assert!(screen.contains("Report to the moderators"), "{screen}");
    assert!(screen.contains("something odd"), "{screen}");
    // Esc closes it.
    h.press("<esc>").await;
    assert!(!h.screen().contains("Report to the moderators"));
}

#[tokio::test]
async fn a_report_refused_for_a_permission_offers_it_and_no_goes_back_to_the_form() {
    use skua::state::{AccountEntry, Popup};
    let mut h = Harness::misskey(common::fixed_data(), SMALL).await;
    let name = format!("demo@{}", h.server.url().authority());
    h.app.set_saved_accounts(
        Ok(vec![AccountEntry {
            name: name.clone(),
            server: h.server.url().to_string(),
            flavor: skua::api::detect::Flavor::Misskey,
            saved: true,
            permissions: Vec::new(),
        }]),
        Some(name),
    );
    h.server.fail(
        "/api/users/report-abuse",
        skua::demo::Fault::status(
            403,
            r#"{"error":{"message":"Your app does not have the necessary permissions to use this endpoint.","code":"PERMISSION_DENIED","id":"1370e5b7-d4eb-4566-bb1d-7748ee6a1838","kind":"permission"}}"#,
        ),
    );
    h.press(":report<enter>").await;
    h.press("<tab>spam again<c-s>").await;
    let screen = h.screen();
    assert!(
        screen.contains("did not give skua the write:report-abuse permission"),
        "offered over the form: {screen}"
    );
    h.press("n").await;
    let Some(Popup::Report(form)) = &h.app.state.popup else {
        panic!("back to the form: {}", h.screen())
    };
    assert_eq!(form.comment.text(), "spam again", "what was typed is kept");
    assert!(!form.sending, "the form takes keys again");
    assert!(
        form.error
            .as_deref()
            .is_some_and(|e| e.contains("write:report-abuse")),
        "{:?}",
        form.error
    );
}
