// The webview side of the host bridge: typed postMessage and persisted view state.
interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export function hostBridge<Req, Msg, S>(onMessage: (m: Msg) => void): { post(m: Req): void; state(): S | undefined; save(s: S): void } {
  const api = acquireVsCodeApi<S>();
  window.addEventListener('message', (e: MessageEvent<Msg>) => onMessage(e.data));
  return {
    post: (m) => api.postMessage(m),
    state: () => api.getState(),
    save: (s) => api.setState(s),
  };
}

/** Creates an element with text content only: stored text never becomes markup. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}
