// Canned replies: a team's usual answers, one keystroke away. Kept in this browser (localStorage),
// per agent; a few to start with.

const DEFAULTS = [
  'Hi, I am here to help. Give me a moment to read the conversation.',
  'Thanks for waiting. Could you tell me a little more about what you are trying to do?',
  'I have passed this on to the team; we will write to you by email.',
  'Is there anything else I can help with?',
];

const key = (agentId: string) => `opencx-console:canned:${agentId}`;

export function cannedReplies(agentId: string): string[] {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(key(agentId)) ?? 'null');
    return Array.isArray(saved) && saved.every((s) => typeof s === 'string') ? saved : DEFAULTS;
  } catch {
    return DEFAULTS;
  }
}

export function saveCannedReplies(agentId: string, replies: string[]): void {
  try {
    localStorage.setItem(key(agentId), JSON.stringify(replies));
  } catch {
    // Storage refused (private mode, full): the list lasts until the page is closed.
  }
}
