// Job orders in Vietnamese words: job categories and states (pages and other modules' forms show these).
export const CATEGORY_LABELS: Record<string, string> = {
  general: 'Ngành nghề chung',
  institutional_caregiver: 'Hộ lý/điều dưỡng tại cơ sở y tế, dưỡng lão',
  home_caregiver: 'Khán hộ công gia đình, giúp việc gia đình',
  agriculture: 'Nông nghiệp',
  seafarer_transport: 'Thuyền viên tàu vận tải biển',
  fishing_coastal: 'Thuyền viên tàu cá gần bờ',
  fishing_distant: 'Thuyền viên tàu cá xa bờ',
  jp_tts_1_2: 'Nhật Bản: thực tập sinh số 1–2',
  jp_tts_3: 'Nhật Bản: thực tập sinh số 3',
  jp_ssw_after_tts: 'Nhật Bản: kỹ năng đặc định sau thực tập sinh',
  jp_high_skilled: 'Nhật Bản: kỹ năng cao, xây dựng, đóng tàu',
  kr_eps: 'Hàn Quốc: chương trình EPS (đơn vị sự nghiệp)',
};

/** The one list of a job order's states (the model's type, the schemas, the workflow and the pages read it). */
export const JOB_ORDER_STATE_TABLE = {
  draft: { label: 'Nháp', whoseMove: 'agency', terminal: false, portalVisible: false },
  open: { label: 'Đang tuyển', whoseMove: 'agency', terminal: false, portalVisible: false },
  closed: { label: 'Đã đóng', whoseMove: 'none', terminal: true, portalVisible: false },
} as const;
export type JobOrderState = keyof typeof JOB_ORDER_STATE_TABLE;
export const JOB_ORDER_STATES = Object.keys(JOB_ORDER_STATE_TABLE) as JobOrderState[];
export const STATE_LABELS: Record<string, string> = Object.fromEntries(
  JOB_ORDER_STATES.map((s) => [s, JOB_ORDER_STATE_TABLE[s].label]),
);
