//! Claim-extractor evaluation: in goes the OPP-115-derived corpus
//! (`{"id","text","labels"}` JSON lines; default `../shared/eval/opp115-train.jsonl`),
//! out comes a per-label table (TP/FP/FN, precision, recall, F1), macro- and
//! micro-F1 and the extraction time. `--holdout` / `--train` score only the 20% /
//! 80% of policies chosen by a fixed hash of the policy id; `--errors LABEL` lists
//! misclassified segments of one label.
//!
//! `--tosdr [PATH]` scores real policy excerpts tagged by ToS;DR (default
//! `../shared/eval/tosdr-dev.jsonl`) against the case table of
//! `../shared/eval/README.md`: per case, the share of excerpts that yield
//! what they must and the share that yield what they must never (a reversed
//! stance). `--holdout` / `--train` split by service the same way;
//! `--errors CASE-PREFIX` lists the excerpts of matching cases that fail;
//! `--dump` prints every excerpt's case and claims (all cases, not only the
//! table's), to look for reversed stances outside the table.
//!
//! `--fold K` (0-4, default 0) makes the K-th fifth of the hash the held-out
//! part: comparing the folds' scores shows how much a score moves from one
//! set of policies to another, which a single held-out part cannot.

use std::collections::BTreeSet;
use std::time::Instant;
use trackaudit::policy::claims::{builtin_parties, extract};

/// The labels the corpus annotates (eval/README.md).
const LABELS: [&str; 15] = [
    "cookies",
    "third_party_cookies",
    "third_party_sharing:deny",
    "advertising",
    "analytics",
    "opt_out",
    "browser_controls",
    "dnt",
    "dnt:deny",
    "children",
    "merger_transfer",
    "legal_disclosure",
    "policy_change",
    "data_retention",
    "data_security",
];

/// The fold held out (`--fold K`), 0 unless given.
static FOLD: std::sync::OnceLock<u64> = std::sync::OnceLock::new();

/// FNV-1a 64 of the policy id; a policy is held out when the hash is the
/// chosen fold (0 unless `--fold K`) mod 5.
fn held_out(policy: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in policy.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h % 5 == *FOLD.get().unwrap_or(&0)
}

/// How a ToS;DR case reads as claims: the case's start, the claims it must
/// yield (any one of them; `claim:stance`, or `claim` for any stance), those it
/// must never yield, and whether only excerpts naming pixels, beacons, tags or
/// GIFs count.
const CASES: &[(&str, &[&str], &[&str], bool)] = &[
    (
        "This service ignores the Do Not Track",
        &["dnt:deny"],
        &["dnt:affirm"],
        false,
    ),
    (
        "This service respects your browser's Do Not Track",
        &["dnt:affirm"],
        &["dnt:deny"],
        false,
    ),
    (
        "This service does not sell your personal data",
        &["selling:deny"],
        &["selling:affirm"],
        false,
    ),
    (
        "The service can sell or otherwise transfer your personal data as part of a bankruptcy",
        &["merger_transfer"],
        &[],
        false,
    ),
    (
        "The service may use tracking pixels, web beacons",
        &["web_beacons:affirm"],
        &["web_beacons:deny"],
        true,
    ),
    (
        "This service uses third-party cookies for statistics",
        &["analytics:affirm"],
        &["analytics:deny"],
        false,
    ),
    (
        "The service uses your personal data to employ targeted third-party advertising",
        &["advertising:affirm"],
        &["advertising:deny"],
        false,
    ),
    (
        "You can opt out of targeted advertising",
        &["opt_out:affirm"],
        &[],
        false,
    ),
    (
        "Blocking first party cookies may limit your ability to use the service",
        &["cookies:affirm", "browser_controls:affirm"],
        &["cookies:deny"],
        false,
    ),
    (
        "This service employs third-party cookies, but with opt-out instructions",
        &["third_party_cookies:affirm"],
        &["third_party_cookies:deny"],
        false,
    ),
    (
        "This service only uses temporary session cookies",
        &["cookies:affirm"],
        &["cookies:deny"],
        false,
    ),
    (
        "Your personal data is given to third parties",
        &["third_party_sharing:affirm"],
        &[],
        false,
    ),
    (
        "The service does not share user information with third parties",
        &["third_party_sharing:deny"],
        &["third_party_sharing:affirm"],
        false,
    ),
    (
        "The service does not use third-party analytics or tracking platforms",
        &["analytics:deny"],
        &["analytics:affirm"],
        false,
    ),
];

