import { PrincipalRole } from './api-key.principal';

/**
 * Events of an API key's stream (`apikey-<id>`). They never carry the secret nor its hash: the log is
 * permanent and replicated, so the hash lives only in the api_keys table.
 */
export const API_KEY_ISSUED = 'ApiKeyIssued';
export const API_KEY_REVOKED = 'ApiKeyRevoked';

export interface ApiKeyIssuedData {
  keyId: string;
  name: string;
  role: PrincipalRole;
  department?: string;
}

export interface ApiKeyRevokedData {
  keyId: string;
}

export const apiKeyStreamId = (id: string): string => `apikey-${id}`;
