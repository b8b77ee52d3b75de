// The support-grant rules as pure functions (no database; DOMAIN.md §4, §14; R24–R27): an eligibility matrix by
// group and clause for both programmes, every criterion at its edge, and each rate and cap of the seeded policy
// values (seeders/data/policies.csv, rows 'grant.') at its edge, with the arithmetic the officer and worker read.
import { expect } from 'chai';
import {
  allowedFor,
  bestGroup,
  eligibility,
  groupsOf,
  type ClaimAllowed,
  type Criterion,
  type EligibilityFacts,
  type Item,
  type Programme,
  type WorkerFacts,
} from '../../../server/modules/grants/grants.rules';
import type { PolicySet } from '../../../server/modules/policies';
import { seededPolicies } from '../../helpers/policies';
import { formatMoney } from '../../../server/shared/format';

const money = (v: bigint) => formatMoney(v);

const ON = '2026-11-27';
const PROVINCE = '40';

// The programmes as the migration seeds them (grant_programmes).
const MTQG: EligibilityFacts['programme'] = {
  code: 'mtqg',
  name: 'MTQG giảm nghèo bền vững 2021–2025, Tiểu dự án 2',
  payableFrom: '2022-01-18',
  payableTo: '2026-12-31',
  citation: 'Quyết định 90/QĐ-TTg; Thông tư 55/2023/TT-BTC, Điều 69; Thông tư 60/2026/TT-BTC, Điều 21',
};
const ND338: EligibilityFacts['programme'] = {
  code: 'nd338',
  name: 'Hỗ trợ đi làm việc ở nước ngoài theo Nghị định 338/2025/NĐ-CP',
  payableFrom: '2026-01-01',
  payableTo: null,
  citation: 'Luật Việc làm 74/2025/QH15, Điều 14; Nghị định 338/2025/NĐ-CP, Điều 30',
};
const AREA: NonNullable<EligibilityFacts['area']> = {
  kind: 'poor_district',
  label: 'huyện nghèo Kỳ Sơn, Nghệ An (địa giới cũ)',
};

const policyCache = new Map<string, PolicySet>();
const policies = (date: string): PolicySet => {
  let p = policyCache.get(date);
  if (!p) policyCache.set(date, (p = seededPolicies(date)));
  return p;
};
const minAge = () => policies(ON).require('worker.min_age');

function worker(over: Partial<WorkerFacts> = {}): WorkerFacts {
  return {
    dateOfBirth: '2000-05-10',
    ethnicity: 'Kinh',
    provinceCode: PROVINCE,
    communeCode: '17011',
    householdStatus: 'none',
    householdStatusYear: null,
    landRecovered: false,
    meritoriousFamily: false,
    ...over,
  };
}

function facts(over: Partial<EligibilityFacts> = {}, w: Partial<WorkerFacts> = {}): EligibilityFacts {
  return {
    on: ON,
    programme: MTQG,
    worker: worker(w),
    provinceCode: PROVINCE,
    area: AREA,
    case: {
      state: 'contract_signed',
      stageLabel: 'Đã ký hợp đồng',
      orderApproved: true,
      orderReference: 'DH-2026-001',
    },
    declaredGroups: [],
    awarded: [],
    ...over,
  };
}
const nd338 = (over: Partial<EligibilityFacts> = {}, w: Partial<WorkerFacts> = {}) =>
  facts({ programme: ND338, area: null, ...over }, w);

const criteria = (f: EligibilityFacts) => eligibility(f, minAge());
const criterion = (f: EligibilityFacts, key: string): Criterion => {
  const c = criteria(f).find((x) => x.key === key);
  if (!c) throw new Error(`no criterion ${key}`);
  return c;
};
const failing = (f: EligibilityFacts) =>
  criteria(f)
    .filter((c) => !c.ok)
    .map((c) => `${c.key}:${c.ruleId}`);

function claim(
  programme: Programme,
  clause: string,
  item: Item,
  claimedVnd: bigint,
  o: { quantity?: number; daysPresent?: number; difficultArea?: boolean; awarded?: boolean; on?: string } = {},
): ClaimAllowed {
  return allowedFor(
    policies(o.on ?? ON),
    programme,
    clause,
    { item, quantity: o.quantity ?? 1, claimedVnd },
    { daysPresent: o.daysPresent ?? 0, difficultArea: o.difficultArea ?? false, awarded: o.awarded ?? false },
  );
}
/** The id of the seeded row a claim must have used. */
const rowId = (key: string, clause?: string) => {
  const r = policies(ON).get(key, clause ? { beneficiaryGroup: clause } : {});
  if (!r) throw new Error(`no seeded row ${key} ${clause ?? ''}`);
  return r.id;
};

