//! The PostgreSQL backend of the history store: a `postgres://` URL in, one
//! connection with a statement cache out, whose calls are safe both from
//! plain threads and from inside a tokio runtime, and the versioned
//! migrations applied once under an advisory lock however many workers start.

use super::db::{numbered_to_dollar, Db, Dialect, Row, Value};
use super::schema::PG_MIGRATIONS;
use crate::error::{Error, Result};
use bytes::BytesMut;
use postgres::types::{to_sql_checked, FromSql, IsNull, ToSql, Type};
use postgres::{Client, GenericClient, NoTls, Statement};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// The advisory lock key migrations hold ("trackaudit" in ASCII, truncated).
const MIGRATION_LOCK: i64 = 0x7472_6163_6b61_7564;

/// How long connecting may take before the database counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether `spec` names a PostgreSQL database rather than a SQLite file.
pub fn is_url(spec: &str) -> bool {
    spec.starts_with("postgres://") || spec.starts_with("postgresql://")
}

/// `spec` with any password replaced by `***` (what messages may show).
pub fn redacted(spec: &str) -> String {
    let Some((scheme, rest)) = spec.split_once("://") else {
        return spec.to_string();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}{tail}")
        }
        _ => spec.to_string(),
    }
}

/// The connection and its prepared statements, keyed by the SQLite-spelled SQL.
pub(super) struct Conn {
    client: Client,
    cache: HashMap<String, Statement>,
}

/// One PostgreSQL connection, `Send + Sync`; calls are serialised on a lock.
pub(super) struct PgStore {
    conn: Mutex<Option<Conn>>,
    /// `host:port/dbname` for messages (never the password).
    pub(super) name: String,
}

impl PgStore {
    /// Connects to `url` and applies pending migrations.
    pub(super) fn open(url: &str) -> Result<PgStore> {
        let mut config = postgres::Config::from_str(url).map_err(|e| Error::InvalidOption {
            what: "PostgreSQL URL",
            message: e.to_string(),
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        let name = describe(&config);
        let client = off_runtime(|| config.connect(NoTls)).map_err(|e| Error::Data {
            name: format!("PostgreSQL at {name}"),
            message: format!("cannot connect: {}", message(&e)),
        })?;
        let store = PgStore {
            conn: Mutex::new(Some(Conn {
                client,
                cache: HashMap::new(),
            })),
            name,
        };
        store.run(migrate)?;
        Ok(store)
    }

    fn lock(&self) -> MutexGuard<'_, Option<Conn>> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the connection, off any tokio runtime (the sync client
    /// blocks on a runtime of its own, which may not nest in another).
    pub(super) fn run<R: Send>(&self, f: impl FnOnce(&mut Conn) -> Result<R> + Send) -> Result<R> {
        let mut guard = self.lock();
        let conn = guard.as_mut().ok_or_else(|| Error::Data {
            name: format!("PostgreSQL at {}", self.name),
            message: "connection closed".into(),
        })?;
        let out = off_runtime(|| f(conn));
        if guard.as_ref().is_some_and(|c| c.client.is_closed()) {
            // A dropped connection is not reused; the next call reports it.
            *guard = None;
        }
        out
    }

    /// Runs `f` in one transaction (committed when `f` succeeds).
    pub(super) fn transaction<R: Send>(
        &self,
        f: impl FnOnce(&mut dyn Db) -> Result<R> + Send,
    ) -> Result<R> {
        self.run(|c| {
            let mut tx = c.client.transaction()?;
            let out = f(&mut PgDb {
                client: &mut tx,
                cache: &mut c.cache,
            })?;
            tx.commit()?;
            Ok(out)
        })
    }

    /// Runs `f` outside a transaction (each statement on its own).
    pub(super) fn autocommit<R: Send>(
        &self,
        f: impl FnOnce(&mut dyn Db) -> Result<R> + Send,
    ) -> Result<R> {
        self.run(|c| {
            f(&mut PgDb {
                client: &mut c.client,
                cache: &mut c.cache,
            })
        })
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        // Closing talks to the server on the client's own runtime too.
        let conn = self.lock().take();
        off_runtime(move || drop(conn));
    }
}

/// Calls `f` here, or on a scoped thread when this thread is inside a tokio
/// runtime (where the sync client's `block_on` would panic).
fn off_runtime<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    if tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|s| match s.spawn(f).join() {
        Ok(r) => r,
        Err(panic) => std::panic::resume_unwind(panic),
    })
}

