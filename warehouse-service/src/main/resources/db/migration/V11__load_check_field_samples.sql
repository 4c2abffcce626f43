-- Field rules of the data checks (docs/checks.md): the record field a rule judged (null for the load's own checks:
-- reject-share, duplicate-share, volume, freshness) and up to 20 ids of records that failed it (empty when none did;
-- null for the load's own checks). The runtime role's grants on load_check (select, insert) cover the new columns.
alter table load_check
    add column field   text,
    add column samples text[];
