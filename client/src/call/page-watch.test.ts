import { describe, expect, it, vi } from 'vitest';
import { PageWatch, type PageEnv } from './page-watch.ts';

class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
  show(visible: boolean) {
    this.visibilityState = visible ? 'visible' : 'hidden';
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

function setup(installed: boolean, endOnPageHide = true) {
  const document = new FakeDocument();
  const env: PageEnv = {
    window: new EventTarget(),
    document,
    online: () => true,
    installed: () => installed,
  };
  const on = { back: vi.fn(), leaving: vi.fn() };
  const watch = new PageWatch(on, () => env, endOnPageHide);
  watch.start();
  const hide = (persisted: boolean) =>
    env.window.dispatchEvent(Object.assign(new Event('pagehide'), { persisted }));
  return { env, on, watch, hide, document };
}

describe('PageWatch', () => {
  it('in a browser tab, a page that goes away for good ends the session; one kept for back ends nothing', () => {
    const t = setup(false);
    t.hide(true);
    expect(t.on.leaving).not.toHaveBeenCalled();
    t.hide(false);
    expect(t.on.leaving).toHaveBeenCalledTimes(1);
  });

  it('in an app on the home screen, the system hiding the page keeps the session, and the page coming back resumes it', () => {
    const t = setup(true);
    t.document.show(false);
    t.hide(false);
    expect(t.on.leaving).not.toHaveBeenCalled();
    t.document.show(true);
    expect(t.on.back).toHaveBeenCalledTimes(1);
  });

  it('asked not to end the session at pagehide, a page going away for good does not end it (the link hands it over)', () => {
    const t = setup(false, false);
    t.hide(false);
    expect(t.on.leaving).not.toHaveBeenCalled();
  });

  it('stopped, it hears nothing', () => {
    const t = setup(false);
    t.watch.stop();
    t.hide(false);
    t.document.show(true);
    expect(t.on.leaving).not.toHaveBeenCalled();
    expect(t.on.back).not.toHaveBeenCalled();
  });
});
