-- The agencies of one commune or ward as of a date: one row per agency in view that sits there or has assets placed
-- there. Parameters: $as_of (date); $commune_code (varchar); $agency_codes, $statuses, $asset_types (varchar[], null = all).
-- Counts are integers over the agency's latest inventory snapshot (report_date <= $as_of, db/schema.sql: assets_as_of); money VNĐ per year (double).
with latest_dates as (
    select
        agency_code,
        max(report_date) as report_date
    from assets_as_of($as_of, $agency_codes)
    group by agency_code
),

placed_here as (
    -- the latest snapshot's assets placed in the commune that pass the page's asset filters
    select
        agency_code,
        report_date,
        asset_type in ('physical_server', 'virtual_server') as is_server,
        status in ('active', 'idle') as is_running,
        coalesce(annual_cost_vnd, 0)::decimal(38, 6) as annual_cost_vnd
    from assets_as_of($as_of, $agency_codes)
    where
        commune_code = $commune_code
        and (
            cast($statuses as varchar[]) is null
            or list_contains(cast($statuses as varchar[]), status)
        )
        and (
            cast($asset_types as varchar[]) is null
            or list_contains(cast($asset_types as varchar[]), asset_type)
        )
),

per_agency as (
    select
        agency_code,
        max(report_date) as report_date,
        count(*) as assets_here,
        count(*) filter (where is_server) as servers_here,
        count(*) filter (where is_server and is_running) as servers_running_here,
        sum(annual_cost_vnd) filter (where is_running)::double as cost_running_vnd
    from placed_here
    group by agency_code
),

final as (
    select
        agencies.agency_code,
        agencies.name,
        agencies.kind,
        coalesce(agencies.commune_code = $commune_code, false) as seated_here,
        latest_dates.report_date as latest_inventory_date,
        coalesce(per_agency.assets_here, 0)::integer as assets_here,
        coalesce(per_agency.servers_here, 0)::integer as servers_here,
        coalesce(per_agency.servers_running_here, 0)::integer as servers_running_here,
        coalesce(per_agency.cost_running_vnd, 0)::double as cost_running_vnd
    from agencies_in_view($agency_codes) as agencies
    left join per_agency using (agency_code)
    left join latest_dates using (agency_code)
    where agencies.commune_code = $commune_code or per_agency.agency_code is not null
    order by
        case agencies.kind
            when 'department' then 1 when 'police' then 2 when 'data_centre' then 3 else 4
        end,
        agencies.name
)

select * from final
