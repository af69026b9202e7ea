-- Every upload, newest first, with its roll-back if any; an agency sees only uploads naming it.
-- Parameters: $agency_code (varchar or null for every agency), $limit (integer).
with final as (
    select
        uploads.upload_id,
        uploads.uploaded_at,
        uploads.uploaded_by,
        uploads.file_name,
        uploads.sha256,
        uploads.report_date,
        uploads.forms,
        uploads.agencies,
        uploads.rows_read,
        uploads.rows_loaded,
        uploads.status,
        uploads.error_count,
        uploads.warning_count,
        uploads.messages,
        rollbacks.rolled_back_at,
        rollbacks.rolled_back_by
    from uploads
    left join rollbacks using (upload_id)
    where $agency_code is null or list_contains(uploads.agencies, $agency_code)
    order by uploads.upload_id desc
    limit $limit
)

select * from final
