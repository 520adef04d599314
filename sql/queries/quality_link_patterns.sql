-- Comparison patterns of the pairs a blocking rule produced, with how many
-- pairs share each: the input of one expectation-maximisation session.
SELECT last_name_level, first_name_level, date_of_birth_level, gender_level, ni_number_level,
       gmc_number_level, email_level, postcode_level, address_line1_level, count(*) AS pairs
FROM quality_link_candidate
WHERE list_contains(rules, $rule)
GROUP BY ALL ORDER BY ALL;
