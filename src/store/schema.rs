//! The history database's schema: the SQL of each migration, in order, in
//! SQLite's dialect ([`MIGRATIONS`]) and beside it PostgreSQL's
//! ([`PG_MIGRATIONS`]: BIGINT everywhere SQLite says INTEGER, booleans as 0/1
//! on both, identity ids, no WITHOUT ROWID); see [`super::Store::open`].

/// Schema migrations: entry `i` upgrades `user_version` `i` to `i + 1`. Append
/// new entries; never edit a released one.
pub const MIGRATIONS: &[&str] = &[
    MIGRATION_1,
    MIGRATION_2,
    MIGRATION_3,
    MIGRATION_4,
    MIGRATION_5,
];

/// The same migrations in PostgreSQL's dialect: entry `i` upgrades the
/// `schema_version` table's version `i` to `i + 1`. Always as long as
/// [`MIGRATIONS`].
pub const PG_MIGRATIONS: &[&str] = &[
    PG_MIGRATION_1,
    PG_MIGRATION_2,
    PG_MIGRATION_3,
    PG_MIGRATION_4,
    PG_MIGRATION_5,
];

/// Version 1: runs, sites and everything observed on them. Enums are stored in
/// their contract spelling, booleans as 0/1, `pages`/`errors`/`dnt_compare` as
/// JSON; `seq` keeps each list's order.
const MIGRATION_1: &str = "
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, started TEXT NOT NULL, finished TEXT,
    targets_key TEXT NOT NULL, targets INTEGER NOT NULL, out_dir TEXT NOT NULL,
    options TEXT NOT NULL, complete INTEGER NOT NULL DEFAULT 0, summary TEXT);
CREATE INDEX runs_by_targets ON runs (targets_key, id);
CREATE TABLE sites (
    id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, site TEXT NOT NULL, final_url TEXT NOT NULL, status TEXT NOT NULL,
    error TEXT NOT NULL, started TEXT NOT NULL, duration_ms INTEGER NOT NULL,
    policy_url TEXT NOT NULL, policy_error TEXT NOT NULL, policy_status TEXT NOT NULL,
    policy_language TEXT NOT NULL, tracker_companies INTEGER NOT NULL,
    named_companies INTEGER NOT NULL, interrupted INTEGER NOT NULL, dnt_compare TEXT,
    pages TEXT NOT NULL, errors TEXT NOT NULL,
    UNIQUE (run_id, site));
CREATE TABLE requests (
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    page_url TEXT NOT NULL, url TEXT NOT NULL, method TEXT NOT NULL, resource_type TEXT,
    status INTEGER, party TEXT, domain TEXT NOT NULL, initiator TEXT NOT NULL,
    redirect_from TEXT NOT NULL, beacon INTEGER NOT NULL, tracker INTEGER,
    company TEXT NOT NULL, category TEXT, rule TEXT NOT NULL, same_owner INTEGER NOT NULL,
    content_type TEXT NOT NULL, size INTEGER NOT NULL, error TEXT NOT NULL,
    PRIMARY KEY (site_id, seq)) WITHOUT ROWID;
CREATE TABLE cookies (
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    name TEXT NOT NULL, value_length INTEGER NOT NULL, domain TEXT NOT NULL,
    path TEXT NOT NULL, party TEXT, source TEXT NOT NULL, set_by TEXT NOT NULL,
    expires TEXT NOT NULL, lifetime_days REAL, secure INTEGER NOT NULL,
    http_only INTEGER NOT NULL, same_site TEXT NOT NULL, company TEXT NOT NULL,
    purpose TEXT, note TEXT NOT NULL,
    PRIMARY KEY (site_id, seq)) WITHOUT ROWID;
CREATE TABLE policies (
    id INTEGER PRIMARY KEY, site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, url TEXT NOT NULL, kind TEXT NOT NULL, language TEXT NOT NULL,
    last_updated TEXT NOT NULL, text_hash TEXT NOT NULL, text_length INTEGER NOT NULL,
    UNIQUE (site_id, seq));
CREATE TABLE claims (
    policy_id INTEGER NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, claim TEXT NOT NULL, stance TEXT NOT NULL, hedged INTEGER NOT NULL,
    exceptions TEXT NOT NULL, party TEXT NOT NULL, quote TEXT NOT NULL,
    start INTEGER NOT NULL, end INTEGER NOT NULL,
    PRIMARY KEY (policy_id, seq)) WITHOUT ROWID;
CREATE TABLE findings (
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    rule TEXT NOT NULL, severity TEXT NOT NULL, title TEXT NOT NULL,
    evidence TEXT NOT NULL, policy_quote TEXT NOT NULL,
    PRIMARY KEY (site_id, seq)) WITHOUT ROWID;
";

