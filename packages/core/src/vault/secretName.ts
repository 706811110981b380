/** Secret names: env-var-like words, also with `.`, `:` and `-` (e.g. TWILIO_AUTH_TOKEN, github:deploy-key). */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
/** Values are credentials, not files: a generous bound keeps a mistaken pipe from filling the database. */
export const SECRET_VALUE_MAX_BYTES = 64 * 1024;

export function secretNameProblem(name: string): string | undefined {
  if (!SECRET_NAME_PATTERN.test(name)) return `secret name must match ${SECRET_NAME_PATTERN.source}, got "${name.slice(0, 40)}"`;
  return undefined;
}

export function secretValueProblem(value: string): string | undefined {
  if (value.length === 0) return 'the secret value is empty';
  if (Buffer.byteLength(value, 'utf8') > SECRET_VALUE_MAX_BYTES) return `the secret value is longer than ${SECRET_VALUE_MAX_BYTES} bytes`;
  return undefined;
}
