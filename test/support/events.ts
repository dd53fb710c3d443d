// Listening to what an element dispatches, without a store behind it.

/** Every event of the given types that reaches `target`, in the order they came. */
export function recordEvents<T extends Event = Event>(target: EventTarget, ...types: string[]): T[] {
  const seen: T[] = [];
  for (const type of types) target.addEventListener(type, (e) => seen.push(e as T));
  return seen;
}
