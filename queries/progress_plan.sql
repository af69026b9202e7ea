-- One agency's plan as of a date (its latest plan snapshot up to $as_of,
-- db/schema.sql: plans_as_of): one row, or none.
-- Parameters: $agency_code (varchar), $as_of (date). Server counts are integers; budget and
-- planned savings in VNĐ (savings per year).
with final as (
    select
        plans.report_date,
        plans.submitted_on,
        plans.plan_status,
        plans.servers_total,
        plans.servers_eliminate,
        plans.servers_consolidate,
        plans.servers_cloud,
        plans.servers_keep,
        plans.budget_vnd,
        plans.planned_savings_vnd,
        plans.tslcd_connected,
        plans.note,
        plans.source_sheet,
        plans.source_row
    from plans_as_of($as_of, [$agency_code]) as plans
)

select * from final
