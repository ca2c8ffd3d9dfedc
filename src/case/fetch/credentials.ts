/**
 * Chooses the credential provider from what the user gave: `--token`, the `OAUTH_TOKEN`
 * environment variable (as the CrowdStrike retriever read it), or `--basic USER` with the password
 * from `MAILTRAIL_PASSWORD` or a prompt. Exactly one source is used; the choice is stated in the
 * ledger by its description, never by its value.
 *
 * @module
 */
import { UsageError } from '../../errors.js';
import { basicCredentials, bearerToken, type CredentialProvider } from '../../sources/_http/credentials.js';

export interface CredentialChoice {
  readonly token?: string;
  readonly basicUser?: string;
  readonly env: NodeJS.ProcessEnv;
  /** Asks the user for a password without echo; absent when there is no terminal. */
  readonly promptPassword?: (question: string) => Promise<string>;
}

export async function resolveCredentials(choice: CredentialChoice): Promise<CredentialProvider> {
  if (choice.token !== undefined && choice.basicUser !== undefined) {
    throw new UsageError('[fetch] give either --token or --basic, not both');
  }
  if (choice.token !== undefined) {
    if (choice.token.trim() === '') throw new UsageError('[fetch] --token is empty');
    return bearerToken(choice.token, '--token');
  }
  if (choice.basicUser !== undefined) {
    const fromEnv = choice.env.MAILTRAIL_PASSWORD;
    if (fromEnv !== undefined && fromEnv !== '') return basicCredentials(choice.basicUser, fromEnv);
    if (!choice.promptPassword) {
      throw new UsageError(
        '[fetch] --basic needs a password: set MAILTRAIL_PASSWORD or run in a terminal to be asked',
      );
    }
    const pw = await choice.promptPassword(`Password for ${choice.basicUser}: `);
    return basicCredentials(choice.basicUser, pw);
  }
  const envToken = choice.env.OAUTH_TOKEN;
  if (envToken !== undefined && envToken.trim() !== '') return bearerToken(envToken, 'OAUTH_TOKEN');
  throw new UsageError('[fetch] no credentials: pass --token, set OAUTH_TOKEN, or use --basic USER');
}
