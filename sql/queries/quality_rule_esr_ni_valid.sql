-- rule: esr_ni_valid
-- category: validity
-- description: ESR persons (latest staff extract row) whose NI number breaks the HMRC format.
-- warn: count 1 percent 0.5
-- fail: percent 5
SELECT unnest(deanery_codes) AS deanery_code, CAST(esr_person_number AS VARCHAR) AS record_key,
       NOT valid_nino(ni_number) AS offending, 'niNumber ' || ni_number AS detail
FROM quality_person_key WHERE ni_number IS NOT NULL;
