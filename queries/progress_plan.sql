-- One agency's plan as of a date (its latest plan snapshot up to $as_of): one row, or none.
-- Parameters: $agency_code (varchar), $as_of (date). Server counts are integers; budget and
-- planned savings in VNĐ (savings per year).
with latest as (
    select max(report_date) as report_date
    from plans
    where agency_code = $agency_code and report_date <= cast($as_of as date)
),

final as (
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
    from plans
    inner join latest on plans.report_date = latest.report_date
    where plans.agency_code = $agency_code
)

select * from final
