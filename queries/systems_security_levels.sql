-- Security levels (cấp độ ATTT, 1–5) as of a date: one row per subject × level present, level null when blank.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). subject 'servers' = active servers of each agency's latest
-- inventory snapshot (data centres included), 'systems' = systems of its latest migration snapshot; count is an integer.
with in_view as (
    -- the agencies in view: all of them, or those the dashboard's filters chose
    select agency_code
    from agencies
    where
        cast($agency_codes as varchar[]) is null
        or list_contains(cast($agency_codes as varchar[]), agency_code)
),

inventory_dates as (
    select
        agency_code,
        max(report_date) as report_date
    from assets
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from in_view)
    group by agency_code
),

migration_dates as (
    select
        agency_code,
        max(report_date) as report_date
    from migrations
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from in_view)
    group by agency_code
),

levels as (
    select
        'servers' as subject,
        assets.security_level
    from assets
    inner join inventory_dates using (agency_code, report_date)
    where
        assets.asset_type in ('physical_server', 'virtual_server')
        and assets.status = 'active'
    union all
    select
        'systems' as subject,
        migrations.security_level
    from migrations
    inner join migration_dates using (agency_code, report_date)
),

final as (
    select
        subject,
        security_level,
        count(*) as count
    from levels
    group by subject, security_level
    order by subject, security_level nulls last
)

select * from final
