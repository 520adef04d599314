-- The person record score: agreeing / compared details.
UPDATE quality_person_score SET score = agree / compared WHERE linked AND compared > 0;
