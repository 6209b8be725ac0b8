//! Cron expressions: 5-field text (or an `@daily`-style macro) in; a
//! [`CronExpr`] out that tells whether a minute matches, the next matching
//! minute after any instant (UTC) and the equivalent systemd calendar values.

use crate::error::{Error, Result};
use std::str::FromStr;
use time::{Date, OffsetDateTime, Time, UtcOffset};

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

/// The error for cron expression `expr`: `message` says what is wrong.
fn invalid(expr: &str, message: String) -> Error {
    Error::InvalidOption {
        what: "cron expression",
        message: format!("{expr:?}: {message}"),
    }
}

/// Parses one cron field of expression `expr` into a bit mask over `lo..=hi`.
fn parse_field(
    expr: &str,
    field: &str,
    lo: u32,
    hi: u32,
    names: &[&str],
    name_base: u32,
) -> Result<u64> {
    let bad = |m: String| invalid(expr, m);
    let value = |s: &str| -> Result<u32> {
        if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
            return Ok(i as u32 + name_base);
        }
        let v: u32 = s
            .parse()
            .map_err(|_| bad(format!("{s:?} is not a number")))?;
        if v < lo || v > hi {
            return Err(bad(format!("{v} is outside {lo}-{hi}")));
        }
        Ok(v)
    };
    let mut mask = 0u64;
    for item in field.split(',') {
        let (base, step) = match item.split_once('/') {
            Some((b, s)) => {
                let s: u32 = s
                    .parse()
                    .map_err(|_| bad(format!("bad step in {item:?}")))?;
                if s == 0 {
                    return Err(bad(format!("zero step in {item:?}")));
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
            return Err(bad(format!("range {item:?} runs backwards")));
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
        let bad = |m: String| invalid(s, m);
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
        let mut dows = parse_field(s, f[4], 0, 7, &DAYS, 0)?;
        if dows & (1 << 7) != 0 {
            dows = (dows | 1) & !(1 << 7);
        }
        let e = CronExpr {
            minutes: parse_field(s, f[0], 0, 59, &[], 0)?,
            hours: parse_field(s, f[1], 0, 23, &[], 0)? as u32,
            doms: parse_field(s, f[2], 1, 31, &[], 0)? as u32,
            months: parse_field(s, f[3], 1, 12, &MONTHS, 1)? as u16,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::tests::{at, cron};
    use time::macros::datetime;

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
}
