import sharp, { type Metadata } from 'sharp';
import { AppError } from '../../../core/errors.ts';

export interface ImageLimits {
  maxBytes: number;
  maxInputPixels: number;
  maxLongSide: number;
}

/** What a plan upload may be: the limits the API enforces and the README documents. */
export const PLAN_IMAGE_LIMITS: ImageLimits = {
  maxBytes: 20 * 1024 * 1024,
  // A 12,000 × 12,000 PNG compresses to under 1 MB but decodes to 576 MB of RGBA: refuse it by its header.
  maxInputPixels: 50_000_000,
  maxLongSide: 8192,
};

/** A tag's photo: a small picture beside a name, so a phone photo is shrunk to 1024 px. */
export const TAG_PHOTO_LIMITS: ImageLimits = { maxBytes: 10 * 1024 * 1024, maxInputPixels: 50_000_000, maxLongSide: 1024 };

export interface PlanImage {
  bytes: Buffer;
  type: 'image/png' | 'image/jpeg';
  extension: 'png' | 'jpg';
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

const unsupported = () => new AppError(415, 'unsupported_image', 'The image must be a PNG or JPEG');

/**
 * Checks an uploaded image (a plan, a tag's photo) by its bytes (not its name or declared type) and re-encodes it: EXIF rotation
 * applied, metadata and anything appended after the image dropped, the long side capped. The result is
 * a fresh file written by libvips, so nothing the client sent is ever served back as is.
 */
export async function reencodeImage(input: Buffer, limits: ImageLimits): Promise<PlanImage> {
  const kind = input.subarray(0, 8).equals(PNG_SIGNATURE) ? 'png' : input.subarray(0, 3).equals(JPEG_SIGNATURE) ? 'jpeg' : null;
  if (!kind) throw unsupported();
  const options = { limitInputPixels: limits.maxInputPixels, failOn: 'error' as const };
  let meta: Metadata;
  try {
    // Reading the header decodes no pixels, so it runs without the limit and the refusal can say the size.
    meta = await sharp(input, { failOn: 'error' }).metadata();
  } catch {
    throw new AppError(400, 'invalid_image', 'The image could not be read');
  }
  if (meta.format !== kind) throw unsupported();
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > limits.maxInputPixels) {
    throw new AppError(413, 'image_too_large', `The image has ${pixels} pixels; at most ${limits.maxInputPixels} are accepted`, {
      width: meta.width,
      height: meta.height,
      max_pixels: limits.maxInputPixels,
    });
  }
  try {
    const pipeline = sharp(input, options)
      .rotate()
      .resize({ width: limits.maxLongSide, height: limits.maxLongSide, fit: 'inside', withoutEnlargement: true });
    const { data, info } = await (kind === 'png' ? pipeline.png({ compressionLevel: 6 }) : pipeline.jpeg({ quality: 88, mozjpeg: true })).toBuffer({
      resolveWithObject: true,
    });
    return kind === 'png'
      ? { bytes: data, type: 'image/png', extension: 'png', width: info.width, height: info.height }
      : { bytes: data, type: 'image/jpeg', extension: 'jpg', width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) throw new AppError(413, 'image_too_large', 'The image has too many pixels');
    throw new AppError(400, 'invalid_image', 'The image could not be decoded');
  }
}
