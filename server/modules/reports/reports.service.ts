// R17: the departure list the agency uses to update the worker database within 5 days of each departure.
import ExcelJS from 'exceljs';
import { select } from '../../db/sql';
import { caseScopeSql, recordDatabaseUpdate } from '../cases';
import { policiesAt } from '../policies';
import { workingCalendar } from '../reference';
import { addDays, daysBetween } from '../../shared/dates';
import { ValidationError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { recordAccess } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { today } from '../../shared/clock';

export interface DepartureRow {
  caseId: number;
  workerName: string;
  cccd: string;
  dateOfBirth: string;
  sex: string;
  departedOn: string;
  flight: string | null;
  destination: string | null;
  country: string | null;
  employerName: string | null;
  jobTitle: string | null;
  contractStartOn: string | null;
  contractEndOn: string | null;
  reportDueOn: string;
  /** the last worker-database update the agency confirmed for this case (R17), if any */
  databaseUpdatedOn: string | null;
  overdue: boolean;
  overrideReason: string | null;
}

/**
 * Departures in [from, to] within the actor's case scope (an agency its own; an admin all, or the agency given). The
 * scope is the cases module's one filter and fails closed: a role without a scope rule gets no row.
 */
export async function departures(
  actor: Actor,
  q: { from: string; to: string; agencyId?: number },
): Promise<DepartureRow[]> {
  const scope = caseScopeSql(actor, actor.role === 'admin' && q.agencyId ? { agencyId: q.agencyId } : {});
  const rows = await select<Omit<DepartureRow, 'reportDueOn' | 'overdue'>>(
    `SELECT "Case".id::int AS "caseId", w.full_name AS "workerName", w.cccd, w.date_of_birth AS "dateOfBirth", w.sex, "Case".departed_on AS "departedOn",
            "Case".flight, "Case".destination, o.destination_country AS country, o.employer_name AS "employerName", o.job_title AS "jobTitle",
            "Case".labour_contract_start_on AS "contractStartOn", "Case".labour_contract_end_on AS "contractEndOn", "Case".departure_override_reason AS "overrideReason",
            "Case".database_updated_on AS "databaseUpdatedOn"
     FROM case_placements AS "Case" JOIN worker_directory w ON w.id = "Case".worker_id JOIN job_order_terms o ON o.id = "Case".job_order_id
     WHERE "Case".departed_on BETWEEN $1 AND $2 AND ${scope}
     ORDER BY "Case".departed_on, w.full_name_folded, "Case".id`,
    [q.from, q.to],
  );
  // R17: the database update is due the policy's days after departure (5, its unit may be working days)
  const p = (await policiesAt(today())).require('departure_update.days');
  const calendar = await workingCalendar();
  return rows.map((r) => {
    const reportDueOn =
      p.unit === 'working_days'
        ? calendar.addWorkingDays(r.departedOn, Number(p.value))
        : addDays(r.departedOn, Number(p.value));
    const updated = r.databaseUpdatedOn !== null && r.databaseUpdatedOn >= r.departedOn;
    return { ...r, reportDueOn, overdue: !updated && reportDueOn < today() };
  });
}

export const masked = (rows: DepartureRow[]) => rows.map((r) => ({ ...r, cccd: maskCccd(r.cccd) }));

/** A period of at most a year (366 days), `from` not after `to`: the report's work is bounded whatever is asked. */
export function checkPeriod(q: { from: string; to: string }): void {
  if (q.from > q.to) throw new ValidationError([{ path: 'to', message: '«Đến ngày» không được trước «Từ ngày»' }]);
  if (daysBetween(q.from, q.to) > MAX_PERIOD_DAYS)
    throw new ValidationError([{ path: 'to', message: `Mỗi lần xem tối đa ${MAX_PERIOD_DAYS} ngày` }]);
}
export const MAX_PERIOD_DAYS = 366;
/** The most cases one confirmation covers (one transaction locks them all). */
export const MAX_CONFIRMED = 1000;

/**
 * The agency confirms it updated the worker database (R17) for the departures of a period, on a date: their
 * departure and monthly updates are met up to that day. An explicit act (a POST with its CSRF token, never a
 * download), at most MAX_CONFIRMED cases at once.
 */
export async function confirmDatabaseUpdate(
  actor: Actor,
  q: { from: string; to: string; on: string },
): Promise<{ cases: number; on: string }> {
  checkPeriod(q);
  const rows = await departures(actor, q);
  if (rows.length > MAX_CONFIRMED)
    throw new ValidationError([
      {
        path: 'to',
        message: `Kỳ này có ${rows.length} người: mỗi lần ghi nhận tối đa ${MAX_CONFIRMED}, hãy chọn khoảng ngày ngắn hơn`,
      },
    ]);
  const ids = rows.filter((r) => r.departedOn <= q.on).map((r) => r.caseId);
  await recordDatabaseUpdate(actor, ids, q.on);
  return { cases: ids.length, on: q.on };
}

/** The XLSX for the worker database update (full CCCD: the labour code is the CCCD number); the export is logged. */
export async function departuresXlsx(
  actor: Actor,
  q: { from: string; to: string; agencyId?: number },
): Promise<Buffer> {
  const rows = await departures(actor, q);
  await recordAccess(actor, 'departures.exported', 'departure_list', `${q.from}..${q.to}`);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hành Trang';
  const ws = wb.addWorksheet('Xuất cảnh');
  ws.columns = [
    { header: 'STT', key: 'n', width: 6 },
    { header: 'Họ và tên', key: 'workerName', width: 28 },
    { header: 'Số CCCD', key: 'cccd', width: 16 },
    { header: 'Ngày sinh', key: 'dateOfBirth', width: 12 },
    { header: 'Giới tính', key: 'sex', width: 9 },
    { header: 'Ngày xuất cảnh', key: 'departedOn', width: 14 },
    { header: 'Chuyến bay', key: 'flight', width: 12 },
    { header: 'Nước đến', key: 'country', width: 9 },
    { header: 'Nơi làm việc', key: 'destination', width: 24 },
    { header: 'Người sử dụng lao động', key: 'employerName', width: 30 },
    { header: 'Công việc', key: 'jobTitle', width: 24 },
    { header: 'HĐLĐ từ', key: 'contractStartOn', width: 12 },
    { header: 'HĐLĐ đến', key: 'contractEndOn', width: 12 },
    { header: 'Hạn cập nhật CSDL (R17)', key: 'reportDueOn', width: 16 },
    { header: 'Đã cập nhật CSDL', key: 'databaseUpdatedOn', width: 14 },
    { header: 'Ghi chú', key: 'overrideReason', width: 30 },
  ];
  ws.getRow(1).font = { bold: true };
  const dmy = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '');
  rows.forEach((r, i) =>
    ws.addRow({
      ...r,
      n: i + 1,
      sex: r.sex === 'male' ? 'Nam' : 'Nữ',
      dateOfBirth: dmy(r.dateOfBirth),
      departedOn: dmy(r.departedOn),
      contractStartOn: dmy(r.contractStartOn),
      contractEndOn: dmy(r.contractEndOn),
      reportDueOn: dmy(r.reportDueOn),
      databaseUpdatedOn: dmy(r.databaseUpdatedOn),
    }),
  );
  ws.getColumn('cccd').numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
