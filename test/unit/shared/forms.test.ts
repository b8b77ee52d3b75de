// Forms generated from Joi inputs: kinds, labels, required marks and help from the schema; what people type
// (dd/mm/yyyy, 17.000.000, rows) read into the input; a stored input turned back into words.
import { expect } from 'chai';
import Joi from '../../../server/shared/joi';
import { isoDate } from '../../../server/shared/schemas';
import { fieldViews, formFields, inputInWords, readForm } from '../../../server/shared/forms';
import { caseWorkflow } from '../../../server/modules/cases/cases.workflow';

const schema = Joi.object({
  paidOn: isoDate().required().label('Ngày nộp'),
  amountVnd: Joi.number().integer().min(0).label('Số tiền').meta({ unit: 'vnd' }).description('Bằng đồng'),
  months: Joi.number().integer().label('Số tháng'),
  kind: Joi.string()
    .valid('a', 'b')
    .label('Loại')
    .meta({ labels: { a: 'Loại A', b: 'Loại B' } }),
  agreed: Joi.boolean().default(false).label('Đã đồng ý'),
  note: Joi.string().max(1000).label('Ghi chú'),
  fileId: Joi.number().meta({ form: false }),
  lines: Joi.array()
    .items(
      Joi.object({ amountVnd: Joi.number().meta({ unit: 'vnd' }).label('Tiền'), reason: Joi.string().label('Lý do') }),
    )
    .max(2)
    .label('Các khoản'),
});

describe('forms from Joi inputs', () => {
  it('describes each key: kind, label, required, help, choices in words; a key marked form:false is left out', () => {
    const fields = formFields(schema);
    expect(fields.map((f) => [f.name, f.kind, f.required])).to.deep.equal([
      ['paidOn', 'date', true],
      ['amountVnd', 'money', false],
      ['months', 'number', false],
      ['kind', 'select', false],
      ['agreed', 'checkbox', false],
      ['note', 'textarea', false],
      ['lines', 'rows', false],
    ]);
    expect(fields[1]).to.include({ label: 'Số tiền', help: 'Bằng đồng' });
    expect(fields[3].options).to.deep.equal([
      { value: 'a', label: 'Loại A' },
      { value: 'b', label: 'Loại B' },
    ]);
    expect(fields[6]).to.include({ maxRows: 2 });
    expect(fields[6].fields?.map((f) => f.kind)).to.deep.equal(['money', 'text']);
  });

  it('reads what people type: dd/mm/yyyy, vi-VN money, a ticked box, rows (empty ones dropped)', () => {
    const { input, problems } = readForm(formFields(schema), {
      paidOn: '5/3/2026',
      amountVnd: '17.000.000 ₫',
      months: '12',
      kind: 'b',
      agreed: 'on',
      note: '  ghi chú  ',
      fileId: '99',
      'lines.0.amountVnd': '',
      'lines.0.reason': '',
      'lines.1.amountVnd': '1.500.000',
      'lines.1.reason': 'Vé máy bay',
    });
    expect(problems).to.deep.equal([]);
    expect(input).to.deep.equal({
      paidOn: '2026-03-05',
      amountVnd: 17000000,
      months: 12,
      kind: 'b',
      agreed: true,
      note: 'ghi chú',
      lines: [{ amountVnd: 1500000, reason: 'Vé máy bay' }],
    });
    // an unticked box is false; empty inputs are absent
    expect(readForm(formFields(schema), { paidOn: '' }).input).to.deep.equal({ agreed: false });
  });

  it('names what it cannot read, in the field’s words, and keeps what was typed', () => {
    const { input, problems, typed } = readForm(formFields(schema), { paidOn: 'March 5', amountVnd: '17 triệu' });
    expect(input).to.deep.equal({ agreed: false });
    expect(problems).to.deep.equal([
      { path: 'paidOn', message: '«Ngày nộp» cần nhập dạng ngày/tháng/năm, ví dụ 05/03/2026' },
      { path: 'amountVnd', message: '«Số tiền» cần nhập số, ví dụ 17.000.000' },
    ]);
    expect(typed).to.deep.include({ paidOn: 'March 5', amountVnd: '17 triệu' });
  });

  it('shows stored values the Vietnamese way and typed values as typed', () => {
    const views = fieldViews(formFields(schema), {
      idPrefix: 'pay',
      values: { months: 'mười' },
      errors: { months: 'sai' },
      defaults: { paidOn: '2026-03-05', amountVnd: 17000000, kind: 'a' },
    });
    expect(views[0]).to.include({ id: 'pay-paidOn', value: '05/03/2026', isDate: true });
    expect(views[1]).to.include({ value: '17.000.000', isMoney: true });
    expect(views[2]).to.include({ value: 'mười', error: 'sai' });
    expect(views[3].options?.find((o) => o.selected)?.value).to.equal('a');
    expect(views[6].rows?.[1].fields[0]).to.include({ id: 'pay-lines-1-amountVnd', key: 'lines.1.amountVnd' });
  });

  it('turns a stored input back into words for the timeline', () => {
    expect(
      inputInWords(formFields(schema), {
        paidOn: '2026-03-05',
        amountVnd: 17000000,
        kind: 'a',
        agreed: true,
        lines: [{ amountVnd: 1500000, reason: 'Vé' }],
      }),
    ).to.deep.equal([
      { label: 'Ngày nộp', value: '05/03/2026' },
      { label: 'Số tiền', value: '17.000.000 ₫' },
      { label: 'Loại', value: 'Loại A' },
      { label: 'Đã đồng ý', value: 'có' },
      { label: 'Các khoản', value: '1.500.000 ₫ – Vé' },
    ]);
  });

  it('every case action with an input has a form whose fields all carry Vietnamese labels', () => {
    for (const t of caseWorkflow.transitions.filter((x) => x.input)) {
      for (const f of formFields(t.input).flatMap((x) => [x, ...(x.fields ?? [])])) {
        expect(f.label, `${t.action}.${f.name}`).not.to.equal(f.name);
      }
    }
  });
});
