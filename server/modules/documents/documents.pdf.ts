// The PDF renderer: A4, Decree 30/2020 margins (top and bottom 20 mm, left 30 mm, right 15 mm) and type sizes, Noto
// Serif in place of Times New Roman (it carries every Vietnamese letter). The fonts are parsed once per process
// (TOOLCHAIN: ≈ 10× faster than letting pdfkit re-parse per document). The same model gives the same bytes: the
// dates in the PDF's metadata come from the document, never the clock, and the QR is drawn as vector squares.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { DocModel } from './documents.model';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { create: (b: Buffer) => { glyphForCodePoint(cp: number): unknown } };

/** The letters documents print: Latin, Vietnamese (precomposed), punctuation, ₫. */
const RANGES: [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0x17f],
  [0x1a0, 0x1b0],
  [0x300, 0x323],
  [0x1ea0, 0x1ef9],
  [0x2010, 0x2030],
  [0x20ab, 0x20ab],
];

const MM = 72 / 25.4;
const MARGINS = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };

const FONT_DIR = path.dirname(require.resolve('@expo-google-fonts/noto-serif/package.json'));
const FONT_FILES = {
  regular: '400Regular/NotoSerif_400Regular.ttf',
  bold: '700Bold/NotoSerif_700Bold.ttf',
  italic: '400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  boldItalic: '700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
} as const;
type FontName = keyof typeof FONT_FILES;

let parsed: Record<FontName, unknown> | null = null;
/** The four faces, parsed once. */
export function fonts(): Record<FontName, unknown> {
  // NOTE: fontkit caches each glyph object the first time it is made. A glyph first reached through a substitution
  // (shaping) is cached without its code point, and pdfkit then maps it to nothing in the PDF's ToUnicode: the text
  // layer loses "Ơ" (copy, search, screen readers). Making every glyph we print from the cmap first fixes that.
  parsed ??= Object.fromEntries(
    Object.entries(FONT_FILES).map(([k, f]) => {
      const font = fontkit.create(fs.readFileSync(path.join(FONT_DIR, f)));
      for (const [from, to] of RANGES) for (let cp = from; cp <= to; cp += 1) font.glyphForCodePoint(cp);
      return [k, font];
    }),
  ) as Record<FontName, unknown>;
  return parsed;
}

/**
 * The shaping of each word, kept across documents per face (pdfkit keeps one per document): the boilerplate of a
 * document is shaped once per process. Safe to share: pdfkit reads a cached run, never changes it. Bounded.
 */
const layoutCaches = new Map<string, Record<string, unknown>>();
const LAYOUT_CACHE_MAX = 50_000;
let documentsMade = 0;

