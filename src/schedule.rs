//! Scheduling logic, no crawling: `--at`/`--every`/`--cron` options in, a
//! [`Schedule`] out; the next run time after any instant (UTC); systemd
//! service + timer and crontab text for `schedule --print`; pruning of old
//! dated report directories; and [`run_scheduler`], the async loop that sleeps
//! (on tokio's clock, so paused-time tests work) and runs a job at each time.

use crate::error::{Error, Result};
use std::fmt::Write as _;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use time::{Date, OffsetDateTime, Time, UtcOffset};
use tokio::sync::watch;

/// How often an `--every` schedule fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Every hour, at the minute of `--at` (its hour is ignored; default :00).
    Hour,
    /// Every day at `--at` (default 00:00).
    Day,
    /// Every Monday at `--at` (default 00:00); use `--cron` for other days.
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
                "--every",
                format!("{s:?}: expected day, hour or week"),
            )),
        }
    }
}

/// When scheduled runs happen. All times are UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// `--every` with an optional `--at` time of day (hour, minute).
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
    let bad = || invalid("--at", format!("{s:?}: expected HH:MM (00:00 to 23:59)"));
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u8, u8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok((h, m))
}

impl Schedule {
    /// Builds a schedule from the command-line options: `--cron` alone, or
    /// `--at` and/or `--every` (`--at` alone means daily).
    pub fn from_options(
        at: Option<&str>,
        every: Option<&str>,
        cron: Option<&str>,
    ) -> Result<Schedule> {
        match (at, every, cron) {
            (None, None, Some(c)) => Ok(Schedule::Cron(c.parse()?)),
            (_, _, Some(_)) => Err(invalid(
                "--cron",
                "cannot be combined with --at or --every".into(),
            )),
            (None, None, None) => Err(invalid("schedule", "give --at, --every or --cron".into())),
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

    /// A systemd service and timer pair running `args` (program first, an
    /// absolute path is best) in `working_dir` at the scheduled times.
    pub fn print_systemd(&self, args: &[String], working_dir: &Path) -> String {
        let mut out = String::new();
        out.push_str(
            "# trackaudit.service (in /etc/systemd/system/, or ~/.config/systemd/user/ for --user)\n\
             [Unit]\nDescription=trackaudit crawl\nWants=network-online.target\n\
             After=network-online.target\n\n[Service]\nType=oneshot\n",
        );
        let wd = working_dir.display().to_string();
        let _ = writeln!(out, "WorkingDirectory={}", systemd_quote(&wd));
        let cmd: Vec<String> = args.iter().map(|a| systemd_quote(a)).collect();
        let _ = writeln!(out, "ExecStart={}", cmd.join(" "));
        out.push_str(
            "\n# trackaudit.timer (next to the service; enable with\n\
             #   systemctl enable --now trackaudit.timer)\n\
             [Unit]\nDescription=trackaudit crawl schedule\n\n[Timer]\n",
        );
        for cal in self.on_calendar() {
            let _ = writeln!(out, "OnCalendar={cal}");
        }
        out.push_str(
            "Persistent=true\nUnit=trackaudit.service\n\n[Install]\nWantedBy=timers.target\n",
        );
        out
    }

    /// A crontab entry running `args` in `working_dir` at the scheduled
    /// times (with `CRON_TZ=UTC`, which cronie honours; elsewhere cron uses the
    /// machine's time zone).
    pub fn print_cron(&self, args: &[String], working_dir: &Path) -> String {
        let cmd: Vec<String> = args.iter().map(|a| shell_quote(a)).collect();
        let line = format!(
            "cd {} && {}",
            shell_quote(&working_dir.display().to_string()),
            cmd.join(" ")
        );
        format!(
            "# trackaudit (add with crontab -e; times are UTC)\nCRON_TZ=UTC\n{} {}\n",
            self.to_cron().fields(),
            line.replace('%', "\\%")
        )
    }
}

/// Quotes one word for a systemd `ExecStart=` line.
fn systemd_quote(s: &str) -> String {
    let s = s.replace('%', "%%").replace('$', "$$");
    if !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || "\"'\\;".contains(c)) {
        return s;
    }
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Quotes one word for a POSIX shell.
fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A parsed 5-field cron expression (minute hour day-of-month month
/// day-of-week) with Vixie cron semantics: `*`, lists, ranges, steps, month
/// and weekday names, 0 or 7 for Sunday, `@hourly`/`@daily`/`@weekly`/
/// `@monthly`/`@yearly`; when both day fields are restricted (neither starts
/// with `*`) a day matches either. Evaluated in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronExpr {
    minutes: u64,
    hours: u32,
    doms: u32,
    months: u16,
    dows: u8,
    dom_star: bool,
    dow_star: bool,
    text: String,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/// Parses one cron field into a bit mask over `lo..=hi`.
fn parse_field(
    field: &str,
    lo: u32,
    hi: u32,
    names: &[&str],
    name_base: u32,
) -> std::result::Result<u64, String> {
    let value = |s: &str| -> std::result::Result<u32, String> {
        if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
            return Ok(i as u32 + name_base);
        }
        let v: u32 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
        if v < lo || v > hi {
            return Err(format!("{v} is outside {lo}-{hi}"));
        }
        Ok(v)
    };
    let mut mask = 0u64;
    for item in field.split(',') {
        let (base, step) = match item.split_once('/') {
            Some((b, s)) => {
                let s: u32 = s.parse().map_err(|_| format!("bad step in {item:?}"))?;
                if s == 0 {
                    return Err(format!("zero step in {item:?}"));
                }
                (b, Some(s))
            }
            None => (item, None),
        };
        let (a, b) = if base == "*" {
            (lo, hi)
        } else if let Some((a, b)) = base.split_once('-') {
            (value(a)?, value(b)?)
        } else {
            let a = value(base)?;
            (a, if step.is_some() { hi } else { a })
        };
        if a > b {
            return Err(format!("range {item:?} runs backwards"));
        }
        for v in (a..=b).step_by(step.unwrap_or(1) as usize) {
            mask |= 1 << v;
        }
    }
    Ok(mask)
}

/// Days in `month` of a leap year (the most a month can have).
fn max_days(month: u8) -> u8 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for CronExpr {
    type Err = Error;
    fn from_str(s: &str) -> Result<CronExpr> {
        let bad = |m: String| invalid("--cron", format!("{s:?}: {m}"));
        let text = match s.trim().to_ascii_lowercase().as_str() {
            "@hourly" => "0 * * * *".to_string(),
            "@daily" | "@midnight" => "0 0 * * *".to_string(),
            "@weekly" => "0 0 * * 0".to_string(),
            "@monthly" => "0 0 1 * *".to_string(),
            "@yearly" | "@annually" => "0 0 1 1 *".to_string(),
            _ => s.split_whitespace().collect::<Vec<_>>().join(" "),
        };
        let f: Vec<&str> = text.split(' ').collect();
        if f.len() != 5 {
            return Err(bad(format!(
                "expected 5 fields (minute hour day month weekday), got {}",
                f.len()
            )));
        }
        let mut dows = parse_field(f[4], 0, 7, &DAYS, 0).map_err(&bad)?;
        if dows & (1 << 7) != 0 {
            dows = (dows | 1) & !(1 << 7);
        }
        let e = CronExpr {
            minutes: parse_field(f[0], 0, 59, &[], 0).map_err(&bad)?,
            hours: parse_field(f[1], 0, 23, &[], 0).map_err(&bad)? as u32,
            doms: parse_field(f[2], 1, 31, &[], 0).map_err(&bad)? as u32,
            months: parse_field(f[3], 1, 12, &MONTHS, 1).map_err(&bad)? as u16,
            dows: dows as u8,
            dom_star: f[2].starts_with('*'),
            dow_star: f[4].starts_with('*'),
            text,
        };
        let some_day = (1..=12u8)
            .any(|m| e.months & (1 << m) != 0 && (1..=max_days(m)).any(|d| e.doms & (1 << d) != 0));
        if !some_day && (e.dom_star || e.dow_star) {
            return Err(bad("no month has such a day".into()));
        }
        Ok(e)
    }
}

impl std::fmt::Display for CronExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The set bits of `mask` within `lo..=hi`.
fn bits(mask: u64, lo: u32, hi: u32) -> impl Iterator<Item = u32> {
    (lo..=hi).filter(move |b| mask & (1 << b) != 0)
}

impl CronExpr {
    /// The five fields, normalised (macros expanded).
    pub fn fields(&self) -> &str {
        &self.text
    }

    fn day_matches(&self, d: Date) -> bool {
        if self.months & (1 << u8::from(d.month())) == 0 {
            return false;
        }
        let dom = self.doms & (1 << d.day()) != 0;
        let dow = self.dows & (1 << d.weekday().number_days_from_sunday()) != 0;
        if self.dom_star || self.dow_star {
            dom && dow
        } else {
            dom || dow
        }
    }

    /// Whether the minute containing `t` (UTC) is a scheduled one.
    pub fn matches(&self, t: OffsetDateTime) -> bool {
        let t = t.to_offset(UtcOffset::UTC);
        self.day_matches(t.date())
            && self.hours & (1 << t.hour()) != 0
            && self.minutes & (1 << t.minute()) != 0
    }

    /// The first matching minute strictly after `t`, in UTC. Every accepted
    /// expression matches within 50 years; past that (never in practice) the
    /// search gives up and returns `t` plus 50 years.
    pub fn next_after(&self, t: OffsetDateTime) -> OffsetDateTime {
        let t = t.to_offset(UtcOffset::UTC);
        let start = t
            .replace_second(0)
            .unwrap_or(t)
            .replace_nanosecond(0)
            .unwrap_or(t)
            + time::Duration::minutes(1);
        let mut date = start.date();
        let (mut h0, mut m0) = (u32::from(start.hour()), u32::from(start.minute()));
        for _ in 0..366 * 50 {
            if self.day_matches(date) {
                for h in bits(self.hours.into(), h0, 23) {
                    let from = if h == h0 { m0 } else { 0 };
                    if let Some(m) = bits(self.minutes, from, 59).next() {
                        let time = Time::from_hms(h as u8, m as u8, 0).expect("valid time");
                        return date.with_time(time).assume_utc();
                    }
                }
            }
            match date.next_day() {
                Some(d) => date = d,
                None => break,
            }
            (h0, m0) = (0, 0);
        }
        t + time::Duration::days(366 * 50)
    }

    /// systemd calendar values (UTC) equivalent to this expression.
    pub fn on_calendar(&self) -> Vec<String> {
        let list = |mask: u64, lo: u32, hi: u32| {
            if bits(mask, lo, hi).count() as u32 == hi - lo + 1 {
                "*".to_string()
            } else {
                bits(mask, lo, hi)
                    .map(|v| format!("{v:02}"))
                    .collect::<Vec<_>>()
                    .join(",")
            }
        };
        let (mi, ho) = (list(self.minutes, 0, 59), list(self.hours.into(), 0, 23));
        let (dom, mon) = (
            list(self.doms.into(), 1, 31),
            list(self.months.into(), 1, 12),
        );
        const SYSTEMD_DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
        let dow = if self.dows == 0x7f {
            String::new()
        } else {
            let names: Vec<&str> = bits(self.dows.into(), 0, 6)
                .map(|d| SYSTEMD_DAYS[d as usize])
                .collect();
            format!("{} ", names.join(","))
        };
        let at = |dow: &str, dom: &str| format!("{dow}*-{mon}-{dom} {ho}:{mi}:00 UTC");
        if !self.dom_star && !self.dow_star {
            // cron ORs the two day fields; systemd ANDs, so give one line each.
            vec![at("", &dom), at(&dow, "*")]
        } else {
            vec![at(&dow, &dom)]
        }
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

/// Where the scheduler reads wall-clock time from.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// The system clock (production).
    System,
    /// `start` plus the tokio time elapsed since `at`: follows tokio's paused
    /// and auto-advanced clock in tests.
    Virtual {
        /// Wall-clock time at `at`.
        start: OffsetDateTime,
        /// The tokio instant that corresponds to `start`.
        at: tokio::time::Instant,
    },
}

impl Clock {
    /// A virtual clock reading `start` now and advancing with tokio time.
    pub fn starting_at(start: OffsetDateTime) -> Clock {
        Clock::Virtual {
            start,
            at: tokio::time::Instant::now(),
        }
    }

    /// The current wall-clock time (UTC).
    pub fn now(&self) -> OffsetDateTime {
        match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Virtual { start, at } => *start + at.elapsed(),
        }
    }
}

/// Longest single sleep: the wall clock is re-read at least this often, so
/// clock steps and suspend/resume do not make a run late by more than this.
const MAX_NAP: std::time::Duration = std::time::Duration::from_secs(60);

/// [`run_scheduler_with`] on the system clock.
pub async fn run_scheduler<F, Fut>(
    schedule: &Schedule,
    shutdown: watch::Receiver<bool>,
    job: F,
) -> usize
where
    F: FnMut(OffsetDateTime) -> Fut,
    Fut: Future<Output = ()>,
{
    run_scheduler_with(schedule, Clock::System, shutdown, job).await
}

/// Sleeps until each scheduled time and runs `job(scheduled time)`, until
/// `shutdown` turns true: a shutdown while sleeping returns at once, one
/// during a job lets the job finish (the job may watch the same channel to
/// wind down early) and then returns. Runs never overlap: times that pass
/// while a job runs are skipped, not caught up. Returns how many jobs ran.
pub async fn run_scheduler_with<F, Fut>(
    schedule: &Schedule,
    clock: Clock,
    mut shutdown: watch::Receiver<bool>,
    mut job: F,
) -> usize
where
    F: FnMut(OffsetDateTime) -> Fut,
    Fut: Future<Output = ()>,
{
    let mut runs = 0;
    let mut sender_alive = true;
    let mut next = schedule.next_after(clock.now());
    loop {
        if *shutdown.borrow_and_update() {
            return runs;
        }
        let now = clock.now();
        if now < next {
            let nap = (next - now).unsigned_abs().min(MAX_NAP);
            if sender_alive {
                tokio::select! {
                    _ = tokio::time::sleep(nap) => {}
                    changed = shutdown.changed() => sender_alive = changed.is_ok(),
                }
            } else {
                tokio::time::sleep(nap).await;
            }
            continue;
        }
        job(next).await;
        runs += 1;
        next = schedule.next_after(clock.now().max(next));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    use time::macros::datetime;

    /// 2026-01-07 (a Wednesday) at h:m UTC.
    fn at(h: u8, m: u8) -> OffsetDateTime {
        let t = Time::from_hms(h, m, 0).unwrap();
        datetime!(2026-01-07 00:00 UTC).replace_time(t)
    }

    fn cron(s: &str) -> Schedule {
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
    fn cron_fields() {
        let t = datetime!(2026-01-07 01:30:45.5 UTC);
        for (expr, want) in [
            ("0 2 * * *", at(2, 0)),
            ("*/20 * * * *", at(1, 40)),
            ("5,35 9-10 * * *", at(9, 5)),
            ("0 0 1 */3 *", datetime!(2026-04-01 00:00 UTC)),
            ("30 1 * jan-mar mon-fri", datetime!(2026-01-08 01:30 UTC)),
            ("0 12 * * 7", datetime!(2026-01-11 12:00 UTC)), // Sunday
            ("@monthly", datetime!(2026-02-01 00:00 UTC)),
            ("0 0 29 2 *", datetime!(2028-02-29 00:00 UTC)),
            ("0 0 1 1 *", datetime!(2027-01-01 00:00 UTC)), // year roll-over
        ] {
            assert_eq!(cron(expr).next_after(t), want, "{expr}");
        }
        // Other offsets are read as the same instant.
        let local = datetime!(2026-01-07 03:30 +02:00);
        assert_eq!(cron("0 2 * * *").next_after(local), at(2, 0));
    }

    #[test]
    fn vixie_day_fields() {
        // Both restricted: the 13th OR any Friday.
        let e: CronExpr = "0 0 13 * 5".parse().unwrap();
        let t = datetime!(2026-01-01 00:00 UTC); // Thursday
        assert_eq!(e.next_after(t), datetime!(2026-01-02 00:00 UTC)); // Friday 2nd
        assert_eq!(
            e.next_after(datetime!(2026-01-12 00:00 UTC)),
            datetime!(2026-01-13 00:00 UTC)
        );
        // A star-prefixed field makes it AND: odd days that are Fridays.
        let e: CronExpr = "0 0 */2 * 5".parse().unwrap();
        assert_eq!(e.next_after(t), datetime!(2026-01-09 00:00 UTC));
        assert!(e.matches(datetime!(2026-01-09 00:00 UTC)));
        assert!(!e.matches(datetime!(2026-01-16 00:00 UTC)));
    }

    #[test]
    fn systemd_and_cron_text() {
        let args: Vec<String> = ["/usr/bin/trackaudit", "crawl", "my sites.txt", "--dnt"]
            .map(String::from)
            .to_vec();
        let day = Schedule::from_options(Some("02:00"), None, None).unwrap();
        let unit = day.print_systemd(&args, Path::new("/srv/audit"));
        assert!(unit.contains("OnCalendar=*-*-* 02:00:00 UTC\n"), "{unit}");
        assert!(unit.contains("ExecStart=/usr/bin/trackaudit crawl \"my sites.txt\" --dnt\n"));
        assert!(unit.contains("WorkingDirectory=/srv/audit\n"));
        assert!(unit.contains("[Install]\nWantedBy=timers.target"));
        let line = day.print_cron(&args, Path::new("/srv/audit"));
        assert!(
            line.ends_with(
                "0 2 * * * cd /srv/audit && /usr/bin/trackaudit crawl 'my sites.txt' --dnt\n"
            ),
            "{line}"
        );
        assert!(line.contains("CRON_TZ=UTC\n"));
        assert_eq!(
            cron("*/30 1 * * mon,fri").on_calendar(),
            vec!["Mon,Fri *-*-* 01:00,30:00 UTC"]
        );
        assert_eq!(
            cron("0 3 1,15 * sun").on_calendar(),
            vec!["*-*-01,15 03:00:00 UTC", "Sun *-*-* 03:00:00 UTC"]
        );
        let pct = cron("0 * * * *").print_cron(&["date".into(), "+%F".into()], Path::new("/"));
        assert!(pct.contains("date '+\\%F'"), "{pct}");
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

    type Log = Arc<Mutex<Vec<OffsetDateTime>>>;
    type Job = Pin<Box<dyn Future<Output = ()>>>;

    /// A job that records its scheduled time and the virtual time it ran at.
    fn recorder(
        clock: Clock,
        log: &Log,
        ran: &Log,
        took: Duration,
    ) -> impl FnMut(OffsetDateTime) -> Job {
        let (log, ran) = (log.clone(), ran.clone());
        move |t| {
            let (log, ran) = (log.clone(), ran.clone());
            Box::pin(async move {
                ran.lock().unwrap().push(clock.now());
                tokio::time::sleep(took).await;
                log.lock().unwrap().push(t);
            })
        }
    }

    #[tokio::test(start_paused = true)]
    async fn runs_at_each_time_until_shutdown() {
        let clock = Clock::starting_at(at(0, 30));
        let (tx, rx) = watch::channel(false);
        let (log, ran) = (Log::default(), Log::default());
        let sched = Schedule::from_options(None, Some("hour"), None).unwrap();
        let job = recorder(clock, &log, &ran, Duration::from_secs(300));
        let stopper = async {
            tokio::time::sleep(Duration::from_secs(3 * 3600)).await; // 03:30
            tx.send(true).unwrap();
        };
        let (n, ()) = tokio::join!(run_scheduler_with(&sched, clock, rx, job), stopper);
        assert_eq!(n, 3);
        let want = [at(1, 0), at(2, 0), at(3, 0)];
        assert_eq!(*log.lock().unwrap(), want);
        assert_eq!(*ran.lock().unwrap(), want, "each job started on time");
        // Shut down while sleeping: returned at once, at 03:30.
        assert_eq!(clock.now(), at(3, 30));
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_during_a_job_lets_it_finish() {
        let clock = Clock::starting_at(at(1, 59));
        let (tx, rx) = watch::channel(false);
        let (log, ran) = (Log::default(), Log::default());
        let sched = Schedule::from_options(Some("02:00"), None, None).unwrap();
        let job = recorder(clock, &log, &ran, Duration::from_secs(600));
        let stopper = async {
            tokio::time::sleep(Duration::from_secs(5 * 60)).await; // mid-job
            tx.send(true).unwrap();
        };
        let (n, ()) = tokio::join!(run_scheduler_with(&sched, clock, rx, job), stopper);
        assert_eq!(n, 1);
        assert_eq!(log.lock().unwrap().len(), 1, "the job completed");
        assert_eq!(clock.now(), at(2, 10));
    }

    #[tokio::test(start_paused = true)]
    async fn overrunning_job_skips_missed_times() {
        let clock = Clock::starting_at(at(0, 59));
        let (tx, rx) = watch::channel(false);
        let (log, ran) = (Log::default(), Log::default());
        let sched = cron("*/10 * * * *");
        // Each run takes 25 minutes: 01:00, then 01:30 (01:10 and 01:20 skipped), 02:00.
        let job = recorder(clock, &log, &ran, Duration::from_secs(25 * 60));
        let stopper = async {
            tokio::time::sleep(Duration::from_secs(61 * 60 + 30)).await; // 02:00:30
            tx.send(true).unwrap();
        };
        let (n, ()) = tokio::join!(run_scheduler_with(&sched, clock, rx, job), stopper);
        assert_eq!(n, 3);
        assert_eq!(*log.lock().unwrap(), [at(1, 0), at(1, 30), at(2, 0)]);
    }

    #[tokio::test(start_paused = true)]
    async fn already_shut_down_runs_nothing() {
        let (_tx, rx) = watch::channel(true);
        let (sched, clock) = (cron("* * * * *"), Clock::starting_at(at(0, 0)));
        let n = run_scheduler_with(&sched, clock, rx, |_| async {}).await;
        assert_eq!(n, 0);
    }

    #[tokio::test(start_paused = true)]
    async fn dropped_sender_keeps_running() {
        let clock = Clock::starting_at(at(0, 0));
        let (tx, rx) = watch::channel(false);
        drop(tx);
        let count = Arc::new(Mutex::new(0));
        let c = count.clone();
        let sched = cron("* * * * *");
        let run = run_scheduler_with(&sched, clock, rx, move |_| {
            let c = c.clone();
            async move { *c.lock().unwrap() += 1 }
        });
        let _ = tokio::time::timeout(Duration::from_secs(5 * 60 + 30), run).await;
        assert_eq!(*count.lock().unwrap(), 5);
    }
}
