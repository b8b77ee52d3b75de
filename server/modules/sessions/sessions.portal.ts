// "Phiên giao dịch" in the worker portal (/toi/phien), phone first: her tickets (the code and its QR, a printable
// slip), the upcoming sessions of any centre in her province to register for, and cancelling before a session starts
// (a confirmation). She sees only her own tickets: another person's slip answers 404.
import express from 'express';
import QRCode from 'qrcode';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { AppError } from '../../shared/errors';
import { check } from '../../shared/validate';
import { flashNext, isConfirmed, pageContext, refusalMessage, renderConfirm } from '../../shared/pages';
import { formatDateVi } from '../../shared/dates';
import * as s from './sessions.schemas';
import * as service from './sessions.service';
import { renderSlip } from './sessions.pages';

export const sessionsPortalPages = express.Router();

const idOf = (raw: unknown) => check(s.idParam, { id: raw }).id;

sessionsPortalPages.get('/toi/phien', requirePermission('portal:self'), async (req, res) => {
  const my = await service.mySessions(actorOf(req));
  const mine = await Promise.all(
    my.mine.map(async (m) => ({
      ...m,
      qr:
        m.session.state !== 'cancelled' && !m.checkedInAt
          ? await QRCode.toString(m.code.replace(/-/g, ''), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
          : null,
    })),
  );
  res.render('sessions/portal', pageContext(req, 'Phiên giao dịch việc làm', { ...my, mine }));
});

sessionsPortalPages.post('/toi/phien/:id/dang-ky', requirePermission('portal:self'), async (req, res) => {
  const id = idOf(req.params.id);
  try {
    await service.registerInPortal(actorOf(req), id);
    flashNext(res, 'Đã đăng ký. Vé của bạn ở bên dưới: mang theo phiếu in hoặc mở trang này khi đến phiên.');
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, `Chưa đăng ký được: ${refusalMessage(err)}`, 'error');
  }
  res.redirect(303, '/toi/phien');
});

sessionsPortalPages.post('/toi/phien/:id/huy', requirePermission('portal:self'), async (req, res) => {
  const id = idOf(req.params.id);
  const actor = actorOf(req);
  if (!isConfirmed(req.body)) {
    const my = await service.mySessions(actor);
    const m = my.mine.find((x) => x.session.id === id);
    if (!m) return res.redirect(303, '/toi/phien');
    return renderConfirm(req, res, {
      heading: 'Hủy đăng ký phiên?',
      subject: `${m.session.name} – ${formatDateVi(m.session.heldOn)} ${m.session.startsAt}`,
      consequence: 'Vé của bạn không còn dùng được. Bạn có thể đăng ký lại trước khi phiên bắt đầu.',
      target: `/toi/phien/${id}/huy`,
      back: '/toi/phien',
      confirmLabel: 'Xác nhận: hủy đăng ký',
    });
  }
  try {
    await service.cancelInPortal(actor, id);
    flashNext(res, 'Đã hủy đăng ký phiên.');
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    flashNext(res, `Chưa hủy được: ${refusalMessage(err)}`, 'error');
  }
  res.redirect(303, '/toi/phien');
});

sessionsPortalPages.get('/toi/phien/ve/:id', requirePermission('portal:self'), async (req, res) =>
  renderSlip(req, res, idOf(req.params.id), '/toi/phien'),
);
