-- The snapshots held at one report date: one row per agency × form, with its row count.
-- Parameters: $as_of (date). upload_id: the upload that wrote the snapshot (one per snapshot).
with final as (
    select 'inventory' as form, agency_code, count(*) as rows, max(upload_id) as upload_id
    from assets
    where report_date = cast($as_of as date)
    group by agency_code
    union all
    select 'plans' as form, agency_code, count(*) as rows, max(upload_id) as upload_id
    from plans
    where report_date = cast($as_of as date)
    group by agency_code
    union all
    select 'migrations' as form, agency_code, count(*) as rows, max(upload_id) as upload_id
    from migrations
    where report_date = cast($as_of as date)
    group by agency_code
    order by form, agency_code
)

select * from final
