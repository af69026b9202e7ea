-- The report dates present in the data: one row per distinct report_date of any form, ascending.
-- No parameters. Dates (the snapshots' "ngày số liệu").
with all_dates as (
    select report_date from assets
    union
    select report_date from plans
    union
    select report_date from migrations
),

final as (
    select report_date
    from all_dates
    order by report_date
)

select * from final
