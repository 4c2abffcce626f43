-- A cheaper path for a load into an empty snapshot: insert its rows with no index to maintain, then build the
-- primary key and the created_at index in one sorted pass each, instead of inserting a million keys one by one
-- (the created_at ones in random order). Dropping and building indexes is the table owner's right, which the
-- runtime role does not have; these two functions lend it exactly that and nothing else. They run as their owner
-- (SECURITY DEFINER) with a fixed search_path, take no names from the caller, and name the indexes V1 created:
-- a migration that changes daily_snapshot's indexes changes them here too.
--
-- The caller drops and restores within one transaction, so a failure or a crash in between rolls the drop back.

-- Drops daily_snapshot's indexes if it holds at most max_rows rows (true), else changes nothing (false). Takes the
-- table's ACCESS EXCLUSIVE lock: readers wait until the caller's transaction ends; the caller bounds the wait for
-- the lock with lock_timeout.
create function daily_snapshot_drop_indexes(max_rows bigint) returns boolean
    language plpgsql
    security definer
    set search_path = "${flyway:defaultSchema}", pg_temp
as $$
begin
    lock table daily_snapshot in access exclusive mode;
    if (select count(*) from (select from daily_snapshot limit max_rows + 1) s) > max_rows then
        return false;
    end if;
    alter table daily_snapshot drop constraint daily_snapshot_pkey;
    drop index daily_snapshot_created_at;
    return true;
end
$$;

-- Builds the indexes daily_snapshot_drop_indexes dropped, as V1 defines them; fails (and with it the caller's
-- transaction) if the rows are not unique by id.
create function daily_snapshot_restore_indexes() returns void
    language plpgsql
    security definer
    set search_path = "${flyway:defaultSchema}", pg_temp
    set maintenance_work_mem = '256MB'
as $$
begin
    alter table daily_snapshot add constraint daily_snapshot_pkey primary key (id);
    create index daily_snapshot_created_at on daily_snapshot (created_at);
end
$$;

-- Functions are executable by PUBLIC unless revoked; R__runtime_role_grants grants them to the runtime role.
revoke execute on function daily_snapshot_drop_indexes(bigint), daily_snapshot_restore_indexes() from public;
