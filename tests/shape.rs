//! The shape of the source tree: which modules import which, checked so that it stays.
//!
//! Every top-level module of `src/` has a layer (`LAYERS`, lowest first). An import from a module
//! to one in a higher layer fails, and so does any cycle between files outside `demo/`, and any
//! file outside `demo/` and tests longer than `MAX_LINES`.
//! `cargo test --test shape -- --nocapture` prints the layers with their sizes, what each imports,
//! and the largest files.
//!
//! Imports are read from the source text: `use` trees and `crate::`/`super::` paths, with
//! comments, strings and `#[cfg(test)]` items left out (tests may reach anywhere).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// No file may be longer than this, outside `demo/` (a fake server, one route per function).
const MAX_LINES: usize = 700;

/// Top-level modules, lowest first. A module may import only from modules below it.
const LAYERS: &[&[&str]] = &[
    // Leaves: no skua imports at all.
    &[
        "sanitize",
        "files",
        "graphics",
        "clipboard",
        "qr",
        "action",
        "when",
        // The executable's own maths functions (main.rs only).
        "maths",
    ],
    // The terminal's input, its answers to the start's question read first.
    &["input"],
    // Hands-offs to other programs (a browser, the user's editor).
    &["browser", "external_editor"],
    // The one model and the two protocol families behind it.
    &["api"],
    // What is kept on disk (media handed to other programs too), and the fake server.
    &["accounts", "drafts", "notify", "demo", "media"],
    &["config"],
    // The live stream and the login steps, each on its own.
    &["live", "login"],
    // What the screen shows, with no terminal in it.
    &["state"],
    // Network work off the event loop; the instant-start cache of state.
    &["fetcher", "cache"],
    &["session"],
    // Drawing, which only reads state.
    &["ui"],
    // The command line's subcommands, the terminal, saved layouts.
    &["commands", "tui", "layouts"],
    // Keys into actions, actions into state changes and requests.
    &["app"],
    // The one side-effect boundary, then the loop.
    &["effects"],
    &["event_loop"],
    &["main"],
];

