-- The agencies the dashboard's filters keep: one row per agency, in agency group order then by name.
-- Parameters: $kinds, $provinces, $agency_codes (varchar[]; null = no filter on that field).
-- former_province is that of the commune where the agency sits (Bắc Ninh | Bắc Giang); the
-- $agency_codes filter is db/schema.sql's agencies_in_view, as in every other query (kept_by, agency_kind_rank).
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
        kept_by(kind, $kinds)
        and kept_by(former_province, $provinces)
    order by agency_kind_rank(kind), name
)

select * from final
