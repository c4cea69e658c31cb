import { z } from 'zod';
import { readEnv, type Env } from '../env/read-env.ts';
import { DEFAULT_PUSH_SERVICES, parsePushServices, type PushService } from './push-services.ts';

/** A base64url key of `bytes` bytes; a bad value is never echoed (a private key is a secret). */
function base64urlKey(bytes: number, what: string) {
  return z
    .string()
    .optional()
    .refine(
      (v) =>
        v === undefined || (/^[\w-]+$/.test(v) && Buffer.from(v, 'base64url').length === bytes),
      { message: `must be ${what}: ${bytes} bytes in base64url (web-push generate-vapid-keys)` },
    );
}

const envSchema = z
  .object({
    /** The VAPID key pair pushes are signed with (RFC 8292); unset: generated into DATA_DIR. */
    VAPID_PUBLIC_KEY: base64urlKey(65, 'a P-256 public key'),
    VAPID_PRIVATE_KEY: base64urlKey(32, 'a P-256 private key'),
    /** Who the push services may contact about this relay's pushes. */
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'must be mailto:you@example.com or https://…')
      .optional(),
    /** The push services the relay sends to, comma-separated origins; `none`: no pushes. */
    PUSH_SERVICES: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return parsePushServices(DEFAULT_PUSH_SERVICES);
        if (raw.trim().toLowerCase() === 'none') return [];
        try {
          return parsePushServices(
            raw
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          );
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      }),
  })
  .refine((e) => (e.VAPID_PUBLIC_KEY === undefined) === (e.VAPID_PRIVATE_KEY === undefined), {
    message: 'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are set together, or neither',
  });

/** A VAPID key pair, base64url (the public key uncompressed, 65 bytes; the private one 32). */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** How the relay pushes due reminders to browsers while the app is closed (issue 65). */
export interface PushConfig {
  /** The keys from the environment; null: generated once into the data folder. */
  keys: VapidKeys | null;
  /** The `sub` of each push's VAPID token (`VAPID_SUBJECT`). */
  subject: string;
  /** Where subscriptions may point (`PUSH_SERVICES`); empty: the relay pushes nothing. */
  services: PushService[];
}

/** The VAPID subject when none is set: a contact the push services cannot reach. */
export const DEFAULT_VAPID_SUBJECT = 'mailto:parley@localhost';

/** Reads the push settings; throws one error listing every problem. */
export function loadPushConfig(env: Env): PushConfig {
  const e = readEnv(envSchema, env, 'push');
  return {
    keys:
      e.VAPID_PUBLIC_KEY !== undefined && e.VAPID_PRIVATE_KEY !== undefined
        ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY }
        : null,
    subject: e.VAPID_SUBJECT ?? DEFAULT_VAPID_SUBJECT,
    services: e.PUSH_SERVICES,
  };
}
