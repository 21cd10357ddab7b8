//! Opening URLs in a browser, only where one can actually appear.

/// Whether a browser started from here would show up in front of the user: not over SSH
/// without a forwarded display, and not on a Linux console without X or Wayland.
pub fn can_open() -> bool {
    let has = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let over_ssh = has("SSH_CONNECTION") || has("SSH_TTY") || has("SSH_CLIENT");
    if cfg!(target_os = "macos") || cfg!(windows) {
        return !over_ssh;
    }
    has("DISPLAY") || has("WAYLAND_DISPLAY")
}

/// What the user is told where no browser can appear.
pub const NO_BROWSER: &str = "No browser could be opened here. Open this address yourself:";

/// Why `url` is never handed to the system, if it is not: only web addresses are, as a
/// server's link could otherwise name a `file:`, `javascript:` or custom scheme that the
/// desktop would act on.
pub fn refuse(url: &str) -> Option<String> {
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => None,
        Ok(parsed) => Some(format!(
            "skua opens only web addresses (http, https), not `{}:` ones.",
            crate::sanitize::line(parsed.scheme())
        )),
        Err(_) => Some("This is not a valid web address, so skua did not open it.".into()),
    }
}

/// Opens `url` without waiting for the browser. `Err` says why it was not opened; the user
/// must then be shown the URL.
pub fn open(url: &str) -> Result<(), String> {
    if let Some(reason) = refuse(url) {
        return Err(reason);
    }
    if !can_open() {
        return Err(NO_BROWSER.into());
    }
    open::that_detached(url).map_err(|e| {
        tracing::warn!(error = %e, "could not open the browser");
        format!("The browser could not be started ({e}). Open this address yourself:")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_handed_to_the_system() {
        for url in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ssh://host/",
            "x-custom-handler:run",
        ] {
            let reason = open(url).unwrap_err();
            assert!(reason.contains("only web addresses"), "{url}: {reason}");
        }
        assert!(
            open("not a url")
                .unwrap_err()
                .contains("not a valid web address")
        );
    }
}
