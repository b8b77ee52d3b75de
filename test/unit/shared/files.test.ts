import { expect } from 'chai';
import {
  checkUpload,
  cleanFileName,
  contentDisposition,
  detectMime,
  MAX_FILE_BYTES,
} from '../../../server/shared/files';
import { AppError, ValidationError } from '../../../server/shared/errors';
import { JPEG_BYTES, PDF_BYTES, PNG_BYTES } from '../../helpers/papers';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('files: type from content', () => {
  describe('detectMime', () => {
    it('when the bytes begin with a PDF, JPEG or PNG magic number, then that type', () => {
      expect(detectMime(PDF_BYTES)).to.equal('application/pdf');
      expect(detectMime(PNG_BYTES)).to.equal('image/png');
      expect(detectMime(JPEG_BYTES)).to.equal('image/jpeg');
    });

    it('when the bytes are anything else, too short, or the magic number is not at the start, then null', () => {
      expect(detectMime(Buffer.from('GIF89a'))).to.equal(null);
      expect(detectMime(Buffer.from('<html><body>%PDF-</body></html>'))).to.equal(null);
      expect(detectMime(Buffer.from('%PDF'))).to.equal(null);
      expect(detectMime(Buffer.from([0xff, 0xd8]))).to.equal(null);
      expect(detectMime(PNG_BYTES.subarray(0, 7))).to.equal(null);
      expect(detectMime(Buffer.alloc(0))).to.equal(null);
      expect(detectMime(Buffer.concat([Buffer.from(' '), PDF_BYTES]))).to.equal(null);
    });
  });

  describe('checkUpload', () => {
    it('when the name agrees with the content (any case of the extension), then the type and the name', () => {
      expect(checkUpload(PDF_BYTES, 'ho-chieu.PDF')).to.deep.equal({ mime: 'application/pdf', name: 'ho-chieu.PDF' });
      expect(checkUpload(JPEG_BYTES, 'anh.jpeg')).to.deep.equal({ mime: 'image/jpeg', name: 'anh.jpeg' });
      expect(checkUpload(JPEG_BYTES, 'anh.JPG').mime).to.equal('image/jpeg');
      expect(checkUpload(PNG_BYTES, 'anh.png').mime).to.equal('image/png');
    });

    it('when a name ending in .pdf holds a PNG, then 400 saying the name claims PDF but the content is PNG', () => {
      const err = thrown(() => checkUpload(PNG_BYTES, 'giay-kham-suc-khoe.pdf', 'scan'));
      expect(err).to.be.instanceOf(ValidationError);
      expect(err.status).to.equal(400);
      expect(err.code).to.equal('VALIDATION_FAILED');
      expect(err.message).to.equal('Tên tệp «giay-kham-suc-khoe.pdf» cho biết là PDF nhưng nội dung là PNG');
      expect(err.details).to.deep.equal([{ path: 'scan', message: err.message }]);
    });

    it('when other names lie (.jpg holding a PDF, .png holding a JPEG), then 400 naming both types', () => {
      expect(thrown(() => checkUpload(PDF_BYTES, 'scan.jpg')).message).to.equal(
        'Tên tệp «scan.jpg» cho biết là JPEG nhưng nội dung là PDF',
      );
      expect(thrown(() => checkUpload(JPEG_BYTES, 'scan.png')).message).to.equal(
        'Tên tệp «scan.png» cho biết là PNG nhưng nội dung là JPEG',
      );
    });

    it('when the content is none of PDF, JPEG, PNG, then 400 whatever the name says', () => {
      for (const name of ['virus.pdf', 'a.exe', 'noname']) {
        const err = thrown(() => checkUpload(Buffer.from('MZ\x90\x00 executable'), name));
        expect(err.code).to.equal('VALIDATION_FAILED');
        expect(err.message).to.equal('Chỉ nhận tệp PDF, JPEG hoặc PNG');
      }
    });

    it('when the file is empty, then 400; when it is over 10 MB, then 413 PAYLOAD_TOO_LARGE; exactly 10 MB passes', () => {
      expect(thrown(() => checkUpload(Buffer.alloc(0), 'a.pdf')).status).to.equal(400);
      const big = Buffer.alloc(MAX_FILE_BYTES + 1);
      PDF_BYTES.copy(big);
      const err = thrown(() => checkUpload(big, 'a.pdf'));
      expect(err.status).to.equal(413);
      expect(err.code).to.equal('PAYLOAD_TOO_LARGE');
      expect(checkUpload(big.subarray(0, MAX_FILE_BYTES), 'a.pdf').mime).to.equal('application/pdf');
    });

    it('when the name has no known extension, then the detected one is appended so the download cannot open as something else', () => {
      expect(checkUpload(PDF_BYTES, 'hộ chiếu').name).to.equal('hộ chiếu.pdf');
      expect(checkUpload(PDF_BYTES, 'scan.exe').name).to.equal('scan.exe.pdf');
      expect(checkUpload(PNG_BYTES, '').name).to.equal('tep.png');
      expect(checkUpload(JPEG_BYTES, '.jpg').name).to.equal('.jpg.jpg');
    });
  });

  describe('names', () => {
    it('when a name carries path parts, decomposed accents or control characters, then only the NFC last part is kept', () => {
      expect(cleanFileName('C:\\Users\\lan\\Ho\u0302\u0323 chie\u0302\u0301u.pdf')).to.equal('Hộ chiếu.pdf');
      expect(cleanFileName('../../etc/passwd')).to.equal('passwd');
      expect(cleanFileName('a\u0000b\r\n.pdf')).to.equal('ab.pdf');
      expect(checkUpload(PDF_BYTES, '/tmp/x/Ho\u0302\u0323 chie\u0302\u0301u.pdf').name).to.equal(
        'Hộ chiếu.pdf'.normalize('NFC'),
      );
    });

    it('when a name is long, then it is cut keeping its extension', () => {
      const name = checkUpload(PDF_BYTES, `${'a'.repeat(500)}.pdf`).name;
      expect(name).to.have.length(200);
      expect(name.endsWith('.pdf')).to.equal(true);
    });

    it('when a download is named, then the UTF-8 name is percent-encoded in filename*', () => {
      expect(contentDisposition("Hộ chiếu (bản sao)'s.pdf")).to.equal(
        "attachment; filename*=UTF-8''H%E1%BB%99%20chi%E1%BA%BFu%20%28b%E1%BA%A3n%20sao%29%27s.pdf",
      );
    });
  });
});
