-- SQLite keeps every table in one file: there are no schemas to create. This version exists so
-- that both dialects number the same change the same way.
SELECT 1;
