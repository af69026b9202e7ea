-- Information systems as of a date by destination and stage: one row per target × stage of Biểu 03 (15 rows, zeros included), in form order.
-- Parameters: $as_of (date); $agency_codes (varchar[], null = every agency). systems is a count; each agency's latest migration snapshot counts
-- (db/schema.sql: migrations_as_of).
with counted as (
    select
        target,
        stage,
        count(*) as systems
    from migrations_as_of($as_of, $agency_codes)
    group by target, stage
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
