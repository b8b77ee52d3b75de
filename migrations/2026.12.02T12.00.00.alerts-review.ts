import type { Migration } from '../server/db/migrate';

// Alerts after review:
// - an alert resolved by hand remembers the stage it was resolved at: a later breach (overdue, escalation) reopens it,
//   so "Đã xử lý" cannot silence a missed deadline;
// - a digest is claimed before it is sent (its row locked), so two jobs for one user and day send one message;
// - the rule titles read right after "Sắp đến hạn:", "Quá hạn:" or "Cảnh báo:".
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE alerts ADD COLUMN resolved_stage smallint CHECK (resolved_stage IS NULL OR resolved_stage BETWEEN 1 AND 20);
    UPDATE alerts SET resolved_stage = stage WHERE resolution = 'manual';

    UPDATE alert_rules SET title = 'Thời hạn 180 ngày chờ xuất cảnh kể từ ngày trúng tuyển',
      worker_text = 'Bạn đã chờ xuất cảnh lâu. Doanh nghiệp phải đưa bạn đi trước ngày {due}; quá thời hạn này, bạn có quyền rút hồ sơ và được hoàn trả chi phí.'
      WHERE id = 'waiting_limit';
    UPDATE alert_rules SET title = 'Ghi nhận đóng Quỹ Hỗ trợ việc làm ngoài nước trước ngày xuất cảnh' WHERE id = 'fund_contribution';
    UPDATE alert_rules SET title = 'Hợp đồng lao động kết thúc' WHERE id = 'contract_end';
    UPDATE alert_rules SET title = 'Thời hạn giải quyết hồ sơ đề nghị hỗ trợ chờ UBND xã xác nhận' WHERE id = 'grant_processing_commune';
    UPDATE alert_rules SET title = 'Thời hạn giải quyết hồ sơ đề nghị hỗ trợ chờ tỉnh phê duyệt' WHERE id = 'grant_processing_province';
    UPDATE alert_rules SET title = 'Thời hạn giấy phép hoạt động dịch vụ đưa người lao động đi làm việc ở nước ngoài' WHERE id = 'agency_licence';
    UPDATE alert_rules SET title = 'Dự toán hỗ trợ của tỉnh đã cam kết trên 90%' WHERE id = 'budget_committed';
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE alerts DROP COLUMN IF EXISTS resolved_stage;
    UPDATE alert_rules SET title = 'Người lao động chờ xuất cảnh sắp quá 180 ngày kể từ ngày trúng tuyển',
      worker_text = 'Bạn đã chờ xuất cảnh lâu. Doanh nghiệp phải đưa bạn đi trước ngày {due}; quá hạn này bạn có quyền rút hồ sơ và được hoàn trả chi phí.'
      WHERE id = 'waiting_limit';
    UPDATE alert_rules SET title = 'Chưa ghi nhận đóng Quỹ Hỗ trợ việc làm ngoài nước trước ngày xuất cảnh' WHERE id = 'fund_contribution';
    UPDATE alert_rules SET title = 'Hợp đồng lao động sắp kết thúc' WHERE id = 'contract_end';
    UPDATE alert_rules SET title = 'Hồ sơ đề nghị hỗ trợ chờ UBND xã xác nhận quá thời hạn giải quyết' WHERE id = 'grant_processing_commune';
    UPDATE alert_rules SET title = 'Hồ sơ đề nghị hỗ trợ chờ tỉnh phê duyệt quá thời hạn giải quyết' WHERE id = 'grant_processing_province';
    UPDATE alert_rules SET title = 'Giấy phép hoạt động dịch vụ đưa người lao động đi làm việc ở nước ngoài sắp hết hạn' WHERE id = 'agency_licence';
    UPDATE alert_rules SET title = 'Dự toán hỗ trợ của tỉnh đã cam kết trên 90 %' WHERE id = 'budget_committed';
  `);
};
