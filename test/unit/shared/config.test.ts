import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../server/config';

describe('config', () => {
  it('when every variable is valid, then the config is typed and frozen', () => {
    const cfg = loadConfig({ NODE_ENV: 'test', PORT: '4000', DATABASE_URL: 'postgres://u:p@localhost:5432/x_test' });
    expect(cfg.port).to.equal(4000);
    expect(cfg.db.url).to.equal('postgres://u:p@localhost:5432/x_test');
    expect(cfg.seedDemo).to.equal(false);
    expect(Object.isFrozen(cfg)).to.equal(true);
    expect(Object.isFrozen(cfg.db)).to.equal(true);
  });

  it('when several variables are bad, then each one is named in the error', () => {
    try {
      loadConfig({
        NODE_ENV: 'staging',
        PORT: 'abc',
        DATABASE_URL: 'mysql://x',
        JWT_TTL_SECONDS: '7200',
        BODY_LIMIT: 'huge',
      });
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      const names = (err as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(names).to.include.members(['NODE_ENV', 'PORT', 'DATABASE_URL', 'JWT_TTL_SECONDS', 'BODY_LIMIT']);
    }
  });

  it('when production has no JWT_SECRET, then it refuses to start (no secret defaults in production)', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@db/x' })).to.throw(
      ConfigError,
      /JWT_SECRET/,
    );
  });

  it('when production has no DOCUMENT_SIGNING_KEY, then it refuses to start; a given key is kept as given', () => {
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db/x',
      JWT_SECRET: 'x'.repeat(40),
      AUDIT_HASH_KEY: 'y'.repeat(40),
    };
    expect(() => loadConfig(env)).to.throw(ConfigError, /DOCUMENT_SIGNING_KEY/);
    const key = 'MC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect(loadConfig({ ...env, DOCUMENT_SIGNING_KEY: key }).documents.signingKey).to.equal(key);
  });

  it('when JWT_SECRET is too short, then it is named', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).to.throw(ConfigError, /JWT_SECRET/);
  });

  it('when DATABASE_URL is unset, then demo data is seeded by default; SEED_DEMO overrides', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).seedDemo).to.equal(true);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://u@h/x', SEED_DEMO: 'true' }).seedDemo).to.equal(
      true,
    );
  });
});
