// The role × permission matrix: one declared table (ARCHITECTURE.md, Auth). Routes name a permission;
// only this table says which roles hold it.
export const ROLES = [
  'admin',
  'agency_staff',
  'commune_officer',
  'province_officer',
  'worker',
  'centre_staff',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'session:self': ['admin', 'agency_staff', 'commune_officer', 'province_officer', 'worker', 'centre_staff'],
  'users:manage': ['admin'],
  'agencies:read': ['admin', 'agency_staff'],
  'agencies:manage': ['admin'],
  'workers:read': ['admin', 'agency_staff', 'commune_officer', 'province_officer', 'worker', 'centre_staff'],
  'workers:create': ['admin', 'agency_staff', 'centre_staff'],
  'workers:update': ['admin', 'agency_staff', 'centre_staff'],
  'workers:link': ['agency_staff', 'centre_staff'],
  'policies:read': ['admin', 'agency_staff', 'commune_officer', 'province_officer'],
  'policies:manage': ['admin'],
  'job-orders:read': ['admin', 'agency_staff'],
  'job-orders:write': ['agency_staff'],
  'job-orders:transition': ['agency_staff'],
  'workflows:read': ['admin'],
  'jobs:manage': ['admin'],
  'cases:read': ['admin', 'agency_staff', 'worker', 'commune_officer', 'province_officer'],
  'cases:create': ['agency_staff'],
  'cases:transition': ['agency_staff'],
  'papers:read': ['admin', 'agency_staff', 'worker'],
  'papers:write': ['agency_staff'],
  'training:read': ['admin', 'agency_staff'],
  'training:write': ['agency_staff'],
  'reports:read': ['admin', 'agency_staff', 'commune_officer', 'province_officer'],
  'reports:confirm': ['agency_staff'],
  'reports:area': ['admin', 'commune_officer', 'province_officer'],
  'files:upload': ['admin', 'agency_staff', 'centre_staff'],
  'files:read': ['admin', 'agency_staff', 'centre_staff'],
  // the worker portal (/toi): her own record only
  'portal:self': ['worker'],
  // a one-time activation code for a worker's portal account (printed on a slip)
  'portal:issue-code': ['agency_staff', 'commune_officer'],
  // papers a worker sent from her phone: accept or return
  'papers:review': ['agency_staff'],
  // generated documents: issue, revoke and reissue (agency staff); read in scope
  'documents:issue': ['agency_staff'],
  // the worker's money (issue 17): a case's ledger in scope; posting by agency staff; reconciliation and the province view
  'money:read': ['admin', 'agency_staff', 'worker'],
  'money:write': ['agency_staff'],
  'money:reconcile': ['agency_staff'],
  'money:province': ['admin', 'province_officer'],
  // support grants (issue 18): apply (the worker, her agency, her commune), certify (commune), decide (province)
  'grants:read': ['admin', 'agency_staff', 'commune_officer', 'province_officer', 'worker'],
  'grants:apply': ['agency_staff', 'commune_officer', 'worker'],
  'grants:certify': ['commune_officer'],
  'grants:return': ['commune_officer', 'province_officer'],
  'grants:decide': ['province_officer'],
  'grants:pay': ['province_officer'],
  'grants:budget': ['admin', 'province_officer'],
  'grants:areas': ['admin', 'province_officer'],
  'documents:read': ['admin', 'agency_staff', 'commune_officer', 'province_officer', 'worker'],
  // the one inbox
  'notifications:self': ['admin', 'agency_staff', 'commune_officer', 'province_officer', 'worker', 'centre_staff'],
  // deadline alerts (issue 20): the rules catalogue and the open alerts by rule
  'alerts:rules': ['admin'],
  // reference data: occupation code versions (import, activate), read by everyone signed in for pickers
  'reference:read': ['admin', 'agency_staff', 'commune_officer', 'province_officer', 'worker', 'centre_staff'],
  'reference:manage': ['admin'],
  // the job exchange (issue 21): centres' registries, vacancies, matching and referrals; communes read their residents
  'exchange:read': ['admin', 'centre_staff', 'commune_officer'],
  'exchange:write': ['centre_staff'],
  // employers and vacancies: the centres' (every centre reads vacancies' public fields) and the admin's
  'exchange:vacancies': ['admin', 'centre_staff'],
  'exchange:transition': ['centre_staff'],
  'exchange:export': ['admin', 'centre_staff', 'commune_officer'],
  'exchange:export-unmasked': ['admin'],
  'exchange:settings': ['admin'],
  // the job exchange, part 2 (issue 22)
  // sessions, their booths, registrations, check-in, what is recorded at them, and the counselling log
  'sessions:read': ['admin', 'centre_staff'],
  'sessions:write': ['centre_staff'],
  // the overseas hand-off: a centre refers (exchange:write); the sending organisation decides in its inbox
  'handoff:read': ['admin', 'agency_staff', 'centre_staff'],
  'handoff:decide': ['agency_staff'],
  // Decree 352 Annex III Mẫu 01 (E6) and the exports to the National Job Exchange (E4)
  'exchange-reports:read': ['admin', 'centre_staff', 'province_officer'],
  'exchange-reports:write': ['centre_staff'],
  // programme results: outputs and the province dashboard; the province enters its targets
  'programme:read': ['admin', 'centre_staff', 'province_officer'],
  'programme:targets': ['province_officer'],
  // the national population database: verification (manual or batch), reconciliation, suspected duplicates
  'identity:verify': ['admin', 'agency_staff', 'centre_staff', 'commune_officer'],
  'identity:batch': ['admin', 'centre_staff', 'commune_officer'],
  'identity:duplicates': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** What an authenticated request knows about its user (from the database, not only the token). */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  agencyId: number | null;
  branchId: number | null;
  communeCode: string | null;
  provinceCode: string | null;
  workerId: number | null;
}
