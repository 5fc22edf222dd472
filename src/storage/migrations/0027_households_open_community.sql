-- The open households of each community (plan indicator B1a's denominator, the facility
-- standards): counted from an index of their own instead of the whole table (bench/indicators:
-- 0.59 s → 0.15 s for the city's 1.6 million households on SQLite).
CREATE INDEX households_open_community ON households (community_code) WHERE until IS NULL;
