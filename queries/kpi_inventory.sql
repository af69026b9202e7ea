-- Inventory indicators (Biểu 01) as of a date: one row. "As of" = each agency's latest inventory
-- snapshot with report_date <= $as_of; "baseline" = its first one. Parameters: $as_of (date);
-- $agency_codes (varchar[], null = every agency).
-- Counts are integers; storage in TB; money in VNĐ per year (double; blanks count as 0).
with in_view as (
    -- the agencies in view: all of them, or those the dashboard's filters chose
    select agency_code
    from agencies
    where
        cast($agency_codes as varchar[]) is null
        or list_contains(cast($agency_codes as varchar[]), agency_code)
),

snapshot_dates as (
    select
        agency_code,
        min(report_date) as baseline_date,
        max(report_date) as latest_date
    from assets
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from in_view)
    group by agency_code
),

tariff as (
    -- one row whatever the table holds: a missing tariff prices that resource at 0
    select
        coalesce(max(vnd_per_year) filter (where resource = 'cpu_core'), 0) as per_cpu_core,
        coalesce(max(vnd_per_year) filter (where resource = 'ram_gb'), 0) as per_ram_gb,
        coalesce(max(vnd_per_year) filter (where resource = 'storage_tb'), 0) as per_storage_tb
    from tariffs
),

classified as (
    -- the rows of each agency's baseline and latest snapshots (one row when they coincide)
    select
        assets.agency_code,
        assets.report_date = snapshot_dates.baseline_date as in_baseline,
        assets.report_date = snapshot_dates.latest_date as in_latest,
        assets.asset_type in ('physical_server', 'virtual_server') as is_server,
        agencies.kind <> 'data_centre' as is_standalone,
        assets.status,
        assets.status in ('consolidated', 'cloud', 'decommissioned') as is_done,
        -- a blank plan is "no plan yet", not a plan to change
        coalesce(assets.plan in ('consolidate', 'cloud', 'eliminate'), false) as is_to_change,
        assets.soc_monitored,
        assets.central_backup,
        -- summed as exact decimals: a float sum depends on the order DuckDB's threads add
        -- in, and 0,1 + 0,2 TB must read 0,3 in every run and in JSON
        coalesce(assets.storage_tb, 0)::decimal(38, 6) as storage_tb,
        coalesce(assets.annual_cost_vnd, 0)::decimal(38, 6) as annual_cost_vnd,
        (
            coalesce(assets.cpu_cores, 0) * tariff.per_cpu_core
            + coalesce(assets.ram_gb, 0) * tariff.per_ram_gb
            + coalesce(assets.storage_tb, 0) * tariff.per_storage_tb
        )::decimal(38, 6) as hosting_cost_vnd
    from assets
    inner join snapshot_dates
        on
            assets.agency_code = snapshot_dates.agency_code
            and assets.report_date in (snapshot_dates.baseline_date, snapshot_dates.latest_date)
    inner join agencies on assets.agency_code = agencies.agency_code
    cross join tariff
),

asset_counts as (
    select
        count(*) filter (where in_baseline and is_server and is_standalone) as servers_baseline,
        count(*) filter (
            where in_latest and is_server and is_standalone and status in ('active', 'idle')
        ) as servers_remaining,
        count(*) filter (
            where in_latest and is_server and is_standalone and is_to_change and is_done
        ) as servers_changed,
        count(*) filter (
            where in_latest and is_server and is_standalone and is_to_change
        ) as servers_to_change,
        coalesce(sum(storage_tb) filter (
            where in_latest and is_standalone and status in ('consolidated', 'cloud')
        ), 0)::double as storage_moved_tb,
        count(*) filter (
            where in_latest and is_server and status = 'active' and soc_monitored
        ) as servers_active_monitored,
        count(*) filter (where in_latest and is_server and status = 'active') as servers_active,
        count(*) filter (
            where in_latest and status = 'active' and central_backup
        ) as assets_active_backed_up,
        count(*) filter (where in_latest and status = 'active') as assets_active,
        coalesce(sum(annual_cost_vnd) filter (
            where in_baseline and is_standalone
        ), 0)::double as annual_cost_baseline_vnd,
        (
            coalesce(sum(annual_cost_vnd) filter (where in_latest and is_standalone and is_done), 0)
            - coalesce(sum(hosting_cost_vnd) filter (
                where in_latest and is_standalone and status in ('consolidated', 'cloud')
            ), 0)
        )::double as savings_realised_vnd
    from classified
),

agency_servers as (
    -- each agency's servers to change in its latest snapshot, and how many of them are done
    select
        agency_code,
        count(*) filter (where is_server and is_to_change) as servers_to_change,
        count(*) filter (where is_server and is_to_change and is_done) as servers_changed
    from classified
    where in_latest
    group by agency_code
),

required_agencies as (
    select
        agencies.agency_code,
        agencies.kind,
        snapshot_dates.latest_date,
        agency_servers.servers_to_change,
        agency_servers.servers_changed
    from agencies
    left join snapshot_dates using (agency_code)
    left join agency_servers using (agency_code)
    where agencies.reports and agencies.agency_code in (select agency_code from in_view)
),

agency_counts as (
    select
        count(*) as required_agencies,
        -- the same half-year as $as_of: 1/1–30/6 or 1/7–31/12 of the same year
        count(*) filter (
            where
                year(latest_date) = year(cast($as_of as date))
                and (month(latest_date) <= 6) = (month(cast($as_of as date)) <= 6)
        ) as reported_this_half,
        -- reported, and nothing left to change (no server to change counts as done)
        count(*) filter (
            where
                kind <> 'data_centre'
                and latest_date is not null
                and servers_changed = servers_to_change
        ) as agencies_done
    from required_agencies
),

final as (
    select *
    from asset_counts
    cross join agency_counts
)

select * from final
