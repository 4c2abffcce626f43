-- Per-user spend per day and status, kept (with warehouse.analytics.pre-aggregated=true) by every commit's merge
-- in the commit's own transaction, so that it always sums to what daily_snapshot holds: the weekly user-spend query
-- reads at most 7 rows per user instead of every transaction of the week (a 10-million-row week took seconds).
-- Days are dates in the zone named in user_day_spend_zone; the warehouse rebuilds the table when warehouse.zone
-- names another one, and answers a window in any other zone from daily_snapshot itself.
create table user_day_spend (
    day          date         not null,
    status       text         not null,
    user_id      text collate "C" not null,
    total        numeric      not null,
    transactions bigint       not null,
    primary key (day, status, user_id)
);
-- rows whose transactions all moved away (changed status, day or user); the merge deletes them through this index
create index user_day_spend_emptied on user_day_spend (day) where transactions = 0;

create table user_day_spend_zone (
    singleton boolean primary key default true check (singleton),
    zone      text    not null
);

-- not kept until warehouse.analytics.pre-aggregated is turned on: then the warehouse builds them at start-up
insert into user_day_spend_zone (zone) values ('(not kept)');
