// Synthetic occupation codes for tests and demos: the real levels 1–2 of Decision 34/2020 (seeders/data) plus
// invented levels 3–4, because the signed annex with the real levels 3–5 is not in the repository (DOMAIN.md §15.1).
// The version is named and flagged as synthetic (a "GIẢ LẬP" badge wherever it shows): never for real records.
import fs from 'node:fs';
import path from 'node:path';
import {
  activateOccupationVersion,
  checkOccupationCsv,
  importOccupationVersion,
  listOccupationVersions,
} from '../../server/modules/reference';
import { ConflictError } from '../../server/shared/errors';

export const SYNTHETIC_VERSION_NAME = 'GIẢ LẬP – không dùng thật';
const SYNTHETIC_SOURCE =
  'Cấp 1–2 theo Quyết định 34/2020/QĐ-TTg; cấp 3–4 sinh tự động để thử nghiệm, không có trong văn bản';

const DATA = path.resolve(__dirname, '../data/vn-occupations-2020.csv');

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The CSV of the synthetic version, the same every time: the real levels 1–2, then for every level-2 group G three
 * level-3 codes G1–G3 ("<G's name> – nhóm giả lập G1") and for each of those two level-4 codes ("… – nghề giả lập
 * G11", "G12").
 */
export function syntheticOccupationCsv(): string {
  const { rows, problems } = checkOccupationCsv(fs.readFileSync(DATA, 'utf8'));
  if (problems.length) throw new Error(`vn-occupations-2020.csv: ${problems.map((p) => p.message).join('; ')}`);
  const lines = ['code,level,name_vi,parent_code'];
  const real = [...rows].sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : 1));
  for (const r of real) lines.push([r.code, String(r.level), quote(r.nameVi), r.parentCode ?? ''].join(','));
  for (const g of real.filter((r) => r.level === 2)) {
    for (let i = 1; i <= 3; i += 1) {
      const group = `${g.code}${i}`;
      lines.push([group, '3', quote(`${g.nameVi} – nhóm giả lập ${group}`), g.code].join(','));
      for (let j = 1; j <= 2; j += 1) {
        const job = `${group}${j}`;
        lines.push([job, '4', quote(`${g.nameVi} – nghề giả lập ${job}`), group].join(','));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Loads the synthetic version (imported by the system, no user) when it is not there yet, and puts it in force when
 * asked; the version's id. Idempotent.
 */
export async function loadSyntheticOccupations({ activate }: { activate: boolean }): Promise<number> {
  const find = async () => (await listOccupationVersions()).find((v) => v.name === SYNTHETIC_VERSION_NAME);
  let version = await find();
  if (!version) {
    try {
      version = await importOccupationVersion(null, {
        name: SYNTHETIC_VERSION_NAME,
        source: SYNTHETIC_SOURCE,
        csv: syntheticOccupationCsv(),
        synthetic: true,
      });
    } catch (err) {
      // another process loaded it meanwhile
      if (!(err instanceof ConflictError)) throw err;
      version = await find();
      if (!version) throw err;
    }
  }
  if (activate && version.status !== 'active') await activateOccupationVersion(null, version.id);
  return version.id;
}
