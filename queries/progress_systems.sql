-- One agency's systems as of a date (its latest migration snapshot up to $as_of,
-- db/schema.sql: migrations_as_of): one row per system.
-- Parameters: $agency_code (varchar), $as_of (date). Dates are planned and done dates of the move.
with final as (
    select
        migrations.report_date,
        migrations.system_code,
        migrations.system_name,
        migrations.source_asset_code,
        migrations.target,
        migrations.stage,
        migrations.planned_date,
        migrations.done_date,
        migrations.ndxp_connected,
        migrations.soc_monitored,
        migrations.security_level,
        migrations.source_sheet,
        migrations.source_row
    from migrations_as_of($as_of, [$agency_code]) as migrations
    order by migrations.system_code
)

select * from final
