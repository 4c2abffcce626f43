-- The data checks of each load (docs/checks.md): every result of every judgement, passes included, also of a
-- commit the checks refused (the load then stays OPEN; a later commit of it is judged again and adds its rows).
-- scope: whether the thresholds were the defaults or the source's own. The runtime role may read and insert them
-- (R__runtime_role_grants.sql), not change them.
create table load_check (
    id           bigserial        primary key,
    load_id      uuid             not null references load_ledger (id),
    check_name   text             not null,
    scope        text             not null check (scope in ('default', 'source')),
    observed     double precision,
    warn         double precision,
    error        double precision,
    outcome      text             not null check (outcome in ('PASS', 'WARN', 'ERROR')),
    note         text,
    evaluated_at timestamptz      not null default now()
);
create index load_check_load on load_check (load_id, evaluated_at);
