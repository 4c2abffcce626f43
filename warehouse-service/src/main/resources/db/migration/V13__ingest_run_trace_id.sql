-- The OpenTelemetry trace of a run, as the ingest replica that ran it reported it (null while tracing is off), so
-- that the run history and the notifications of a run name the trace to look at.
alter table ingest_run add column trace_id text check (trace_id ~ '^[0-9a-f]{32}$');
