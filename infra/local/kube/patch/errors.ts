import { failureStatus } from '../status.ts';
import type { JsonObject } from '../types.ts';

/** HTTP reasons the apiserver uses for patch failures (metav1.StatusReason; '' = StatusReasonUnknown). */
export type PatchFailureReason = 'BadRequest' | 'Invalid' | 'Conflict' | 'UnsupportedMediaType' | '';

export interface StatusCause {
  /** metav1.CauseType, e.g. FieldManagerConflict (JSON key "reason"). */
  type: string;
  message: string;
  field: string;
}

/** A patch that cannot be applied; the server turns it into a `kind: Status` response with `code`. */
export class PatchError extends Error {
  readonly code: number;
  readonly reason: PatchFailureReason;
  readonly causes: StatusCause[];

  constructor(code: number, reason: PatchFailureReason, message: string, causes: StatusCause[] = []) {
    super(message);
    this.name = 'PatchError';
    this.code = code;
    this.reason = reason;
    this.causes = causes;
  }

  /** The metav1.Status body the apiserver would answer with. */
  toStatus(): JsonObject {
    // metav1.StatusCause serialises its type as "reason".
    const causes = this.causes.map((c) => ({ reason: c.type, message: c.message, field: c.field }));
    return failureStatus(this.code, this.reason, this.message, causes.length > 0 ? { causes } : undefined);
  }
}

/** 400: the patch document itself is malformed (apiserver: errors.NewBadRequest). */
export function badPatch(message: string): PatchError {
  return new PatchError(400, 'BadRequest', message);
}

/** 422: the patch is well-formed but does not apply to this object (json-patch failures, SMP merge errors). */
export function unprocessablePatch(message: string): PatchError {
  return new PatchError(422, 'Invalid', message);
}
