-- Central security monitoring (SOC) and central backup per agency as of a date: one row per agency in view with an inventory snapshot.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Counts (integers) of its latest inventory snapshot with
-- report_date <= $as_of, data centres included: the numerators and denominators of soc_monitored_pct and backup_central_pct.
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
    from assets
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from in_view)
    group by agency_code
),

latest_assets as (
    select
        assets.agency_code,
        assets.report_date,
        assets.asset_type in ('physical_server', 'virtual_server') as is_server,
        assets.status = 'active' as is_active,
        assets.soc_monitored,
        assets.central_backup
    from assets
    inner join latest_dates using (agency_code, report_date)
),

agency_counts as (
    select
        agency_code,
        max(report_date) as inventory_date,
        count(*) filter (where is_server and is_active) as servers_active,
        count(*) filter (where is_server and is_active and soc_monitored)
            as servers_active_monitored,
        count(*) filter (where is_active) as assets_active,
        count(*) filter (where is_active and central_backup) as assets_active_backed_up
    from latest_assets
    group by agency_code
),

final as (
    select
        agencies.agency_code,
        agencies.name,
        agencies.kind,
        agency_counts.inventory_date,
        agency_counts.servers_active,
        agency_counts.servers_active_monitored,
        agency_counts.assets_active,
        agency_counts.assets_active_backed_up
    from agency_counts
    inner join agencies using (agency_code)
    order by
        case agencies.kind
            when 'department' then 1 when 'police' then 2 when 'data_centre' then 3 else 4
        end,
        agencies.name
)

select * from final
