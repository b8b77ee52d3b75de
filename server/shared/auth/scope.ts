// One filter for every query of a scoped entity (ARCHITECTURE.md, Auth): modules declare, per entity, what
// each role may see; services AND it into their where clause. An id outside the scope is simply not found (404).
import { Op, literal, type WhereOptions } from 'sequelize';
import type { Actor } from './permissions';

/** A where clause, 'all' (no restriction) or 'none'. */
export type ScopeRule = (actor: Actor) => WhereOptions | 'all' | 'none';

const rules = new Map<string, ScopeRule>();

export function defineScope(entity: string, rule: ScopeRule): void {
  rules.set(entity, rule);
}

function ruleFor(entity: string): ScopeRule {
  const rule = rules.get(entity);
  if (!rule) throw new Error(`no scope declared for ${entity}`);
  return rule;
}

export function scopeFor(actor: Actor, entity: string): WhereOptions {
  const scope = ruleFor(entity)(actor);
  if (scope === 'all') return {};
  if (scope === 'none') return { [Op.and]: [literal('false')] };
  return scope;
}

/** `where` restricted to the actor's scope. */
export function scoped(actor: Actor, entity: string, where: WhereOptions = {}): WhereOptions {
  return { [Op.and]: [where, scopeFor(actor, entity)] };
}

/** The actor sees every row of the entity (a service may then choose a plan that ignores the scope). */
export function scopeIsAll(actor: Actor, entity: string): boolean {
  return ruleFor(entity)(actor) === 'all';
}
