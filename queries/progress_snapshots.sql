-- One agency's snapshots up to a date and the upload each came from: one row per form × report date.
-- Parameters: $agency_code (varchar), $as_of (date). rows = rows of the form in the snapshot;
-- the upload is the earliest accepted one of that file (sha256), preferring one of that report date.
with snapshots as (
    select
        'inventory' as form,
        report_date,
        count(*) as rows,
        min(source_sha256) as source_sha256,
        min(source_sheet) as source_sheet
    from assets
    where agency_code = $agency_code and report_date <= cast($as_of as date)
    group by report_date
    union all
    select
        'plans' as form,
        report_date,
        count(*) as rows,
        min(source_sha256) as source_sha256,
        min(source_sheet) as source_sheet
    from plans
    where agency_code = $agency_code and report_date <= cast($as_of as date)
    group by report_date
    union all
    select
        'migrations' as form,
        report_date,
        count(*) as rows,
        min(source_sha256) as source_sha256,
        min(source_sheet) as source_sheet
    from migrations
    where agency_code = $agency_code and report_date <= cast($as_of as date)
    group by report_date
),

sources as (
    -- every accepted upload of each snapshot's file, the best match first
    select
        snapshots.form,
        snapshots.report_date,
        uploads.upload_id,
        uploads.file_name,
        uploads.uploaded_by,
        uploads.uploaded_at,
        row_number() over (
            partition by snapshots.form, snapshots.report_date
            order by
                uploads.report_date = snapshots.report_date desc,
                uploads.uploaded_at,
                uploads.upload_id
        ) as rank
    from snapshots
    inner join uploads
        on uploads.sha256 = snapshots.source_sha256 and uploads.status = 'loaded'
),

final as (
    select
        snapshots.form,
        snapshots.report_date,
        snapshots.rows,
        snapshots.source_sheet,
        snapshots.source_sha256,
        sources.upload_id,
        sources.file_name,
        sources.uploaded_by,
        sources.uploaded_at
    from snapshots
    left join sources
        on
            snapshots.form = sources.form
            and snapshots.report_date = sources.report_date
            and sources.rank = 1
    order by
        snapshots.report_date desc,
        case snapshots.form when 'inventory' then 1 when 'plans' then 2 else 3 end
)

select * from final
