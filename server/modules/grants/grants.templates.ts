// The support decision (Quyết định hỗ trợ) with its annex, and the extract each worker downloads (issue 19), through
// the documents mechanism: a number of the province (QĐ-UBND), a snapshot, a signed QR. The decision's subject is its
// series (the first decision's id), so a correction supersedes the document it corrects; the extract's subject is the
// application, so the worker only ever sees her own line, never her neighbours'.
import { select } from '../../db/sql';
import { NotFoundError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { formatDateVi } from '../../shared/dates';
import { formatMoney } from '../../shared/format';
import { dongInWords, placeAndDate } from '../../shared/vi-words';
import { defineTemplate, type IssuedMeta } from '../documents';
import { communeName, provinceName } from '../reference';
import { ITEM_LABELS, MTQG_GROUPS, ND338_GROUPS, type Item } from './grants.rules';

const GROUP_LABELS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(MTQG_GROUPS).map(([k, v]) => [k, v.label])),
  ...ND338_GROUPS,
};

const BASIS: Record<string, string[]> = {
  mtqg: [
    'Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021–2025;',
    'Căn cứ Thông tư số 55/2023/TT-BTC ngày 15/8/2023 của Bộ Tài chính, Điều 69 (hỗ trợ người lao động đi làm việc ở nước ngoài theo hợp đồng);',
  ],
  nd338: [
    'Căn cứ Luật Việc làm số 74/2025/QH15, Điều 14;',
    'Căn cứ Nghị định số 338/2025/NĐ-CP của Chính phủ về hỗ trợ người lao động đi làm việc ở nước ngoài theo hợp đồng;',
  ],
};

export interface DecisionLine {
  applicationId: number;
  workerName: string;
  birthYear: string;
  commune: string;
  group: string;
  items: string;
  amountVnd: number;
}

export interface DecisionSnapshot {
  province: string;
  programme: { code: string; name: string };
  source: string;
  fiscalYear: number;
  totalVnd: number;
  lines: DecisionLine[];
  supersedes: { numberText: string; issuedOn: string; reason: string } | null;
}

/** The province's own decisions: only its officers (and an admin) issue and read them. */
function provinceOf(actor: Actor): string | null {
  if (actor.role === 'province_officer') return actor.provinceCode ?? null;
  if (actor.role === 'admin') return null;
  throw new NotFoundError('Không tìm thấy quyết định');
}

/** The rows of a decision's annex: name, year of birth, commune, group, the items with their amounts. */
async function linesOf(decisionId: number, applicationId?: number): Promise<DecisionLine[]> {
  const rows = await select<{
    grant_application_id: string;
    amount_vnd: string;
    beneficiary_group: string;
    full_name: string;
    date_of_birth: string;
    commune_code: string | null;
    items: { item: Item; allowed_vnd: string }[] | null;
  }>(
    `SELECT l.grant_application_id, l.amount_vnd, g.beneficiary_group, w.full_name, w.date_of_birth, w.commune_code,
       (SELECT json_agg(json_build_object('item', c.item, 'allowed_vnd', c.allowed_vnd) ORDER BY c.id)
          FROM grant_claims c WHERE c.grant_application_id = g.id AND c.allowed_vnd > 0) AS items
     FROM grant_decision_lines l JOIN grant_applications g ON g.id = l.grant_application_id
       JOIN worker_directory w ON w.id = l.worker_id
     WHERE l.decision_id = $1 AND ($2::bigint IS NULL OR l.grant_application_id = $2)
     ORDER BY l.grant_application_id`,
    [decisionId, applicationId ?? null],
  );
  return rows.map((r) => ({
    applicationId: Number(r.grant_application_id),
    workerName: r.full_name,
    birthYear: String(r.date_of_birth).slice(0, 4),
    commune: r.commune_code ? communeName(r.commune_code) : '',
    group: GROUP_LABELS[r.beneficiary_group] ?? r.beneficiary_group,
    items: (r.items ?? []).map((i) => `${ITEM_LABELS[i.item]} ${formatMoney(i.allowed_vnd)}`).join('; '),
    amountVnd: Number(r.amount_vnd),
  }));
}

