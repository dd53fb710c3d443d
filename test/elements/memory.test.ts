import { expect, fixture, html } from '@open-wc/testing';
import type { OpenCXChat } from '../../src/elements.js';
import '../../src/elements.js';
import { MockApi } from '../support/mock.js';
import { panelReady } from '../support/widget.js';

/**
 * Records what is added to `window` and `document` (listeners) and which timers and idle callbacks
 * are still pending, from the moment it is created until `stop()`.
 */
function leakWatch() {
  const targets = new Set<EventTarget>([window, document]);
  const listeners = new Map<string, number>();
  const ids = new WeakMap<object, number>();
  let next = 0;
  const keyOf = (target: EventTarget, type: string, listener: unknown) => {
    if (listener && !ids.has(listener as object)) ids.set(listener as object, ++next);
    return `${target === window ? 'window' : 'document'}:${type}:${ids.get(listener as object)}`;
  };
  const pending = new Set<unknown>();
  const saved = {
    add: EventTarget.prototype.addEventListener,
    remove: EventTarget.prototype.removeEventListener,
    setTimeout: window.setTimeout,
    clearTimeout: window.clearTimeout,
    requestIdleCallback: window.requestIdleCallback,
    cancelIdleCallback: window.cancelIdleCallback,
  };
  // Called detached, these throw "Illegal invocation": keep them bound to the window.
  const call = {
    setTimeout: saved.setTimeout.bind(window),
    clearTimeout: saved.clearTimeout.bind(window),
    requestIdleCallback: saved.requestIdleCallback?.bind(window),
    cancelIdleCallback: saved.cancelIdleCallback?.bind(window),
  };
  EventTarget.prototype.addEventListener = function (
    this: EventTarget,
    type: string,
    listener: never,
    options?: never,
  ) {
    if (targets.has(this) && listener) {
      const key = keyOf(this, type, listener);
      listeners.set(key, (listeners.get(key) ?? 0) + 1);
    }
    return saved.add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (
    this: EventTarget,
    type: string,
    listener: never,
    options?: never,
  ) {
    if (targets.has(this) && listener) {
      const key = keyOf(this, type, listener);
      if (listeners.has(key)) listeners.set(key, Math.max(0, listeners.get(key)! - 1));
    }
    return saved.remove.call(this, type, listener, options);
  };
  window.setTimeout = ((fn: () => void, ms?: number, ...args: unknown[]) => {
    const id = call.setTimeout(() => {
      pending.delete(id);
      fn(...(args as []));
    }, ms);
    pending.add(id);
    return id;
  }) as typeof setTimeout;
  window.clearTimeout = ((id?: number) => {
    pending.delete(id);
    call.clearTimeout(id);
  }) as typeof clearTimeout;
  if (typeof saved.requestIdleCallback === 'function') {
    window.requestIdleCallback = (fn, options) => {
      const id = call.requestIdleCallback!((deadline) => {
        pending.delete(`idle${id}`);
        fn(deadline);
      }, options);
      pending.add(`idle${id}`);
      return id;
    };
    window.cancelIdleCallback = (id) => {
      pending.delete(`idle${id}`);
      call.cancelIdleCallback!(id);
    };
  }
  return {
    stop() {
      Object.assign(EventTarget.prototype, { addEventListener: saved.add, removeEventListener: saved.remove });
      Object.assign(window, {
        setTimeout: saved.setTimeout,
        clearTimeout: saved.clearTimeout,
        requestIdleCallback: saved.requestIdleCallback,
        cancelIdleCallback: saved.cancelIdleCallback,
      });
      return { listeners: [...listeners].filter(([, n]) => n > 0).map(([key]) => key), pending: pending.size };
    },
  };
}

describe('memory', () => {
  it('mounts and removes <opencx-chat> 100 times and leaves no listener, timer or request behind', async function () {
    // A hundred mounts, half of them up to an open panel: seconds of work, more on a loaded machine.
    this.timeout(40_000);
    const mock = new MockApi();
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    const watch = leakWatch();
    let left: { listeners: string[]; pending: number };
    try {
      for (let i = 0; i < 100; i++) {
        const el = document.createElement('opencx-chat') as OpenCXChat;
        el.setAttribute('widget-id', `w-${mock.ns}`);
        el.setAttribute('api-url', mock.apiUrl);
        el.open = i % 2 === 0;
        holder.append(el);
        await el.load();
        // Half are removed while still starting (requests in flight), half once fully up and open.
        if (i % 2 === 0) {
          await el.store!.ready;
          await panelReady(el);
        }
        // Every tenth is with a human: it polls, on timers, until it is removed.
        if (i % 10 === 0) await el.store!.escalate({ email: 'ana@example.com', message: 'A person, please' });
        el.remove();
        await Promise.resolve();
      }
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      left = watch.stop();
    }
    const requests = (await mock.log()).length;
    await new Promise((r) => setTimeout(r, 500));
    expect(left.listeners, 'listeners left on window/document').to.deep.equal([]);
    expect(left.pending, 'timers or idle callbacks still pending').to.equal(0);
    expect((await mock.log()).length, 'requests after removal').to.equal(requests);
    for (const key of Object.keys(localStorage)) if (key.includes(mock.ns)) localStorage.removeItem(key);
  });
});
