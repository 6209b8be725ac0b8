//! The binary's stderr: warnings, notes and per-site progress in; lines on
//! stderr out. While a progress bar (indicatif) is drawn, every line is
//! printed above it so the bar stays whole; the `tracing` subscriber
//! (`-v`/`-vv`, `RUST_LOG`) writes through the same path and its warnings
//! count with the others.

use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use std::fmt::Display;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use tracing_subscriber::fmt::MakeWriter;
use trackaudit::model::{SiteRecord, SiteStatus};
use trackaudit::run::Progress;

/// The bar being drawn, if any.
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);
/// Warnings printed during this invocation.
static WARNINGS: AtomicUsize = AtomicUsize::new(0);
/// Failed sites of the run being shown.
static FAILED: AtomicUsize = AtomicUsize::new(0);

fn current_bar() -> Option<ProgressBar> {
    BAR.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Writes `text` and a newline to stderr, above the bar while one is drawn.
/// A closed stderr is not an error worth stopping for.
pub(crate) fn line(text: &str) {
    let write = || {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{text}");
    };
    match current_bar() {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// Prints `warning: {w}` and counts it.
pub(crate) fn warn(w: impl Display) {
    counted_line(&format!("warning: {w}"), true);
}

/// Prints `text` above the bar; a warning is counted and the bar's counts updated.
fn counted_line(text: &str, warning: bool) {
    if warning {
        WARNINGS.fetch_add(1, Ordering::Relaxed);
    }
    line(text);
    if warning {
        refresh();
    }
}

/// Updates the bar's counts of failures and warnings.
fn refresh() {
    if let Some(bar) = current_bar() {
        bar.set_message(format!(
            "{} failed, {} warnings",
            FAILED.load(Ordering::Relaxed),
            WARNINGS.load(Ordering::Relaxed)
        ));
    }
}

/// How a run's progress is shown.
enum Mode {
    /// Nothing (`--quiet`).
    Quiet,
    /// One line per finished site (stderr is not a terminal).
    Lines,
    /// A progress bar with ETA; failures printed above it.
    Bar(ProgressBar),
}

/// Progress display of one run of `total` sites: a bar with ETA and counts on
/// a terminal, one plain line per site otherwise, nothing when quiet.
pub(crate) struct SiteProgress {
    mode: Mode,
}

impl SiteProgress {
    /// Starts showing a run.
    pub(crate) fn start(total: usize, quiet: bool) -> SiteProgress {
        FAILED.store(0, Ordering::Relaxed);
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total as u64);
            let style = ProgressStyle::with_template(
                "[{elapsed_precise}] [{bar:30}] {pos}/{len} sites  {rate}  ETA {eta}  {msg}",
            )
            .map(|s| {
                s.progress_chars("#>-").with_key(
                    "rate",
                    |st: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.1} sites/s", st.per_sec());
                    },
                )
            })
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(500));
            *BAR.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar.clone());
            refresh();
            Mode::Bar(bar)
        } else {
            Mode::Lines
        };
        SiteProgress { mode }
    }

    /// Shows one finished site.
    pub(crate) fn site_done(&self, p: &Progress, rec: &SiteRecord) {
        FAILED.store(p.failed, Ordering::Relaxed);
        let c = rec.counts();
        let detail = format!(
            "{} {} requests={} cookies={} beacons={}{}",
            rec.site,
            rec.status,
            c.requests,
            c.cookies,
            c.beacons,
            if rec.error.is_empty() {
                String::new()
            } else {
                format!(" error={:?}", rec.error)
            }
        );
        match &self.mode {
            Mode::Quiet => tracing::info!("[{}/{}] {detail}", p.done, p.total),
            Mode::Lines => line(&format!("[{}/{}] {detail}", p.done, p.total)),
            Mode::Bar(bar) => {
                if rec.status == SiteStatus::Ok {
                    tracing::info!("{detail}");
                } else {
                    line(&format!("failed: {detail}"));
                }
                bar.set_position(p.done as u64);
                refresh();
            }
        }
    }
}

impl Drop for SiteProgress {
    /// Leaves the bar's last state on the terminal (an interrupted run's bar
    /// stays short of the total) and stops printing above it.
    fn drop(&mut self) {
        if let Mode::Bar(bar) = &self.mode {
            refresh();
            bar.abandon();
            *BAR.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
    }
}

/// Where `tracing` events go: stderr, above the bar; a warning or error
/// event counts as a warning.
struct EventWriter;

/// One formatted event, written out when the subscriber drops it.
struct EventLine {
    buf: Vec<u8>,
    warning: bool,
}

impl Write for EventLine {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for EventLine {
    fn drop(&mut self) {
        let text = String::from_utf8_lossy(&self.buf);
        let text = text.trim_end();
        if text.is_empty() {
            return;
        }
        counted_line(text, self.warning);
    }
}

impl<'a> MakeWriter<'a> for EventWriter {
    type Writer = EventLine;
    fn make_writer(&'a self) -> EventLine {
        EventLine {
            buf: Vec::new(),
            warning: false,
        }
    }
    fn make_writer_for(&'a self, meta: &tracing::Metadata<'_>) -> EventLine {
        EventLine {
            buf: Vec::new(),
            warning: *meta.level() <= tracing::Level::WARN,
        }
    }
}

/// Event time stamps: seconds since the program started.
struct Since(std::time::Instant);

impl tracing_subscriber::fmt::time::FormatTime for Since {
    fn format_time(&self, w: &mut tracing_subscriber::fmt::format::Writer<'_>) -> std::fmt::Result {
        write!(w, "{:8.3}s", self.0.elapsed().as_secs_f64())
    }
}

/// The filter of `-v` repeated `verbose` times: warnings by default, this
/// program's info with `-v`, its debug with `-vv`, its trace (and others'
/// info) with `-vvv`.
fn default_filter(verbose: u8) -> &'static str {
    match verbose {
        0 => "warn",
        1 => "warn,trackaudit=info",
        2 => "warn,trackaudit=debug",
        _ => "info,trackaudit=trace",
    }
}

/// Installs the diagnostics subscriber: `RUST_LOG` when set, else the level
/// of `-v`/`-vv`. Events carry the seconds since start; their target (the
/// module) is shown from `-vv` on and with `RUST_LOG`.
pub(crate) fn init_tracing(verbose: u8) {
    use tracing_subscriber::EnvFilter;
    let fallback = || EnvFilter::new(default_filter(verbose));
    let mut bad_env = None;
    let mut targets = verbose >= 2;
    let filter = match std::env::var("RUST_LOG") {
        Ok(v) if !v.trim().is_empty() => EnvFilter::try_new(&v)
            .inspect(|_| targets = true)
            .unwrap_or_else(|e| {
                bad_env = Some(format!("RUST_LOG={v:?} ignored: {e}"));
                fallback()
            }),
        _ => fallback(),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_timer(Since(std::time::Instant::now()))
        .with_target(targets)
        .with_writer(EventWriter)
        .try_init();
    if let Some(w) = bad_env {
        warn(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbosity_levels() {
        assert_eq!(default_filter(0), "warn");
        assert!(default_filter(1).ends_with("trackaudit=info"));
        assert!(default_filter(2).ends_with("trackaudit=debug"));
        assert!(default_filter(9).ends_with("trackaudit=trace"));
        for v in 0..4 {
            assert!(tracing_subscriber::EnvFilter::try_new(default_filter(v)).is_ok());
        }
    }
}
