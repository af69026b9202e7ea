-- Progress of each agency in view as of a date: one row per agency (kind order, then name).
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Counts are integers
-- (standalone servers: a data centre's are 0); dates are report dates; warnings count messages.
with in_view as (
    -- the agencies in view: all of them, or those the dashboard's filters chose
    select agency_code
    from agencies
    where
        cast($agency_codes as varchar[]) is null
        or list_contains(cast($agency_codes as varchar[]), agency_code)
),

inventory_dates as (
    select
        agency_code,
        min(report_date) as baseline_date,
        max(report_date) as inventory_date
    from assets
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from in_view)
    group by agency_code
),

classified as (
    -- the rows of each agency's baseline and latest inventory snapshots
    select
        assets.agency_code,
        assets.report_date = inventory_dates.baseline_date as in_baseline,
        assets.report_date = inventory_dates.inventory_date as in_latest,
        assets.asset_type in ('physical_server', 'virtual_server')
        and agencies.kind <> 'data_centre' as is_standalone_server,
        assets.status in ('consolidated', 'cloud', 'decommissioned') as is_done,
        assets.status in ('active', 'idle') as is_remaining,
        -- a blank plan is "no plan yet", not a plan to change
        coalesce(assets.plan in ('consolidate', 'cloud', 'eliminate'), false) as is_to_change
    from assets
    inner join inventory_dates
        on
            assets.agency_code = inventory_dates.agency_code
            and assets.report_date
            in (inventory_dates.baseline_date, inventory_dates.inventory_date)
    inner join agencies on assets.agency_code = agencies.agency_code
),

server_counts as (
    select
        agency_code,
        count(*) filter (where in_baseline and is_standalone_server) as servers_baseline,
        count(*) filter (
            where in_latest and is_standalone_server and is_remaining
        ) as servers_remaining,
        count(*) filter (where in_latest and is_standalone_server and is_done) as servers_done,
        count(*) filter (
            where in_latest and is_standalone_server and is_to_change
        ) as servers_to_change,
        count(*) filter (
            where in_latest and is_standalone_server and is_to_change and is_done
        ) as servers_changed,
        count(*) filter (
            where in_baseline and is_standalone_server and is_to_change and is_done
        ) as servers_changed_at_baseline
    from classified
    group by agency_code
),

plan_dates as (
    select
        agency_code,
        max(report_date) as plan_date
    from plans
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from in_view)
    group by agency_code
),

latest_plans as (
    select
        plans.agency_code,
        plans.report_date as plan_date,
        plans.plan_status
    from plans
    inner join plan_dates
        on plans.agency_code = plan_dates.agency_code and plans.report_date = plan_dates.plan_date
),

migration_dates as (
    select
        agency_code,
        max(report_date) as migration_date
    from migrations
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from in_view)
    group by agency_code
),

system_counts as (
    select
        migrations.agency_code,
        max(migrations.report_date) as migration_date,
        count(*) as systems_total,
        count(*) filter (
            where migrations.stage in ('migrated', 'accepted', 'legacy_off')
        ) as systems_migrated
    from migrations
    inner join migration_dates
        on
            migrations.agency_code = migration_dates.agency_code
            and migrations.report_date = migration_dates.migration_date
    group by migrations.agency_code
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
    where agency_code in (select agency_code from in_view)
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
    from agencies
    left join inventory_dates on agencies.agency_code = inventory_dates.agency_code
    left join server_counts on agencies.agency_code = server_counts.agency_code
    left join latest_plans on agencies.agency_code = latest_plans.agency_code
    left join system_counts on agencies.agency_code = system_counts.agency_code
    left join last_uploads on agencies.agency_code = last_uploads.agency_code
    where agencies.agency_code in (select agency_code from in_view)
    order by
        case agencies.kind
            when 'department' then 1 when 'police' then 2 when 'data_centre' then 3 else 4
        end,
        agencies.name
)

select * from final
