-- Inventory indicators (Biểu 01) as of a date, and agencies_at_risk: one row. "As of" = each
-- agency's latest inventory snapshot with report_date <= $as_of; "baseline" = its first one
-- (db/schema.sql: agency_risk over agency_state, whose inventory measures are
-- inventory_measures'). Parameters: $as_of (date); $agency_codes (varchar[], null = every
-- agency); $schedule_num, $schedule_den (integers): the share of servers to change due by
-- $as_of as an exact fraction. One query for both, so the agencies' measures, the costly
-- part at national size, are worked out once.
-- Counts are integers; storage in TB; money in VNĐ per year (double; blanks count as 0).
with agencies as (
    select * from agency_risk($as_of, $agency_codes, $schedule_num, $schedule_den)
),

final as (
    select
        -- the assets of every agency in view, required or not
        coalesce(sum(servers_baseline), 0)::bigint as servers_baseline,
        coalesce(sum(servers_remaining), 0)::bigint as servers_remaining,
        coalesce(sum(servers_changed), 0)::bigint as servers_changed,
        coalesce(sum(servers_to_change), 0)::bigint as servers_to_change,
        coalesce(sum(storage_moved_tb), 0)::double as storage_moved_tb,
        coalesce(sum(servers_active_monitored), 0)::bigint as servers_active_monitored,
        coalesce(sum(servers_active), 0)::bigint as servers_active,
        coalesce(sum(assets_active_backed_up), 0)::bigint as assets_active_backed_up,
        coalesce(sum(assets_active), 0)::bigint as assets_active,
        coalesce(sum(baseline_cost_vnd), 0)::double as annual_cost_baseline_vnd,
        coalesce(sum(done_cost_vnd - hosting_cost_vnd), 0)::double as savings_realised_vnd,
        -- the required agencies (spec/kpis.md), whatever the date
        count(*) filter (where reports) as required_agencies,
        count(*) filter (where reports and reported_this_half) as reported_this_half,
        count(*) filter (where reports and consolidation_done) as agencies_done,
        count(*) filter (where at_risk) as agencies_at_risk
    from agencies
)

select * from final
