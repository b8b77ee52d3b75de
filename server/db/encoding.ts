// The app stores and compares Vietnamese text (normalize(), unaccent, ILIKE): it refuses any database whose
// server encoding is not UTF8 (a SQL_ASCII cluster made by initdb in a shell without LANG, for instance).
import path from 'node:path';
import type { Sequelize } from 'sequelize';

/** The one line shown by `npm start` (after "Không khởi động được: ") when the database is not UTF8. */
export function encodingProblem(encoding: string, database: string, embeddedDir = '.data/pg'): string | null {
  if (encoding.toUpperCase() === 'UTF8') return null;
  const name = `"${database.replace(/"/g, '""')}"`;
  return (
    `Cơ sở dữ liệu ${name} dùng bảng mã ${encoding}, cần UTF8: tạo lại bằng CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0, ` +
    `hoặc xóa ${embeddedDir} để PostgreSQL nhúng được tạo lại ` +
    `(database encoding must be UTF8: recreate it with CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0, ` +
    `or delete ${embeddedDir} to let the embedded server be created again)`
  );
}

/**
 * Throws (one line, no detail to scroll past) when the connected database's server encoding is not UTF8.
 * embeddedDir: the embedded cluster's folder, named in the message (default `.data/pg`).
 */
export async function assertUtf8Database(db: Sequelize, embeddedDir?: string): Promise<void> {
  const [rows] = await db.query(`SELECT current_setting('server_encoding') AS encoding, current_database() AS name`);
  const { encoding, name } = (rows as { encoding: string; name: string }[])[0];
  const shown =
    embeddedDir && path.isAbsolute(embeddedDir) && !path.relative(process.cwd(), embeddedDir).startsWith('..')
      ? path.relative(process.cwd(), embeddedDir)
      : embeddedDir;
  const problem = encodingProblem(encoding, name, shown || undefined);
  if (problem) throw new Error(problem);
}
