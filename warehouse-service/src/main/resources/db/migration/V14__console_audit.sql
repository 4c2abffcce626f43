-- The console's audit log (docs/console.md#actions-audit-and-reports): every action a person took in the console
-- (run now, backfill, full pull, abort a load, send or resend a weekly report), whatever its outcome, written by the
-- console (POST /api/audit, operator token) and read back newest first (GET /api/audit). The console keeps no state
-- of its own. Rows are the record: kept, never changed.
create table console_audit (
    id      bigserial    primary key,
    at      timestamptz  not null default now(),
    actor   text         not null,
    role    text         not null,
    action  text         not null,
    target  text         not null default '',
    outcome text         not null check (outcome in ('OK', 'REFUSED', 'FAILED')),
    detail  text         not null default ''
);
create index console_audit_recent on console_audit (at desc, id desc);
