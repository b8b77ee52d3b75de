// The report Decree 352 Annex III Mẫu 01 (E6): who reads which centres, the computed lines for a period, the drafts
// staff complete by hand, and the issue that freezes the figures, numbers a signed PDF (the documents module) and
// meets the period's obligation.
//
// Scope: a centre's staff read and write their own centre's reports; a province officer reads every centre of the
// province (one centre, or the province's centres together); an admin reads all. A report or centre outside the
// scope answers 404.
//
// The provincial centre (line 5, unemployment insurance, is its alone): DOMAIN §15.2 has one public centre per
// province, sometimes with branches; when a province has more than one centre on record, the provincial centre is the
// first registered (the lowest id). The flag is fixed on the report when its draft is created.
import { UniqueConstraintError } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { recordAudit } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { TECHNICAL_LEVEL_LABELS, type TechnicalLevel } from '../../shared/labour-scales';
import { now, today } from '../../shared/clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import { obligationsOf, syncObligations, type ObligationSpec, type SubjectType } from '../../shared/obligations';
import { issueDocument } from '../documents';
import { computeLines, drillLine, lineOf, type Figures } from './exchange-reports.lines';
import {
  obligationKind,
  periodsDueAround,
  priorPeriod,
  reportPeriod,
  type ReportPeriodKind,
} from './exchange-reports.periods';

export const REPORT_TEMPLATE = 'exchange_report';

export interface Centre {
  id: number;
  name: string;
  provinceCode: string;
}

/** The lines staff enter by hand (nhập tay): line 4 (training) and line 5 (unemployment insurance). */
export const MANUAL_LINES: { key: string; label: string; title: string; provincialOnly: boolean; indent?: boolean }[] =
  [
    { key: '4.1', label: '4.1', title: 'Số người được đào tạo, bồi dưỡng kỹ năng nghề', provincialOnly: false },
    { key: '4.2', label: '4.2', title: 'Số người có việc làm sau đào tạo', provincialOnly: false },
    {
      key: '5.1',
      label: '5.1',
      title: 'Số người nộp hồ sơ đề nghị hưởng trợ cấp thất nghiệp',
      provincialOnly: true,
    },
    { key: '5.2', label: '5.2', title: 'Số người có quyết định hưởng trợ cấp thất nghiệp', provincialOnly: true },
    { key: '5.3', label: '5.3', title: 'Số người được hỗ trợ học nghề', provincialOnly: true },
  ];

export interface Entered {
  /** the plan column, by line key (computed and hand-entered lines alike) */
  plan?: Record<string, number | null>;
  /** lines 4 and 5: the prior and current periods as entered */
  manual?: Record<string, { prior?: number | null; current?: number | null }>;
}

export interface ReportRow {
  id: number;
  centreId: number;
  centreName: string;
  provinceCode: string;
  year: number;
  period: ReportPeriodKind;
  state: 'draft' | 'issued';
  version: number;
  entered: Entered;
  labourMarketInfo: string | null;
  provincial: boolean;
  computed: { figures: Figures; computedAt: string } | null;
  issuedOn: string | null;
  issuedAt: Date | null;
  documentId: number | null;
  documentNumber: string | null;
  createdAt: Date;
}

// ---- scope ----

async function centreById(id: number): Promise<(Centre & { kind: string; status: string }) | null> {
  const [c] = await select<{ id: string; name: string; province_code: string; kind: string; status: string }>(
    'SELECT id, name, province_code, kind, status FROM agency_licences WHERE id = $1',
    [id],
  );
  return c ? { id: Number(c.id), name: c.name, provinceCode: c.province_code, kind: c.kind, status: c.status } : null;
}

/** The centre of a centre's staff member (writes are theirs). */
export async function ownCentre(actor: Actor): Promise<Centre> {
  if (actor.role !== 'centre_staff' || !actor.agencyId) throw new ForbiddenError();
  const c = await centreById(actor.agencyId);
  if (!c || c.kind !== 'employment_centre')
    throw new ForbiddenError('Tài khoản không thuộc trung tâm dịch vụ việc làm');
  return c;
}

