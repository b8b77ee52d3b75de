import express from 'express';
import { publicRoute } from '../../shared/auth/access';
import { today } from '../../shared/clock';
import { t } from '../../shared/i18n';
import { pageContext } from '../../shared/pages';

export const homePages = express.Router();

homePages.get('/', publicRoute(), (req, res) => {
  res.render('home/index', pageContext(req, t('home.title'), { today: today() }));
});
