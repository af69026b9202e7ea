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
    status varchar not null,           -- loaded | rejected | rolled_back
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

-- The write path (loaders/ingest.py). Every row of a form table names the upload that wrote
-- it (null in databases loaded before this column existed); the rows an upload replaced are
-- kept in <form>_replaced with the upload that replaced them, so a roll-back restores exactly
-- the snapshots it replaced. `by name` inserts keep these in step with their form table.
alter table assets add column if not exists upload_id integer;
alter table plans add column if not exists upload_id integer;
alter table migrations add column if not exists upload_id integer;
-- rows loaded before the column existed: the last accepted upload of their file and date
update assets set upload_id = (
    select max(upload_id) from uploads
    where uploads.sha256 = assets.source_sha256 and uploads.report_date = assets.report_date
) where upload_id is null;
update plans set upload_id = (
    select max(upload_id) from uploads
    where uploads.sha256 = plans.source_sha256 and uploads.report_date = plans.report_date
) where upload_id is null;
update migrations set upload_id = (
    select max(upload_id) from uploads
    where uploads.sha256 = migrations.source_sha256
        and uploads.report_date = migrations.report_date
) where upload_id is null;
create table if not exists assets_replaced as
    select *, cast(null as integer) as replaced_by from assets limit 0;
create table if not exists plans_replaced as
    select *, cast(null as integer) as replaced_by from plans limit 0;
create table if not exists migrations_replaced as
    select *, cast(null as integer) as replaced_by from migrations limit 0;

-- One row per roll-back: the upload it undid, when and by whom (the upload's status then
-- reads rolled_back), and the last upload logged before it (the order rebuild replays).
create table if not exists rollbacks (
    upload_id integer primary key,
    after_upload integer not null,
    rolled_back_at timestamp not null,
    rolled_back_by varchar not null,
    rows_removed integer not null,
    rows_restored integer not null
);

-- The reference files in force: one row per file of data/ (its SHA-256, when it was loaded,
-- how many rows), and every refresh logged.
create table if not exists reference_versions (
    file_name varchar primary key,
    sha256 varchar not null,
    loaded_at timestamp not null,
    row_count integer not null
);
create table if not exists reference_log (
    loaded_at timestamp not null,
    file_name varchar not null,
    sha256 varchar not null,
    row_count integer not null
);

-- Facts about the database itself, e.g. the SHA-256 of the schema.sql that last set it up.
create table if not exists db_meta (
    key varchar primary key,
    value varchar not null
);
-- Uploads from this number on kept the rows they replaced, so they can be rolled back; set
-- once, when the database first has the replaced-rows tables.
insert or ignore into db_meta
    select 'rollback_from_upload', cast(coalesce(max(upload_id), 0) + 1 as varchar) from uploads;

-- Local accounts (accounts/store.py): one row per account, never deleted (disabled instead, so
-- the uploads it made keep naming it). Only an argon2 hash of the password is kept. The
-- archive cannot rebuild this table: `rebuild` carries it over (db.KEPT_ACROSS_REBUILD).
create table if not exists users (
    name varchar primary key,
    role varchar not null,
    agency_code varchar,
    password_hash varchar not null,
    disabled boolean not null default false,
    created_at timestamp not null,
    created_by varchar not null,
    email varchar
);

-- Macros: the definitions of spec/kpis.md that the queries share, each written once here and
-- nowhere else (tests/queries/test_kpis.py checks that no query spells a term out again).
-- `create or replace` so that every read-write connect (db.ensure_schema) brings them up to
-- date. Parameters: as_of, a date (cast, so an ISO string works too); agency_codes, the
-- varchar[] of agencies the dashboard's filters keep, null = every agency.

-- The terms (spec/kpis.md "Terms"), one scalar macro each, e.g.
-- `select count(*) from assets_as_of('2026-11-15', null) where is_server(asset_type)`.
create or replace macro is_server(asset_type) as
    asset_type in ('physical_server', 'virtual_server');

-- A data centre's holdings are the province's, not an agency's own: nothing of it is standalone.
create or replace macro is_data_centre(kind) as kind = 'data_centre';

create or replace macro is_standalone(kind) as not is_data_centre(kind);

-- Still running where it was: what counts as remaining.
create or replace macro is_remaining(status) as status in ('active', 'idle');

create or replace macro is_done(status) as status in ('consolidated', 'cloud', 'decommissioned');

-- Moved to the provincial centre or the cloud: storage moved, and hosted at the tariff.
create or replace macro is_hosted(status) as status in ('consolidated', 'cloud');

-- A blank plan is "no plan yet", not a plan to change.
create or replace macro is_to_change(plan) as
    coalesce(plan in ('consolidate', 'cloud', 'eliminate'), false);

