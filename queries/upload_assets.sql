-- Each agency's assets in force as of a date (its latest Biểu 01 snapshot up to it), with status.
-- Parameters: $as_of (date), $agency_codes (varchar[] or null for all).
with final as (
    select agency_code, asset_code, status
    from assets_as_of(cast($as_of as date), $agency_codes)
    order by agency_code, asset_code
)

select * from final
