// The slice of the kit's identity issuer (emulators/identity) dispatch needs: OIDC ID tokens and
// OAuth access tokens for a task's service account. Declared here so the runner depends on a shape.

export interface TokenIssuer {
  mintIdToken(input: { serviceAccountEmail: string; audience: string }): Promise<string>;
  mintAccessToken(input: { serviceAccountEmail: string; scope?: string | string[] }): Promise<string>;
}

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