-- A plan sent in: submitted, sent back for revision, or approved (no plan: false).
create or replace macro is_plan_sent(plan_status) as
    coalesce(plan_status in ('submitted', 'revise', 'approved'), false);

create or replace macro is_migrated(stage) as stage in ('migrated', 'accepted', 'legacy_off');

-- The cloud or the National Data Center (cloud_share_pct).
create or replace macro is_in_cloud(target) as target in ('cloud', 'ndc');

-- `day` falls in the half-year of as_of: 1/1–30/6 or 1/7–31/12 of the same year (null: false).
create or replace macro in_half_year_of(day, as_of) as
    coalesce(
        year(day) = year(cast(as_of as date))
        and (month(day) <= 6) = (month(cast(as_of as date)) <= 6),
        false
    );

-- The order in which every page lists the agency groups: that of vocabulary.AGENCY_KINDS
-- (tests/db/test_schema.py keeps the two the same). `order by agency_kind_rank(kind), name`.
create or replace macro agency_kind_rank(kind) as
    list_position(['department', 'police', 'data_centre', 'commune'], kind);

-- A list filter of the dashboard: `chosen` (varchar[]) keeps `value`; null keeps everything.
create or replace macro kept_by(value, chosen) as
    cast(chosen as varchar[]) is null or list_contains(cast(chosen as varchar[]), value);

-- Table macros.

-- The agencies in view: every column of `agencies`, one row per agency the filters keep (all
-- of them when agency_codes is null). Every macro below narrows to these agencies, so an
-- indicator for a selection is the same definition applied to fewer agencies.
create or replace macro agencies_in_view(agency_codes) as table
    select *
    from agencies
    where kept_by(agency_code, agency_codes);

-- One snapshot of a form per agency in view: every row of `form_table` (assets, plans or
-- migrations) in its first (first_snapshot true) or latest snapshot with report_date <= as_of.
-- An agency with no snapshot of the form up to as_of has no row.
create or replace macro form_snapshot(form_table, as_of, agency_codes, first_snapshot) as table
    select *
    from query_table(form_table)
    semi join (
        select
            agency_code,
            case
                when first_snapshot then min(report_date) else max(report_date)
            end as report_date
        from query_table(form_table)
        where
            report_date <= cast(as_of as date)
            and agency_code in (select agency_code from agencies_in_view(agency_codes))
        group by agency_code
    ) as snapshot using (agency_code, report_date);

-- Inventory "as of" (spec/kpis.md): every row of `assets` in each agency in view's latest
-- inventory snapshot with report_date <= as_of. An agency with none has no row: not reported.
create or replace macro assets_as_of(as_of, agency_codes) as table
    select * from form_snapshot('assets', as_of, agency_codes, false);

-- The baseline (spec/kpis.md): every row of `assets` in each agency in view's first inventory
-- snapshot with report_date <= as_of (the current-state review), whatever the rows' status.
-- It has an agency exactly when assets_as_of has it; the two are the same snapshot when the
-- agency has reported the inventory once.
create or replace macro assets_baseline(as_of, agency_codes) as table
    select * from form_snapshot('assets', as_of, agency_codes, true);

-- Plans "as of": each agency in view's latest plan (Biểu 02, one row a snapshot) with
-- report_date <= as_of, every column of `plans`. An agency with none has no row: no plan.
create or replace macro plans_as_of(as_of, agency_codes) as table
    select * from form_snapshot('plans', as_of, agency_codes, false);

-- Systems "as of": every row of `migrations` in each agency in view's latest migration
-- snapshot (Biểu 03) with report_date <= as_of. An agency with none has no row.
create or replace macro migrations_as_of(as_of, agency_codes) as table
    select * from form_snapshot('migrations', as_of, agency_codes, false);

