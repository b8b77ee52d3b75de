import { expect } from 'chai';
import request from 'supertest';
import { testApp } from '../../helpers/app';

describe('reference API', () => {
  describe('GET /api/v1/provinces', () => {
    it('when called, then the 34 provinces come back with Đồng Nai as a city from 30/04/2026', async () => {
      const res = await request(testApp()).get('/api/v1/provinces').expect(200);
      expect(res.body.data).to.have.length(34);
      expect(res.body.data.filter((p: { kind: string }) => p.kind === 'thanh_pho')).to.have.length(7);
      expect(res.body.data.find((p: { code: string }) => p.code === '75')).to.deep.equal({
        code: '75',
        name: 'Thành phố Đồng Nai',
        kind: 'thanh_pho',
      });
    });
  });

  describe('GET /api/v1/provinces/:code/communes', () => {
    it('when the province exists, then its communes come back in code order', async () => {
      const res = await request(testApp()).get('/api/v1/provinces/38/communes').expect(200);
      const codes = res.body.data.map((c: { code: string }) => c.code);
      expect(codes).to.include('14797');
      expect([...codes].sort()).to.deep.equal(codes);
      expect(res.body.data.find((c: { code: string }) => c.code === '14797').name).to.equal('Phường Hạc Thành');
    });

    it('when a Đồng Nai commune became a ward in 2026, then it is a phường', async () => {
      const res = await request(testApp()).get('/api/v1/provinces/75/communes').expect(200);
      expect(res.body.data.find((c: { code: string }) => c.code === '26248')).to.deep.equal({
        code: '26248',
        name: 'Phường Trảng Bom',
        kind: 'phuong',
      });
    });

    it('when the province does not exist, then 404 NOT_FOUND', async () => {
      const res = await request(testApp()).get('/api/v1/provinces/99/communes').expect(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
    });

    it('when the code is malformed, then 400 VALIDATION_FAILED naming the parameter', async () => {
      const res = await request(testApp()).get('/api/v1/provinces/3x/communes').expect(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.details[0].path).to.equal('code');
    });
  });

  it('counts 3,321 communes in all', async () => {
    const res = await request(testApp()).get('/api/v1/provinces').expect(200);
    let total = 0;
    for (const p of res.body.data)
      total += (await request(testApp()).get(`/api/v1/provinces/${p.code}/communes`)).body.data.length;
    expect(total).to.equal(3321);
  });

  describe('GET /api/v1/countries', () => {
    it('when called, then every market of DOMAIN.md §10 is there with its region, in Vietnamese order', async () => {
      const res = await request(testApp()).get('/api/v1/countries').expect(200);
      const byCode = new Map(res.body.data.map((c: { code: string; region: string }) => [c.code, c.region]));
      const markets = {
        JP: 'east_asia',
        TW: 'east_asia',
        KR: 'east_asia',
        CN: 'east_asia',
        SG: 'southeast_asia',
        HU: 'europe',
        RO: 'europe',
        PL: 'europe',
        DE: 'europe',
        GR: 'europe',
        MY: 'southeast_asia',
        MO: 'east_asia',
        SA: 'middle_east',
        TH: 'southeast_asia',
        HK: 'east_asia',
        AU: 'oceania',
        BN: 'southeast_asia',
      };
      for (const [code, region] of Object.entries(markets)) expect(byCode.get(code), code).to.equal(region);
      const names = res.body.data.map((c: { nameVi: string }) => c.nameVi);
      expect([...names].sort(new Intl.Collator('vi').compare)).to.deep.equal(names);
    });
  });

  describe('GET /api/v1/holidays', () => {
    it('when asked for 2026, then holidays, compensatory days and make-up Saturdays come back', async () => {
      const res = await request(testApp()).get('/api/v1/holidays?year=2026').expect(200);
      const kinds = res.body.data.reduce(
        (acc: Record<string, number>, h: { kind: string }) => ({ ...acc, [h.kind]: (acc[h.kind] ?? 0) + 1 }),
        {},
      );
      expect(kinds).to.deep.equal({ holiday: 11, compensatory: 3, makeup_workday: 2 });
      expect(res.body.data[0]).to.deep.equal({ date: '2026-01-01', name: 'Tết Dương lịch', kind: 'holiday' });
    });

    it('when the year is missing, then 400', async () => {
      const res = await request(testApp()).get('/api/v1/holidays').expect(400);
      expect(res.body.error.details[0].path).to.equal('year');
    });
  });
});
