// Employers (Mẫu 03) and vacancies (Mẫu 03a) of a centre, and matching in both directions: every centre reads a
// vacancy's public fields; its contacts and the employer's stay with its centre; another centre's job seekers are
// shown anonymised.
import { UniqueConstraintError } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { defineScope, scopeFor } from '../../shared/auth/scope';
import { recordAudit } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { now, today } from '../../shared/clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import { syncObligations } from '../../shared/obligations';
import { fold, nfc, normalisePhone } from '../../shared/text';
import { applyAction, allowedActions, listEvents, timeline } from '../../shared/workflow';
import { occupationNames, provinceName, SECTOR_VERSION } from '../reference';
import { Vacancy } from './exchange.model';
import type { EmployerInput, VacancyInput } from './exchange.schemas';
import { SYSTEM_ACTIONS, vacancyWorkflow } from './exchange.workflow';
import {
  centreOf,
  checkPlaces,
  insertRow,
  updateRow,
  occupationVersionFor,
  wageColumns,
  seekerScope,
} from './exchange.seekers';
import { availabilityWords, rankSeekers, rankVacancies, seekerRow, vacancyRow } from './exchange.matching';

// the engine's scope: a centre writes its own vacancies
defineScope('vacancy', (actor) =>
  actor.role === 'admin'
    ? 'all'
    : actor.role === 'centre_staff' && actor.agencyId
      ? { centreId: actor.agencyId }
      : 'none',
);

// ---- employers (Mẫu 03) ----

const EMPLOYER_PUBLIC =
  'e.id, e.centre_id, e.kind, e.name, e.ownership, e.province_code, e.commune_code, e.industrial_zone, e.sector_code, e.main_product, e.workforce_band';

export async function createEmployer(actor: Actor, input: EmployerInput) {
  const centre = await centreOf(actor);
  await checkPlaces([{ province: input.provinceCode, commune: input.communeCode, path: 'communeCode' }]);
  const phone = normalisePhone(input.phone);
  if (!phone) throw new ValidationError([{ path: 'phone', message: 'Số điện thoại không hợp lệ (dạng 0xxxxxxxxx)' }]);
  try {
    const id = await inTransaction(async () => {
      const id = await insertRow('employers', {
        centre_id: centre.id,
        kind: input.kind,
        name: nfc(input.name),
        name_folded: fold(input.name),
        enterprise_code: input.enterpriseCode ?? null,
        personal_id: input.personalId ?? null,
        ownership: input.ownership,
        province_code: input.provinceCode,
        commune_code: input.communeCode,
        address: nfc(input.address),
        industrial_zone: input.industrialZone ? nfc(input.industrialZone) : null,
        phone,
        email: input.email,
        sector_version: SECTOR_VERSION,
        sector_code: input.sectorCode,
        main_product: nfc(input.mainProduct),
        workforce_band: input.workforceBand,
        hiring_next_6_months: input.hiringNext6Months ?? null,
        services_wanted: input.servicesWanted ?? [],
        representative: nfc(input.representative),
        created_by_user_id: actor.userId,
      });
      await recordAudit({ actor, action: 'employer.created', entity: 'employer', entityId: id, after: { ...input } });
      return id;
    });
    return getEmployer(actor, id);
  } catch (err) {
    if (err instanceof UniqueConstraintError || (err as { original?: { code?: string } }).original?.code === '23505')
      throw new ConflictError('Trung tâm đã đăng ký người sử dụng lao động có mã số này', { reason: 'DUPLICATE' });
    throw err;
  }
}

function employerScope(actor: Actor, bind: unknown[]): string {
  if (actor.role === 'admin') return 'TRUE';
  if (actor.role === 'centre_staff' && actor.agencyId) {
    bind.push(actor.agencyId);
    return `e.centre_id = $${bind.length}`;
  }
  return 'FALSE';
}

