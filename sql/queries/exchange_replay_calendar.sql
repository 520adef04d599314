-- The run calendar of the set-based recruitment exchange (domain 5.1): one
-- row per deanery and run date, numbered per deanery. xr_param holds the
-- mode and dates (one row, written by the caller). A deanery's runs are its
-- working days from its first recruitment go-live; its first run is the
-- go-live day, whose notifications go in a DNF (5.7).

-- step: replay
-- A history: every working day from each deanery's first go-live through
-- $through. The runs exchange_run already holds (an earlier replay, or
-- earlier days built one at a time) are facts; the days after a
-- deanery's last run are built, so a replay of a longer history continues
-- where the last one stopped.
CREATE OR REPLACE TEMP TABLE xr_run AS
WITH golive AS (
    SELECT deanery_code, min(recruitment_live_from) AS first_live
    FROM interface_pair WHERE recruitment_live_from IS NOT NULL GROUP BY ALL
),
done AS (
    SELECT deanery_code, max(run_date) AS last_run FROM exchange_run GROUP BY ALL
),
days AS (
    SELECT g.deanery_code, CAST(unnest(generate_series(CAST(g.first_live AS TIMESTAMP), CAST(p.through AS TIMESTAMP), INTERVAL 1 DAY)) AS DATE) AS run_date
    FROM golive g CROSS JOIN xr_param p
    WHERE g.first_live <= p.through
),
fresh AS (
    SELECT d.deanery_code, d.run_date FROM days d LEFT JOIN done USING (deanery_code)
    WHERE isodow(d.run_date) < 6 AND (done.last_run IS NULL OR d.run_date > done.last_run)
),
all_runs AS (
    SELECT deanery_code, run_date, false AS build FROM exchange_run
    UNION ALL
    SELECT deanery_code, run_date, true FROM fresh
)
SELECT deanery_code, run_date, CAST(row_number() OVER w AS INTEGER) AS run_no,
       run_date + INTERVAL 17 HOUR AS as_of, build
FROM all_runs
WINDOW w AS (PARTITION BY deanery_code ORDER BY run_date);

-- step: day
-- One run date ($run_date, optionally one deanery): the earlier runs held in
-- exchange_run are facts (their sends are in app_send and
-- notification_send); the new run is built for each deanery with a trust
-- live for recruitment that day and no run on or after it.
CREATE OR REPLACE TEMP TABLE xr_run AS
WITH fresh AS (
    SELECT d.deanery_code, p.run_date
    FROM deanery d CROSS JOIN xr_param p
    WHERE (p.deanery = '' OR d.deanery_code = p.deanery)
      AND EXISTS (SELECT 1 FROM interface_pair ip WHERE ip.deanery_code = d.deanery_code AND ip.recruitment_live_from <= p.run_date)
      AND NOT EXISTS (SELECT 1 FROM exchange_run r WHERE r.deanery_code = d.deanery_code AND r.run_date >= p.run_date)
),
days AS (
    SELECT deanery_code, run_date, false AS build FROM exchange_run WHERE deanery_code IN (SELECT deanery_code FROM fresh)
    UNION ALL
    SELECT deanery_code, run_date, true FROM fresh
)
SELECT deanery_code, run_date, CAST(row_number() OVER w AS INTEGER) AS run_no,
       run_date + INTERVAL 17 HOUR AS as_of, build
FROM days
WINDOW w AS (PARTITION BY deanery_code ORDER BY run_date);

-- step: neighbours
-- Each run with the run before and after it.
CREATE OR REPLACE TEMP TABLE xr_run AS
SELECT *, run_no = 1 AS dnf,
       lag(run_date) OVER w AS prev_date, lag(as_of) OVER w AS prev_as_of, lag(run_no = 1) OVER w AS prev_dnf,
       lead(as_of) OVER w AS next_as_of
FROM xr_run
WINDOW w AS (PARTITION BY deanery_code ORDER BY run_no);

-- step: build_runs
CREATE OR REPLACE TEMP TABLE xr_brun AS SELECT * FROM xr_run WHERE build;
