import { useEffect, useMemo, useState } from 'react';
import { MicCheck } from './mic-check.ts';
import { micFailure } from '@parley/client/internal';
import { pageReachability } from '../net/reachability.ts';
import { actions } from '../state/store.ts';
import { reportFailure } from '../call/report-failure.ts';
import { currentIntl } from '../i18n/language.ts';

/** Failures of the test are shown as a call's are, in the page's store. */
const pageFailures = { actions, relayUnreachable: () => pageReachability.unreachable() };

/** The Devices panel's microphone test, as the panel shows it. */
export interface MicCheckState {
  /** The test is on (the microphone is open, or opening). */
  testing: boolean;
  /** The label of the device opened, once it is. */
  opened: string | null;
  /** The input's RMS level, 0–1. */
  level: number;
  /** What went wrong that is not the microphone's permission (its own notice says that). */
  error: string | null;
  start: () => void;
  stop: () => void;
}

/**
 * A microphone test before any call: opens `deviceId` (null: the default) and reports its level,
 * opens the newly chosen one when the choice changes during the test, and closes it when the
 * panel goes or a call starts (`allowed` false), for the call to open it. A refused microphone
 * is shown as a call's is, with the browser's steps to allow it.
 */
export function useMicCheck(deviceId: string | null, allowed: boolean): MicCheckState {
  const [testing, setTesting] = useState(false);
  const [opened, setOpened] = useState<string | null>(null);
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const check = useMemo(() => new MicCheck(setLevel), []);
  // A call starting ends the test (React's way to reset state when a prop changes): it does not
  // come back on its own when the call ends.
  const [wasAllowed, setWasAllowed] = useState(allowed);
  if (wasAllowed !== allowed) {
    setWasAllowed(allowed);
    if (!allowed) {
      setTesting(false);
      setOpened(null);
    }
  }

  useEffect(() => {
    if (!testing || !allowed) return;
    check.start(deviceId).then(
      (label) => {
        if (label !== null) setOpened(label);
      },
      (err: unknown) => {
        setTesting(false);
        setOpened(null);
        const failure = micFailure(err);
        if (failure) reportFailure(pageFailures, { kind: 'mic', failure });
        else
          setError(
            currentIntl().formatMessage({ id: 'devices.openFailed' }, { error: String(err) }),
          );
      },
    );
    return () => check.stop();
  }, [check, testing, allowed, deviceId]);

  return {
    testing: testing && allowed,
    opened: testing && allowed ? opened : null,
    level,
    error,
    start: () => {
      setError(null);
      setTesting(true);
    },
    stop: () => {
      setTesting(false);
      setOpened(null);
    },
  };
}