async function decisionHead(decisionId: number, province: string | null) {
  const [d] = await select<{
    id: string;
    province_code: string;
    programme_code: string;
    name: string;
    funding_source: string;
    fiscal_year: number | null;
    decided_on: string | null;
    supersedes_id: string | null;
    reason: string | null;
  }>(
    `SELECT d.id, d.province_code, d.programme_code, p.name, d.funding_source, d.fiscal_year, d.decided_on, d.supersedes_id, d.reason
     FROM grant_decisions d JOIN grant_programmes p ON p.code = d.programme_code
     WHERE d.id = $1 AND ($2::text IS NULL OR d.province_code = $2)`,
    [decisionId, province],
  );
  if (!d) throw new NotFoundError('Không tìm thấy quyết định');
  let supersedes: DecisionSnapshot['supersedes'] = null;
  if (d.supersedes_id) {
    const [o] = await select<{ number_text: string; issued_on: string }>(
      'SELECT doc.number_text, doc.issued_on FROM grant_decisions g JOIN document_register doc ON doc.id = g.document_id WHERE g.id = $1',
      [d.supersedes_id],
    );
    if (o) supersedes = { numberText: o.number_text, issuedOn: o.issued_on, reason: d.reason ?? '' };
  }
  return { d, supersedes };
}

const provinceTitle = (code: string) => provinceName(code) || `Tỉnh ${code}`;
const bare = (name: string) => name.replace(/^(Tỉnh|Thành phố)\s+/, '');

export const decisionTemplate = defineTemplate<DecisionSnapshot>({
  id: 'grant_decision',
  version: 1,
  docType: 'QĐ',
  label: 'Quyết định hỗ trợ người lao động đi làm việc ở nước ngoài',
  subjectType: 'grant_decision',
  async collect(actor, subjectId, hint) {
    const { d, supersedes } = await decisionHead(hint?.decisionId ?? Number(subjectId), provinceOf(actor));
    const lines = await linesOf(Number(d.id));
    return {
      snapshot: {
        province: provinceTitle(d.province_code),
        programme: { code: d.programme_code, name: d.name },
        source: d.funding_source === 'central' ? 'ngân sách trung ương' : 'ngân sách địa phương',
        fiscalYear: d.fiscal_year ?? 0,
        totalVnd: lines.reduce((n, l) => n + l.amountVnd, 0),
        lines,
        supersedes,
      },
      agencyId: null,
      workerId: null,
      holderName: null,
      issuerKey: `province:${d.province_code}`,
      issuerSymbol: 'UBND',
    };
  },
  build(s, meta: IssuedMeta) {
    const articles = [
      `Điều 1. Hỗ trợ ${s.lines.length} người lao động đi làm việc ở nước ngoài theo hợp đồng thuộc ${s.programme.name}, tổng kinh phí ${formatMoney(s.totalVnd)} (${dongInWords(s.totalVnd)}), theo danh sách kèm theo Quyết định này.`,
      `Điều 2. Nguồn kinh phí: ${s.source}, dự toán năm ${s.fiscalYear}. Mỗi khoản chỉ hỗ trợ một lần cho mỗi người (R26); tiền hỗ trợ được chi trả trực tiếp cho người lao động và ghi vào sổ theo dõi của hồ sơ.`,
      ...(s.supersedes
        ? [
            `Điều 3. Quyết định này thay thế Quyết định ${s.supersedes.numberText.replace(/^Số:\s*/, 'số ')} ngày ${formatDateVi(s.supersedes.issuedOn)}. Lý do đính chính: ${s.supersedes.reason}`,
          ]
        : []),
      `Điều ${s.supersedes ? 4 : 3}. Quyết định này có hiệu lực kể từ ngày ký. Sở Nội vụ, Sở Tài chính, Ủy ban nhân dân các xã, phường có người lao động và những người có tên tại Điều 1 chịu trách nhiệm thi hành.`,
    ];
    return {
      issuer: { parent: 'ỦY BAN NHÂN DÂN', name: s.province.toUpperCase() },
      numberText: meta.numberText,
      placeDate: placeAndDate(bare(s.province), meta.issuedOn),
      title: 'Quyết định',
      summary: `Về việc hỗ trợ người lao động đi làm việc ở nước ngoài theo hợp đồng (${s.programme.name})`,
      basis: [...(BASIS[s.programme.code] ?? []), 'Xét đề nghị của Sở Nội vụ và xác nhận của Ủy ban nhân dân cấp xã,'],
      blocks: [
        ...articles.map((text) => ({ kind: 'para' as const, text })),
        { kind: 'heading', text: `Danh sách kèm theo Quyết định ${meta.numberText.replace(/^Số:\s*/, 'số ')}` },
        {
          kind: 'table',
          head: ['STT', 'Họ và tên', 'Năm sinh', 'Xã, phường', 'Nhóm đối tượng', 'Khoản hỗ trợ', 'Số tiền (đồng)'],
          widths: [1, 4, 1.8, 3.2, 3.5, 6, 2.8],
          rows: [
            ...s.lines.map((l, i) => [
              String(i + 1),
              l.workerName,
              l.birthYear,
              l.commune,
              l.group,
              l.items,
              formatMoney(l.amountVnd).replace(' ₫', ''),
            ]),
            ['', 'Tổng cộng', '', '', '', '', formatMoney(s.totalVnd).replace(' ₫', '')],
          ],
        },
      ],
      signatures: [{ title: 'TM. Ủy ban nhân dân', name: 'Chủ tịch', note: '(Ký, ghi rõ họ tên, đóng dấu)' }],
      recipients: ['Như Điều ' + (s.supersedes ? 4 : 3), 'Kho bạc Nhà nước tỉnh', 'Lưu: VT'],
      verify: { url: meta.verifyUrl, code: meta.verifyCode },
      meta: { title: `Quyết định hỗ trợ ${meta.numberText}`, issuedOn: meta.issuedOn },
    };
  },
});

