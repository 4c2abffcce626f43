-- Each source's watermark: the highest change time among the records of its committed loads, which the next
-- incremental run asks the source from. It is written by the commit, in the commit's own transaction, after the
-- merge: the data and the watermark that describes it become visible together or not at all. It only moves
-- forward: a commit whose watermark is not later than the stored one (a backfill of an old window, a day that
-- brought nothing new) leaves it as it is.
create table source_watermark (
    source    text         primary key,
    watermark timestamptz  not null,
    load_id   uuid         not null references load_ledger (id),
    moved_at  timestamptz  not null
);

-- One row each time a source's watermark moved: to what, from what (null for the first), by which load, when.
create table source_watermark_history (
    id        bigserial    primary key,
    source    text         not null,
    watermark timestamptz  not null,
    previous  timestamptz,
    load_id   uuid         not null references load_ledger (id),
    moved_at  timestamptz  not null
);
-- GET /api/sources/{source}/watermark: the newest moves of one source first.
create index source_watermark_history_source on source_watermark_history (source, id desc);

-- The runtime role reads and writes these rows but never deletes them. R__runtime_role_grants grants it SELECT,
-- INSERT and UPDATE on them; where it ran before (an installation that existed before V6, with a separate runtime
-- role), its default privileges have just granted DELETE as well: take that back here, as it says a migration
-- that wants less for its table does.
do $revoke$
begin
    if '${app_role}' <> current_user and exists (select from pg_roles where rolname = '${app_role}') then
        execute format('revoke delete on table source_watermark, source_watermark_history from %I', '${app_role}');
    end if;
end
$revoke$;
