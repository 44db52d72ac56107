import { newDevicePassword, newDeviceToken, sha256Hex } from '../../core/ids.ts';

export interface DeviceCredentials {
  /** Shown to the device once; only its hash is stored. */
  token: string;
  tokenHash: string;
  devicePassword: string;
}

/** Fresh credentials for a device: a bearer/MQTT token (stored as SHA-256) and an 8-digit dashboard password. */
export function issueDeviceCredentials(): DeviceCredentials {
  const token = newDeviceToken();
  return { token, tokenHash: sha256Hex(token), devicePassword: newDevicePassword() };
}