export async function getEmployer(actor: Actor, id: number) {
  const bind: unknown[] = [id];
  const [e] = await select<Record<string, unknown>>(
    `SELECT e.*, c.name AS centre_name FROM employers e JOIN agency_licences c ON c.id = e.centre_id WHERE e.id = $1 AND ${employerScope(actor, bind)}`,
    bind,
  );
  if (!e) throw new NotFoundError('Không tìm thấy người sử dụng lao động');
  const vacancies = await select<Record<string, unknown>>(
    'SELECT id, title, state, number_to_hire, hired_count, deadline FROM vacancies WHERE employer_id = $1 ORDER BY id DESC LIMIT 100',
    [id],
  );
  return {
    id: Number(e.id),
    centreId: Number(e.centre_id),
    centreName: e.centre_name as string,
    kind: e.kind as string,
    name: e.name as string,
    enterpriseCode: (e.enterprise_code as string | null) ?? null,
    personalId: (e.personal_id as string | null) ?? null,
    ownership: e.ownership as string,
    provinceCode: e.province_code as string,
    communeCode: e.commune_code as string,
    address: e.address as string,
    industrialZone: (e.industrial_zone as string | null) ?? null,
    phone: e.phone as string,
    email: e.email as string,
    sectorCode: e.sector_code as string,
    mainProduct: e.main_product as string,
    workforceBand: Number(e.workforce_band),
    hiringNext6Months: e.hiring_next_6_months === null ? null : Number(e.hiring_next_6_months),
    servicesWanted: e.services_wanted as string[],
    representative: e.representative as string,
    vacancies: vacancies.map((v) => ({
      id: Number(v.id),
      title: v.title as string,
      state: v.state as string,
      numberToHire: Number(v.number_to_hire),
      hiredCount: Number(v.hired_count),
      deadline: v.deadline as string,
    })),
  };
}

export async function listEmployers(actor: Actor, q: { q?: string; page: number; pageSize: number }) {
  const bind: unknown[] = [];
  const where = [employerScope(actor, bind)];
  const term = (q.q ?? '').trim();
  if (/^[0-9-]{10,14}$/.test(term)) {
    bind.push(term);
    where.push(`(e.enterprise_code = $${bind.length} OR e.personal_id = $${bind.length})`);
  } else if (term) {
    bind.push(`%${fold(term)}%`);
    where.push(`e.name_folded LIKE $${bind.length}`);
  }
  bind.push(q.pageSize, (q.page - 1) * q.pageSize);
  const rows = await select<Record<string, unknown>>(
    `SELECT ${EMPLOYER_PUBLIC}, e.enterprise_code, (SELECT count(*) FROM vacancies v WHERE v.employer_id = e.id AND v.state = 'open') AS open_vacancies
     FROM employers e WHERE ${where.join(' AND ')} ORDER BY e.name_folded, e.id LIMIT $${bind.length - 1} OFFSET $${bind.length}`,
    bind,
  );
  return rows.map((e) => ({
    id: Number(e.id),
    kind: e.kind as string,
    name: e.name as string,
    enterpriseCode: (e.enterprise_code as string | null) ?? null,
    ownership: e.ownership as string,
    provinceCode: e.province_code as string,
    sectorCode: e.sector_code as string,
    workforceBand: Number(e.workforce_band),
    openVacancies: Number(e.open_vacancies),
  }));
}

export async function updateEmployer(actor: Actor, id: number, input: Partial<EmployerInput>) {
  await inTransaction(async () => {
    const bind: unknown[] = [id];
    const [e] = await select<{ id: string; province_code: string }>(
      `SELECT e.id, e.province_code FROM employers e WHERE e.id = $1 AND ${employerScope(actor, bind)} FOR UPDATE`,
      bind,
    );
    if (!e || actor.role !== 'centre_staff') throw new NotFoundError('Không tìm thấy người sử dụng lao động');
    await checkPlaces([
      { province: input.provinceCode ?? e.province_code, commune: input.communeCode, path: 'communeCode' },
    ]);
    const cols: Record<string, unknown> = {};
    if (input.name !== undefined) Object.assign(cols, { name: nfc(input.name), name_folded: fold(input.name) });
    const plain: [keyof EmployerInput, string][] = [
      ['ownership', 'ownership'],
      ['provinceCode', 'province_code'],
      ['communeCode', 'commune_code'],
      ['address', 'address'],
      ['industrialZone', 'industrial_zone'],
      ['email', 'email'],
      ['sectorCode', 'sector_code'],
      ['mainProduct', 'main_product'],
      ['workforceBand', 'workforce_band'],
      ['hiringNext6Months', 'hiring_next_6_months'],
      ['servicesWanted', 'services_wanted'],
      ['representative', 'representative'],
    ];
    for (const [k, col] of plain)
      if (input[k] !== undefined) cols[col] = typeof input[k] === 'string' ? nfc(input[k] as string) : input[k];
    if (input.phone !== undefined) {
      const phone = normalisePhone(input.phone);
      if (!phone)
        throw new ValidationError([{ path: 'phone', message: 'Số điện thoại không hợp lệ (dạng 0xxxxxxxxx)' }]);
      cols.phone = phone;
    }
    await updateRow('employers', id, cols);
    await recordAudit({ actor, action: 'employer.updated', entity: 'employer', entityId: id, after: { ...input } });
  });
  return getEmployer(actor, id);
}

