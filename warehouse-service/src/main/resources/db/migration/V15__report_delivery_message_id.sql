-- The Message-ID of the mail a SENT delivery went out as, as report-service sent it, so a person can find that
-- mail in an inbox or a mail server's log. Null for deliveries recorded before this column, and for any not SENT.
alter table report_delivery add column message_id text;
