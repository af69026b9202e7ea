-- The most recent accepted upload: one row (none when nothing was ever loaded).
-- No parameters. uploaded_at is the server's local time; report_date the snapshot date it loaded.
with accepted as (
    select
        upload_id,
        uploaded_at,
        uploaded_by,
        file_name,
        report_date
    from uploads
    where status = 'loaded'
),

final as (
    select *
    from accepted
    order by uploaded_at desc, upload_id desc
    limit 1
)

select * from final
