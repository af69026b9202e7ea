-- The database: reference tables (refreshed from data/*.csv), one table per form, the upload log.
-- Form tables hold one row per form row; a snapshot is (agency_code, report_date) of one form.
-- Column names are the `name` column of spec/forms.md. Money in VNĐ, storage in TB, RAM in GB.

create table if not exists communes (
    code varchar primary key,          -- official five-digit code, e.g. '07210'
    name varchar not null,
    full_name varchar not null,        -- 'Phường Bắc Giang'
    type varchar not null,             -- xa | phuong (from 1/7/2025)
    type_from_2026_09_20 varchar not null,
    former_province varchar not null,  -- Bắc Ninh | Bắc Giang (before the 2025 merger)
    former_districts varchar,
    lat double,
    lon double,
    area_km2 double,
    population integer
);

create table if not exists agencies (
    agency_code varchar primary key,
    name varchar not null,
    kind varchar not null,             -- department | police | data_centre | commune
    commune_code varchar,              -- where the agency sits
    reports boolean not null           -- a required agency (spec/kpis.md)
);

create table if not exists tariffs (
    resource varchar primary key,      -- cpu_core | ram_gb | storage_tb
    unit_vi varchar not null,
    vnd_per_year double not null
);

create table if not exists milestones (
    milestone_id varchar not null,
    phase varchar not null,
    due_date date not null,
    title_vi varchar not null,
    kpi varchar not null,
    target double not null
);

create sequence if not exists upload_id_seq start 1;

create table if not exists uploads (
    upload_id integer primary key default nextval('upload_id_seq'),
    uploaded_at timestamp not null,
    uploaded_by varchar not null,
    file_name varchar not null,
    sha256 varchar,                    -- null when the file could not even be read
    size_bytes bigint not null,
    report_date date not null,         -- the report date chosen at upload
    forms varchar[] not null,          -- inventory, plans, migrations found in the file
    agencies varchar[] not null,       -- agencies whose snapshots the file holds
    rows_read integer not null,
    rows_loaded integer not null,
    status varchar not null,           -- loaded | rejected
    error_count integer not null,
    warning_count integer not null,
    -- every error and warning, kept with the upload so DST can send them back to the agency;
    -- "row" is the row number as Excel shows it, "column" the header as written in the file
    messages struct(
        level varchar, agency_code varchar, sheet varchar, "row" integer,
        "column" varchar, value varchar, message varchar
    )[] not null
);

create table if not exists assets (
    agency_code varchar not null,
    report_date date not null,
    asset_code varchar not null,
    asset_type varchar not null,
    model varchar,
    year_in_service integer,
    commune_code varchar not null,
    cpu_cores integer,
    ram_gb double,
    storage_tb double,
    utilization_pct double,
    annual_cost_vnd double,
    systems varchar,
    security_level integer,
    soc_monitored boolean not null,
    central_backup boolean not null,
    status varchar not null,
    plan varchar,                      -- null: no plan yet (chưa có phương án)
    target_date date,
    note varchar,
    source_sha256 varchar not null,    -- the archived workbook this row came from
    source_sheet varchar not null,
    source_row integer not null
    -- (agency_code, report_date, asset_code) is unique: the loader checks it before writing
    -- (an index would cost a third of the load time of a 100,000-row workbook)
);

create table if not exists plans (
    agency_code varchar not null,
    report_date date not null,
    submitted_on date,
    plan_status varchar not null,
    servers_total integer not null,
    servers_eliminate integer not null,
    servers_consolidate integer not null,
    servers_cloud integer not null,
    servers_keep integer not null,
    budget_vnd double,
    planned_savings_vnd double,
    tslcd_connected boolean not null,
    note varchar,
    source_sha256 varchar not null,
    source_sheet varchar not null,
    source_row integer not null
    -- (agency_code, report_date) is unique: the loader checks it before writing
);

create table if not exists migrations (
    agency_code varchar not null,
    report_date date not null,
    system_code varchar not null,
    system_name varchar not null,
    source_asset_code varchar,
    target varchar not null,
    stage varchar not null,
    planned_date date,
    done_date date,
    ndxp_connected boolean not null,
    soc_monitored boolean not null,
    security_level integer,
    note varchar,
    source_sha256 varchar not null,
    source_sheet varchar not null,
    source_row integer not null
    -- (agency_code, report_date, system_code) is unique: the loader checks it before writing
);

-- Table macros: the definitions of spec/kpis.md that the queries share, written once here.
-- `create or replace` so that every read-write connect (db.ensure_schema) brings them up to
-- date. Parameters: as_of, a date (cast, so an ISO string works too); agency_codes, the
-- varchar[] of agencies the dashboard's filters keep, null = every agency.

-- The agencies in view: every column of `agencies`, one row per agency the filters keep (all
-- of them when agency_codes is null). Every macro below narrows to these agencies, so an
-- indicator for a selection is the same definition applied to fewer agencies.
create or replace macro agencies_in_view(agency_codes) as table
    select *
    from agencies
    where
        cast(agency_codes as varchar[]) is null
        or list_contains(cast(agency_codes as varchar[]), agency_code);

-- Inventory "as of" (spec/kpis.md): every row of `assets` in each agency in view's latest
-- inventory snapshot with report_date <= as_of. An agency with none has no row: not reported.
create or replace macro assets_as_of(as_of, agency_codes) as table
    select *
    from assets
    semi join (
        select
            agency_code,
            max(report_date) as report_date
        from assets
        where
            report_date <= cast(as_of as date)
            and agency_code in (select agency_code from agencies_in_view(agency_codes))
        group by agency_code
    ) as latest_inventory using (agency_code, report_date);

-- The baseline (spec/kpis.md): every row of `assets` in each agency in view's first inventory
-- snapshot with report_date <= as_of (the current-state review), whatever the rows' status.
-- It has an agency exactly when assets_as_of has it; the two are the same snapshot when the
-- agency has reported the inventory once.
create or replace macro assets_baseline(as_of, agency_codes) as table
    select *
    from assets
    semi join (
        select
            agency_code,
            min(report_date) as report_date
        from assets
        where
            report_date <= cast(as_of as date)
            and agency_code in (select agency_code from agencies_in_view(agency_codes))
        group by agency_code
    ) as first_inventory using (agency_code, report_date);

-- Plans "as of": each agency in view's latest plan (Biểu 02, one row a snapshot) with
-- report_date <= as_of, every column of `plans`. An agency with none has no row: no plan.
create or replace macro plans_as_of(as_of, agency_codes) as table
    select *
    from plans
    semi join (
        select
            agency_code,
            max(report_date) as report_date
        from plans
        where
            report_date <= cast(as_of as date)
            and agency_code in (select agency_code from agencies_in_view(agency_codes))
        group by agency_code
    ) as latest_plan using (agency_code, report_date);

-- Systems "as of": every row of `migrations` in each agency in view's latest migration
-- snapshot (Biểu 03) with report_date <= as_of. An agency with none has no row.
create or replace macro migrations_as_of(as_of, agency_codes) as table
    select *
    from migrations
    semi join (
        select
            agency_code,
            max(report_date) as report_date
        from migrations
        where
            report_date <= cast(as_of as date)
            and agency_code in (select agency_code from agencies_in_view(agency_codes))
        group by agency_code
    ) as latest_migrations using (agency_code, report_date);

-- The inventory rows the indicators count, with the terms of spec/kpis.md as flags: the rows
-- of each agency in view's baseline and latest snapshots as of as_of (an agency that reported
-- once has its rows twice, once flagged in_baseline and once in_latest: each count takes one
-- flag); is_server, is_standalone (not a data centre's), is_remaining (active or idle),
-- is_done, is_to_change (a blank plan is "no plan yet", not a plan to change); money and
-- storage as exact decimals (a float sum depends on the order DuckDB's threads add in), and
-- each asset's central hosting cost at the tariff (a missing tariff prices it at 0).
create or replace macro inventory_rows(as_of, agency_codes) as table
    with snapshot_rows as (
        select
            *,
            true as in_baseline,
            false as in_latest
        from assets_baseline(as_of, agency_codes)
        union all
        select
            *,
            false as in_baseline,
            true as in_latest
        from assets_as_of(as_of, agency_codes)
    ),

    tariff as (
        select
            coalesce(max(vnd_per_year) filter (where resource = 'cpu_core'), 0) as per_cpu_core,
            coalesce(max(vnd_per_year) filter (where resource = 'ram_gb'), 0) as per_ram_gb,
            coalesce(max(vnd_per_year) filter (where resource = 'storage_tb'), 0)
                as per_storage_tb
        from tariffs
    )

    select
        snapshot_rows.*,
        agencies.name as agency_name,
        agencies.kind as agency_kind,
        snapshot_rows.asset_type in ('physical_server', 'virtual_server') as is_server,
        agencies.kind <> 'data_centre' as is_standalone,
        snapshot_rows.status in ('active', 'idle') as is_remaining,
        snapshot_rows.status in ('consolidated', 'cloud', 'decommissioned') as is_done,
        coalesce(snapshot_rows.plan in ('consolidate', 'cloud', 'eliminate'), false)
            as is_to_change,
        coalesce(snapshot_rows.storage_tb, 0)::decimal(38, 6) as storage_tb_exact,
        coalesce(snapshot_rows.annual_cost_vnd, 0)::decimal(38, 6) as annual_cost_exact,
        (
            coalesce(snapshot_rows.cpu_cores, 0) * tariff.per_cpu_core
            + coalesce(snapshot_rows.ram_gb, 0) * tariff.per_ram_gb
            + coalesce(snapshot_rows.storage_tb, 0) * tariff.per_storage_tb
        )::decimal(38, 6) as hosting_cost_exact
    from snapshot_rows
    inner join agencies on snapshot_rows.agency_code = agencies.agency_code
    cross join tariff;
