//! The library's one error type: every fallible library call returns
//! [`Error`]; per-site crawl failures are data (a status in the site row), not errors.

use std::path::PathBuf;

/// Errors the library reports to its caller. New variants may be added, so a
/// `match` on it needs a wildcard arm; the messages name no command-line flag
/// (the binary says which of its options a [`Setting`] came from).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A target line could not be read as a URL or domain (with `--strict`).
    #[error("{file}:{line}: {message}")]
    BadTarget {
        /// The list file (`-` for stdin).
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A configuration value is malformed or cannot be used: a proxy URL, a
    /// request header, an address override, a run to resume, a schedule ...
    #[error("invalid {setting}: {message}")]
    Invalid {
        /// Which setting.
        setting: Setting,
        /// Why it is invalid (names no command-line flag).
        message: String,
    },
    /// Transitional, being replaced by [`Error::Invalid`]: a configuration
    /// value is malformed, `what` naming it as the command line spells it.
    #[error("invalid {what}: {message}")]
    InvalidOption {
        /// Which option.
        what: &'static str,
        /// Why it is invalid.
        message: String,
    },
    /// A target entry is not an http(s) URL or a domain (where no list file
    /// and line are known; a list's bad line is [`Error::BadTarget`]).
    #[error("{message}")]
    InvalidTarget {
        /// What is wrong with the entry.
        message: String,
    },
    /// Downloading a list failed: no answer, an HTTP error status, a body over
    /// the size limit, a stalled transfer.
    #[error("{url}: {message}")]
    Download {
        /// The URL that was fetched.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The HTTP client could not be built (TLS back-end, proxy).
    #[error("HTTP client: {0}")]
    Client(#[from] reqwest::Error),
    /// Writing CSV output failed.
    #[error("CSV output: {0}")]
    Csv(#[from] csv::Error),
    /// Writing or reading JSON failed.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The run history database (SQLite) failed.
    #[error("history database: {0}")]
    Store(#[from] rusqlite::Error),
    /// The thread that writes reports and history stopped (it panicked).
    #[error("report writer stopped: {0}")]
    Writer(String),
    /// A data file (tracker knowledge, cookie table, list) is malformed.
    #[error("data file {name}: {message}")]
    Data {
        /// Which data file.
        name: String,
        /// What is wrong with it.
        message: String,
    },
}

impl Error {
    /// An [`Error::Invalid`] for `setting`.
    pub fn invalid(setting: Setting, message: impl Into<String>) -> Error {
        Error::Invalid {
            setting,
            message: message.into(),
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Which configuration value an [`Error::Invalid`] concerns. Its `Display` is
/// a plain description; the binary maps it to its own option name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Setting {
    /// The proxy every request goes through.
    Proxy,
    /// An extra request header.
    Header,
    /// A host-to-address override (`HOST:PORT:ADDR`).
    Resolve,
    /// The browser engine: Chromium could not be found or started.
    Browser,
    /// The run an interrupted crawl continues.
    Resume,
    /// A run id of the history database.
    Run,
    /// A schedule as a whole (no time given, or conflicting ways to give it).
    Schedule,
    /// How often a scheduled run happens.
    Period,
    /// A time of day (`HH:MM`, UTC).
    TimeOfDay,
    /// A 5-field cron expression.
    Cron,
}

impl std::fmt::Display for Setting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Setting::Proxy => "proxy",
            Setting::Header => "request header",
            Setting::Resolve => "address override",
            Setting::Browser => "browser",
            Setting::Resume => "run to resume",
            Setting::Run => "run",
            Setting::Schedule => "schedule",
            Setting::Period => "schedule period",
            Setting::TimeOfDay => "time of day",
            Setting::Cron => "cron expression",
        })
    }
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_setting_messages_name_no_command_line_flag() {
        let settings = [
            Setting::Proxy,
            Setting::Header,
            Setting::Resolve,
            Setting::Browser,
            Setting::Resume,
            Setting::Run,
            Setting::Schedule,
            Setting::Period,
            Setting::TimeOfDay,
            Setting::Cron,
        ];
        for s in settings {
            let e = Error::invalid(s, "bad value");
            let text = e.to_string();
            assert!(
                text.starts_with("invalid ") && text.ends_with(": bad value"),
                "{text}"
            );
            assert!(!text.contains("--"), "{s:?} names a flag: {text}");
        }
        assert_eq!(
            Error::invalid(Setting::Resolve, "x").to_string(),
            "invalid address override: x"
        );
    }
}
