import { DeliveryError } from './delivery-error.js';

/**
 * POSTs to a provider's HTTP API and resolves with the status and the parsed
 * JSON answer (null when not JSON). Non-2xx, network failure and abort become a
 * {@link DeliveryError} that names the provider and the status, never the body
 * we sent.
 */
export async function postToProvider(
  provider: string,
  url: string,
  init: { headers: Record<string, string>; body: string; signal: AbortSignal },
): Promise<{ status: number; json: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal: init.signal,
      redirect: 'error',
    });
  } catch (error) {
    const timedOut = init.signal.aborted;
    const code = ((error as Error).cause as { code?: unknown } | undefined)?.code;
    const reason = timedOut
      ? 'timed out'
      : `could not be reached${typeof code === 'string' ? ` (${code})` : ''}`;
    throw new DeliveryError(`${provider} ${reason}`, { provider, timedOut });
  }
  let text: string;
  try {
    text = await response.text();
  } catch {
    throw new DeliveryError(`${provider} ${init.signal.aborted ? 'timed out' : 'answer was cut off'}`, {
      provider,
      status: response.status,
      timedOut: init.signal.aborted,
    });
  }
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {}
  if (!response.ok) {
    // Twilio puts a numeric error code in its answer; it is safe and useful to log.
    const code = (json as { code?: unknown } | null)?.code;
    const detail =
      typeof code === 'number' || typeof code === 'string' ? ` (error ${String(code).slice(0, 20)})` : '';
    throw new DeliveryError(`${provider} answered ${response.status}${detail}`, {
      provider,
      status: response.status,
    });
  }
  return { status: response.status, json };
}
