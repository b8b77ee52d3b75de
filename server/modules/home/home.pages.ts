import express, { type Request, type Response } from 'express';
import { publicRoute, requirePermission } from '../../shared/auth/access';
import { today } from '../../shared/clock';
import { addDays } from '../../shared/dates';
import { t } from '../../shared/i18n';
import { pageContext } from '../../shared/pages';
import { ruleWords } from '../../shared/rules';
import { SOON_DAYS, todayCounts, todayItems } from '../cases';
import { openAlertCounts } from '../notifications';

export const homePages = express.Router();

const STAFF = new Set(['agency_staff', 'commune_officer', 'province_officer']);
const WHOSE: Record<string, string> = {
  agency: 'Doanh nghiệp',
  worker: 'Người lao động',
  commune: 'UBND xã',
  province: 'Tỉnh',
};

/** "Việc hôm nay": for staff, what is due or overdue, the actor's own cases first; counts link into filtered lists. */
async function renderToday(req: Request, res: Response) {
  const actor = req.actor!;
  const on = today();
  const agency = actor.role === 'agency_staff';
  const [mine, unassigned, area, myCounts, allCounts, alerts] = await Promise.all([
    agency ? todayItems(actor, 'mine') : Promise.resolve([]),
    agency ? todayItems(actor, 'unassigned') : Promise.resolve([]),
    agency ? Promise.resolve([]) : todayItems(actor, 'all'),
    agency ? todayCounts(actor, 'mine') : Promise.resolve(null),
    todayCounts(actor, 'all'),
    openAlertCounts(actor),
  ]);
  const words = <T extends { ruleId: string; whoseMove: string }>(items: T[]) =>
    items.map((i) => ({ ...i, ruleText: ruleWords(i.ruleId), whoseLabel: WHOSE[i.whoseMove] ?? i.whoseMove }));
  const yesterday = addDays(on, -1);
  const week = addDays(on, SOON_DAYS);
  // the board's filters behind each count (the board sorts by the earliest open obligation: its next deadline)
  const links = (who: string) => ({
    overdue: `/cases?${who}deadlineTo=${yesterday}`,
    dueSoon: `/cases?${who}deadlineFrom=${on}&deadlineTo=${week}`,
    papers: `/cases?${who}rule=PAPERS`,
    waitingOnUs: `/cases?${who}whoseMove=agency`,
  });
  res.render(
    'home/today',
    pageContext(req, 'Việc hôm nay', {
      today: on,
      agency,
      mine: words(mine),
      unassigned: words(unassigned),
      area: words(area),
      myCounts,
      allCounts,
      myLinks: links('assignee=me&'),
      allLinks: links(''),
      soonDays: SOON_DAYS,
      alerts,
    }),
  );
}

homePages.get('/', publicRoute(), async (req, res) => {
  // a centre's day is the job exchange's today
  if (req.actor?.role === 'centre_staff') return res.redirect(303, '/viec-lam/hom-nay');
  if (req.actor && STAFF.has(req.actor.role)) return renderToday(req, res);
  res.render('home/index', pageContext(req, t('home.title'), { today: today() }));
});

homePages.get('/today', requirePermission('session:self'), async (req, res) => {
  if (!STAFF.has(req.actor!.role)) return res.redirect(303, '/');
  return renderToday(req, res);
});
