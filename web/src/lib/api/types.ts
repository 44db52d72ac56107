import type { ProductName } from '$core/products.ts';
import type { OrganizationRole, Role } from '$core/roles.ts';

/** Shapes of the HTTP API's JSON (see /api/v1/openapi.json). */

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

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  organization_id: number | null;
  active: boolean;
  email_verified: boolean;
  locale: string;
  last_login_at: string | null;
  created_at: string;
}

export interface Organization {
  id: number;
  name: string;
  phone: string | null;
  contact_email: string | null;
  status: 'pending' | 'active';
  products: ProductName[];
  timezone: string;
  created_at: string;
  device_count?: number;
  user_count?: number;
}

/** GET /client/overview: the organization's fleet at a glance. */
export interface OrganizationOverview {
  devices: { total: number; online: number; offline: number };
  events_today: number;
}

export interface Me {
  user: User;
  organization: Organization | null;
}

export interface OrganizationInput {
  name: string;
  phone?: string | null;
  contact_email?: string | null;
  status?: Organization['status'];
  products?: ProductName[];
  timezone?: string;
}

export interface NewMember {
  email: string;
  password: string;
  name?: string;
  role: OrganizationRole;
}

export type JsonObject = Record<string, unknown>;

/** How a device is online: a live MQTT session, or recent posts over the legacy HTTP bridge. */
export type DeviceConnection = 'mqtt' | 'http' | null;

export interface Device {
  id: number;
  simple_id: number;
  label: string;
  mac: string;
  name: string;
  organization_id: number | null;
  organization_name: string | null;
  status: 'active' | 'blocked';
  online: boolean;
  connection: DeviceConnection;
  last_seen_at: string | null;
  registered_at: string | null;
  events_today: number;
}

export interface DeviceConfig {
  /** Each product's config section as JSON Schema (what overrides may set). */
  schema: Record<string, unknown>;
  defaults: JsonObject;
  overrides: JsonObject;
  merged: JsonObject;
  desired_version: number;
  reported_version: number | null;
}

export interface DeviceDetail extends Device {
  config: DeviceConfig;
  notes: string;
  reported_status: JsonObject | null;
  rejected_events: number;
  last_error: string | null;
  last_error_at: string | null;
}

export interface CreatedDevice {
  device: Device;
  token: string;
  device_password: string;
}

export interface ClientDevice {
  id: number;
  simple_id: number;
  label: string;
  mac: string;
  name: string;
  online: boolean;
  connection: DeviceConnection;
  last_seen_at: string | null;
  events_in_period: number;
}

export interface ClientDeviceDetail extends ClientDevice {
  reported_status: JsonObject | null;
  notes: string;
  config: DeviceConfig;
}

/** GET /auth/sessions: where the user is signed in. */
export interface UserSession {
  id: string;
  current: boolean;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_used_at: string;
}

export interface PlatformSettings {
  auto_registration: { enabled: boolean; last_device_at: string | null };
}
