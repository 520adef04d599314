SELECT (SELECT count(*) FROM deanery) AS deaneries, (SELECT count(*) FROM trust) AS trusts, (SELECT count(*) FROM site) AS sites;
SELECT count(*) AS scratch_tables FROM duckdb_tables() WHERE table_name = 'scratch';
