/** `kind: Status` error objects shaped like the apiserver's (k8s.io/apimachinery/pkg/api/errors). */
import type { JsonObject } from './types.ts';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: JsonObject[];
}

/** An API error: thrown inside handlers, rendered as a Status body with its HTTP code. */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: StatusDetails | undefined;

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): JsonObject {
    return failureStatus(this.code, this.reason, this.message, this.details);
  }
}

/** A metav1.Status failure body as the apiserver writes it (empty reason and details omitted). */
export function failureStatus(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
): JsonObject {
  const status: JsonObject = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
  if (reason === '') delete status.reason; // StatusReasonUnknown is omitted (omitempty)
  if (details) {
    const d: JsonObject = {};
    if (details.name !== undefined) d.name = details.name;
    if (details.group !== undefined && details.group !== '') d.group = details.group;
    if (details.kind !== undefined) d.kind = details.kind;
    if (details.causes) d.causes = details.causes;
    status.details = d;
  }
  return status;
}

/** "secrets" or "deployments.apps", as qualified resource names appear in messages. */
export function qualifiedResource(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

export function notFound(group: string, resource: string, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(group, resource)} "${name}" not found`, {
    name,
    group,
    kind: resource,
  });
}

export function alreadyExists(group: string, resource: string, name: string): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${qualifiedResource(group, resource)} "${name}" already exists`,
    {
      name,
      group,
      kind: resource,
    },
  );
}

export function conflict(group: string, resource: string, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(group, resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: resource },
  );
}

export interface FieldCause {
  type: string; // FieldValueRequired, FieldValueInvalid, ...
  message: string;
  field: string;
}

/** 422 Invalid: `Kind.group "name" is invalid: field: message`. */
export function invalid(group: string, kind: string, name: string, causes: FieldCause[]): ApiError {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  const parts = causes.map((c) => `${c.field}: ${c.message}`);
  const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, {
    name,
    group,
    kind,
    causes: causes.map((c) => ({ reason: c.type, message: c.message, field: c.field })),
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function methodNotAllowed(message: string): ApiError {
  return new ApiError(405, 'MethodNotAllowed', message);
}

export function successStatus(details: StatusDetails): JsonObject {
  const d: JsonObject = {};
  if (details.name !== undefined) d.name = details.name;
  if (details.group !== undefined && details.group !== '') d.group = details.group;
  if (details.kind !== undefined) d.kind = details.kind;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: d };
}
