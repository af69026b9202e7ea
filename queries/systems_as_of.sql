-- Information systems as of a date: one row per system of each agency's latest migration snapshot (Biểu 03) with report_date <= $as_of
-- (db/schema.sql: migrations_as_of), by agency name then system code; the systems page lists them, the progress page one agency's.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). Dates are the planned and done dates of the move;
-- booleans; security_level 1–5 or null; source_sheet and source_row where the row was read.
with final as (
    select
        migrations.agency_code,
        agencies.name as agency_name,
        agencies.kind,
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
    from migrations_as_of($as_of, $agency_codes) as migrations
    inner join agencies using (agency_code)
    order by agencies.name, migrations.system_code
)

select * from final
