import argon2 from 'argon2';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const; // OWASP 2023 minimum

export const hashPassword = (password: string) => argon2.hash(password.normalize('NFC'), OPTIONS);

let dummy: Promise<string> | null = null;

/** Verifies; with no hash (unknown user) it still spends the same time, so timing does not reveal usernames. */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    dummy ??= hashPassword('not-a-real-password');
    await argon2.verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password.normalize('NFC'));
  } catch {
    return false;
  }
}
