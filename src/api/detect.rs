//! Which API a server speaks: NodeInfo's `software.name` first, then probing each API.

use std::sync::Arc;

use serde_json::{Value, json};
use url::Url;

use super::http::{self, Token};
use super::mastodon::Mastodon;
use super::misskey::Misskey;
pub use super::nodeinfo::{Flavor, flavor_of_software};
use super::nodeinfo::{is_unreachable, nodeinfo_software};
use super::{ApiError, Backend};

/// Finds out which API `base` speaks.
pub async fn detect(client: &reqwest::Client, base: &Url) -> Result<Flavor, ApiError> {
    match nodeinfo_software(client, base).await? {
        Some(name) => match flavor_of_software(&name) {
            Some(flavor) => {
                tracing::info!(%name, ?flavor, "detected by NodeInfo");
                return Ok(flavor);
            }
            None => tracing::info!(%name, "unknown software in NodeInfo; probing"),
        },
        None => tracing::info!("no usable NodeInfo; probing"),
    }
    if answers_json(
        client
            .post(http::endpoint(base, "api/meta"))
            .json(&json!({ "detail": false })),
    )
    .await?
    {
        return Ok(Flavor::Misskey);
    }
    if answers_json(client.get(http::endpoint(base, "api/v1/instance"))).await? {
        return Ok(Flavor::Mastodon);
    }
    Err(ApiError::Unsupported(format!(
        "{} answered neither the Mastodon nor the Misskey API; is it a fediverse server?",
        base.host_str().unwrap_or("the server")
    )))
}

/// Connects to `base` with the backend for `flavor`.
pub fn backend(
    flavor: Flavor,
    client: reqwest::Client,
    base: Url,
    token: Option<Token>,
    page_size: u32,
) -> Arc<dyn Backend> {
    match flavor {
        Flavor::Mastodon => Arc::new(Mastodon::new(client, base, token, page_size)),
        Flavor::Misskey => Arc::new(Misskey::new(client, base, token, page_size)),
    }
}

/// Whether the request is answered with a JSON object. Failing to reach the server at all is
/// an error (DNS, TLS, refused, timeout), not a "no".
async fn answers_json(request: reqwest::RequestBuilder) -> Result<bool, ApiError> {
    match http::send(request).await {
        Ok(reply) => {
            Ok(reply.status.is_success() && matches!(reply.json::<Value>(), Ok(Value::Object(_))))
        }
        Err(e) if is_unreachable(&e) => Err(e),
        Err(_) => Ok(false),
    }
}
