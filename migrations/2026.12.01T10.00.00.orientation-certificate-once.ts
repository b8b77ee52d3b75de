import type { Migration } from '../server/db/migrate';

// One orientation certificate per enrolment: a passed result issues it once, whatever races (ten concurrent
// "passed" results used to issue ten). Papers issued twice before this migration keep existing but only the first
// stays tied to its enrolment, so the index can be built.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    UPDATE papers p SET enrolment_id = NULL
    WHERE p.enrolment_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM papers q WHERE q.enrolment_id = p.enrolment_id AND q.id < p.id);
    CREATE UNIQUE INDEX papers_one_orientation_certificate ON papers (enrolment_id) WHERE enrolment_id IS NOT NULL;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query('DROP INDEX IF EXISTS papers_one_orientation_certificate');
};
