import {
  assistantSettingsUpdate,
  assistantSettingsView,
  detectResponse,
  modelsResponse,
  preferencesResponse,
  stageEntryRequest,
  stageTestResult,
  userPreferences,
  type AssistantSettingsUpdate,
  type AssistantSettingsView,
  type DetectedServer,
  type PreferencesResponse,
  type StageEntryRequest,
  type StageTestResult,
  type UserPreferences,
} from '@parley/shared';
import { callApi, required } from './api.ts';

/** The relay's provider settings as the Settings view and the ops dashboard use them. */
export interface ProviderSettingsApi {
  get(): Promise<AssistantSettingsView>;
  /** Saves the chains; they apply from the next turn. The settings as now in force. */
  put(update: AssistantSettingsUpdate): Promise<AssistantSettingsView>;
  /** Probes the usual loopback ports of local model servers again. */
  detect(): Promise<DetectedServer[]>;
  /** The provider's own model list for the stage. */
  models(request: StageEntryRequest): Promise<string[]>;
  /** A real minimal request to the provider: its latency, or its error in plain words. */
  test(request: StageEntryRequest): Promise<StageTestResult>;
}

const SETTINGS = '/api/admin/settings';

/**
 * `/api/admin/settings` with the user's own credentials (dev mode's local user), or with
 * `adminToken` (the ops dashboard). Every request body is checked with its schema before it goes.
 */
export function providerSettingsApi(adminToken?: string): ProviderSettingsApi {
  const token = adminToken;
  return {
    get: () => required(callApi('GET', SETTINGS, assistantSettingsView, { token })),
    put: (update) =>
      required(
        callApi('PUT', SETTINGS, assistantSettingsView, {
          token,
          json: assistantSettingsUpdate.parse(update),
        }),
      ),
    detect: async () =>
      (await required(callApi('GET', `${SETTINGS}/detect`, detectResponse, { token }))).servers,
    models: async (request) =>
      (
        await required(
          callApi('POST', `${SETTINGS}/models`, modelsResponse, {
            token,
            json: stageEntryRequest.parse(request),
          }),
        )
      ).models,
    test: (request) =>
      required(
        callApi('POST', `${SETTINGS}/test`, stageTestResult, {
          token,
          json: stageEntryRequest.parse(request),
        }),
      ),
  };
}

/** The caller's own preferences, what the active providers offer, and whether they may edit providers. */
export function getPreferences(): Promise<PreferencesResponse> {
  return required(callApi('GET', '/api/preferences', preferencesResponse));
}

/** Saves the caller's preferences; they apply from their next turn. */
export function putPreferences(preferences: UserPreferences): Promise<PreferencesResponse> {
  return required(
    callApi('PUT', '/api/preferences', preferencesResponse, {
      json: userPreferences.parse(preferences),
    }),
  );
}
