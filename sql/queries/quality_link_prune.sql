-- Links the run no longer makes (their trainee is now unlinked) go.
DELETE FROM quality_person_link WHERE run_id <> $run_id;
