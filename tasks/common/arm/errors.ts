/** Errors of ARM writes, shared by the VMSS client and the scaling executor. */

/** 412 Precondition Failed on an ARM write with `If-Match`: re-read and recompute. */
export class EtagConflictError extends Error {
  constructor(
    readonly resourceId: string,
    readonly sentEtag: string,
  ) {
    super(`Scale set ${resourceId} changed since it was read (ETag ${sentEtag} no longer current, HTTP 412)`);
    this.name = 'EtagConflictError';
  }
}

/** A failed ARM long-running operation, carrying ARM's `error.code` and `error.message`. */
export class ArmOperationError extends Error {
  constructor(
    readonly code: string,
    readonly armMessage: string,
    readonly operation: string,
  ) {
    super(`${operation} failed: ${code}: ${armMessage}`);
    this.name = 'ArmOperationError';
  }
}

/** Reads `code` and `message` from any error (ArmOperationError or an Error with a `code` property). */
export function describeArmError(error: unknown): { code?: string; message: string } {
  if (error instanceof ArmOperationError) return { code: error.code, message: error.armMessage };
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : undefined, message: error.message };
  }
  return { message: String(error) };
}