// ---- vacancies (Mẫu 03a) ----

export async function createVacancy(actor: Actor, input: VacancyInput) {
  const centre = await centreOf(actor);
  const [employer] = await select<{ id: string }>('SELECT id FROM employers WHERE id = $1 AND centre_id = $2', [
    input.employerId,
    centre.id,
  ]);
  if (!employer)
    throw new ValidationError([{ path: 'employerId', message: 'Chọn người sử dụng lao động do trung tâm đăng ký' }]);
  const versionId = await occupationVersionFor(input.occupationCode);
  await checkPlaces([{ province: input.provinceCode, commune: input.communeCode, path: 'communeCode' }]);
  const phone = normalisePhone(input.contactPhone);
  if (!phone)
    throw new ValidationError([{ path: 'contactPhone', message: 'Số điện thoại không hợp lệ (dạng 0xxxxxxxxx)' }]);
  const id = await inTransaction(async () => {
    const id = await insertRow('vacancies', {
      centre_id: centre.id,
      employer_id: input.employerId,
      title: nfc(input.title),
      number_to_hire: input.numberToHire,
      description: nfc(input.description),
      position: nfc(input.position),
      occupation_version_id: versionId,
      occupation_code: input.occupationCode,
      general_education: input.generalEducation,
      technical_level: input.technicalLevel,
      skills: input.skills ? nfc(input.skills) : null,
      languages_required: input.languagesRequired ?? [],
      experience: input.experience ?? 'none',
      province_code: input.provinceCode,
      commune_code: input.communeCode,
      industrial_zone: input.industrialZone ? nfc(input.industrialZone) : null,
      contract_type: input.contractType ?? null,
      full_time: input.fullTime,
      ...wageColumns(input),
      benefits: nfc(input.benefits),
      conditions: nfc(input.conditions),
      priority_groups: input.priorityGroups ?? [],
      recruitment_mode: input.recruitmentMode,
      deadline: input.deadline,
      services: input.services ?? [],
      contact_name: nfc(input.contactName),
      contact_phone: phone,
      contact_email: input.contactEmail ?? null,
      contact_opt_in: input.contactOptIn ?? false,
      opened_on: today(),
      next_deadline_on: input.deadline,
      next_deadline_rule: 'E5',
      created_by_user_id: actor.userId,
    });
    await execute(
      `INSERT INTO vacancy_events (vacancy_id, at, actor_user_id, action, from_state, to_state, input)
       VALUES ($1, $2, $3, 'post', NULL, 'open', $4)`,
      [id, now(), actor.userId, JSON.stringify({ numberToHire: input.numberToHire, deadline: input.deadline })],
    );
    await syncObligations(
      { type: 'vacancy', id },
      [{ kind: 'vacancy_deadline', ruleId: 'E5', dueOn: input.deadline, whoseMove: 'agency', status: 'open' }],
      { agencyId: centre.id, provinceCode: centre.provinceCode, communeCode: null },
    );
    await recordAudit({ actor, action: 'vacancy.created', entity: 'vacancy', entityId: id, after: { ...input } });
    return id;
  });
  return getVacancy(actor, id);
}

