import type { Migration } from '../server/db/migrate';

// Matching at the bench's scale (issue 21: 700,000 active job seekers, 100,000 open vacancies). The candidate set of a
// ranking is the union of disjoint range scans (the same level-3 group anywhere; the rest of the level-2 group in the
// province, as first or second choice), each read index-only from a covering partial index holding every column
// the points and the job seeker's own hard checks need; the single-purpose indexes that the planner OR-ed (then read
// the heap page of every candidate) go. Job seekers have one index per kind of branch (by group, by place): with
// one, a branch becomes a skip scan of hundreds of searches.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    -- the form's limit, kept by the database too: a title is carried in the covering index below
    ALTER TABLE vacancies ADD CONSTRAINT vacancies_title_length CHECK (char_length(title) <= 200);
    CREATE INDEX job_seekers_match_place ON job_seekers (occ2, province_1, province_2, occ3)
      INCLUDE (id, centre_id, worker_id, occupation_code, commune_1, commune_2, wage_code, experience, available_from,
               available_after_months, priority_groups, language_codes, status)
      WHERE status = 'active';
    CREATE INDEX job_seekers_match_group ON job_seekers (occ2, occ3, province_1, province_2)
      INCLUDE (id, centre_id, worker_id, occupation_code, commune_1, commune_2, wage_code, experience, available_from,
               available_after_months, priority_groups, language_codes, status)
      WHERE status = 'active';
    DROP INDEX job_seekers_occ2_p1, job_seekers_occ2_p2, job_seekers_occ3;
    CREATE INDEX vacancies_open_match ON vacancies (occ2, occ3, province_code)
      INCLUDE (id, centre_id, employer_id, state, number_to_hire, hired_count, deadline, occupation_code, commune_code,
               wage_code, general_education, technical_level, languages_required, priority_groups, title)
      WHERE state = 'open';
    DROP INDEX vacancies_open_occ2, vacancies_open_occ3;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE INDEX job_seekers_occ2_p1 ON job_seekers (occ2, province_1) WHERE status = 'active';
    CREATE INDEX job_seekers_occ2_p2 ON job_seekers (occ2, province_2) WHERE status = 'active';
    CREATE INDEX job_seekers_occ3 ON job_seekers (occ3) WHERE status = 'active';
    DROP INDEX job_seekers_match_place, job_seekers_match_group;
    CREATE INDEX vacancies_open_occ2 ON vacancies (occ2, province_code) WHERE state = 'open';
    CREATE INDEX vacancies_open_occ3 ON vacancies (occ3) WHERE state = 'open';
    DROP INDEX vacancies_open_match;
    ALTER TABLE vacancies DROP CONSTRAINT vacancies_title_length;
  `);
};
