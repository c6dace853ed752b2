import { useState } from 'preact/hooks';
import { ApiError, describeError, fieldError } from '../../lib/api.js';

/**
 * The busy flag and the one error of a small form that sends one request ("New key name",
 * "Product name"): `run` shows the server's complaint about `field` under that field, else
 * its message, and any other failure described.
 */
export function useFieldSubmit(field: string) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.code === 'invalid_request'
          ? (fieldError(caught.fieldErrors, field) ?? caught.message)
          : describeError(caught),
      );
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, run };
}
