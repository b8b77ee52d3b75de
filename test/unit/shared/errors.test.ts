import { expect } from 'chai';
import { UniqueConstraintError, DatabaseError } from 'sequelize';
import { AppError, NotFoundError } from '../../../server/shared/errors';
import { toAppError } from '../../../server/shared/to-app-error';

describe('toAppError', () => {
  it('when given an AppError, then it is kept as it is', () => {
    const e = new NotFoundError('x');
    expect(toAppError(e)).to.equal(e);
  });

  it('when a foreign error carries statusCode 404, then it stays a 404 NOT_FOUND (not a 400)', () => {
    const e = Object.assign(new Error('nope'), { statusCode: 404 });
    const out = toAppError(e);
    expect(out.status).to.equal(404);
    expect(out.code).to.equal('NOT_FOUND');
  });

  it('when the error is unknown, then it becomes a 500 INTERNAL without details', () => {
    const out = toAppError(new Error('secret stack detail'));
    expect(out).to.be.instanceOf(AppError);
    expect(out.status).to.equal(500);
    expect(out.code).to.equal('INTERNAL');
    expect(out.details).to.equal(undefined);
    expect(out.message).not.to.contain('secret');
  });

  it('when the database fails, then its text never reaches the message', () => {
    const dbErr = new DatabaseError(
      Object.assign(new Error('relation "users" does not exist'), { sql: 'SELECT 1' }) as never,
    );
    const out = toAppError(dbErr);
    expect(out.status).to.equal(500);
    expect(out.message).not.to.contain('relation');
  });

  it('when a unique constraint fails, then it is a 409 CONFLICT', () => {
    expect(toAppError(new UniqueConstraintError({})).status).to.equal(409);
  });

  it('when the JSON body does not parse, then it is a 400 VALIDATION_FAILED', () => {
    const out = toAppError(
      Object.assign(new SyntaxError('Unexpected token'), { status: 400, type: 'entity.parse.failed' }),
    );
    expect(out.status).to.equal(400);
    expect(out.code).to.equal('VALIDATION_FAILED');
  });

  it('when the body is too large, then it is a 413', () => {
    expect(
      toAppError(Object.assign(new Error('too large'), { status: 413, type: 'entity.too.large' })).status,
    ).to.equal(413);
  });
});
