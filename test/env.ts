// Loaded before test/setup.ts (its imports are hoisted): the config must see NODE_ENV=test.
process.env.NODE_ENV ??= 'test';
