import type { Application } from 'express';
import { createApp } from '../../server/app';

let app: Application | null = null;

/** One app for the whole run (routes are declared once); supertest drives it over real HTTP. */
export function testApp(): Application {
  app ??= createApp();
  return app;
}
