// The overseas hand-off's pages (Decree 352 Art 7.1.b): the sending organisation's inbox (/gioi-thieu-ngoai-nuoc)
// where it accepts — with the worker's consent scan or her dated portal consent — or declines with a reason, each
// after a confirmation step; the centre's actions (refer from the job seeker's page, decide her portal requests);
// the worker's request in the portal. Thin: the service checks and scopes everything.
import express, { type Request, type Response } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError, ValidationError, type FieldProblem } from '../../shared/errors';
import { check } from '../../shared/validate';
import {
  attemptAction,
  fieldErrors,
  flashNext,
  isConfirmed,
  pageContext,
  refusalMessage,
  renderConfirm,
} from '../../shared/pages';
import { fieldViews, formFields } from '../../shared/forms';
import { fileStore, receiveFile } from '../../shared/files';
import { today } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import { WAGE_CODE_LABELS } from '../../shared/labour-scales';
import { countryName } from '../reference';
import { idParam } from './exchange.schemas';
import * as s from './exchange.handoff-schemas';
import * as handoff from './exchange.handoff';

export const handoffPages = express.Router();
export const handoffPortalPages = express.Router();

const idOf = (raw: unknown) => check(idParam, { id: raw }).id;

const withWords = (h: handoff.Handoff) => ({
  ...h,
  countryLabel: h.destinationCountry ? countryName(h.destinationCountry) : '',
  wageLabel: h.wageCode ? WAGE_CODE_LABELS[h.wageCode] : null,
});

// ---- the sending organisation's inbox ----

handoffPages.get('/gioi-thieu-ngoai-nuoc', requirePermission('handoff:read'), async (req, res) => {
  const actor = actorOf(req);
  // a centre reads its overseas referrals on its own board
  if (actor.role === 'centre_staff') return res.redirect(303, '/viec-lam/gioi-thieu?noi=nuoc-ngoai');
  const rows = (await handoff.listHandoffs(actor, { page: 1, pageSize: 200 })).map(withWords);
  res.render(
    'exchange/handoff-inbox',
    pageContext(req, 'Giới thiệu từ trung tâm dịch vụ việc làm', {
      waiting: rows.filter((r) => !r.decided),
      decided: rows.filter((r) => r.decided),
    }),
  );
});

async function renderHandoff(
  req: Request,
  res: Response,
  id: number,
  status = 200,
  refused: { form?: 'accept' | 'decline'; values?: Record<string, string>; errors?: Record<string, string> } = {},
) {
  const actor = actorOf(req);
  const h = withWords(await handoff.getHandoff(actor, id));
  const canDecide = actor.role === 'agency_staff' && actor.agencyId === h.senderAgencyId && !h.decided;
  const errors = refused.errors ?? {};
  res.status(status).render(
    'exchange/handoff',
    pageContext(req, `Giới thiệu #${id}: ${h.fullName}`, {
      h,
      canDecide,
      acceptFields: canDecide
        ? fieldViews(formFields(s.acceptHandoffBody), {
            idPrefix: 'ho',
            values: refused.form === 'accept' ? refused.values : undefined,
            errors: refused.form === 'accept' ? errors : undefined,
            defaults: { consentVia: h.senderConsentOn ? 'portal' : 'scan', consentDate: today() },
          })
        : [],
      scanError: refused.form === 'accept' ? (errors.consentFileId ?? null) : null,
      declineFields: canDecide
        ? fieldViews(formFields(s.declineHandoffBody), {
            idPrefix: 'hd',
            values: refused.form === 'decline' ? refused.values : undefined,
            errors: refused.form === 'decline' ? errors : undefined,
          })
        : [],
      acceptOpen: refused.form === 'accept',
      declineOpen: refused.form === 'decline',
      ...(Object.keys(errors).length
        ? { flash: { kind: 'error', message: 'Chưa thực hiện được: xem các mục được đánh dấu bên dưới.' } }
        : {}),
    }),
  );
}

