/** The focused element, looking through open shadow roots (`document.activeElement` stops at the first host). */
export function deepActiveElement(): HTMLElement | undefined {
  let active = globalThis.document?.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}
