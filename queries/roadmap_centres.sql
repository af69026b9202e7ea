-- The merger of the former data integration centres (agencies of kind data_centre) as of a date:
-- one row per centre in view, from its latest inventory and migration snapshots with report_date <= $as_of
-- (db/schema.sql: agency_state, assets_as_of).
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Counts are integers; storage in TB.
with centres as (
    select
        agency_code,
        name,
        inventory_date,
        migration_date,
        systems_total,
        systems_migrated,
        systems_total - systems_migrated as systems_not_migrated
    from agency_state($as_of, $agency_codes)
    where is_data_centre(kind)
),

latest_assets as (
    select
        agency_code,
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
        centres.inventory_date,
        centres.migration_date,
        asset_counts.* exclude (agency_code),
        centres.systems_total,
        centres.systems_migrated,
        centres.systems_not_migrated
    from centres
    left join asset_counts using (agency_code)
    order by centres.agency_code
)

select * from final
