-- Agencies behind the consolidation schedule as of a date: one row, agencies_at_risk (integer).
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency); $schedule_num, $schedule_den (integers): the share of servers to
-- change due by $as_of as an exact fraction, compared by cross-multiplication (no rounding).
-- Each agency's latest plan and latest inventory snapshot with report_date <= $as_of (db/schema.sql: plans_as_of, assets_as_of).
with latest_plans as (
    select
        agency_code,
        plan_status
    from plans_as_of($as_of, $agency_codes)
),

agency_servers as (
    -- one row per agency with an inventory snapshot as of $as_of
    select
        agency_code,
        count(*) filter (
            where
                asset_type in ('physical_server', 'virtual_server')
                and plan in ('consolidate', 'cloud', 'eliminate')
        ) as servers_to_change,
        count(*) filter (
            where
                asset_type in ('physical_server', 'virtual_server')
                and plan in ('consolidate', 'cloud', 'eliminate')
                and status in ('consolidated', 'cloud', 'decommissioned')
        ) as servers_changed
    from assets_as_of($as_of, $agency_codes)
    group by agency_code
),

agency_state as (
    select
        agencies.agency_code,
        coalesce(latest_plans.plan_status in ('submitted', 'revise', 'approved'), false)
            as has_plan,
        agency_servers.agency_code is not null as has_inventory,
        -- a data centre holds no standalone server: nothing of its own to be behind on
        case
            when agencies.kind = 'data_centre' then 0
            else coalesce(agency_servers.servers_to_change, 0)
        end as servers_to_change,
        coalesce(agency_servers.servers_changed, 0) as servers_changed
    from agencies_in_view($agency_codes) as agencies
    left join latest_plans using (agency_code)
    left join agency_servers using (agency_code)
    where agencies.reports
),

final as (
    select
        count(*) filter (
            where
                not has_plan
                or not has_inventory
                -- changed / to_change < num / den, exactly; 0 to change is never behind
                or servers_changed * $schedule_den < servers_to_change * $schedule_num
        ) as agencies_at_risk
    from agency_state
)

select * from final
