import { createHash, randomBytes, randomInt } from 'node:crypto';

/** A device token: 32 random bytes, base64 (prototype format). */
export const newDeviceToken = (): string => randomBytes(32).toString('base64');

/** An 8-digit device dashboard password. */
export const newDevicePassword = (): string => String(randomInt(0, 100_000_000)).padStart(8, '0');

/** SHA-256 hex of a high-entropy secret; fast enough for the broker's hot path, unlike bcrypt. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');
