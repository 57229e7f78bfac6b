// The one retry loop of Listen and Send Test Message: the server refuses a request whose instance has a secret
// without a value ({ reason: "missingSecret", missingSecrets }); the user is asked for them (askMissingSecrets:
// typed for this time, or stored in the secret storage) and the request is made again with the values typed so
// far, at most MAX_ATTEMPTS times in all. No `vscode` import: the question is passed in (unit-tested).
import { requestProblem, type MissingSecret, type RequestProblem } from './requestErrors';

/** The most times a request is made: the first, then once after each answer to the missing secrets. */
export const MAX_ATTEMPTS = 3;

/** The request's answer, or its refusal; gaveUp when the user dismissed the question about the missing secrets. */
export type Retried<T> = { done: true; value: T } | { done: false; problem: RequestProblem; gaveUp: boolean };

/**
 * Makes the request with the values typed so far (none at first); on a missingSecret refusal naming secrets, asks
 * for them and tries again, up to MAX_ATTEMPTS. Any other refusal, the last attempt's, or the user giving up, is
 * answered as it is; the request's own errors are read with requestProblem.
 */
export async function retryWithMissingSecrets<T>(
  ask: (missing: MissingSecret[]) => Promise<Record<string, string> | undefined>,
  request: (values: Record<string, string>) => Promise<T>,
): Promise<Retried<T>> {
  let values: Record<string, string> = {};
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { done: true, value: await request(values) };
    } catch (error) {
      const problem = requestProblem(error);
      if (problem.reason !== 'missingSecret' || problem.missingSecrets.length === 0 || attempt >= MAX_ATTEMPTS) return { done: false, problem, gaveUp: false };
      const more = await ask(problem.missingSecrets);
      if (!more) return { done: false, problem, gaveUp: true };
      values = { ...values, ...more };
    }
  }
}