/** Every centre reads a vacancy's public fields; its contact and the employer's contact stay with its centre. */
export async function getVacancy(actor: Actor, id: number) {
  if (!['admin', 'centre_staff', 'worker'].includes(actor.role)) throw new NotFoundError('Không tìm thấy việc làm');
  const [v] = await select<Record<string, unknown>>(
    `SELECT v.*, e.name AS employer_name, e.kind AS employer_kind, e.ownership, e.sector_code, e.main_product, e.workforce_band,
            e.province_code AS employer_province, e.address AS employer_address, e.phone AS employer_phone, e.email AS employer_email,
            e.representative, c.name AS centre_name
     FROM vacancies v JOIN employers e ON e.id = v.employer_id JOIN agency_licences c ON c.id = v.centre_id WHERE v.id = $1`,
    [id],
  );
  if (!v) throw new NotFoundError('Không tìm thấy việc làm');
  const own = actor.role === 'admin' || (actor.role === 'centre_staff' && Number(v.centre_id) === actor.agencyId);
  const names = await occupationNames([
    { versionId: Number(v.occupation_version_id), code: String(v.occupation_code) },
  ]);
  const entity = {
    id: Number(v.id),
    state: v.state as string,
    version: Number(v.version),
  };
  return {
    id: Number(v.id),
    centreId: Number(v.centre_id),
    centreName: v.centre_name as string,
    own,
    state: v.state as string,
    version: Number(v.version),
    title: v.title as string,
    numberToHire: Number(v.number_to_hire),
    hiredCount: Number(v.hired_count),
    description: v.description as string,
    position: v.position as string,
    occupationVersionId: Number(v.occupation_version_id),
    occupationCode: v.occupation_code as string,
    occupationName: names.get(`${v.occupation_version_id}:${v.occupation_code}`) ?? null,
    generalEducation: v.general_education as string,
    technicalLevel: v.technical_level as string,
    skills: (v.skills as string | null) ?? null,
    languagesRequired: v.languages_required as string[],
    experience: v.experience as string,
    provinceCode: v.province_code as string,
    communeCode: v.commune_code as string,
    industrialZone: (v.industrial_zone as string | null) ?? null,
    contractType: (v.contract_type as string | null) ?? null,
    fullTime: v.full_time as boolean,
    wageKind: v.wage_kind as string,
    wageBand: (v.wage_band as number | null) ?? null,
    wageAmountVnd: v.wage_amount_vnd === null ? null : Number(v.wage_amount_vnd),
    wageCode: (v.wage_code as number | null) ?? null,
    benefits: v.benefits as string,
    conditions: v.conditions as string,
    priorityGroups: v.priority_groups as string[],
    recruitmentMode: v.recruitment_mode as string,
    deadline: v.deadline as string,
    services: v.services as string[],
    openedOn: v.opened_on as string,
    closedOn: (v.closed_on as string | null) ?? null,
    employer: {
      id: Number(v.employer_id),
      name: v.employer_name as string,
      kind: v.employer_kind as string,
      ownership: v.ownership as string,
      sectorCode: v.sector_code as string,
      mainProduct: v.main_product as string,
      workforceBand: Number(v.workforce_band),
      provinceCode: v.employer_province as string,
      ...(own
        ? {
            address: v.employer_address as string,
            phone: v.employer_phone as string,
            email: v.employer_email as string,
            representative: v.representative as string,
          }
        : {}),
    },
    contact: own
      ? {
          name: v.contact_name as string,
          phone: v.contact_phone as string,
          email: (v.contact_email as string | null) ?? null,
          optIn: v.contact_opt_in as boolean,
        }
      : null,
    allowedActions:
      own && actor.role === 'centre_staff'
        ? allowedActions(vacancyWorkflow, entity as never, actor).filter((a) => !SYSTEM_ACTIONS.has(a.action))
        : [],
  };
}
export type VacancyDetail = Awaited<ReturnType<typeof getVacancy>>;

/** The referrals made to the centre's own vacancy (its board, by person), newest first. */
export async function vacancyReferrals(actor: Actor, id: number) {
  const v = await getVacancy(actor, id);
  if (!v.own) return [];
  const rows = await select<{ id: string; state: string; full_name: string; introduced_on: string; origin: string }>(
    `SELECT r.id, r.state, w.full_name, r.introduced_on, r.origin FROM referrals r JOIN worker_exchange_facts w ON w.id = r.worker_id
     WHERE r.vacancy_id = $1 AND r.centre_id = $2 ORDER BY r.id DESC LIMIT 200`,
    [id, v.centreId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    state: r.state,
    fullName: r.full_name,
    introducedOn: r.introduced_on,
    origin: r.origin,
  }));
}

export async function vacancyTimeline(actor: Actor, id: number) {
  await getVacancy(actor, id);
  return timeline(vacancyWorkflow, (await listEvents(vacancyWorkflow, id)) as never);
}

