-- Costs and savings per agency as of a date: one row per agency in view that has an inventory or a plan snapshot with report_date <= $as_of
-- (db/schema.sql: agency_state, whose costs are inventory_measures', the same sums kpi_inventory.sql adds up).
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Money in VNĐ per year (double), budget_vnd once;
-- the cost columns are null for a data centre (nothing of its is standalone) and for an agency with no inventory; the plan columns null with no plan.
with agencies as (
    select * from agency_state($as_of, $agency_codes)
    where has_inventory or plan_date is not null
),

final as (
    select
        agency_code,
        name,
        kind,
        baseline_date,
        inventory_date,
        -- a data centre holds nothing standalone: its standalone cost is not 0 but not applicable
        case when is_standalone(kind) then baseline_cost_vnd::double end as baseline_cost_vnd,
        case when is_standalone(kind) then remaining_cost_vnd::double end as remaining_cost_vnd,
        case when is_standalone(kind) then done_cost_vnd::double end as done_cost_vnd,
        case when is_standalone(kind) then hosting_cost_vnd::double end as hosting_cost_vnd,
        case
            when is_standalone(kind) then (done_cost_vnd - hosting_cost_vnd)::double
        end as savings_realised_vnd,
        plan_date,
        plan_status,
        planned_savings_vnd,
        budget_vnd
    from agencies
    order by agency_kind_rank(kind), name
)

select * from final
