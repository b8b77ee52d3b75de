import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';
import { makeUser } from '../../helpers/factories';

describe('job order, policy and workflow pages', () => {
  it('when a draft over its cap is opened in the page, then the verdict panel shows the rule, citation and arithmetic, and the open button explains the block', async () => {
    const { token } = await makeUser('agency_staff');
    const cookie = `ht_session=${token}`;
    const form = await request(testApp()).get('/job-orders/new').set('cookie', cookie).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const csrfCookie = (form.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('ht_csrf='))!
      .split(';')[0];
    const cookies = `${cookie}; ${csrfCookie}`;
    const created = await request(testApp())
      .post('/job-orders')
      .set('cookie', cookies)
      .type('form')
      .send({
        _csrf: csrf,
        jobCategory: 'home_caregiver',
        employerName: 'Gia đình Lâm',
        employerCountry: 'TW',
        destinationCountry: 'TW',
        jobTitle: 'Giúp việc',
        headcount: '1',
        salaryMajor: '29500',
        salaryCurrency: 'TWD',
        fxRate: '800',
        fxRateDate: '2026-10-01',
        fxRateSource: 'NHNN',
        contractMonths: '36',
        serviceFeeVnd: '30000000',
        foreignPaidFeeVnd: '0',
        brokerageVnd: '0',
        depositVnd: '0',
        supplyRegStatus: 'approved',
        supplyRegNumber: '1/QL',
        supplyRegDate: '2026-09-01',
      })
      .expect(303);
    const page = await request(testApp()).get(created.headers.location).set('cookie', cookies).expect(200);
    expect(page.text)
      .to.contain('data-rule="R7"')
      .and.contain('vượt mức được thu 23.600.000 ₫')
      .and.contain('Phụ lục XI');
    expect(page.text).to.contain('Chưa thực hiện được');
    const after = await request(testApp())
      .post(`${created.headers.location}/transitions`)
      .set('cookie', cookies)
      .type('form')
      .send({ _csrf: csrf, action: 'open', expectedVersion: '0' })
      .expect(303);
    // the refusal comes back on the order's page as a flash message (a signed cookie), never in the URL
    expect(after.headers.location).to.equal(created.headers.location);
    const flash = ([] as string[])
      .concat(after.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .filter((c) => c.startsWith('ht_flash='));
    const shown = await request(testApp())
      .get(created.headers.location)
      .set('cookie', [cookies, ...flash].join('; '))
      .expect(200);
    expect(shown.text).to.contain('data-testid="flash"').and.contain('R7:').and.contain('flash-error');
  });

  it('when an admin opens the workflow page, then the diagram is drawn from the table', async () => {
    const { auth } = await makeUser('admin');
    const res = await request(testApp()).get('/admin/workflows').set(auth).expect(200);
    expect(res.text).to.contain('<svg').and.contain('Đang tuyển').and.contain('draft --&gt; open: open');
  });

  it('when an admin opens the policy page, then the values in force are marked and unconfirmed ones flagged', async () => {
    const { auth } = await makeUser('admin');
    const res = await request(testApp()).get('/admin/policies').query({ key: 'service_fee' }).set(auth).expect(200);
    expect(res.text).to.contain('đang áp dụng').and.contain('Chưa xác nhận').and.contain('Thông tư 09/2026/TT-BNV');
  });
});