/** A new A4 document with the four faces registered and the metadata fixed by the model. */
export function newPdf(title: string, issuedOn: string): PDFKit.PDFDocument {
  const at = new Date(`${issuedOn}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    info: { Title: title, Producer: 'Hành Trang', Creator: 'Hành Trang', CreationDate: at, ModDate: at },
    bufferPages: true,
    // no default Helvetica: pdfkit would parse its AFM metrics for every document, and we never use it
    font: null as never,
  });
  for (const [name, font] of Object.entries(fonts())) doc.registerFont(name, font as never);
  // every 1,000 documents, a cache past its bound starts again (counting keys costs, so not on every switch)
  documentsMade += 1;
  if (documentsMade % 1000 === 0)
    for (const [name, cache] of layoutCaches)
      if (Object.keys(cache).length > LAYOUT_CACHE_MAX) layoutCaches.delete(name);
  const setFont = doc.font.bind(doc);
  doc.font = ((name: string, ...rest: unknown[]) => {
    (setFont as (...a: unknown[]) => PDFKit.PDFDocument)(name, ...rest);
    const current = (doc as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
    if (current?.layoutCache && typeof name === 'string') {
      let shared = layoutCaches.get(name);
      if (!shared) {
        shared = Object.create(null) as Record<string, unknown>;
        layoutCaches.set(name, shared);
      }
      current.layoutCache = shared;
    }
    return doc;
  }) as typeof doc.font;
  return doc;
}

/** The document's bytes. */
export function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * The QR as a 1-bit image with a 2-module quiet zone, drawn at `size` points. A PNG written by
 * hand (one IDAT of filtered rows): embedding it costs one image object, where 1,000 vector squares cost 3 ms of a
 * 12 ms document (bench/RESULTS.md, documents-render). It is the same bytes for the same text.
 */
export function qrPng(text: string, scale = 4): Buffer {
  // NOTE: a fixed mask (the checkerboard, pattern 0) is a valid symbol for every reader; scoring all eight masks to
  // pick the "best" costs 2 ms a document
  // one byte-mode segment: letting qrcode search the optimal mix of modes for a base64url payload costs 3 ms
  const qr = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
    maskPattern: 0,
  });
  const n = qr.modules.size;
  // `scale` pixels a module: viewers that smooth a scaled image keep the modules' edges sharp enough to scan
  const w = (n + 4) * scale;
  const rowBytes = Math.ceil(w / 8);
  const raw = Buffer.alloc((rowBytes + 1) * w, 0);
  for (let y = 0; y < w; y += 1) {
    const row = y * (rowBytes + 1);
    raw[row] = 0; // filter: none
    const my = Math.floor(y / scale) - 2;
    for (let x = 0; x < w; x += 1) {
      const mx = Math.floor(x / scale) - 2;
      const dark = mx >= 0 && my >= 0 && mx < n && my < n && qr.modules.get(my, mx);
      // 1-bit grayscale: 1 is white
      if (!dark) raw[row + 1 + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(w, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  doc.image(qrPng(text), x, y, { width: size, height: size });
}

export async function renderPdf(m: DocModel): Promise<Buffer> {
  const doc = newPdf(m.meta.title, m.meta.issuedOn);
  const left = MARGINS.left;
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const colL = width * 0.42;
  const colR = width - colL;
  const top = doc.y;

  // header: the issuer (left) and the national name and motto (right), each centred in its column
  doc.font('regular').fontSize(12);
  if (m.issuer.parent) doc.text(m.issuer.parent.toUpperCase(), left, top, { width: colL, align: 'center' });
  doc.font('bold').fontSize(12).text(m.issuer.name.toUpperCase(), left, doc.y, { width: colL, align: 'center' });
  const issuerBottom = doc.y;
  doc
    .moveTo(left + colL * 0.3, issuerBottom + 2)
    .lineTo(left + colL * 0.7, issuerBottom + 2)
    .lineWidth(0.5)
    .stroke();
  doc
    .font('bold')
    .fontSize(12)
    .text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', left + colL, top, { width: colR, align: 'center' });
  doc
    .font('bold')
    .fontSize(13)
    .text('Độc lập - Tự do - Hạnh phúc', left + colL, doc.y, { width: colR, align: 'center' });
  const mottoBottom = doc.y;
  doc
    .moveTo(left + colL + colR * 0.22, mottoBottom + 1)
    .lineTo(left + colL + colR * 0.78, mottoBottom + 1)
    .stroke();

  const line2 = Math.max(issuerBottom, mottoBottom) + 10;
  doc.font('regular').fontSize(13).text(m.numberText, left, line2, { width: colL, align: 'center' });
  // the place-and-date line on one line: 13 pt, smaller only when a long place name needs it
  doc.font('italic').fontSize(13);
  if (doc.widthOfString(m.placeDate) > colR) doc.fontSize(Math.max(10, (13 * colR) / doc.widthOfString(m.placeDate)));
  doc.text(m.placeDate, left + colL, line2, { width: colR, align: 'center' });

  doc.moveDown(1.5);
  doc.font('bold').fontSize(14).text(m.title.toUpperCase(), left, doc.y, { width, align: 'center' });
  if (m.summary) doc.font('bold').fontSize(13).text(m.summary, { width, align: 'center' });
  doc.moveDown(0.8);

  for (const b of m.basis)
    doc.font('italic').fontSize(13).text(b, left, doc.y, { width, align: 'justify', indent: 28 });
  if (m.basis.length) doc.moveDown(0.5);

  for (const block of m.blocks) {
    if (block.kind === 'heading') {
      doc.moveDown(0.3).font('bold').fontSize(13).text(block.text, left, doc.y, { width });
    } else if (block.kind === 'para') {
      doc.font('regular').fontSize(13).text(block.text, left, doc.y, { width, align: 'justify', indent: 28 });
    } else if (block.kind === 'list') {
      for (const item of block.items)
        doc
          .font('regular')
          .fontSize(13)
          .text(`- ${item}`, left + 14, doc.y, { width: width - 14, align: 'justify' });
    } else {
      drawTable(doc, block.head, block.rows, block.widths, left, width);
    }
  }

  // signatures: one column on the right, or two side by side
  doc.moveDown(1);
  if (doc.y > doc.page.height - MARGINS.bottom - 150) doc.addPage();
  const sigTop = doc.y;
  const cols = m.signatures.length;
  m.signatures.forEach((s, i) => {
    const w = cols === 1 ? width / 2 : width / cols;
    const x = cols === 1 ? left + width / 2 : left + i * w;
    doc.font('bold').fontSize(13).text(s.title.toUpperCase(), x, sigTop, { width: w, align: 'center' });
    if (s.note) doc.font('italic').fontSize(11).text(s.note, x, doc.y, { width: w, align: 'center' });
    doc
      .font('bold')
      .fontSize(13)
      .text(s.name, x, sigTop + 90, { width: w, align: 'center' });
  });
  doc.y = sigTop + 115;

  // recipients (left), the QR and its code (bottom of the last page)
  if (m.recipients?.length) {
    doc.font('boldItalic').fontSize(12).text('Nơi nhận:', left, doc.y, { width: colL });
    for (const r of m.recipients) doc.font('regular').fontSize(11).text(`- ${r};`, left, doc.y, { width: colL });
  }
  const qrSize = 82;
  if (doc.y > doc.page.height - MARGINS.bottom - qrSize - 10) doc.addPage();
  const qrY = doc.page.height - MARGINS.bottom - qrSize;
  drawQr(doc, m.verify.url, left, qrY, qrSize);
  doc
    .font('regular')
    .fontSize(9)
    .text(
      `Mã xác minh: ${m.verify.code}. Quét mã QR hoặc mở ${m.verify.url.split('?')[0]} để kiểm tra văn bản này.`,
      left + qrSize + 8,
      qrY + qrSize / 2 - 12,
      { width: width - qrSize - 8 },
    );

  // page numbers (Decree 30: from the second page, top centre)
  const range = doc.bufferedPageRange();
  for (let i = 1; i < range.count; i += 1) {
    doc.switchToPage(range.start + i);
    doc
      .font('regular')
      .fontSize(12)
      .text(String(i + 1), left, MARGINS.top / 2, { width, align: 'center', lineBreak: false });
  }
  return collect(doc);
}

function drawTable(
  doc: PDFKit.PDFDocument,
  head: string[],
  rows: string[][],
  widths: number[],
  left: number,
  width: number,
) {
  const total = widths.reduce((a, b) => a + b, 0);
  const ws = widths.map((w) => (w / total) * width);
  const pad = 3;
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(10.5);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: ws[i] - 2 * pad }))) + 2 * pad;
    if (doc.y + h > doc.page.height - MARGINS.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.rect(x, y, ws[i], h).lineWidth(0.5).stroke();
      doc.text(c, x + pad, y + pad, { width: ws[i] - 2 * pad });
      x += ws[i];
    });
    doc.x = left;
    doc.y = y + h;
  };
  doc.moveDown(0.3);
  drawRow(head, true);
  for (const r of rows) drawRow(r, false);
  doc.moveDown(0.5);
}
