-- Where a FAILED run's cause lies (SOURCE, CONFIGURATION, WAREHOUSE, DATABASE, CHECKS) and whether running it again
-- later may succeed with nothing changed. Null while a run runs, when it succeeded, and for runs reported before
-- these were kept.
alter table ingest_run add column error_kind      text;
alter table ingest_run add column error_transient boolean;
