-- Progress of each agency in view as of a date: one row per agency (agency group order, then name).
-- Its latest snapshot of each form with report_date <= $as_of, its baseline inventory snapshot and the
-- tests of agencies_at_risk (db/schema.sql: agency_risk, which kpi_inventory.sql counts; agency_systems).
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency); $schedule_num, $schedule_den
-- (integers, the schedule's share due by $as_of). Counts are integers (standalone servers: a data
-- centre's are 0; null without an inventory snapshot); dates are report dates; warnings count messages.
with agency_uploads as (
    -- accepted uploads of a report date up to $as_of, one row per agency each touched
    select
        uploads.upload_id,
        uploads.uploaded_at,
        uploads.file_name,
        uploads.messages,
        unnest(uploads.agencies) as agency_code
    from uploads
    where uploads.status = 'loaded' and uploads.report_date <= cast($as_of as date)
),

last_uploads as (
    select
        agency_code,
        arg_max(file_name, (uploaded_at, upload_id)) as last_upload_file,
        arg_max(
            len(list_filter(
                messages,
                lambda m: m.level = 'warning' and m.agency_code = agency_uploads.agency_code
            )),
            (uploaded_at, upload_id)
        ) as last_upload_warnings
    from agency_uploads
    where agency_code in (select agency_code from agencies_in_view($agency_codes))
    group by agency_code
),

final as (
    select
        agencies.agency_code,
        agencies.name,
        agencies.kind,
        is_standalone(agencies.kind) as is_standalone,
        agencies.baseline_date,
        agencies.inventory_date,
        agencies.servers_baseline,
        agencies.servers_remaining,
        agencies.servers_done,
        agencies.servers_to_change,
        agencies.servers_changed,
        agencies.servers_changed_at_baseline,
        agencies.reported_this_half,
        agencies.plan_status,
        coalesce(systems.systems_total, 0) as systems_total,
        coalesce(systems.systems_migrated, 0) as systems_migrated,
        -- the latest report of any form up to $as_of
        greatest(
            agencies.inventory_date, agencies.plan_date, systems.migration_date
        ) as last_report_date,
        agencies.is_due,
        agencies.late_for_plan,
        agencies.late_for_inventory,
        agencies.late_for_schedule,
        agencies.at_risk,
        last_uploads.last_upload_file,
        last_uploads.last_upload_warnings
    from agency_risk($as_of, $agency_codes, $schedule_num, $schedule_den) as agencies
    left join agency_systems($as_of, $agency_codes) as systems
        on agencies.agency_code = systems.agency_code
    left join last_uploads on agencies.agency_code = last_uploads.agency_code
    order by agency_kind_rank(agencies.kind), agencies.name
)

select * from final
