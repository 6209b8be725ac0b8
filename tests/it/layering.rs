//! The layering rule, read from the sources: every `src/**/*.rs` file in, the
//! `crate::` paths each module uses that reach a module above it out (a failure
//! listing each `file:line`).
//!
//! `src/` follows the data flow. Modules, lowest first (the same order as the
//! README's Layout section):
//!
//! 0. base: `model`, `error`, `dom`, `hash`, `domain`, `text`, `clock` (used by
//!    everything; they may use each other)
//! 1. `targets`  2. `crawl`  3. `classify`  4. `policy`  5. `audit`
//! 6. `store`  7. `report`  8. `diff` (compares runs read from `store`)
//! 9. `run` (drives one site through every stage)  10. `schedule`
//! 11. `fuzzing` (entry points for fuzzers into every parser)
//! 12. `testweb` (the demo web and the loopback test server)
//! 13. the binary: `main.rs` and `cli/`
//!
//! A module may use its own submodules and any module of its own layer or a
//! lower one. Only code counts: comments (doc links included) and string
//! literals are skipped. `super::` paths stay inside the module they start in
//! and are not checked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, lowest first; modules in one layer may use each other.
const LAYERS: &[&[&str]] = &[
    &["model", "error", "dom", "hash", "domain", "text", "clock"],
    &["targets"],
    &["crawl"],
    &["classify"],
    &["policy"],
    &["audit"],
    &["store"],
    &["report"],
    &["diff"],
    &["run"],
    &["schedule"],
    &["fuzzing"],
    &["testweb"],
    &["main", "cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source with comments and string and character literals blanked out
/// (each replaced by spaces, newlines kept, so byte offsets and lines stay).
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |p| i + p);
            blank(&mut out, i, end);
            i = end;
        } else if rest.starts_with(b"/*") {
            // Block comments nest in Rust.
            let (mut depth, mut j) = (0usize, i);
            while j < b.len() {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if (rest.starts_with(b"r\"")
            || rest.starts_with(b"r#")
            || rest.starts_with(b"br\"")
            || rest.starts_with(b"br#"))
            && (i == 0 || !ident(b[i - 1]))
        {
            // Raw string: r#"..."# with any number of hashes.
            let start = i + if b[i] == b'b' { 2 } else { 1 };
            let hashes = b[start..].iter().take_while(|&&c| c == b'#').count();
            if b.get(start + hashes) != Some(&b'"') {
                i += 1; // an identifier like `r#type`
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let body = start + hashes + 1;
            let end = b[body..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(b.len(), |p| body + p + close.len());
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(b.len());
            blank(&mut out, i, end);
            i = end;
        } else if b[i] == b'\'' {
            // A character literal ('x', '\n', '\u{..}', '"'), or a lifetime.
            let lit = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..]
                    .iter()
                    .position(|&c| c == b'\'')
                    .map(|p| i + 3 + p)
            } else {
                let ch = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + ch) == Some(&b'\'')).then_some(i + 2 + ch)
            };
            match lit {
                Some(end) => {
                    blank(&mut out, i, end);
                    i = end;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).expect("only ASCII bytes were replaced")
}

/// The first identifier of `s` (after whitespace).
fn first_ident(s: &str) -> &str {
    let s = s.trim_start();
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// Every `crate::NAME` in `code` with its byte offset: `crate::a::b` gives
/// `a`; a group `crate::{a::X, b}` gives `a` and `b`.
fn crate_refs(code: &str) -> Vec<(usize, String)> {
    let mut refs = Vec::new();
    let mut from = 0;
    while let Some(p) = code[from..].find("crate::") {
        let at = from + p;
        from = at + "crate::".len();
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `foo_crate::`, `$crate::`
        }
        let rest = code[from..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level items of the group, split at depth-0 commas.
            let (mut depth, mut item_start) = (0usize, 0usize);
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        refs.push((at, first_ident(&group[item_start..k]).to_string()));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        refs.push((at, first_ident(&group[item_start..k]).to_string()));
                        item_start = k + 1;
                    }
                    _ => {}
                }
            }
        } else {
            refs.push((at, first_ident(rest).to_string()));
        }
    }
    refs.retain(|(_, name)| !name.is_empty());
    refs
}

/// The top-level module a file belongs to: `src/crawl/http/fetch.rs` →
/// `crawl`, `src/audit.rs` → `audit`; `None` for `src/lib.rs`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_string())
}

