// The words of programme results (DOMAIN.md §4, §15.1–15.2): pages, exports and the API's documentation read them
// from here, never from codes.
export const OUTPUT_GROUPS = ['poor', 'near_poor', 'escaped_poverty', 'eligible_area'] as const;
export type OutputGroup = (typeof OUTPUT_GROUPS)[number];

/** The dashboard's columns: the four certified groups, then every output whose status was only declared. */
export const DASHBOARD_GROUPS = [...OUTPUT_GROUPS, 'uncertified'] as const;
export type DashboardGroup = (typeof DASHBOARD_GROUPS)[number];

export const GROUP_LABELS: Record<DashboardGroup, string> = {
  poor: 'Hộ nghèo',
  near_poor: 'Hộ cận nghèo',
  escaped_poverty: 'Hộ mới thoát nghèo',
  eligible_area: 'Địa bàn được hỗ trợ',
  uncertified: 'Chưa xác nhận',
};

export const AREA_LABELS: Record<string, string> = {
  poor_district: 'huyện nghèo (địa giới cũ)',
  coastal_commune: 'xã đặc biệt khó khăn vùng bãi ngang, ven biển, hải đảo',
};

export const FUNDING_SOURCES = ['mtqg_2021_2025', 'mtqg_2026_2035_c4'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const FUNDING_LABELS: Record<FundingSource, string> = {
  mtqg_2021_2025: 'CTMTQG giảm nghèo bền vững 2021–2025 (nhiệm vụ chuyển tiếp; Thông tư 55/2023/TT-BTC)',
  mtqg_2026_2035_c4: 'CTMTQG 2026–2035, Hợp phần 4 (Thông tư 60/2026/TT-BTC)',
};

export const PROCUREMENT_MODES = ['order', 'tender', 'assignment'] as const;
export type ProcurementMode = (typeof PROCUREMENT_MODES)[number];
export const PROCUREMENT_LABELS: Record<ProcurementMode, string> = {
  order: 'Đặt hàng',
  tender: 'Đấu thầu',
  assignment: 'Giao nhiệm vụ',
};

/** The province's yearly targets: what each counts (the dashboard compares the year's figures with them). */
export const TARGET_METRICS = ['outputs', 'outputs_household', 'outputs_abroad', 'sessions'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];
export const TARGET_LABELS: Record<TargetMetric, string> = {
  outputs: 'Kết quả của chương trình (kết nối thành công người thuộc diện, đã xác nhận)',
  outputs_household: 'Kết nối thành công người thuộc hộ nghèo, cận nghèo, mới thoát nghèo (đã xác nhận)',
  outputs_abroad: 'Trong đó: đi làm việc ở nước ngoài',
  sessions: 'Phiên giao dịch việc làm đã tổ chức',
};
/** The API's and the form's key of each metric. */
export const TARGET_KEYS: Record<TargetMetric, 'outputs' | 'outputsHousehold' | 'outputsAbroad' | 'sessions'> = {
  outputs: 'outputs',
  outputs_household: 'outputsHousehold',
  outputs_abroad: 'outputsAbroad',
  sessions: 'sessions',
};

export const MONTH_LABELS = Array.from({ length: 12 }, (_, i) => `Tháng ${i + 1}`);