export async function listVacancies(
  actor: Actor,
  q: { q?: string; state?: string; mine?: boolean; page: number; pageSize: number },
) {
  if (!['admin', 'centre_staff'].includes(actor.role)) throw new ForbiddenError();
  const bind: unknown[] = [];
  const where: string[] = ['TRUE'];
  const p = (v: unknown) => {
    bind.push(v);
    return `$${bind.length}`;
  };
  if (q.mine && actor.agencyId) where.push(`v.centre_id = ${p(actor.agencyId)}`);
  if (q.state) where.push(`v.state = ${p(q.state)}`);
  const term = (q.q ?? '').trim();
  if (/^[0-9]{1,4}$/.test(term)) where.push(`v.occupation_code LIKE ${p(`${term}%`)}`);
  else if (term)
    where.push(`(lower(v.title) LIKE ${p(`%${term.toLowerCase()}%`)} OR e.name_folded LIKE ${p(`%${fold(term)}%`)})`);
  const rows = await select<Record<string, unknown>>(
    `SELECT v.id, v.centre_id, v.title, v.state, v.number_to_hire, v.hired_count, v.deadline, v.province_code, v.commune_code,
            v.occupation_version_id, v.occupation_code, e.name AS employer_name, c.name AS centre_name
     FROM vacancies v JOIN employers e ON e.id = v.employer_id JOIN agency_licences c ON c.id = v.centre_id
     WHERE ${where.join(' AND ')} ORDER BY v.state = 'open' DESC, v.deadline, v.id LIMIT ${p(q.pageSize)} OFFSET ${p((q.page - 1) * q.pageSize)}`,
    bind,
  );
  const names = await occupationNames(
    rows.map((r) => ({ versionId: Number(r.occupation_version_id), code: String(r.occupation_code) })),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    own: actor.role === 'centre_staff' && Number(r.centre_id) === actor.agencyId,
    centreName: r.centre_name as string,
    title: r.title as string,
    state: r.state as string,
    numberToHire: Number(r.number_to_hire),
    hiredCount: Number(r.hired_count),
    deadline: r.deadline as string,
    provinceCode: r.province_code as string,
    communeCode: r.commune_code as string,
    occupationCode: r.occupation_code as string,
    occupationName: names.get(`${r.occupation_version_id}:${r.occupation_code}`) ?? null,
    employerName: r.employer_name as string,
  }));
}

export async function transitionVacancy(
  actor: Actor,
  id: number,
  body: { action: string; input?: Record<string, unknown>; expectedVersion: number },
) {
  if (SYSTEM_ACTIONS.has(body.action))
    throw new ConflictError('Việc làm tự chuyển sang «Đã tuyển đủ» khi ghi nhận người được tuyển cuối cùng', {
      reason: 'ACTION_NOT_ALLOWED',
    });
  return applyAction(vacancyWorkflow, {
    model: Vacancy as never,
    id,
    scope: scopeFor(actor, 'vacancy'),
    action: body.action,
    input: body.input ?? {},
    expectedVersion: body.expectedVersion,
    actor,
  });
}

// ---- matching ----

