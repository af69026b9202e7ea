-- Connection to the specialised data network (TSLCD) per required agency in view: one row per agency with reports = yes.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). tslcd_connected as its latest plan with report_date <= $as_of
-- (db/schema.sql: plans_as_of) says (false with no plan, as kpis.md counts it); plan_date null when the agency has sent no plan form.
with final as (
    select
        agencies.agency_code,
        agencies.name,
        agencies.kind,
        latest_plans.report_date as plan_date,
        coalesce(latest_plans.tslcd_connected, false) as tslcd_connected
    from agencies_in_view($agency_codes) as agencies
    left join plans_as_of($as_of, $agency_codes) as latest_plans
        on agencies.agency_code = latest_plans.agency_code
    where agencies.reports
    order by agency_kind_rank(agencies.kind), agencies.name
)

select * from final
