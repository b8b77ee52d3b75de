// The table of Mẫu 01 as every output prints it (the page, the PDF, the XLSX): lines 1–3 computed, each split line
// followed by its "of whom intermediate level or higher" row; lines 4 and 5 entered by hand and marked "nhập tay"
// (line 5 for the provincial centre only); line 6 as text. Columns: plan, prior period, current period.
import ExcelJS from 'exceljs';
import { formatDateVi } from '../../shared/dates';
import { LINES, SECTIONS, type Figures } from './exchange-reports.lines';
import { PERIOD_LABELS, type ReportPeriodKind } from './exchange-reports.periods';
import { MANUAL_LINES, type Entered } from './exchange-reports.service';

export const HAND = 'nhập tay';
export const COMPUTED = 'tự động';

export interface TableRow {
  kind: 'section' | 'line' | 'plus';
  key: string;
  label: string;
  title: string;
  plan: number | null;
  prior: number | null;
  current: number | null;
  /** 'tự động' (computed) or 'nhập tay' (entered by hand); empty for a section heading */
  source: string;
  how?: string;
  /** a computed line's drill-down (the caller adds the scope's query) */
  drill?: { line: string };
  indent?: boolean;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function reportTable(figures: Figures, entered: Entered, provincial: boolean): TableRow[] {
  const plan = entered.plan ?? {};
  const out: TableRow[] = [];
  const section = (line: string) => {
    const s = SECTIONS.find((x) => x.line === line);
    if (s)
      out.push({
        kind: 'section',
        key: `s${line}`,
        label: line,
        title: s.title,
        plan: null,
        prior: null,
        current: null,
        source: '',
      });
  };
  const shown = new Set<string>();
  for (const l of LINES) {
    const parts = l.key.split('.');
    for (const sec of [parts[0], parts.length > 2 ? `${parts[0]}.${parts[1]}` : ''])
      if (sec && !shown.has(sec)) {
        section(sec);
        shown.add(sec);
      }
    const f = figures[l.key];
    out.push({
      kind: 'line',
      key: l.key,
      label: l.label,
      title: l.title,
      plan: num(plan[l.key]),
      prior: f?.prior.n ?? 0,
      current: f?.current.n ?? 0,
      source: COMPUTED,
      how: l.how,
      drill: { line: l.key },
      indent: l.indent,
    });
    if (l.split)
      out.push({
        kind: 'plus',
        key: `${l.key}+`,
        label: '',
        title: 'Trong đó: trình độ trung cấp trở lên',
        plan: num(plan[`${l.key}+`]),
        prior: f?.prior.plus ?? 0,
        current: f?.current.plus ?? 0,
        source: COMPUTED,
        drill: { line: l.key },
      });
  }
  const manual = entered.manual ?? {};
  out.push({
    kind: 'section',
    key: 's4',
    label: '4',
    title: 'Đào tạo',
    plan: null,
    prior: null,
    current: null,
    source: '',
  });
  for (const m of MANUAL_LINES) {
    if (m.key === '5.1') {
      if (!provincial) break;
      out.push({
        kind: 'section',
        key: 's5',
        label: '5',
        title: 'Bảo hiểm thất nghiệp (trung tâm cấp tỉnh)',
        plan: null,
        prior: null,
        current: null,
        source: '',
      });
    }
    out.push({
      kind: 'line',
      key: m.key,
      label: m.label,
      title: m.title,
      plan: num(plan[m.key]),
      prior: num(manual[m.key]?.prior),
      current: num(manual[m.key]?.current),
      source: HAND,
    });
  }
  return out;
}

const cell = (v: number | null) => (v === null ? '—' : v.toLocaleString('vi-VN'));

/** The table's rows as printed text (the PDF's). */
export function printedRows(rows: TableRow[]): string[][] {
  return rows.map((r) =>
    r.kind === 'section'
      ? [r.label, r.title.toUpperCase(), '', '', '', '']
      : [
          r.label,
          r.kind === 'plus' ? `   ${r.title}` : r.title,
          cell(r.plan),
          cell(r.prior),
          cell(r.current),
          r.source,
        ],
  );
}

export const TABLE_HEAD = ['Mục', 'Chỉ tiêu', 'Kế hoạch', 'Kỳ trước', 'Kỳ này', 'Nguồn số liệu'];

export interface ReportSheet {
  centreName: string;
  year: number;
  period: ReportPeriodKind;
  from: string;
  to: string;
  priorFrom: string;
  priorTo: string;
  rows: TableRow[];
  labourMarketInfo: string | null;
  numberText?: string | null;
  issuedOn?: string | null;
}

/** The XLSX of a report: the same table, the source column saying which lines were entered by hand. */
export async function reportXlsx(s: ReportSheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Mẫu 01');
  ws.columns = [
    { key: 'label', width: 8 },
    { key: 'title', width: 60 },
    { key: 'plan', width: 12 },
    { key: 'prior', width: 12 },
    { key: 'current', width: 12 },
    { key: 'source', width: 14 },
  ];
  ws.addRow([`BÁO CÁO TÌNH HÌNH HOẠT ĐỘNG DỊCH VỤ VIỆC LÀM – ${s.centreName}`]).font = { bold: true };
  ws.addRow([
    `Kỳ báo cáo: ${PERIOD_LABELS[s.period].toLowerCase()} ${s.year}, từ ${formatDateVi(s.from)} đến ${formatDateVi(s.to)}; kỳ trước: từ ${formatDateVi(s.priorFrom)} đến ${formatDateVi(s.priorTo)}`,
  ]);
  ws.addRow([
    s.numberText ? `${s.numberText}, ban hành ngày ${formatDateVi(s.issuedOn ?? null)}` : 'Bản nháp (chưa ban hành)',
  ]);
  ws.addRow(['(Nghị định số 352/2025/NĐ-CP, Phụ lục III, Mẫu số 01)']);
  const head = ws.addRow(TABLE_HEAD);
  head.font = { bold: true };
  for (const r of s.rows) {
    if (r.kind === 'section') {
      ws.addRow([r.label, r.title.toUpperCase()]).font = { bold: true };
      continue;
    }
    ws.addRow([r.label, r.kind === 'plus' ? `   ${r.title}` : r.title, r.plan, r.prior, r.current, r.source]);
  }
  ws.addRow(['6', 'THÔNG TIN THỊ TRƯỜNG LAO ĐỘNG THU THẬP ĐƯỢC', '', '', '', HAND]).font = { bold: true };
  ws.addRow(['', s.labourMarketInfo ?? '—', '', '', '', HAND]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
