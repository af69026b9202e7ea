-- Central security monitoring (SOC) and central backup per agency as of a date: one row per agency in view with an inventory snapshot.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Counts (integers) of its latest inventory snapshot with
-- report_date <= $as_of (db/schema.sql: inventory_measures), data centres included: the numerators and denominators of
-- soc_monitored_pct and backup_central_pct.
with reported_agencies as (
    select * from inventory_measures($as_of, $agency_codes, null, null, false)
),

final as (
    select
        agency_code,
        agency_name as name,
        agency_kind as kind,
        inventory_date,
        servers_active,
        servers_active_monitored,
        assets_active,
        assets_active_backed_up
    from reported_agencies
    order by agency_kind_rank(kind), name
)

select * from final
