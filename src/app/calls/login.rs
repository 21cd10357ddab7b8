//! A step of logging in to another account from inside the TUI, for one login attempt (an
//! answer to an attempt given up on is dropped when it lands).

use async_trait::async_trait;

use super::land;
use crate::api::ApiError;
use crate::fetcher::{Call, Landed, Net};
use crate::login::{LoginEvent, LoginStep};

/// Logged as the step's redacted form: no code or session in the log.
#[derive(Debug)]
pub struct Login {
    pub attempt: u64,
    pub step: LoginStep,
}

#[async_trait]
impl Call for Login {
    type Output = LoginEvent;
    // Each step is the user's; a failure is theirs to see.
    const RETRIED: bool = false;

    /// Goes to the server being logged in to, not the account's: through the shared client.
    /// A step's failure is a sentence inside its [`LoginEvent`].
    async fn fetch(&self, net: &Net<'_>) -> Result<LoginEvent, ApiError> {
        Ok(crate::login::take_step(net.client, self.step.clone()).await)
    }

    fn arrived(self: Box<Self>, result: Result<LoginEvent, ApiError>) -> Landed {
        let attempt = self.attempt;
        let event = result.unwrap_or_else(|error| LoginEvent::Done(Err(error.to_string())));
        land(move |app| app.login_event(attempt, event))
    }
}
