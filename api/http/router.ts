import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z, type ZodObject, type ZodType } from 'zod';
import { AppError, forbidden, unauthorized, validationFailed } from '../../core/errors.ts';
import { actionRefusal, type Access, type Action, type LocationScope } from '../../core/policy.ts';
import type { ProductName } from '../../core/products.ts';
import type { Principal } from '../services/auth.ts';
import { readMultipart, type UploadedForm, type UploadSpec } from './multipart.ts';
import { ErrorResponse, unstorableInput } from './schemas.ts';
import { Streamed } from './streamed.ts';

/**
 * Who may call a route: anyone, any signed-in user (their own account), the superadmin, or a member of
 * a client organization allowed the named action of the brief's matrix (core/policy.ts), whose
 * organization is active with `product` enabled. A client route reads when it is a GET and writes
 * otherwise, unless `access` says so (starting an export changes nothing of the organization).
 */
export type Guard = 'public' | 'user' | 'superadmin' | ClientGuard;
export interface ClientGuard {
  client: Action;
  product?: ProductName;
  access?: Access;
}

/** A registered route as the policy sees it (the router walk in test/permissions lists them all). */
export interface RegisteredRoute {
  method: Method;
  path: string;
  guard: Guard;
}

/** What the product guard needs to know of an organization; undefined when it does not exist. */
export type ResolveOrganization = (organizationId: number) => Promise<{ active: boolean; products: readonly string[] } | undefined>;

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type Input<T> = T extends ZodType ? z.output<T> : undefined;
type Authed<G> = G extends 'public' ? Principal | undefined : Principal;
type ClientPrincipal = Principal & { organizationId: number };
type ClientInput<G> = G extends ClientGuard ? { principal: ClientPrincipal; scope: LocationScope } : { principal: Authed<G> };

export interface RouteSpec<P extends ZodObject | undefined, Q extends ZodObject | undefined, B extends ZodType | undefined, G extends Guard> {
  method: Method;
  /** Express-style path relative to /api/v1, e.g. `/superadmin/devices/:id`. */
  path: string;
  summary: string;
  tags: string[];
  guard: G;
  params?: P;
  query?: Q;
  body?: B;
  /** Success status (default 200; 204 sends no body). */
  status?: number;
  response?: ZodType;
  /** The handler returns a `Streamed` body of one of these media types instead of JSON (downloads). */
  streams?: string[];
  /** The route takes multipart/form-data with one file; `body` then validates the form's other fields. */
  upload?: UploadSpec;
  /** Middleware run before the guard (e.g. rate limiting). */
  before?: RequestHandler[];
  /** Callable by a user who must change a generated password first (their profile, the change itself, logout). */
  allowDuringPasswordChange?: boolean;
  handler(input: {
    params: Input<P>;
    query: Input<Q>;
    body: Input<B>;
    /** The uploaded file of an `upload` route. */
    file: UploadedForm['file'];
    req: Request;
    res: Response;
  } & ClientInput<G>): Promise<unknown>;
}

export type ResolvePrincipal = (req: Request) => Promise<Principal | undefined>;

/** An Express router whose routes validate input by schema, check their guard and document themselves in OpenAPI. */
export class ApiRouter {
  readonly express = Router();
  /** Every route registered so far, in order. */
  readonly routes: RegisteredRoute[] = [];

  constructor(
    private readonly registry: OpenAPIRegistry,
    private readonly resolvePrincipal: ResolvePrincipal,
    private readonly resolveOrganization: ResolveOrganization,
  ) {}

  route<P extends ZodObject | undefined, Q extends ZodObject | undefined, B extends ZodType | undefined, G extends Guard>(
    spec: RouteSpec<P, Q, B, G>,
  ): void {
    this.document(spec, spec.guard === 'public' ? [] : [{ bearer: [] }]);
    this.routes.push({ method: spec.method, path: spec.path, guard: spec.guard });
    const status = spec.status ?? 200;
    const access = routeAccess(spec.method, spec.guard);
    const handler: RequestHandler = async (req, res, next) => {
      try {
        const principal = await this.resolvePrincipal(req);
        const refusal = await guardRefusal(spec.guard, access, principal, this.resolveOrganization, spec.allowDuringPasswordChange);
        // The one place a request is refused for who its caller is (401/403): record denials here.
        if (refusal) throw refusal;
        const scope = principal?.organizationId != null ? { organizationId: principal.organizationId, grants: principal.grants, access } : undefined;
        const params = parse('path', spec.params, req.params);
        const query = parse('query', spec.query, req.query);
        // The file is read only after the guard: nobody unauthorised makes the server buffer an upload.
        const form = spec.upload ? await readMultipart(req, spec.upload) : undefined;
        const body = parse('body', spec.body, form ? form.fields : req.body);
        const result = await spec.handler({ params, query, body, file: form?.file, principal, scope, req, res } as never);
        if (res.headersSent) return;
        if (result instanceof Streamed) await stream(res, status, result);
        else if (status === 204) res.status(204).end();
        else res.status(status).json(result);
      } catch (err) {
        next(err);
      }
    };
    this.express[spec.method](spec.path, ...(spec.before ?? []), handler);
  }

  /**
   * Documents a route whose plain handler is mounted on `express` directly: the legacy device bridge,
   * which authenticates devices by their token rather than a user's JWT.
   */
  describeDeviceRoute(spec: Pick<RouteSpec<undefined, ZodObject | undefined, ZodType | undefined, 'public'>, 'method' | 'path' | 'summary' | 'tags' | 'query' | 'body' | 'response'> & { deviceToken: boolean }): void {
    this.document(spec, spec.deviceToken ? [{ device: [] }] : []);
  }

