// `fetch` cannot tell how much of a request body has gone (docs/core.md, "Attachments"): an
// upload that reports its progress goes by XMLHttpRequest, made to look like `fetch` so that the
// one transport (transport.ts) reads its answer and its failures as any other.

/** A `fetch` whose request body's progress goes to `onProgress(sent, total)`. */
export function xhrFetch(onProgress: (sent: number, total: number) => void): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(init.method ?? 'GET', String(input));
      new Headers(init.headers).forEach((value, name) => xhr.setRequestHeader(name, value));
      xhr.withCredentials = init.credentials === 'include';
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded, e.total);
      xhr.onload = () => {
        const headers = new Headers();
        for (const line of xhr
          .getAllResponseHeaders()
          .trim()
          .split(/[\r\n]+/)) {
          const colon = line.indexOf(':');
          if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
        }
        const empty = xhr.status === 204 || xhr.status === 304;
        resolve(new Response(empty ? null : xhr.responseText, { status: xhr.status, headers }));
      };
      // As fetch fails: a TypeError for the network, the signal's reason for an abort.
      xhr.onerror = () => reject(new TypeError('Network request failed'));
      const signal = init.signal;
      const abort = () => xhr.abort();
      xhr.onabort = () => reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
      xhr.onloadend = () => signal?.removeEventListener('abort', abort);
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      xhr.send(init.body as XMLHttpRequestBodyInit | null | undefined);
    });
}
