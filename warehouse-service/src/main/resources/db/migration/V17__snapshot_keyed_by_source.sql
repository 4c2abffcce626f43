-- A record is identified by its source and its id: two providers whose ids collide keep a row each. Every existing
-- row keeps the source of the load that last wrote it (load_ledger.source, which ingest sends as ingest.load.source).
--
-- Cost on a large snapshot (measured in docs/performance.md, "Migration V17"): with one source in the ledger, the
-- usual case, the column is added with that source as its default, which changes only the catalog, and then the new
-- primary key is built in one sorted pass; with several, every row is rewritten from its load. Either way the
-- snapshot is locked (ACCESS EXCLUSIVE) until the migration commits: the warehouse starts serving after it.

alter table daily_snapshot drop constraint daily_snapshot_pkey;
do $$
declare
    sources bigint;
    only_source text;
begin
    select count(distinct source), min(source) into sources, only_source from load_ledger;
    if sources <= 1 then
        -- a default known to the catalog: PostgreSQL 11 and later add the column without rewriting a row
        execute format('alter table daily_snapshot add column source text collate "C" not null default %L',
                       coalesce(only_source, 'transactions'));
        alter table daily_snapshot alter column source drop default;
    else
        -- every row is written anew: without indexes to keep up meanwhile, and the created_at one built after
        drop index daily_snapshot_created_at;
        alter table daily_snapshot add column source text collate "C";
        update daily_snapshot d set source = l.source from load_ledger l where l.id = d.load_id;
        if exists (select from daily_snapshot where source is null) then
            raise exception 'daily_snapshot has % rows whose load is not in load_ledger, so their source is unknown: '
                'set daily_snapshot.source for them by hand, then migrate again',
                (select count(*) from daily_snapshot where source is null);
        end if;
        alter table daily_snapshot alter column source set not null;
        set local maintenance_work_mem = '256MB';
        create index daily_snapshot_created_at on daily_snapshot (created_at);
    end if;
end
$$;

set local maintenance_work_mem = '256MB';
alter table daily_snapshot add constraint daily_snapshot_pkey primary key (source, id);

-- The per-user day totals (V8) gain the source, so that a report can ask for one source's spend; they sum across
-- sources by default. Kept totals of one source take its name; with several they are built again from the snapshot.
alter table user_day_spend drop constraint user_day_spend_pkey;
do $$
declare
    sources bigint;
    only_source text;
begin
    select count(distinct source), min(source) into sources, only_source from load_ledger;
    if sources <= 1 then
        execute format('alter table user_day_spend add column source text collate "C" not null default %L',
                       coalesce(only_source, 'transactions'));
        alter table user_day_spend alter column source drop default;
    else
        delete from user_day_spend;
        alter table user_day_spend add column source text collate "C" not null;
        insert into user_day_spend (day, status, source, user_id, total, transactions)
        select (d.created_at at time zone z.zone)::date, d.status, d.source, d.user_id, sum(d.amount), count(*)
        from daily_snapshot d cross join user_day_spend_zone z
        where z.zone <> '(not kept)'
        group by 1, 2, 3, 4;
    end if;
end
$$;
alter table user_day_spend add constraint user_day_spend_pkey primary key (day, status, source, user_id);

-- V5's pair, building the primary key this migration defines
create or replace function daily_snapshot_restore_indexes() returns void
    language plpgsql
    security definer
    set search_path = "${flyway:defaultSchema}", pg_temp
    set maintenance_work_mem = '256MB'
as $$
begin
    alter table daily_snapshot add constraint daily_snapshot_pkey primary key (source, id);
    create index daily_snapshot_created_at on daily_snapshot (created_at);
end
$$;
