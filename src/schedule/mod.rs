//! Scheduling logic, no crawling: a time of day, a period or a cron
//! expression in, a [`Schedule`] out, with the next run time after any
//! instant (UTC) and the dated report directories of scheduled runs (naming,
//! pruning). Cron parsing is in [`cron`], systemd/crontab text in `unit`, the
//! async loop that runs a job at each time in [`scheduler`].

pub mod cron;
pub mod scheduler;
mod unit;

pub use cron::CronExpr;
pub use scheduler::{run_scheduler, run_scheduler_with, Clock};

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use time::{OffsetDateTime, UtcOffset};

/// How often a periodic schedule fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Every hour, at the minute of the time of day (its hour is ignored; default :00).
    Hour,
    /// Every day at the time of day (default 00:00).
    Day,
    /// Every Monday at the time of day (default 00:00); a cron expression for other days.
    Week,
}

impl FromStr for Period {
    type Err = Error;
    fn from_str(s: &str) -> Result<Period> {
        match s.to_ascii_lowercase().as_str() {
            "hour" | "hourly" => Ok(Period::Hour),
            "day" | "daily" => Ok(Period::Day),
            "week" | "weekly" => Ok(Period::Week),
            _ => Err(invalid(
                "period",
                format!("{s:?}: expected day, hour or week"),
            )),
        }
    }
}

/// When scheduled runs happen. All times are UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// A period with an optional time of day (hour, minute).
    Every {
        /// Time of day; `None` = 00:00 (minute 0 for hourly).
        at: Option<(u8, u8)>,
        /// How often.
        every: Period,
    },
    /// A 5-field cron expression.
    Cron(CronExpr),
}

fn invalid(what: &'static str, message: String) -> Error {
    Error::InvalidOption { what, message }
}

/// Parses `HH:MM` (24-hour clock, UTC).
pub fn parse_at(s: &str) -> Result<(u8, u8)> {
    let bad = || {
        invalid(
            "time of day",
            format!("{s:?}: expected HH:MM (00:00 to 23:59)"),
        )
    };
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u8, u8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok((h, m))
}

impl Schedule {
    /// Builds a schedule from its three textual parts: a cron expression
    /// alone, or a time of day (`HH:MM`) and/or a period (`hour`, `day`,
    /// `week`); a time of day alone means daily.
    pub fn from_options(
        at: Option<&str>,
        every: Option<&str>,
        cron: Option<&str>,
    ) -> Result<Schedule> {
        match (at, every, cron) {
            (None, None, Some(c)) => Ok(Schedule::Cron(c.parse()?)),
            (_, _, Some(_)) => Err(invalid(
                "schedule",
                "a cron expression cannot be combined with a time of day or a period".into(),
            )),
            (None, None, None) => Err(invalid(
                "schedule",
                "needs a time of day, a period or a cron expression".into(),
            )),
            (at, every, None) => Ok(Schedule::Every {
                at: at.map(parse_at).transpose()?,
                every: every
                    .map(str::parse::<Period>)
                    .transpose()?
                    .unwrap_or(Period::Day),
            }),
        }
    }

    /// The schedule as a cron expression (what `next_after` and the printers use).
    pub fn to_cron(&self) -> CronExpr {
        match self {
            Schedule::Cron(c) => c.clone(),
            Schedule::Every { at, every } => {
                let (h, m) = at.unwrap_or((0, 0));
                let text = match every {
                    Period::Hour => format!("{m} * * * *"),
                    Period::Day => format!("{m} {h} * * *"),
                    Period::Week => format!("{m} {h} * * 1"),
                };
                text.parse().expect("generated cron expressions are valid")
            }
        }
    }

    /// The first scheduled instant strictly after `t` (whole minutes, UTC;
    /// `t` may carry any offset).
    pub fn next_after(&self, t: OffsetDateTime) -> OffsetDateTime {
        self.to_cron().next_after(t)
    }

    /// systemd `OnCalendar=` values (one, or two for a cron expression that
    /// restricts both day of month and day of week, which cron ORs).
    pub fn on_calendar(&self) -> Vec<String> {
        self.to_cron().on_calendar()
    }
}

/// Whether a directory name looks like a run id (`20260101T020000Z`).
pub fn is_run_dir_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit)
}

