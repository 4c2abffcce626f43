-- What each ingest run asked the source for (full, incremental since the watermark, or a backfill window; the
-- watermark at its start and after its commit), and how its commit split the ids it loaded into new, changed and
-- unchanged ones. Null for runs reported before these were kept, and until the run's load commits.
alter table ingest_run add column pull      jsonb;
alter table ingest_run add column inserted  bigint;
alter table ingest_run add column updated   bigint;
alter table ingest_run add column unchanged bigint;
