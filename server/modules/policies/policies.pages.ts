import express from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { ValidationError, ConflictError } from '../../shared/errors';
import { check } from '../../shared/validate';
import { fieldErrors, formValues, pageContext, pageFilters } from '../../shared/pages';
import { flashNext } from '../../shared/flash';
import { today } from '../../shared/clock';
import { POLICY_UNITS } from './policies.model';
import * as s from './policies.schemas';
import * as service from './policies.service';

export const policiesPages = express.Router();

/** The key filter takes a key ("service_fee") or words ("phí dịch vụ", "tiền dịch vụ"): words search the text. */
function policyFilter(raw: Record<string, unknown>): Record<string, unknown> {
  const key = typeof raw.key === 'string' ? raw.key.trim() : '';
  if (!key || /^[a-z0-9_.]+$/.test(key)) return raw;
  return { ...raw, key: undefined, q: key };
}

async function render(
  req: express.Request,
  res: express.Response,
  status: number,
  values: Record<string, unknown> = {},
  errors: Record<string, string> = {},
) {
  const { query, notice } = pageFilters(s.listPoliciesQuery, policyFilter(req.query as Record<string, unknown>));
  const policies = await service.listPolicies(query);
  const at = query.at ?? today();
  res.status(status).render(
    'policies/list',
    pageContext(req, 'Bảng chính sách', {
      ...(notice ? { flash: notice } : {}),
      policies: policies.map((p) => ({
        ...p,
        inForce: !p.withdrawnAt && p.effectiveFrom <= at && (!p.effectiveTo || p.effectiveTo >= at),
      })),
      query,
      values: { effectiveFrom: today(), ...values },
      errors,
      units: POLICY_UNITS,
    }),
  );
}

policiesPages.get('/admin/policies', requirePermission('policies:manage'), (req, res) => render(req, res, 200));

policiesPages.post('/admin/policies', requirePermission('policies:manage'), async (req, res) => {
  const values: Record<string, unknown> = {
    ...formValues(req.body, { numbers: ['value'], dates: ['effectiveFrom'] }),
    confirmed: req.body?.confirmed === 'on',
  };
  try {
    await service.addVersion(actorOf(req), check(s.newVersionBody, values));
    flashNext(res, 'Đã thêm phiên bản chính sách.');
    res.redirect(303, `/admin/policies?key=${encodeURIComponent(String(values.key))}`);
  } catch (err) {
    if (err instanceof ConflictError) return render(req, res, 409, values, { effectiveFrom: err.message });
    if (!(err instanceof ValidationError)) throw err;
    await render(req, res, 400, values, fieldErrors(err));
  }
});
