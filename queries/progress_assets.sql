-- One agency's assets as of a date (its latest inventory snapshot up to $as_of): one row per asset.
-- Parameters: $agency_code (varchar), $as_of (date). CPU in cores, RAM in GB, storage in TB,
-- cost in VNĐ per year; plan null = no plan yet.
with latest as (
    select max(report_date) as report_date
    from assets
    where agency_code = $agency_code and report_date <= cast($as_of as date)
),

final as (
    select
        assets.report_date,
        assets.asset_code,
        assets.asset_type,
        assets.model,
        assets.commune_code,
        assets.cpu_cores,
        assets.ram_gb,
        assets.storage_tb,
        assets.utilization_pct,
        assets.annual_cost_vnd,
        assets.systems,
        assets.status,
        assets.plan,
        assets.target_date,
        assets.soc_monitored,
        assets.central_backup,
        assets.source_sheet,
        assets.source_row
    from assets
    inner join latest on assets.report_date = latest.report_date
    where assets.agency_code = $agency_code
    order by assets.asset_type, assets.asset_code
)

select * from final
