-- The merger of the former data integration centres (agencies of kind data_centre) as of a date:
-- one row per centre in view, from its latest inventory and migration snapshots with report_date <= $as_of.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Counts are integers; storage in TB.
with in_view as (
    -- the agencies in view: all of them, or those the dashboard's filters chose
    select agency_code
    from agencies
    where
        cast($agency_codes as varchar[]) is null
        or list_contains(cast($agency_codes as varchar[]), agency_code)
),

centres as (
    select
        agency_code,
        name
    from agencies
    where kind = 'data_centre' and agency_code in (select agency_code from in_view)
),

inventory_dates as (
    select
        agency_code,
        max(report_date) as inventory_date
    from assets
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from centres)
    group by agency_code
),

latest_assets as (
    select
        assets.agency_code,
        assets.asset_type in ('physical_server', 'virtual_server') as is_server,
        assets.status,
        -- exact decimals: a float sum depends on the order rows are added in
        coalesce(assets.storage_tb, 0)::decimal(38, 6) as storage_tb
    from assets
    inner join inventory_dates
        on
            assets.agency_code = inventory_dates.agency_code
            and assets.report_date = inventory_dates.inventory_date
),

asset_counts as (
    select
        agency_code,
        count(*) filter (where is_server) as servers_total,
        count(*) filter (where is_server and status = 'consolidated') as servers_consolidated,
        count(*) filter (where is_server and status = 'cloud') as servers_cloud,
        count(*) filter (where is_server and status = 'decommissioned') as servers_decommissioned,
        count(*) filter (where is_server and status in ('active', 'idle')) as servers_not_moved,
        coalesce(sum(storage_tb), 0)::double as storage_tb_total,
        coalesce(sum(storage_tb) filter (where status = 'consolidated'), 0)::double
            as storage_tb_consolidated,
        coalesce(sum(storage_tb) filter (where status = 'cloud'), 0)::double as storage_tb_cloud,
        coalesce(sum(storage_tb) filter (where status = 'decommissioned'), 0)::double
            as storage_tb_decommissioned,
        coalesce(sum(storage_tb) filter (where status in ('active', 'idle')), 0)::double
            as storage_tb_not_moved
    from latest_assets
    group by agency_code
),

migration_dates as (
    select
        agency_code,
        max(report_date) as migration_date
    from migrations
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from centres)
    group by agency_code
),

system_counts as (
    select
        migrations.agency_code,
        count(*) as systems_total,
        count(*) filter (
            where migrations.stage in ('migrated', 'accepted', 'legacy_off')
        ) as systems_migrated,
        count(*) filter (
            where migrations.stage not in ('migrated', 'accepted', 'legacy_off')
        ) as systems_not_migrated
    from migrations
    inner join migration_dates
        on
            migrations.agency_code = migration_dates.agency_code
            and migrations.report_date = migration_dates.migration_date
    group by migrations.agency_code
),

final as (
    -- a centre that has not reported keeps its row, with null dates and null counts
    select
        centres.agency_code,
        centres.name,
        inventory_dates.inventory_date,
        migration_dates.migration_date,
        asset_counts.* exclude (agency_code),
        system_counts.* exclude (agency_code)
    from centres
    left join inventory_dates using (agency_code)
    left join asset_counts using (agency_code)
    left join migration_dates using (agency_code)
    left join system_counts using (agency_code)
    order by centres.agency_code
)

select * from final