handoffPages.get('/gioi-thieu-ngoai-nuoc/:id', requirePermission('handoff:read'), (req, res) =>
  renderHandoff(req, res, idOf(req.params.id)),
);

handoffPages.post('/gioi-thieu-ngoai-nuoc/:id/tiep-nhan', requirePermission('handoff:decide'), async (req, res) => {
  const id = idOf(req.params.id);
  await receiveFile(req, res, 'consentScan');
  const body = (req.body ?? {}) as Record<string, unknown>;
  const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
  try {
    // the scan is stored first (its id travels through the confirmation step)
    if (req.file) {
      const stored = await fileStore().put({
        bytes: req.file.buffer,
        name: req.file.originalname,
        uploaderUserId: actorOf(req).userId,
        field: 'consentScan',
      });
      body.consentFileId = String(stored.id);
    }
    const input = check(s.acceptHandoffBody, {
      consentVia: body.consentVia,
      consentFileId: body.consentVia === 'scan' && body.consentFileId ? body.consentFileId : undefined,
      consentDate: body.consentVia === 'scan' && body.consentDate ? body.consentDate : undefined,
    });
    if (!isConfirmed(body)) {
      const h = await handoff.getHandoff(actorOf(req), id);
      return renderConfirm(req, res, {
        heading: 'Tiếp nhận người lao động?',
        subject: `${h.fullName} – đơn hàng ${h.orderJobTitle ?? ''} (${h.centreName} giới thiệu)`,
        consequence:
          'Người lao động được liên kết với doanh nghiệp theo sự đồng ý đã có, và một hồ sơ tuyển chọn được lập cho đơn hàng này. Giới thiệu sẽ theo hồ sơ: trúng tuyển, ký hợp đồng, rút hoặc không đạt. Không hoàn tác được.',
        details: [
          { label: 'Bằng chứng đồng ý', value: s.CONSENT_VIA_LABELS[input.consentVia] },
          ...(input.consentVia === 'portal' && h.senderConsentOn
            ? [{ label: 'Ngày đồng ý trên cổng thông tin', value: formatDateVi(h.senderConsentOn) }]
            : []),
          ...(input.consentDate ? [{ label: 'Ngày ký đồng ý', value: formatDateVi(input.consentDate) }] : []),
        ],
        target: `/gioi-thieu-ngoai-nuoc/${id}/tiep-nhan`,
        back: `/gioi-thieu-ngoai-nuoc/${id}`,
        confirmLabel: 'Xác nhận: tiếp nhận và lập hồ sơ',
      });
    }
    const r = await handoff.acceptHandoff(actorOf(req), id, input);
    flashNext(res, `Đã tiếp nhận: hồ sơ #${r.caseId} được lập cho người lao động.`);
    res.redirect(303, `/cases/${r.caseId}`);
  } catch (err) {
    if (err instanceof ValidationError) {
      const errors = fieldErrors(err);
      if (errors.consentFileId === undefined && (err.details as FieldProblem[]).some((p) => p.path === 'consentFileId'))
        errors.consentFileId = 'Cần bản chụp phiếu đồng ý đã ký của người lao động';
      return renderHandoff(req, res, id, 400, { form: 'accept', values, errors });
    }
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, `Chưa tiếp nhận được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, `/gioi-thieu-ngoai-nuoc/${id}`);
  }
});

handoffPages.post('/gioi-thieu-ngoai-nuoc/:id/tu-choi', requirePermission('handoff:decide'), async (req, res) => {
  const id = idOf(req.params.id);
  const body = (req.body ?? {}) as Record<string, string>;
  try {
    const input = check(s.declineHandoffBody, { reason: body.reason });
    if (!isConfirmed(body)) {
      const h = await handoff.getHandoff(actorOf(req), id);
      return renderConfirm(req, res, {
        heading: 'Không tiếp nhận người lao động?',
        subject: `${h.fullName} – đơn hàng ${h.orderJobTitle ?? ''} (${h.centreName} giới thiệu)`,
        consequence:
          'Giới thiệu kết thúc ở trạng thái «Không được tuyển» với lý do dưới đây; trung tâm và người lao động được báo. Không hoàn tác được.',
        details: [{ label: 'Lý do', value: input.reason }],
        target: `/gioi-thieu-ngoai-nuoc/${id}/tu-choi`,
        back: `/gioi-thieu-ngoai-nuoc/${id}`,
        confirmLabel: 'Xác nhận: không tiếp nhận',
      });
    }
    await handoff.declineHandoff(actorOf(req), id, input);
    flashNext(res, 'Đã trả lời: không tiếp nhận. Trung tâm và người lao động đã được báo.');
    res.redirect(303, `/gioi-thieu-ngoai-nuoc/${id}`);
  } catch (err) {
    if (err instanceof ValidationError)
      return renderHandoff(req, res, id, 400, { form: 'decline', values: body, errors: fieldErrors(err) });
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, `Chưa thực hiện được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, `/gioi-thieu-ngoai-nuoc/${id}`);
  }
});

