// Law as code: a rule is a pure function returning a Verdict. The registry below lists every rule with its
// citation, so pages, documents and GET /api/v1/rules can cite them (DOMAIN.md §11 gives the ids).
export interface Verdict {
  ok: boolean;
  ruleId: string;
  /** Vietnamese, says what the numbers mean and what would fix it */
  message: string;
  citation: string;
  /** the numbers that decided it */
  details: Record<string, unknown>;
  /** policy_values versions used, stored with every decision */
  policyIds: number[];
}

export interface RuleInfo { id: string; title: string; citation: string }

export const RULES: RuleInfo[] = [
  { id: 'R3', title: 'Chỉ tuyển theo đơn hàng khi hợp đồng cung ứng đã được chấp thuận đăng ký (đơn vị sự nghiệp: đã báo cáo Bộ)', citation: 'Luật 69/2020/QH14, Điều 18 khoản 1, Điều 20 khoản 1, Điều 43' },
  { id: 'R7', title: 'Tiền dịch vụ thu của người lao động không vượt mức trần', citation: 'Luật 69/2020/QH14, Điều 23 khoản 4; Thông tư 21/2021/TT-BLĐTBXH, Phụ lục XI' },
  { id: 'R8', title: 'Không thu tiền môi giới của người lao động', citation: 'Luật 69/2020/QH14, Điều 7 khoản 8; Điều 26 khoản 2 điểm c' },
  { id: 'R9', title: 'Tiền ký quỹ của người lao động trong mức trần theo thị trường và ngành nghề', citation: 'Nghị định 112/2021/NĐ-CP, Điều 29 và Phụ lục II' },
  { id: 'R14', title: 'Chương trình EPS: do đơn vị sự nghiệp công thực hiện, ký quỹ 100.000.000 đồng tại Ngân hàng Chính sách xã hội, không thu tiền dịch vụ', citation: 'Quyết định 12/2020/QĐ-TTg; Luật 69/2020/QH14, Điều 42 khoản 3' },
  { id: 'R2', title: 'Chỉ trụ sở chính ký, thanh lý hợp đồng với người lao động và thu tiền; chi nhánh không được', citation: 'Luật 69/2020/QH14, Điều 17 khoản 3' },
  { id: 'R4', title: 'Số lao động tuyển chọn không vượt số lượng trong đơn hàng đã đăng ký', citation: 'Nghị định 283/2026/NĐ-CP, Điều 49 khoản 7' },
  { id: 'R15', title: 'Xuất cảnh trong 180 ngày kể từ ngày trúng tuyển; quá hạn cần người lao động đồng ý bằng văn bản tiếp tục chờ', citation: 'Luật 69/2020/QH14, Điều 26 khoản 2 điểm đ' },
  { id: 'R20', title: 'Thanh lý hợp đồng trong 180 ngày sau khi hợp đồng lao động chấm dứt; đơn phương sau 3 lần thông báo bằng thư bảo đảm', citation: 'Luật 69/2020/QH14, Điều 26 khoản 1 điểm c, khoản 2 điểm i' },
  { id: 'DATA', title: 'Đơn hàng có đủ các thông tin bắt buộc trước khi tuyển', citation: 'Luật 69/2020/QH14, Điều 19' },
];

export function ruleInfo(id: string): RuleInfo {
  const r = RULES.find((x) => x.id === id);
  if (!r) throw new Error(`unknown rule ${id}`);
  return r;
}

export function verdict(ruleId: string, ok: boolean, message: string, details: Record<string, unknown> = {}, policyIds: number[] = [], citation?: string): Verdict {
  return { ok, ruleId, message, citation: citation ?? ruleInfo(ruleId).citation, details, policyIds };
}
