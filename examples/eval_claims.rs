//! Claim-extractor evaluation: in goes the OPP-115-derived corpus
//! (`{"id","text","labels"}` JSON lines; default `../shared/eval/opp115-train.jsonl`),
//! out comes a per-label table (TP/FP/FN, precision, recall, F1), macro- and
//! micro-F1 and the extraction time. `--holdout` / `--train` score only the 20% /
//! 80% of policies chosen by a fixed hash of the policy id; `--errors LABEL` lists
//! misclassified segments of one label.

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

/// FNV-1a 64 of the policy id; a policy is held out when the hash is 0 mod 5.
fn held_out(policy: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in policy.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h % 5 == 0
}

fn main() {
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
