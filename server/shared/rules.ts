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
  /** a few words people recognise the rule by ("Thời hạn chờ xuất cảnh"), shown with its id */
  short: string;
  title: string;
  citation: string;
}

export const RULES: RuleInfo[] = [
  {
    id: 'R3',
    short: 'Đơn hàng đã được chấp thuận',
    title: 'Chỉ tuyển theo đơn hàng khi hợp đồng cung ứng đã được chấp thuận đăng ký (đơn vị sự nghiệp: đã báo cáo Bộ)',
    citation: 'Luật 69/2020/QH14, Điều 18 khoản 1, Điều 20 khoản 1, Điều 43',
  },
  {
    id: 'R7',
    short: 'Trần tiền dịch vụ',
    title: 'Tiền dịch vụ thu của người lao động không vượt mức trần',
    citation: 'Luật 69/2020/QH14, Điều 23 khoản 4; Thông tư 21/2021/TT-BLĐTBXH, Phụ lục XI',
  },
  {
    id: 'R8',
    short: 'Không thu tiền môi giới',
    title: 'Không thu tiền môi giới của người lao động',
    citation: 'Luật 69/2020/QH14, Điều 7 khoản 8; Điều 26 khoản 2 điểm c',
  },
  {
    id: 'R9',
    short: 'Mức ký quỹ tối đa',
    title: 'Tiền ký quỹ của người lao động trong mức trần theo thị trường và ngành nghề',
    citation: 'Nghị định 112/2021/NĐ-CP, Điều 29 và Phụ lục II',
  },
  {
    id: 'R14',
    short: 'Chương trình EPS',
    title:
      'Chương trình EPS: do đơn vị sự nghiệp công thực hiện, ký quỹ 100.000.000 đồng tại Ngân hàng Chính sách xã hội, không thu tiền dịch vụ',
    citation: 'Quyết định 12/2020/QĐ-TTg; Luật 69/2020/QH14, Điều 42 khoản 3',
  },
  {
    id: 'R1',
    short: 'Tuổi và giáo dục định hướng',
    title:
      'Người lao động đủ 18 tuổi khi ký hợp đồng, có chứng chỉ giáo dục định hướng còn giá trị trước khi xuất cảnh',
    citation: 'Luật 69/2020/QH14, Điều 3 khoản 1, Điều 44',
  },
  {
    id: 'R2',
    short: 'Trụ sở chính ký và thanh lý hợp đồng',
    title: 'Chỉ trụ sở chính ký, thanh lý hợp đồng với người lao động và thu tiền; chi nhánh không được',
    citation: 'Luật 69/2020/QH14, Điều 17 khoản 3',
  },
  {
    id: 'R4',
    short: 'Số lao động theo đơn hàng',
    title: 'Số lao động tuyển chọn không vượt số lượng trong đơn hàng đã đăng ký',
    citation: 'Nghị định 283/2026/NĐ-CP, Điều 49 khoản 7',
  },
  {
    id: 'R6',
    short: 'Thời điểm thu tiền dịch vụ',
    title:
      'Chỉ thu tiền dịch vụ sau khi hợp đồng cung ứng lao động được chấp thuận và hợp đồng với người lao động đã ký',
    citation: 'Luật 69/2020/QH14, Điều 23 khoản 2 điểm c',
  },
  {
    id: 'R10',
    short: 'Thời điểm và nơi ký quỹ',
    title:
      'Chỉ nhận ký quỹ sau khi ký hợp đồng và người lao động được chủ sử dụng chấp nhận hoặc có thị thực; tiền vào tài khoản phong tỏa đứng tên người lao động',
    citation: 'Luật 69/2020/QH14, Điều 25 khoản 2; Nghị định 112/2021/NĐ-CP, Điều 30',
  },
  {
    id: 'R11',
    short: 'Hoàn trả tiền ký quỹ',
    title:
      'Tiền ký quỹ được giải tỏa theo biên bản thanh lý; khoản khấu trừ phải được ghi trong biên bản; hoàn trả cả gốc và lãi',
    citation: 'Nghị định 112/2021/NĐ-CP, Điều 31, Điều 32',
  },
  {
    id: 'R12',
    short: 'Hoàn tiền dịch vụ khi về nước trước hạn',
    title:
      'Người lao động về nước trước hạn không do lỗi của mình được hoàn tiền dịch vụ tương ứng thời gian còn lại, cùng tiền lãi không kỳ hạn',
    citation: 'Luật 69/2020/QH14, Điều 23 khoản 3',
  },
  {
    id: 'R13',
    short: 'Đóng Quỹ trước khi xuất cảnh',
    title: 'Người lao động đóng Quỹ Hỗ trợ việc làm ngoài nước 100.000 đồng chậm nhất 3 ngày trước khi xuất cảnh',
    citation: 'Quyết định 40/2021/QĐ-TTg, Điều 8',
  },
  {
    id: 'R15',
    short: 'Thời hạn chờ xuất cảnh',
    title:
      'Xuất cảnh trong 180 ngày kể từ ngày trúng tuyển; quá hạn cần người lao động đồng ý bằng văn bản tiếp tục chờ',
    citation: 'Luật 69/2020/QH14, Điều 26 khoản 2 điểm đ',
  },
  {
    id: 'R17',
    short: 'Cập nhật cơ sở dữ liệu người lao động',
    title: 'Cập nhật cơ sở dữ liệu người lao động trong 5 ngày sau khi xuất cảnh',
    citation: 'Luật 69/2020/QH14, Điều 26 khoản 2 điểm n; Thông tư 20/2021/TT-BLĐTBXH, Điều 11',
  },
  {
    id: 'R19',
    short: 'Giá trị chứng chỉ giáo dục định hướng',
    title:
      'Chứng chỉ giáo dục định hướng có giá trị 24 tháng; đổi doanh nghiệp, công việc hoặc nước đến phải học lại phần thay đổi',
    citation: 'Thông tư 21/2021/TT-BLĐTBXH, Điều 12 khoản 2 điểm b',
  },
  {
    id: 'R20',
    short: 'Thanh lý hợp đồng',
    title:
      'Thanh lý hợp đồng trong 180 ngày sau khi hợp đồng lao động chấm dứt; đơn phương sau 3 lần thông báo bằng thư bảo đảm',
    citation: 'Luật 69/2020/QH14, Điều 26 khoản 1 điểm c, khoản 2 điểm i',
  },
  {
    id: 'R21',
    short: 'Thông báo cư trú sau khi về nước',
    title: 'Người lao động về nước thông báo nơi cư trú trong 15 ngày kể từ ngày nhập cảnh',
    citation: 'Luật 69/2020/QH14, Điều 6 khoản 2 điểm g',
  },
  {
    id: 'R24',
    short: 'Đối tượng và địa bàn được hỗ trợ',
    title:
      'Người lao động thuộc nhóm được hỗ trợ (hộ nghèo, cận nghèo, mới thoát nghèo, dân tộc thiểu số, cư trú tại địa bàn) và chương trình còn chi trả',
    citation: 'Thông tư 03/2024/TT-BLĐTBXH; Thông tư 55/2023/TT-BTC, Điều 69; Luật Việc làm 74/2025/QH15, Điều 14',
  },
  {
    id: 'R25',
    short: 'Mức hỗ trợ',
    title: 'Mức hỗ trợ theo từng khoản: theo khóa, ngày, tháng, một lần, thực tế có mức tối đa hoặc theo lệ phí',
    citation: 'Thông tư 55/2023/TT-BTC, Điều 25 khoản 1 điểm a, Điều 69; Nghị định 338/2025/NĐ-CP, Điều 30',
  },
  {
    id: 'R26',
    short: 'Mỗi khoản hỗ trợ một lần',
    title: 'Mỗi khoản chỉ hỗ trợ một lần cho mỗi người; thuộc nhiều nhóm thì chọn nhóm có lợi nhất',
    citation: 'Thông tư liên tịch 09/2016/TTLT-BLĐTBXH-BTC, Điều 3 khoản 5; Thông tư 55/2023/TT-BTC, Điều 69 khoản 6',
  },
  {
    id: 'R27',
    short: 'Hồ sơ và thời hạn giải quyết',
    title:
      'Hồ sơ đủ (xác nhận của xã, hợp đồng, chứng từ); giải quyết trong 10 ngày làm việc; người lập không tự duyệt',
    citation: 'Thông tư liên tịch 09/2016/TTLT-BLĐTBXH-BTC, Điều 4 khoản 1',
  },
  {
    id: 'BUDGET',
    short: 'Dự toán kinh phí',
    title: 'Chỉ phê duyệt trong dự toán còn lại của tỉnh theo năm ngân sách, chương trình và nguồn vốn',
    citation: 'Luật Ngân sách nhà nước 83/2015/QH13',
  },
  {
    id: 'PAPERS',
    short: 'Giấy tờ xuất cảnh',
    title:
      'Hộ chiếu còn hạn đủ số tháng sau ngày xuất cảnh theo yêu cầu của nước đến; có thị thực hoặc giấy phép nhập cảnh',
    citation: 'Luật 69/2020/QH14, Điều 44; bảng chính sách passport.margin',
  },
  {
    id: 'LICENCE',
    short: 'Giấy phép dịch vụ',
    title: 'Doanh nghiệp dịch vụ chỉ đưa người lao động đi làm việc ở nước ngoài khi có giấy phép còn hiệu lực',
    citation: 'Luật 69/2020/QH14, Điều 10',
  },
  // the job exchange (Sub-project 3; DOMAIN.md §15.7)
  {
    id: 'E1',
    short: 'Đồng ý xử lý dữ liệu tìm việc',
    title:
      'Dữ liệu của người tìm việc chỉ dùng để tư vấn, giới thiệu, kết nối việc làm khi có điều khoản đồng ý ký và ghi ngày, cho một tổ chức dịch vụ việc làm cụ thể; rút lại đồng ý thì dừng kết nối và giới thiệu',
    citation: 'Nghị định 352/2025/NĐ-CP, Phụ lục I Mẫu 01; Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15',
  },
  {
    id: 'E2',
    short: 'Kết nối việc làm thành công',
    title: 'Kết nối việc làm thành công chỉ khi hợp đồng lao động đã được ký; ghi theo Mẫu 04',
    citation: 'Thông tư 11/2022/TT-BLĐTBXH, Điều 3 khoản 4; Nghị định 352/2025/NĐ-CP, Phụ lục I Mẫu 04',
  },
  {
    id: 'E3',
    short: 'Theo dõi sau giới thiệu',
    title:
      'Theo dõi người lao động được tuyển ít nhất 1 tháng (3 tháng với hồ sơ theo Nghị định 23/2021, trước năm 2026), hoặc thời hạn hợp đồng nếu ngắn hơn',
    citation: 'Nghị định 352/2025/NĐ-CP, Điều 10 khoản 2; Nghị định 23/2021/NĐ-CP, Điều 12 khoản 2',
  },
  {
    id: 'E4',
    short: 'Cập nhật lên Sàn giao dịch việc làm quốc gia',
    title:
      'Cập nhật kết quả lên Sàn giao dịch việc làm quốc gia trong 20 ngày làm việc kể từ khi người sử dụng lao động thông báo kết quả tuyển dụng',
    citation: 'Nghị định 352/2025/NĐ-CP, Điều 10 khoản 2',
  },
  {
    id: 'E5',
    short: 'Hạn tuyển dụng',
    title: 'Việc làm trống đóng khi đến hạn tuyển dụng hoặc khi đã tuyển đủ số lượng',
    citation: 'Nghị định 352/2025/NĐ-CP, Phụ lục I Mẫu 03a',
  },
  {
    id: 'E6',
    short: 'Báo cáo của trung tâm',
    title: 'Báo cáo 6 tháng (số liệu 15/12–14/6, trước 20/6) và năm (15/12–14/12, trước 20/12) theo Mẫu 01 Phụ lục III',
    citation: 'Nghị định 352/2025/NĐ-CP, Điều 11, Phụ lục III',
  },
  {
    id: 'E7',
    short: 'Dịch vụ việc làm công miễn phí',
    title: 'Tư vấn, giới thiệu việc làm và thông tin thị trường lao động miễn phí cho người lao động tại tổ chức công',
    citation: 'Luật Việc làm 74/2025/QH15, Điều 4 khoản 2; Nghị định 352/2025/NĐ-CP, Điều 11 khoản 1',
  },
  {
    id: 'MATCH',
    short: 'Yêu cầu của việc làm',
    title:
      'Yêu cầu bắt buộc của việc làm trống: trình độ giáo dục phổ thông, trình độ chuyên môn kỹ thuật, ngoại ngữ và thời gian sẵn sàng làm việc',
    citation: 'Nghị định 352/2025/NĐ-CP, Phụ lục I Mẫu 03a (yêu cầu của người sử dụng lao động)',
  },
  {
    id: 'DATA',
    short: 'Thông tin và chính sách cần có',
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

/** "R15 — Thời hạn chờ xuất cảnh": a rule as people read it (an unknown id stays as it is). */
export function ruleWords(id: string): string {
  const r = RULES.find((x) => x.id === id);
  return r ? `${id} — ${r.short}` : id;
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
