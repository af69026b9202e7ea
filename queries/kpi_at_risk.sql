-- Agencies behind the consolidation schedule as of a date: one row, agencies_at_risk (integer).
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency); $schedule_num, $schedule_den
-- (integers): the share of servers to change due by $as_of as an exact fraction.
-- The tests of spec/kpis.md are db/schema.sql's agency_risk, which the progress page reads too.
with agencies as (
    select at_risk
    from agency_risk($as_of, $agency_codes, $schedule_num, $schedule_den)
),

final as (
    select count(*) filter (where at_risk) as agencies_at_risk
    from agencies
)

select * from final
