//! A change to the user's lists, as one unit: shown on screen at once, sent in the order the
//! server needs, and undone on screen with what was not done when the server refuses.

use super::{Account, ApiError, Backend, List, ListSettings, PartlyDone};

/// A change to lists, already shown on screen; it carries what is needed to undo it there if
/// the server refuses.
#[derive(Debug, Clone, PartialEq)]
pub enum ListChange {
    Create {
        /// The id the list is shown under until the server gives it one.
        placeholder: String,
        title: String,
        settings: ListSettings,
        /// An account to put on the new list once it exists.
        then_add: Option<Account>,
    },
    Update {
        before: List,
        after: List,
    },
    Delete {
        list: List,
        /// Where it was among the lists, to put it back.
        index: usize,
    },
    Add {
        list: String,
        account: Account,
        /// Follow the account first (Mastodon only lists followed accounts).
        follow_first: bool,
    },
    Remove {
        list: String,
        accounts: Vec<Account>,
    },
}

/// Applies a change; on a failure the change returned is what was not done (a removal that
/// stopped part-way names only the accounts still on the list).
impl ListChange {
    pub async fn apply(
        self,
        backend: &dyn Backend,
    ) -> (ListChange, Result<Option<List>, ApiError>) {
        let change = self;
        let result = match &change {
            ListChange::Create {
                title, settings, ..
            } => backend.create_list(title, settings).await.map(Some),
            ListChange::Update { after, .. } => backend
                .update_list(&after.id, &after.title, &after.settings)
                .await
                .map(Some),
            ListChange::Delete { list, .. } => backend.delete_list(&list.id).await.map(|()| None),
            ListChange::Add {
                list,
                account,
                follow_first,
            } => {
                async {
                    if *follow_first {
                        backend.follow(account).await?;
                    }
                    backend.add_to_list(list, account).await.map(|()| None)
                }
                .await
            }
            ListChange::Remove { list, accounts } => {
                match backend.remove_from_list(list, accounts).await {
                    Ok(()) => Ok(None),
                    Err(PartlyDone { done, error }) => {
                        let not_removed = ListChange::Remove {
                            list: list.clone(),
                            accounts: accounts[done..].to_vec(),
                        };
                        return (not_removed, Err(error));
                    }
                }
            }
        };
        (change, result)
    }
}
