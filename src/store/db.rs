//! The one SQL surface both history backends offer: statements written once
//! (SQLite's `?N` placeholders, rewritten to `$N` for PostgreSQL) with
//! [`Value`] parameters in, whole [`Row`]s of [`Value`]s out, and the few
//! fragments whose spelling differs per [`Dialect`].

use crate::error::{Error, Result};
use rusqlite::types::{ToSqlOutput, ValueRef};

/// Which SQL dialect a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The database clock in milliseconds since the Unix epoch (one clock for
    /// every worker: leases never compare two machines' clocks).
    pub(super) fn now_ms(self) -> &'static str {
        match self {
            Dialect::Sqlite => "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)",
            Dialect::Postgres => "CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT)",
        }
    }

    /// Row locking that lets concurrent claimers pass each other (PostgreSQL);
    /// SQLite serialises writers with its IMMEDIATE transaction instead.
    pub(super) fn skip_locked(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }
}

/// One SQL value. Booleans are stored as the integers 0/1 on both backends.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Value {
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "integer",
            Value::Real(_) => "real",
            Value::Text(_) => "text",
        }
    }
}

/// What can be bound as a statement parameter.
pub(super) trait ToValue {
    fn to_value(&self) -> Value;
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}
impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}
macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                // Counts over i64::MAX (only a hostile size could be one) saturate.
                Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_value!(i64, i32, u16, u32, u64, usize);

/// Statement parameters: `vals![a, b]` binds `a` as `?1` and `b` as `?2`.
macro_rules! vals {
    ($($v:expr),* $(,)?) => { [$($crate::store::db::ToValue::to_value(&$v)),*] };
}
pub(super) use vals;

/// What a column value can be read as.
pub(super) trait FromValue: Sized {
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromValue for Value {
    fn from_value(v: &Value) -> Option<Self> {
        Some(v.clone())
    }
}
impl FromValue for String {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}
impl FromValue for bool {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(*i != 0),
            _ => None,
        }
    }
}
impl FromValue for f64 {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Real(f) => Some(*f),
            Value::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}
macro_rules! int_from_value {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(v: &Value) -> Option<Self> {
                match v {
                    Value::Int(i) => <$t>::try_from(*i).ok(),
                    _ => None,
                }
            }
        }
    )*};
}
int_from_value!(i64, i32, u16, u32, u64, usize);

/// One result row.
#[derive(Debug, Clone)]
pub(super) struct Row(pub(super) Vec<Value>);

impl Row {
    /// Column `i` as `T`; a missing column or another type is an error.
    pub(super) fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        let v = self.0.get(i).unwrap_or(&Value::Null);
        T::from_value(v).ok_or_else(|| Error::Data {
            name: "history database".into(),
            message: format!(
                "column {i}: unexpected {} value for {}",
                v.kind(),
                std::any::type_name::<T>()
            ),
        })
    }
}

/// A connection or transaction of either backend.
pub(super) trait Db {
    /// The SQL dialect spoken.
    fn dialect(&self) -> Dialect;
    /// Runs a statement; returns the rows it changed.
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Runs a query (or a statement with RETURNING); returns every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;

    /// The first row, if any.
    fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
}

/// The first column of exactly one row, over a `dyn Db`.
pub(super) fn one<T: FromValue>(db: &mut dyn Db, sql: &str, params: &[Value]) -> Result<T> {
    match db.query_opt(sql, params)? {
        Some(row) => row.get(0),
        None => Err(no_row()),
    }
}

fn no_row() -> Error {
    Error::Data {
        name: "history database".into(),
        message: "a query that returns one row returned none".into(),
    }
}

/// A SQLite connection (or a transaction, through `Deref`).
pub(super) struct Lite<'a>(pub(super) &'a rusqlite::Connection);

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

impl Db for Lite<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let mut st = self.0.prepare_cached(sql)?;
        Ok(st.execute(rusqlite::params_from_iter(params))? as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let mut st = self.0.prepare_cached(sql)?;
        let n = st.column_count();
        let mut rows = st.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(match r.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(i) => Value::Int(i),
                    ValueRef::Real(f) => Value::Real(f),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        Value::Text(String::from_utf8_lossy(t).into_owned())
                    }
                });
            }
            out.push(Row(row));
        }
        Ok(out)
    }
}

/// Rewrites SQLite's numbered placeholders `?N` as PostgreSQL's `$N` (the
/// statements hold no `?` inside string literals).
pub(super) fn numbered_to_dollar(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rewritten() {
        assert_eq!(
            numbered_to_dollar("SELECT a FROM t WHERE b = ?1 AND c IN (?2, ?13)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $13)"
        );
    }

    #[test]
    fn values_convert_both_ways() {
        let v = vals![1usize, "x", Some(2.5), None::<i64>, true, u64::MAX];
        assert_eq!(
            v,
            [
                Value::Int(1),
                Value::Text("x".into()),
                Value::Real(2.5),
                Value::Null,
                Value::Int(1),
                Value::Int(i64::MAX)
            ]
        );
        let row = Row(v.to_vec());
        assert_eq!(row.get::<usize>(0).unwrap(), 1);
        assert_eq!(row.get::<Option<i64>>(3).unwrap(), None);
        assert!(row.get::<bool>(4).unwrap());
        assert!(row.get::<String>(0).is_err());
        assert!(row.get::<u16>(5).is_err());
        assert!(row.get::<String>(9).is_err());
    }
}
