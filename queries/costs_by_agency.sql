-- Costs and savings per agency as of a date: one row per agency in view that has an inventory or a plan snapshot with report_date <= $as_of
-- (db/schema.sql: assets_baseline, assets_as_of, plans_as_of).
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Money in VNĐ per year (double), budget_vnd once;
-- the cost columns are null for a data centre (nothing of its is standalone) and for an agency with no inventory; the plan columns null with no plan.
with tariff as (
    -- one row whatever the table holds: a missing tariff prices that resource at 0
    select
        coalesce(max(vnd_per_year) filter (where resource = 'cpu_core'), 0) as per_cpu_core,
        coalesce(max(vnd_per_year) filter (where resource = 'ram_gb'), 0) as per_ram_gb,
        coalesce(max(vnd_per_year) filter (where resource = 'storage_tb'), 0) as per_storage_tb
    from tariffs
),

snapshot_rows as (
    -- the rows of each agency's baseline and latest snapshots, flagged; a row of both (an
    -- agency that reported once) comes twice, once per flag; each sum takes one flag
    select
        *,
        true as in_baseline,
        false as in_latest
    from assets_baseline($as_of, $agency_codes)
    union all
    select
        *,
        false as in_baseline,
        true as in_latest
    from assets_as_of($as_of, $agency_codes)
),

snapshot_dates as (
    select
        agency_code,
        max(report_date) filter (where in_baseline) as baseline_date,
        max(report_date) filter (where in_latest) as latest_date
    from snapshot_rows
    group by agency_code
),

classified as (
    select
        snapshot_rows.agency_code,
        snapshot_rows.in_baseline,
        snapshot_rows.in_latest,
        snapshot_rows.status,
        snapshot_rows.status in ('consolidated', 'cloud', 'decommissioned') as is_done,
        -- exact decimals, as kpi_inventory.sql sums them: the agencies add up to its totals
        coalesce(snapshot_rows.annual_cost_vnd, 0)::decimal(38, 6) as annual_cost_vnd,
        (
            coalesce(snapshot_rows.cpu_cores, 0) * tariff.per_cpu_core
            + coalesce(snapshot_rows.ram_gb, 0) * tariff.per_ram_gb
            + coalesce(snapshot_rows.storage_tb, 0) * tariff.per_storage_tb
        )::decimal(38, 6) as hosting_cost_vnd
    from snapshot_rows
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
