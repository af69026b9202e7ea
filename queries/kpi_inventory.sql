-- Inventory indicators (Biểu 01) as of a date: one row. "As of" = each agency's latest inventory
-- snapshot with report_date <= $as_of; "baseline" = its first one (db/schema.sql: assets_as_of,
-- assets_baseline, inventory_rows). Parameters: $as_of (date); $agency_codes (varchar[], null = every agency).
-- Counts are integers; storage in TB; money in VNĐ per year (double; blanks count as 0).
with classified as (
    select * from inventory_rows($as_of, $agency_codes)
),

asset_counts as (
    select
        count(*) filter (where in_baseline and is_server and is_standalone) as servers_baseline,
        count(*) filter (
            where in_latest and is_server and is_standalone and is_remaining
        ) as servers_remaining,
        count(*) filter (
            where in_latest and is_server and is_standalone and is_to_change and is_done
        ) as servers_changed,
        count(*) filter (
            where in_latest and is_server and is_standalone and is_to_change
        ) as servers_to_change,
        coalesce(sum(storage_tb_exact) filter (
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
        coalesce(sum(annual_cost_exact) filter (
            where in_baseline and is_standalone
        ), 0)::double as annual_cost_baseline_vnd,
        (
            coalesce(sum(annual_cost_exact) filter (
                where in_latest and is_standalone and is_done
            ), 0)
            - coalesce(sum(hosting_cost_exact) filter (
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

latest_dates as (
    select
        agency_code,
        max(report_date) as latest_date
    from assets_as_of($as_of, $agency_codes)
    group by agency_code
),

required_agencies as (
    select
        agencies.agency_code,
        agencies.kind,
        latest_dates.latest_date,
        agency_servers.servers_to_change,
        agency_servers.servers_changed
    from agencies_in_view($agency_codes) as agencies
    left join latest_dates using (agency_code)
    left join agency_servers using (agency_code)
    where agencies.reports
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