/// Names `src/lib.rs` re-exports at the crate root (`pub use error::{Error,
/// Result}`), mapped to the module they come from.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in code_only(lib).lines() {
        let Some(path) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let module = first_ident(path).to_string();
        let tail = path[module.len()..].trim_start_matches("::");
        let names: Vec<&str> = match tail.strip_prefix('{') {
            Some(g) => g.trim_end_matches([';', '}']).split(',').collect(),
            None => vec![tail.trim_end_matches(';').rsplit("::").next().unwrap_or("")],
        };
        for n in names {
            let n = n.trim();
            let n = n.rsplit(" as ").next().unwrap_or(n).trim();
            if !n.is_empty() {
                map.insert(n.to_string(), module.clone());
            }
        }
    }
    map
}

/// Every use of a module above the user's layer, as `file:line: module uses
/// target (layer a < layer b)`, and every `crate::` name the test cannot place.
fn violations(src: &Path) -> (Vec<String>, Vec<String>) {
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let reexports = root_reexports(&lib);
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let (mut bad, mut unknown) = (Vec::new(), Vec::new());
    for file in &files {
        let Some(module) = module_of(src, file) else {
            continue;
        };
        let rel = file
            .strip_prefix(src.parent().unwrap())
            .unwrap()
            .display()
            .to_string();
        let Some(own) = layer(&module) else {
            unknown.push(format!("{rel}: module `{module}` is in no layer"));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        let code = code_only(&text);
        for (at, name) in crate_refs(&code) {
            let line = code[..at].matches('\n').count() + 1;
            let target = match reexports.get(&name) {
                Some(m) => m.clone(),
                None => name,
            };
            match layer(&target) {
                Some(l) if l > own => bad.push(format!(
                    "{rel}:{line}: `{module}` (layer {own}) uses `{target}` (layer {l})"
                )),
                Some(_) => {}
                None => unknown.push(format!("{rel}:{line}: `crate::{target}` is in no layer")),
            }
        }
    }
    (bad, unknown)
}

#[test]
fn code_only_blanks_comments_and_strings_but_keeps_code() {
    let src = "use crate::a; // crate::b\nlet s = \"crate::c\"; /* crate::d /* crate::e */ */ let r = r#\"crate::f \"# ;\nlet c = '\"'; fn f<'a>(x: &'a crate::g::T) {}\n";
    let code = code_only(src);
    let names: Vec<String> = crate_refs(&code).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["a", "g"]);
    assert_eq!(code.len(), src.len());
    assert_eq!(code.matches('\n').count(), 3);
}

#[test]
fn crate_refs_reads_groups_and_skips_other_crates() {
    let code = "use crate::{model::{Site, Cookie}, error::Result, text};\nlet x = $crate::y; let z = my_crate::w; pub(crate) fn f() { crate::run::go() }";
    let names: Vec<String> = crate_refs(code).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["model", "error", "text", "run"]);
}

#[test]
fn a_lower_module_using_a_higher_one_is_a_violation() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("crawl")).unwrap();
    std::fs::write(
        src.join("lib.rs"),
        "pub mod crawl;\npub use error::{Error, Result};\n",
    )
    .unwrap();
    std::fs::write(
        src.join("crawl/mod.rs"),
        "//! x\nuse crate::Error;\nuse crate::{targets::Target, model};\n\nfn f() { crate::report::write(); }\n",
    )
    .unwrap();
    std::fs::write(
        src.join("audit.rs"),
        "use crate::crawl::Site;\nuse crate::nowhere::X;\n",
    )
    .unwrap();
    let (bad, unknown) = violations(&src);
    assert_eq!(
        bad,
        ["src/crawl/mod.rs:5: `crawl` (layer 2) uses `report` (layer 7)"]
    );
    assert_eq!(unknown, ["src/audit.rs:2: `crate::nowhere` is in no layer"]);
}

#[test]
fn no_module_uses_a_module_above_it() {
    let src = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let (bad, unknown) = violations(&src);
    assert!(
        bad.is_empty() && unknown.is_empty(),
        "layering violations (see tests/it/layering.rs for the order):\n{}\n{}",
        bad.join("\n"),
        unknown.join("\n")
    );
}

/// The most lines a source file may have (the project guide's limit).
const MAX_LINES: usize = 800;

/// The `.rs` files under `dirs` (relative to the project root) with more than
/// [`MAX_LINES`] lines, as `path: N lines`.
fn long_files(dirs: &[&str]) -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in dirs {
        rust_files(&root.join(dir), &mut files);
    }
    files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            let rel = f.strip_prefix(&root).unwrap().display();
            (n > MAX_LINES).then(|| format!("{rel}: {n} lines"))
        })
        .collect()
}

#[test]
fn no_source_file_over_800_lines() {
    let long = long_files(&["src", "examples"]);
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn no_test_file_over_800_lines() {
    let long = long_files(&["tests"]);
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}
