-- What the runtime role may do when it is not the role that runs these migrations. The migrating role (the owner)
-- owns every table and both schemas. The runtime role (placeholder app_role: the user the warehouse's datasource
-- connects as, unless configured otherwise) reads and writes the warehouse's tables (deleting only quarantined
-- rejects: never the snapshot, the ledger, or a source's watermark and its history), reads the staging template,
-- and creates, fills and drops the per-load staging tables in the schema "staging", the only schema where it may
-- create anything. It cannot alter, drop or truncate the owner's tables (beyond dropping and building daily_snapshot's
-- indexes through V5's two functions), create in the main schema, or touch
-- Flyway's history table; it is granted no role attribute.
--
-- Repeatable, not versioned: Flyway applies it again whenever its checksum changes, and for a repeatable migration
-- the checksum covers the placeholders' values. An installation that first ran with one role and later names a
-- separate runtime role therefore gets the grants at that start. Every statement is idempotent. With one role for
-- both (owner = runtime role: dev, installations that keep a single user) it grants nothing.
do $grants$
declare
    app  constant text := '${app_role}';
    main constant text := '${flyway:defaultSchema}';
begin
    if app = current_user then
        raise notice 'the runtime role is the migrating role %: nothing to grant', app;
        return;
    end if;
    if not exists (select from pg_roles where rolname = app) then
        raise exception 'the runtime role "%" (Flyway placeholder app_role) does not exist: create it first', app;
    end if;

    -- The main schema: look up its tables, create nothing in it. PostgreSQL 15 and later deny CREATE on it to
    -- PUBLIC; older versions granted it, so take that back where the owner may.
    execute format('grant usage on schema %I to %I', main, app);
    if exists (select from pg_namespace where nspname = main and pg_has_role(current_user, nspowner, 'USAGE')) then
        execute format('revoke create on schema %I from public', main);
    end if;

    -- The warehouse's tables: rows only (no TRUNCATE, REFERENCES or TRIGGER). SELECT ... FOR UPDATE and
    -- INSERT ... ON CONFLICT DO UPDATE need UPDATE as well. Nothing deletes from the snapshot, the ledger, the run
    -- history, the deliveries or the sources' watermarks and their history (their rows are the durable record), so
    -- the runtime role may not; only a load's quarantined rejects are deleted, when a batch is re-sent or the load
    -- discarded.
    execute format('grant select, insert, update on table %1$I.load_ledger, %1$I.load_batch, '
                   '%1$I.daily_snapshot, %1$I.report_delivery, %1$I.ingest_run, '
                   '%1$I.source_watermark, %1$I.source_watermark_history to %2$I', main, app);
    execute format('grant select, insert, delete on table %I.quarantined_reject to %I', main, app);
    -- The per-user day totals (V8) follow the snapshot: a merge adds and subtracts, deletes the rows it emptied, and
    -- a change of warehouse.zone rebuilds them.
    execute format('grant select, insert, update, delete on table %1$I.user_day_spend, %1$I.user_day_spend_zone to %2$I',
                   main, app);
    -- The data checks' results (V9) are a durable record too: kept, never changed. Granted here, not left to the
    -- default privileges below: on a new database this file runs after every versioned migration, so those
    -- privileges do not exist yet when V9 creates the table (and where they did, they would grant more).
    execute format('grant select, insert on table %I.load_check to %I', main, app);
    execute format('revoke update, delete on table %I.load_check from %I', main, app);
    -- The notification outbox and the subjects' streaks (V12): recorded, claimed and answered for (rows change
    -- status), never deleted: they are the record of what was told.
    execute format('grant select, insert, update on table %1$I.notification, %1$I.notification_streak to %2$I',
                   main, app);
    execute format('revoke delete on table %1$I.notification, %1$I.notification_streak from %2$I', main, app);
    -- The console's audit log (V14): written and read, never changed or deleted.
    execute format('grant select, insert on table %I.console_audit to %I', main, app);
    execute format('revoke update, delete on table %I.console_audit from %I', main, app);
    execute format('grant usage, select on sequence %I.console_audit_id_seq to %I', main, app);
    -- CREATE TABLE ... (LIKE load_staging_template) needs SELECT on the template.
    execute format('grant select on table %I.load_staging_template to %I', main, app);
    execute format('grant usage, select on all sequences in schema %I to %I', main, app);
    -- A load into an empty snapshot builds its indexes after the insert (V5): the two functions that may drop and
    -- build exactly those indexes, as the owner.
    execute format('grant execute on function %1$I.daily_snapshot_drop_indexes(bigint), '
                   '%1$I.daily_snapshot_restore_indexes() to %2$I', main, app);

    -- Tables and sequences that later migrations create (as this role) in the main schema: rows only, DELETE
    -- included; a migration that wants less for its table revokes it there.
    execute format('alter default privileges for role %I in schema %I '
                   'grant select, insert, update, delete on tables to %I', current_user, main, app);
    execute format('alter default privileges for role %I in schema %I '
                   'grant usage, select on sequences to %I', current_user, main, app);

    -- The staging schema: the runtime role creates each load's staging table here, so it owns it and may drop it.
    execute format('grant usage, create on schema staging to %I', app);

    -- The commit's merge uses a temporary table. PUBLIC may create them by default; grant it explicitly in case an
    -- administrator took that away, where the owner owns the database and so may.
    if exists (select from pg_database where datname = current_database()
               and pg_has_role(current_user, datdba, 'MEMBER')) then
        execute format('grant connect, temporary on database %I to %I', current_database(), app);
    end if;
end
$grants$;