/// `host:port/dbname` of a config, for messages.
fn describe(config: &postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or("postgres");
    format!("{host}:{port}/{db}")
}

/// A PostgreSQL error as one line: the server's message and detail, or the
/// client's own (I/O, protocol) error and its cause.
fn message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return match db.detail() {
            Some(d) => format!("{}: {} ({d})", db.code().code(), db.message()),
            None => format!("{}: {}", db.code().code(), db.message()),
        };
    }
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(cause) = src {
        s.push_str(&format!(": {cause}"));
        src = cause.source();
    }
    s
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Error {
        Error::Data {
            name: "history database (PostgreSQL)".into(),
            message: message(&e),
        }
    }
}

/// Applies the migrations the database lacks, all in one transaction under
/// an advisory lock, so workers starting at once migrate exactly once.
fn migrate(c: &mut Conn) -> Result<()> {
    let mut tx = c.client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
    let version: i64 = match tx.query_opt("SELECT max(version) FROM schema_version", &[])? {
        Some(row) => row.get::<_, Option<i64>>(0).unwrap_or(0),
        None => 0,
    };
    let known = PG_MIGRATIONS.len() as i64;
    if version > known {
        return Err(Error::Data {
            name: "history database (PostgreSQL)".into(),
            message: format!(
                "schema version {version} is newer than this trackaudit knows ({known})"
            ),
        });
    }
    for sql in &PG_MIGRATIONS[version as usize..] {
        tx.batch_execute(sql)?;
    }
    if version < known {
        tx.execute("DELETE FROM schema_version", &[])?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES ($1)",
            &[&known],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// The schema version recorded in the database.
pub(super) fn schema_version(db: &mut dyn Db) -> Result<i64> {
    super::db::one(db, "SELECT max(version) FROM schema_version", &[])
}

/// A client or transaction with the connection's statement cache.
struct PgDb<'a, C: GenericClient> {
    client: &'a mut C,
    cache: &'a mut HashMap<String, Statement>,
}

impl<C: GenericClient> PgDb<'_, C> {
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(st) = self.cache.get(sql) {
            return Ok(st.clone());
        }
        let st = self.client.prepare(&numbered_to_dollar(sql))?;
        // Bounded: only the store's own statements (and the batch shapes of
        // `enqueue`) are ever prepared.
        if self.cache.len() >= 256 {
            self.cache.clear();
        }
        self.cache.insert(sql.to_string(), st.clone());
        Ok(st)
    }
}

impl<C: GenericClient> Db for PgDb<'_, C> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let st = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
        Ok(self.client.execute(&st, &refs)?)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let st = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
        let rows = self.client.query(&st, &refs)?;
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| Ok(r.try_get::<_, Value>(i)?))
                    .collect::<Result<Vec<_>>>()
                    .map(Row)
            })
            .collect()
    }
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match (self, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Int(i), &Type::INT8) => i.to_sql(ty, out),
            (Value::Int(i), &Type::INT4) => i32::try_from(*i)?.to_sql(ty, out),
            (Value::Int(i), &Type::INT2) => i16::try_from(*i)?.to_sql(ty, out),
            (Value::Int(i), &Type::BOOL) => (*i != 0).to_sql(ty, out),
            (Value::Int(i), &Type::FLOAT8) => (*i as f64).to_sql(ty, out),
            (Value::Real(f), &Type::FLOAT8) => f.to_sql(ty, out),
            (Value::Real(f), &Type::FLOAT4) => (*f as f32).to_sql(ty, out),
            (Value::Text(s), _) if <&str as ToSql>::accepts(ty) => s.as_str().to_sql(ty, out),
            (v, ty) => Err(format!("cannot bind a {} value as {ty}", v.kind()).into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl<'a> FromSql<'a> for Value {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Value, BoxError> {
        Ok(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Int(i16::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Int(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            _ if <String as FromSql>::accepts(ty) => Value::Text(String::from_sql(ty, raw)?),
            _ => return Err(format!("unsupported column type {ty}").into()),
        })
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Value, BoxError> {
        Ok(Value::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_recognised_and_redacted() {
        assert!(is_url("postgres://h/db") && is_url("postgresql://h/db"));
        assert!(!is_url("/var/lib/history.db") && !is_url("postgres.db"));
        assert_eq!(
            redacted("postgres://u:s3cret@db.example:5432/h?sslmode=disable"),
            "postgres://u:***@db.example:5432/h?sslmode=disable"
        );
        assert_eq!(redacted("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redacted("postgres://h/db"), "postgres://h/db");
    }
}
