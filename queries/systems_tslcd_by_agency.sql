-- Connection to the specialised data network (TSLCD) per required agency in view: one row per agency with reports = yes.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). tslcd_connected as its latest plan with report_date <= $as_of
-- says (false with no plan, as kpis.md counts it); plan_date null when the agency has sent no plan form.
with in_view as (
    -- the agencies in view: all of them, or those the dashboard's filters chose
    select agency_code
    from agencies
    where
        cast($agency_codes as varchar[]) is null
        or list_contains(cast($agency_codes as varchar[]), agency_code)
),

latest_dates as (
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
        plans.tslcd_connected
    from plans
    inner join latest_dates using (agency_code, report_date)
),

final as (
    select
        agencies.agency_code,
        agencies.name,
        agencies.kind,
        latest_plans.plan_date,
        coalesce(latest_plans.tslcd_connected, false) as tslcd_connected
    from agencies
    left join latest_plans using (agency_code)
    where agencies.reports and agencies.agency_code in (select agency_code from in_view)
    order by
        case agencies.kind
            when 'department' then 1 when 'police' then 2 when 'data_centre' then 3 else 4
        end,
        agencies.name
)

select * from final
