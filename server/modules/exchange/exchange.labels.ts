// The words of the job exchange's scales and states (Decree 352/2025 Annex I forms): pages, exports and the API's
// documentation read them from here, never from codes.
export const PRIORITY_GROUPS = [
  'disability',
  'ethnic_minority',
  'poor_household',
  'near_poor_household',
  'escaped_poverty',
  'demobilised',
  'land_recovered',
  'other',
] as const;
export const PRIORITY_GROUP_LABELS: Record<string, string> = {
  disability: 'Người khuyết tật',
  ethnic_minority: 'Người dân tộc thiểu số',
  poor_household: 'Thuộc hộ nghèo',
  near_poor_household: 'Thuộc hộ cận nghèo',
  escaped_poverty: 'Thuộc hộ mới thoát nghèo',
  demobilised: 'Bộ đội, công an xuất ngũ',
  land_recovered: 'Bị thu hồi đất nông nghiệp',
  other: 'Nhóm ưu tiên khác',
};

export const EXPERIENCE = ['none', 'lt1', 'y1_2', 'y2_5', 'gt5'] as const;
export const EXPERIENCE_LABELS: Record<string, string> = {
  none: 'Chưa có kinh nghiệm',
  lt1: 'Dưới 1 năm',
  y1_2: 'Từ 1 đến 2 năm',
  y2_5: 'Từ 2 đến 5 năm',
  gt5: 'Trên 5 năm',
};

export const CONTRACT_TYPES = ['indefinite', 'fixed_term', 'seasonal'] as const;
export const CONTRACT_TYPE_LABELS: Record<string, string> = {
  indefinite: 'Không xác định thời hạn',
  fixed_term: 'Xác định thời hạn',
  seasonal: 'Theo mùa vụ hoặc công việc nhất định',
};

export const WAGE_KINDS = ['band', 'daily', 'hourly', 'negotiable', 'commission'] as const;
export const WAGE_KIND_LABELS: Record<string, string> = {
  band: 'Theo tháng (khoảng lương)',
  daily: 'Theo ngày',
  hourly: 'Theo giờ',
  negotiable: 'Thỏa thuận',
  commission: 'Theo doanh thu, hoa hồng',
};

export const RECRUITMENT_MODES = ['in_person', 'online', 'any'] as const;
export const RECRUITMENT_MODE_LABELS: Record<string, string> = {
  in_person: 'Phỏng vấn trực tiếp',
  online: 'Phỏng vấn trực tuyến',
  any: 'Trực tiếp hoặc trực tuyến',
};

export const IT_LEVELS = ['none', 'basic', 'advanced', 'professional'] as const;
export const IT_LEVEL_LABELS: Record<string, string> = {
  none: 'Không sử dụng',
  basic: 'Cơ bản',
  advanced: 'Nâng cao',
  professional: 'Chuyên ngành công nghệ thông tin',
};

export const LANGUAGES = ['en', 'ja', 'ko', 'zh', 'de', 'fr', 'ru', 'th', 'other'] as const;
export const LANGUAGE_LABELS: Record<string, string> = {
  en: 'Tiếng Anh',
  ja: 'Tiếng Nhật',
  ko: 'Tiếng Hàn',
  zh: 'Tiếng Trung',
  de: 'Tiếng Đức',
  fr: 'Tiếng Pháp',
  ru: 'Tiếng Nga',
  th: 'Tiếng Thái',
  other: 'Ngoại ngữ khác',
};
export const LANGUAGE_LEVELS = ['basic', 'intermediate', 'fluent'] as const;
export const LANGUAGE_LEVEL_LABELS: Record<string, string> = {
  basic: 'Cơ bản',
  intermediate: 'Khá',
  fluent: 'Thành thạo',
};

export const OWNERSHIP = ['state', 'non_state', 'fdi'] as const;
export const OWNERSHIP_LABELS: Record<string, string> = {
  state: 'Nhà nước',
  non_state: 'Ngoài nhà nước',
  fdi: 'Có vốn đầu tư nước ngoài',
};

export const EMPLOYER_KINDS = ['enterprise', 'individual'] as const;
export const EMPLOYER_KIND_LABELS: Record<string, string> = {
  enterprise: 'Doanh nghiệp, tổ chức (mã số doanh nghiệp hoặc mã số thuế)',
  individual: 'Cá nhân, hộ kinh doanh (số định danh cá nhân)',
};

export const SERVICES = ['counselling', 'introduction', 'supply'] as const;
export const SERVICE_LABELS: Record<string, string> = {
  counselling: 'Tư vấn',
  introduction: 'Giới thiệu lao động',
  supply: 'Cung ứng lao động',
};

export const VACANCY_EDUCATION_LABELS: Record<string, string> = {
  none: 'Không yêu cầu',
  not_completed_primary: 'Chưa tốt nghiệp tiểu học',
  primary: 'Tốt nghiệp tiểu học',
  lower_secondary: 'Tốt nghiệp trung học cơ sở',
  upper_secondary: 'Tốt nghiệp trung học phổ thông',
};

export const JOB_SEEKER_STATUS_LABELS: Record<string, string> = {
  active: 'Đang tìm việc',
  inactive: 'Ngừng tìm việc',
  withdrawn: 'Đã rút lại sự đồng ý',
};

export const ORIGIN_LABELS: Record<string, string> = {
  person: 'Theo đề nghị của người lao động',
  employer: 'Theo yêu cầu của người sử dụng lao động',
};

export const REQUEST_STATUS_LABELS: Record<string, string> = {
  pending: 'Chờ trả lời',
  accepted: 'Đã nhận giới thiệu',
  declined: 'Từ chối',
};

/** Certified programme groups, best first: they break ties between candidates (declared groups never do). */
export const CERTIFIED_GROUP_LABELS: Record<number, string> = {
  1: 'Hộ nghèo (đã xác nhận)',
  2: 'Hộ cận nghèo (đã xác nhận)',
  3: 'Hộ mới thoát nghèo (đã xác nhận)',
  4: 'Cư trú tại địa bàn được hỗ trợ',
  5: 'Không thuộc nhóm được xác nhận',
};
