// npm run user:create-admin -- --username NAME
// The password comes from ADMIN_PASSWORD, or is asked for on the terminal (not echoed).
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { closeDatabase } from '../server/db/database';
import { openAppDatabase } from '../server/boot';
import { migrateUp } from '../server/db/migrate';
import { seedReference } from '../seeders/reference';
import { createUser, passwordSchema, usernameSchema } from '../server/modules/users';

function ask(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stdout.write(chunk);
      cb();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--username');
  const username = usernameSchema().validate(i > 0 ? process.argv[i + 1] : undefined);
  if (username.error || !username.value)
    throw new Error('usage: npm run user:create-admin -- --username NAME (a-z 0-9 . _ -, 3–64)');
  // NOTE: a one-off bootstrap secret for this command only; the app itself reads the environment through config.ts.
  const password = process.env.ADMIN_PASSWORD ?? (await ask('Mật khẩu (password): '));
  const checked = passwordSchema().required().validate(password);
  if (checked.error) throw new Error('the password needs at least 8 characters');
  const db = await openAppDatabase();
  try {
    await migrateUp(db);
    await seedReference(db);
    const user = await createUser(null, {
      username: username.value,
      displayName: username.value,
      role: 'admin',
      password,
    });
    process.stdout.write(`created admin "${user.username}" (id ${user.id})\n`);
  } finally {
    await closeDatabase();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
