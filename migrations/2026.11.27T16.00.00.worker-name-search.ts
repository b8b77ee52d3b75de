import type { Migration } from '../server/db/migrate';

// Name search at a million workers: results are ordered by folded name, so the names whose FIRST word matches
// are read in order from a btree range (byte order, COLLATE "C"), and the names where a LATER word matches come
// from a GIN index on the later words alone. Each side is small or ordered; neither scans the whole table.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE workers ADD COLUMN later_words tsvector GENERATED ALWAYS AS (to_tsvector('simple',
      CASE WHEN position(' ' IN full_name_folded) > 0 THEN substring(full_name_folded FROM position(' ' IN full_name_folded) + 1) ELSE '' END)) STORED;
    CREATE INDEX workers_later_words ON workers USING gin (later_words);
    DROP INDEX IF EXISTS workers_name_order;
    CREATE INDEX workers_name_order ON workers ((full_name_folded COLLATE "C"), id);
    DROP INDEX IF EXISTS workers_commune;
    CREATE INDEX workers_commune ON workers (commune_code, (full_name_folded COLLATE "C"), id);
    DROP INDEX IF EXISTS workers_province;
    CREATE INDEX workers_province ON workers (province_code, (full_name_folded COLLATE "C"), id);
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS workers_later_words;
    ALTER TABLE workers DROP COLUMN IF EXISTS later_words;
    DROP INDEX IF EXISTS workers_name_order;
    CREATE INDEX workers_name_order ON workers (full_name_folded, id);
    DROP INDEX IF EXISTS workers_commune;
    CREATE INDEX workers_commune ON workers (commune_code, full_name_folded);
    DROP INDEX IF EXISTS workers_province;
    CREATE INDEX workers_province ON workers (province_code, full_name_folded);
  `);
};
