//! Site records in, report files out. Every format implements [`Format`]
//! (one file per format); rows stream to disk as sites finish and are put in
//! input order when the run finishes, so output is deterministic and memory
//! does not grow with the number of sites.

pub mod csv;
pub mod html;
pub mod jsonl;

use crate::error::{Error, Result};
use crate::model::{RunSummary, SiteRecord};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// One output format.
pub trait Format {
    /// Writes one site's rows; `index` is the site's position in the target list.
    fn site(&mut self, index: usize, rec: &SiteRecord) -> Result<()>;
    /// Completes the files (input order, trailer lines).
    fn finish(&mut self, summary: &RunSummary) -> Result<()>;
}

/// A file written in blocks as sites finish, valid at every moment (header,
/// then blocks in completion order), rewritten in block-index order by
/// [`OrderedFile::finish`]. Memory holds three numbers per block.
pub struct OrderedFile {
    path: PathBuf,
    out: BufWriter<File>,
    pos: u64,
    header_len: u64,
    blocks: Vec<(usize, u64, u64)>,
}

impl OrderedFile {
    /// Creates `path` and writes `header`.
    pub fn create(path: &Path, header: &[u8]) -> Result<OrderedFile> {
        let file = File::create(path).map_err(|e| Error::io(path, e))?;
        let mut out = BufWriter::new(file);
        out.write_all(header).map_err(|e| Error::io(path, e))?;
        Ok(OrderedFile {
            path: path.to_path_buf(),
            out,
            pos: header.len() as u64,
            header_len: header.len() as u64,
            blocks: Vec::new(),
        })
    }

    /// Appends the block of site `index`.
    pub fn block(&mut self, index: usize, bytes: &[u8]) -> Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.out
            .write_all(bytes)
            .map_err(|e| Error::io(&self.path, e))?;
        self.blocks.push((index, self.pos, bytes.len() as u64));
        self.pos += bytes.len() as u64;
        Ok(())
    }

    /// Flushes buffered blocks to disk (a killed run keeps what was flushed).
    pub fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(|e| Error::io(&self.path, e))
    }

    /// Rewrites the file with blocks in index order, then `trailer`.
    pub fn finish(&mut self, trailer: &[u8]) -> Result<()> {
        self.flush()?;
        let io = |e| Error::io(&self.path, e);
        let tmp = self.path.with_extension("sorting");
        {
            let mut src = File::open(&self.path).map_err(io)?;
            let mut dst = BufWriter::new(File::create(&tmp).map_err(io)?);
            let mut header = vec![0; self.header_len as usize];
            src.read_exact(&mut header).map_err(io)?;
            dst.write_all(&header).map_err(io)?;
            self.blocks.sort_by_key(|b| b.0);
            let mut buf = Vec::new();
            for &(_, off, len) in &self.blocks {
                src.seek(SeekFrom::Start(off)).map_err(io)?;
                buf.resize(len as usize, 0);
                src.read_exact(&mut buf).map_err(io)?;
                dst.write_all(&buf).map_err(io)?;
            }
            dst.write_all(trailer).map_err(io)?;
            dst.flush().map_err(io)?;
        }
        std::fs::rename(&tmp, &self.path).map_err(io)?;
        Ok(())
    }
}

/// Writes the reports of run `run` of the history into `dir` (every format,
/// sites in target-list order), from what the history kept; returns the
/// number of sites written. An unknown run is an [`Error::InvalidOption`].
pub fn from_history(store: &crate::store::Store, run: i64, dir: &Path) -> Result<usize> {
    let Some(row) = store.run(run)? else {
        return Err(Error::InvalidOption {
            what: "run",
            message: format!("no run {run} in {}", store.display_name()),
        });
    };
    let sites = store.site_records(run)?;
    let summary = store.summary(run)?.unwrap_or_else(|| RunSummary {
        run: run.to_string(),
        started: row.started.clone(),
        targets: row.targets,
        sites: sites.len(),
        ..RunSummary::default()
    });
    write_sites(dir, &sites, &summary)?;
    Ok(sites.len())
}

/// Writes every report file of a run's site records (in index order) and its
/// summary into `dir`.
pub fn write_sites(dir: &Path, sites: &[(usize, SiteRecord)], summary: &RunSummary) -> Result<()> {
    let consent = sites.iter().any(|(_, r)| r.visit.consent.is_some());
    let mut w = Writers::create(dir, consent)?;
    for (index, rec) in sites {
        w.site(*index, rec)?;
    }
    w.finish(summary)
}

/// Every format of a crawl, written side by side into one directory.
pub struct Writers {
    formats: Vec<Box<dyn Format + Send>>,
}

impl Writers {
    /// Creates the CSV, JSON-lines and HTML outputs in `dir` (created if
    /// missing); `consent`: the run visits consent states (`consent.csv`).
    pub fn create(dir: &Path, consent: bool) -> Result<Writers> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        Ok(Writers {
            formats: vec![
                Box::new(csv::CsvFormat::create(dir, consent)?),
                Box::new(jsonl::JsonlFormat::create(dir)?),
                Box::new(html::HtmlFormat::create(dir)?),
            ],
        })
    }

    /// Writes one site to every format.
    pub fn site(&mut self, index: usize, rec: &SiteRecord) -> Result<()> {
        self.formats.iter_mut().try_for_each(|f| f.site(index, rec))
    }

    /// Completes every format.
    pub fn finish(&mut self, summary: &RunSummary) -> Result<()> {
        self.formats.iter_mut().try_for_each(|f| f.finish(summary))
    }
}
