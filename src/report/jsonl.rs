//! Site records in, `observations.jsonl` out: one JSON object per site
//! (`"type": "site"`, everything observed, claimed and found), then one
//! `"type": "run"` line with the run summary and `complete` flag.

use super::{Format, OrderedFile};
use crate::error::Result;
use crate::model::{RunSummary, SiteRecord};
use serde::Serialize;
use std::path::Path;

/// Writer of `observations.jsonl`.
pub struct JsonlFormat {
    file: OrderedFile,
}

#[derive(Serialize)]
struct SiteLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    rec: &'a SiteRecord,
    counts: crate::model::SiteCounts,
}

#[derive(Serialize)]
struct RunLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    summary: &'a RunSummary,
}

impl JsonlFormat {
    /// Creates `observations.jsonl` in `dir`.
    pub fn create(dir: &Path) -> Result<JsonlFormat> {
        Ok(JsonlFormat {
            file: OrderedFile::create(&dir.join("observations.jsonl"), b"")?,
        })
    }
}

impl Format for JsonlFormat {
    fn site(&mut self, index: usize, rec: &SiteRecord) -> Result<()> {
        let mut line = serde_json::to_vec(&SiteLine {
            kind: "site",
            rec,
            counts: rec.counts(),
        })?;
        line.push(b'\n');
        self.file.block(index, &line)?;
        self.file.flush()
    }

    fn finish(&mut self, summary: &RunSummary) -> Result<()> {
        let mut line = serde_json::to_vec(&RunLine {
            kind: "run",
            summary,
        })?;
        line.push(b'\n');
        self.file.finish(&line)
    }
}
