-- Security levels (cấp độ ATTT, 1–5) as of a date: one row per subject × level present, level null when blank.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). subject 'servers' = active servers of each agency's latest
-- inventory snapshot (data centres included), 'systems' = systems of its latest migration snapshot, both with report_date <= $as_of
-- (db/schema.sql: assets_as_of, migrations_as_of); count is an integer.
with levels as (
    select
        'servers' as subject,
        security_level
    from assets_as_of($as_of, $agency_codes)
    where
        is_server(asset_type)
        and status = 'active'
    union all
    select
        'systems' as subject,
        security_level
    from migrations_as_of($as_of, $agency_codes)
),

final as (
    select
        subject,
        security_level,
        count(*) as count
    from levels
    group by subject, security_level
    order by subject, security_level nulls last
)

select * from final
