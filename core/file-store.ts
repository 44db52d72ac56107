import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where uploaded files (plan images, tag photos) live. Keys are generated here, never taken from the
 * client, so a key cannot name a path outside the store. A later S3-compatible store implements the same.
 */
export interface FileStore {
  /** Stores the bytes under a new key with the given prefix and extension; returns the key. */
  put(prefix: string, extension: string, bytes: Buffer): Promise<string>;
  /** The bytes of a key, or undefined when there are none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Removes a key; removing a missing key is not an error. */
  remove(key: string): Promise<void>;
}

const KEY = /^[a-z-]+\/[0-9a-f-]{36}\.[a-z]+$/;

/** A FileStore in a directory of the local disk (by default MYBEACON_DATA_DIR/uploads). */
export function localFileStore(dir: string): FileStore {
  const file = (key: string) => {
    if (!KEY.test(key)) throw new Error(`not a file store key: ${key}`);
    return path.join(dir, key);
  };
  return {
    async put(prefix, extension, bytes) {
      const key = `${prefix}/${randomUUID()}.${extension}`;
      await mkdir(path.join(dir, prefix), { recursive: true });
      await writeFile(file(key), bytes, { mode: 0o600 });
      return key;
    },
    async get(key) {
      try {
        return await readFile(file(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async remove(key) {
      await rm(file(key), { force: true });
    },
  };
}
