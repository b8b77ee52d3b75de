// The job order workflow, as data: draft → open (recruiting) → closed. Opening runs every rule at today's date.
import type { Workflow } from '../../shared/workflow';
import { today } from '../../shared/clock';
import type { JobOrder, JobOrderState } from './job-orders.model';
import { lawGuard } from './job-orders.guards';
import { JOB_ORDER_STATE_TABLE } from './job-orders.labels';

type Entity = JobOrder['_attributes'] & { id: number; state: JobOrderState; version: number };

export const jobOrderWorkflow: Workflow<Entity, JobOrderState> = {
  name: 'Đơn hàng',
  states: JOB_ORDER_STATE_TABLE,
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
      confirm: 'Đơn hàng ngừng tuyển: không nhận thêm hồ sơ mới; các hồ sơ đang có vẫn tiếp tục.',
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
