// createApp(): middleware, routers, 404 and the two error renderers. No listen(), so tests use it directly.
import path from 'node:path';
import compression from 'compression';
import express, { type Application } from 'express';
import helmet from 'helmet';
import cookieParser from 'cookie-parser';
import swaggerUi from 'swagger-ui-express';
import { config } from './config';
import { requestLog } from './shared/logger';
import { errorHandler, notFound } from './shared/error-handler';
import { setupViews } from './shared/views';
import { assertEveryRouteDeclaresAccess, publicRoute } from './shared/auth/access';
import { buildOpenApi } from './shared/openapi';
import { healthRouter } from './shared/health';
import { csrfProtection } from './shared/auth/csrf';
import { requestContext } from './shared/context';
import { flashMessages } from './shared/flash';
import { referenceApi, referencePages } from './modules/reference';
import { homePages } from './modules/home/home.pages';
import { authApi, authPages, authenticate } from './modules/auth';
import { usersApi, usersPages } from './modules/users';
import { agenciesApi, agenciesPages } from './modules/agencies';
import { workersApi, workersPages } from './modules/workers';
import { policiesApi, policiesPages } from './modules/policies';
import { jobOrdersApi, jobOrdersPages } from './modules/job-orders';
import { workflowsPages } from './modules/workflows/workflows.pages';
import { backgroundPages } from './modules/background/background.pages';
import { casesApi, casesPages } from './modules/cases';
import { trainingApi, trainingPages } from './modules/training';
import { reportsApi, reportsPages } from './modules/reports';
import { papersApi, papersPages } from './modules/papers';
import { filesApi } from './modules/files';
import { portalPages } from './modules/portal';
import { documentsApi, documentsPages } from './modules/documents';
import { moneyApi, moneyPages } from './modules/money';
import { grantsApi, grantsPages } from './modules/grants';
import { alertsPages, notificationsApi, notificationsPages, unreadInNavigation } from './modules/notifications';
import { exchangeApi, exchangePages, exchangePortalPages } from './modules/exchange';
import { sessionsApi, sessionsPages, sessionsPortalPages } from './modules/sessions';
import { exchangeReportsApi, exchangeReportsPages } from './modules/exchange-reports';
import { programmeApi, programmePages } from './modules/programme';
import { identityApi, identityPages } from './modules/identity';

export function createApp(): Application {
  const cfg = config();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', cfg.trustProxy);
  app.set('query parser', 'simple');
  setupViews(app, cfg.env !== 'development');

  app.use(requestLog);
  // pages, scripts and styles travel compressed (the portal's pages stay under 100 KB on a phone)
  app.use(compression());
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );

  app.use('/public', express.static(path.resolve(__dirname, '../public'), { maxAge: '1h' }));
  app.use(
    '/vendor/pico',
    express.static(path.dirname(require.resolve('@picocss/pico/css/pico.min.css')), { maxAge: '7d' }),
  );
  // Chart.js for the officers' dashboards (its UMD build, served from the package: no CDN)
  app.use('/vendor/chart.js', express.static(path.dirname(require.resolve('chart.js')), { maxAge: '7d' }));

  app.use(express.json({ limit: cfg.bodyLimit }));
  app.use(express.urlencoded({ extended: false, limit: cfg.bodyLimit }));
  app.use(cookieParser());
  app.use(flashMessages);
  app.use(authenticate());
  app.use(csrfProtection);
  app.use(requestContext);

  app.use(healthRouter);

  const openApi = buildOpenApi();
  app.get('/api/v1/openapi.json', publicRoute(), (_req, res) => {
    res.json(openApi);
  });
  app.use('/api/docs', swaggerUi.serve);
  app.get(
    '/api/docs',
    publicRoute(),
    swaggerUi.setup(undefined, {
      swaggerOptions: { url: '/api/v1/openapi.json' },
      customSiteTitle: 'Hành Trang API',
    }),
  );

  for (const api of [
    referenceApi,
    authApi,
    usersApi,
    agenciesApi,
    workersApi,
    policiesApi,
    jobOrdersApi,
    casesApi,
    trainingApi,
    reportsApi,
    papersApi,
    filesApi,
    documentsApi,
    moneyApi,
    grantsApi,
    notificationsApi,
    exchangeApi,
    sessionsApi,
    exchangeReportsApi,
    programmeApi,
    identityApi,
  ])
    app.use(api);
  app.use(unreadInNavigation);
  for (const pages of [
    moneyPages,
    grantsPages,
    portalPages,
    documentsPages,
    notificationsPages,
    alertsPages,
    referencePages,
    exchangePages,
    exchangePortalPages,
    sessionsPages,
    sessionsPortalPages,
    exchangeReportsPages,
    programmePages,
    identityPages,
    homePages,
    authPages,
    agenciesPages,
    usersPages,
    workersPages,
    policiesPages,
    jobOrdersPages,
    casesPages,
    trainingPages,
    reportsPages,
    papersPages,
    workflowsPages,
    backgroundPages,
  ])
    app.use(pages);

  app.use(notFound);
  app.use(errorHandler);

  assertEveryRouteDeclaresAccess(app);
  return app;
}
