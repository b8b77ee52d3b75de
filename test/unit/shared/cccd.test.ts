import { expect } from 'chai';
import { centurySexDigit, checkCccd, maskCccd } from '../../../server/shared/cccd';
import { fold, normalisePhone } from '../../../server/shared/text';

const PREFIXES = new Set(['001', '038', '087']);
const types = (cccd: string, dob: string, sex: 'male' | 'female') =>
  checkCccd(cccd, dob, sex, PREFIXES).map((p) => p.type);

describe('CCCD (DOMAIN.md §7.1)', () => {
  it('accepts a man born in the 1900s (digit 4 = 0) and a woman born in the 1900s (1)', () => {
    expect(checkCccd('087084000999', '1984-06-01', 'male', PREFIXES)).to.deep.equal([]);
    expect(checkCccd('038199123456', '1999-12-31', 'female', PREFIXES)).to.deep.equal([]);
  });

  it('accepts a man born in the 2000s (2) and a woman born in the 2000s (3)', () => {
    expect(checkCccd('038202000001', '2002-01-01', 'male', PREFIXES)).to.deep.equal([]);
    expect(checkCccd('001305654321', '2005-07-15', 'female', PREFIXES)).to.deep.equal([]);
  });

  it('maps centuries 1900–2399 to digits 0–9 by sex', () => {
    expect([1950, 2050, 2150, 2250, 2350].map((y) => centurySexDigit(y, 'male'))).to.deep.equal([0, 2, 4, 6, 8]);
    expect(centurySexDigit(1899, 'male')).to.equal(null);
  });

  it('refuses a number that is not 12 digits', () => {
    expect(types('03819912345', '1999-01-01', 'female')).to.deep.equal(['cccd.format']);
    expect(types('03819912345a', '1999-01-01', 'female')).to.deep.equal(['cccd.format']);
  });

  it('refuses an unknown province prefix, saying which', () => {
    const [p] = checkCccd('099199123456', '1999-01-01', 'female', PREFIXES);
    expect(p.type).to.equal('cccd.prefix');
    expect(p.message).to.contain('099');
  });

  it('refuses a 4th digit that disagrees with the sex, and one that disagrees with the century', () => {
    expect(types('038099123456', '1999-01-01', 'female')).to.deep.equal(['cccd.century_sex']);
    const [p] = checkCccd('038399123456', '1999-01-01', 'female', PREFIXES);
    expect(p.message).to.contain('phải là 1');
  });

  it('refuses digits 5–6 that are not the year of birth', () => {
    expect(types('038198123456', '1999-01-01', 'female')).to.deep.equal(['cccd.year']);
  });

  it('reports every disagreement at once', () => {
    expect(types('099298123456', '1999-01-01', 'female')).to.deep.equal([
      'cccd.prefix',
      'cccd.century_sex',
      'cccd.year',
    ]);
  });

  it('masks all but the first 3 and last 3 digits', () => {
    expect(maskCccd('038199123456')).to.equal('038******456');
  });
});

describe('folding and phones', () => {
  it('folds accents, case, đ and both tone placements', () => {
    expect(fold('Nguyễn Thị Hằng')).to.equal('nguyen thi hang');
    expect(fold('ĐẶNG Văn Đức')).to.equal('dang van duc');
    expect(fold('Thuận Hoà')).to.equal(fold('Thuận Hòa'));
    expect(fold('Nguye\u0302\u0303n')).to.equal('nguyen'); // decomposed input
  });

  it('normalises +84, 84 and 0 forms', () => {
    expect(normalisePhone('+84 912 345 678')).to.equal('0912345678');
    expect(normalisePhone('84912345678')).to.equal('0912345678');
    expect(normalisePhone('0912.345.678')).to.equal('0912345678');
    expect(normalisePhone('12345')).to.equal(null);
  });
});
