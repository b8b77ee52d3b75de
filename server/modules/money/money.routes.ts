import type { Request } from 'express';
import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { ValidationError } from '../../shared/errors';
import * as s from './money.schemas';
import * as service from './money.service';

const { router, define } = apiRouter('/api/v1');

const KEY = /^[A-Za-z0-9_.:-]{8,180}$/;
/** The Idempotency-Key header (or the body's idempotencyKey, as forms send it): required on every posting. */
export function idempotencyKey(req: Request, fromBody?: string): string {
  const header = req.get('Idempotency-Key');
  const key = header ?? fromBody;
  if (!key || !KEY.test(key))
    throw new ValidationError([
      {
        path: 'Idempotency-Key',
        message:
          'Cần khóa chống ghi trùng (tiêu đề Idempotency-Key, 8–180 ký tự chữ, số, gạch ngang): gửi lại cùng khóa khi thử lại',
      },
    ]);
  return key;
}

const entryOut = Joi.object({
  id: Joi.number(),
  caseId: Joi.number(),
  kind: Joi.string(),
  amountVnd: Joi.number(),
  signedVnd: Joi.number(),
  occurredOn: Joi.string(),
  reversesId: Joi.number().allow(null),
}).unknown(true);

define({
  method: 'get',
  path: '/cases/:id/ledger',
  access: requirePermission('money:read'),
  tag: 'money',
  operationId: 'getCaseLedger',
  summary:
    "A case's ledger: entries oldest first, balances (deposit held, fees due and paid, Fund), the blocked account and the money deadlines (R11, R13, R14)",
  params: s.caseParams,
  response: Joi.object({ entries: Joi.array().items(entryOut), balances: Joi.object() }).unknown(true),
  handler: async ({ params, req }) => {
    const l = await service.ledgerOf(actorOf(req), params.id);
    return {
      data: {
        caseId: l.caseId,
        entries: l.entries,
        balances: l.balances,
        account: l.account,
        obligations: l.obligations,
      },
    };
  },
});

define({
  method: 'post',
  path: '/cases/:id/ledger',
  access: requirePermission('money:write'),
  tag: 'money',
  status: 201,
  operationId: 'postLedgerEntry',
  summary:
    'Post an entry, checked against the law at its date (R2, R6–R14). Header Idempotency-Key required: the same key and body again answers 200 with the original entry; the same key with another case, kind or amount 409 IDEMPOTENCY_KEY_REUSED',
  params: s.caseParams,
  body: s.entryBody,
  response: entryOut,
  errors: [409, 422],
  handler: async ({ params, body, req, res }) => {
    const r = await service.postEntry(actorOf(req), params.id, body, idempotencyKey(req, body.idempotencyKey));
    res.status(r.replayed ? 200 : 201).json({ data: r.entry, replayed: r.replayed });
  },
});

define({
  method: 'post',
  path: '/cases/:id/ledger/:entryId/reversal',
  access: requirePermission('money:write'),
  tag: 'money',
  status: 201,
  operationId: 'reverseLedgerEntry',
  summary:
    'Correct an entry by its reversal (same case, kind and amount, counted negative); entries are never edited or deleted',
  params: s.entryParams,
  body: s.reversalBody,
  response: entryOut,
  errors: [409],
  handler: async ({ params, body, req, res }) => {
    const r = await service.reverseEntry(
      actorOf(req),
      params.id,
      params.entryId,
      body.reason,
      idempotencyKey(req, body.idempotencyKey),
    );
    res.status(r.replayed ? 200 : 201).json({ data: r.entry, replayed: r.replayed });
  },
});

define({
  method: 'put',
  path: '/cases/:id/deposit-account',
  access: requirePermission('money:write'),
  tag: 'money',
  operationId: 'setDepositAccount',
  summary:
    "Record the blocked account in the worker's name and the tripartite agreement (R10; R14 at the Social Policy Bank for EPS)",
  params: s.caseParams,
  body: s.accountBody,
  response: Joi.object().unknown(true),
  errors: [409],
  handler: async ({ params, body, req }) => ({ data: await service.setDepositAccount(actorOf(req), params.id, body) }),
});

define({
  method: 'post',
  path: '/cases/:id/deposit-refund',
  access: requirePermission('money:write'),
  tag: 'money',
  status: 201,
  operationId: 'refundDeposit',
  summary:
    "Give the deposit back after liquidation (R11): the bank's interest (given, or computed from its demand rate and rounded up) and the refund of all that is held, in one transaction",
  params: s.caseParams,
  body: s.depositRefundBody,
  response: Joi.array().items(entryOut),
  errors: [409, 422],
  handler: async ({ params, body, req, res }) => {
    const r = await service.refundDeposit(actorOf(req), params.id, body, idempotencyKey(req, body.idempotencyKey));
    res.status(r.replayed ? 200 : 201).json({ data: r.entries, replayed: r.replayed });
  },
});

define({
  method: 'get',
  path: '/cases/:id/service-fee-refund',
  access: requirePermission('money:read'),
  tag: 'money',
  operationId: 'quoteServiceFeeRefund',
  summary:
    'R12: the unused service fee of an early return through no fault of the worker, pro rata with interest, and its arithmetic',
  params: s.caseParams,
  query: s.feeRefundQuery,
  response: Joi.object().unknown(true),
  handler: async ({ params, query, req }) => {
    const q = await service.feeRefundFor(actorOf(req), params.id, query);
    return {
      data: {
        ...q,
        paidVnd: Number(q.paidVnd),
        alreadyRefundedVnd: Number(q.alreadyRefundedVnd),
        principalVnd: Number(q.principalVnd),
        interestVnd: Number(q.interestVnd),
        totalVnd: Number(q.totalVnd),
      },
    };
  },
});

define({
  method: 'post',
  path: '/cases/:id/service-fee-refund',
  access: requirePermission('money:write'),
  tag: 'money',
  status: 201,
  operationId: 'refundServiceFee',
  summary: 'R12: post the quoted refund (the unused fee and its interest) as two entries in one transaction',
  params: s.caseParams,
  body: s.feeRefundBody,
  response: Joi.array().items(entryOut),
  errors: [409, 422],
  handler: async ({ params, body, req, res }) => {
    const r = await service.refundFee(actorOf(req), params.id, body, idempotencyKey(req, body.idempotencyKey));
    res.status(r.replayed ? 200 : 201).json({ data: r.entries, replayed: r.replayed });
  },
});

define({
  method: 'get',
  path: '/money/reconciliation',
  access: requirePermission('money:reconcile'),
  tag: 'money',
  operationId: 'moneyReconciliation',
  summary: "My agency's deposits held, refunds due and refunds overdue (R11), earliest refund first",
  query: s.reconciliationQuery,
  response: Joi.array().items(Joi.object().unknown(true)),
  handler: async ({ query, req }) => service.reconciliation(actorOf(req), query),
});

define({
  method: 'get',
  path: '/money/province',
  access: requirePermission('money:province'),
  tag: 'money',
  operationId: 'moneyProvinceSummary',
  summary: "Per agency, the deposits held and the refunds overdue of my province's residents",
  response: Joi.array().items(Joi.object().unknown(true)),
  handler: async ({ req }) => ({ data: await service.provinceSummary(actorOf(req)) }),
});

export { router as moneyApi };
