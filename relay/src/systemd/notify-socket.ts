/** A datagram socket to systemd's notification socket. */
export interface NotifySocket {
  /** Sends one datagram; rejects when it could not be written (no such socket, refused…). */
  send(message: string): Promise<void>;
  /** Closes the socket (it keeps the process alive while open). */
  close(): void;
  /** Called with errors the socket reports outside a send (it is closed by then). */
  onError(listener: (err: Error) => void): void;
}

/**
 * Opens an unbound Unix datagram socket that sends to `address` (a path, or an abstract name
 * with a leading NUL). Node has no Unix datagram sockets: they come from `node-unix-socket`
 * (N-API, prebuilt binaries from npm), loaded here on first use so a relay not run by systemd
 * never loads it (nor needs its binary for the platform).
 */
export async function openNotifySocket(address: string): Promise<NotifySocket> {
  const { DgramSocket } = await import('node-unix-socket');
  const socket = new DgramSocket();
  return {
    send: (message) =>
      new Promise<void>((resolve, reject) => {
        const data = Buffer.from(message);
        try {
          socket.sendTo(data, 0, data.length, address, (err) => {
            if (err) reject(err);
            else resolve();
          });
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }),
    close: () => socket.close(),
    onError: (listener) => socket.on('error', listener),
  };
}
