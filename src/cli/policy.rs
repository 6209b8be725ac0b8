//! `trackaudit policy`: a policy file or URL (or a batch of JSON lines) in;
//! its claims as a listing, one JSON object, or JSON lines out.

use super::common::{name_flag, NetArgs};
use super::term;
use anyhow::{Context, Result};
use clap::Args;
use std::io::Write;
use std::sync::Arc;
use trackaudit::classify::Knowledge;
use trackaudit::crawl::CrawlConfig;
use trackaudit::policy::read::{analyze, read_document};
use trackaudit::run;

/// `trackaudit policy`.
#[derive(Args, Debug)]
pub(crate) struct PolicyArgs {
    /// A local .txt or .html file, or an http(s) URL.
    #[arg(required_unless_present = "jsonl")]
    source: Option<String>,
    /// One JSON object {"source","language","last_updated","claims"} instead of a listing.
    #[arg(long)]
    json: bool,
    /// Batch mode: read {"id","text"} lines from FILE (`-` = stdin), write {"id","claims"} lines to stdout.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["source", "json"])]
    jsonl: Option<String>,
    #[command(flatten)]
    net: NetArgs,
}

/// Claims of one policy, as JSON.
#[derive(serde::Serialize)]
struct PolicyJson<'a> {
    source: &'a str,
    language: &'a str,
    last_updated: &'a str,
    claims: &'a [trackaudit::model::Claim],
}

/// `trackaudit policy`: exit code 2 when a batch line could not be read.
pub(crate) async fn policy(a: PolicyArgs) -> Result<i32> {
    let parties =
        trackaudit::policy::claims::Parties::new(&run::party_aliases(&Knowledge::builtin()));
    if let Some(path) = &a.jsonl {
        return policy_batch(path, &parties);
    }
    let source = a.source.clone().unwrap_or_default();
    let is_url = source.starts_with("http://") || source.starts_with("https://");
    let text = if is_url {
        let mut cfg = CrawlConfig::default();
        a.net.apply(&mut cfg)?;
        let timeout = cfg.timeout;
        let engine = trackaudit::crawl::http::HttpEngine::new(Arc::new(cfg)).map_err(name_flag)?;
        let url = url::Url::parse(&source).with_context(|| format!("invalid URL {source:?}"))?;
        engine.allow_target(&url);
        let abort = trackaudit::crawl::CancellationToken::new();
        let doc = engine
            .get_document(&url, None, abort, timeout)
            .await
            .map_err(|e| anyhow::anyhow!("{source}: {e}"))?;
        read_document(&doc)
            .map_err(|e| anyhow::anyhow!(e.message))?
            .text
    } else {
        let bytes = std::fs::read(&source).with_context(|| format!("reading {source}"))?;
        let lower = source.to_ascii_lowercase();
        if lower.ends_with(".html") || lower.ends_with(".htm") || bytes.starts_with(b"<") {
            let (html, _) = trackaudit::crawl::html::decode(&bytes, None);
            let e = trackaudit::policy::text::extract(&html);
            anyhow::ensure!(
                e.status == trackaudit::policy::text::TextStatus::Ok,
                "{source}: {}",
                e.message
            );
            e.text
        } else {
            // Plain text: claims carry offsets into the file's own text.
            let (t, _) = trackaudit::crawl::html::decode(&bytes, Some("text/plain"));
            anyhow::ensure!(!t.trim().is_empty(), "{source}: the file is empty");
            t
        }
    };
    let an = analyze(&text, &parties);
    if a.json {
        let out = PolicyJson {
            source: &source,
            language: &an.language,
            last_updated: &an.last_updated,
            claims: &an.claims,
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(0);
    }
    println!("{source}");
    println!(
        "language {}  last updated {}  {} claims",
        an.language,
        if an.last_updated.is_empty() {
            "-"
        } else {
            &an.last_updated
        },
        an.claims.len()
    );
    for c in &an.claims {
        let mut flags = Vec::new();
        if c.hedged {
            flags.push("hedged".to_string());
        }
        if !c.exceptions.is_empty() {
            flags.push(format!(
                "except {}",
                c.exceptions
                    .iter()
                    .map(|e| e.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !c.party.is_empty() {
            flags.push(c.party.clone());
        }
        let quote: String = c.quote.split_whitespace().collect::<Vec<_>>().join(" ");
        let quote = if quote.chars().count() > 160 {
            format!("{}…", quote.chars().take(160).collect::<String>())
        } else {
            quote
        };
        println!(
            "  {:<22} {:<8} {:<30} \"{}\"",
            c.claim.as_str(),
            c.stance.as_str(),
            flags.join("; "),
            quote
        );
    }
    Ok(0)
}

/// Batch mode: {"id","text"} lines in, {"id","claims"} lines out, in input order.
fn policy_batch(path: &str, parties: &trackaudit::policy::claims::Parties) -> Result<i32> {
    use std::io::BufRead;
    let input: Box<dyn BufRead> = if path == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("opening {path}"))?,
        ))
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut bad = 0;
    for (i, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("{path}:{}: reading", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                bad += 1;
                term::warn(format_args!("{path}:{}: not JSON: {e}", i + 1));
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({"id": null, "line": i + 1, "error": format!("not JSON: {e}")})
                )?;
                continue;
            }
        };
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
            bad += 1;
            term::warn(format_args!("{path}:{}: no \"text\" string", i + 1));
            writeln!(
                out,
                "{}",
                serde_json::json!({"id": v.get("id"), "line": i + 1, "error": "no \"text\" string"})
            )?;
            continue;
        };
        let claims = trackaudit::policy::claims::extract_with(text, parties);
        writeln!(
            out,
            "{}",
            serde_json::json!({"id": v.get("id"), "claims": claims})
        )?;
    }
    out.flush()?;
    Ok(if bad > 0 { 2 } else { 0 })
}
