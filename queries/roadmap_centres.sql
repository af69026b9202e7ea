-- The merger of the former data integration centres (agencies of kind data_centre) as of a date:
-- one row per centre in view, from its latest inventory and migration snapshots with report_date <= $as_of
-- (db/schema.sql: assets_as_of, agency_systems).
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Counts are integers; storage in TB.
with centres as (
    select
        agency_code,
        name
    from agencies_in_view($agency_codes)
    where is_data_centre(kind)
),

latest_assets as (
    select
        agency_code,
        report_date,
        is_server(asset_type) as is_server,
        status,
        -- exact decimals: a float sum depends on the order rows are added in
        coalesce(storage_tb, 0)::decimal(38, 6) as storage_tb
    from assets_as_of($as_of, $agency_codes)
    where agency_code in (select agency_code from centres)
),

asset_counts as (
    -- by where the centre's own assets are: its servers are not standalone, so all count
    select
        agency_code,
        max(report_date) as inventory_date,
        count(*) filter (where is_server) as servers_total,
        count(*) filter (where is_server and status = 'consolidated') as servers_consolidated,
        count(*) filter (where is_server and status = 'cloud') as servers_cloud,
        count(*) filter (where is_server and status = 'decommissioned') as servers_decommissioned,
        count(*) filter (where is_server and is_remaining(status)) as servers_not_moved,
        coalesce(sum(storage_tb), 0)::double as storage_tb_total,
        coalesce(sum(storage_tb) filter (where status = 'consolidated'), 0)::double
            as storage_tb_consolidated,
        coalesce(sum(storage_tb) filter (where status = 'cloud'), 0)::double as storage_tb_cloud,
        coalesce(sum(storage_tb) filter (where status = 'decommissioned'), 0)::double
            as storage_tb_decommissioned,
        coalesce(sum(storage_tb) filter (where is_remaining(status)), 0)::double
            as storage_tb_not_moved
    from latest_assets
    group by agency_code
),

final as (
    -- a centre that has not reported keeps its row, with null dates and null counts
    select
        centres.agency_code,
        centres.name,
        asset_counts.inventory_date,
        systems.migration_date,
        asset_counts.* exclude (agency_code, inventory_date),
        systems.systems_total,
        systems.systems_migrated,
        systems.systems_total - systems.systems_migrated as systems_not_migrated
    from centres
    left join asset_counts using (agency_code)
    left join agency_systems($as_of, $agency_codes) as systems using (agency_code)
    order by centres.agency_code
)

select * from final
