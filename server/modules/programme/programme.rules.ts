// Law as code for programme outputs (pure, no I/O). A successful connection (E2) of an eligible worker is a
// programme output (Circular 11/2022 Art 2; DOMAIN.md §15.2): a poor, near-poor or newly escaped household, or
// residence in a poor district or an especially difficult coastal/island commune (§4.1). The commune's certification
// of the household counts for the year it was given (R27, as the grants module reads it); a status only declared
// (an older year's certification, the job seeker's own Mẫu 01 answer) is kept apart as "chưa xác nhận".
import { formatDateVi } from '../../shared/dates';
import type { PolicyRow, PolicySet } from '../policies';
import { AREA_LABELS, GROUP_LABELS, type FundingSource, type OutputGroup } from './programme.labels';

export type HouseholdStatus = 'poor' | 'near_poor' | 'escaped_poverty' | 'none';

export interface OutputFacts {
  /** the labour contract's signed date (E2) */
  signedOn: string;
  householdStatus: HouseholdStatus;
  /** the year the commune certified the status (workers.household_status_year) */
  householdStatusYear: number | null;
  /** the job seeker's own answer on Mẫu 01 (priority groups) */
  declaredGroups: readonly string[];
  /** the eligible area the worker lives in (the grants module's list of the province), if any */
  area: { kind: 'poor_district' | 'coastal_commune'; place: string } | null;
}

export interface Classification {
  group: OutputGroup;
  certified: boolean;
  areaKind: 'poor_district' | 'coastal_commune' | null;
  householdStatusYear: number | null;
  /** in words, stored with the tag: what made the connection an output */
  evidence: string;
}

/** Mẫu 01's declared priority groups, most favourable first. */
const DECLARED: [string, OutputGroup][] = [
  ['poor_household', 'poor'],
  ['near_poor_household', 'near_poor'],
  ['escaped_poverty', 'escaped_poverty'],
];

/**
 * The output's group, or null when the worker is not eligible. Order: the commune's certification for the contract's
 * year; else residence in an eligible area (a fact of the province's list); else a status only declared.
 */
export function classify(f: OutputFacts): Classification | null {
  const year = Number(f.signedOn.slice(0, 4));
  const status = f.householdStatus;
  if (status !== 'none' && f.householdStatusYear === year)
    return {
      group: status,
      certified: true,
      areaKind: null,
      householdStatusYear: year,
      evidence: `${GROUP_LABELS[status]} năm ${year}: Ủy ban nhân dân xã đã xác nhận.`,
    };
  if (f.area)
    return {
      group: 'eligible_area',
      certified: true,
      areaKind: f.area.kind,
      householdStatusYear: null,
      evidence: `Cư trú tại ${AREA_LABELS[f.area.kind]}: ${f.area.place} (danh sách địa bàn của tỉnh).`,
    };
  if (status !== 'none')
    return {
      group: status,
      certified: false,
      areaKind: null,
      householdStatusYear: f.householdStatusYear,
      evidence: `${GROUP_LABELS[status]}: xã xác nhận cho năm ${f.householdStatusYear ?? '—'}, chưa có xác nhận cho năm ${year} (chưa xác nhận).`,
    };
  const declared = DECLARED.find(([g]) => f.declaredGroups.includes(g));
  if (declared)
    return {
      group: declared[1],
      certified: false,
      areaKind: null,
      householdStatusYear: null,
      evidence: `${GROUP_LABELS[declared[1]]}: người lao động tự khai trên phiếu đăng ký (Mẫu 01), xã chưa xác nhận.`,
    };
  return null;
}

/**
 * The funding source of a connection signed on `policies.date` (DOMAIN.md §4.6, §15.1): the policy value
 * 'programme.funding_programme' names the programme by its first year — 2021: the 2021–2025 programme and its tasks
 * carried over to 31/12/2026 (Circular 55/2023; Circular 60/2026 Art 21); 2026: Component 4 of the 2026–2035
 * programme (Circular 60/2026). Null: no programme funds a connection signed that day.
 */
export function fundingOf(policies: PolicySet): { source: FundingSource; policy: PolicyRow } | null {
  const policy = policies.get('programme.funding_programme');
  if (!policy) return null;
  const source = FUNDING_BY_YEAR[policy.value];
  if (!source)
    throw new Error(
      `programme.funding_programme ${policy.value} (from ${formatDateVi(policy.effectiveFrom)}) names no programme`,
    );
  return { source, policy };
}

const FUNDING_BY_YEAR: Record<string, FundingSource> = { '2021': 'mtqg_2021_2025', '2026': 'mtqg_2026_2035_c4' };
