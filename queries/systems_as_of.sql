-- Information systems as of a date: one row per system of each agency's latest migration snapshot (Biểu 03) with report_date <= $as_of.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Dates; booleans; security_level 1–5 or null.
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

final as (
    select
        migrations.agency_code,
        agencies.name as agency_name,
        agencies.kind,
        migrations.report_date,
        migrations.system_code,
        migrations.system_name,
        migrations.target,
        migrations.stage,
        migrations.stage in ('migrated', 'accepted', 'legacy_off') as is_migrated,
        migrations.planned_date,
        migrations.done_date,
        migrations.ndxp_connected,
        migrations.soc_monitored,
        migrations.security_level
    from migrations
    inner join latest_dates using (agency_code, report_date)
    inner join agencies using (agency_code)
    order by agencies.name, migrations.system_code
)

select * from final
