// The worker's money (issue 17): the append-only ledger, the blocked deposit account, the reconciliation and the
// worker's cost-of-migration statement. It registers the 'money.forCase' facts the case rules read (cases never
// imports money).
import './money.service';

export { moneyApi } from './money.routes';
export { moneyPages } from './money.pages';
export {
  ledgerOf,
  accountOf,
  balancesOf,
  statementOf,
  postEntry,
  recordSupportPayment,
  setDepositAccount,
  entryForReceipt,
  type Entry,
  type DepositAccount,
} from './money.service';
export { KIND_LABELS, METHOD_LABELS, CATEGORY_LABELS, HOLDER_LABELS } from './money.labels';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['ledger_entries', 'ledger_balances', 'deposit_accounts'];