/// Scores the ToS;DR excerpts; prints one row per case.
fn tosdr(path: &str, split: Option<bool>, errors: Option<&str>, dump: bool) {
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2);
    });
    let parties = builtin_parties();
    let mut rows: Vec<(usize, usize, usize)> = vec![(0, 0, 0); CASES.len()];
    let t0 = Instant::now();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (case, text) = (
            v["case"].as_str().unwrap_or_default(),
            v["text"].as_str().unwrap_or_default(),
        );
        if split.is_some_and(|h| held_out(v["service"].as_str().unwrap_or_default()) != h) {
            continue;
        }
        if dump {
            let got: BTreeSet<String> = extract(text, &parties)
                .iter()
                .map(|c| format!("{}:{}", c.claim.as_str(), c.stance.as_str()))
                .collect();
            println!("DUMP\t{}\t{case}\t{got:?}\t{text:.300}", v["id"]);
        }
        let Some(k) = CASES.iter().position(|c| case.starts_with(c.0)) else {
            continue;
        };
        let (_, must, never, beacon_words) = CASES[k];
        let lower = text.to_lowercase();
        if beacon_words
            && !["pixel", "beacon", "tag", "gif"]
                .iter()
                .any(|w| lower.contains(w))
        {
            continue;
        }
        let mut got = BTreeSet::new();
        for c in extract(text, &parties) {
            got.insert(c.claim.as_str().to_string());
            got.insert(format!("{}:{}", c.claim.as_str(), c.stance.as_str()));
        }
        let ok = must.iter().any(|m| got.contains(*m));
        let bad = never.iter().any(|m| got.contains(*m));
        let r = &mut rows[k];
        r.0 += 1;
        r.1 += usize::from(ok);
        r.2 += usize::from(bad);
        if errors.is_some_and(|e| case.starts_with(e)) && (!ok || bad) {
            let kind = if bad { "NEVER" } else { "MISS" };
            println!("{kind} {}: {text:.400}\n      got {got:?}", v["id"]);
        }
    }
    let which = match split {
        Some(true) => "holdout (20% of services)",
        Some(false) => "train (80% of services)",
        None => "full file",
    };
    println!("{path}: {which}");
    println!("{:<60} {:>4} {:>6} {:>6}", "case", "n", "must", "never");
    let (mut n_all, mut ok_all, mut bad_all) = (0, 0, 0);
    for ((case, ..), (n, ok, bad)) in CASES.iter().zip(&rows) {
        let n1 = (*n).max(1) as f64;
        println!(
            "{:<60} {n:>4} {:>6.3} {:>6.3}",
            case.chars().take(60).collect::<String>(),
            *ok as f64 / n1,
            *bad as f64 / n1
        );
        n_all += n;
        ok_all += ok;
        bad_all += bad;
    }
    println!(
        "all cases: {n_all} excerpts, must-yield {:.3}, never-yield {:.3}; {:.3} s",
        ok_all as f64 / n_all.max(1) as f64,
        bad_all as f64 / n_all.max(1) as f64,
        t0.elapsed().as_secs_f64()
    );
}

