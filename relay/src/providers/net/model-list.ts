import type { z } from 'zod';
import { providerFetch } from './http.ts';
import { ProviderError } from './provider-error.ts';

/**
 * A provider's model list (`GET url`), read as `shape`; a body of another shape is a `protocol`
 * {@link ProviderError}, the provider's own errors are thrown as {@link providerFetch} makes them.
 */
export async function fetchModelList<T>(
  providerId: string,
  url: string,
  headers: Record<string, string>,
  shape: z.ZodType<T>,
  signal: AbortSignal,
): Promise<T> {
  const res = await providerFetch(providerId, url, { headers, signal });
  const parsed = shape.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success)
    throw new ProviderError(providerId, 'protocol', 'the model list has an unexpected shape');
  return parsed.data;
}

/** Model names once each, in alphabetical order. */
export const sortedNames = (ids: readonly string[]): string[] =>
  [...new Set(ids)].sort((a, b) => a.localeCompare(b));
