//! The PostgreSQL test cluster shared by the store and distributed tests: its
//! URL from `TRACKAUDIT_TEST_POSTGRES` (loopback only; the tests skip without
//! one unless `TRACKAUDIT_REQUIRE_POSTGRES=1`), and a fresh database per test
//! that is dropped again with its connections.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The test cluster's URL, or `None` (after printing why) without one.
pub fn cluster() -> Option<String> {
    let url = std::env::var("TRACKAUDIT_TEST_POSTGRES").unwrap_or_default();
    if url.is_empty() {
        assert!(
            std::env::var("TRACKAUDIT_REQUIRE_POSTGRES").map_or(true, |v| v != "1"),
            "TRACKAUDIT_TEST_POSTGRES is required (TRACKAUDIT_REQUIRE_POSTGRES=1) but unset"
        );
        eprintln!("skipping: TRACKAUDIT_TEST_POSTGRES is unset (a postgres:// URL of a throwaway loopback cluster; .ci/run starts one)");
        return None;
    }
    let host = url::Url::parse(&url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string));
    assert!(
        matches!(host.as_deref(), Some("127.0.0.1" | "localhost" | "[::1]")),
        "TRACKAUDIT_TEST_POSTGRES must name a loopback server"
    );
    Some(url)
}

/// A fresh database on the test cluster, dropped again with its connections.
pub struct FreshDb {
    /// The cluster's own URL, to create and drop the database from.
    admin: String,
    /// The database's name.
    name: String,
    /// The fresh database's URL.
    pub url: String,
}

impl FreshDb {
    /// A new empty database named after `tag`, or `None` without a cluster.
    pub fn new(tag: &str) -> Option<FreshDb> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let admin = cluster()?;
        let name = format!(
            "ta_{tag}_{}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        );
        let mut c = postgres::Client::connect(&admin, postgres::NoTls).expect("test cluster");
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let mut url = url::Url::parse(&admin).unwrap();
        url.set_path(&name);
        Some(FreshDb {
            admin,
            name,
            url: url.to_string(),
        })
    }

    /// A connection to the fresh database.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }

    /// The rows of a query on the fresh database.
    pub fn query(&self, sql: &str) -> Vec<postgres::Row> {
        self.client().query(sql, &[]).unwrap()
    }

    /// The first column of the first row of a counting query.
    pub fn count(&self, sql: &str) -> i64 {
        self.query(sql)[0].get(0)
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
