import { createDecipheriv } from 'node:crypto';
import type { TemplateSecrets } from '../protocol/catalogProtocol';
import { SEAL_KEY_ENV, type Sealed } from '../protocol/sealedSecrets';

/** The key the extension gave this process, none when another editor started it; out of the environment, so that no child process inherits it. */
const key = (() => {
  const hex = process.env[SEAL_KEY_ENV];
  delete process.env[SEAL_KEY_ENV];
  return hex ? Buffer.from(hex, 'hex') : undefined;
})();

/** A token as the client sent it: a plain one as it is, a sealed one opened. */
export function openSecret(value: string | Sealed): string {
  if (typeof value === 'string') return value;
  if (!key) throw new Error('a sealed secret came, and this server has no key to open it');
  const bytes = Buffer.from(value.$sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
}

/** A run's template secrets: sealed by the extension, plain from another editor. */
export function openSecrets(params: TemplateSecrets): Record<string, string> {
  return params.sealedSecrets ? (JSON.parse(openSecret(params.sealedSecrets)) as Record<string, string>) : (params.secrets ?? {});
}
