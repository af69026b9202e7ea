-- Connection to the specialised data network (TSLCD) per required agency in view: one row per agency with reports = yes.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). tslcd_connected as its latest plan with report_date <= $as_of
-- (db/schema.sql: plans_as_of) says (false with no plan, as kpis.md counts it); plan_date null when the agency has sent no plan form.
with latest_plans as (
    select
        agency_code,
        report_date as plan_date,
        tslcd_connected
    from plans_as_of($as_of, $agency_codes)
),

final as (
    select
        agencies.agency_code,
        agencies.name,
        agencies.kind,
        latest_plans.plan_date,
        coalesce(latest_plans.tslcd_connected, false) as tslcd_connected
    from agencies_in_view($agency_codes) as agencies
    left join latest_plans using (agency_code)
    where agencies.reports
    order by
        case agencies.kind
            when 'department' then 1 when 'police' then 2 when 'data_centre' then 3 else 4
        end,
        agencies.name
)

select * from final
