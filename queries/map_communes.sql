-- The map: one row per commune or ward (all 99), the standalone servers and costs of the assets placed there
-- (assets.commune_code) as of a date. Parameters: $as_of (date); $agency_codes, $statuses, $asset_types (varchar[], null = all).
-- "As of" and "baseline" as in spec/kpis.md, per agency; counts are integers, money VNĐ per year (double), lat/lon degrees.
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

classified as (
    -- the rows of each agency's baseline and latest snapshots that pass the page's asset filters
    select
        assets.commune_code,
        agencies.name as agency_name,
        assets.report_date = snapshot_dates.baseline_date as in_baseline,
        assets.report_date = snapshot_dates.latest_date as in_latest,
        assets.asset_type in ('physical_server', 'virtual_server') as is_server,
        agencies.kind <> 'data_centre' as is_standalone,
        assets.status in ('active', 'idle') as is_running,
        assets.status in ('consolidated', 'cloud', 'decommissioned') as is_done,
        -- a blank plan is "no plan yet", not a plan to change
        coalesce(assets.plan in ('consolidate', 'cloud', 'eliminate'), false) as is_to_change,
        -- an exact sum, whatever order DuckDB's threads add in
        coalesce(assets.annual_cost_vnd, 0)::decimal(38, 6) as annual_cost_vnd
    from assets
    inner join snapshot_dates
        on
            assets.agency_code = snapshot_dates.agency_code
            and assets.report_date in (snapshot_dates.baseline_date, snapshot_dates.latest_date)
    inner join agencies on assets.agency_code = agencies.agency_code
    where
        (
            cast($statuses as varchar[]) is null
            or list_contains(cast($statuses as varchar[]), assets.status)
        )
        and (
            cast($asset_types as varchar[]) is null
            or list_contains(cast($asset_types as varchar[]), assets.asset_type)
        )
),

per_commune as (
    select
        commune_code,
        count(*) filter (where in_latest) as assets_placed,
        count(*) filter (where in_baseline and is_server and is_standalone) as servers_baseline,
        count(*) filter (
            where in_latest and is_server and is_standalone and is_running
        ) as servers_remaining,
        count(*) filter (
            where in_latest and is_server and is_standalone and is_to_change and is_done
        ) as servers_changed,
        count(*) filter (
            where in_latest and is_server and is_standalone and is_to_change
        ) as servers_to_change,
        coalesce(sum(annual_cost_vnd) filter (
            where in_latest and is_standalone and is_running
        ), 0)::double as cost_remaining_vnd,
        list(distinct agency_name order by agency_name) filter (
            where in_latest and is_server and is_standalone and is_running
        ) as agencies_with_servers
    from classified
    group by commune_code
),

final as (
    select
        communes.code,
        communes.name,
        -- twelve communes became wards on 20/09/2026: the type and name as they were on $as_of
        -- (full_name is that of 1/7/2025, "Xã Bố Hạ"; it is the type's word and the name)
        case
            when cast($as_of as date) < date '2026-09-20' then communes.full_name
            when communes.type_from_2026_09_20 = 'phuong' then 'Phường ' || communes.name
            else 'Xã ' || communes.name
        end as full_name,
        case
            when cast($as_of as date) >= date '2026-09-20' then communes.type_from_2026_09_20
            else communes.type
        end as commune_type,
        communes.former_province,
        -- DOUBLE, not DECIMAL: a decimal reaches pydeck as a JSON string and draws nothing
        cast(communes.lat as double) as lat,
        cast(communes.lon as double) as lon,
        coalesce(per_commune.assets_placed, 0)::integer as assets_placed,
        coalesce(per_commune.servers_baseline, 0)::integer as servers_baseline,
        coalesce(per_commune.servers_remaining, 0)::integer as servers_remaining,
        coalesce(per_commune.servers_changed, 0)::integer as servers_changed,
        coalesce(per_commune.servers_to_change, 0)::integer as servers_to_change,
        coalesce(per_commune.cost_remaining_vnd, 0)::double as cost_remaining_vnd,
        coalesce(per_commune.agencies_with_servers, []::varchar[]) as agencies_with_servers
    from communes
    left join per_commune on communes.code = per_commune.commune_code
    order by communes.code
)

select * from final
