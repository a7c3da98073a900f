-- ZImageSweep's SQLite schema for Orleans ADO.NET persistence, part 1 of 2: the query table.
-- Orleans reads the SQL of every operation from OrleansQuery by key (docs/platform.md#adonet-schema-scripts). Every statement here
-- is idempotent, so the script runs at each start.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
