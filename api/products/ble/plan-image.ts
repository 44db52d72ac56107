import sharp, { type Metadata } from 'sharp';
import { AppError } from '../../../core/errors.ts';

/** What a plan upload may be: the limits the API enforces and the README documents. */
export const PLAN_IMAGE_LIMITS = {
  maxBytes: 20 * 1024 * 1024,
  // A 12,000 × 12,000 PNG compresses to under 1 MB but decodes to 576 MB of RGBA: refuse it by its header.
  maxInputPixels: 50_000_000,
  maxLongSide: 8192,
} as const;

export interface PlanImage {
  bytes: Buffer;
  type: 'image/png' | 'image/jpeg';
  extension: 'png' | 'jpg';
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

const unsupported = () => new AppError(415, 'unsupported_image', 'A plan must be a PNG or JPEG image');

/**
 * Checks an uploaded plan by its bytes (not its name or declared type) and re-encodes it: EXIF rotation
 * applied, metadata and anything appended after the image dropped, the long side capped. The result is
 * a fresh file written by libvips, so nothing the client sent is ever served back as is.
 */
export async function reencodePlanImage(input: Buffer): Promise<PlanImage> {
  const kind = input.subarray(0, 8).equals(PNG_SIGNATURE) ? 'png' : input.subarray(0, 3).equals(JPEG_SIGNATURE) ? 'jpeg' : null;
  if (!kind) throw unsupported();
  const options = { limitInputPixels: PLAN_IMAGE_LIMITS.maxInputPixels, failOn: 'error' as const };
  let meta: Metadata;
  try {
    // Reading the header decodes no pixels, so it runs without the limit and the refusal can say the size.
    meta = await sharp(input, { failOn: 'error' }).metadata();
  } catch {
    throw new AppError(400, 'invalid_image', 'The image could not be read');
  }
  if (meta.format !== kind) throw unsupported();
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > PLAN_IMAGE_LIMITS.maxInputPixels) {
    throw new AppError(413, 'image_too_large', `The image has ${pixels} pixels; at most ${PLAN_IMAGE_LIMITS.maxInputPixels} are accepted`, {
      width: meta.width,
      height: meta.height,
      max_pixels: PLAN_IMAGE_LIMITS.maxInputPixels,
    });
  }
  try {
    const pipeline = sharp(input, options)
      .rotate()
      .resize({ width: PLAN_IMAGE_LIMITS.maxLongSide, height: PLAN_IMAGE_LIMITS.maxLongSide, fit: 'inside', withoutEnlargement: true });
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
