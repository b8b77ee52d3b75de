// Two small registries that keep modules free of import cycles (ARCHITECTURE.md, Layout):
// - panels: a page showing another module's panel (the worker page's papers) asks for it by name; the owning module
//   registers the provider when it loads;
// - facts: a guard that needs another module's facts (the departure guard: papers now, the ledger later) asks for
//   them by name; the owning module registers the query.
// The app loads every module at boot, so every provider is registered before the first request.
import type { Transaction } from 'sequelize';
import type { Actor } from './auth/permissions';

type PanelProvider = (actor: Actor, subjectId: number) => Promise<unknown>;
const panels = new Map<string, PanelProvider>();

export function registerPanel(name: string, provider: PanelProvider): void {
  panels.set(name, provider);
}

/** The panel `name` for a subject, or null when no module provides it. */
export async function panel<T>(name: string, actor: Actor, subjectId: number): Promise<T | null> {
  const provider = panels.get(name);
  return provider ? ((await provider(actor, subjectId)) as T) : null;
}

/** The facts a guard may ask for, by name: each entry is the query's input and its answer. */
export interface FactProviders {
  /** a passed enrolment as its orientation certificate prints it (the documents module's Mẫu 06), in the actor's scope */
  'training.certificate': {
    input: { actor: Actor; enrolmentId: number };
    output: {
      agencyId: number;
      workerId: number;
      workerName: string;
      dateOfBirth: string;
      cccd: string;
      courseName: string;
      provider: string;
      kind: string;
      periods: number;
      startsOn: string;
      endsOn: string;
      market: string | null;
      jobCategory: string | null;
      result: string;
      certificateNumber: string | null;
      certificateDate: string | null;
    } | null;
  };
  /**
   * a case's money as the ledger says (the money module): when the Fund contribution was paid in full (R13), the
   * worker deposit received and still held (R9, R11, R14)
   */
  'money.forCase': {
    input: { caseId: number };
    output: {
      fundPaidOn: string | null;
      depositReceivedVnd: number;
      depositReceivedOn: string | null;
      depositHeldVnd: number;
      /** the day the last đồng held came back (a refund or the last deduction), when nothing is held any more */
      depositSettledOn: string | null;
    };
  };
  /** a worker's own papers and the papers of one case, as the departure checks read them */
  'papers.forDeparture': {
    input: { workerId: number; caseId: number };
    output: {
      kind: string;
      number: string;
      issued_on: string;
      expires_on: string | null;
      sender_agency_id: string | null;
      job_category: string | null;
      market: string | null;
    }[];
  };
}

type FactProvider<K extends keyof FactProviders> = (
  input: FactProviders[K]['input'],
  transaction?: Transaction,
) => Promise<FactProviders[K]['output']>;
const facts = new Map<string, FactProvider<keyof FactProviders>>();

export function registerFacts<K extends keyof FactProviders>(name: K, provider: FactProvider<K>): void {
  facts.set(name, provider as unknown as FactProvider<keyof FactProviders>);
}

export async function factsOf<K extends keyof FactProviders>(
  name: K,
  input: FactProviders[K]['input'],
  transaction?: Transaction,
): Promise<FactProviders[K]['output']> {
  const provider = facts.get(name);
  if (!provider) throw new Error(`no facts provider registered for ${name}`);
  return (await provider(input, transaction)) as FactProviders[K]['output'];
}
