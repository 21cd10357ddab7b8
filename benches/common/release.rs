//! The skua executable users run, as `cargo build --release` makes it.
//!
//! `cargo bench` builds its own with the dev-dependencies' features merged in (libc's
//! `extra_traits`, rustix's `fs`…), which changes most symbol hashes, and so the code layout
//! `assets/startup-order.txt` gives (`build.rs`): figures about starts are taken on the real one.
#![allow(dead_code)] // shared by the benches, which use different parts

use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Builds it (once a run; at once when it is up to date) and gives its path.
pub fn skua() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| {
        let mut cargo = Command::new(env!("CARGO"));
        // Without what cargo set for this bench (its OUT_DIR, CARGO_PKG_NAME…): build scripts
        // that watch those (ring's) would otherwise run again, and their dependents rebuild.
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy();
            let set_for_us = [
                "CARGO_PKG_",
                "CARGO_MANIFEST_",
                "CARGO_BIN_EXE_",
                "CARGO_CRATE_",
            ]
            .iter()
            .any(|prefix| key.starts_with(prefix));
            if set_for_us || key == "OUT_DIR" || key == "CARGO_PRIMARY_PACKAGE" {
                cargo.env_remove(&*key);
            }
        }
        let output = cargo
            .args(["build", "--release", "--locked", "--bin", "skua"])
            .arg("--message-format=json-render-diagnostics")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(Stdio::inherit())
            .output()
            .expect("running cargo");
        assert!(output.status.success(), "cargo build --release failed");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .find_map(|message| {
                (message["reason"] == "compiler-artifact" && message["target"]["name"] == "skua")
                    .then(|| message["executable"].as_str().map(str::to_owned))
                    .flatten()
            })
            .expect("cargo named the skua executable")
    })
}

/// The sizes in bytes of the sections of the ELF executable at `path` whose names start with
/// `prefix`, by name: how much code `build.rs` laid out for the start (`.text.skua_start`
/// holds the functions recorded by name, `.text.skua_start_kin` their other instances).
pub fn section_sizes(path: &str, prefix: &str) -> Vec<(String, u64)> {
    let elf = std::fs::read(path).unwrap();
    let u16_at = |at: usize| u16::from_le_bytes(elf[at..at + 2].try_into().unwrap()) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(elf[at..at + 4].try_into().unwrap()) as usize;
    let u64_at = |at: usize| u64::from_le_bytes(elf[at..at + 8].try_into().unwrap());
    if elf.get(..5) != Some(b"\x7fELF\x02") {
        return Vec::new(); // not a 64-bit ELF file
    }
    let (table, entry, count) = (u64_at(0x28) as usize, u16_at(0x3a), u16_at(0x3c));
    let header = |index: usize| table + index * entry;
    let names = u64_at(header(u16_at(0x3e)) + 0x18) as usize;
    (0..count)
        .filter_map(|index| {
            let name_at = names + u32_at(header(index));
            let end = elf[name_at..].iter().position(|&b| b == 0)?;
            let name = String::from_utf8_lossy(&elf[name_at..name_at + end]);
            name.starts_with(prefix)
                .then(|| (name.into_owned(), u64_at(header(index) + 0x20)))
        })
        .collect()
}
