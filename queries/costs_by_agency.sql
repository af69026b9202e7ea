-- Costs and savings per agency as of a date: one row per agency in view that has an inventory or a plan snapshot with report_date <= $as_of
-- (db/schema.sql: inventory_rows, plans_as_of).
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Money in VNĐ per year (double), budget_vnd once;
-- the cost columns are null for a data centre (nothing of its is standalone) and for an agency with no inventory; the plan columns null with no plan.
with classified as (
    select * from inventory_rows($as_of, $agency_codes)
),

snapshot_dates as (
    select
        agency_code,
        max(report_date) filter (where in_baseline) as baseline_date,
        max(report_date) filter (where in_latest) as latest_date
    from classified
    group by agency_code
),

agency_costs as (
    select
        agency_code,
        -- exact decimals, as kpi_inventory.sql sums them: the agencies add up to its totals
        coalesce(sum(annual_cost_exact) filter (where in_baseline), 0) as baseline_cost_vnd,
        coalesce(sum(annual_cost_exact) filter (
            where in_latest and is_remaining
        ), 0) as remaining_cost_vnd,
        coalesce(sum(annual_cost_exact) filter (where in_latest and is_done), 0) as done_cost_vnd,
        coalesce(sum(hosting_cost_exact) filter (
            where in_latest and status in ('consolidated', 'cloud')
        ), 0) as hosting_cost_vnd
    from classified
    group by agency_code
),

latest_plans as (
    select
        agency_code,
        report_date as plan_date,
        plan_status,
        planned_savings_vnd,
        budget_vnd
    from plans_as_of($as_of, $agency_codes)
),

final as (
    select
        agencies.agency_code,
        agencies.name,
        agencies.kind,
        snapshot_dates.baseline_date,
        snapshot_dates.latest_date as inventory_date,
        -- a data centre holds nothing standalone: its standalone cost is not 0 but not applicable
        case when agencies.kind <> 'data_centre' then agency_costs.baseline_cost_vnd::double end
            as baseline_cost_vnd,
        case when agencies.kind <> 'data_centre' then agency_costs.remaining_cost_vnd::double end
            as remaining_cost_vnd,
        case when agencies.kind <> 'data_centre' then agency_costs.done_cost_vnd::double end
            as done_cost_vnd,
        case when agencies.kind <> 'data_centre' then agency_costs.hosting_cost_vnd::double end
            as hosting_cost_vnd,
        case
            when agencies.kind <> 'data_centre'
                then (agency_costs.done_cost_vnd - agency_costs.hosting_cost_vnd)::double
        end as savings_realised_vnd,
        latest_plans.plan_date,
        latest_plans.plan_status,
        latest_plans.planned_savings_vnd,
        latest_plans.budget_vnd
    from agencies_in_view($agency_codes) as agencies
    left join snapshot_dates using (agency_code)
    left join agency_costs using (agency_code)
    left join latest_plans using (agency_code)
    where snapshot_dates.agency_code is not null or latest_plans.agency_code is not null
    order by
        case agencies.kind
            when 'department' then 1 when 'police' then 2 when 'data_centre' then 3 else 4
        end,
        agencies.name
)

select * from final