export interface ExtractSnapshot {
  province: string;
  decision: { numberText: string; issuedOn: string; programme: string };
  worker: { fullName: string; cccd: string; birthYear: string; commune: string };
  line: DecisionLine;
}

/** The worker's extract of the decision: her line only, with the decision's number and date. */
export const extractTemplate = defineTemplate<ExtractSnapshot>({
  id: 'grant_decision_extract',
  version: 1,
  docType: 'TL',
  label: 'Trích lục quyết định hỗ trợ',
  subjectType: 'grant_application',
  async collect(actor, subjectId, hint) {
    const province = provinceOf(actor);
    const decisionId = hint?.decisionId;
    if (!decisionId) throw new NotFoundError('Không tìm thấy quyết định');
    const { d } = await decisionHead(decisionId, province);
    const [doc] = await select<{ number_text: string; issued_on: string }>(
      'SELECT doc.number_text, doc.issued_on FROM grant_decisions g JOIN document_register doc ON doc.id = g.document_id WHERE g.id = $1',
      [decisionId],
    );
    const [line] = await linesOf(decisionId, Number(subjectId));
    if (!doc || !line) throw new NotFoundError('Không tìm thấy dòng của đề nghị trong quyết định');
    const [w] = await select<{ worker_id: string; full_name: string; cccd: string; agency_id: string }>(
      `SELECT g.worker_id, w.full_name, w.cccd, g.agency_id FROM grant_applications g JOIN worker_directory w ON w.id = g.worker_id
       WHERE g.id = $1`,
      [subjectId],
    );
    return {
      snapshot: {
        province: provinceTitle(d.province_code),
        decision: { numberText: doc.number_text, issuedOn: doc.issued_on, programme: d.name },
        worker: { fullName: w!.full_name, cccd: w!.cccd, birthYear: line.birthYear, commune: line.commune },
        line,
      },
      agencyId: Number(w!.agency_id),
      workerId: Number(w!.worker_id),
      holderName: w!.full_name,
      issuerKey: `province:${d.province_code}`,
      issuerSymbol: 'UBND',
    };
  },
  build(s, meta: IssuedMeta) {
    return {
      issuer: { parent: 'ỦY BAN NHÂN DÂN', name: s.province.toUpperCase() },
      numberText: meta.numberText,
      placeDate: placeAndDate(bare(s.province), meta.issuedOn),
      title: 'Trích lục quyết định',
      summary: `Trích Quyết định ${s.decision.numberText.replace(/^Số:\s*/, 'số ')} ngày ${formatDateVi(s.decision.issuedOn)} về việc hỗ trợ người lao động đi làm việc ở nước ngoài theo hợp đồng (${s.decision.programme})`,
      basis: [],
      blocks: [
        {
          kind: 'para',
          text: `Người lao động: ${s.worker.fullName}, sinh năm ${s.worker.birthYear}, số định danh cá nhân ${s.worker.cccd}, cư trú tại ${s.worker.commune || 'địa phương'}.`,
        },
        { kind: 'para', text: `Nhóm đối tượng: ${s.line.group}.` },
        { kind: 'para', text: `Được hỗ trợ: ${s.line.items}.` },
        {
          kind: 'para',
          text: `Tổng số tiền hỗ trợ: ${formatMoney(s.line.amountVnd)} (${dongInWords(s.line.amountVnd)}).`,
        },
        {
          kind: 'para',
          text: 'Trích lục này chỉ ghi phần của người lao động có tên trên; bản quyết định đầy đủ lưu tại Ủy ban nhân dân tỉnh.',
        },
      ],
      signatures: [{ title: 'TL. Chủ tịch', name: 'Chánh Văn phòng', note: '(Ký, ghi rõ họ tên, đóng dấu)' }],
      recipients: ['Người lao động có tên trên', 'Lưu: VT'],
      verify: { url: meta.verifyUrl, code: meta.verifyCode },
      meta: { title: `Trích lục quyết định ${meta.numberText}`, issuedOn: meta.issuedOn },
    };
  },
});
