import { expect } from 'chai';
import { advanceClock, dateInVietnam, now, setClock, today } from '../../../server/shared/clock';
import {
  addMonths,
  formatDateTimeVi,
  formatDateVi,
  parseViDate,
  isIsoDate,
  daysBetween,
} from '../../../server/shared/dates';

describe('clock', () => {
  afterEach(() => setClock(null));

  it('when it is 23:30 UTC, then today() is already the next day in Vietnam (UTC+7)', () => {
    setClock(new Date('2026-11-27T17:30:00Z'));
    expect(today()).to.equal('2026-11-28');
    setClock(new Date('2026-11-27T16:59:59Z'));
    expect(today()).to.equal('2026-11-27');
  });

  it('when a date is set, then now() is that day in Vietnam and advanceClock moves it', () => {
    setClock('2026-02-12');
    expect(dateInVietnam(now())).to.equal('2026-02-12');
    advanceClock(24 * 3600 * 1000);
    expect(today()).to.equal('2026-02-13');
  });

  it('when reset, then the clock follows real time again', () => {
    setClock('2000-01-01');
    setClock(null);
    expect(Math.abs(now().getTime() - Date.now())).to.be.lessThan(1000);
  });
});

describe('dates', () => {
  it('formats and parses dd/mm/yyyy', () => {
    expect(formatDateVi('2026-03-05')).to.equal('05/03/2026');
    expect(parseViDate('5/3/2026')).to.equal('2026-03-05');
    expect(parseViDate('05.03.2026')).to.equal('2026-03-05');
    expect(parseViDate('2026-03-05')).to.equal('2026-03-05');
    expect(parseViDate('03/2026')).to.equal(null);
    expect(parseViDate('March 5, 2026')).to.equal(null);
  });

  it('formats a moment as dd/mm/yyyy hh:mm in Vietnam time, whatever the server zone', () => {
    expect(formatDateTimeVi('2026-12-01T17:05:00Z')).to.equal('02/12/2026 00:05');
    expect(formatDateTimeVi(new Date('2026-12-01T07:30:00Z'))).to.equal('01/12/2026 14:30');
    expect(formatDateTimeVi(null)).to.equal('');
  });

  it('rejects dates that do not exist', () => {
    expect(isIsoDate('2026-02-29')).to.equal(false);
    expect(isIsoDate('2028-02-29')).to.equal(true);
  });

  it('adds months clamping to the end of the month', () => {
    expect(addMonths('2026-01-31', 1)).to.equal('2026-02-28');
    expect(addMonths('2026-05-15', 24)).to.equal('2028-05-15');
    expect(daysBetween('2026-01-01', '2026-06-30')).to.equal(180);
  });
});
