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

/// Opens `url` without waiting for the browser. `Err` means the user must be shown the URL.
pub fn open(url: &str) -> Result<(), String> {
    if !can_open() {
        return Err("no browser can be opened in this session".into());
    }
    open::that_detached(url).map_err(|e| {
        tracing::warn!(error = %e, "could not open the browser");
        e.to_string()
    })
}
