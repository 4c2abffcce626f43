-- The history of ingest runs, written by the ingest replica that runs each one (a record per run, replaced by
-- newer versions of itself), so that every replica, and a restarted one, answers GET /api/runs the same way.
create table ingest_run (
    id           uuid         primary key,
    source       text         not null,
    trigger      text         not null,
    logical_date date,
    status       text         not null check (status in ('RUNNING', 'SUCCEEDED', 'FAILED')),
    started_at   timestamptz  not null,
    finished_at  timestamptz,
    pages        integer      not null default 0,
    fetched      bigint       not null default 0,
    loaded       bigint       not null default 0,
    rejected     bigint       not null default 0,
    duplicates   bigint       not null default 0,
    retries      integer      not null default 0,
    load_id      uuid,
    error        text,
    attempts     jsonb        not null default '[]'::jsonb,
    version      bigint       not null,
    updated_at   timestamptz  not null
);
create index ingest_run_source_started on ingest_run (source, started_at desc);
create index ingest_run_running_load on ingest_run (load_id) where status = 'RUNNING';
