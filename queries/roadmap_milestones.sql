-- The milestones of the provincial directive (data/milestones.csv): one row per milestone × indicator.
-- Parameters: none. due_date is a date; target is in the indicator's own unit (0–100 for percentages).
with milestone_rows as (
    select
        milestone_id,
        phase,
        due_date,
        title_vi,
        kpi,
        target
    from milestones
),

final as (
    select *
    from milestone_rows
    order by due_date, milestone_id, kpi
)

select * from final
