//! Link settings for skua's executable on Linux with glibc.
//!
//! - Packed relative relocations (DT_RELR): the 21,000 addresses the loader fixes up at every
//!   start shrink from 500 KB of table, read into memory by each run, to a few KB (peak memory
//!   down, start quicker). Linkers that do not know the option ignore it with a warning; the
//!   executable stays position independent.
//! - In release builds, the functions a start runs are laid out together (a linker script made
//!   from `assets/startup-order.txt`). The kernel maps a program's code in 64 KB runs around
//!   each page it runs: scattered over the whole 7.7 MB, a start's 2 MB of code mapped 6.8 MB;
//!   together they map little more than themselves. Skipped where another linker is chosen
//!   (mold and gold do not take such a script).
use std::path::Path;

const ORDER: &str = "assets/startup-order.txt";

fn main() {
    let var = |key: &str| std::env::var(key).unwrap_or_default();
    println!("cargo:rerun-if-changed=build.rs");
    if var("CARGO_CFG_TARGET_OS") != "linux" || var("CARGO_CFG_TARGET_ENV") != "gnu" {
        return;
    }
    println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    println!("cargo:rerun-if-changed={ORDER}");
    let linker_chosen = !var("RUSTC_LINKER").is_empty()
        || var("CARGO_ENCODED_RUSTFLAGS").contains("fuse-ld")
        || var("CARGO_ENCODED_RUSTFLAGS").contains("linker");
    if var("PROFILE") != "release" || linker_chosen {
        return;
    }
    let Ok(order) = std::fs::read_to_string(ORDER) else {
        println!("cargo:warning={ORDER} is missing: the start's code is not laid out together");
        return;
    };
    let script = Path::new(&var("OUT_DIR")).join("startup-order.ld");
    std::fs::write(&script, startup_script(&order)).expect("writing the linker script");
    println!("cargo:rustc-link-arg-bin=skua=-Wl,-T,{}", script.display());
}

/// A linker script that puts the functions `order` names (one symbol a line, `#` comments)
/// first, in that order, and then the other instances of the same generic functions: where
/// this build's symbol hashes differ from those recorded (another Rust release, other
/// dependency features), those still keep about half of the gain. `INSERT` keeps the
/// linker's own layout for everything else.
fn startup_script(order: &str) -> String {
    let names: Vec<&str> = order
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        // Only what a symbol can hold: anything else would break the script's syntax.
        .filter(|line| {
            line.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_$.".contains(&b))
        })
        .collect();
    let mut kin: Vec<String> = names.iter().filter_map(|name| without_hash(name)).collect();
    kin.sort();
    kin.dedup();
    // LLVM puts the functions it thinks cold in `.text.unlikely.` sections. (`.text.*name`
    // would say it shorter, but a leading wildcard makes the link five times slower.)
    let rules = |patterns: &mut dyn Iterator<Item = &str>| {
        patterns
            .map(|pattern| format!("    *(.text.{pattern} .text.unlikely.{pattern})\n"))
            .collect::<String>()
    };
    format!(
        "SECTIONS {{\n  .text.skua_start : {{\n{}  }}\n  .text.skua_start_kin : {{\n{}  }}\n}} INSERT BEFORE .text;\n",
        rules(&mut names.iter().copied()),
        rules(&mut kin.iter().map(String::as_str)),
    )
}

/// `name` with its legacy-mangling hash (`17h` and 16 hex digits) and any `.llvm.` suffix
/// replaced by a wildcard; `None` for names without one.
fn without_hash(name: &str) -> Option<String> {
    let name = name.split(".llvm.").next()?;
    let stem = name.strip_suffix('E')?;
    let (path, hash) = stem.split_at_checked(stem.len().checked_sub(19)?)?;
    let hex = hash.strip_prefix("17h")?;
    hex.bytes()
        .all(|b| b.is_ascii_hexdigit())
        .then(|| format!("{path}17h*"))
}
