// Reading generated PDFs in tests: a document's bytes through the API (in the actor's scope) and their text as
// pdf.js reads it.
import request from 'supertest';
import { getDocumentProxy } from 'unpdf';
import { testApp } from './app';

/** The text of every page, as pdf.js reads it (its text items: unpdf's extractText drops a horned Ơ after kerning). */
export async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i += 1) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.cleanup();
  return pages.join(' ').normalize('NFC').replace(/\s+/g, ' ');
}

/** GET /api/v1/documents/:id/pdf as the actor, the body kept as bytes. */
export function pdfOf(auth: Record<string, string>, id: number) {
  return request(testApp())
    .get(`/api/v1/documents/${id}/pdf`)
    .set(auth)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
}
