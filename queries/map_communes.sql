-- The map: one row per commune or ward (all 99), the standalone servers and costs of the assets placed there
-- (assets.commune_code) as of a date. Parameters: $as_of (date); $agency_codes, $statuses, $asset_types (varchar[], null = all).
-- "As of" and "baseline" as in spec/kpis.md, per agency (db/schema.sql: inventory_measures, summed by commune);
-- counts are integers, money VNĐ per year (double), lat/lon degrees.
with per_commune as (
    -- the assets of each agency's baseline and latest snapshots that pass the page's asset filters
    select
        commune_code,
        sum(assets) as assets_placed,
        sum(servers_baseline) as servers_baseline,
        sum(servers_remaining) as servers_remaining,
        sum(servers_changed) as servers_changed,
        sum(servers_to_change) as servers_to_change,
        sum(remaining_cost_vnd)::double as cost_remaining_vnd,
        list(distinct agency_name order by agency_name) filter (
            where servers_remaining > 0
        ) as agencies_with_servers
    from inventory_measures($as_of, $agency_codes, $statuses, $asset_types, true)
    group by commune_code
),

final as (
    select
        communes.code,
        communes.name,
        -- twelve communes became wards on 20/09/2026: the type and name as they were on $as_of
        -- (full_name is that of 1/7/2025, "Xã Bố Hạ"; it is the type's word and the name)
        case
            when cast($as_of as date) < date '2026-09-20' then communes.full_name
            when communes.type_from_2026_09_20 = 'phuong' then 'Phường ' || communes.name
            else 'Xã ' || communes.name
        end as full_name,
        case
            when cast($as_of as date) >= date '2026-09-20' then communes.type_from_2026_09_20
            else communes.type
        end as commune_type,
        communes.former_province,
        -- DOUBLE, not DECIMAL: a decimal reaches pydeck as a JSON string and draws nothing
        cast(communes.lat as double) as lat,
        cast(communes.lon as double) as lon,
        coalesce(per_commune.assets_placed, 0)::integer as assets_placed,
        coalesce(per_commune.servers_baseline, 0)::integer as servers_baseline,
        coalesce(per_commune.servers_remaining, 0)::integer as servers_remaining,
        coalesce(per_commune.servers_changed, 0)::integer as servers_changed,
        coalesce(per_commune.servers_to_change, 0)::integer as servers_to_change,
        coalesce(per_commune.cost_remaining_vnd, 0)::double as cost_remaining_vnd,
        coalesce(per_commune.agencies_with_servers, []::varchar[]) as agencies_with_servers
    from communes
    left join per_commune on communes.code = per_commune.commune_code
    order by communes.code
)

select * from final
