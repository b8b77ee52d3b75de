// Admin page: each workflow drawn from its own table (states, transitions, permissions, guards).
import express from 'express';
import Handlebars from 'handlebars';
import { requirePermission } from '../../shared/auth/access';
import { pageContext } from '../../shared/pages';
import { toMermaid, toSvg, type Workflow } from '../../shared/workflow';
import { jobOrderWorkflow } from '../job-orders';
import { caseWorkflow } from '../cases';

export const WORKFLOWS: Record<string, Workflow<never, string>> = {
  'job-orders': jobOrderWorkflow as unknown as Workflow<never, string>,
  cases: caseWorkflow as unknown as Workflow<never, string>,
};

export const workflowsPages = express.Router();

workflowsPages.get('/admin/workflows', requirePermission('workflows:read'), (req, res) => {
  const workflows = Object.entries(WORKFLOWS).map(([key, wf]) => ({
    key,
    name: wf.name,
    svg: new Handlebars.SafeString(toSvg(wf)),
    mermaid: toMermaid(wf),
    transitions: wf.transitions.map((t) => ({
      action: t.action,
      label: t.label,
      from: t.from.join(', '),
      to: t.to,
      permission: t.permission,
      guards: t.guards.map((g) => g.name).join(', '),
    })),
  }));
  res.render('workflows/index', pageContext(req, 'Quy trình', { workflows }));
});
