/** What reading the microphone's permission needs (the Permissions API). */
export interface PermissionReader {
  query(descriptor: { name: PermissionName }): Promise<PermissionStatus>;
}

/**
 * Whether asking for the microphone may show a prompt, known at once when the user taps (see
 * GestureMic): the Permissions API's answer, read when the page starts and kept up to date.
 * Until it answers, or where it cannot (no API; a browser that does not know the microphone
 * permission), the answer is "it may".
 */
export class MicPermission {
  private state: PermissionState | null = null;

  /** Starts reading the permission (`permissions`: `navigator.permissions`, where there is one). */
  watch(permissions: PermissionReader | undefined): void {
    void permissions?.query({ name: 'microphone' }).then(
      (status) => {
        this.state = status.state;
        status.addEventListener('change', () => (this.state = status.state));
      },
      () => undefined,
    );
  }

  /** Whether asking for the microphone now may prompt the user. */
  get mayPrompt(): boolean {
    return this.state !== 'granted';
  }
}
