-- Agencies behind the consolidation schedule as of a date: one row, agencies_at_risk (integer).
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency); $schedule_num, $schedule_den (integers): the share of servers to
-- change due by $as_of as an exact fraction, compared by cross-multiplication (no rounding).
with in_view as (
    -- the agencies in view: all of them, or those the dashboard's filters chose
    select agency_code
    from agencies
    where
        cast($agency_codes as varchar[]) is null
        or list_contains(cast($agency_codes as varchar[]), agency_code)
),

latest_plan_dates as (
    select
        agency_code,
        max(report_date) as report_date
    from plans
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from in_view)
    group by agency_code
),

latest_plans as (
    select
        plans.agency_code,
        plans.plan_status
    from plans
    inner join latest_plan_dates using (agency_code, report_date)
),

latest_inventory_dates as (
    select
        agency_code,
        max(report_date) as report_date
    from assets
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from in_view)
    group by agency_code
),

agency_servers as (
    select
        assets.agency_code,
        count(*) filter (
            where
                assets.asset_type in ('physical_server', 'virtual_server')
                and assets.plan in ('consolidate', 'cloud', 'eliminate')
        ) as servers_to_change,
        count(*) filter (
            where
                assets.asset_type in ('physical_server', 'virtual_server')
                and assets.plan in ('consolidate', 'cloud', 'eliminate')
                and assets.status in ('consolidated', 'cloud', 'decommissioned')
        ) as servers_changed
    from assets
    inner join latest_inventory_dates using (agency_code, report_date)
    group by assets.agency_code
),

agency_state as (
    select
        agencies.agency_code,
        coalesce(latest_plans.plan_status in ('submitted', 'revise', 'approved'), false)
            as has_plan,
        latest_inventory_dates.agency_code is not null as has_inventory,
        -- a data centre holds no standalone server: nothing of its own to be behind on
        case
            when agencies.kind = 'data_centre' then 0
            else coalesce(agency_servers.servers_to_change, 0)
        end as servers_to_change,
        coalesce(agency_servers.servers_changed, 0) as servers_changed
    from agencies
    left join latest_plans using (agency_code)
    left join latest_inventory_dates using (agency_code)
    left join agency_servers using (agency_code)
    where agencies.reports and agencies.agency_code in (select agency_code from in_view)
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
