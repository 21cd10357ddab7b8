//! What software a server runs, by NodeInfo, and which API family that software speaks.

use serde::Deserialize;
use url::Url;

use super::ApiError;
use super::http;

/// The two API families skua speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavor {
    Mastodon,
    Misskey,
}

/// Software known to speak the Misskey API; everything else named in NodeInfo is tried as
/// Mastodon-compatible only if it is in [`MASTODON_FAMILY`], else probed.
const MISSKEY_FAMILY: &[&str] = &[
    "misskey",
    "sharkey",
    "cherrypick",
    "iceshrimp",
    "firefish",
    "foundkey",
    "calckey",
    "meisskey",
];
const MASTODON_FAMILY: &[&str] = &[
    "mastodon",
    "hometown",
    "glitch",
    "gotosocial",
    "pleroma",
    "akkoma",
    "hollo",
    "iceshrimp.net",
    "fedibird",
    "kmyblue",
    "friendica",
    "pixelfed",
    "takahe",
    "mitra",
];

pub fn flavor_of_software(name: &str) -> Option<Flavor> {
    let name = name.to_ascii_lowercase();
    if MISSKEY_FAMILY.contains(&name.as_str()) {
        Some(Flavor::Misskey)
    } else if MASTODON_FAMILY.contains(&name.as_str()) {
        Some(Flavor::Mastodon)
    } else {
        None
    }
}

/// Failing to reach the server at all (DNS, TLS, refused, timeout), as opposed to an answer.
pub(crate) fn is_unreachable(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Network(_) | ApiError::Timeout | ApiError::Redirected(_)
    )
}

/// The software NodeInfo names, if the server has a usable NodeInfo.
pub(crate) async fn nodeinfo_software(
    client: &reqwest::Client,
    base: &Url,
) -> Result<Option<String>, ApiError> {
    match http::send(client.get(http::endpoint(base, ".well-known/nodeinfo"))).await {
        Err(e) if is_unreachable(&e) => Err(e),
        Err(_) => Ok(None),
        Ok(index) => Ok(nodeinfo_from_index(client, base, index).await),
    }
}

async fn nodeinfo_from_index(
    client: &reqwest::Client,
    base: &Url,
    index: http::Reply,
) -> Option<String> {
    #[derive(Deserialize)]
    struct Index {
        links: Vec<IndexLink>,
    }
    #[derive(Deserialize)]
    struct IndexLink {
        rel: String,
        href: String,
    }
    #[derive(Deserialize)]
    struct NodeInfo {
        software: Software,
    }
    #[derive(Deserialize)]
    struct Software {
        name: String,
    }
    let index: Index = index.status.is_success().then(|| index.json().ok())??;
    // Prefer the newest schema the server offers.
    let mut links: Vec<&IndexLink> = index
        .links
        .iter()
        .filter(|l| {
            l.rel
                .starts_with("http://nodeinfo.diaspora.software/ns/schema/")
        })
        .collect();
    links.sort_by(|a, b| b.rel.cmp(&a.rel));
    let href = Url::parse(&links.first()?.href).ok()?;
    // NodeInfo may only send us to the same server: never follow it elsewhere.
    if href.host_str() != base.host_str()
        || href.port_or_known_default() != base.port_or_known_default()
    {
        tracing::warn!(%href, "NodeInfo points to another host; ignored");
        return None;
    }
    let reply = http::send(client.get(href)).await.ok()?;
    let info: NodeInfo = reply.status.is_success().then(|| reply.json().ok())??;
    Some(info.software.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn software_families() {
        for name in ["misskey", "Sharkey", "cherrypick", "iceshrimp", "firefish"] {
            assert_eq!(flavor_of_software(name), Some(Flavor::Misskey), "{name}");
        }
        for name in [
            "mastodon",
            "gotosocial",
            "pleroma",
            "akkoma",
            "hollo",
            "iceshrimp.net",
        ] {
            assert_eq!(flavor_of_software(name), Some(Flavor::Mastodon), "{name}");
        }
        assert_eq!(flavor_of_software("something-new"), None);
    }
}
