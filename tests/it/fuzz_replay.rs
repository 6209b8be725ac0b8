//! Replays the committed fuzz inputs on the stable toolchain: every file of
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` goes through the same
//! function the fuzz target runs (`trackaudit::fuzzing`), and none may panic.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Regression inputs (`<target>/<file>`) whose fix belongs in code outside the
/// fuzzing owner's files; they must still panic until fixed. Empty it as the fixes
/// land (the test fails on an entry that no longer panics).
const KNOWN_FAILING: &[&str] = &[];

/// Runs every input of one target; returns how many ran.
fn replay(name: &str) -> usize {
    let run = trackaudit::fuzzing::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no fuzz target {name}"))
        .1;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let (mut ran, mut failed, mut fixed) = (0, Vec::new(), Vec::new());
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(name)) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for path in files {
            let data = std::fs::read(&path).unwrap();
            let file = path.file_name().unwrap().to_string_lossy();
            let key = format!("{name}/{file}");
            let ok = catch_unwind(AssertUnwindSafe(|| run(&data))).is_ok();
            ran += 1;
            match (ok, KNOWN_FAILING.contains(&key.as_str())) {
                (false, false) => failed.push(format!("{dir}/{key}")),
                (true, true) => fixed.push(key),
                _ => {}
            }
        }
    }
    assert!(failed.is_empty(), "inputs that panic: {failed:?}");
    assert!(
        fixed.is_empty(),
        "no longer panic, remove from KNOWN_FAILING: {fixed:?}"
    );
    ran
}

macro_rules! replay_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let ran = replay(stringify!($name));
                assert!(ran >= 3, "only {ran} inputs for {}", stringify!($name));
            }
        )*

        #[test]
        fn every_target_is_replayed() {
            let listed = [$(stringify!($name)),*];
            for (name, _) in trackaudit::fuzzing::TARGETS {
                assert!(listed.contains(name), "fuzz target {name} is not replayed");
                let bin = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("fuzz/fuzz_targets")
                    .join(format!("{name}.rs"));
                assert!(bin.exists(), "{} is missing", bin.display());
            }
        }
    };
}

replay_tests!(
    html,
    css,
    srcset_refresh,
    cookies,
    targets,
    robots,
    sitemap,
    policy_text,
    sentences,
    claims,
    dates,
    image,
);
