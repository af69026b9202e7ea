-- The assets placed in one commune or ward as of a date: one row per asset of each agency's latest inventory snapshot
-- (report_date <= $as_of, db/schema.sql: assets_as_of; kept_by, the page's list filters). Parameters: $as_of (date); $commune_code (varchar);
-- $agency_codes, $statuses, $asset_types (varchar[], null = all). Storage in TB, RAM in GB, money VNĐ per year;
-- plan null = no plan yet.
with final as (
    select
        assets.agency_code,
        agencies.name as agency_name,
        assets.report_date,
        assets.asset_code,
        assets.asset_type,
        assets.model,
        assets.cpu_cores,
        assets.ram_gb,
        assets.storage_tb,
        assets.annual_cost_vnd,
        assets.status,
        assets.plan,
        assets.target_date
    from assets_as_of($as_of, $agency_codes) as assets
    inner join agencies on assets.agency_code = agencies.agency_code
    where
        assets.commune_code = $commune_code
        and kept_by(assets.status, $statuses)
        and kept_by(assets.asset_type, $asset_types)
    order by agencies.name, assets.asset_code
)

select * from final
