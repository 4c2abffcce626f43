-- What report-service has emailed (or is emailing), so a window is sent once across restarts and replicas.
-- At most one SENDING or SENT delivery per report and window; a forced resend supersedes the SENT one.
create table report_delivery (
    id               uuid         primary key,
    report           text         not null,
    window_from      date         not null,
    window_to        date         not null,
    status           text         not null check (status in ('SENDING', 'SENT', 'FAILED', 'SUPERSEDED')),
    forced           boolean      not null default false,
    recipients       text         not null,
    claimed_at       timestamptz  not null,
    lease_expires_at timestamptz  not null,
    finished_at      timestamptz,
    users            bigint,
    total            numeric,
    error            text
);
create unique index report_delivery_once on report_delivery (report, window_from, window_to)
    where status in ('SENDING', 'SENT');
create index report_delivery_recent on report_delivery (report, claimed_at desc);
