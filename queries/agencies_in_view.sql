-- The agencies the dashboard's filters keep: one row per agency, ordered by kind then name.
-- Parameters: $kinds, $provinces, $agency_codes (varchar[]; null = no filter on that field).
-- former_province is that of the commune where the agency sits (Bắc Ninh | Bắc Giang); the
-- $agency_codes filter is db/schema.sql's agencies_in_view, as in every other query.
with agencies_placed as (
    select
        agencies.agency_code,
        agencies.name,
        agencies.kind,
        agencies.commune_code,
        agencies.reports,
        communes.former_province
    from agencies_in_view($agency_codes) as agencies
    left join communes on agencies.commune_code = communes.code
),

final as (
    select *
    from agencies_placed
    where
        (cast($kinds as varchar[]) is null or list_contains(cast($kinds as varchar[]), kind))
        and (
            cast($provinces as varchar[]) is null
            or list_contains(cast($provinces as varchar[]), former_province)
        )
    order by
        case kind
            when 'department' then 1 when 'police' then 2 when 'data_centre' then 3 else 4
        end,
        name
)

select * from final