/// Version 2: what the browser engine adds: each site's storage keys (the
/// rows of `storage.csv`) and, with `--engine both`, the engine coverage (JSON)
/// on the site row. Sites recorded before it have neither.
const MIGRATION_2: &str = "
ALTER TABLE sites ADD COLUMN coverage TEXT;
CREATE TABLE storage (
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    origin TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
    value_length INTEGER NOT NULL, party TEXT, set_by TEXT NOT NULL,
    PRIMARY KEY (site_id, seq)) WITHOUT ROWID;
";

/// Why each claim was read as it was: its cue and negation words.
const MIGRATION_3: &str = "
ALTER TABLE claims ADD COLUMN cue TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN negation TEXT NOT NULL DEFAULT '';
";

/// Consent states (`--consent`): each site's visits after the first are kept in
/// the same row tables, told apart by `visit_seq` (0 = the site's audited
/// visit); every row carries the consent state it was observed in; `consent`
/// holds each visit's banner outcome (JSON), what it counted (JSON), and its
/// pages and notes (JSON, visits after the first only). With `--engine both`,
/// request and cookie rows say which engine saw them (`engine`).
const MIGRATION_4: &str = "
ALTER TABLE requests ADD COLUMN visit_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN consent_state TEXT NOT NULL DEFAULT 'none';
ALTER TABLE requests ADD COLUMN engine TEXT;
ALTER TABLE cookies ADD COLUMN visit_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cookies ADD COLUMN consent_state TEXT NOT NULL DEFAULT 'none';
ALTER TABLE cookies ADD COLUMN engine TEXT;
ALTER TABLE storage ADD COLUMN visit_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE storage ADD COLUMN consent_state TEXT NOT NULL DEFAULT 'none';
CREATE TABLE consent (
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    state TEXT NOT NULL, cmp TEXT NOT NULL, method TEXT NOT NULL,
    banner_found INTEGER NOT NULL, action TEXT, layers INTEGER NOT NULL,
    tc_string TEXT NOT NULL, outcome TEXT NOT NULL, tally TEXT NOT NULL, visit TEXT,
    PRIMARY KEY (site_id, seq)) WITHOUT ROWID;
";

/// A partitioned (CHIPS) cookie's `partition_key`; behaviours (fingerprinting,
/// key logging, session recording, decoded tracker events); and the work queue
/// of distributed runs (see `queue.rs`): one row per site of a
/// run, `state` queued|leased|done|failed, `lease_until` in milliseconds since
/// the epoch on the database's clock, `attempts` counts claims.
const MIGRATION_5: &str = "
ALTER TABLE cookies ADD COLUMN partition_key TEXT NOT NULL DEFAULT '';
CREATE TABLE behaviours (
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE, seq INTEGER NOT NULL,
    visit_seq INTEGER NOT NULL, page_url TEXT NOT NULL, kind TEXT, script_url TEXT NOT NULL,
    company TEXT NOT NULL, detail TEXT NOT NULL, sent_to TEXT NOT NULL, party TEXT,
    pii INTEGER NOT NULL, consent_state TEXT NOT NULL,
    PRIMARY KEY (site_id, seq)) WITHOUT ROWID;
CREATE TABLE queue (
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE, idx INTEGER NOT NULL,
    site TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'queued',
    lease_until INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,
    worker TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, site));
CREATE INDEX queue_claim ON queue (state, run_id, idx);
CREATE INDEX queue_worker ON queue (worker, state);
";

/// Version 1 on PostgreSQL (see [`MIGRATION_1`]).
const PG_MIGRATION_1: &str = r#"
CREATE TABLE runs (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    started TEXT NOT NULL, finished TEXT,
    targets_key TEXT NOT NULL, targets BIGINT NOT NULL, out_dir TEXT NOT NULL,
    options TEXT NOT NULL, complete BIGINT NOT NULL DEFAULT 0, summary TEXT);
CREATE INDEX runs_by_targets ON runs (targets_key, id);
CREATE TABLE sites (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    idx BIGINT NOT NULL, site TEXT NOT NULL, final_url TEXT NOT NULL, status TEXT NOT NULL,
    error TEXT NOT NULL, started TEXT NOT NULL, duration_ms BIGINT NOT NULL,
    policy_url TEXT NOT NULL, policy_error TEXT NOT NULL, policy_status TEXT NOT NULL,
    policy_language TEXT NOT NULL, tracker_companies BIGINT NOT NULL,
    named_companies BIGINT NOT NULL, interrupted BIGINT NOT NULL, dnt_compare TEXT,
    pages TEXT NOT NULL, errors TEXT NOT NULL,
    UNIQUE (run_id, site));
CREATE TABLE requests (
    site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE, seq BIGINT NOT NULL,
    page_url TEXT NOT NULL, url TEXT NOT NULL, method TEXT NOT NULL, resource_type TEXT,
    status BIGINT, party TEXT, domain TEXT NOT NULL, initiator TEXT NOT NULL,
    redirect_from TEXT NOT NULL, beacon BIGINT NOT NULL, tracker BIGINT,
    company TEXT NOT NULL, category TEXT, rule TEXT NOT NULL, same_owner BIGINT NOT NULL,
    content_type TEXT NOT NULL, size BIGINT NOT NULL, error TEXT NOT NULL,
    PRIMARY KEY (site_id, seq));
