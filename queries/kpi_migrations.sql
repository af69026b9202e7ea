-- Migration indicators (Biểu 03) as of a date: one row over every agency's latest migration
-- snapshot with report_date <= $as_of. Parameters: $as_of (date);
-- $agency_codes (varchar[], null = every agency).
-- Counts of systems (integers): numerators over systems_total.
with in_view as (
    -- the agencies in view: all of them, or those the dashboard's filters chose
    select agency_code
    from agencies
    where
        cast($agency_codes as varchar[]) is null
        or list_contains(cast($agency_codes as varchar[]), agency_code)
),

latest_dates as (
    select
        agency_code,
        max(report_date) as report_date
    from migrations
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from in_view)
    group by agency_code
),

systems as (
    select
        migrations.*,
        migrations.stage in ('migrated', 'accepted', 'legacy_off') as is_migrated
    from migrations
    inner join latest_dates using (agency_code, report_date)
),

final as (
    select
        count(*) as systems_total,
        count(*) filter (where is_migrated) as systems_migrated,
        count(*) filter (where ndxp_connected) as systems_ndxp_connected,
        count(*) filter (where is_migrated and target in ('cloud', 'ndc')) as systems_in_cloud
    from systems
)

select * from final
