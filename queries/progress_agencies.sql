-- Progress of each agency in view as of a date: one row per agency (kind order, then name).
-- Its latest snapshot of each form with report_date <= $as_of and its baseline inventory snapshot
-- (db/schema.sql: inventory_rows, plans_as_of, migrations_as_of).
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Counts are integers
-- (standalone servers: a data centre's are 0); dates are report dates; warnings count messages.
with classified as (
    select * from inventory_rows($as_of, $agency_codes)
),

inventory_dates as (
    select
        agency_code,
        max(report_date) filter (where in_baseline) as baseline_date,
        max(report_date) filter (where in_latest) as inventory_date
    from classified
    group by agency_code
),

server_counts as (
    select
        agency_code,
        count(*) filter (where in_baseline and is_server and is_standalone) as servers_baseline,
        count(*) filter (
            where in_latest and is_server and is_standalone and is_remaining
        ) as servers_remaining,
        count(*) filter (where in_latest and is_server and is_standalone and is_done) as servers_done,
        count(*) filter (
            where in_latest and is_server and is_standalone and is_to_change
        ) as servers_to_change,
        count(*) filter (
            where in_latest and is_server and is_standalone and is_to_change and is_done
        ) as servers_changed,
        count(*) filter (
            where in_baseline and is_server and is_standalone and is_to_change and is_done
        ) as servers_changed_at_baseline
    from classified
    group by agency_code
),

latest_plans as (
    select
        agency_code,
        report_date as plan_date,
        plan_status
    from plans_as_of($as_of, $agency_codes)
),

system_counts as (
    select
        agency_code,
        max(report_date) as migration_date,
        count(*) as systems_total,
        count(*) filter (
            where stage in ('migrated', 'accepted', 'legacy_off')
        ) as systems_migrated
    from migrations_as_of($as_of, $agency_codes)
    group by agency_code
),

agency_uploads as (
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
        agencies.reports,
        inventory_dates.baseline_date,
        inventory_dates.inventory_date,
        coalesce(server_counts.servers_baseline, 0) as servers_baseline,
        coalesce(server_counts.servers_remaining, 0) as servers_remaining,
        coalesce(server_counts.servers_done, 0) as servers_done,
        coalesce(server_counts.servers_to_change, 0) as servers_to_change,
        coalesce(server_counts.servers_changed, 0) as servers_changed,
        coalesce(server_counts.servers_changed_at_baseline, 0) as servers_changed_at_baseline,
        latest_plans.plan_date,
        latest_plans.plan_status,
        system_counts.migration_date,
        coalesce(system_counts.systems_total, 0) as systems_total,
        coalesce(system_counts.systems_migrated, 0) as systems_migrated,
        -- the latest report of any form up to $as_of
        greatest(
            inventory_dates.inventory_date, latest_plans.plan_date, system_counts.migration_date
        ) as last_report_date,
        last_uploads.last_upload_file,
        last_uploads.last_upload_warnings
    from agencies_in_view($agency_codes) as agencies
    left join inventory_dates on agencies.agency_code = inventory_dates.agency_code
    left join server_counts on agencies.agency_code = server_counts.agency_code
    left join latest_plans on agencies.agency_code = latest_plans.agency_code
    left join system_counts on agencies.agency_code = system_counts.agency_code
    left join last_uploads on agencies.agency_code = last_uploads.agency_code
    order by
        case agencies.kind
            when 'department' then 1 when 'police' then 2 when 'data_centre' then 3 else 4
        end,
        agencies.name
)

select * from final