CREATE TABLE cookies (
    site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE, seq BIGINT NOT NULL,
    name TEXT NOT NULL, value_length BIGINT NOT NULL, domain TEXT NOT NULL,
    path TEXT NOT NULL, party TEXT, source TEXT NOT NULL, set_by TEXT NOT NULL,
    expires TEXT NOT NULL, lifetime_days DOUBLE PRECISION, secure BIGINT NOT NULL,
    http_only BIGINT NOT NULL, same_site TEXT NOT NULL, company TEXT NOT NULL,
    purpose TEXT, note TEXT NOT NULL,
    PRIMARY KEY (site_id, seq));
CREATE TABLE policies (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL, url TEXT NOT NULL, kind TEXT NOT NULL, language TEXT NOT NULL,
    last_updated TEXT NOT NULL, text_hash TEXT NOT NULL, text_length BIGINT NOT NULL,
    UNIQUE (site_id, seq));
CREATE TABLE claims (
    policy_id BIGINT NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL, claim TEXT NOT NULL, stance TEXT NOT NULL, hedged BIGINT NOT NULL,
    exceptions TEXT NOT NULL, party TEXT NOT NULL, quote TEXT NOT NULL,
    start BIGINT NOT NULL, "end" BIGINT NOT NULL,
    PRIMARY KEY (policy_id, seq));
CREATE TABLE findings (
    site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE, seq BIGINT NOT NULL,
    rule TEXT NOT NULL, severity TEXT NOT NULL, title TEXT NOT NULL,
    evidence TEXT NOT NULL, policy_quote TEXT NOT NULL,
    PRIMARY KEY (site_id, seq));
"#;

/// Version 2 on PostgreSQL (see [`MIGRATION_2`]).
const PG_MIGRATION_2: &str = "
ALTER TABLE sites ADD COLUMN coverage TEXT;
CREATE TABLE storage (
    site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE, seq BIGINT NOT NULL,
    origin TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
    value_length BIGINT NOT NULL, party TEXT, set_by TEXT NOT NULL,
    PRIMARY KEY (site_id, seq));
";

/// Version 3 on PostgreSQL (see [`MIGRATION_3`]).
const PG_MIGRATION_3: &str = "
ALTER TABLE claims ADD COLUMN cue TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN negation TEXT NOT NULL DEFAULT '';
";

/// Version 4 on PostgreSQL (see [`MIGRATION_4`]).
const PG_MIGRATION_4: &str = "
ALTER TABLE requests ADD COLUMN visit_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN consent_state TEXT NOT NULL DEFAULT 'none';
ALTER TABLE requests ADD COLUMN engine TEXT;
ALTER TABLE cookies ADD COLUMN visit_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cookies ADD COLUMN consent_state TEXT NOT NULL DEFAULT 'none';
ALTER TABLE cookies ADD COLUMN engine TEXT;
ALTER TABLE storage ADD COLUMN visit_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE storage ADD COLUMN consent_state TEXT NOT NULL DEFAULT 'none';
CREATE TABLE consent (
    site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE, seq BIGINT NOT NULL,
    state TEXT NOT NULL, cmp TEXT NOT NULL, method TEXT NOT NULL,
    banner_found BIGINT NOT NULL, action TEXT, layers BIGINT NOT NULL,
    tc_string TEXT NOT NULL, outcome TEXT NOT NULL, tally TEXT NOT NULL, visit TEXT,
    PRIMARY KEY (site_id, seq));
";

/// Version 5 on PostgreSQL (see [`MIGRATION_5`]).
const PG_MIGRATION_5: &str = "
ALTER TABLE cookies ADD COLUMN partition_key TEXT NOT NULL DEFAULT '';
CREATE TABLE behaviours (
    site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE, seq BIGINT NOT NULL,
    visit_seq BIGINT NOT NULL, page_url TEXT NOT NULL, kind TEXT, script_url TEXT NOT NULL,
    company TEXT NOT NULL, detail TEXT NOT NULL, sent_to TEXT NOT NULL, party TEXT,
    pii BIGINT NOT NULL, consent_state TEXT NOT NULL,
    PRIMARY KEY (site_id, seq));
CREATE TABLE queue (
    run_id BIGINT NOT NULL REFERENCES runs (id) ON DELETE CASCADE, idx BIGINT NOT NULL,
    site TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'queued',
    lease_until BIGINT NOT NULL DEFAULT 0, attempts BIGINT NOT NULL DEFAULT 0,
    worker TEXT NOT NULL DEFAULT '', last_error TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, site));
CREATE INDEX queue_claim ON queue (state, run_id, idx);
CREATE INDEX queue_worker ON queue (worker, state);
";
