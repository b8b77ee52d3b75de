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
export const STATE_LABELS: Record<string, string> = { draft: 'Nháp', open: 'Đang tuyển', closed: 'Đã đóng' };
