-- The load ledger: one row per load; at most one OPEN load per source (enforced by the partial index).
create table load_ledger (
    id               uuid         primary key,
    source           text         not null,
    run_id           text,
    status           text         not null check (status in ('OPEN', 'COMMITTED', 'ABORTED', 'EXPIRED')),
    opened_at        timestamptz  not null,
    lease_expires_at timestamptz  not null,
    finished_at      timestamptz,
    batches          integer,
    records          bigint,
    rejects          bigint,
    inserted         bigint,
    updated          bigint,
    unchanged        bigint,
    duplicates       bigint
);
create unique index load_ledger_one_open_per_source on load_ledger (source) where status = 'OPEN';
create index load_ledger_source_opened on load_ledger (source, opened_at desc);
create index load_ledger_open_lease on load_ledger (lease_expires_at) where status = 'OPEN';

-- What each batch of a load staged; a re-sent seq replaces its row. Commit compares its counts with these.
create table load_batch (
    load_id   uuid         not null references load_ledger (id) on delete cascade,
    seq       integer      not null,
    records   integer      not null,
    rejects   integer      not null,
    staged_at timestamptz  not null,
    primary key (load_id, seq)
);

-- Records are staged per load in an UNLOGGED table staging.load_<id> (created at open, dropped at
-- commit / abort / expiry). Unlogged: staging is cheap to write, and if PostgreSQL crashes the staged
-- rows vanish, which the commit's count check turns into a 409 instead of a partial load.
create schema staging;

-- The latest version of every clean record, keyed by id (design 3.4). "C" collation: byte order,
-- which makes the key fast to sort and compare and its ordering independent of the server's locale.
create table daily_snapshot (
    id            text collate "C" primary key,
    user_id       text collate "C" not null,
    amount        numeric      not null,
    status        text         not null,
    created_at    timestamptz  not null,
    attributes    jsonb        not null default '{}'::jsonb,
    load_id       uuid         not null,
    first_seen_at timestamptz  not null,
    updated_at    timestamptz  not null
);
-- Serves the user-spend window query (created_at range, then status / user filter on the heap rows).
create index daily_snapshot_created_at on daily_snapshot (created_at);

-- Rejected source records, quarantined with the reason naming the field and the raw JSON (design 3.2 rule 7).
create table quarantined_reject (
    load_id  uuid        not null references load_ledger (id) on delete cascade,
    seq      integer     not null,
    position integer     not null,
    page     integer,
    reason   text        not null,
    raw      jsonb       not null,
    primary key (load_id, seq, position)
);
