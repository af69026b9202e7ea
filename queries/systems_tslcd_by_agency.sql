-- Connection to the specialised data network (TSLCD) per required agency in view: one row per agency with reports = yes.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). tslcd_connected as its latest plan with report_date <= $as_of
-- (db/schema.sql: agency_state) says (false with no plan, as kpis.md counts it); plan_date null when the agency has sent no plan form.
with required_agencies as (
    select * from agency_state($as_of, $agency_codes)
    where reports
),

final as (
    select
        agency_code,
        name,
        kind,
        plan_date,
        coalesce(tslcd_connected, false) as tslcd_connected
    from required_agencies
    order by agency_kind_rank(kind), name
)

select * from final
