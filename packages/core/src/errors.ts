/**
 * Named errors carry a stable `code` and structured data. They are translated only at the
 * edges: CLI exit codes, HTTP status codes, loop logging.
 */
export class ArchitectError extends Error {
  readonly code: string;
  readonly data: Record<string, unknown>;

  constructor(code: string, message: string, data: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.data = data;
  }
}

export interface ConfigProblem {
  path: string;
  message: string;
}

/** Every problem in the configuration, reported at once. */
export class ConfigError extends ArchitectError {
  readonly problems: ConfigProblem[];

  constructor(source: string, problems: ConfigProblem[]) {
    const lines = problems.map((p) => `  - ${p.path || '(root)'}: ${p.message}`).join('\n');
    super('CONFIG_INVALID', `invalid configuration in ${source}:\n${lines}`, { source, problems });
    this.problems = problems;
  }
}

/** The caller asked for something malformed (bad flag, bad id, bad value). CLI exit code 2. */
export class UsageError extends ArchitectError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('USAGE', message, data);
  }
}

/** Input that parsed but is not acceptable (empty prompt, unknown session, ...). CLI exit code 1. */
export class ValidationError extends ArchitectError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('VALIDATION', message, data);
  }
}

export class NotFoundError extends ArchitectError {
  constructor(entity: string, id: string | number) {
    super('NOT_FOUND', `${entity} ${id} does not exist`, { entity, id });
  }
}

/** A compare-and-swap lost: the row was not in the state we expected. */
export class ConflictError extends ArchitectError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('CONFLICT', message, data);
  }
}

/** Control flow: the work cannot be done now; try again later. */
export class RetryLaterError extends ArchitectError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('RETRY_LATER', message, data);
  }
}

/** Control flow: the work can never succeed; stop trying. */
export class GiveUpError extends ArchitectError {
  constructor(message: string, data: Record<string, unknown> = {}) {
    super('GIVE_UP', message, data);
  }
}

export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}
