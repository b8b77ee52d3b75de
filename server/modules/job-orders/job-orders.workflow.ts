// The job order workflow, as data: draft → open (recruiting) → closed. Opening runs every rule at today's date.
import type { Workflow } from '../../shared/workflow';
import { today } from '../../shared/clock';
import type { JobOrder, JobOrderState } from './job-orders.model';
import { lawGuard } from './job-orders.guards';

type Entity = JobOrder['_attributes'] & { id: number; state: JobOrderState; version: number };

export const jobOrderWorkflow: Workflow<Entity, JobOrderState> = {
  name: 'Đơn hàng',
  states: {
    draft: { label: 'Nháp', whoseMove: 'agency', terminal: false, portalVisible: false },
    open: { label: 'Đang tuyển', whoseMove: 'agency', terminal: false, portalVisible: false },
    closed: { label: 'Đã đóng', whoseMove: 'none', terminal: true, portalVisible: false },
  },
  transitions: [
    {
      action: 'open',
      label: 'Mở tuyển',
      from: ['draft'],
      to: 'open',
      permission: 'job-orders:transition',
      guards: [lawGuard],
      apply: () => ({ openedOn: today(), closedOn: null }),
    },
    {
      action: 'close',
      label: 'Đóng đơn hàng',
      from: ['open'],
      to: 'closed',
      permission: 'job-orders:transition',
      guards: [],
      apply: () => ({ closedOn: today() }),
    },
    {
      action: 'reopen',
      label: 'Mở lại',
      from: ['closed'],
      to: 'open',
      permission: 'job-orders:transition',
      guards: [lawGuard],
      apply: () => ({ closedOn: null }),
    },
  ],
  events: { table: 'job_order_events', foreignKey: 'job_order_id' },
};
