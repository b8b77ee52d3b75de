// XLSX exports of the job exchange. The everyday export masks the CCCD and leaves out ethnicity, disability and
// household status (sensitive: detail views only) and contact details. The unmasked export is an admin action of its
// own, written to the access log with who took it. Bounded: at most 50,000 rows a file.
import ExcelJS from 'exceljs';
import { select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { recordAccess } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { formatDateVi } from '../../shared/dates';
import { ForbiddenError } from '../../shared/errors';
import { GENERAL_EDUCATION_LABELS, TECHNICAL_LEVEL_LABELS, WAGE_CODE_LABELS } from '../../shared/labour-scales';
import { provinceName } from '../reference';
import { EXPERIENCE_LABELS, JOB_SEEKER_STATUS_LABELS, WAGE_KIND_LABELS } from './exchange.labels';
import { VACANCY_STATE_TABLE } from './exchange.workflow';

const MAX_ROWS = 50_000;

function sheet(wb: ExcelJS.Workbook, name: string, columns: { header: string; key: string; width: number }[]) {
  const ws = wb.addWorksheet(name);
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return ws;
}

export async function exportJobSeekers(actor: Actor, o: { unmasked: boolean }): Promise<Buffer> {
  if (o.unmasked && actor.role !== 'admin') throw new ForbiddenError();
  const bind: unknown[] = [];
  let where = 'TRUE';
  if (actor.role === 'centre_staff') {
    bind.push(actor.agencyId);
    where = 's.centre_id = $1';
  } else if (actor.role === 'commune_officer') {
    bind.push(actor.communeCode);
    where = 'w.commune_code = $1';
  } else if (actor.role !== 'admin') throw new ForbiddenError();
  bind.push(MAX_ROWS);
  const rows = await select<Record<string, unknown>>(
    `SELECT s.id, s.status, s.registered_on, s.job_title, s.occupation_code, s.province_1, s.experience, s.wage_kind, s.wage_code,
            s.available_from, s.wants_abroad, w.full_name, w.cccd, w.date_of_birth, w.sex, w.phone, w.email, w.province_code,
            w.general_education, w.technical_level, c.name AS centre_name
     FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id JOIN agency_licences c ON c.id = s.centre_id
     WHERE ${where} ORDER BY s.registered_on DESC, s.id DESC LIMIT $${bind.length}`,
    bind,
  );
  const wb = new ExcelJS.Workbook();
  const ws = sheet(wb, 'Người tìm việc', [
    { header: 'Mã hồ sơ', key: 'id', width: 10 },
    { header: 'Họ và tên', key: 'name', width: 28 },
    { header: o.unmasked ? 'Số CCCD' : 'Số CCCD (che)', key: 'cccd', width: 16 },
    { header: 'Ngày sinh', key: 'dob', width: 12 },
    { header: 'Giới tính', key: 'sex', width: 9 },
    ...(o.unmasked
      ? [
          { header: 'Điện thoại', key: 'phone', width: 14 },
          { header: 'Thư điện tử', key: 'email', width: 24 },
        ]
      : []),
    { header: 'Tỉnh cư trú', key: 'province', width: 18 },
    { header: 'Trình độ giáo dục phổ thông', key: 'edu', width: 24 },
    { header: 'Trình độ chuyên môn kỹ thuật', key: 'tech', width: 24 },
    { header: 'Công việc mong muốn', key: 'job', width: 28 },
    { header: 'Mã nghề', key: 'occ', width: 9 },
    { header: 'Kinh nghiệm', key: 'exp', width: 16 },
    { header: 'Tỉnh làm việc mong muốn', key: 'want', width: 18 },
    { header: 'Mức lương', key: 'wage', width: 22 },
    { header: 'Sẵn sàng từ', key: 'from', width: 12 },
    { header: 'Muốn đi làm việc ở nước ngoài', key: 'abroad', width: 12 },
    { header: 'Ngày đăng ký', key: 'registered', width: 12 },
    { header: 'Tình trạng', key: 'status', width: 16 },
    { header: 'Trung tâm', key: 'centre', width: 28 },
  ]);
  for (const r of rows)
    ws.addRow({
      id: Number(r.id),
      name: r.full_name,
      cccd: o.unmasked ? r.cccd : maskCccd(String(r.cccd)),
      dob: formatDateVi(r.date_of_birth as string),
      sex: r.sex === 'male' ? 'Nam' : 'Nữ',
      phone: r.phone ?? '',
      email: r.email ?? '',
      province: r.province_code ? provinceName(r.province_code as string) : '',
      edu: GENERAL_EDUCATION_LABELS[r.general_education as keyof typeof GENERAL_EDUCATION_LABELS] ?? '',
      tech: TECHNICAL_LEVEL_LABELS[r.technical_level as keyof typeof TECHNICAL_LEVEL_LABELS] ?? '',
      job: r.job_title,
      occ: r.occupation_code,
      exp: EXPERIENCE_LABELS[r.experience as string],
      want: provinceName(r.province_1 as string),
      wage: r.wage_code ? WAGE_CODE_LABELS[Number(r.wage_code)] : WAGE_KIND_LABELS[r.wage_kind as string],
      from: formatDateVi(r.available_from as string),
      abroad: r.wants_abroad ? 'Có' : 'Không',
      registered: formatDateVi(r.registered_on as string),
      status: JOB_SEEKER_STATUS_LABELS[r.status as string],
      centre: r.centre_name,
    });
  if (o.unmasked) await recordAccess(actor, 'job_seekers.exported', 'job_seekers', `${rows.length} rows`);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function exportVacancies(actor: Actor): Promise<Buffer> {
  if (actor.role !== 'admin' && actor.role !== 'centre_staff') throw new ForbiddenError();
  const rows = await select<Record<string, unknown>>(
    `SELECT v.id, v.title, v.state, v.number_to_hire, v.hired_count, v.occupation_code, v.province_code, v.deadline,
            v.wage_kind, v.wage_code, v.opened_on, e.name AS employer_name, e.enterprise_code, c.name AS centre_name
     FROM vacancies v JOIN employers e ON e.id = v.employer_id JOIN agency_licences c ON c.id = v.centre_id
     ${actor.role === 'centre_staff' ? 'WHERE v.centre_id = $2' : ''}
     ORDER BY v.id DESC LIMIT $1`,
    actor.role === 'centre_staff' ? [MAX_ROWS, actor.agencyId] : [MAX_ROWS],
  );
  const wb = new ExcelJS.Workbook();
  const ws = sheet(wb, 'Việc làm trống', [
    { header: 'Mã', key: 'id', width: 8 },
    { header: 'Vị trí việc làm', key: 'title', width: 30 },
    { header: 'Người sử dụng lao động', key: 'employer', width: 30 },
    { header: 'Mã số doanh nghiệp', key: 'code', width: 16 },
    { header: 'Mã nghề', key: 'occ', width: 9 },
    { header: 'Tỉnh làm việc', key: 'province', width: 18 },
    { header: 'Số cần tuyển', key: 'need', width: 10 },
    { header: 'Đã tuyển', key: 'hired', width: 10 },
    { header: 'Mức lương', key: 'wage', width: 22 },
    { header: 'Ngày đăng', key: 'opened', width: 12 },
    { header: 'Hạn tuyển', key: 'deadline', width: 12 },
    { header: 'Trạng thái', key: 'state', width: 14 },
    { header: 'Trung tâm', key: 'centre', width: 28 },
  ]);
  for (const r of rows)
    ws.addRow({
      id: Number(r.id),
      title: r.title,
      employer: r.employer_name,
      code: r.enterprise_code ?? '',
      occ: r.occupation_code,
      province: provinceName(r.province_code as string),
      need: Number(r.number_to_hire),
      hired: Number(r.hired_count),
      wage: r.wage_code ? WAGE_CODE_LABELS[Number(r.wage_code)] : WAGE_KIND_LABELS[r.wage_kind as string],
      opened: formatDateVi(r.opened_on as string),
      deadline: formatDateVi(r.deadline as string),
      state: VACANCY_STATE_TABLE[r.state as 'open'].label,
      centre: r.centre_name,
    });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
