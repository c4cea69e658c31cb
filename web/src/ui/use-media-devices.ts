import { useEffect, useState } from 'react';

/**
 * The browser's media devices, kept current (`devicechange`). Listed again when `key` changes:
 * names and ids appear once the page may use the microphone (a call started).
 */
export function useMediaDevices(key: unknown): MediaDeviceInfo[] {
  const [list, setList] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (!devices) return;
    let live = true;
    const refresh = () => {
      devices.enumerateDevices().then(
        (l) => {
          if (live) setList(l);
        },
        () => undefined,
      );
    };
    refresh();
    devices.addEventListener('devicechange', refresh);
    return () => {
      live = false;
      devices.removeEventListener('devicechange', refresh);
    };
  }, [key]);
  return list;
}
