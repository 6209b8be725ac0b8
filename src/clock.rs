//! Instants in, the two timestamp spellings the reports and the history use
//! out: RFC 3339 UTC at whole seconds, and compact run ids that double as
//! directory names.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A UTC timestamp usable as a run id and directory name (`20261121T215600Z`).
pub fn run_id(t: OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    t.format(&f).unwrap_or_else(|_| "run".into())
}

/// RFC 3339 UTC at whole seconds.
pub fn rfc3339(t: OffsetDateTime) -> String {
    t.replace_nanosecond(0)
        .unwrap_or(t)
        .format(&Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn spellings() {
        let t = datetime!(2026-11-21 21:56:00.75 UTC);
        assert_eq!(run_id(t), "20261121T215600Z");
        assert_eq!(rfc3339(t), "2026-11-21T21:56:00Z");
    }
}
