-- The console writes an action STARTED before it calls the service, and its outcome (OK, REFUSED, FAILED) as a second
-- row that follows the first: a console killed in between leaves the STARTED row, so no action taken in the console
-- goes unrecorded. Rows stay insert-only; a STARTED row has at most one outcome.
alter table console_audit drop constraint console_audit_outcome_check;
alter table console_audit add constraint console_audit_outcome_check
    check (outcome in ('STARTED', 'OK', 'REFUSED', 'FAILED'));
alter table console_audit add column follows bigint references console_audit (id);
alter table console_audit add constraint console_audit_follows_outcome check (follows is null or outcome <> 'STARTED');
create unique index console_audit_follows_once on console_audit (follows) where follows is not null;
