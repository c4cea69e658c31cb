import { assistantResponse, type AssistantResponse } from '@parley/shared';
import { callApi, required } from './api.ts';

/** Who would answer a conversation started now, before there is one (`GET /api/assistant`). */
export function getAssistant(): Promise<AssistantResponse> {
  return required(callApi('GET', '/api/assistant', assistantResponse));
}