describe('grant rules (pure)', () => {
  describe('R24: MTQG groups and the Circular 55/2023 Art 69 clause', () => {
    const matrix: [string, Partial<WorkerFacts>, string[], string, string, string][] = [
      [
        'a Kinh worker from a poor household certified this year',
        { householdStatus: 'poor', householdStatusYear: 2026 },
        ['poor', 'area_resident'],
        'poor',
        'clause1',
        'Hộ nghèo',
      ],
      [
        'an ethnic-minority worker (Tày) of no listed household',
        { ethnicity: 'Tày' },
        ['ethnic_minority', 'area_resident'],
        'ethnic_minority',
        'clause1',
        'Người dân tộc thiểu số',
      ],
      [
        'a Kinh worker from a near-poor household certified this year',
        { householdStatus: 'near_poor', householdStatusYear: 2026 },
        ['near_poor', 'area_resident'],
        'near_poor',
        'clause2',
        'Hộ cận nghèo',
      ],
      [
        'a Kinh worker from a household certified this year as newly escaped poverty',
        { householdStatus: 'escaped_poverty', householdStatusYear: 2026 },
        ['escaped_poverty', 'area_resident'],
        'escaped_poverty',
        'clause2',
        'Hộ mới thoát nghèo',
      ],
      [
        'any other Kinh worker living in the area',
        {},
        ['area_resident'],
        'area_resident',
        'clause3',
        'Người lao động khác cư trú tại địa bàn',
      ],
    ];
    for (const [who, w, groups, group, clause, label] of matrix)
      it(`R24: when ${who} lives in an eligible area, then the group is ${group} under ${clause}`, () => {
        const f = facts({}, w);
        expect(groupsOf(f)).to.deep.equal(groups);
        expect(bestGroup(f)).to.deep.equal({ group, clause, label });
        expect(criterion(f, 'group')).to.include({ ok: true, ruleId: 'R24' });
      });

    it('R24: the group criterion names the group and clause; a worker in the area alone is in one group', () => {
      expect(criterion(facts(), 'group').message).to.equal(
        'Đối tượng có lợi nhất: Người lao động khác cư trú tại địa bàn — Điều 69 khoản 3 (học nghề và 50 % ngoại ngữ).',
      );
      expect(
        criterion(facts({}, { householdStatus: 'near_poor', householdStatusYear: 2026 }), 'group').message,
      ).to.equal(
        'Đối tượng có lợi nhất: Hộ cận nghèo — Điều 69 khoản 2 (ngoại ngữ 70 %) (thuộc 2 nhóm; chọn nhóm có lợi nhất).',
      );
    });

    it('R24, R26 (Art 69 clause 6): when a near-poor worker is also of an ethnic minority, then the most favourable clause 1 wins', () => {
      const f = facts({}, { ethnicity: 'Mường', householdStatus: 'near_poor', householdStatusYear: 2026 });
      expect(groupsOf(f)).to.deep.equal(['ethnic_minority', 'near_poor', 'area_resident']);
      expect(bestGroup(f)).to.deep.equal({
        group: 'ethnic_minority',
        clause: 'clause1',
        label: 'Người dân tộc thiểu số',
      });
      expect(criterion(f, 'group').message).to.equal(
        'Đối tượng có lợi nhất: Người dân tộc thiểu số — Điều 69 khoản 1 (mức đầy đủ) (thuộc 3 nhóm; chọn nhóm có lợi nhất).',
      );
    });

    it('R24, R26: when a newly-escaped-poverty worker is also of an ethnic minority, then clause 1, not clause 2', () => {
      const f = facts({}, { ethnicity: 'Thái', householdStatus: 'escaped_poverty', householdStatusYear: 2026 });
      expect(bestGroup(f)).to.deep.equal({
        group: 'ethnic_minority',
        clause: 'clause1',
        label: 'Người dân tộc thiểu số',
      });
    });

    it('R24, R26: when a poor worker is also of an ethnic minority, then clause 1 through the first group listed (poor)', () => {
      const f = facts({}, { ethnicity: "H'Mông", householdStatus: 'poor', householdStatusYear: 2026 });
      expect(groupsOf(f)).to.deep.equal(['poor', 'ethnic_minority', 'area_resident']);
      expect(bestGroup(f)).to.deep.equal({ group: 'poor', clause: 'clause1', label: 'Hộ nghèo' });
    });

    it('R24, R27: when the household status is certified for another year, then it does not count: the worker falls to clause 3', () => {
      for (const year of [2025, 2027, null]) {
        for (const status of ['poor', 'near_poor', 'escaped_poverty'] as const) {
          const f = facts({}, { householdStatus: status, householdStatusYear: year });
          expect(groupsOf(f), `${status} ${year}`).to.deep.equal(['area_resident']);
          expect(bestGroup(f)?.clause, `${status} ${year}`).to.equal('clause3');
        }
      }
    });

    it('R24: when a household certified last year is of an ethnic minority, then clause 1 still holds through ethnicity', () => {
      const f = facts({}, { ethnicity: 'Dao', householdStatus: 'poor', householdStatusYear: 2025 });
      expect(groupsOf(f)).to.deep.equal(['ethnic_minority', 'area_resident']);
      expect(bestGroup(f)?.clause).to.equal('clause1');
    });

    it('R24: when the worker lives in no eligible area, then no group at all, even poor and of an ethnic minority', () => {
      const f = facts({ area: null }, { ethnicity: 'Tày', householdStatus: 'poor', householdStatusYear: 2026 });
      expect(groupsOf(f)).to.deep.equal([]);
      expect(bestGroup(f)).to.equal(null);
      expect(failing(f)).to.deep.equal(['area:R24', 'group:R24']);
      expect(criterion(f, 'area').message).to.equal(
        'Nơi cư trú không thuộc huyện nghèo hoặc xã đặc biệt khó khăn vùng bãi ngang, ven biển, hải đảo (theo địa giới cũ) trong danh sách của tỉnh.',
      );
      expect(criterion(f, 'group').message).to.equal('Không thuộc nhóm đối tượng nào của chương trình.');
    });

    it('R24: the area criterion names the area the worker lives in', () => {
      expect(criterion(facts(), 'area')).to.include({
        ok: true,
        ruleId: 'R24',
        message: 'Cư trú tại địa bàn được hỗ trợ: huyện nghèo Kỳ Sơn, Nghệ An (địa giới cũ).',
      });
    });

    it('R24: Kinh however written, or no ethnicity recorded, is not an ethnic minority', () => {
      for (const ethnicity of ['Kinh', 'kinh', ' KINH ', null, ''])
        expect(groupsOf(facts({}, { ethnicity })), String(ethnicity)).to.deep.equal(['area_resident']);
    });

    it('R24: groups declared for Decree 338 do not count for MTQG', () => {
      const f = facts({ declaredGroups: ['military_service', 'youth_volunteer', 'poor'] });
      expect(groupsOf(f)).to.deep.equal(['area_resident']);
      expect(groupsOf({ ...f, area: null })).to.deep.equal([]);
    });

    it('R24: MTQG is payable to 31/12/2026 itself; on 01/01/2027 it is not', () => {
      expect(criterion(facts({ on: '2026-12-31' }), 'programme')).to.include({
        ok: true,
        ruleId: 'R24',
        message: 'MTQG giảm nghèo bền vững 2021–2025, Tiểu dự án 2: còn chi trả đến 31/12/2026.',
      });
      const late = facts({ on: '2027-01-01' });
      expect(criterion(late, 'programme')).to.include({
        ok: false,
        ruleId: 'R24',
        message: 'MTQG giảm nghèo bền vững 2021–2025, Tiểu dự án 2: chỉ chi trả từ 18/01/2022 đến 31/12/2026.',
        plain: 'Chương trình không chi trả vào thời điểm này.',
      });
      expect(failing(late)).to.deep.equal(['programme:R24']);
    });

    it('R24: MTQG is payable from the day Decision 90 was signed (18/01/2022), not the day before', () => {
      expect(criterion(facts({ on: '2022-01-18' }), 'programme').ok).to.equal(true);
      expect(criterion(facts({ on: '2022-01-17' }), 'programme').ok).to.equal(false);
    });
  });

  describe('R24, R26: Decree 338/2025 groups (Employment Law 74/2025 Art 14)', () => {
    const seven: [string, Partial<WorkerFacts>, string[], string][] = [
      ['meritorious', { meritoriousFamily: true }, [], 'Người có công với cách mạng và thân nhân'],
      ['ethnic_minority', { ethnicity: 'Khmer' }, [], 'Người dân tộc thiểu số'],
      ['poor_near_poor', { householdStatus: 'poor', householdStatusYear: 2026 }, [], 'Hộ nghèo, hộ cận nghèo'],
      ['land_recovered', { landRecovered: true }, [], 'Người bị thu hồi đất'],
      ['military_service', {}, ['military_service'], 'Người đã hoàn thành nghĩa vụ quân sự, công an'],
      ['youth_volunteer', {}, ['youth_volunteer'], 'Thanh niên tình nguyện hoàn thành nhiệm vụ chương trình'],
      [
        'intellectual_volunteer',
        {},
        ['intellectual_volunteer'],
        'Trí thức trẻ tình nguyện phục vụ khu kinh tế – quốc phòng',
      ],
    ];
    for (const [group, w, declared, label] of seven)
      it(`R24: when the worker is only in the group ${group}${declared.length ? ' (by declaration)' : ''}, then that group, at the Decree 338 rates`, () => {
        const f = nd338({ declaredGroups: declared }, w);
        expect(groupsOf(f)).to.deep.equal([group]);
        expect(bestGroup(f)).to.deep.equal({ group, clause: 'all', label });
        expect(criterion(f, 'group')).to.include({
          ok: true,
          ruleId: 'R26',
          message: `Đối tượng có lợi nhất: ${label} — Nghị định 338/2025, Điều 30.`,
        });
        expect(failing(f)).to.deep.equal([]);
      });

    it('R24: a near-poor household certified this year is the group poor_near_poor; newly escaped poverty is no group', () => {
      expect(groupsOf(nd338({}, { householdStatus: 'near_poor', householdStatusYear: 2026 }))).to.deep.equal([
        'poor_near_poor',
      ]);
      expect(groupsOf(nd338({}, { householdStatus: 'escaped_poverty', householdStatusYear: 2026 }))).to.deep.equal([]);
    });

    it('R24, R27: a poor household certified for another year is no group', () => {
      expect(groupsOf(nd338({}, { householdStatus: 'poor', householdStatusYear: 2025 }))).to.deep.equal([]);
      expect(groupsOf(nd338({}, { householdStatus: 'near_poor', householdStatusYear: null }))).to.deep.equal([]);
    });

    it('R24: only the three declarable groups count by declaration; the others must come from the record', () => {
      const f = nd338({ declaredGroups: ['meritorious', 'ethnic_minority', 'poor_near_poor', 'land_recovered', 'x'] });
      expect(groupsOf(f)).to.deep.equal([]);
      expect(bestGroup(f)).to.equal(null);
    });

    it('R24: when the worker is in no group, then not eligible, and the group criterion says so', () => {
      const f = nd338();
      expect(bestGroup(f)).to.equal(null);
      expect(failing(f)).to.deep.equal(['group:R26']);
      expect(criterion(f, 'group')).to.include({
        message: 'Không thuộc nhóm đối tượng nào của chương trình.',
        plain: 'Bạn chưa thuộc nhóm được hỗ trợ của chương trình này.',
      });
    });

    it('R26: when the worker is in several groups, then the first one is named and the count is told', () => {
      const f = nd338(
        { declaredGroups: ['youth_volunteer'] },
        { meritoriousFamily: true, ethnicity: 'Ê Đê', landRecovered: true },
      );
      expect(groupsOf(f)).to.deep.equal(['meritorious', 'ethnic_minority', 'land_recovered', 'youth_volunteer']);
      expect(bestGroup(f)).to.deep.equal({
        group: 'meritorious',
        clause: 'all',
        label: 'Người có công với cách mạng và thân nhân',
      });
      expect(criterion(f, 'group').message).to.equal(
        'Đối tượng có lợi nhất: Người có công với cách mạng và thân nhân — Nghị định 338/2025, Điều 30 (thuộc 4 nhóm; chọn nhóm có lợi nhất).',
      );
    });

    it('R24: Decree 338 needs no eligible area: its criteria have no area criterion', () => {
      expect(criteria(nd338({}, { landRecovered: true })).map((c) => c.key)).to.deep.equal([
        'age',
        'residence',
        'case',
        'programme',
        'group',
      ]);
    });

    it('R24: Decree 338 is payable from 01/01/2026 with no end; on 31/12/2025 it is not', () => {
      expect(criterion(nd338({ on: '2026-01-01' }, { landRecovered: true }), 'programme')).to.include({
        ok: true,
        message: 'Hỗ trợ đi làm việc ở nước ngoài theo Nghị định 338/2025/NĐ-CP: còn chi trả.',
      });
      const early = nd338({ on: '2025-12-31' }, { landRecovered: true });
      expect(criterion(early, 'programme')).to.include({
        ok: false,
        ruleId: 'R24',
        message: 'Hỗ trợ đi làm việc ở nước ngoài theo Nghị định 338/2025/NĐ-CP: chỉ chi trả từ 01/01/2026.',
      });
      expect(failing(early)).to.deep.equal(['programme:R24']);
      expect(criterion(nd338({ on: '2035-12-31' }, { landRecovered: true }), 'programme').ok).to.equal(true);
    });
  });

  describe('criteria', () => {
    it('when everything holds, then every MTQG criterion passes, in order, each with its rule', () => {
      const list = criteria(facts({}, { householdStatus: 'poor', householdStatusYear: 2026 }));
      expect(list.map((c) => [c.key, c.ruleId, c.ok])).to.deep.equal([
        ['age', 'R1', true],
        ['residence', 'R24', true],
        ['area', 'R24', true],
        ['household', 'R27', true],
        ['case', 'R3', true],
        ['programme', 'R24', true],
        ['group', 'R24', true],
      ]);
      for (const c of list) expect(c.evidence, c.key).to.not.equal('');
    });

    it('R1: the day before the 18th birthday fails, the birthday itself and the day after pass', () => {
      const w = { dateOfBirth: '2008-11-27' };
      const before = facts({ on: '2026-11-26' }, w);
      expect(failing(before)).to.deep.equal(['age:R1']);
      expect(criterion(before, 'age')).to.include({
        message: 'Chưa đủ 18 tuổi: đủ tuổi từ 27/11/2026.',
        plain: 'Bạn chưa đủ 18 tuổi.',
        evidence: 'Ngày sinh trong hồ sơ người lao động: 27/11/2008',
      });
      expect(criterion(facts({ on: '2026-11-27' }, w), 'age')).to.include({
        ok: true,
        message: 'Đủ 18 tuổi (sinh ngày 27/11/2008).',
      });
      expect(criterion(facts({ on: '2026-11-28' }, w), 'age').ok).to.equal(true);
    });

    it('R1: the age is judged on the day given (on), not today: born a day later, the same day fails', () => {
      expect(criterion(facts({ on: '2026-11-27' }, { dateOfBirth: '2008-11-28' }), 'age').ok).to.equal(false);
    });

    it('R24: when the worker lives in another province, or none is recorded, then the residence criterion fails', () => {
      const elsewhere = facts({}, { provinceCode: '42' });
      expect(failing(elsewhere)).to.deep.equal(['residence:R24']);
      expect(criterion(elsewhere, 'residence').message).to.equal('Không cư trú trong tỉnh xét hỗ trợ.');
      expect(criterion(facts({}, { provinceCode: null }), 'residence').ok).to.equal(false);
      expect(criterion(facts(), 'residence').message).to.equal('Cư trú trong tỉnh xét hỗ trợ.');
    });

    it('R27: a household status certified for the year judged passes; for the year before it fails and says so', () => {
      expect(criterion(facts({}, { householdStatus: 'poor', householdStatusYear: 2026 }), 'household')).to.include({
        ok: true,
        message: 'Hộ nghèo năm 2026, xã đã xác nhận.',
      });
      expect(
        criterion(facts({}, { householdStatus: 'near_poor', householdStatusYear: 2026 }), 'household').message,
      ).to.equal('Hộ cận nghèo năm 2026, xã đã xác nhận.');
      expect(
        criterion(facts({}, { householdStatus: 'escaped_poverty', householdStatusYear: 2026 }), 'household').message,
      ).to.equal('Hộ mới thoát nghèo năm 2026, xã đã xác nhận.');
      // Decree 338, a Kinh worker whose only group is her household: the stale certificate fails
      const stale = nd338({}, { householdStatus: 'poor', householdStatusYear: 2025 });
      expect(criterion(stale, 'household')).to.include({
        ok: false,
        message: 'Tình trạng hộ được xác nhận cho năm 2025, chưa có xác nhận của xã cho năm 2026.',
        plain: 'Xã cần xác nhận tình trạng hộ của bạn cho năm nay.',
      });
      expect(
        criterion(nd338({}, { householdStatus: 'poor', householdStatusYear: null }), 'household').message,
      ).to.equal('Tình trạng hộ được xác nhận cho năm —, chưa có xác nhận của xã cho năm 2026.');
    });

    it('R27: a stale household certificate does not block a worker whose group does not rest on it (R24 clause 1, clause 3)', () => {
      // an ethnic-minority worker of the area: clause 1 without the certificate
      const minority = facts({}, { ethnicity: 'Dao', householdStatus: 'poor', householdStatusYear: 2025 });
      expect(failing(minority)).to.deep.equal([]);
      expect(criterion(minority, 'household').message).to.equal(
        'Tình trạng hộ được xác nhận cho năm 2025, chưa có xác nhận của xã cho năm 2026; không cần cho nhóm «Người dân tộc thiểu số» (xã xác nhận có thể cho mức có lợi hơn).',
      );
      // a Kinh resident of the area: clause 3 (another resident) meanwhile; certified poor she would get clause 1
      const kinh = facts({}, { householdStatus: 'poor', householdStatusYear: 2025 });
      expect(failing(kinh)).to.deep.equal([]);
      expect(bestGroup(kinh)).to.include({ group: 'area_resident', clause: 'clause3' });
      expect(criterion(kinh, 'household').plain).to.equal(
        'Xã chưa xác nhận tình trạng hộ của bạn năm nay; bạn vẫn thuộc một nhóm được hỗ trợ.',
      );
    });

    it('R27: the year turns on 1 January: a 2025 certification holds on 31/12/2025, not on 01/01/2026', () => {
      const w = { householdStatus: 'poor' as const, householdStatusYear: 2025 };
      expect(criterion(nd338({ on: '2025-12-31' }, w), 'household').ok).to.equal(true);
      expect(criterion(nd338({ on: '2026-01-01' }, w), 'household').ok).to.equal(false);
      expect(groupsOf(nd338({ on: '2026-01-01' }, w))).to.deep.equal([]);
    });

    it('R27: a worker with no household status to prove has no household criterion', () => {
      expect(criteria(facts()).map((c) => c.key)).to.deep.equal([
        'age',
        'residence',
        'area',
        'case',
        'programme',
        'group',
      ]);
    });

    it('R3: only a case whose contract is signed (and not yet returned) counts', () => {
      const at = (state: string) =>
        criterion(
          facts({ case: { state, stageLabel: state, orderApproved: true, orderReference: 'DH-2026-001' } }),
          'case',
        ).ok;
      for (const state of ['contract_signed', 'visa_processing', 'ready_to_depart', 'departed'])
        expect(at(state), state).to.equal(true);
      for (const state of ['registered', 'prescreened', 'selected', 'returned', 'liquidated', 'closed', 'withdrawn'])
        expect(at(state), state).to.equal(false);
    });

    it('R3: the case criterion names the stage and order, or says which of the two is missing', () => {
      expect(criterion(facts(), 'case').message).to.equal(
        'Hồ sơ ở bước «Đã ký hợp đồng», đơn hàng DH-2026-001 đã được chấp thuận.',
      );
      const unapproved = facts({
        case: { state: 'contract_signed', stageLabel: 'Đã ký hợp đồng', orderApproved: false, orderReference: 'DH-9' },
      });
      expect(failing(unapproved)).to.deep.equal(['case:R3']);
      expect(criterion(unapproved, 'case').message).to.equal(
        'Đơn hàng DH-9 chưa được chấp thuận đăng ký hợp đồng cung ứng.',
      );
      const early = facts({
        case: { state: 'selected', stageLabel: 'Trúng tuyển', orderApproved: true, orderReference: 'DH-9' },
      });
      expect(criterion(early, 'case').message).to.equal(
        'Hồ sơ ở bước «Trúng tuyển»: chỉ hỗ trợ khi đã ký hợp đồng và đủ điều kiện xuất cảnh.',
      );
      const none = facts({ case: null });
      expect(failing(none)).to.deep.equal(['case:R3']);
      expect(criterion(none, 'case').message).to.equal('Không có hồ sơ đi làm việc ở nước ngoài.');
    });
  });

  describe('R25, R26: allowable amounts', () => {
    it('R25: the seeded MTQG rates per clause are those of Circular 55/2023 Art 69 (70 % and 50 % of the language level)', () => {
      const rate = (item: string, clause: string) =>
        policies(ON).get(`grant.mtqg.${item}`, { beneficiaryGroup: clause });
      expect(rate('language', 'clause1')).to.include({ value: '4000000', unit: 'vnd_per_course' });
      expect(rate('language', 'clause2')).to.include({ value: '2800000', unit: 'vnd_per_course' });
      expect(rate('language', 'clause3')).to.include({ value: '2000000', unit: 'vnd_per_course' });
      for (const item of ['food', 'lodging', 'personal_items', 'travel', 'health_check'])
        expect(rate(item, 'clause2')?.value, item).to.equal(rate(item, 'clause1')?.value);
    });

    it('R25: language, clause 1: the cap exactly is paid in full, 1 đồng more is cut to the cap, less is paid as claimed', () => {
      const exact = claim('mtqg', 'clause1', 'language', 4_000_000n);
      expect(exact).to.deep.equal({
        item: 'language',
        allowedVnd: 4_000_000n,
        ok: true,
        ruleId: 'R25',
        arithmetic: [
          'Học ngoại ngữ: tối đa 4.000.000 ₫/khóa × 1 khóa = 4.000.000 ₫',
          'Đề nghị 4.000.000 ₫; được hỗ trợ 4.000.000 ₫',
        ],
        policyId: rowId('grant.mtqg.language', 'clause1'),
      });
      const over = claim('mtqg', 'clause1', 'language', 4_000_001n);
      expect(over.allowedVnd).to.equal(4_000_000n);
      expect(over.arithmetic[1]).to.equal('Đề nghị 4.000.001 ₫; được hỗ trợ 4.000.000 ₫ (theo mức tối đa)');
      expect(claim('mtqg', 'clause1', 'language', 3_999_999n).allowedVnd).to.equal(3_999_999n);
    });

    it('R25: language, clause 2 (near-poor, newly escaped poverty): 70 % of the clause-1 level, 2.800.000 ₫', () => {
      const at = claim('mtqg', 'clause2', 'language', 2_800_000n);
      expect(at.allowedVnd).to.equal(2_800_000n);
      expect(at.policyId).to.equal(rowId('grant.mtqg.language', 'clause2'));
      const over = claim('mtqg', 'clause2', 'language', 2_800_001n);
      expect(over.allowedVnd).to.equal(2_800_000n);
      expect(over.arithmetic).to.deep.equal([
        'Học ngoại ngữ: tối đa 2.800.000 ₫/khóa × 1 khóa = 2.800.000 ₫',
        'Đề nghị 2.800.001 ₫; được hỗ trợ 2.800.000 ₫ (theo mức tối đa)',
      ]);
    });

    it('R25: language, clause 3 (other residents): 50 % of the clause-1 level, 2.000.000 ₫', () => {
      expect(claim('mtqg', 'clause3', 'language', 2_000_000n).allowedVnd).to.equal(2_000_000n);
      const over = claim('mtqg', 'clause3', 'language', 4_000_000n);
      expect(over.allowedVnd).to.equal(2_000_000n);
      expect(over.policyId).to.equal(rowId('grant.mtqg.language', 'clause3'));
      expect(over.arithmetic).to.deep.equal([
        'Học ngoại ngữ: tối đa 2.000.000 ₫/khóa × 1 khóa = 2.000.000 ₫',
        'Đề nghị 4.000.000 ₫; được hỗ trợ 2.000.000 ₫ (theo mức tối đa)',
      ]);
    });

    it('R25: clause 3 pays no item but training: food, lodging, personal items, travel, fees, health check are 0', () => {
      const others: Item[] = [
        'food',
        'lodging',
        'personal_items',
        'travel',
        'passport',
        'visa',
        'criminal_record',
        'health_check',
        'orientation',
      ];
      for (const item of others) {
        const c = claim('mtqg', 'clause3', item, 500_000n, { daysPresent: 20, difficultArea: true });
        expect(c, item).to.include({ allowedVnd: 0n, ok: false, ruleId: 'R25', policyId: null });
        expect(c.arithmetic[0], item).to.match(
          /: nhóm này không được hỗ trợ khoản này \(không có mức trong chính sách đang có hiệu lực\)$/,
        );
      }
      expect(claim('mtqg', 'clause3', 'food', 1n, { daysPresent: 1 }).arithmetic).to.deep.equal([
        'Tiền ăn trong thời gian học: nhóm này không được hỗ trợ khoản này (không có mức trong chính sách đang có hiệu lực)',
      ]);
    });

    it('R25: vocational training at actual cost up to each clause’s cap (Circular 152/2016 Art 7.1, unconfirmed levels), cap + 1 đồng → cap', () => {
      for (const [clause, cap] of [
        ['clause1', 4_000_000n],
        ['clause2', 3_000_000n],
        ['clause3', 2_500_000n],
      ] as const) {
        expect(claim('mtqg', clause, 'vocational', cap).allowedVnd, clause).to.equal(cap);
        const over = claim('mtqg', clause, 'vocational', cap + 1n);
        expect(over, clause).to.include({ allowedVnd: cap, ok: true, ruleId: 'R25' });
        expect(over.arithmetic[0], clause).to.equal(`Học nghề: theo thực tế, tối đa ${money(cap)}`);
      }
      expect(claim('nd338', 'all', 'vocational', 4_000_001n).allowedVnd).to.equal(4_000_000n);
      expect(policies(ON).get('grant.mtqg.vocational', { beneficiaryGroup: 'clause1' })?.confirmed).to.equal(false);
    });

    it('R26: a per-course item is paid for one course only, whatever the number of courses claimed', () => {
      const two = claim('mtqg', 'clause1', 'language', 8_000_000n, { quantity: 2 });
      expect(two.allowedVnd).to.equal(4_000_000n);
      expect(two.arithmetic[0]).to.equal(
        'Học ngoại ngữ: tối đa 4.000.000 ₫/khóa × 1 khóa = 4.000.000 ₫ (mỗi khoản chỉ hỗ trợ một lần: không tính 2 khóa)',
      );
    });

    it('R25: Circular 55/2023 has no orientation item: MTQG pays 0 for orientation in clauses 1 and 2', () => {
      for (const clause of ['clause1', 'clause2'])
        expect(claim('mtqg', clause, 'orientation', 530_000n).allowedVnd, clause).to.equal(0n);
    });

    it('R25: food is 50.000 ₫ × the days present from attendance, whatever quantity is claimed; never more than claimed', () => {
      const c = claim('mtqg', 'clause1', 'food', 2_000_000n, { daysPresent: 23, quantity: 60 });
      expect(c.allowedVnd).to.equal(1_150_000n);
      expect(c.policyId).to.equal(rowId('grant.mtqg.food', 'clause1'));
      expect(c.arithmetic).to.deep.equal([
        'Tiền ăn trong thời gian học: 50.000 ₫/ngày × 23 ngày có mặt (điểm danh) = 1.150.000 ₫',
        'Đề nghị 2.000.000 ₫; được hỗ trợ 1.150.000 ₫ (theo mức tối đa)',
      ]);
      expect(claim('mtqg', 'clause1', 'food', 1_150_000n, { daysPresent: 23 }).allowedVnd).to.equal(1_150_000n);
      expect(claim('mtqg', 'clause1', 'food', 1_150_001n, { daysPresent: 23 }).allowedVnd).to.equal(1_150_000n);
      expect(claim('mtqg', 'clause1', 'food', 1_000_000n, { daysPresent: 23 }).allowedVnd).to.equal(1_000_000n);
      expect(claim('mtqg', 'clause2', 'food', 2_000_000n, { daysPresent: 24 }).allowedVnd).to.equal(1_200_000n);
    });

    it('R25: food with no day present in training is 0, and the arithmetic shows 0 days', () => {
      const c = claim('mtqg', 'clause1', 'food', 500_000n, { daysPresent: 0 });
      expect(c).to.include({ allowedVnd: 0n, ok: false, ruleId: 'R25' });
      expect(c.arithmetic[0]).to.equal('Tiền ăn trong thời gian học: 50.000 ₫/ngày × 0 ngày có mặt (điểm danh) = 0 ₫');
    });

    it('R25: lodging is 400.000 ₫ per month × months claimed', () => {
      const c = claim('mtqg', 'clause1', 'lodging', 1_200_001n, { quantity: 3 });
      expect(c.allowedVnd).to.equal(1_200_000n);
      expect(c.arithmetic).to.deep.equal([
        'Tiền ở trong thời gian học: 400.000 ₫/tháng × 3 tháng = 1.200.000 ₫',
        'Đề nghị 1.200.001 ₫; được hỗ trợ 1.200.000 ₫ (theo mức tối đa)',
      ]);
      expect(claim('mtqg', 'clause1', 'lodging', 1_200_000n, { quantity: 3 }).allowedVnd).to.equal(1_200_000n);
      expect(claim('mtqg', 'clause2', 'lodging', 900_000n, { quantity: 2 }).allowedVnd).to.equal(800_000n);
    });

    it('R25: personal items are 600.000 ₫ once: the cap passes, 1 đồng more is cut', () => {
      expect(claim('mtqg', 'clause1', 'personal_items', 600_000n).allowedVnd).to.equal(600_000n);
      const c = claim('mtqg', 'clause2', 'personal_items', 600_001n, { quantity: 2 });
      expect(c.allowedVnd).to.equal(600_000n);
      expect(c.arithmetic).to.deep.equal([
        'Đồ dùng cá nhân: một lần, tối đa 600.000 ₫',
        'Đề nghị 600.001 ₫; được hỗ trợ 600.000 ₫ (theo mức tối đa)',
      ]);
    });

    it('R25: travel is 200.000 ₫ per course, or 300.000 ₫ from an especially difficult area', () => {
      const plain = claim('mtqg', 'clause1', 'travel', 300_000n);
      expect(plain.allowedVnd).to.equal(200_000n);
      expect(plain.policyId).to.equal(rowId('grant.mtqg.travel', 'clause1'));
      expect(plain.arithmetic[0]).to.equal('Đi lại đến nơi học: tối đa 200.000 ₫/khóa × 1 khóa = 200.000 ₫');
      const difficult = claim('mtqg', 'clause1', 'travel', 300_001n, { difficultArea: true });
      expect(difficult.allowedVnd).to.equal(300_000n);
      expect(difficult.policyId).to.equal(rowId('grant.mtqg.travel_difficult', 'clause1'));
      expect(difficult.arithmetic[0]).to.equal('Đi lại đến nơi học: tối đa 300.000 ₫/khóa × 1 khóa = 300.000 ₫');
      expect(claim('mtqg', 'clause2', 'travel', 300_000n, { difficultArea: true }).allowedVnd).to.equal(300_000n);
    });

    it('R25: passport and criminal-record fees at the statutory rate (200.000 ₫ as seeded); less is paid as claimed', () => {
      const p = claim('mtqg', 'clause1', 'passport', 200_001n);
      expect(p.allowedVnd).to.equal(200_000n);
      expect(p.arithmetic).to.deep.equal([
        'Lệ phí hộ chiếu: lệ phí theo quy định 200.000 ₫ × 1 = 200.000 ₫',
        'Đề nghị 200.001 ₫; được hỗ trợ 200.000 ₫ (theo mức tối đa)',
      ]);
      expect(claim('mtqg', 'clause1', 'passport', 200_000n).allowedVnd).to.equal(200_000n);
      expect(claim('mtqg', 'clause2', 'criminal_record', 250_000n).allowedVnd).to.equal(200_000n);
      expect(claim('mtqg', 'clause1', 'criminal_record', 150_000n).allowedVnd).to.equal(150_000n);
    });

    it('R25: the visa fee (statutory 0) is paid as on the receipt', () => {
      const v = claim('mtqg', 'clause1', 'visa', 2_345_000n);
      expect(v).to.deep.equal({
        item: 'visa',
        allowedVnd: 2_345_000n,
        ok: true,
        ruleId: 'R25',
        arithmetic: ['Lệ phí thị thực: theo chứng từ: 2.345.000 ₫', 'Đề nghị 2.345.000 ₫; được hỗ trợ 2.345.000 ₫'],
        policyId: rowId('grant.mtqg.visa', 'clause1'),
      });
      expect(claim('mtqg', 'clause2', 'visa', 9_999_999n).allowedVnd).to.equal(9_999_999n);
    });

    it('R25: the health check at its price up to 750.000 ₫: the cap passes, 1 đồng more is cut', () => {
      expect(claim('mtqg', 'clause1', 'health_check', 750_000n).allowedVnd).to.equal(750_000n);
      const c = claim('mtqg', 'clause2', 'health_check', 750_001n);
      expect(c.allowedVnd).to.equal(750_000n);
      expect(c.arithmetic).to.deep.equal([
        'Khám sức khỏe: theo thực tế, tối đa 750.000 ₫',
        'Đề nghị 750.001 ₫; được hỗ trợ 750.000 ₫ (theo mức tối đa)',
      ]);
      expect(claim('mtqg', 'clause1', 'health_check', 480_000n).allowedVnd).to.equal(480_000n);
    });

    it('R25: never more than claimed: a claim of 0 is 0 and not ok', () => {
      const c = claim('mtqg', 'clause1', 'language', 0n);
      expect(c).to.include({ allowedVnd: 0n, ok: false, ruleId: 'R25' });
      expect(c.arithmetic[1]).to.equal('Đề nghị 0 ₫; được hỗ trợ 0 ₫');
    });

    it('R24, R25: with no group (clause none) nothing is payable', () => {
      for (const item of ['language', 'food', 'health_check'] as Item[])
        expect(claim('mtqg', 'none', item, 100_000n, { daysPresent: 5 }).allowedVnd, item).to.equal(0n);
    });

    it('R26: an item already awarded is 0, and the arithmetic says it was already supported once', () => {
      expect(claim('mtqg', 'clause1', 'language', 4_000_000n, { awarded: true })).to.deep.equal({
        item: 'language',
        allowedVnd: 0n,
        ok: false,
        ruleId: 'R26',
        arithmetic: ['Học ngoại ngữ: đã được hỗ trợ một lần (mỗi khoản chỉ hỗ trợ một lần cho mỗi người)'],
        policyId: null,
      });
      expect(claim('nd338', 'all', 'orientation', 530_000n, { awarded: true })).to.include({
        allowedVnd: 0n,
        ruleId: 'R26',
      });
    });

    it('R25: Decree 338 orientation at cost up to 530.000 ₫ per course: the cap passes, 1 đồng more is cut', () => {
      const exact = claim('nd338', 'all', 'orientation', 530_000n);
      expect(exact).to.include({ allowedVnd: 530_000n, ok: true, policyId: rowId('grant.nd338.orientation') });
      const over = claim('nd338', 'all', 'orientation', 530_001n);
      expect(over.allowedVnd).to.equal(530_000n);
      expect(over.arithmetic).to.deep.equal([
        'Giáo dục định hướng: tối đa 530.000 ₫/khóa × 1 khóa = 530.000 ₫',
        'Đề nghị 530.001 ₫; được hỗ trợ 530.000 ₫ (theo mức tối đa)',
      ]);
    });

    it('R25: Decree 338 food 50.000 ₫ × days present, lodging 400.000 ₫ per month, whatever group', () => {
      const food = claim('nd338', 'all', 'food', 5_000_000n, { daysPresent: 30 });
      expect(food.allowedVnd).to.equal(1_500_000n);
      expect(food.arithmetic[0]).to.equal(
        'Tiền ăn trong thời gian học: 50.000 ₫/ngày × 30 ngày có mặt (điểm danh) = 1.500.000 ₫',
      );
      expect(claim('nd338', 'all', 'lodging', 1_000_000n, { quantity: 2 }).allowedVnd).to.equal(800_000n);
      expect(claim('nd338', 'meritorious', 'lodging', 800_000n, { quantity: 2 }).allowedVnd).to.equal(800_000n);
    });

    it('R25: Decree 338 language up to 4.000.000 ₫ per course and health check up to 750.000 ₫ (as seeded, unconfirmed)', () => {
      const lang = claim('nd338', 'all', 'language', 4_000_001n);
      expect(lang.allowedVnd).to.equal(4_000_000n);
      expect(lang.arithmetic[0]).to.equal('Học ngoại ngữ: tối đa 4.000.000 ₫/khóa × 1 khóa = 4.000.000 ₫');
      expect(claim('nd338', 'all', 'health_check', 750_001n).allowedVnd).to.equal(750_000n);
      expect(claim('nd338', 'all', 'health_check', 750_000n).allowedVnd).to.equal(750_000n);
    });

    it('R25: an item Decree 338 has no rate for (passport) is 0 and says so', () => {
      const c = claim('nd338', 'all', 'passport', 200_000n);
      expect(c).to.include({ allowedVnd: 0n, ok: false, ruleId: 'R25', policyId: null });
      expect(c.arithmetic).to.deep.equal([
        'Lệ phí hộ chiếu: nhóm này không được hỗ trợ khoản này (không có mức trong chính sách đang có hiệu lực)',
      ]);
    });

    it('R24, R25: on 31/12/2025 no Decree 338 rate is in force yet: orientation is 0; on 01/01/2026 it is paid', () => {
      expect(claim('nd338', 'all', 'orientation', 530_000n, { on: '2025-12-31' })).to.include({
        allowedVnd: 0n,
        ok: false,
        policyId: null,
      });
      expect(claim('nd338', 'all', 'orientation', 530_000n, { on: '2026-01-01' }).allowedVnd).to.equal(530_000n);
    });
  });
});
