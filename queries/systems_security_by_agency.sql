-- Central security monitoring (SOC) and central backup per agency as of a date: one row per agency in view with an inventory snapshot.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Counts (integers) of its latest inventory snapshot with
-- report_date <= $as_of (db/schema.sql: assets_as_of), data centres included: the numerators and denominators of
-- soc_monitored_pct and backup_central_pct.
with latest_assets as (
    select
        agency_code,
        report_date,
        asset_type in ('physical_server', 'virtual_server') as is_server,
        status = 'active' as is_active,
        soc_monitored,
        central_backup
    from assets_as_of($as_of, $agency_codes)
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
