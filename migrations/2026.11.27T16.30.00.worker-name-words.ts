import type { Migration } from '../server/db/migrate';

// Name search, ordered by folded name, at a million workers (issue 4): one row per distinct word of each folded
// name, keyed (word, name, worker). For one word of q, every vocabulary word it begins is an equality range of
// that key already sorted by name, so PostgreSQL merges a few ordered streams and stops after a page; the other
// words of q are checked on the name held in the same index entry. This replaces the two tsvector columns and
// their GIN indexes: a GIN posting list for a common prefix ('nguyen:*', 'van:*') is read whole and visits the
// heap once per match, whatever the page size (15–60 ms per search at a million workers).
// Kept by a trigger on workers, so every way a name is written (API, seeders, SQL) keeps it true.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE worker_name_words (
      word text COLLATE "C" NOT NULL,
      full_name_folded text COLLATE "C" NOT NULL,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
      PRIMARY KEY (word, full_name_folded, worker_id)
    );
    CREATE INDEX worker_name_words_worker ON worker_name_words (worker_id);

    CREATE FUNCTION worker_name_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        DELETE FROM worker_name_words WHERE worker_id = OLD.id;
      END IF;
      INSERT INTO worker_name_words (word, full_name_folded, worker_id)
        SELECT DISTINCT w, NEW.full_name_folded, NEW.id FROM unnest(string_to_array(NEW.full_name_folded, ' ')) AS w WHERE w <> '';
      RETURN NULL;
    END $$;
    CREATE TRIGGER workers_name_words AFTER INSERT OR UPDATE OF full_name_folded ON workers
      FOR EACH ROW EXECUTE FUNCTION worker_name_words_sync();

    INSERT INTO worker_name_words (word, full_name_folded, worker_id)
      SELECT DISTINCT w, full_name_folded, id FROM workers, unnest(string_to_array(full_name_folded, ' ')) AS w WHERE w <> '';

    DROP INDEX IF EXISTS workers_later_words;
    ALTER TABLE workers DROP COLUMN IF EXISTS later_words;
    DROP INDEX IF EXISTS workers_name_words;
    ALTER TABLE workers DROP COLUMN IF EXISTS name_words;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE workers ADD COLUMN name_words tsvector GENERATED ALWAYS AS (to_tsvector('simple', full_name_folded)) STORED;
    CREATE INDEX workers_name_words ON workers USING gin (name_words);
    ALTER TABLE workers ADD COLUMN later_words tsvector GENERATED ALWAYS AS (to_tsvector('simple',
      CASE WHEN position(' ' IN full_name_folded) > 0 THEN substring(full_name_folded FROM position(' ' IN full_name_folded) + 1) ELSE '' END)) STORED;
    CREATE INDEX workers_later_words ON workers USING gin (later_words);
    DROP TRIGGER IF EXISTS workers_name_words ON workers;
    DROP FUNCTION IF EXISTS worker_name_words_sync();
    DROP TABLE IF EXISTS worker_name_words;
  `);
};
