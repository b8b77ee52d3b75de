// The cap of list totals (ARCHITECTURE.md, API), alone so plain-SQL modules (and the benchmark baseline) can use it
// without loading the ORM.
export const TOTAL_CAP = 10_000;
