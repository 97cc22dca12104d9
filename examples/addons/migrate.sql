-- The release phase's migration: runs before every release, so it must be safe to run again.
CREATE TABLE IF NOT EXISTS greetings (
  id serial PRIMARY KEY,
  body text NOT NULL
);
INSERT INTO greetings (body)
SELECT 'Hello from Postgres'
WHERE NOT EXISTS (SELECT 1 FROM greetings);
