-- Migration indicators (Biểu 03) as of a date: one row over every agency's latest migration
-- snapshot with report_date <= $as_of (db/schema.sql: migrations_as_of, is_migrated, is_in_cloud). Parameters: $as_of (date);
-- $agency_codes (varchar[], null = every agency).
-- Counts of systems (integers): numerators over systems_total.
with systems as (
    select
        *,
        is_migrated(stage) as is_migrated
    from migrations_as_of($as_of, $agency_codes)
),

final as (
    select
        count(*) as systems_total,
        count(*) filter (where is_migrated) as systems_migrated,
        count(*) filter (where ndxp_connected) as systems_ndxp_connected,
        count(*) filter (where is_migrated and is_in_cloud(target)) as systems_in_cloud
    from systems
)

select * from final
