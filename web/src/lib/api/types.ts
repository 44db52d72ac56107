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
  must_change_password: boolean;
  invited: boolean;
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
  /** In lists: owners who signed up and have not confirmed their e-mail yet. */
  unverified_owner_count?: number;
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

/** How a new member gets a password (see the API's CreateMember). */
export type Credentials = 'invitation' | 'generated_password' | 'password';

export interface NewMember {
  email: string;
  name?: string;
  role: OrganizationRole;
  credentials: Credentials;
  /** Only with credentials = 'password'. */
  password?: string;
}

export interface Invitation {
  user: User;
  sent_at: string | null;
  expires_at: string | null;
  expired: boolean;
}

export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'no_smtp';

export interface OutboxMail {
  id: number;
  to: string;
  subject: string;
  kind: string;
  status: MailStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  sent_at: string | null;
  text: string;
  links: string[];
}

export interface OutboxPage extends Page<OutboxMail> {
  smtp_configured: boolean;
  counts: Partial<Record<MailStatus, number>>;
}

export type JsonObject = Record<string, unknown>;

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
  last_seen_at: string | null;
  registered_at: string | null;
  events_today: number;
}

export interface DeviceDetail extends Device {
  config: { defaults: JsonObject; overrides: JsonObject; merged: JsonObject; desired_version: number; reported_version: number | null };
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
  last_seen_at: string | null;
  events_in_period: number;
}

export interface ClientDeviceDetail extends ClientDevice {
  reported_status: JsonObject | null;
}

export interface PlatformSettings {
  auto_registration: { enabled: boolean; last_device_at: string | null };
}