/**
 * The centres a reading covers: staff their own; a province officer one centre of the province or all of them; an
 * admin one or all. A centre outside the scope: 404.
 */
export async function centresInScope(actor: Actor, centreId?: number): Promise<Centre[]> {
  if (actor.role === 'centre_staff') {
    const own = await ownCentre(actor);
    if (centreId !== undefined && centreId !== own.id) throw new NotFoundError('Không tìm thấy trung tâm');
    return [own];
  }
  const bind: unknown[] = [];
  let where = "kind = 'employment_centre'";
  if (actor.role === 'province_officer' && actor.provinceCode) {
    bind.push(actor.provinceCode);
    where += ` AND province_code = $${bind.length}`;
  } else if (actor.role !== 'admin') throw new ForbiddenError();
  if (centreId !== undefined) {
    bind.push(centreId);
    where += ` AND id = $${bind.length}`;
  }
  const rows = await select<{ id: string; name: string; province_code: string }>(
    `SELECT id, name, province_code FROM agency_licences WHERE ${where} ORDER BY id`,
    bind,
  );
  if (centreId !== undefined && !rows.length) throw new NotFoundError('Không tìm thấy trung tâm');
  return rows.map((r) => ({ id: Number(r.id), name: r.name, provinceCode: r.province_code }));
}

/** The WHERE of reports and exports an actor reads (alias-free columns centre_id, province_code). */
export function scopeWhere(actor: Actor, bind: unknown[]): string {
  if (actor.role === 'admin') return 'TRUE';
  if (actor.role === 'centre_staff' && actor.agencyId) {
    bind.push(actor.agencyId);
    return `centre_id = $${bind.length}`;
  }
  if (actor.role === 'province_officer' && actor.provinceCode) {
    bind.push(actor.provinceCode);
    return `province_code = $${bind.length}`;
  }
  return 'FALSE';
}

/** Whether a centre is its province's provincial centre (the first registered there). */
async function isProvincial(centre: Centre): Promise<boolean> {
  const [r] = await select<{ id: string }>(
    "SELECT min(id) AS id FROM agency_licences WHERE kind = 'employment_centre' AND province_code = $1",
    [centre.provinceCode],
  );
  return Number(r?.id) === centre.id;
}

// ---- the computed lines ----

export function windowsOf(year: number, kind: ReportPeriodKind) {
  const p = reportPeriod(year, kind);
  return { current: { from: p.from, to: p.to }, prior: priorPeriod(year, kind), dueOn: p.dueOn };
}

/** Lines 1–3 for the centres in scope (one, or a province's), current and prior period. */
export async function computeReport(
  actor: Actor,
  q: { year: number; period: ReportPeriodKind; centreId?: number },
): Promise<{ centres: Centre[]; figures: Figures; windows: ReturnType<typeof windowsOf> }> {
  const centres = await centresInScope(actor, q.centreId);
  const windows = windowsOf(q.year, q.period);
  const figures = centres.length
    ? await computeLines(
        centres.map((c) => c.id),
        windows.current,
        windows.prior,
      )
    : await computeLines([], windows.current, windows.prior);
  return { centres, figures, windows };
}