// ---- the centre ----

handoffPages.post('/viec-lam/ngoai-nuoc/gioi-thieu', requirePermission('exchange:write'), async (req, res) => {
  const body = (req.body ?? {}) as Record<string, string>;
  const back = /^[0-9]+$/.test(body.jobSeekerId ?? '')
    ? `/viec-lam/nguoi-tim-viec/${body.jobSeekerId}`
    : '/viec-lam/gioi-thieu?noi=nuoc-ngoai';
  await attemptAction(
    res,
    back,
    async () => {
      const r = await handoff.referAbroad(
        actorOf(req),
        check(s.referAbroadBody, {
          jobSeekerId: body.jobSeekerId,
          jobOrderId: body.jobOrderId,
          origin: body.origin,
          note: body.note || undefined,
        }),
      );
      return `/viec-lam/gioi-thieu/${r.id}`;
    },
    'Đã giới thiệu người lao động tới doanh nghiệp đưa đi; doanh nghiệp sẽ tiếp nhận hoặc trả lời.',
  );
});

handoffPages.post('/viec-lam/ngoai-nuoc/de-nghi/:id', requirePermission('exchange:write'), async (req, res) => {
  const id = idOf(req.params.id);
  const body = (req.body ?? {}) as Record<string, string>;
  await attemptAction(
    res,
    '/viec-lam/gioi-thieu?noi=nuoc-ngoai',
    async () => {
      const r = await handoff.decideHandoffRequest(
        actorOf(req),
        id,
        check(s.decideHandoffRequestBody, { decision: body.decision, note: body.note || undefined }),
      );
      return r.referralId ? `/viec-lam/gioi-thieu/${r.referralId}` : undefined;
    },
    body.decision === 'refer' ? 'Đã giới thiệu tới doanh nghiệp đưa đi.' : 'Đã trả lời: không giới thiệu.',
  );
});

// ---- the worker in the portal ----

handoffPortalPages.post('/toi/tim-viec/ngoai-nuoc/de-nghi', requirePermission('portal:self'), async (req, res) => {
  const body = (req.body ?? {}) as Record<string, string>;
  try {
    await handoff.requestAbroadFromPortal(
      actorOf(req),
      check(s.portalHandoffRequestBody, {
        jobOrderId: body.jobOrderId,
        consent: body.consent === 'yes' || body.consent === 'true',
        note: body.note || undefined,
      }),
    );
    flashNext(res, 'Đã gửi đề nghị. Trung tâm sẽ xem xét và giới thiệu bạn tới doanh nghiệp đưa đi.');
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(
      res,
      err instanceof ValidationError
        ? 'Chưa gửi được: cần đánh dấu ô đồng ý chuyển thông tin cho doanh nghiệp.'
        : `Chưa gửi được: ${refusalMessage(err)}`,
      'error',
    );
  }
  res.redirect(303, '/toi/tim-viec#ngoai-nuoc');
});