#[test]
fn imports_point_down_and_nothing_is_circular() {
    let tree = Tree::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path());
    tree.print();
    let upward = tree.upward_imports();
    let cycles = tree.cycles();
    let mut problems = Vec::new();
    for (from, to, line) in &upward {
        problems.push(format!(
            "upward import: {from}:{line} takes from {to} ({} above {})",
            top(&tree.files[to].module),
            top(&tree.files[from].module)
        ));
    }
    for cycle in &cycles {
        problems.push(format!("cycle: {}", cycle.join(" -> ")));
    }
    for name in tree.files.keys() {
        let top_module = top(&tree.files[name].module);
        if layer_of(top_module).is_none() {
            problems.push(format!(
                "{name}: module `{top_module}` has no layer in LAYERS"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_file_outside_the_demo_is_longer_than_the_limit() {
    let tree = Tree::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path());
    let long: Vec<String> = tree
        .files
        .iter()
        .filter(|(name, file)| !name.starts_with("demo/") && file.lines > MAX_LINES)
        .map(|(name, file)| format!("{name}: {} lines", file.lines))
        .collect();
    assert!(
        long.is_empty(),
        "files above {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

/// The checker itself, on small made-up sources.
#[test]
fn the_reader_sees_use_trees_paths_and_skips_tests_comments_and_strings() {
    let source = r#"
        use crate::api::{model::Post, http::{self, Token}};
        use super::sibling;
        // use crate::ui::commented;
        fn f() { let s = "crate::ui::in_a_string"; crate::config::load(); let c = '"'; }
        #[cfg(test)]
        mod tests { use crate::app::App; }
        use child::Thing;
        mod child;
    "#;
    let paths = references(&clean(source));
    let joined: Vec<String> = paths.iter().map(|(p, _)| p.join("::")).collect();
    assert_eq!(
        joined,
        [
            "crate::api::model::Post",
            "crate::api::http",
            "crate::api::http::Token",
            "super::sibling",
            "child::Thing",
            "crate::config::load",
        ]
    );
}

struct File {
    module: Vec<String>,
    lines: usize,
    /// Files this one takes something from, with the first line that does.
    imports: BTreeMap<String, usize>,
}

struct Tree {
    /// By path under `src/`.
    files: BTreeMap<String, File>,
}

impl Tree {
    fn read(src: &Path) -> Tree {
        let mut paths = Vec::new();
        collect_rust_files(src, &mut paths);
        let mut by_module: BTreeMap<Vec<String>, String> = BTreeMap::new();
        let mut sources = Vec::new();
        for path in &paths {
            let name = path
                .strip_prefix(src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let module = module_of(&name);
            let text = std::fs::read_to_string(path).unwrap();
            by_module.insert(module.clone(), name.clone());
            sources.push((name, module, text));
        }
        let test_only = test_only_files(&sources, &by_module);
        let sources: Vec<Source> = sources
            .into_iter()
            .filter(|(name, _, _)| !test_only.contains(name) && name != "lib.rs")
            .map(|(name, module, text)| Source::read(name, module, &text))
            .collect();
        let facades: BTreeMap<&String, &Source> = sources.iter().map(|s| (&s.name, s)).collect();
        let mut files = BTreeMap::new();
        for source in &sources {
            let mut imports = BTreeMap::new();
            for used in source.uses.iter().filter(|u| !u.public) {
                let Some(absolute) = resolve(&source.module, &source.children, &used.path) else {
                    continue;
                };
                let Some(target) = defining_file(&by_module, &facades, absolute) else {
                    continue;
                };
                if *target != source.name && facades.contains_key(target) {
                    imports.entry(target.clone()).or_insert(used.line);
                }
            }
            files.insert(
                source.name.clone(),
                File {
                    module: source.module.clone(),
                    lines: source.lines,
                    imports,
                },
            );
        }
        Tree { files }
    }

    fn upward_imports(&self) -> Vec<(String, String, usize)> {
        let mut upward = Vec::new();
        for (name, file) in &self.files {
            let from = layer_of(top(&file.module));
            for (target, line) in &file.imports {
                let to = layer_of(top(&self.files[target].module));
                let same_module = top(&self.files[target].module) == top(&file.module);
                if let (Some(from), Some(to)) = (from, to)
                    && (to > from || (to == from && !same_module))
                {
                    upward.push((name.clone(), target.clone(), *line));
                }
            }
        }
        upward
    }

    /// Every cycle between files outside `demo/`, one per strongly connected set.
    fn cycles(&self) -> Vec<Vec<String>> {
        let names: Vec<&String> = self
            .files
            .keys()
            .filter(|name| !name.starts_with("demo/"))
            .collect();
        let index: BTreeMap<&String, usize> =
            names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let edges: Vec<Vec<usize>> = names
            .iter()
            .map(|name| {
                self.files[*name]
                    .imports
                    .keys()
                    .filter_map(|target| index.get(target).copied())
                    .collect()
            })
            .collect();
        strongly_connected(&edges)
            .into_iter()
            .filter(|set| set.len() > 1)
            .map(|set| set.into_iter().map(|i| names[i].clone()).collect())
            .collect()
    }

    fn print(&self) {
        println!("LAYERS, highest first (lines; what each takes from the modules below):");
        for (layer, modules) in LAYERS.iter().enumerate().rev() {
            for module in *modules {
                let files: Vec<&File> = self
                    .files
                    .values()
                    .filter(|f| top(&f.module) == *module)
                    .collect();
                let lines: usize = files.iter().map(|f| f.lines).sum();
                let takes: BTreeSet<&str> = files
                    .iter()
                    .flat_map(|f| f.imports.keys())
                    .map(|t| top(&self.files[t].module))
                    .filter(|t| t != module)
                    .collect();
                println!(
                    "{layer:>3} {module:<16} {lines:>6}  <- {}",
                    takes.into_iter().collect::<Vec<_>>().join(", ")
                );
            }
        }
        let mut largest: Vec<(&String, usize)> =
            self.files.iter().map(|(n, f)| (n, f.lines)).collect();
        largest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        println!("\nLARGEST FILES:");
        for (name, lines) in largest.iter().take(15) {
            println!("{lines:>6} {name}");
        }
        println!("\nUPWARD IMPORTS: {}", self.upward_imports().len());
        for (from, to, line) in self.upward_imports() {
            println!("  {from}:{line} -> {to}");
        }
        let cycles = self.cycles();
        println!("CYCLES outside demo/: {}", cycles.len());
        for cycle in cycles {
            println!("  {}", cycle.join(", "));
        }
    }
}

fn top(module: &[String]) -> &str {
    module.first().map(String::as_str).unwrap_or("")
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn collect_rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect_rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `api/mastodon/wire.rs` is `api::mastodon::wire`; `state/mod.rs` is `state`; `main.rs` is `main`.
fn module_of(name: &str) -> Vec<String> {
    let stem = name.strip_suffix(".rs").unwrap();
    let mut parts: Vec<String> = stem.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|p| p == "mod") || stem == "lib" {
        parts.pop();
    }
    parts
}

/// Files declared under `#[cfg(test)] mod name;`: test code, which may reach anywhere.
fn test_only_files(
    sources: &[(String, Vec<String>, String)],
    by_module: &BTreeMap<Vec<String>, String>,
) -> BTreeSet<String> {
    let mut test_only = BTreeSet::new();
    for (_, module, text) in sources {
        let without_comments = clean_keeping_tests(text);
        let mut rest = without_comments.as_str();
        while let Some(at) = rest.find("#[cfg(test)]") {
            rest = &rest[at + "#[cfg(test)]".len()..];
            let item = rest.trim_start();
            if let Some(decl) = item.strip_prefix("mod ")
                && let Some(end) = decl.find(';')
                && !decl[..end].contains('{')
            {
                let mut child = module.clone();
                child.push(decl[..end].trim().to_owned());
                if let Some(file) = by_module.get(&child) {
                    test_only.insert(file.clone());
                }
            }
        }
    }
    test_only
}

/// `mod x;` and `mod x {` names in a cleaned file.
fn declared_children(cleaned: &str) -> BTreeSet<String> {
    let words = words(cleaned);
    words
        .windows(2)
        .filter(|w| w[0].0 == "mod")
        .map(|w| w[1].0.clone())
        .collect()
}

/// The absolute module path a reference names, or `None` for an outside crate.
fn resolve(module: &[String], children: &BTreeSet<String>, path: &[String]) -> Option<Vec<String>> {
    let first = path.first()?;
    let (mut base, rest): (Vec<String>, &[String]) = match first.as_str() {
        "crate" | "skua" => (Vec::new(), &path[1..]),
        "self" => (module.to_vec(), &path[1..]),
        "super" => {
            let mut base = module.to_vec();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        child if children.contains(child) => (module.to_vec(), path),
        _ => return None,
    };
    base.extend(rest.iter().cloned());
    Some(base)
}

/// One source file, read.
struct Source {
    name: String,
    module: Vec<String>,
    lines: usize,
    children: BTreeSet<String>,
    uses: Vec<Use>,
    /// Items the file itself declares.
    defines: BTreeSet<String>,
}

impl Source {
    fn read(name: String, module: Vec<String>, text: &str) -> Source {
        let cleaned = clean(text);
        let words = words(&cleaned);
        let defines = words
            .windows(2)
            .filter(|w| {
                matches!(
                    w[0].0.as_str(),
                    "struct" | "enum" | "trait" | "fn" | "type" | "const" | "static" | "union"
                )
            })
            .map(|w| w[1].0.clone())
            .collect();
        Source {
            lines: text.lines().count(),
            children: declared_children(&cleaned),
            uses: uses(&cleaned),
            defines,
            name,
            module,
        }
    }

    /// Where a name this file imports by name (`use x::Name`) really lives: what others reach
    /// through it (re-exports, and a parent's imports seen from its child modules).
    fn reexport(&self, item: &str) -> Option<Vec<String>> {
        let named = self
            .uses
            .iter()
            .find(|u| !u.glob && u.path.last().is_some_and(|last| last == item));
        resolve(&self.module, &self.children, &named?.path)
    }
}

/// The file that defines what an absolute path names, following re-exports (a few steps at
/// most: a façade over a façade).
fn defining_file<'a>(
    by_module: &'a BTreeMap<Vec<String>, String>,
    sources: &BTreeMap<&String, &Source>,
    mut path: Vec<String>,
) -> Option<&'a String> {
    for _ in 0..4 {
        let n = (1..=path.len())
            .rev()
            .find(|&n| by_module.contains_key(&path[..n]))?;
        let file = &by_module[&path[..n]];
        let Some(item) = path.get(n) else {
            return Some(file);
        };
        let Some(source) = sources.get(file) else {
            return Some(file);
        };
        if source.defines.contains(item) || source.children.contains(item) {
            return Some(file);
        }
        let through = source.reexport(item).or_else(|| {
            // Of several globs, the one whose file defines the item.
            source
                .uses
                .iter()
                .filter(|u| u.glob)
                .filter_map(|u| resolve(&source.module, &source.children, &u.path))
                .find(|module| {
                    by_module
                        .get(module)
                        .and_then(|file| sources.get(file))
                        .is_some_and(|s| s.defines.contains(item))
                })
                .map(|mut module| {
                    module.push(item.clone());
                    module
                })
        });
        match through {
            Some(real) => {
                path = real
                    .into_iter()
                    .chain(path[n + 1..].iter().cloned())
                    .collect()
            }
            None => return Some(file),
        }
    }
    None
}

/// Tarjan's strongly connected components (our own small graph, so recursion is fine).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct Walk<'a> {
        edges: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        sets: Vec<Vec<usize>>,
    }
    fn visit(w: &mut Walk, v: usize) {
        w.index[v] = Some(w.next);
        w.low[v] = w.next;
        w.next += 1;
        w.stack.push(v);
        w.on_stack[v] = true;
        for &t in &w.edges[v] {
            match w.index[t] {
                None => {
                    visit(w, t);
                    w.low[v] = w.low[v].min(w.low[t]);
                }
                Some(i) if w.on_stack[t] => w.low[v] = w.low[v].min(i),
                Some(_) => {}
            }
        }
        if Some(w.low[v]) == w.index[v] {
            let mut set = Vec::new();
            while let Some(t) = w.stack.pop() {
                w.on_stack[t] = false;
                set.push(t);
                if t == v {
                    break;
                }
            }
            set.sort();
            w.sets.push(set);
        }
    }
    let n = edges.len();
    let mut w = Walk {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        sets: Vec::new(),
    };
    for v in 0..n {
        if w.index[v].is_none() {
            visit(&mut w, v);
        }
    }
    w.sets
}

/// The source with comments, string and char literals blanked (newlines kept, so line numbers
/// hold) and `#[cfg(test)]` items removed.
fn clean(source: &str) -> String {
    drop_test_items(&clean_keeping_tests(source))
}

fn clean_keeping_tests(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('#') || next == Some('"')) && !ident_before(&chars, i) {
            let mut hashes = 0;
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            while j < chars.len() {
                if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                blank(&mut out, chars[j]);
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if let Some(&c) = chars.get(i) {
                    blank(&mut out, c);
                }
                i += 1;
            }
            out.push_str("\"\"");
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// Blanks each item that follows `#[cfg(test)]`: up to its `;`, or its `{ … }` block.
fn drop_test_items(cleaned: &str) -> String {
    let mut out: Vec<char> = cleaned.chars().collect();
    let marker: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut i = 0;
    while i + marker.len() <= out.len() {
        if out[i..i + marker.len()] != marker[..] {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut depth = 0usize;
        while j < out.len() {
            match out[j] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        j += 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    j += 1;
                    break;
                }
                _ => {}
            }
            j += 1;
        }
        let end = j.min(out.len());
        for c in &mut out[i..end] {
            if *c != '\n' {
                *c = ' ';
            }
        }
        i = j;
    }
    out.into_iter().collect()
}

/// Identifiers and punctuation of a cleaned source, each with its line.
fn words(cleaned: &str) -> Vec<(String, usize)> {
    let mut words = Vec::new();
    let mut line = 1;
    let mut chars = cleaned.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let mut word = String::from(c);
            while let Some(&n) = chars.peek() {
                if n.is_alphanumeric() || n == '_' {
                    word.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            words.push((word, line));
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            words.push(("::".to_owned(), line));
        } else if !c.is_whitespace() {
            words.push((c.to_string(), line));
        }
    }
    words
}

/// Every module path a cleaned source names: the leaves of its `use` trees, then the
/// `crate::`, `super::` and `self::` paths in its code, each with its line.
fn references(cleaned: &str) -> Vec<(Vec<String>, usize)> {
    uses(cleaned)
        .into_iter()
        .map(|u| (u.path, u.line))
        .collect()
}

struct Use {
    path: Vec<String>,
    line: usize,
    /// A `pub use`: a re-export, the module's façade rather than something it uses.
    public: bool,
    /// `use x::*`.
    glob: bool,
}

fn uses(cleaned: &str) -> Vec<Use> {
    let words = words(cleaned);
    let mut found = Vec::new();
    let mut in_use = vec![false; words.len()];
    let mut i = 0;
    while i < words.len() {
        if words[i].0 == "use" && (i == 0 || words[i - 1].0 != "::") {
            let end = (i..words.len())
                .find(|&j| words[j].0 == ";")
                .unwrap_or(words.len());
            in_use[i..end].iter_mut().for_each(|u| *u = true);
            let public = i > 0 && (words[i - 1].0 == "pub" || words[i - 1].0 == ")");
            let mut leaves = Vec::new();
            use_tree(&words[i + 1..end], &[], &mut leaves);
            found.extend(leaves.into_iter().map(|(path, line, glob)| Use {
                path,
                line,
                public,
                glob,
            }));
            i = end;
        }
        i += 1;
    }
    let mut i = 0;
    while i < words.len() {
        let starts = matches!(words[i].0.as_str(), "crate" | "super" | "self")
            && !in_use[i]
            && words.get(i + 1).is_some_and(|w| w.0 == "::")
            && (i == 0 || words[i - 1].0 != "::");
        if starts {
            let mut path = vec![words[i].0.clone()];
            let mut j = i + 1;
            while words.get(j).is_some_and(|w| w.0 == "::")
                && words
                    .get(j + 1)
                    .is_some_and(|w| w.0.chars().all(|c| c.is_alphanumeric() || c == '_'))
            {
                path.push(words[j + 1].0.clone());
                j += 2;
            }
            found.push(Use {
                path,
                line: words[i].1,
                public: false,
                glob: false,
            });
            i = j;
        } else {
            i += 1;
        }
    }
    found
}

/// The leaves of one `use` tree (`a::{b, c::{self, D}}`), each as a whole path.
fn use_tree(
    words: &[(String, usize)],
    prefix: &[String],
    found: &mut Vec<(Vec<String>, usize, bool)>,
) {
    let mut path = prefix.to_vec();
    let mut i = 0;
    let line = words.first().map_or(0, |w| w.1);
    while i < words.len() {
        match words[i].0.as_str() {
            "::" | "pub" => i += 1,
            "{" => {
                let mut depth = 0;
                let mut start = i + 1;
                for j in i..words.len() {
                    match words[j].0.as_str() {
                        "{" => depth += 1,
                        "}" => {
                            depth -= 1;
                            if depth == 0 {
                                use_tree(&words[start..j], &path, found);
                                break;
                            }
                        }
                        "," if depth == 1 => {
                            use_tree(&words[start..j], &path, found);
                            start = j + 1;
                        }
                        _ => {}
                    }
                }
                return;
            }
            "*" => {
                found.push((path, line, true));
                return;
            }
            "as" => break,
            "self" if !path.is_empty() => i += 1,
            word => {
                path.push(word.to_owned());
                i += 1;
            }
        }
    }
    if path.len() > prefix.len() || (!path.is_empty() && words.iter().any(|w| w.0 == "self")) {
        found.push((path, line, false));
    }
}
