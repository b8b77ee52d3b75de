import express from 'express';
import { publicRoute } from '../../shared/auth/access';
import { today } from '../../shared/clock';
import { t } from '../../shared/i18n';

export const homePages = express.Router();

homePages.get('/', publicRoute(), (req, res) => {
  res.render('home/index', { title: t('home.title'), today: today(), actor: req.actor, csrfToken: req.csrfToken });
});
