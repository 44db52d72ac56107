import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../../core/errors.ts';

/** How a route takes a file: the form field it comes in and the most bytes it may have. */
export interface UploadSpec {
  field: string;
  maxBytes: number;
}

export interface UploadedForm {
  fields: Record<string, string>;
  file: { bytes: Buffer; filename: string; mimeType: string };
}

const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 4096;

/**
 * Reads a multipart/form-data body with one file (busboy: streaming, with limits on every part), so an
 * oversized upload is cut off at maxBytes + 1 instead of being buffered whole.
 */
export function readMultipart(req: Request, spec: UploadSpec): Promise<UploadedForm> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(new AppError(415, 'multipart_required', 'Send the file as multipart/form-data'));
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: UploadedForm['file'] | undefined;
    let failure: AppError | undefined;
    const fail = (err: AppError) => {
      failure ??= err;
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, fileSize: spec.maxBytes, parts: MAX_FIELDS + 1 } });
    } catch {
      reject(new AppError(400, 'malformed_multipart', 'The multipart body could not be read'));
      return;
    }
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new AppError(413, 'payload_too_large', `Field ${name} is longer than ${MAX_FIELD_BYTES} bytes`));
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(new AppError(413, 'payload_too_large', `The file is larger than ${spec.maxBytes} bytes`, { max_bytes: spec.maxBytes })));
      stream.on('close', () => {
        if (name === spec.field) file = { bytes: Buffer.concat(chunks), filename: info.filename ?? '', mimeType: info.mimeType };
      });
    });
    parser.on('filesLimit', () => fail(new AppError(400, 'too_many_files', 'Send one file')));
    parser.on('error', () => reject(failure ?? new AppError(400, 'malformed_multipart', 'The multipart body could not be read')));
    parser.on('close', () => {
      if (failure) reject(failure);
      else if (!file) reject(new AppError(400, 'file_required', `The form must carry a file in the field "${spec.field}"`));
      else resolve({ fields, file });
    });
    req.pipe(parser);
  });
}
