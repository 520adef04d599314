-- rule: post_codes_valid
-- category: validity
-- description: Current posts whose DPN breaks the DPN format, or whose lead trust or site is not in the reference configuration.
-- warn: count 1
-- fail: percent 2
SELECT p.deanery_code, p.post_id AS record_key,
       NOT coalesce(regexp_full_match(upper(trim(p.dpn)), '[A-Z]{2,4}/[A-Z0-9]{1,10}/[A-Z0-9]{1,6}/[A-Z0-9()]{1,8}/[0-9]{3}(/[SMAP])?')
                    AND length(trim(p.dpn)) <= 30, false)
           OR t.trust_code IS NULL OR s.site_code IS NULL AS offending,
       'dpn ' || coalesce(p.dpn, '') || ', lead trust ' || coalesce(p.lead_trust_code, '') || ', site ' || coalesce(p.site_code, '') AS detail
FROM post p
LEFT JOIN trust t ON t.trust_code = p.lead_trust_code
LEFT JOIN site s ON s.site_code = p.site_code
WHERE p.status = 'CURRENT';
