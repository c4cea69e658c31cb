/** Sentry's `dataCollection` option collecting nothing about users, requests or variables. */
export interface NoPrivateData {
  userInfo: false;
  cookies: false;
  httpHeaders: false;
  httpBodies: [];
  urlQueryParams: false;
  graphQL: { document: false; variables: false };
  genAI: { inputs: false; outputs: false };
  mcp: { inputs: false; outputs: false };
  databaseQueryData: false;
  queues: false;
  stackFrameVariables: false;
}

/**
 * What both SDKs (relay and page) are told to collect: nothing of the user (no IP, no user
 * fields), of their requests (no headers, cookies, query strings or bodies), of AI calls or
 * queries, and no local variables. Sentry's defaults collect much of it.
 */
export function noPrivateData(): NoPrivateData {
  return {
    userInfo: false,
    cookies: false,
    httpHeaders: false,
    httpBodies: [],
    urlQueryParams: false,
    graphQL: { document: false, variables: false },
    genAI: { inputs: false, outputs: false },
    mcp: { inputs: false, outputs: false },
    databaseQueryData: false,
    queues: false,
    stackFrameVariables: false,
  };
}
