// npm run db:migrate | db:migrate:down | db:seed — against DATABASE_URL, or the embedded server.
import { config } from '../server/config';
import { closeDatabase } from '../server/db/database';
import { openAppDatabase, prepareAppDatabase } from '../server/boot';
import { migrator } from '../server/db/migrate';
import { seedReference } from '../seeders/reference';
import { seedDemo } from '../seeders/demo';
import { stopQueue } from '../server/shared/queue';

async function main(): Promise<void> {
  const command = process.argv[2];
  const db = await openAppDatabase();
  try {
    if (command === 'migrate') {
      const done = await migrator(db).up();
      process.stdout.write(`migrated: ${done.map((m) => m.name).join(', ') || 'nothing pending'}\n`);
    } else if (command === 'down') {
      const to = process.argv.includes('--all') ? 0 : undefined;
      const done = await migrator(db).down(to === 0 ? { to: 0 } : undefined);
      process.stdout.write(`reverted: ${done.map((m) => m.name).join(', ') || 'nothing'}\n`);
    } else if (command === 'seed') {
      await seedReference(db);
      if (config().seedDemo) await seedDemo(db);
      process.stdout.write(`seeded reference data${config().seedDemo ? ' and demo data' : ''}\n`);
    } else if (command === 'setup') {
      await prepareAppDatabase(db, { demo: config().seedDemo });
    } else {
      throw new Error('usage: db.ts migrate | down [--all] | seed');
    }
  } finally {
    await stopQueue(); // setup starts it (its schema and queues): stopped, so the process can end
    await closeDatabase();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
