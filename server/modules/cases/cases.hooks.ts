// What another module does inside a case's transition, in its transaction (ARCHITECTURE.md, Layout: no import
// cycles). The exchange imports cases to open an application from a centre's referral (Decree 352 Art 7.1.b), so
// cases never imports the exchange: the exchange registers a hook here when it loads, and every transition runs the
// hooks after the event is written, before the commit. A hook must be idempotent (a retried transaction runs it
// again) and must not throw for a case it does not concern.
import type { Actor } from '../../shared/auth/permissions';
import type { WorkflowEvent } from '../../shared/workflow';
import type { Case } from './cases.model';

export type CaseAfterTransition = Case['_attributes'] & { id: number };
export type CaseTransitionHook = (c: CaseAfterTransition, event: WorkflowEvent, actor: Actor) => Promise<void>;

const hooks = new Map<string, CaseTransitionHook>();

/** Registers (or replaces) a named hook run in every case transition's transaction. */
export function onCaseTransition(name: string, hook: CaseTransitionHook): void {
  hooks.set(name, hook);
}

export async function runCaseTransitionHooks(c: CaseAfterTransition, event: WorkflowEvent, actor: Actor) {
  for (const hook of hooks.values()) await hook(c, event, actor);
}
