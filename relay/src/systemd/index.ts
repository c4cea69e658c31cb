import type { Logger } from '../log/logger.ts';
import { SystemdNotifier } from './notifier.ts';
import { readNotifyEnv } from './notify-env.ts';
import { openNotifySocket } from './notify-socket.ts';

export { SystemdNotifier } from './notifier.ts';

/**
 * Under systemd (`Type=notify`, `NOTIFY_SOCKET` set): a notifier writing to its socket, with
 * watchdog pings when `WATCHDOG_USEC` asks for them. Otherwise null, and nothing is sent.
 *
 * The systemd variables are then removed from `env`, as sd_notify(3)'s `unset_environment`
 * does: the processes the relay spawns (recogniser, workers) must not notify in its name.
 * Throws when the socket cannot be opened: systemd would otherwise wait for a `READY=1` that
 * never comes, and kill the relay at its start timeout with nothing said why.
 */
export async function openSystemdNotify(
  env: Record<string, string | undefined>,
  log: Logger,
): Promise<SystemdNotifier | null> {
  const target = readNotifyEnv(env, process.pid);
  delete env.NOTIFY_SOCKET;
  delete env.WATCHDOG_USEC;
  delete env.WATCHDOG_PID;
  if (!target) return null;
  const socket = await openNotifySocket(target.address);
  socket.onError((err) => log.warn({ err: err.message }, 'systemd notification socket failed'));
  let failing = false;
  const send = (message: string) => {
    socket.send(message).then(
      () => (failing = false),
      (err: unknown) => {
        // Once per run of failures: a socket gone for good would otherwise log at every ping.
        if (!failing) log.warn({ err: String(err) }, 'could not notify systemd');
        failing = true;
      },
    );
  };
  log.info({ watchdogIntervalMs: target.watchdogIntervalMs }, 'notifying systemd');
  return new SystemdNotifier({
    channel: { send, close: () => socket.close() },
    watchdogIntervalMs: target.watchdogIntervalMs,
  });
}