fn main() {
    let all: Vec<String> = std::env::args().collect();
    if let Some(j) = all.iter().position(|a| a == "--fold") {
        match all
            .get(j + 1)
            .and_then(|k| k.parse::<u64>().ok())
            .filter(|k| *k < 5)
        {
            Some(k) => {
                let _ = FOLD.set(k);
            }
            None => {
                eprintln!("--fold takes 0, 1, 2, 3 or 4");
                std::process::exit(2);
            }
        }
    }
    if let Some(i) = std::env::args().position(|a| a == "--tosdr") {
        let args: Vec<String> = std::env::args().collect();
        let path = args
            .get(i + 1)
            .filter(|a| !a.starts_with("--"))
            .cloned()
            .unwrap_or_else(|| {
                concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../shared/eval/tosdr-dev.jsonl"
                )
                .to_string()
            });
        let split = if args.iter().any(|a| a == "--holdout") {
            Some(true)
        } else if args.iter().any(|a| a == "--train") {
            Some(false)
        } else {
            None
        };
        let errors = args
            .iter()
            .position(|a| a == "--errors")
            .and_then(|j| args.get(j + 1));
        let dump = args.iter().any(|a| a == "--dump");
        return tosdr(&path, split, errors.map(String::as_str), dump);
    }
    let mut path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/eval/opp115-train.jsonl"
    )
    .to_string();
    let mut split: Option<bool> = None;
    let mut errors: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--holdout" => split = Some(true),
            "--train" => split = Some(false),
            "--errors" => errors = args.next(),
            "--fold" => {
                args.next();
            }
            _ => path = a,
        }
    }
    let data = match std::fs::read_to_string(&path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let mut rows: Vec<(String, String, BTreeSet<String>)> = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("skipping bad line: {e}");
                continue;
            }
        };
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let policy = id.split('#').next().unwrap_or_default();
        if split.is_some_and(|h| held_out(policy) != h) {
            continue;
        }
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let labels = v["labels"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        rows.push((id, text, labels));
    }
    let parties = builtin_parties();
    let t0 = Instant::now();
    let predicted: Vec<BTreeSet<String>> = rows
        .iter()
        .map(|(_, text, _)| {
            let mut set = BTreeSet::new();
            for c in extract(text, &parties) {
                set.insert(c.claim.as_str().to_string());
                set.insert(format!("{}:{}", c.claim.as_str(), c.stance.as_str()));
            }
            set.retain(|l| LABELS.contains(&l.as_str()));
            set
        })
        .collect();
    let elapsed = t0.elapsed();
    let which = match split {
        Some(true) => "holdout (20% of policies)",
        Some(false) => "train (80% of policies)",
        None => "full file",
    };
    println!("{path}: {} segments, {which}", rows.len());
    println!(
        "{:<26} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6}",
        "label", "TP", "FP", "FN", "P", "R", "F1"
    );
    let (mut sum_f1, mut tp_all, mut fp_all, mut fn_all) = (0.0, 0usize, 0usize, 0usize);
    for label in LABELS {
        let (mut tp, mut fp, mut fne) = (0usize, 0usize, 0usize);
        for ((id, text, gold), pred) in rows.iter().zip(&predicted) {
            let (g, p) = (gold.contains(label), pred.contains(label));
            match (g, p) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fne += 1,
                _ => {}
            }
            if errors.as_deref() == Some(label) && g != p {
                let kind = if p { "FP" } else { "FN" };
                println!(
                    "{kind} {id}: {}",
                    text.chars().take(400).collect::<String>()
                );
            }
        }
        let p = if tp + fp == 0 {
            0.0
        } else {
            tp as f64 / (tp + fp) as f64
        };
        let r = if tp + fne == 0 {
            0.0
        } else {
            tp as f64 / (tp + fne) as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        sum_f1 += f1;
        tp_all += tp;
        fp_all += fp;
        fn_all += fne;
        println!("{label:<26} {tp:>5} {fp:>5} {fne:>5} {p:>6.3} {r:>6.3} {f1:>6.3}");
    }
    let p = tp_all as f64 / (tp_all + fp_all).max(1) as f64;
    let r = tp_all as f64 / (tp_all + fn_all).max(1) as f64;
    let micro = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    println!(
        "macro-F1 {:.3}  micro-F1 {:.3}",
        sum_f1 / LABELS.len() as f64,
        micro
    );
    println!(
        "extraction time: {:.3} s for {} segments",
        elapsed.as_secs_f64(),
        rows.len()
    );
}