-- The inventory in groups: `assets` summed by everything the indicators tell apart, one row
-- per agency × report date × commune × asset_type × status × is_to_change(plan) ×
-- soc_monitored × central_backup, with the number of assets and the sums of their CPU cores,
-- RAM, storage and annual cost (blanks as 0; RAM, storage and money as exact decimals, since
-- a float sum depends on the order DuckDB's threads add in). The indicators read these groups,
-- a few dozen times fewer rows than `assets` at national size. Nothing here depends on the
-- reference tables (an agency's kind and the tariffs are applied when read), so the table
-- changes only with `assets`: the write path refreshes the groups of the agencies it writes
-- in the same transaction (db.refresh_inventory_groups), and db.ensure_schema rebuilds the
-- table whenever this definition changes.
create or replace macro inventory_groups_of(agency_codes) as table
    select
        agency_code,
        report_date,
        commune_code,
        asset_type,
        status,
        is_to_change(plan) as is_to_change,
        soc_monitored,
        central_backup,
        count(*) as assets,
        coalesce(sum(cpu_cores), 0)::bigint as cpu_cores,
        coalesce(sum(ram_gb::decimal(38, 6)), 0)::decimal(38, 6) as ram_gb,
        coalesce(sum(storage_tb::decimal(38, 6)), 0)::decimal(38, 6) as storage_tb,
        coalesce(sum(annual_cost_vnd::decimal(38, 6)), 0)::decimal(38, 6) as annual_cost_vnd
    from assets
    where kept_by(agency_code, agency_codes)
    group by all;

create table if not exists inventory_groups as select * from inventory_groups_of(null);

-- The inventory groups the indicators count, with the terms of spec/kpis.md as flags: the
-- groups of each agency in view's baseline and latest inventory snapshots as of as_of
-- (in_baseline, in_latest: both for an agency that reported once, its one snapshot being
-- both), its name and kind; is_server, is_standalone, is_remaining, is_done, is_hosted (and
-- is_to_change, a column of the groups); and each group's central hosting cost at the tariff
-- (a missing tariff prices it at 0). An agency with no inventory snapshot has no row.
create or replace macro inventory_snapshot_groups(as_of, agency_codes) as table
    with snapshots as (
        select
            agency_code,
            min(report_date) as baseline_date,
            max(report_date) as inventory_date
        from inventory_groups
        where
            report_date <= cast(as_of as date)
            and agency_code in (select agency_code from agencies_in_view(agency_codes))
        group by agency_code
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
        groups.*,
        groups.report_date = snapshots.baseline_date as in_baseline,
        groups.report_date = snapshots.inventory_date as in_latest,
        agencies.name as agency_name,
        agencies.kind as agency_kind,
        is_server(groups.asset_type) as is_server,
        is_standalone(agencies.kind) as is_standalone,
        is_remaining(groups.status) as is_remaining,
        is_done(groups.status) as is_done,
        is_hosted(groups.status) as is_hosted,
        (
            groups.cpu_cores * tariff.per_cpu_core
            + groups.ram_gb * tariff.per_ram_gb
            + groups.storage_tb * tariff.per_storage_tb
        )::decimal(38, 6) as hosting_cost_vnd
    from inventory_groups as groups
    inner join snapshots
        on
            groups.agency_code = snapshots.agency_code
            and groups.report_date in (snapshots.baseline_date, snapshots.inventory_date)
    inner join agencies on groups.agency_code = agencies.agency_code
    cross join tariff;

-- What the indicators count in the inventory: one row per agency in view with an inventory
-- snapshot, or with per_commune per agency × commune where its assets are placed
-- (assets.commune_code; null commune_code otherwise). A query sums these over what it groups
-- by (the province, an agency group, a commune), so every page counts with the same
-- definitions. Only the assets that the list filters statuses and asset_types keep
-- (varchar[], null = all). Counts of the latest snapshot unless named baseline; servers_*
-- from servers_baseline on are standalone; money in VNĐ per year and storage in TB, exact
-- decimal(38, 6): cast to double after summing.
create or replace macro inventory_measures(as_of, agency_codes, statuses, asset_types, per_commune)
as table
    select
        agency_code,
        agency_name,
        agency_kind,
        case when per_commune then commune_code end as commune_code,
        max(report_date) filter (where in_baseline) as baseline_date,
        max(report_date) filter (where in_latest) as inventory_date,
        -- numbers of assets: the sum of the groups' `assets` (0 where no group counts)
        coalesce(sum(assets) filter (where in_latest), 0)::bigint as assets,
        coalesce(sum(assets) filter (where in_latest and is_server), 0)::bigint as servers,
        coalesce(sum(assets) filter (
            where in_latest and is_server and is_remaining
        ), 0)::bigint as servers_running,
        coalesce(sum(annual_cost_vnd) filter (where in_latest and is_remaining), 0)
            as running_cost_vnd,
        coalesce(sum(assets) filter (
            where in_baseline and is_server and is_standalone
        ), 0)::bigint as servers_baseline,
        coalesce(sum(assets) filter (
            where in_latest and is_server and is_standalone and is_remaining
        ), 0)::bigint as servers_remaining,
        coalesce(sum(assets) filter (
            where in_latest and is_server and is_standalone and is_done
        ), 0)::bigint as servers_done,
        coalesce(sum(assets) filter (
            where in_latest and is_server and is_standalone and is_to_change
        ), 0)::bigint as servers_to_change,
        coalesce(sum(assets) filter (
            where in_latest and is_server and is_standalone and is_to_change and is_done
        ), 0)::bigint as servers_changed,
        coalesce(sum(assets) filter (
            where in_baseline and is_server and is_standalone and is_to_change and is_done
        ), 0)::bigint as servers_changed_at_baseline,
        -- security counts take every agency's assets, data centres included (kpis.md)
        coalesce(sum(assets) filter (
            where in_latest and is_server and status = 'active'
        ), 0)::bigint as servers_active,
        coalesce(sum(assets) filter (
            where in_latest and is_server and status = 'active' and soc_monitored
        ), 0)::bigint as servers_active_monitored,
        coalesce(sum(assets) filter (
            where in_latest and status = 'active'
        ), 0)::bigint as assets_active,
        coalesce(sum(assets) filter (
            where in_latest and status = 'active' and central_backup
        ), 0)::bigint as assets_active_backed_up,
        coalesce(sum(storage_tb) filter (
            where in_latest and is_standalone and is_hosted
        ), 0) as storage_moved_tb,
        coalesce(sum(annual_cost_vnd) filter (where in_baseline and is_standalone), 0)
            as baseline_cost_vnd,
        coalesce(sum(annual_cost_vnd) filter (
            where in_latest and is_standalone and is_remaining
        ), 0) as remaining_cost_vnd,
        coalesce(sum(annual_cost_vnd) filter (
            where in_latest and is_standalone and is_done
        ), 0) as done_cost_vnd,
        coalesce(sum(hosting_cost_vnd) filter (
            where in_latest and is_standalone and is_hosted
        ), 0) as hosting_cost_vnd
    from inventory_snapshot_groups(as_of, agency_codes)
    where kept_by(status, statuses) and kept_by(asset_type, asset_types)
    group by all;

-- Each agency in view's systems as of as_of: one row per agency with a migration snapshot
-- (migration_date, its report date), systems_total and systems_migrated.
create or replace macro agency_systems(as_of, agency_codes) as table
    select
        agency_code,
        max(report_date) as migration_date,
        count(*) as systems_total,
        count(*) filter (where is_migrated(stage)) as systems_migrated
    from migrations_as_of(as_of, agency_codes)
    group by agency_code;

-- Each agency in view as of as_of, one row each: every column of `agencies`; its inventory
-- (every column of inventory_measures: the dates of its baseline and latest snapshots and
-- its measures, null without an inventory snapshot, unknown rather than 0); has_inventory;
-- reported_this_half (its latest inventory in the half-year of as_of); consolidation_done
-- (agencies_done: not a data centre, reported, every server to change done); its latest plan
-- (plan_date, plan_status, has_plan: sent in, tslcd_connected, planned_savings_vnd,
-- budget_vnd; null without a plan). Its systems are agency_systems'.
create or replace macro agency_state(as_of, agency_codes) as table
    select
        agencies.*,
        inventory.* exclude (agency_code, agency_name, agency_kind, commune_code),
        inventory.agency_code is not null as has_inventory,
        in_half_year_of(inventory.inventory_date, as_of) as reported_this_half,
        coalesce(
            is_standalone(agencies.kind)
            and inventory.servers_changed = inventory.servers_to_change,
            false
        ) as consolidation_done,
        latest_plans.report_date as plan_date,
        latest_plans.plan_status,
        is_plan_sent(latest_plans.plan_status) as has_plan,
        latest_plans.tslcd_connected,
        latest_plans.planned_savings_vnd,
        latest_plans.budget_vnd
    from agencies_in_view(agency_codes) as agencies
    left join inventory_measures(as_of, agency_codes, null, null, false) as inventory
        on agencies.agency_code = inventory.agency_code
    left join plans_as_of(as_of, agency_codes) as latest_plans
        on agencies.agency_code = latest_plans.agency_code;

-- agency_state with the tests of agencies_at_risk (spec/kpis.md), as of as_of with the
-- straight-line schedule's share due by then as the exact fraction schedule_num /
-- schedule_den (queries.indicators.schedule_parameters). is_due: a required agency, once
-- the schedule has started (a share of 0, up to 31/03/2026, puts no agency at risk); then
-- late_for_plan (no plan sent in), late_for_inventory (no inventory snapshot),
-- late_for_schedule (its standalone servers changed ÷ to change below the share, compared by
-- cross-multiplication: nothing to change, a data centre's case, is never behind); at_risk:
-- any of the three.
create or replace macro agency_risk(as_of, agency_codes, schedule_num, schedule_den) as table
    select
        *,
        reports and schedule_num > 0 as is_due,
        is_due and not has_plan as late_for_plan,
        is_due and not has_inventory as late_for_inventory,
        is_due and coalesce(
            servers_changed * schedule_den < servers_to_change * schedule_num, false
        ) as late_for_schedule,
        late_for_plan or late_for_inventory or late_for_schedule as at_risk
    from agency_state(as_of, agency_codes);