/// The dated report directory of a run scheduled at `t`: `base/<run id>`.
pub fn dated_dir(base: &Path, t: OffsetDateTime) -> PathBuf {
    base.join(crate::clock::run_id(t.to_offset(UtcOffset::UTC)))
}

/// Removes the oldest run directories of `dir` (names like
/// `20260101T020000Z`; other entries and symlinks are left alone) so that at
/// most `keep` remain, and returns what it removed, oldest first. A missing
/// `dir` prunes nothing.
pub fn prune(dir: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut runs = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let is_dir = entry
            .file_type()
            .map_err(|e| Error::io(entry.path(), e))?
            .is_dir();
        let name = entry.file_name();
        if is_dir && name.to_str().is_some_and(is_run_dir_name) {
            runs.push(entry.path());
        }
    }
    runs.sort();
    let excess = runs.len().saturating_sub(keep);
    let removed: Vec<PathBuf> = runs.into_iter().take(excess).collect();
    for p in &removed {
        std::fs::remove_dir_all(p).map_err(|e| Error::io(p, e))?;
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use time::Time;

    /// 2026-01-07 (a Wednesday) at h:m UTC.
    pub(crate) fn at(h: u8, m: u8) -> OffsetDateTime {
        let t = Time::from_hms(h, m, 0).unwrap();
        datetime!(2026-01-07 00:00 UTC).replace_time(t)
    }

    /// A schedule of the cron expression `s`.
    pub(crate) fn cron(s: &str) -> Schedule {
        Schedule::Cron(s.parse().unwrap())
    }

    #[test]
    fn every_day_hour_week() {
        let t = at(1, 30); // a Wednesday
        let day = Schedule::from_options(Some("02:00"), None, None).unwrap();
        assert_eq!(day.next_after(t), at(2, 0));
        assert_eq!(day.next_after(at(2, 0)), datetime!(2026-01-08 02:00 UTC));
        let hour = Schedule::from_options(Some("00:15"), Some("hour"), None).unwrap();
        assert_eq!(hour.next_after(t), at(2, 15));
        let week = Schedule::from_options(Some("02:00"), Some("week"), None).unwrap();
        assert_eq!(week.next_after(t), datetime!(2026-01-12 02:00 UTC)); // Monday
        let midnight = Schedule::from_options(None, Some("day"), None).unwrap();
        assert_eq!(midnight.next_after(t), datetime!(2026-01-08 00:00 UTC));
    }

    #[test]
    fn option_errors() {
        assert!(Schedule::from_options(Some("24:00"), None, None).is_err());
        assert!(Schedule::from_options(Some("2pm"), None, None).is_err());
        assert!(Schedule::from_options(None, Some("month"), None).is_err());
        assert!(Schedule::from_options(Some("02:00"), None, Some("0 2 * * *")).is_err());
        assert!(Schedule::from_options(None, None, None).is_err());
        for bad in "* * * *|60 * * * *|*/0 * * * *|5-1 * * * *|0 0 30 2 *|x * * * *".split('|') {
            assert!(bad.parse::<CronExpr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn prune_keeps_newest_run_dirs_only() {
        let dir = tempfile::tempdir().unwrap();
        let d = |n: &str| dir.path().join(n);
        let runs = ["20260101T020000Z", "20260102T020000Z", "20260103T020000Z"];
        for n in runs
            .iter()
            .chain(&["20260104T020000Z", "latest", "2026010T020000Z"])
        {
            std::fs::create_dir(d(n)).unwrap();
        }
        std::fs::write(d("20251231T020000Z"), "a file, not a run").unwrap();
        let removed = prune(dir.path(), 2).unwrap();
        assert_eq!(removed, [d(runs[0]), d(runs[1])]);
        for n in [
            runs[2],
            "20260104T020000Z",
            "latest",
            "2026010T020000Z",
            "20251231T020000Z",
        ] {
            assert!(d(n).exists(), "{n}");
        }
        assert!(prune(dir.path(), 2).unwrap().is_empty());
        assert!(prune(&dir.path().join("missing"), 1).unwrap().is_empty());
        assert_eq!(
            dated_dir(Path::new("r"), at(2, 0)),
            Path::new("r/20260107T020000Z")
        );
    }
}
