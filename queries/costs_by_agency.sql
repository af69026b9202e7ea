-- Costs and savings per agency as of a date: one row per agency in view that has an inventory or a plan snapshot with report_date <= $as_of.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Money in VNĐ per year (double), budget_vnd once;
-- the cost columns are null for a data centre (nothing of its is standalone) and for an agency with no inventory; the plan columns null with no plan.
with in_view as (
    -- the agencies in view: all of them, or those the dashboard's filters chose
    select agency_code
    from agencies
    where
        cast($agency_codes as varchar[]) is null
        or list_contains(cast($agency_codes as varchar[]), agency_code)
),

snapshot_dates as (
    -- as in kpi_inventory.sql: "baseline" = first inventory snapshot, "as of" = latest
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
    select
        assets.agency_code,
        assets.report_date = snapshot_dates.baseline_date as in_baseline,
        assets.report_date = snapshot_dates.latest_date as in_latest,
        assets.status,
        assets.status in ('consolidated', 'cloud', 'decommissioned') as is_done,
        -- exact decimals, as kpi_inventory.sql sums them: the agencies add up to its totals
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
    cross join tariff
),

agency_costs as (
    select
        agency_code,
        coalesce(sum(annual_cost_vnd) filter (where in_baseline), 0) as baseline_cost_vnd,
        coalesce(sum(annual_cost_vnd) filter (
            where in_latest and status in ('active', 'idle')
        ), 0) as remaining_cost_vnd,
        coalesce(sum(annual_cost_vnd) filter (where in_latest and is_done), 0) as done_cost_vnd,
        coalesce(sum(hosting_cost_vnd) filter (
            where in_latest and status in ('consolidated', 'cloud')
        ), 0) as hosting_cost_vnd
    from classified
    group by agency_code
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
        plans.report_date as plan_date,
        plans.plan_status,
        plans.planned_savings_vnd,
        plans.budget_vnd
    from plans
    inner join latest_plan_dates using (agency_code, report_date)
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
    from agencies
    left join snapshot_dates using (agency_code)
    left join agency_costs using (agency_code)
    left join latest_plans using (agency_code)
    where
        agencies.agency_code in (select agency_code from in_view)
        and (snapshot_dates.agency_code is not null or latest_plans.agency_code is not null)
    order by
        case agencies.kind
            when 'department' then 1 when 'police' then 2 when 'data_centre' then 3 else 4
        end,
        agencies.name
)

select * from final
