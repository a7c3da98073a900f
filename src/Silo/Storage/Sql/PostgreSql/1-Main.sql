-- ZImageSweep's PostgreSQL schema for the Orleans ADO.NET providers, part 1: the query table.
-- Orleans reads the SQL of every operation from OrleansQuery by key (docs/platform.md#adonet-schema-scripts). Every script here is
-- idempotent (IF NOT EXISTS, upserted query text), so `zsweep db migrate` and silo starts can run it repeatedly.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);
