/**
 * Tokens and template secrets cross the connection to the catalog server sealed (AES-256-GCM) with a
 * key the extension hands the server process in its environment, so that a message trace
 * (`greenroom.trace.server: verbose`) shows no secret. The extension seals
 * (`extension/secretSeal.ts`), the server opens (`server/openedSecrets.ts`); a server started by
 * another editor gets no key and takes plain values.
 */
export const SEAL_KEY_ENV = 'GREENROOM_SEAL_KEY';

/** A sealed value: 12 bytes of IV, the ciphertext and the 16-byte tag, base64. */
export interface Sealed {
  $sealed: string;
}
