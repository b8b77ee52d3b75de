// The officers' dashboard of their area (a commune, a province; admins: the whole country): departures and returns
// per month, workers abroad by market, cases past the 180-day wait (R15), liquidations overdue (R20). Each chart has
// its numbers as a table, and the whole exports as XLSX. Residents are workers whose commune or province is the
// officer's (the workers module's view); deadlines come from the obligations table (scoped by the same columns).
import ExcelJS from 'exceljs';
import { select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { addMonths } from '../../shared/dates';
import { today } from '../../shared/clock';
import { ForbiddenError } from '../../shared/errors';
import { countryName, communeName, provinceName } from '../reference';
import { maskCccd } from '../../shared/cccd';

export interface AreaOverdue {
  caseId: number;
  workerName: string;
  cccdMasked: string;
  agencyName: string;
  dueOn: string;
}

export interface AreaSummary {
  area: string;
  months: { month: string; label: string; departures: number; returns: number }[];
  abroadByMarket: { market: string; label: string; workers: number }[];
  pastWaiting: { count: number; cases: AreaOverdue[] };
  liquidationOverdue: { count: number; cases: AreaOverdue[] };
}

/** The residents' filter on worker_directory (alias w) and on obligations (alias o); admins see everything. */
function areaOf(actor: Actor): { workers: string; obligations: string; values: unknown[]; name: string } {
  if (actor.role === 'commune_officer' && actor.communeCode)
    return {
      workers: 'w.commune_code = $1',
      obligations: 'o.commune_code = $1',
      values: [actor.communeCode],
      name: `${communeName(actor.communeCode)}, ${provinceName(actor.provinceCode)}`,
    };
  if (actor.role === 'province_officer' && actor.provinceCode)
    return {
      workers: 'w.province_code = $1',
      obligations: 'o.province_code = $1',
      values: [actor.provinceCode],
      name: provinceName(actor.provinceCode),
    };
  if (actor.role === 'admin') return { workers: 'TRUE', obligations: 'TRUE', values: [], name: 'Cả nước' };
  throw new ForbiddenError();
}

const monthLabel = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;

export async function areaSummary(actor: Actor): Promise<AreaSummary> {
  const area = areaOf(actor);
  const n = area.values.length;
  const on = today();
  const first = `${addMonths(`${on.slice(0, 7)}-01`, -11)}`;
  const [perMonth, markets] = await Promise.all([
    select<{ month: string; departures: number; returns: number }>(
      `SELECT m.month, count(*) FILTER (WHERE m.kind = 'd')::int AS departures, count(*) FILTER (WHERE m.kind = 'r')::int AS returns
       FROM (
         SELECT to_char(c.departed_on, 'YYYY-MM') AS month, 'd' AS kind FROM case_placements c JOIN worker_directory w ON w.id = c.worker_id
           WHERE c.departed_on >= $${n + 1} AND ${area.workers}
         UNION ALL
         SELECT to_char(c.returned_on, 'YYYY-MM'), 'r' FROM case_placements c JOIN worker_directory w ON w.id = c.worker_id
           WHERE c.returned_on >= $${n + 1} AND ${area.workers}
       ) m GROUP BY m.month`,
      [...area.values, first],
    ),
    select<{ market: string | null; workers: number }>(
      `SELECT o.destination_country AS market, count(*)::int AS workers
       FROM case_placements c JOIN worker_directory w ON w.id = c.worker_id JOIN job_order_terms o ON o.id = c.job_order_id
       WHERE c.state = 'departed' AND ${area.workers} GROUP BY o.destination_country ORDER BY workers DESC, market`,
      area.values,
    ),
  ]);
  const months = Array.from({ length: 12 }, (_, i) => addMonths(first, i).slice(0, 7)).map((month) => {
    const row = perMonth.find((r) => r.month === month);
    return { month, label: monthLabel(month), departures: row?.departures ?? 0, returns: row?.returns ?? 0 };
  });
  const overdue = async (rule: string) => {
    const [count] = await select<{ n: number }>(
      `SELECT count(*)::int AS n FROM obligations o
       WHERE o.subject_type = 'case' AND o.status = 'open' AND o.rule_id = $${n + 1} AND o.due_on < $${n + 2} AND ${area.obligations}`,
      [...area.values, rule, on],
    );
    const cases = await select<{ caseId: number; workerName: string; cccd: string; agencyName: string; dueOn: string }>(
      `SELECT o.subject_id::int AS "caseId", w.full_name AS "workerName", w.cccd, a.name AS "agencyName", o.due_on AS "dueOn"
       FROM obligations o JOIN case_placements c ON c.id = o.subject_id JOIN worker_directory w ON w.id = c.worker_id
       JOIN agency_directory a ON a.id = c.agency_id
       WHERE o.subject_type = 'case' AND o.status = 'open' AND o.rule_id = $${n + 1} AND o.due_on < $${n + 2} AND ${area.obligations}
       ORDER BY o.due_on, o.subject_id LIMIT 50`,
      [...area.values, rule, on],
    );
    return {
      count: count.n,
      cases: cases.map(({ cccd, ...r }) => ({ ...r, cccdMasked: maskCccd(cccd) })),
    };
  };
  return {
    area: area.name,
    months,
    abroadByMarket: markets.map((m) => ({
      market: m.market ?? '',
      label: m.market ? countryName(m.market) : 'Chưa rõ',
      workers: m.workers,
    })),
    pastWaiting: await overdue('R15'),
    liquidationOverdue: await overdue('R20'),
  };
}

/** The dashboard's tables as one workbook, a sheet each (the charts' numbers). */
export async function areaXlsx(actor: Actor): Promise<Buffer> {
  const s = await areaSummary(actor);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hành Trang';
  const sheet = (name: string, columns: { header: string; key: string; width: number }[], rows: object[]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = columns;
    ws.getRow(1).font = { bold: true };
    for (const r of rows) ws.addRow(r);
  };
  sheet(
    'Theo tháng',
    [
      { header: 'Tháng', key: 'label', width: 10 },
      { header: 'Xuất cảnh', key: 'departures', width: 12 },
      { header: 'Về nước', key: 'returns', width: 12 },
    ],
    s.months,
  );
  sheet(
    'Đang ở nước ngoài',
    [
      { header: 'Nước đến', key: 'label', width: 24 },
      { header: 'Số người lao động', key: 'workers', width: 18 },
    ],
    s.abroadByMarket,
  );
  const overdueColumns = [
    { header: 'Hồ sơ', key: 'caseId', width: 8 },
    { header: 'Người lao động', key: 'workerName', width: 28 },
    { header: 'CCCD', key: 'cccdMasked', width: 16 },
    { header: 'Doanh nghiệp', key: 'agencyName', width: 36 },
    { header: 'Hạn', key: 'due', width: 12 },
  ];
  const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  sheet(
    'Quá 180 ngày chờ (R15)',
    overdueColumns,
    s.pastWaiting.cases.map((c) => ({ ...c, due: dmy(c.dueOn) })),
  );
  sheet(
    'Quá hạn thanh lý (R20)',
    overdueColumns,
    s.liquidationOverdue.cases.map((c) => ({ ...c, due: dmy(c.dueOn) })),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
