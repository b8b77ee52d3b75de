import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../server/shared/csv';
import { PolicySet, type PolicyRow } from '../../server/modules/policies';
import { addDays } from '../../server/shared/dates';
import { WorkingCalendar, type HolidayKind } from '../../server/shared/working-days';

/** The seeded policy values as a PolicySet at a date, without a database (ids are CSV line numbers). */
export function seededPolicies(date: string, extra: Partial<PolicyRow>[] = []): PolicySet {
  const rows = parseCsv(fs.readFileSync(path.resolve(__dirname, '../../seeders/data/policies.csv'), 'utf8')).map(
    (r, i): PolicyRow => ({
      id: i + 1,
      key: r.key,
      market: r.market || null,
      jobCategory: r.job_category || null,
      beneficiaryGroup: r.beneficiary_group || null,
      value: r.value,
      unit: r.unit,
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to || null,
      citation: r.citation,
      confirmed: r.confirmed === 'true',
      note: r.note || null,
    }),
  );
  // like addVersion: a newer version of the same value ends the one in force the day before it starts
  const added = extra.map((e, i) => ({ ...rows[0], id: 1000 + i, ...e }));
  for (const a of added) {
    for (const r of rows) {
      const same =
        r.key === a.key &&
        r.market === a.market &&
        r.jobCategory === a.jobCategory &&
        r.beneficiaryGroup === a.beneficiaryGroup;
      if (same && r.effectiveFrom < a.effectiveFrom && (r.effectiveTo === null || r.effectiveTo >= a.effectiveFrom))
        r.effectiveTo = addDays(a.effectiveFrom, -1);
    }
  }
  return new PolicySet(date, [...rows, ...added]);
}

/** The seeded holiday calendar (Tết, compensatory days, make-up Saturdays), without a database. */
export function seededCalendar(): WorkingCalendar {
  const rows = parseCsv(fs.readFileSync(path.resolve(__dirname, '../../seeders/data/vn-public-holidays.csv'), 'utf8'));
  return new WorkingCalendar(rows.map((r) => ({ date: r.date, kind: r.kind as HolidayKind })));
}
