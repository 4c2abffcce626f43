-- The notification outbox (docs/notifications.md): every notification the warehouse decided to send, recorded in the
-- same transaction as the outcome that causes it (a run's report, a load's expiry, a delivery's failure, the sweep
-- of missed runs), then claimed, sent and answered for by report-service's sender (POST /api/notifications/claim,
-- POST /api/notifications/{id}/result). id is the idempotency key of every channel. dedupe_key names the outcome
-- (run:<runId>:RUN_FAILED, digest:<date>, ...): a replayed report, or two replicas racing, never records an event
-- twice. content holds what the notification tells, as it was when recorded (NotificationView's content members).
create table notification (
    id               uuid         primary key,
    event            text         not null,
    subject          text         not null,
    source           text,
    dedupe_key       text         not null unique,
    created_at       timestamptz  not null default now(),
    content          jsonb        not null default '{}'::jsonb,
    status           text         not null default 'PENDING'
                                  check (status in ('PENDING', 'SENDING', 'SENT', 'GAVE_UP')),
    attempts         integer      not null default 0,
    next_attempt_at  timestamptz  not null default now(),
    claimed_by       text,
    lease_expires_at timestamptz,
    sent_channels    text[]       not null default '{}',
    last_error       text,
    sent_at          timestamptz
);
-- what a claim looks for: the notifications still to be sent, oldest first
create index notification_due on notification (created_at, id) where status in ('PENDING', 'SENDING');
create index notification_recent on notification (created_at desc);
create index notification_subject on notification (subject, created_at desc);

-- Each subject's state (source:<name>, report:<name>): OK, FAILING (its runs or deliveries fail) or MISSED (no
-- successful run within its expected interval plus grace). The row is locked (FOR UPDATE) by whoever records an
-- outcome of the subject, so replicas recording outcomes of one subject take turns: one notification per streak,
-- reminders at most every remind-every (last_notified_at), one RECOVERED.
create table notification_streak (
    subject          text         primary key,
    state            text         not null default 'OK' check (state in ('OK', 'FAILING', 'MISSED')),
    since            timestamptz,
    failures         integer      not null default 0,
    last_notified_at timestamptz,
    last_success_at  timestamptz
);
