-- Plan indicators (Biểu 02) as of a date: one row; each agency's latest plan with report_date <= $as_of
-- (db/schema.sql: plans_as_of, is_plan_sent).
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Counts are integers (numerators over required_agencies);
-- planned_savings_vnd is VNĐ per year (double, blank counted as 0).
with latest_plans as (
    select *
    from plans_as_of($as_of, $agency_codes)
),

required_agencies as (
    -- every agency with reports = yes, whatever the date (spec/kpis.md "required agencies")
    select agency_code
    from agencies_in_view($agency_codes)
    where reports
),

required_with_plan as (
    select
        required_agencies.agency_code,
        latest_plans.plan_status,
        coalesce(latest_plans.tslcd_connected, false) as tslcd_connected
    from required_agencies
    left join latest_plans using (agency_code)
),

agency_counts as (
    select
        count(*) as required_agencies,
        count(*) filter (where is_plan_sent(plan_status)) as plans_submitted,
        count(*) filter (where plan_status = 'approved') as plans_approved,
        count(*) filter (where tslcd_connected) as tslcd_connected
    from required_with_plan
),

savings as (
    -- all agencies' latest plans, required or not: the province's planned savings
    -- an exact decimal sum, so the total does not depend on the order rows are added in
    select coalesce(sum(planned_savings_vnd::decimal(38, 6)), 0)::double as savings_planned_vnd
    from latest_plans
),

final as (
    select *
    from agency_counts
    cross join savings
)

select * from final