/** The people (CCCD masked), sessions, employers or vacancies a figure counts. */
export async function drillReport(
  actor: Actor,
  q: {
    year: number;
    period: ReportPeriodKind;
    centreId?: number;
    line: string;
    column: 'current' | 'prior';
    page: number;
    pageSize: number;
  },
) {
  const line = lineOf(q.line);
  if (!line) throw new NotFoundError('Không có dòng báo cáo này');
  const centres = await centresInScope(actor, q.centreId);
  const windows = windowsOf(q.year, q.period);
  const window = q.column === 'prior' ? windows.prior : windows.current;
  const { rows, total } = await drillLine(
    line,
    centres.map((c) => c.id),
    window,
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return {
    line,
    centres,
    window,
    total,
    rows: rows.map((r) => ({
      ...r,
      cccd: r.cccd ? maskCccd(r.cccd) : undefined,
      technicalLabel: r.technicalLevel ? (TECHNICAL_LEVEL_LABELS[r.technicalLevel as TechnicalLevel] ?? '') : '',
    })),
  };
}

// ---- obligations (E6) ----

/** E6 obligations sit on the centre (subject type 'agency'; the migration adds it to the table's CHECK). */
const centreSubject = (id: number) => ({ type: 'agency' as SubjectType, id });

/**
 * Keeps a centre's obligations as they are, with `changes` applied (new report periods opened, one met). Through the
 * shared syncObligations, which waives open kinds not listed: every existing obligation of the centre is listed as it
 * stands, so an overdue report stays open until it is issued.
 */
async function syncCentre(centre: Centre, changes: ObligationSpec[], mode: 'add' | 'set'): Promise<number> {
  const existing = await obligationsOf(centreSubject(centre.id));
  const byKind = new Map<string, ObligationSpec>(existing.map((o) => [o.kind, o]));
  let added = 0;
  for (const c of changes)
    if (mode === 'set' || !byKind.has(c.kind)) {
      if (!byKind.has(c.kind)) added += 1;
      byKind.set(c.kind, c);
    }
  if (added || mode === 'set')
    await syncObligations(centreSubject(centre.id), [...byKind.values()], {
      agencyId: centre.id,
      provinceCode: centre.provinceCode,
      communeCode: null,
    });
  return added;
}

/**
 * The due dates of the reports as obligations of every active centre (or the given ones): the current report year's
 * six-monthly and annual reports, and the next year's from 15 December. Idempotent: only missing ones are created
 * (one centre after the other; the centres are a province's handful). An issued report's obligation is met at its
 * issue.
 */
export async function ensureReportObligations(on = today(), centreIds?: readonly number[]): Promise<number> {
  const specs: ObligationSpec[] = periodsDueAround(on).map((p) => ({
    kind: obligationKind(p.year, p.kind),
    ruleId: 'E6',
    dueOn: p.dueOn,
    whoseMove: 'agency',
    status: 'open',
  }));
  const bind: unknown[] = [];
  let only = '';
  if (centreIds) {
    bind.push(centreIds);
    only = ' AND id = ANY($1::bigint[])';
  }
  const centres = await select<{ id: string; province_code: string; name: string }>(
    `SELECT id, province_code, name FROM agency_licences WHERE kind = 'employment_centre' AND status = 'active'${only} ORDER BY id`,
    bind,
  );
  let added = 0;
  for (const c of centres)
    added += await inTransaction(() =>
      syncCentre({ id: Number(c.id), name: c.name, provinceCode: c.province_code }, specs, 'add'),
    );
  return added;
}

export async function reportObligations(centreId: number) {
  return select<{ kind: string; dueOn: string; status: string; metOn: string | null }>(
    `SELECT kind, due_on AS "dueOn", status, met_on AS "metOn" FROM obligations
     WHERE subject_type = 'agency' AND subject_id = $1 AND kind LIKE 'exchange_report:%' ORDER BY due_on DESC`,
    [centreId],
  );
}

// ---- drafts and issued reports ----

const REPORT_COLUMNS = `r.id, r.centre_id, a.name AS centre_name, r.province_code, r.year, r.period, r.state, r.version, r.entered,
  r.labour_market_info, r.provincial, r.computed, r.issued_on, r.issued_at, r.document_id, d.number_text, r.created_at`;
type RawReport = {
  id: string;
  centre_id: string;
  centre_name: string;
  province_code: string;
  year: number;
  period: ReportPeriodKind;
  state: 'draft' | 'issued';
  version: number;
  entered: Entered;
  labour_market_info: string | null;
  provincial: boolean;
  computed: ReportRow['computed'];
  issued_on: string | null;
  issued_at: Date | null;
  document_id: string | null;
  number_text: string | null;
  created_at: Date;
};
const toReport = (r: RawReport): ReportRow => ({
  id: Number(r.id),
  centreId: Number(r.centre_id),
  centreName: r.centre_name,
  provinceCode: r.province_code,
  year: r.year,
  period: r.period,
  state: r.state,
  version: r.version,
  entered: r.entered ?? {},
  labourMarketInfo: r.labour_market_info,
  provincial: r.provincial,
  computed: r.computed,
  issuedOn: r.issued_on,
  issuedAt: r.issued_at,
  documentId: r.document_id === null ? null : Number(r.document_id),
  documentNumber: r.number_text,
  createdAt: r.created_at,
});
const FROM_REPORTS = `FROM exchange_reports r JOIN agency_licences a ON a.id = r.centre_id
  LEFT JOIN document_register d ON d.id = r.document_id`;

export async function listReports(actor: Actor, q: { centreId?: number } = {}): Promise<ReportRow[]> {
  const bind: unknown[] = [];
  let where = scopeWhere(actor, bind).replace(/\b(centre_id|province_code)\b/g, 'r.$1');
  if (q.centreId !== undefined) {
    bind.push(q.centreId);
    where += ` AND r.centre_id = $${bind.length}`;
  }
  const rows = await select<RawReport>(
    `SELECT ${REPORT_COLUMNS} ${FROM_REPORTS} WHERE ${where} ORDER BY r.year DESC, r.period DESC, r.centre_id LIMIT 200`,
    bind,
  );
  return rows.map(toReport);
}

export async function getReport(actor: Actor, id: number): Promise<ReportRow> {
  const bind: unknown[] = [id];
  const where = scopeWhere(actor, bind).replace(/\b(centre_id|province_code)\b/g, 'r.$1');
  const [r] = await select<RawReport>(`SELECT ${REPORT_COLUMNS} ${FROM_REPORTS} WHERE r.id = $1 AND ${where}`, bind);
  if (!r) throw new NotFoundError('Không tìm thấy báo cáo');
  return toReport(r);
}

/** A report with its lines: frozen when issued, computed now for a draft. */
export async function reportWithLines(actor: Actor, id: number) {
  const report = await getReport(actor, id);
  const windows = windowsOf(report.year, report.period);
  const figures = report.computed
    ? report.computed.figures
    : await computeLines([report.centreId], windows.current, windows.prior);
  return { report, figures, windows };
}

/** Staff of a centre open the draft of a period (one draft at a time; none once the period's report is issued). */
export async function createDraft(actor: Actor, q: { year: number; period: ReportPeriodKind }): Promise<ReportRow> {
  const centre = await ownCentre(actor);
  const provincial = await isProvincial(centre);
  const id = await inTransaction(async (transaction) => {
    const [existing] = await select<{ id: string; state: string }>(
      'SELECT id, state FROM exchange_reports WHERE centre_id = $1 AND year = $2 AND period = $3 ORDER BY id',
      [centre.id, q.year, q.period],
      transaction,
    );
    if (existing)
      throw new ConflictError(
        existing.state === 'issued'
          ? 'Báo cáo của kỳ này đã được ban hành: không lập thêm.'
          : 'Kỳ này đã có một bản nháp: mở bản nháp đó để tiếp tục.',
        { reason: existing.state === 'issued' ? 'ALREADY_ISSUED' : 'DRAFT_EXISTS', reportId: Number(existing.id) },
      );
    try {
      const [row] = await select<{ id: string }>(
        `INSERT INTO exchange_reports (centre_id, province_code, year, period, provincial, created_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [centre.id, centre.provinceCode, q.year, q.period, provincial, actor.userId],
        transaction,
      );
      await recordAudit(
        { actor, action: 'exchange_report.drafted', entity: 'exchange_report', entityId: Number(row.id) },
        transaction,
      );
      return Number(row.id);
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw new ConflictError('Kỳ này đã có báo cáo.');
      throw err;
    }
  });
  await ensureReportObligations(today(), [centre.id]);
  return getReport(actor, id);
}

async function lockOwnReport(actor: Actor, id: number, expectedVersion: number) {
  const centre = await ownCentre(actor);
  const [r] = await select<{ id: string; state: string; version: number; provincial: boolean; centre_id: string }>(
    'SELECT id, state, version, provincial, centre_id FROM exchange_reports WHERE id = $1 AND centre_id = $2 FOR UPDATE',
    [id, centre.id],
  );
  if (!r) throw new NotFoundError('Không tìm thấy báo cáo');
  if (r.state === 'issued')
    throw new ConflictError('Báo cáo đã được ban hành: số liệu không thay đổi được nữa.', { reason: 'ALREADY_ISSUED' });
  if (r.version !== expectedVersion)
    throw new ConflictError('Báo cáo đã được người khác thay đổi. Vui lòng tải lại và thử lại.', {
      reason: 'STALE_VERSION',
      currentVersion: r.version,
    });
  return { centre, row: r };
}

/** Saves what staff enter by hand: the plan column, lines 4 and 5 (line 5 for the provincial centre only), line 6. */
export async function saveDraft(
  actor: Actor,
  id: number,
  body: { expectedVersion: number; entered: Entered; labourMarketInfo?: string | null },
): Promise<ReportRow> {
  await inTransaction(async (transaction) => {
    const { row } = await lockOwnReport(actor, id, body.expectedVersion);
    const manual = body.entered.manual ?? {};
    if (!row.provincial && Object.keys(manual).some((k) => k.startsWith('5.')))
      throw new ValidationError([
        {
          path: 'entered.manual',
          message: 'Dòng 5 (bảo hiểm thất nghiệp) chỉ do trung tâm dịch vụ việc làm cấp tỉnh báo cáo',
        },
      ]);
    await execute(
      `UPDATE exchange_reports SET entered = $2, labour_market_info = $3, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [id, JSON.stringify(body.entered), body.labourMarketInfo?.normalize('NFC') || null],
      transaction,
    );
    await recordAudit(
      { actor, action: 'exchange_report.saved', entity: 'exchange_report', entityId: id, after: { ...body.entered } },
      transaction,
    );
  });
  return getReport(actor, id);
}

/**
 * Issues a draft (E6): in one transaction, under the report's row lock, computes lines 1–3 for both periods and
 * freezes them into the row (a trigger keeps an issued row as it is), takes the document's number and queues its PDF,
 * and meets the period's obligation. A second issue of the same centre, year and period is refused (409; a unique
 * index says the same).
 */
export async function issueReport(actor: Actor, id: number, expectedVersion: number): Promise<ReportRow> {
  try {
    await inTransaction(async (transaction) => {
      const { centre } = await lockOwnReport(actor, id, expectedVersion);
      const [r] = await select<{ year: number; period: ReportPeriodKind }>(
        'SELECT year, period FROM exchange_reports WHERE id = $1',
        [id],
        transaction,
      );
      const [issued] = await select<{ id: string }>(
        "SELECT id FROM exchange_reports WHERE centre_id = $1 AND year = $2 AND period = $3 AND state = 'issued'",
        [centre.id, r.year, r.period],
        transaction,
      );
      if (issued) throw new ConflictError('Báo cáo của kỳ này đã được ban hành.', { reason: 'ALREADY_ISSUED' });
      const windows = windowsOf(r.year, r.period);
      const figures = await computeLines([centre.id], windows.current, windows.prior);
      const on = today();
      await execute(
        `UPDATE exchange_reports SET state = 'issued', computed = $2, issued_on = $3, issued_at = $4, issued_by_user_id = $5,
                version = version + 1, updated_at = now()
         WHERE id = $1`,
        [id, JSON.stringify({ figures, computedAt: now().toISOString() }), on, now(), actor.userId],
        transaction,
      );
      const doc = await issueDocument(actor, REPORT_TEMPLATE, String(id));
      await execute('UPDATE exchange_reports SET document_id = $2 WHERE id = $1', [id, doc.id], transaction);
      // E6: the period's obligation is met by the issue (created here if the centre had none yet)
      await syncCentre(
        centre,
        [
          {
            kind: obligationKind(r.year, r.period),
            ruleId: 'E6',
            dueOn: windows.dueOn,
            whoseMove: 'agency',
            status: 'met',
            metOn: on,
          },
        ],
        'set',
      );
      await recordAudit(
        {
          actor,
          action: 'exchange_report.issued',
          entity: 'exchange_report',
          entityId: id,
          after: { documentId: doc.id, numberText: doc.numberText },
        },
        transaction,
      );
    });
  } catch (err) {
    if (err instanceof UniqueConstraintError)
      throw new ConflictError('Báo cáo của kỳ này đã được ban hành.', { reason: 'ALREADY_ISSUED' });
    throw err;
  }
  return getReport(actor, id);
}
