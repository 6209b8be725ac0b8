//! The library's one error type: every fallible library call returns
//! [`Error`]; per-site crawl failures are data (a status in the site row), not errors.

use std::path::PathBuf;

/// Errors the library reports to its caller. New variants may be added, so a
/// `match` on it needs a wildcard arm. Messages name no command-line flag (the
/// binary says which of its options a value came from).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A target line could not be read as a URL or domain (in strict mode).
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
    /// A value given by the caller is malformed (a resolve rule, a header, a
    /// proxy URL, a cron expression ...). The message never names a
    /// command-line flag: the binary says which flag the value came from.
    #[error("invalid {what}: {message}")]
    InvalidOption {
        /// What the value is (`cron expression`, `time of day` ...), not a flag name.
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
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
