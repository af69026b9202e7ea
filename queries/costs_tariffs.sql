-- The central hosting tariff that prices savings_realised_vnd: one row per resource (cpu_core, ram_gb, storage_tb).
-- No parameters. unit_vi is the Vietnamese unit ("nhân CPU"); vnd_per_year is VNĐ per unit per year.
with ordered as (
    select
        resource,
        unit_vi,
        vnd_per_year,
        case resource when 'cpu_core' then 1 when 'ram_gb' then 2 when 'storage_tb' then 3 else 4 end
            as resource_order
    from tariffs
),

final as (
    select
        resource,
        unit_vi,
        vnd_per_year
    from ordered
    order by resource_order, resource
)

select * from final
