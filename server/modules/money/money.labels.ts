// Words, not codes: the ledger's kinds, methods and categories as people say them.
export const KIND_LABELS: Record<string, string> = {
  deposit_received: 'Nhận tiền ký quỹ',
  deposit_interest: 'Tiền lãi ký quỹ',
  deposit_deduction: 'Khấu trừ tiền ký quỹ',
  deposit_refunded: 'Hoàn trả tiền ký quỹ',
  service_fee_due: 'Tiền dịch vụ phải nộp',
  service_fee_paid: 'Thu tiền dịch vụ',
  service_fee_refund: 'Hoàn tiền dịch vụ',
  fund_contribution_paid: 'Đóng Quỹ Hỗ trợ việc làm ngoài nước',
  other_cost_paid: 'Chi phí khác người lao động đã trả',
  support_paid: 'Hỗ trợ của Nhà nước đã nhận',
};

export const METHOD_LABELS: Record<string, string> = {
  cash: 'Tiền mặt',
  bank_transfer: 'Chuyển khoản',
  blocked_account: 'Vào tài khoản phong tỏa',
  offset: 'Bù trừ',
  migrated: 'Chuyển từ dữ liệu cũ (chưa có chứng từ)',
};

export const CATEGORY_LABELS: Record<string, string> = {
  passport: 'Hộ chiếu',
  visa: 'Thị thực',
  health_check: 'Khám sức khỏe',
  criminal_record: 'Lý lịch tư pháp',
  training: 'Đào tạo, bồi dưỡng',
  airfare: 'Vé máy bay',
  lodging: 'Ăn ở khi học',
  other: 'Khác',
  brokerage: 'Tiền môi giới',
  selection_fee: 'Phí tuyển chọn',
};

export const HOLDER_LABELS: Record<string, string> = {
  commercial_bank: 'Ngân hàng thương mại',
  vbsp: 'Ngân hàng Chính sách xã hội',
};

/** The kinds as the worker's statement groups them. */
export const STATEMENT_GROUPS: { key: string; label: string; kinds: string[] }[] = [
  { key: 'fee', label: 'Tiền dịch vụ', kinds: ['service_fee_paid', 'service_fee_refund'] },
  { key: 'fund', label: 'Quỹ Hỗ trợ việc làm ngoài nước', kinds: ['fund_contribution_paid'] },
  { key: 'other', label: 'Chi phí khác', kinds: ['other_cost_paid'] },
  {
    key: 'deposit',
    label: 'Tiền ký quỹ',
    kinds: ['deposit_received', 'deposit_interest', 'deposit_deduction', 'deposit_refunded'],
  },
  { key: 'support', label: 'Hỗ trợ của Nhà nước', kinds: ['support_paid'] },
];
