/** CPU time of the bare server process and the messages it has received so far. */
export interface BareWsMark {
  cpuUs: number;
  messages: number;
}

export type ToBareWs = { type: 'mark' } | { type: 'stop' };
export type FromBareWs = { type: 'ready'; port: number } | { type: 'mark'; mark: BareWsMark };