/** The job seekers for the centre's own vacancy: its own registrations in full, other centres' as anonymised rows. */
export async function matchVacancy(actor: Actor, vacancyId: number) {
  const centre = await centreOf(actor);
  const v = await vacancyRow(vacancyId);
  if (!v || Number(v.centre_id) !== centre.id) throw new NotFoundError('Không tìm thấy việc làm');
  const on = today();
  const ranked = await rankSeekers(v, on);
  const own = ranked.filter((r) => Number(r.row.centre_id) === centre.id).map((r) => Number(r.row.id));
  const people = own.length
    ? await select<{ id: string; full_name: string; cccd: string }>(
        'SELECT s.id, w.full_name, w.cccd FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id WHERE s.id = ANY($1)',
        [own],
      )
    : [];
  const byId = new Map(people.map((p) => [Number(p.id), p]));
  const live = await select<{ job_seeker_id: string; id: string; state: string }>(
    "SELECT job_seeker_id, id, state FROM referrals WHERE vacancy_id = $1 AND state IN ('introduced', 'interviewed', 'hired')",
    [vacancyId],
  );
  const pending = await select<{ job_seeker_id: string }>(
    "SELECT job_seeker_id FROM introduction_requests WHERE vacancy_id = $1 AND status = 'pending'",
    [vacancyId],
  );
  const referred = new Map(live.map((l) => [Number(l.job_seeker_id), { id: Number(l.id), state: l.state }]));
  const asked = new Set(pending.map((p) => Number(p.job_seeker_id)));
  return ranked.map((r, i) => {
    const id = Number(r.row.id);
    const mine = Number(r.row.centre_id) === centre.id;
    const person = byId.get(id);
    const base = {
      rank: i + 1,
      jobSeekerId: id,
      own: mine,
      score: r.match.score,
      hardOk: r.match.hardOk,
      hard: r.match.hard,
      reasons: r.match.reasons,
      certifiedRank: r.certifiedRank,
      referral: referred.get(id) ?? null,
      requested: asked.has(id),
    };
    if (mine && person)
      return { ...base, fullName: person.full_name, cccdMasked: maskCccd(person.cccd), summary: null as string | null };
    // another centre's job seeker: one person, a province, a group, an availability; never a name or a CCCD
    return {
      ...base,
      fullName: null as string | null,
      cccdMasked: null as string | null,
      summary: `1 người ở ${r.row.residence_province ? provinceName(r.row.residence_province).replace(/^Tỉnh /, '') : 'tỉnh chưa rõ'}, nhóm nghề ${
        r.row.occ2 ?? r.row.occupation_code
      }, ${availabilityWords(r.row.available_from, Number(r.row.available_after_months), on)}`,
    };
  });
}

/** The vacancies for one job seeker (the centre's own registration, or the worker herself). */
export async function matchJobSeeker(actor: Actor, jobSeekerId: number) {
  const bind: unknown[] = [jobSeekerId];
  const [s] = await select<{ id: string; status: string }>(
    `SELECT s.id, s.status FROM job_seekers s JOIN worker_exchange_facts w ON w.id = s.worker_id WHERE s.id = $1 AND ${seekerScope(actor, bind)}`,
    bind,
  );
  if (!s || actor.role === 'commune_officer') throw new NotFoundError('Không tìm thấy người tìm việc');
  // E1: a withdrawn consent leaves matching at once
  if (s.status !== 'active') return [];
  const row = (await seekerRow(jobSeekerId))!;
  const on = today();
  const ranked = await rankVacancies(row, on);
  const ids = ranked.map((r) => Number(r.row.id));
  const extra = ids.length
    ? await select<{
        id: string;
        employer_name: string;
        centre_name: string;
        occupation_version_id: string;
        wage_kind: string;
        wage_amount_vnd: string | null;
      }>(
        `SELECT v.id, e.name AS employer_name, c.name AS centre_name, v.occupation_version_id, v.wage_kind, v.wage_amount_vnd
         FROM vacancies v JOIN employers e ON e.id = v.employer_id JOIN agency_licences c ON c.id = v.centre_id WHERE v.id = ANY($1)`,
        [ids],
      )
    : [];
  const byId = new Map(extra.map((e) => [Number(e.id), e]));
  const names = await occupationNames(
    ranked.map((r) => ({
      versionId: Number(byId.get(Number(r.row.id))?.occupation_version_id),
      code: r.row.occupation_code,
    })),
  );
  return ranked.map((r, i) => {
    const e = byId.get(Number(r.row.id));
    return {
      rank: i + 1,
      vacancyId: Number(r.row.id),
      title: r.row.title,
      employerName: e?.employer_name ?? '',
      centreName: e?.centre_name ?? '',
      own: actor.role === 'centre_staff' && Number(r.row.centre_id) === actor.agencyId,
      provinceCode: r.row.province_code,
      communeCode: r.row.commune_code,
      deadline: r.row.deadline,
      placesLeft: Number(r.row.number_to_hire) - Number(r.row.hired_count),
      occupationCode: r.row.occupation_code,
      occupationName: names.get(`${e?.occupation_version_id}:${r.row.occupation_code}`) ?? null,
      wageCode: r.row.wage_code,
      wageKind: e?.wage_kind ?? null,
      score: r.match.score,
      hardOk: r.match.hardOk,
      hard: r.match.hard,
      reasons: r.match.reasons,
    };
  });
}
