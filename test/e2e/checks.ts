// What every browser test checks on a page, and how it signs in: axe-core's violations (rule and the first elements
// it found), and on a phone no sideways scroll.
import AxeBuilder from '@axe-core/playwright';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { baseUrl } from './setup';

/** axe-core's violations on the page as it is: "rule (impact): element | element". */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')}`,
  );
}

/** No axe-core violation on the page. */
export async function axe(page: Page, label: string): Promise<void> {
  expect(await axeViolations(page), label).to.deep.equal([]);
}

/** No axe-core violation and no sideways scroll (a phone's page). */
export async function phoneChecks(page: Page, label: string): Promise<void> {
  await axe(page, label);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways, `${label}: no horizontal scroll`).to.be.at.most(0);
}

/** Signs in through the login page as a demo user (password demo1234) and waits for `next`. */
export async function signIn(page: Page, username: string, next = '/'): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#username', username);
  await page.fill('#password', 'demo1234');
  await page.click('button[type=submit]');
  await page.waitForURL(`${baseUrl}${next}`);
}
