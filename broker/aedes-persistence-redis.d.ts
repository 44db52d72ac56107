// aedes-persistence-redis ships no types; this is the part MyBeacon uses.
declare module 'aedes-persistence-redis' {
  import type { Redis } from 'ioredis';

  export interface RedisPersistenceOptions {
    /** An existing connection (else one is opened from ioredis options). */
    conn?: Redis;
    /** Offline messages delivered on CONNECT at most (default 1000). */
    maxSessionDelivery?: number;
  }

  export interface RedisPersistence {
    destroy(): Promise<void>;
  }

  function aedesPersistenceRedis(opts?: RedisPersistenceOptions): RedisPersistence;
  export default aedesPersistenceRedis;
}
