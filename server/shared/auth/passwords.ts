// Passwords: argon2id through @node-rs/argon2, which ships a prebuilt binary per platform and never compiles on
// install (the `argon2` package fell back to node-gyp where its prebuilt binary crashed). Same PHC strings, so
// hashes made by `argon2` keep verifying (test/unit/shared/passwords.test.ts).
import { hash, verify } from '@node-rs/argon2';

// NOTE: Algorithm is a `const enum` in the package's types; 2 is Argon2id.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const; // OWASP 2023 minimum

export const hashPassword = (password: string) => hash(password.normalize('NFC'), OPTIONS as never);

let dummy: Promise<string> | null = null;

/** Verifies; with no hash (unknown user) it still spends the same time, so timing does not reveal usernames. */
export async function verifyPassword(hashed: string | null, password: string): Promise<boolean> {
  if (!hashed) {
    dummy ??= hashPassword('not-a-real-password');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(hashed, password.normalize('NFC'));
  } catch {
    return false;
  }
}