  private document(
    spec: Pick<RouteSpec<ZodObject | undefined, ZodObject | undefined, ZodType | undefined, Guard>, 'method' | 'path' | 'summary' | 'tags' | 'params' | 'query' | 'body' | 'status' | 'response' | 'streams' | 'upload'>,
    security: RouteConfig['security'],
  ): void {
    const success = spec.streams
      ? { description: 'A file', content: Object.fromEntries(spec.streams.map((type) => [type, { schema: z.string().describe('file contents') }])) }
      : spec.status === 204 || !spec.response
        ? { description: 'Success' }
        : { description: 'Success', content: { 'application/json': { schema: spec.response } } };
    const responses: RouteConfig['responses'] = {
      [spec.status ?? 200]: success,
      default: { description: 'Error', content: { 'application/json': { schema: ErrorResponse } } },
    };
    this.registry.registerPath({
      method: spec.method,
      path: spec.path.replace(/:(\w+)/g, '{$1}'),
      summary: spec.summary,
      tags: spec.tags,
      security,
      request: {
        params: spec.params,
        query: spec.query,
        body: spec.upload
          ? { content: { 'multipart/form-data': { schema: multipartSchema(spec.upload, spec.body) } }, required: true }
          : spec.body
            ? { content: { 'application/json': { schema: spec.body } }, required: true }
            : undefined,
      },
      responses,
    });
  }
}

function multipartSchema(upload: UploadSpec, fields: ZodType | undefined): ZodType {
  const file = z.string().describe(`the file, at most ${upload.maxBytes} bytes`).meta({ format: 'binary' });
  return fields instanceof z.ZodObject ? fields.extend({ [upload.field]: file }) : z.object({ [upload.field]: file });
}

/** Whether a route reads or writes: a GET reads, anything else writes, unless its guard says otherwise. */
export const routeAccess = (method: Method, guard: Guard): Access =>
  typeof guard === 'object' && guard.access ? guard.access : method === 'get' ? 'read' : 'write';

/**
 * Why `principal` may not call what `guard` protects, or undefined: signed in as the guard demands, password
 * changed, role ∩ read-only flag allowing the action (core/policy.ts), product enabled. The one rule for the
 * API's routes and the products' WebSockets (which check it at subscribe); location grants are checked
 * deeper, by the services, on the objects a request touches.
 */
export async function guardRefusal(
  guard: Guard,
  access: Access,
  principal: Principal | undefined,
  resolveOrganization: ResolveOrganization,
  allowDuringPasswordChange = false,
): Promise<AppError | undefined> {
  if (guard === 'public') return undefined;
  if (!principal) return unauthorized();
  if (guard === 'superadmin' && principal.role !== 'superadmin') return forbidden('Only the platform superadmin may do this');
  if (typeof guard === 'object') {
    if (principal.organizationId === null) return forbidden('This endpoint is for members of a client organization', 'organization_required');
    const refusal = actionRefusal(principal, guard.client, access);
    if (refusal) return refusal;
  }
  if (principal.mustChangePassword && !allowDuringPasswordChange) return forbidden('Change your password first', 'password_change_required');
  // brief: a product's screens and data exist only for organizations that have it (and are active).
  if (typeof guard === 'object' && guard.product) {
    const org = await resolveOrganization(principal.organizationId!);
    if (!org?.active || !org.products.includes(guard.product)) return forbidden(`${guard.product} is not enabled for your organization`, 'product_not_enabled');
  }
  return undefined;
}

async function stream(res: Response, status: number, body: Streamed): Promise<void> {
  res.status(status);
  res.setHeader('Content-Type', body.contentType);
  // File names are the platform's own (dates, ids), never user text: quoting them is enough.
  if (body.opts.filename) res.setHeader('Content-Disposition', `attachment; filename="${body.opts.filename}"`);
  if (body.opts.length !== undefined) res.setHeader('Content-Length', String(body.opts.length));
  for (const [name, value] of Object.entries(body.opts.headers ?? {})) res.setHeader(name, value);
  await pipeline(body.open(), res);
}

function parse<T extends ZodType | undefined>(where: string, schema: T, value: unknown): Input<T> {
  if (!schema) return undefined as Input<T>;
  const unstorable = unstorableInput(value);
  if (unstorable) throw validationFailed([{ in: where, path: '', message: unstorable }], `Invalid ${where}: ${unstorable}`);
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw validationFailed(
      result.error.issues.map((i) => ({ in: where, path: i.path.join('.'), message: i.message, ...issueCode(i) })),
      `Invalid ${where}: ${result.error.issues.map((i) => `${i.path.join('.') || where} ${i.message}`).join('; ')}`,
    );
  }
  return result.data as Input<T>;
}

/**
 * The zod issue's code and bounds beside its English message, so a client can word the problem in its
 * own language next to the field (`too_small` + `minimum: 8` → "At least 8 characters").
 */
function issueCode(issue: z.core.$ZodIssue): { code: string; minimum?: number; maximum?: number; format?: string } {
  const bound = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined);
  return {
    code: issue.code,
    minimum: 'minimum' in issue ? bound(issue.minimum) : undefined,
    maximum: 'maximum' in issue ? bound(issue.maximum) : undefined,
    format: 'format' in issue && typeof issue.format === 'string' ? issue.format : undefined,
  };
}
