-- Information systems as of a date by destination and stage: one row per target × stage of Biểu 03 (15 rows, zeros included), in form order.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). systems is a count; each agency's latest migration snapshot counts.
with in_view as (
    -- the agencies in view: all of them, or those the dashboard's filters chose
    select agency_code
    from agencies
    where
        cast($agency_codes as varchar[]) is null
        or list_contains(cast($agency_codes as varchar[]), agency_code)
),

latest_dates as (
    select
        agency_code,
        max(report_date) as report_date
    from migrations
    where
        report_date <= cast($as_of as date)
        and agency_code in (select agency_code from in_view)
    group by agency_code
),

counted as (
    select
        migrations.target,
        migrations.stage,
        count(*) as systems
    from migrations
    inner join latest_dates using (agency_code, report_date)
    group by migrations.target, migrations.stage
),

targets as (
    -- the destinations and stages of spec/forms.md, in its order
    select * from (
        values ('ttthdl', 1), ('cloud', 2), ('ndc', 3)
    ) as t (target, target_order)
),

stages as (
    select * from (
        values ('planned', 1), ('migrating', 2), ('migrated', 3), ('accepted', 4), ('legacy_off', 5)
    ) as s (stage, stage_order)
),

final as (
    select
        targets.target,
        stages.stage,
        coalesce(counted.systems, 0) as systems
    from targets
    cross join stages
    left join counted using (target, stage)
    order by targets.target_order, stages.stage_order
)

select * from final
