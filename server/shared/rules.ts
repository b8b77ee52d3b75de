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

export interface RuleInfo {
  id: string;
  title: string;
  citation: string;
}

export const RULES: RuleInfo[] = [
  {
    id: 'R3',
    title: 'Chỉ tuyển theo đơn hàng khi hợp đồng cung ứng đã được chấp thuận đăng ký (đơn vị sự nghiệp: đã báo cáo Bộ)',
    citation: 'Luật 69/2020/QH14, Điều 18 khoản 1, Điều 20 khoản 1, Điều 43',
  },
  {
    id: 'R7',
    title: 'Tiền dịch vụ thu của người lao động không vượt mức trần',
    citation: 'Luật 69/2020/QH14, Điều 23 khoản 4; Thông tư 21/2021/TT-BLĐTBXH, Phụ lục XI',
  },
  {
    id: 'R8',
    title: 'Không thu tiền môi giới của người lao động',
    citation: 'Luật 69/2020/QH14, Điều 7 khoản 8; Điều 26 khoản 2 điểm c',
  },
  {
    id: 'R9',
    title: 'Tiền ký quỹ của người lao động trong mức trần theo thị trường và ngành nghề',
    citation: 'Nghị định 112/2021/NĐ-CP, Điều 29 và Phụ lục II',
  },
  {
    id: 'R14',
    title:
      'Chương trình EPS: do đơn vị sự nghiệp công thực hiện, ký quỹ 100.000.000 đồng tại Ngân hàng Chính sách xã hội, không thu tiền dịch vụ',
    citation: 'Quyết định 12/2020/QĐ-TTg; Luật 69/2020/QH14, Điều 42 khoản 3',
  },
  {
    id: 'R1',
    title:
      'Người lao động đủ 18 tuổi khi ký hợp đồng, có chứng chỉ giáo dục định hướng còn giá trị trước khi xuất cảnh',
    citation: 'Luật 69/2020/QH14, Điều 3 khoản 1, Điều 44',
  },
  {
    id: 'R2',
    title: 'Chỉ trụ sở chính ký, thanh lý hợp đồng với người lao động và thu tiền; chi nhánh không được',
    citation: 'Luật 69/2020/QH14, Điều 17 khoản 3',
  },
  {
    id: 'R4',
    title: 'Số lao động tuyển chọn không vượt số lượng trong đơn hàng đã đăng ký',
    citation: 'Nghị định 283/2026/NĐ-CP, Điều 49 khoản 7',
  },
  {
    id: 'R13',
    title: 'Người lao động đóng Quỹ Hỗ trợ việc làm ngoài nước 100.000 đồng chậm nhất 3 ngày trước khi xuất cảnh',
    citation: 'Quyết định 40/2021/QĐ-TTg, Điều 8',
  },
  {
    id: 'R15',
    title:
      'Xuất cảnh trong 180 ngày kể từ ngày trúng tuyển; quá hạn cần người lao động đồng ý bằng văn bản tiếp tục chờ',
    citation: 'Luật 69/2020/QH14, Điều 26 khoản 2 điểm đ',
  },
  {
    id: 'R17',
    title: 'Cập nhật cơ sở dữ liệu người lao động trong 5 ngày sau khi xuất cảnh',
    citation: 'Luật 69/2020/QH14, Điều 26 khoản 2 điểm n; Thông tư 20/2021/TT-BLĐTBXH, Điều 11',
  },
  {
    id: 'R19',
    title:
      'Chứng chỉ giáo dục định hướng có giá trị 24 tháng; đổi doanh nghiệp, công việc hoặc nước đến phải học lại phần thay đổi',
    citation: 'Thông tư 21/2021/TT-BLĐTBXH, Điều 12 khoản 2 điểm b',
  },
  {
    id: 'R20',
    title:
      'Thanh lý hợp đồng trong 180 ngày sau khi hợp đồng lao động chấm dứt; đơn phương sau 3 lần thông báo bằng thư bảo đảm',
    citation: 'Luật 69/2020/QH14, Điều 26 khoản 1 điểm c, khoản 2 điểm i',
  },
  {
    id: 'PAPERS',
    title:
      'Hộ chiếu còn hạn đủ số tháng sau ngày xuất cảnh theo yêu cầu của nước đến; có thị thực hoặc giấy phép nhập cảnh',
    citation: 'Luật 69/2020/QH14, Điều 44; bảng chính sách passport.margin',
  },
  {
    id: 'DATA',
    title: 'Đơn hàng có đủ các thông tin bắt buộc trước khi tuyển',
    citation: 'Luật 69/2020/QH14, Điều 19',
  },
];

/**
 * No version of a policy value is in force at the date asked (a date before the law's first version, a market
 * nobody set a cap for). Callers turn it into a DATA verdict, never a server error.
 */
export class PolicyMissingError extends Error {
  constructor(
    readonly key: string,
    readonly date: string,
  ) {
    super(`no policy value ${key} in force on ${date}`);
    this.name = 'PolicyMissingError';
  }
}

/** The verdict for a decision that needs a policy value no version gives at that date. */
export function missingPolicyVerdict(err: PolicyMissingError): Verdict {
  const [y, m, d] = err.date.split('-');
  return verdict(
    'DATA',
    false,
    `Chưa có mức chính sách «${err.key}» có hiệu lực vào ngày ${d}/${m}/${y}: không thể kết luận theo quy định. Kiểm tra lại ngày, hoặc bổ sung phiên bản chính sách.`,
    { policyKey: err.key, date: err.date },
  );
}

/** Runs a rule evaluation; a missing policy value becomes a DATA verdict instead of an error. */
export async function withPolicyData(fn: () => Verdict[] | Promise<Verdict[]>): Promise<Verdict[]> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof PolicyMissingError) return [missingPolicyVerdict(err)];
    throw err;
  }
}

export function ruleInfo(id: string): RuleInfo {
  const r = RULES.find((x) => x.id === id);
  if (!r) throw new Error(`unknown rule ${id}`);
  return r;
}

export function verdict(
  ruleId: string,
  ok: boolean,
  message: string,
  details: Record<string, unknown> = {},
  policyIds: number[] = [],
  citation?: string,
): Verdict {
  return { ok, ruleId, message, citation: citation ?? ruleInfo(ruleId).citation, details, policyIds };
}
