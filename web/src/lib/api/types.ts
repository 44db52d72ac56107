import type { components } from './schema.d.ts';

/**
 * Shapes of the HTTP API's JSON, generated from its OpenAPI document (schema.d.ts, `npm run gen:api-types`):
 * a server schema change shows up here as a type error instead of a silent mismatch.
 */
type Schemas = components['schemas'];

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface PageQuery {
  page?: number;
  page_size?: number;
}

export type TokenResponse = Schemas['TokenResponse'];
export type User = Schemas['User'];
/** An organization's member as the owner manages them: the user with their location grants. */
export type Member = Schemas['Member'];
export type LocationGrant = Schemas['LocationGrant'];
/** What the server allows the signed-in user (GET /auth/me): the UI hides the rest. */
export type Permissions = Schemas['Permissions'];
export type Organization = Schemas['Organization'];
/** GET /client/overview: the organization's fleet at a glance. */
export type OrganizationOverview = Schemas['OrganizationOverview'];
// OpenAPI 3.0 writes "or null" as an untyped alternative (`unknown` once generated): narrowed here.
export type Me = Omit<Schemas['Me'], 'organization'> & { organization: Organization | null };
export type OrganizationInput = Schemas['UpdateOrganization'];
export type NewMember = Schemas['CreateMember'];
/** How a new member gets a password: an invitation link, a generated password mailed, or one chosen now. */
export type Credentials = NonNullable<NewMember['credentials']>;
export type Invitation = Schemas['Invitation'];
export type OutboxMail = Schemas['OutboxMail'];
export type MailStatus = OutboxMail['status'];
export interface OutboxPage extends Page<OutboxMail> {
  smtp_configured: boolean;
  counts: Partial<Record<MailStatus, number>>;
}

export type JsonObject = Record<string, unknown>;

export type Device = Schemas['Device'];
export type DeviceDetail = Schemas['DeviceDetail'];
export type CreatedDevice = Schemas['CreatedDevice'];
export type ClientDevice = Schemas['ClientDevice'];
export type ClientDeviceDetail = Schemas['ClientDeviceDetail'];
export type PlatformSettings = Schemas['PlatformSettings'];

/** How a device is online: a live MQTT session, or recent posts over the legacy HTTP bridge (null: offline). */
export type DeviceConnection = Device['connection'];
/** A device's config loop: products' schemas, defaults, overrides, merged result, desired vs reported version. */
export type DeviceConfig = DeviceDetail['config'];
/** GET /auth/sessions: where the user is signed in. */
export type UserSession = Schemas['Session'];
/** GET /monitoring/host, /monitoring/samples and /monitoring/alerts (the superadmin's monitoring page). */
export type HostSnapshot = Schemas['HostSnapshot'];
export type MonitoringSample = Schemas['MonitoringSample'];
export type Alert = Schemas['Alert'];

export type AuditEntry = Schemas['AuditEntry'];
export type AuditPage = Schemas['AuditPage'];
