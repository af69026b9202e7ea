-- The agencies of one commune or ward as of a date: one row per agency in view that sits there or has assets placed
-- there. Parameters: $as_of (date); $commune_code (varchar); $agency_codes, $statuses, $asset_types (varchar[], null = all).
-- Counts are integers over the agency's latest inventory snapshot (report_date <= $as_of) and the assets placed
-- there that pass the page's asset filters (db/schema.sql: assets_as_of, inventory_measures); money VNĐ per year (double).
with placed_here as (
    select *
    from inventory_measures($as_of, $agency_codes, $statuses, $asset_types, true)
    where commune_code = $commune_code
),

latest_dates as (
    -- whatever the asset filters keep
    select
        agency_code,
        max(report_date) as inventory_date
    from assets_as_of($as_of, $agency_codes)
    group by agency_code
),

final as (
    select
        agencies.agency_code,
        agencies.name,
        agencies.kind,
        coalesce(agencies.commune_code = $commune_code, false) as seated_here,
        latest_dates.inventory_date as latest_inventory_date,
        coalesce(placed_here.assets, 0)::integer as assets_here,
        coalesce(placed_here.servers, 0)::integer as servers_here,
        coalesce(placed_here.servers_running, 0)::integer as servers_running_here,
        coalesce(placed_here.running_cost_vnd, 0)::double as cost_running_vnd
    from agencies_in_view($agency_codes) as agencies
    left join placed_here on agencies.agency_code = placed_here.agency_code
    left join latest_dates on agencies.agency_code = latest_dates.agency_code
    -- an agency whose baseline alone had assets here has nothing placed here now
    where agencies.commune_code = $commune_code or placed_here.assets > 0
    order by agency_kind_rank(agencies.kind), agencies.name
)

select * from final
