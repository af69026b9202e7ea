-- One agency's standalone servers at each of its inventory snapshots up to a date: one row per report date.
-- Parameters: $agency_code (varchar), $as_of (date). Counts of servers (integers); a data
-- centre's servers are not standalone, so its counts are 0 (the terms: db/schema.sql's is_server, is_standalone, …).
with classified as (
    select
        assets.report_date,
        is_server(assets.asset_type) and is_standalone(agencies.kind) as is_standalone_server,
        is_done(assets.status) as is_done,
        is_remaining(assets.status) as is_remaining,
        is_to_change(assets.plan) as is_to_change
    from assets
    inner join agencies on assets.agency_code = agencies.agency_code
    where assets.agency_code = $agency_code and assets.report_date <= cast($as_of as date)
),

final as (
    select
        report_date,
        count(*) filter (where is_standalone_server) as servers,
        count(*) filter (where is_standalone_server and is_remaining) as servers_remaining,
        count(*) filter (where is_standalone_server and is_done) as servers_done,
        count(*) filter (where is_standalone_server and is_to_change) as servers_to_change,
        count(*) filter (
            where is_standalone_server and is_to_change and is_done
        ) as servers_changed
    from classified
    group by report_date
    order by report_date
)

select * from final
