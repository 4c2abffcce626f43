-- The shape of every load's staging table. At open a load creates its own UNLOGGED table
-- staging.load_<id> as "(like load_staging_template including all)", so the staging columns are defined
-- here once. This table itself never holds rows. Columns are in the order of a batch's COPY text; "C"
-- collation on id, as in daily_snapshot, so the merge sorts and compares ids bytewise.
create table load_staging_template (
    seq        integer      not null,
    pos        integer      not null,
    id         text collate "C" not null,
    user_id    text         not null,
    amount     numeric      not null,
    status     text         not null,
    created_at timestamptz  not null,
    attributes jsonb        not null
);
