-- The passes of the set-based recruitment exchange (exchange/doc.go): a
-- build computes every run's sends at once and repeats its passes until
-- one changes nothing, since ESR's answers to the hub's own sends decide
-- later sends. Kept so that a reader sees how many passes a history took.

CREATE TABLE exchange_pass (
    build        INTEGER NOT NULL,
    built_at     TIMESTAMP NOT NULL,
    mode         VARCHAR NOT NULL,
    first_run    DATE,
    last_run     DATE,
    last_day     DATE,
    pass         INTEGER NOT NULL,
    sends        BIGINT NOT NULL,
    changed      BIGINT NOT NULL,
    first_change DATE,
    seconds      DOUBLE NOT NULL,
    PRIMARY KEY (build, pass)
);
COMMENT ON TABLE exchange_pass IS 'One row per pass of each set-based build of the recruitment exchange (exchange run, exchange recruitment): the APP records it computed for every run at once and how many sends, records held back by the cap and propagated trainee fields differed from the pass before; the last pass of a build changes nothing.';
COMMENT ON COLUMN exchange_pass.build IS 'The build, numbered from 1 in the order they ran.';
COMMENT ON COLUMN exchange_pass.built_at IS 'When the build ran (UTC): the built_at of its exchange_run rows.';
COMMENT ON COLUMN exchange_pass.mode IS 'REPLAY (a whole history, nothing sent before) or DAY (one run date, the earlier sends as facts).';
COMMENT ON COLUMN exchange_pass.first_run IS 'First run date the build computed.';
COMMENT ON COLUMN exchange_pass.last_run IS 'Last run date the build computed.';
COMMENT ON COLUMN exchange_pass.last_day IS 'REPLAY: the last day played, whose delivered files were taken in; a later replay of the same warehouse takes in only the days after it.';
COMMENT ON COLUMN exchange_pass.pass IS 'Pass number, from 1.';
COMMENT ON COLUMN exchange_pass.sends IS 'APP records (placement, position, run) of the pass''s send set.';
COMMENT ON COLUMN exchange_pass.changed IS 'Sends, held-back records and propagated fields that differ from the pass before (0 on the last pass).';
COMMENT ON COLUMN exchange_pass.first_change IS 'Earliest run date of a change; empty when nothing changed.';
COMMENT ON COLUMN exchange_pass.seconds IS 'Wall time of the pass.';
