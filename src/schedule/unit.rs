//! Unit-file text: a [`Schedule`] and the command to run in; a systemd
//! service + timer pair or a crontab entry out, each word quoted for its
//! reader (systemd `ExecStart=`, POSIX shell).

use super::Schedule;
use std::fmt::Write as _;
use std::path::Path;

impl Schedule {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::tests::cron;

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
}
