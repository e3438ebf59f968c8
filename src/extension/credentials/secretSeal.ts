import { createCipheriv, randomBytes } from 'node:crypto';
import { SEAL_KEY_ENV, type Sealed } from '../../protocol/sealedSecrets';

/** Seals tokens and template secrets for one catalog server process (see protocol/sealedSecrets.ts). */
export class SecretSeal {
  private readonly key = randomBytes(32);

  /** The server process's environment: the key goes there, never into a message. */
  environment(): NodeJS.ProcessEnv {
    return { ...process.env, [SEAL_KEY_ENV]: this.key.toString('hex') };
  }

  seal(value: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return { $sealed: Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64') };
  }

  /** A run's secrets, sealed as one value. */
  sealSecrets(secrets: Record<string, string> | undefined): Sealed | undefined {
    return secrets ? this.seal(JSON.stringify(secrets)) : undefined;
  }
}
