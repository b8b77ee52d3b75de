import { expect } from 'chai';
import { hashPassword, verifyPassword } from '../../../server/shared/auth/passwords';

describe('passwords (argon2id, @node-rs/argon2)', () => {
  // Made by the `argon2` package 0.45 with today's parameters: existing users keep their passwords.
  const FIXTURE = '$argon2id$v=19$m=19456,p=1,t=2$zh197zAjgioyCmfOsuUlwQ$/MW8B/uEdrlPR+S7+wlcpyxD7BJXqQxDMHQxshg4kpY';

  it('verifies a hash made by argon2 0.45 for «mật khẩu», and refuses another password', async () => {
    expect(await verifyPassword(FIXTURE, 'mật khẩu')).to.equal(true);
    // the same words typed decomposed (NFD) are the same password
    expect(await verifyPassword(FIXTURE, 'mật khẩu'.normalize('NFD'))).to.equal(true);
    expect(await verifyPassword(FIXTURE, 'mat khau')).to.equal(false);
  });

  it('hashes with argon2id m=19456 t=2 p=1, and a malformed or missing hash never verifies', async () => {
    const h = await hashPassword('demo1234');
    expect(h).to.match(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'demo1234')).to.equal(true);
    expect(await verifyPassword('not-a-hash', 'demo1234')).to.equal(false);
    expect(await verifyPassword(null, 'demo1234')).to.equal(false);
  });
});
