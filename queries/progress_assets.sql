-- One agency's assets as of a date (its latest inventory snapshot up to $as_of,
-- db/schema.sql: assets_as_of): one row per asset.
-- Parameters: $agency_code (varchar), $as_of (date). CPU in cores, RAM in GB, storage in TB,
-- cost in VNĐ per year; plan null = no plan yet.
with final as (
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
    from assets_as_of($as_of, [$agency_code]) as assets
    order by assets.asset_type, assets.asset_code
)

select * from final
